/* store.json: the room, lights, fixtures, signs, placements and the fitting
   room, and the catalog it names (catalog.c). See assets/demo/FORMAT.md. */
#include "store/def_internal.h"

#include "vitrine/core.h"

#include <math.h>

#define VT_ROOM_MIN 2.0
#define VT_ROOM_MAX 200.0
#define VT_ROOM_HEIGHT_MIN 2.0
#define VT_ROOM_HEIGHT_MAX 20.0
#define VT_WINDOWS_MAX 32
#define VT_LIGHTS_MAX 8
#define VT_FIXTURES_MAX 4096
#define VT_SIGNS_MAX 256
#define VT_PLACEMENTS_MAX 200000
#define VT_COORD_MAX 1000.0
#define VT_EPS 1e-4f

static const char *const wall_names[] = {"north", "east", "south", "west"};

bool vt__def_add_issue(vt_store_def *def, const char *line) {
    char **n = realloc(def->issues, (def->issue_count + 1) * sizeof *n);
    if (!n) return false;
    def->issues = n;
    char *copy = strdup(line);
    if (!copy) return false;
    def->issues[def->issue_count++] = copy;
    return true;
}

void vt_store_def_free(vt_store_def *def) {
    if (!def) return;
    vt__text_free(&def->name);
    for (uint32_t i = 0; i < def->product_count; i++) vt__product_free(&def->products[i]);
    free(def->products);
    free(def->room.windows);
    free(def->fixtures);
    for (uint32_t i = 0; i < def->sign_count; i++) vt__text_free(&def->signs[i].text);
    free(def->signs);
    free(def->lights);
    free(def->placements);
    for (uint32_t i = 0; i < def->issue_count; i++) free(def->issues[i]);
    free(def->issues);
    free(def);
}

uint32_t vt_store_def_find_product(const vt_store_def *def, const char *id) {
    for (uint32_t i = 0; def && id && i < def->product_count; i++)
        if (strcmp(def->products[i].id, id) == 0) return i;
    return UINT32_MAX;
}

uint32_t vt_product_find_variant(const vt_product *p, const char *id) {
    for (uint32_t i = 0; p && id && i < p->variant_count; i++)
        if (strcmp(p->variants[i].id, id) == 0) return i;
    return UINT32_MAX;
}

uint32_t vt_product_find_size(const vt_product *p, const char *label) {
    for (uint32_t i = 0; p && label && i < p->size_count; i++)
        if (strcmp(p->sizes[i], label) == 0) return i;
    return UINT32_MAX;
}

typedef struct loader {
    vt__jctx c;
    vt_store_def *def;
    const vt_store_def_desc *d;
    char dir[VT_STORE_PATH_MAX];
    vt__idmap dropped; /* ids of products left out (lenient) */
} loader;

/* A point on or above the floor inside the room. */
static vt_result check_inside(loader *L, const char *key, const float *p, bool has_y) {
    const vt_store_room *room = &L->def->room;
    float x = p[0], z = has_y ? p[2] : p[1];
    bool ok = fabsf(x) <= room->width / 2 + VT_EPS && fabsf(z) <= room->depth / 2 + VT_EPS;
    if (has_y) ok = ok && p[1] >= -VT_EPS && p[1] <= room->height + VT_EPS;
    if (ok) return VT_OK;
    if (has_y)
        return vt__jfail_key(&L->c, key, VT_ERR_PARSE,
                             "(%g, %g, %g) is outside the room (x %g..%g, y 0..%g, z %g..%g)", p[0],
                             p[1], p[2], -room->width / 2, room->width / 2, room->height,
                             -room->depth / 2, room->depth / 2);
    return vt__jfail_key(&L->c, key, VT_ERR_PARSE,
                         "(%g, %g) is outside the room (x %g..%g, z %g..%g)", p[0], p[1],
                         -room->width / 2, room->width / 2, -room->depth / 2, room->depth / 2);
}

static vt_result parse_window(loader *L, json_t *wj, vt_store_window *w) {
    vt__jctx *c = &L->c;
    const vt_store_room *room = &L->def->room;
    if (!json_is_object(wj))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(wj));
    char wall[16] = "";
    vt_result r = vt__jstring(c, wj, "wall", true, 1, wall, sizeof wall);
    if (r == VT_OK) {
        w->wall = UINT32_MAX;
        for (uint32_t k = 0; k < 4; k++)
            if (strcmp(wall, wall_names[k]) == 0) w->wall = k;
        if (w->wall == UINT32_MAX)
            r = vt__jfail_key(c, "wall", VT_ERR_PARSE,
                              "'%s' is not a wall (north, east, south or west)", wall);
    }
    float len = (w->wall % 2 == 0) ? room->width : room->depth;
    w->offset = 0;
    w->sill = 0.9f;
    if (r == VT_OK) r = vt__jnumber(c, wj, "width", true, 0.2, len, &w->width);
    if (r == VT_OK) r = vt__jnumber(c, wj, "height", true, 0.2, room->height, &w->height);
    if (r == VT_OK) r = vt__jnumber(c, wj, "offset", false, -len / 2, len / 2, &w->offset);
    if (r == VT_OK) r = vt__jnumber(c, wj, "sill", false, 0, room->height, &w->sill);
    if (r == VT_OK && fabsf(w->offset) + w->width / 2 > len / 2 + VT_EPS)
        r = vt__jfail_key(c, "width", VT_ERR_PARSE,
                          "the window (offset %g, width %g) runs past the %g m wall's end",
                          w->offset, w->width, len);
    if (r == VT_OK && w->sill + w->height > room->height + VT_EPS)
        r = vt__jfail_key(c, "height", VT_ERR_PARSE,
                          "sill %g + height %g is above the %g m ceiling", w->sill, w->height,
                          room->height);
    return r;
}

static vt_result parse_room(loader *L, json_t *root) {
    vt__jctx *c = &L->c;
    vt_store_room *room = &L->def->room;
    json_t *rj, *floor, *walls, *windows;
    vt_result r = vt__jobject(c, root, "room", true, &rj);
    if (r != VT_OK) return r;
    vt__jpush_key(c, "room");
    r = vt__jnumber(c, rj, "width", true, VT_ROOM_MIN, VT_ROOM_MAX, &room->width);
    if (r == VT_OK) r = vt__jnumber(c, rj, "depth", true, VT_ROOM_MIN, VT_ROOM_MAX, &room->depth);
    if (r == VT_OK)
        r = vt__jnumber(c, rj, "height", true, VT_ROOM_HEIGHT_MIN, VT_ROOM_HEIGHT_MAX,
                        &room->height);
    const float floor_default[3] = {0.72f, 0.61f, 0.45f}, wall_default[3] = {0.93f, 0.91f, 0.88f};
    memcpy(room->floor_color, floor_default, sizeof floor_default);
    memcpy(room->wall_color, wall_default, sizeof wall_default);
    if (r == VT_OK) r = vt__jobject(c, rj, "floor", false, &floor);
    if (r == VT_OK && floor) {
        vt__jpush_key(c, "floor");
        r = vt__jcolor(c, floor, "color", false, false, room->floor_color, NULL);
        if (r == VT_OK)
            r = vt__jstring(c, floor, "material", false, 1, room->floor_material,
                            sizeof room->floor_material);
        if (r == VT_OK && room->floor_material[0] && strcmp(room->floor_material, "oak") &&
            strcmp(room->floor_material, "terrazzo") && strcmp(room->floor_material, "concrete"))
            r = vt__jfail_key(c, "material", VT_ERR_PARSE,
                              "unknown floor material '%s' (oak, terrazzo or concrete)",
                              room->floor_material);
        vt__jpop(c);
    }
    if (r == VT_OK) r = vt__jobject(c, rj, "walls", false, &walls);
    if (r == VT_OK && walls) {
        vt__jpush_key(c, "walls");
        r = vt__jcolor(c, walls, "color", false, false, room->wall_color, NULL);
        vt__jpop(c);
    }
    if (r == VT_OK) r = vt__jarray(c, rj, "windows", false, 0, VT_WINDOWS_MAX, &windows);
    if (r == VT_OK && windows && json_array_size(windows)) {
        size_t n = json_array_size(windows);
        room->windows = calloc(n, sizeof *room->windows);
        if (!room->windows) r = vt__jfail(c, VT_ERR_NOMEM, "out of memory");
        vt__jpush_key(c, "windows");
        for (size_t i = 0; i < n && r == VT_OK; i++) {
            vt__jpush_index(c, (uint32_t)i);
            vt_store_window *w = &room->windows[i];
            r = parse_window(L, json_array_get(windows, i), w);
            for (size_t k = 0; k < i && r == VT_OK; k++) {
                const vt_store_window *o = &room->windows[k];
                if (o->wall == w->wall &&
                    fabsf(o->offset - w->offset) < (o->width + w->width) / 2 - VT_EPS &&
                    o->sill < w->sill + w->height && w->sill < o->sill + o->height)
                    r = vt__jfail(c, VT_ERR_PARSE, "overlaps windows[%zu]", k);
            }
            if (r == VT_OK) room->window_count++;
            vt__jpop(c);
        }
        vt__jpop(c);
    }
    vt__jpop(c);
    return r;
}

static vt_result parse_spawn(loader *L, json_t *root) {
    vt__jctx *c = &L->c;
    vt_store_def *def = L->def;
    float xz[2] = {0, def->room.depth / 2 - 1};
    float eye = 1.65f;
    def->spawn_yaw = 0;
    json_t *sj;
    vt_result r = vt__jobject(c, root, "spawn", false, &sj);
    if (r == VT_OK && sj) {
        vt__jpush_key(c, "spawn");
        r = vt__jvec(c, sj, "position", false, 2, -VT_COORD_MAX, VT_COORD_MAX, xz);
        if (r == VT_OK && json_object_get(sj, "position"))
            r = check_inside(L, "position", xz, false);
        if (r == VT_OK) r = vt__jangle(c, sj, "yaw", &def->spawn_yaw);
        if (r == VT_OK)
            r = vt__jnumber(c, sj, "eye_height", false, 0.3, def->room.height - 0.05, &eye);
        vt__jpop(c);
    }
    def->spawn[0] = xz[0];
    def->spawn[1] = eye;
    def->spawn[2] = xz[1];
    def->env_intensity = 1;
    json_t *ej;
    if (r == VT_OK) r = vt__jobject(c, root, "environment", false, &ej);
    if (r == VT_OK && ej) {
        vt__jpush_key(c, "environment");
        r = vt__jnumber(c, ej, "intensity", false, 0, 100, &def->env_intensity);
        vt__jpop(c);
    }
    return r;
}

static vt_result parse_light(loader *L, json_t *lj, vt_store_light *l) {
    vt__jctx *c = &L->c;
    if (!json_is_object(lj))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(lj));
    char type[16] = "";
    vt_result r = vt__jstring(c, lj, "type", true, 1, type, sizeof type);
    if (r == VT_OK) {
        if (!strcmp(type, "directional"))
            l->type = 1;
        else if (!strcmp(type, "point"))
            l->type = 2;
        else if (!strcmp(type, "spot"))
            l->type = 3;
        else
            r = vt__jfail_key(c, "type", VT_ERR_PARSE,
                              "unknown light type '%s' (directional, point or spot)", type);
    }
    float cone = 35;
    l->color[0] = l->color[1] = l->color[2] = 1;
    if (r == VT_OK)
        r = vt__jvec(c, lj, "position", true, 3, -VT_COORD_MAX, VT_COORD_MAX, l->position);
    if (r == VT_OK) r = vt__jvec(c, lj, "target", false, 3, -VT_COORD_MAX, VT_COORD_MAX, l->target);
    if (r == VT_OK && l->type != 2 && fabsf(l->target[0] - l->position[0]) < VT_EPS &&
        fabsf(l->target[1] - l->position[1]) < VT_EPS &&
        fabsf(l->target[2] - l->position[2]) < VT_EPS)
        r = vt__jfail_key(c, "target", VT_ERR_PARSE, "target equals position: no direction");
    if (r == VT_OK) r = vt__jcolor(c, lj, "color", false, true, l->color, NULL);
    /* unset: a soft lamp of 100 cd, or 3 lux of daylight through the windows */
    l->intensity = l->type == 1 ? 3.0f : 100.0f;
    if (r == VT_OK) r = vt__jnumber(c, lj, "intensity", false, 0, 1e6, &l->intensity);
    if (r == VT_OK) r = vt__jnumber(c, lj, "cone", false, 1, 89, &cone);
    if (r == VT_OK) r = vt__jbool(c, lj, "shadow", &l->cast_shadow);
    l->cone = cone * (float)(M_PI / 180.0);
    return r;
}

static vt_result parse_fixture(loader *L, json_t *fj, vt_store_fixture *f) {
    vt__jctx *c = &L->c;
    if (!json_is_object(fj))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(fj));
    f->collide = true;
    vt_result r = vt__jid(c, fj, "id", true, f->id);
    for (uint32_t k = 0; r == VT_OK && k < L->def->fixture_count; k++)
        if (!strcmp(L->def->fixtures[k].id, f->id))
            r = vt__jfail_key(c, "id", VT_ERR_PARSE, "duplicate fixture id '%s'", f->id);
    if (r == VT_OK) r = vt__jpath_member(c, fj, "model", true, L->dir, f->model, sizeof f->model);
    if (r == VT_OK && !L->d->skip_model_check && !vt_file_exists(f->model))
        r = vt__jfail_key(c, "model", VT_ERR_IO, "model file '%s' not found", f->model);
    if (r == VT_OK)
        r = vt__jvec(c, fj, "position", true, 3, -VT_COORD_MAX, VT_COORD_MAX, f->position);
    if (r == VT_OK) r = check_inside(L, "position", f->position, true);
    if (r == VT_OK) r = vt__jangle(c, fj, "yaw", &f->yaw);
    if (r == VT_OK) r = vt__jbool(c, fj, "collide", &f->collide);
    return r;
}

static vt_result parse_sign(loader *L, json_t *sj, vt_store_sign *s) {
    vt__jctx *c = &L->c;
    if (!json_is_object(sj))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(sj));
    s->height = 0.25f;
    s->color[0] = s->color[1] = s->color[2] = 0x2B / 255.0f;
    vt_result r = vt__jtext(c, sj, "text", true, &s->text);
    if (r == VT_OK)
        r = vt__jvec(c, sj, "position", true, 3, -VT_COORD_MAX, VT_COORD_MAX, s->position);
    if (r == VT_OK) r = check_inside(L, "position", s->position, true);
    if (r == VT_OK) r = vt__jangle(c, sj, "yaw", &s->yaw);
    if (r == VT_OK) r = vt__jnumber(c, sj, "height", false, 0.02, 2, &s->height);
    if (r == VT_OK) r = vt__jcolor(c, sj, "color", false, false, s->color, NULL);
    return r;
}

static vt_result parse_placement(loader *L, json_t *pj, const vt__idmap *ids,
                                 vt_store_placement *p) {
    vt__jctx *c = &L->c;
    if (!json_is_object(pj))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(pj));
    char id[VT_STORE_ID_MAX] = "", vid[VT_STORE_ID_MAX] = "";
    p->scale = 1;
    vt_result r = vt__jid(c, pj, "product", true, id);
    if (r == VT_OK) {
        p->product = vt__idmap_get(ids, id);
        if (p->product == UINT32_MAX)
            r = vt__idmap_get(&L->dropped, id) != UINT32_MAX
                    ? vt__jfail_key(c, "product", VT_ERR_PARSE,
                                    "product '%s' was left out (broken in the catalog)", id)
                    : vt__jfail_key(c, "product", VT_ERR_PARSE, "unknown product '%s'", id);
    }
    if (r == VT_OK) r = vt__jid(c, pj, "variant", false, vid);
    if (r == VT_OK) {
        const vt_product *prod = &L->def->products[p->product];
        p->variant = vid[0] ? vt_product_find_variant(prod, vid) : 0;
        if (p->variant == UINT32_MAX)
            r = vt__jfail_key(c, "variant", VT_ERR_PARSE, "unknown variant '%s' of product '%s'",
                              vid, id);
    }
    if (r == VT_OK)
        r = vt__jvec(c, pj, "position", true, 3, -VT_COORD_MAX, VT_COORD_MAX, p->position);
    if (r == VT_OK) r = check_inside(L, "position", p->position, true);
    if (r == VT_OK) r = vt__jangle(c, pj, "yaw", &p->yaw);
    if (r == VT_OK) r = vt__jnumber(c, pj, "scale", false, 0.01, 100, &p->scale);
    return r;
}

static vt_result parse_fitting_room(loader *L, json_t *root) {
    vt__jctx *c = &L->c;
    vt_fitting_room *f = &L->def->fitting_room;
    json_t *fj, *mj;
    vt_result r = vt__jobject(c, root, "fitting_room", false, &fj);
    if (r != VT_OK || !fj) return r;
    vt__jpush_key(c, "fitting_room");
    r = vt__jvec(c, fj, "position", true, 3, -VT_COORD_MAX, VT_COORD_MAX, f->position);
    if (r == VT_OK) r = check_inside(L, "position", f->position, true);
    if (r == VT_OK) r = vt__jangle(c, fj, "yaw", &f->yaw);
    if (r == VT_OK) r = vt__jobject(c, fj, "mirror", false, &mj);
    f->mirror_size[0] = 1;
    f->mirror_size[1] = 2;
    if (r == VT_OK && mj) {
        vt__jpush_key(c, "mirror");
        r = vt__jvec(c, mj, "position", true, 3, -VT_COORD_MAX, VT_COORD_MAX, f->mirror_position);
        if (r == VT_OK) r = check_inside(L, "position", f->mirror_position, true);
        if (r == VT_OK) r = vt__jangle(c, mj, "yaw", &f->mirror_yaw);
        if (r == VT_OK) r = vt__jvec(c, mj, "size", false, 2, 0.1, 5, f->mirror_size);
        vt__jpop(c);
    } else if (r == VT_OK) {
        /* No mirror given: one on the avatar's side, facing it. */
        f->mirror_position[0] = f->position[0] + sinf(f->yaw) * 1.5f;
        f->mirror_position[1] = 1.1f;
        f->mirror_position[2] = f->position[2] + cosf(f->yaw) * 1.5f;
        f->mirror_yaw = f->yaw + (float)M_PI;
    }
    vt__jpop(c);
    f->present = r == VT_OK;
    return r;
}

/* An optional array of objects: each parsed by fn into elem-sized slots of
 *items; in lenient mode a broken entry becomes an issue and is left out. */
typedef vt_result (*entry_fn)(loader *L, json_t *j, void *item, const void *extra);

static vt_result parse_list(loader *L, json_t *root, const char *key, size_t max, size_t elem,
                            void **items, uint32_t *count, entry_fn fn, const void *extra,
                            void (*item_free)(void *)) {
    vt__jctx *c = &L->c;
    json_t *arr;
    vt_result r = vt__jarray(c, root, key, false, 0, max, &arr);
    if (r != VT_OK || !arr || !json_array_size(arr)) return r;
    size_t n = json_array_size(arr);
    char *buf = calloc(n, elem);
    if (!buf) return vt__jfail_key(c, key, VT_ERR_NOMEM, "out of memory");
    *items = buf;
    vt__jpush_key(c, key);
    for (size_t i = 0; i < n && r == VT_OK; i++) {
        vt__jpush_index(c, (uint32_t)i);
        vt__janchor(c);
        void *item = buf + (size_t)*count * elem;
        r = fn(L, json_array_get(arr, i), item, extra);
        if (r == VT_OK) {
            (*count)++;
        } else {
            if (item_free) item_free(item);
            memset(item, 0, elem);
            if (L->d->lenient && r != VT_ERR_NOMEM)
                r = vt__def_add_issue(L->def, vt_last_error()) ? VT_OK : VT_ERR_NOMEM;
        }
        vt__jpop(c);
    }
    vt__jpop(c);
    return r;
}

static vt_result light_entry(loader *L, json_t *j, void *item, const void *extra) {
    (void)extra;
    return parse_light(L, j, item);
}
static vt_result fixture_entry(loader *L, json_t *j, void *item, const void *extra) {
    (void)extra;
    return parse_fixture(L, j, item);
}
static vt_result sign_entry(loader *L, json_t *j, void *item, const void *extra) {
    (void)extra;
    return parse_sign(L, j, item);
}
static vt_result placement_entry(loader *L, json_t *j, void *item, const void *extra) {
    return parse_placement(L, j, extra, item);
}
static void sign_free(void *item) {
    vt__text_free(&((vt_store_sign *)item)->text);
}

static vt_result parse_store(loader *L, json_t *root) {
    vt__jctx *c = &L->c;
    vt_store_def *def = L->def;
    if (!json_is_object(root))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(root));
    vt_result r = vt__jtext(c, root, "name", true, &def->name);
    if (r == VT_OK)
        r = vt__jpath_member(c, root, "catalog", true, L->dir, def->catalog_path,
                             sizeof def->catalog_path);
    if (r == VT_OK) r = parse_room(L, root);
    if (r == VT_OK) r = parse_spawn(L, root);
    if (r == VT_OK) {
        /* The catalog's messages name its own file; ours resume afterwards. */
        r = vt__catalog_load(def, L->d, &L->dropped);
        if (r == VT_ERR_IO && !vt_file_exists(def->catalog_path))
            r = vt__jfail_key(c, "catalog", VT_ERR_IO, "catalog file '%s' not found",
                              def->catalog_path);
    }
    if (r == VT_OK)
        r = parse_list(L, root, "lights", VT_LIGHTS_MAX, sizeof(vt_store_light),
                       (void **)&def->lights, &def->light_count, light_entry, NULL, NULL);
    if (r == VT_OK)
        r = parse_list(L, root, "fixtures", VT_FIXTURES_MAX, sizeof(vt_store_fixture),
                       (void **)&def->fixtures, &def->fixture_count, fixture_entry, NULL, NULL);
    if (r == VT_OK)
        r = parse_list(L, root, "signs", VT_SIGNS_MAX, sizeof(vt_store_sign), (void **)&def->signs,
                       &def->sign_count, sign_entry, NULL, sign_free);
    vt__idmap ids = {0};
    for (uint32_t i = 0; r == VT_OK && i < def->product_count; i++)
        if (!vt__idmap_put(&ids, def->products[i].id, i))
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", def->path);
    if (r == VT_OK)
        r = parse_list(L, root, "placements", VT_PLACEMENTS_MAX, sizeof(vt_store_placement),
                       (void **)&def->placements, &def->placement_count, placement_entry, &ids,
                       NULL);
    vt__idmap_free(&ids);
    if (r == VT_OK) r = parse_fitting_room(L, root);
    return r;
}

vt_result vt_store_def_load(const char *store_json, const vt_store_def_desc *desc,
                            vt_store_def **out) {
    VT_ASSERT(store_json && out);
    *out = NULL;
    vt_store_def_desc d = desc ? *desc : (vt_store_def_desc){0};
    if (!d.max_products) d.max_products = 100000;
    if (strlen(store_json) >= VT_STORE_PATH_MAX)
        return vt__fail(VT_ERR_LIMIT, "%.80s...: path longer than %d bytes", store_json,
                        VT_STORE_PATH_MAX - 1);
    vt_store_def *def = calloc(1, sizeof *def);
    if (!def) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", store_json);
    snprintf(def->path, sizeof def->path, "%s", store_json);
    loader L = {.def = def, .d = &d};
    vt_path_dir(store_json, L.dir, sizeof L.dir);
    char *text = NULL;
    json_t *root = NULL;
    vt_result r = vt__jload(store_json, &text, &L.c.len, &root);
    if (r == VT_OK) {
        L.c.file = def->path;
        L.c.text = text;
        r = parse_store(&L, root);
    }
    json_decref(root);
    free(text);
    for (uint32_t i = 0; i < L.dropped.cap; i++) free((char *)L.dropped.keys[i]);
    vt__idmap_free(&L.dropped);
    if (r != VT_OK) {
        vt_store_def_free(def);
        return r;
    }
    *out = def;
    return VT_OK;
}
