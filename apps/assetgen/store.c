/* The demo store's layout: a 16 x 12 m boutique. Shoppers enter from the south
   (the shop windows) and look north at an oak wall of shelving; apparel hangs on
   brass racks along the west wall with two dress forms in front, tables of
   accessories stand in the middle, lamps glow on plinths by the east window next to
   the counter, and the fitting corner with its mirror is in the north-east.
   Every product stands on its fixture's surface: positions are computed from the
   fixture dimensions in products.h and the generated models' bounds. */
#include "catalog.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define ROOM_W 16.0f
#define ROOM_D 12.0f
#define ROOM_H 3.4f
#define SHELF_Z (-ROOM_D / 2 + AG_SHELF_D / 2 + 0.03f)
#define RACK_X (-7.3f)

typedef struct layout {
    json_t *fixtures, *placements;
    const vt_aabb *pb, *fb;
    vt_aabb placed[160]; /* world bounds of placements, for the overlap check */
    uint32_t placed_count;
    uint32_t counts[FIX_COUNT];
    bool ok;
} layout;

static float r3(float v) {
    return roundf(v * 1000.0f) / 1000.0f;
}

static json_t *vec(float x, float y, float z) {
    return json_pack("[f,f,f]", (double)r3(x), (double)r3(y), (double)r3(z));
}

static int product_index(const char *id) {
    for (uint32_t i = 0; i < ag_product_count; i++)
        if (!strcmp(ag_products[i].id, id)) return (int)i;
    return -1;
}

static void fixture(layout *l, int kind, float x, float y, float z, float yaw) {
    char id[64], model[96];
    snprintf(id, sizeof id, "%s-%u", ag_fixture_names[kind] + strlen("fixture-"),
             ++l->counts[kind]);
    snprintf(model, sizeof model, "models/%s.glb", ag_fixture_names[kind]);
    json_array_append_new(l->fixtures,
                          json_pack("{s:s,s:s,s:o,s:f,s:b}", "id", id, "model", model, "position",
                                    vec(x, y, z), "yaw", (double)yaw, "collide",
                                    kind != FIX_PENDANT && kind != FIX_RUG));
}

/* World bounds of a model whose bounds' bottom centre stands at (x, y, z), turned by yaw. */
static vt_aabb world_bounds(const vt_aabb *b, float x, float y, float z, float yaw) {
    float hx = (b->max[0] - b->min[0]) / 2, hz = (b->max[2] - b->min[2]) / 2;
    float c = fabsf(cosf(yaw * AG_PI / 180)), s = fabsf(sinf(yaw * AG_PI / 180));
    float ex = hx * c + hz * s, ez = hx * s + hz * c;
    return (vt_aabb){{x - ex, y, z - ez}, {x + ex, y + b->max[1] - b->min[1], z + ez}};
}

/* Places product `id` (variant index v) with its model origin at (x, z) on a
   surface at height y (origin_anchor), or with its bounds' bottom centre there. */
static void put(layout *l, const char *id, uint32_t v, float x, float y, float z, float yaw,
                bool origin_anchor) {
    int i = product_index(id);
    if (i < 0 || !ag_products[i].v[v].suffix) {
        fprintf(stderr, "assetgen: store layout names an unknown product or variant: %s #%u\n", id,
                v);
        l->ok = false;
        return;
    }
    const vt_aabb *b = &l->pb[i];
    if (origin_anchor) { /* the model's origin goes to (x, z): move by its bounds' centre, turned */
        float cx = (b->min[0] + b->max[0]) / 2, cz = (b->min[2] + b->max[2]) / 2;
        float c = cosf(yaw * AG_PI / 180), s = sinf(yaw * AG_PI / 180);
        x += cx * c + cz * s, z += -cx * s + cz * c;
    }
    vt_aabb w = world_bounds(b, x, y, z, yaw);
    for (uint32_t k = 0; k < l->placed_count; k++) {
        const vt_aabb *o = &l->placed[k];
        bool overlap = w.min[0] < o->max[0] && w.max[0] > o->min[0] && w.min[1] < o->max[1] &&
                       w.max[1] > o->min[1] && w.min[2] < o->max[2] && w.max[2] > o->min[2];
        if (overlap) fprintf(stderr, "assetgen: warning: %s overlaps placement %u\n", id, k);
    }
    if (w.min[0] < -ROOM_W / 2 || w.max[0] > ROOM_W / 2 || w.min[2] < -ROOM_D / 2 ||
        w.max[2] > ROOM_D / 2)
        fprintf(stderr, "assetgen: warning: %s is outside the room\n", id);
    if (l->placed_count < AG_COUNT(l->placed)) l->placed[l->placed_count++] = w;
    char vid[128];
    snprintf(vid, sizeof vid, "%s-%s", id, ag_products[i].v[v].suffix);
    json_array_append_new(l->placements,
                          json_pack("{s:s,s:s,s:o,s:f}", "product", id, "variant", vid, "position",
                                    vec(x, y, z), "yaw", (double)yaw));
}

/* A row of products on shelf level `level` of the shelf at x: evenly spread. */
static void shelf_row(layout *l, float sx, int level, const char *id, const uint32_t *variants,
                      uint32_t n) {
    float y = ag_shelf_level[level];
    int i = product_index(id);
    if (i >= 0 && level + 1 < AG_SHELF_LEVELS) {
        float clear = ag_shelf_level[level + 1] - 0.03f - y, h = l->pb[i].max[1] - l->pb[i].min[1];
        if (h > clear)
            fprintf(stderr, "assetgen: warning: %s (%.2f m) is taller than its shelf (%.2f m)\n",
                    id, (double)h, (double)clear);
    }
    float span = AG_SHELF_W - 0.24f;
    for (uint32_t k = 0; k < n; k++) {
        float x = n == 1 ? sx : sx - span / 2 + span * ((float)k + 0.5f) / (float)n;
        put(l, id, variants[k], x, y, SHELF_Z + 0.02f, 0, false);
    }
}

/* Garments hang on a rack turned to face +X along the west wall, slots at local x = +-0.42. */
static void hang(layout *l, float rack_z, const char *a, uint32_t va, const char *b, uint32_t vb) {
    const char *ids[2] = {a, b};
    uint32_t vs[2] = {va, vb};
    for (int k = 0; k < 2; k++) {
        int i = product_index(ids[k]);
        if (i < 0) continue;
        float h = l->pb[i].max[1] - l->pb[i].min[1];
        float lx = k ? 0.42f : -0.42f;
        /* yaw 90: local x -> world -z */
        put(l, ids[k], vs[k], RACK_X, AG_RAIL_Y + AG_HOOK_DROP - h, rack_z - lx, 90, true);
    }
}

static void add_layout(layout *l) {
    /* north wall: four shelving units */
    const float shelves[4] = {-2.7f, -0.9f, 0.9f, 2.7f};
    for (int i = 0; i < 4; i++) fixture(l, FIX_SHELF, shelves[i], 0, SHELF_Z, 0);
    shelf_row(l, shelves[0], 0, "vase-moon", (const uint32_t[]){0, 1, 2, 0}, 4);
    shelf_row(l, shelves[0], 1, "mug-stoneware", (const uint32_t[]){0, 1, 2, 3, 0, 1}, 6);
    shelf_row(l, shelves[0], 2, "espresso-cup", (const uint32_t[]){0, 1, 2, 0, 1}, 5);
    shelf_row(l, shelves[0], 3, "vase-bottle", (const uint32_t[]){0, 1, 2, 3, 0}, 5);
    shelf_row(l, shelves[1], 0, "carafe-glass", (const uint32_t[]){0, 1, 2, 0}, 4);
    shelf_row(l, shelves[1], 1, "parfum-figue", (const uint32_t[]){0, 1, 2, 0, 1, 2}, 6);
    shelf_row(l, shelves[1], 2, "parfum-extrait", (const uint32_t[]){0, 1, 2, 0, 1, 2}, 6);
    shelf_row(l, shelves[1], 3, "lamp-mushroom", (const uint32_t[]){1, 2, 0}, 3);
    shelf_row(l, shelves[2], 0, "sneaker-court", (const uint32_t[]){0, 2, 1}, 3);
    shelf_row(l, shelves[2], 1, "loafer-penny", (const uint32_t[]){0, 1, 2}, 3);
    shelf_row(l, shelves[2], 2, "boot-chelsea", (const uint32_t[]){0, 1, 2}, 3);
    shelf_row(l, shelves[2], 3, "bag-bucket", (const uint32_t[]){0, 1, 2}, 3);
    shelf_row(l, shelves[3], 0, "beanie-ribbed", (const uint32_t[]){0, 1, 2, 3}, 4);
    shelf_row(l, shelves[3], 1, "hat-bucket", (const uint32_t[]){0, 1, 2}, 3);
    shelf_row(l, shelves[3], 2, "hat-fedora", (const uint32_t[]){0, 2, 1}, 3);
    shelf_row(l, shelves[3], 3, "tote-canvas", (const uint32_t[]){0, 1, 2}, 3);

    /* west wall: three racks of garments facing into the store */
    const float racks[3] = {-3.7f, -1.5f, 0.7f};
    for (int i = 0; i < 3; i++) fixture(l, FIX_RACK, RACK_X, 0, racks[i], 90);
    hang(l, racks[0], "tee-organic", 0, "tee-heavy-pocket", 1);
    hang(l, racks[1], "merino-long-sleeve", 0, "overshirt-twill", 0);
    hang(l, racks[2], "trousers-wool-pleat", 0, "trousers-linen-wide", 0);

    /* two dress forms in front of the racks, turned towards the entrance */
    const float forms[2][3] = {{-5.4f, 2.7f, 60}, {-4.3f, 3.8f, 35}};
    for (int i = 0; i < 2; i++) {
        fixture(l, FIX_FORM, forms[i][0], 0, forms[i][1], forms[i][2]);
        const char *id = i ? "dress-silk-slip" : "dress-linen-midi";
        put(l, id, i ? 0 : 2, forms[i][0], AG_TORSO_BASE - ag_dress_base(i), forms[i][1],
            forms[i][2], true);
    }

    /* centre tables */
    const float t1x = -1.8f, t1z = -1.8f, t2x = 2.0f, t2z = 0.4f, t3x = -3.0f, t3z = 2.0f;
    fixture(l, FIX_TABLE, t1x, 0, t1z, 0);
    fixture(l, FIX_TABLE, t2x, 0, t2z, 0);
    fixture(l, FIX_RUG, t3x, 0, t3z, 0);
    fixture(l, FIX_TABLE_LOW, t3x, 0, t3z, 0);
    put(l, "sunglasses-round", 0, t1x - 0.6f, AG_TABLE_H, t1z + 0.22f, 0, false);
    put(l, "sunglasses-acetate", 1, t1x - 0.2f, AG_TABLE_H, t1z + 0.22f, 0, false);
    put(l, "glasses-optical", 0, t1x + 0.2f, AG_TABLE_H, t1z + 0.22f, 0, false);
    put(l, "sunglasses-round", 1, t1x + 0.6f, AG_TABLE_H, t1z + 0.22f, 0, false);
    put(l, "headphones-studio", 0, t1x - 0.55f, AG_TABLE_H, t1z - 0.18f, 0, false);
    put(l, "headphones-compact", 1, t1x, AG_TABLE_H, t1z - 0.18f, 0, false);
    put(l, "bag-crossbody", 0, t1x + 0.55f, AG_TABLE_H, t1z - 0.2f, 0, false);
    put(l, "tote-canvas", 2, t2x - 0.52f, AG_TABLE_H, t2z - 0.18f, 0, false);
    put(l, "bag-crossbody", 2, t2x, AG_TABLE_H, t2z - 0.18f, 0, false);
    put(l, "bag-bucket", 2, t2x + 0.55f, AG_TABLE_H, t2z - 0.18f, 0, false);
    put(l, "sneaker-court", 1, t2x - 0.45f, AG_TABLE_H, t2z + 0.22f, 10, false);
    put(l, "loafer-penny", 2, t2x + 0.05f, AG_TABLE_H, t2z + 0.22f, 0, false);
    put(l, "boot-chelsea", 2, t2x + 0.55f, AG_TABLE_H, t2z + 0.22f, -10, false);
    put(l, "hat-fedora", 1, t3x - 0.35f, AG_TABLE_LOW_H, t3z, 0, false);
    put(l, "beanie-ribbed", 1, t3x + 0.05f, AG_TABLE_LOW_H, t3z - 0.1f, 0, false);
    put(l, "lamp-ceramic", 1, t3x + 0.38f, AG_TABLE_LOW_H, t3z, 0, false);

    /* east half: a table of leather goods and eyewear, a low table of tableware */
    const float t4x = 4.2f, t4z = -2.9f, t5x = 4.4f, t5z = 2.8f;
    fixture(l, FIX_TABLE, t4x, 0, t4z, 0);
    fixture(l, FIX_RUG, t5x, 0, t5z, 90);
    fixture(l, FIX_TABLE_LOW, t5x, 0, t5z, 0);
    put(l, "tote-canvas", 1, t4x - 0.55f, AG_TABLE_H, t4z - 0.18f, 0, false);
    put(l, "bag-bucket", 1, t4x, AG_TABLE_H, t4z - 0.18f, 0, false);
    put(l, "bag-crossbody", 1, t4x + 0.55f, AG_TABLE_H, t4z - 0.2f, 0, false);
    put(l, "sunglasses-acetate", 0, t4x - 0.6f, AG_TABLE_H, t4z + 0.24f, 0, false);
    put(l, "sunglasses-acetate", 2, t4x - 0.2f, AG_TABLE_H, t4z + 0.24f, 0, false);
    put(l, "glasses-optical", 1, t4x + 0.2f, AG_TABLE_H, t4z + 0.24f, 0, false);
    put(l, "glasses-optical", 2, t4x + 0.6f, AG_TABLE_H, t4z + 0.24f, 0, false);
    put(l, "vase-moon", 2, t5x - 0.4f, AG_TABLE_LOW_H, t5z - 0.12f, 0, false);
    put(l, "carafe-glass", 0, t5x, AG_TABLE_LOW_H, t5z - 0.14f, 0, false);
    put(l, "vase-bottle", 1, t5x + 0.4f, AG_TABLE_LOW_H, t5z - 0.12f, 0, false);
    put(l, "mug-stoneware", 3, t5x - 0.2f, AG_TABLE_LOW_H, t5z + 0.18f, -30, false);
    put(l, "espresso-cup", 1, t5x + 0.2f, AG_TABLE_LOW_H, t5z + 0.18f, 0, false);

    /* entrance plinths with hero products */
    fixture(l, FIX_PLINTH, -2.1f, 0, 3.1f, 0);
    fixture(l, FIX_PLINTH, 2.1f, 0, 3.1f, 0);
    put(l, "parfum-figue", 0, -2.1f, AG_PLINTH_H, 3.1f, 20, false);
    put(l, "headphones-studio", 1, 2.1f, AG_PLINTH_H, 3.1f, -20, false);

    /* east window: lamps on plinths, the counter */
    const float pz[3] = {0.4f, 1.4f, 2.4f};
    const char *lamps[3] = {"lamp-ceramic", "lamp-desk-brass", "lamp-mushroom"};
    for (int i = 0; i < 3; i++) {
        bool low = i == 1;
        fixture(l, low ? FIX_PLINTH_LOW : FIX_PLINTH, 7.2f, 0, pz[i], 0);
        put(l, lamps[i], 0, 7.2f, low ? AG_PLINTH_LOW_H : AG_PLINTH_H, pz[i], -90, false);
    }
    fixture(l, FIX_COUNTER, 6.85f, 0, -2.2f, -90);
    put(l, "carafe-glass", 2, 6.75f, AG_COUNTER_H, -2.7f, 0, false);
    put(l, "mug-stoneware", 1, 6.75f, AG_COUNTER_H, -2.3f, -90, false);

    /* fitting corner */
    fixture(l, FIX_MIRROR, 6.2f, 0, -5.65f, 0);
    fixture(l, FIX_BENCH, 4.75f, 0, -5.7f, 0);
    fixture(l, FIX_PLANT, 7.45f, 0, -5.45f, 0);
    fixture(l, FIX_PLANT, 3.8f, 0, -5.55f, 0);
    fixture(l, FIX_PLANT, -7.4f, 0, 5.4f, 0);
    fixture(l, FIX_PLANT, 7.4f, 0, 5.4f, 0);
    fixture(l, FIX_PLANT, -7.4f, 0, -5.4f, 0);

    /* pendants over the tables, hanging from the ceiling */
    float ph = l->fb[FIX_PENDANT].max[1] - l->fb[FIX_PENDANT].min[1];
    fixture(l, FIX_PENDANT, t1x, ROOM_H - ph, t1z, 0);
    fixture(l, FIX_PENDANT, t2x, ROOM_H - ph, t2z, 0);
    fixture(l, FIX_PENDANT, t3x, ROOM_H - ph, t3z, 0);
    fixture(l, FIX_PENDANT, 4.2f, ROOM_H - ph, -2.9f, 0);
}

static json_t *light(const char *type, float x, float y, float z, float tx, float ty, float tz,
                     float cd, float cone) {
    /* the two table spots cast shadows: they ground the products under them */
    bool shadow = !strcmp(type, "spot") && ty > 0.7f && ty < 0.8f;
    json_t *o = json_pack("{s:s,s:o}", "type", type, "position", vec(x, y, z));
    if (!strcmp(type, "spot")) json_object_set_new(o, "target", vec(tx, ty, tz));
    json_object_set_new(o, "color", json_string(!strcmp(type, "spot") ? "#FFEBD2" : "#FFE4C4"));
    json_object_set_new(o, "intensity", json_real(cd));
    if (!strcmp(type, "spot")) json_object_set_new(o, "cone", json_real(cone));
    json_object_set_new(o, "shadow", json_boolean(shadow));
    return o;
}

bool ag_demo_store(const char *dir, const vt_aabb *product_bounds, const vt_aabb *fixture_bounds) {
    layout l = {.fixtures = json_array(),
                .placements = json_array(),
                .pb = product_bounds,
                .fb = fixture_bounds,
                .ok = true};
    add_layout(&l);
    json_t *room = json_pack("{s:f,s:f,s:f,s:{s:s,s:s},s:{s:s}}", "width", (double)ROOM_W, "depth",
                             (double)ROOM_D, "height", (double)ROOM_H, "floor", "color", "#BFA88C",
                             "material", "oak", "walls", "color", "#E2DBD0");
    json_t *win = json_array();
    json_array_append_new(win, json_pack("{s:s,s:f,s:f,s:f,s:f}", "wall", "south", "offset", -4.6,
                                         "width", 3.4, "sill", 0.3, "height", 2.5));
    json_array_append_new(win, json_pack("{s:s,s:f,s:f,s:f,s:f}", "wall", "south", "offset", 4.6,
                                         "width", 3.4, "sill", 0.3, "height", 2.5));
    json_array_append_new(win, json_pack("{s:s,s:f,s:f,s:f,s:f}", "wall", "east", "offset", 1.4,
                                         "width", 3.0, "sill", 0.6, "height", 2.1));
    json_object_set_new(room, "windows", win);
    json_t *lights = json_array();
    json_array_append_new(lights, light("spot", -1.8f, 3.3f, -1.8f, -1.8f, 0.76f, -1.8f, 150, 42));
    json_array_append_new(lights, light("spot", 2.0f, 3.3f, 0.4f, 2.0f, 0.76f, 0.4f, 150, 42));
    json_array_append_new(lights, light("spot", -1.8f, 3.3f, -3.6f, -1.8f, 1.0f, -5.7f, 130, 55));
    json_array_append_new(lights, light("spot", 1.8f, 3.3f, -3.6f, 1.8f, 1.0f, -5.7f, 130, 55));
    json_array_append_new(lights, light("spot", -5.4f, 3.3f, -1.5f, -7.3f, 1.1f, -1.5f, 150, 60));
    json_array_append_new(lights, light("spot", -3.6f, 3.3f, 2.3f, -4.8f, 1.1f, 3.3f, 130, 40));
    json_array_append_new(lights, light("spot", 6.2f, 3.3f, -3.5f, 6.2f, 1.0f, -5.6f, 110, 45));
    json_array_append_new(lights, light("point", 4.0f, 3.0f, 0.0f, 0, 0, 0, 70, 0));
    json_t *signs = json_array();
    json_array_append_new(signs, json_pack("{s:o,s:o,s:f,s:f,s:s}", "text",
                                           ag_text("MAISON VITRINE", "维特琳之家"), "position",
                                           vec(0, 2.5f, -5.98f), "yaw", 0.0, "height", 0.36,
                                           "color", "#2B2B2B"));
    json_array_append_new(signs, json_pack("{s:o,s:o,s:f,s:f,s:s}", "text",
                                           ag_text("ATELIER · READY TO WEAR", "成衣系列"),
                                           "position", vec(-7.98f, 2.3f, -1.5f), "yaw", 90.0,
                                           "height", 0.24, "color", "#2B2B2B"));
    json_array_append_new(signs, json_pack("{s:o,s:o,s:f,s:f,s:s}", "text",
                                           ag_text("FITTING ROOM", "试衣间"), "position",
                                           vec(6.2f, 2.4f, -5.98f), "yaw", 0.0, "height", 0.22,
                                           "color", "#2B2B2B"));
    json_array_append_new(signs,
                          json_pack("{s:o,s:o,s:f,s:f,s:s}", "text", ag_text("CHECKOUT", "收银台"),
                                    "position", vec(7.98f, 2.3f, -2.2f), "yaw", -90.0, "height",
                                    0.22, "color", "#2B2B2B"));
    json_t *fit =
        json_pack("{s:o,s:f,s:{s:o,s:f,s:[f,f]}}", "position", vec(6.2f, 0, -4.5f), "yaw", 0.0,
                  "mirror", "position", vec(6.2f, 1.06f, -5.64f), "yaw", 0.0, "size", 0.88, 1.88);
    json_t *root =
        json_pack("{s:o,s:s,s:o,s:{s:[f,f],s:f,s:f},s:{s:f},s:o,s:o,s:o,s:o,s:o}", "name",
                  ag_text("Maison Vitrine", "维特琳之家"), "catalog", "catalog.json", "room", room,
                  "spawn", "position", 0.0, 5.2, "yaw", 0.0, "eye_height", 1.65, "environment",
                  "intensity", 0.22, "lights", lights, "fixtures", l.fixtures, "signs", signs,
                  "placements", l.placements, "fitting_room", fit);
    char path[1024];
    snprintf(path, sizeof path, "%s/store.json", dir);
    bool ok = l.ok && ag_json_write(root, path);
    json_decref(root);
    return ok;
}
