/* Store fixtures: oak and blackened-steel shelving and tables, a brass clothes rack,
   a linen dress form, the service counter, a fitting-room mirror and bench,
   plaster plinths, pendant lamps and a potted plant. Dimensions in products.h. */
#include "products.h"

#include "lathe.h"

#include <math.h>

const float ag_shelf_level[AG_SHELF_LEVELS] = {0.32f, 0.78f, 1.24f, 1.70f};

const char *const ag_fixture_names[FIX_COUNT] = {
    "fixture-shelf",      "fixture-table",   "fixture-table-low", "fixture-rack",
    "fixture-form",       "fixture-counter", "fixture-mirror",    "fixture-plinth",
    "fixture-plinth-low", "fixture-pendant", "fixture-plant",     "fixture-bench",
    "fixture-rug",
};

static ag_mat oak(void) {
    return ag_matte("Oak", 0.74f, 0.64f, 0.53f, 0.5f);
}
static ag_mat black_steel(void) {
    return ag_metal("Steel", AG_BLACK_METAL, 0.45f);
}

static void box_at(ag_model *m, uint32_t mat, float w, float h, float d, float r, float x, float y,
                   float z) {
    vt_mesh_data t;
    ag_rbox(w, h, d, r, &t);
    ag_move(&t, x, y, z);
    ag_add(m, mat, &t);
}

static void rod(ag_model *m, uint32_t mat, const float a[3], const float b[3], float r) {
    const float p[][3] = {{a[0], a[1], a[2]}, {b[0], b[1], b[2]}};
    bool vertical = fabsf(a[1] - b[1]) > fabsf(a[0] - b[0]) + fabsf(a[2] - b[2]);
    vt_mesh_data t;
    ag_tube(&(ag_tube_desc){.pts = p,
                            .count = 2,
                            .r0 = r,
                            .up = {vertical ? 1.0f : 0, vertical ? 0 : 1.0f, 0},
                            .steps_per_span = 1,
                            .sides = 16,
                            .caps = true},
            &t);
    ag_add(m, mat, &t);
}

static void shelf(ag_model *m) {
    uint32_t wood = ag_mat_add(m, oak()), steel = ag_mat_add(m, black_steel());
    const float w = AG_SHELF_W, d = AG_SHELF_D, h = 2.05f;
    for (int sx = -1; sx <= 1; sx += 2)
        for (int sz = -1; sz <= 1; sz += 2)
            box_at(m, steel, 0.03f, h, 0.03f, 0.004f, (float)sx * (w / 2 - 0.015f), 0,
                   (float)sz * (d / 2 - 0.015f));
    for (int i = 0; i < AG_SHELF_LEVELS; i++)
        box_at(m, wood, w - 0.04f, 0.03f, d - 0.02f, 0.006f, 0, ag_shelf_level[i] - 0.03f, 0);
    for (int sx = -1; sx <= 1; sx += 2) /* side rails */
        for (int i = 0; i < 2; i++)
            box_at(m, steel, 0.02f, 0.02f, d - 0.03f, 0.003f, (float)sx * (w / 2 - 0.015f),
                   i ? h - 0.05f : 0.06f, 0);
    box_at(m, steel, w - 0.03f, 0.02f, 0.02f, 0.003f, 0, h - 0.05f, -(d / 2 - 0.015f));
    box_at(m, steel, w - 0.03f, 0.02f, 0.02f, 0.003f, 0, 0.06f, -(d / 2 - 0.015f));
}

static void table(ag_model *m, bool low) {
    uint32_t wood = ag_mat_add(m, oak()), steel = ag_mat_add(m, black_steel());
    float w = low ? AG_TABLE_LOW_W : AG_TABLE_W, d = low ? AG_TABLE_LOW_D : AG_TABLE_D;
    float h = low ? AG_TABLE_LOW_H : AG_TABLE_H, top = 0.04f;
    box_at(m, wood, w, top, d, 0.01f, 0, h - top, 0);
    if (low) { /* two solid oak slab legs */
        for (int s = -1; s <= 1; s += 2)
            box_at(m, wood, 0.05f, h - top, d - 0.12f, 0.008f, (float)s * (w / 2 - 0.14f), 0, 0);
        box_at(m, wood, w - 0.28f, 0.05f, 0.05f, 0.008f, 0, 0.12f, 0);
        return;
    }
    /* trestles of flat steel: two legs per end joined by a foot and a top rail */
    for (int s = -1; s <= 1; s += 2) {
        float x = (float)s * (w / 2 - 0.16f);
        for (int z = -1; z <= 1; z += 2)
            box_at(m, steel, 0.04f, h - top, 0.04f, 0.004f, x, 0, (float)z * (d / 2 - 0.10f));
        box_at(m, steel, 0.04f, 0.04f, d - 0.16f, 0.004f, x, h - top - 0.04f, 0);
        box_at(m, steel, 0.05f, 0.02f, d - 0.12f, 0.004f, x, 0, 0);
    }
    box_at(m, steel, w - 0.32f, 0.03f, 0.03f, 0.004f, 0, 0.16f, 0);
}

static void rack(ag_model *m) {
    uint32_t brass = ag_mat_add(m, ag_metal("Metal", AG_BRASS, 0.28f));
    uint32_t steel = ag_mat_add(m, black_steel());
    float hw = AG_RACK_W / 2;
    rod(m, brass, (const float[3]){-hw - 0.02f, AG_RAIL_Y, 0},
        (const float[3]){hw + 0.02f, AG_RAIL_Y, 0}, 0.0125f);
    for (int s = -1; s <= 1; s += 2) {
        float x = (float)s * hw;
        rod(m, brass, (const float[3]){x, 0.03f, 0}, (const float[3]){x, AG_RAIL_Y, 0}, 0.016f);
        box_at(m, steel, 0.05f, 0.03f, 0.56f, 0.008f, x, 0, 0);
        vt_mesh_data t;
        vt_mesh_sphere(0.022f, 24, 12, &t);
        ag_move(&t, x + (float)s * 0.03f, AG_RAIL_Y, 0);
        ag_add(m, brass, &t);
    }
}

static void form(ag_model *m) {
    uint32_t linen = ag_mat_add(m, ag_fabric("Linen", 0.85f, 0.80f, 0.70f));
    uint32_t wood = ag_mat_add(m, ag_matte("Wood", 0.40f, 0.28f, 0.18f, 0.45f));
    uint32_t steel = ag_mat_add(m, black_steel());
    ag_ring r[32];
    uint32_t n = 0;
    r[n++] = (ag_ring){AG_TORSO_BASE, 0, 0, 0, 0, -1};
    for (float t = 0.0f; t <= 0.84f + 1e-4f; t += 0.03f) {
        float a, b;
        ag_torso_at(t, &a, &b);
        r[n++] = (ag_ring){AG_TORSO_BASE + t, 0, 0, a, b, -1};
    }
    r[n++] = (ag_ring){AG_TORSO_BASE + 0.845f, 0, 0, 0, 0, -1};
    vt_mesh_data t;
    ag_loft(r, n, 64, &t);
    ag_add(m, linen, &t);
    ag_cylinder(0.048f, 0.03f, 0.01f, 48, &t); /* neck cap */
    ag_move(&t, 0, AG_TORSO_BASE + 0.835f, 0);
    ag_add(m, wood, &t);
    rod(m, steel, (const float[3]){0, 0.02f, 0}, (const float[3]){0, AG_TORSO_BASE + 0.02f, 0},
        0.012f);
    ag_cylinder(0.19f, 0.022f, 0.006f, 64, &t);
    ag_add(m, steel, &t);
}

static void counter_tablet(ag_model *m, uint32_t steel, uint32_t screen, float x, float y,
                           float z) {
    /* the till: a tablet on a short stand, turned towards the staff side */
    box_at(m, steel, 0.10f, 0.006f, 0.10f, 0.002f, x, y, z);
    box_at(m, steel, 0.02f, 0.12f, 0.02f, 0.004f, x, y, z);
    vt_mesh_data t;
    ag_rbox(0.25f, 0.17f, 0.012f, 0.005f, &t);
    ag_xform(&t, NULL, (const float[3]){-35, 0, 0}, (const float[3]){x, y + 0.09f, z - 0.02f});
    ag_add(m, screen, &t);
}

static void counter(ag_model *m) {
    uint32_t wood = ag_mat_add(m, oak());
    uint32_t stone = ag_mat_add(m, ag_matte("Stone", 0.86f, 0.84f, 0.80f, 0.35f));
    uint32_t steel = ag_mat_add(m, black_steel());
    const float w = 1.9f, d = 0.62f, h = AG_COUNTER_H;
    box_at(m, steel, w - 0.06f, 0.08f, d - 0.08f, 0.005f, 0, 0, 0);
    box_at(m, wood, w - 0.02f, h - 0.11f, d - 0.04f, 0.012f, 0, 0.08f, 0);
    box_at(m, stone, w + 0.04f, 0.03f, d + 0.04f, 0.008f, 0, h - 0.03f, 0);
    uint32_t screen = ag_mat_add(m, (ag_mat){.name = "Screen",
                                             .color = {0.14f, 0.14f, 0.15f},
                                             .roughness = 0.08f,
                                             .clearcoat = 1,
                                             .clearcoat_roughness = 0.02f});
    counter_tablet(m, steel, screen, 0.55f, h, -0.10f);
    /* vertical fluting across the front: slim half-round staves */
    for (int i = 0; i < 36; i++) {
        float x = -w / 2 + 0.04f + (float)i * (w - 0.08f) / 35;
        rod(m, wood, (const float[3]){x, 0.10f, d / 2 - 0.02f},
            (const float[3]){x, h - 0.05f, d / 2 - 0.02f}, 0.012f);
    }
}

static void mirror(ag_model *m) {
    uint32_t wood = ag_mat_add(m, oak());
    uint32_t glass = ag_mat_add(m, ag_metal("Mirror", 0.93f, 0.94f, 0.94f, 0.02f));
    const float w = 1.0f, h = 2.0f, f = 0.06f;
    box_at(m, glass, w - 2 * f + 0.01f, h - 2 * f + 0.01f, 0.01f, 0.002f, 0, 0.06f + f - 0.005f,
           0.0f);
    box_at(m, wood, w, f, 0.05f, 0.01f, 0, 0.06f, 0);
    box_at(m, wood, w, f, 0.05f, 0.01f, 0, 0.06f + h - f, 0);
    for (int s = -1; s <= 1; s += 2)
        box_at(m, wood, f, h, 0.05f, 0.01f, (float)s * (w - f) / 2, 0.06f, 0);
    for (int s = -1; s <= 1; s += 2)
        box_at(m, wood, 0.08f, 0.06f, 0.36f, 0.01f, (float)s * (w - f) / 2, 0, -0.06f);
}

static void plinth(ag_model *m, float h) {
    uint32_t plaster = ag_mat_add(m, ag_matte("Plaster", 0.90f, 0.88f, 0.84f, 0.8f));
    box_at(m, plaster, AG_PLINTH_W, h, AG_PLINTH_W, 0.01f, 0, 0, 0);
}

static void pendant(ag_model *m) {
    uint32_t shade = ag_mat_add(m, ag_metal("Metal", AG_BRASS, 0.3f));
    ag_mat gl = ag_matte("Glow", 1.0f, 0.95f, 0.85f, 0.5f);
    gl.emissive[0] = 1, gl.emissive[1] = 0.88f, gl.emissive[2] = 0.66f;
    uint32_t glow = ag_mat_add(m, gl);
    uint32_t cord = ag_mat_add(m, ag_matte("Cord", 0.12f, 0.12f, 0.12f, 0.6f));
    const float dome[][2] = {{0.000f, 0.190f}, {0.030f, 0.188f}, {0.120f, 0.120f},
                             {0.190f, 0.020f}, {0.200f, 0.000f}, {0.195f, 0.000f},
                             {0.185f, 0.018f}, {0.110f, 0.115f}, {0.000f, 0.178f}};
    vt_mesh_data t;
    lathe(dome, AG_COUNT(dome), 72, 3, &t);
    ag_add(m, shade, &t);
    vt_mesh_sphere(0.05f, 24, 12, &t);
    ag_move(&t, 0, 0.09f, 0);
    ag_add(m, glow, &t);
    rod(m, cord, (const float[3]){0, 0.19f, 0}, (const float[3]){0, 1.0f, 0}, 0.004f);
    ag_cylinder(0.05f, 0.03f, 0.006f, 32, &t);
    ag_move(&t, 0, 1.0f, 0);
    ag_add(m, shade, &t);
}

static void plant(ag_model *m) {
    uint32_t pot = ag_mat_add(m, ag_matte("Pot", 0.70f, 0.42f, 0.30f, 0.8f));
    uint32_t leaf = ag_mat_add(m, (ag_mat){.name = "Leaf",
                                           .color = {0.22f, 0.38f, 0.18f},
                                           .roughness = 0.45f,
                                           .double_sided = true});
    uint32_t soil = ag_mat_add(m, ag_matte("Soil", 0.22f, 0.17f, 0.13f, 1.0f));
    const float p[][2] = {{0, 0},         {0.14f, 0},      {0.17f, 0.04f},  {0.19f, 0.40f},
                          {0.20f, 0.42f}, {0.185f, 0.42f}, {0.175f, 0.40f}, {0, 0.38f}};
    vt_mesh_data t;
    lathe(p, AG_COUNT(p), 64, 2, &t);
    ag_add(m, pot, &t);
    ag_cylinder(0.176f, 0.005f, 0.001f, 48, &t);
    ag_move(&t, 0, 0.385f, 0);
    ag_add(m, soil, &t);
    /* a fiddle-leaf fig: three stems with broad leaves spiralling up (golden angle) */
    uint32_t seed = 7;
    for (int s = 0; s < 3; s++) {
        float sx = 0.05f * cosf((float)s * 2.1f), sz = 0.05f * sinf((float)s * 2.1f),
              top = 1.05f + 0.25f * (float)s;
        rod(m, soil, (const float[3]){sx, 0.38f, sz}, (const float[3]){sx * 1.5f, top, sz * 1.5f},
            0.012f);
        for (int i = 0; i < 11; i++) {
            seed = seed * 1103515245u + 12345u;
            float y = 0.62f + (top - 0.62f) * (float)i / 10.0f;
            float ang = (float)(s * 9 + i) * 2.39996f,
                  len = 0.26f + 0.06f * (float)((seed >> 16) % 100) / 100.0f;
            float dx = cosf(ang), dz = sinf(ang), bx = sx * 1.4f, bz = sz * 1.4f;
            const float lp[][3] = {{bx, y, bz},
                                   {bx + dx * len * 0.35f, y + 0.05f, bz + dz * len * 0.35f},
                                   {bx + dx * len * 0.75f, y + 0.06f, bz + dz * len * 0.75f},
                                   {bx + dx * len, y + 0.02f, bz + dz * len}};
            const float lr[] = {0.005f, 0.10f, 0.095f, 0.004f};
            ag_tube(&(ag_tube_desc){.pts = lp,
                                    .radius = lr,
                                    .count = 4,
                                    .flat = 0.08f,
                                    .up = {0, 1, 0},
                                    .steps_per_span = 4,
                                    .sides = 10,
                                    .caps = false},
                    &t);
            /* swap the section axes: the blade spreads sideways, thin vertically */
            ag_add(m, leaf, &t);
        }
    }
}

static void bench(ag_model *m) {
    uint32_t wood = ag_mat_add(m, oak()), steel = ag_mat_add(m, black_steel());
    box_at(m, wood, 1.2f, 0.05f, 0.42f, 0.01f, 0, 0.40f, 0);
    for (int s = -1; s <= 1; s += 2) {
        box_at(m, steel, 0.03f, 0.40f, 0.36f, 0.004f, (float)s * 0.5f, 0, 0);
    }
}

static void rug(ag_model *m) {
    /* a flat-woven wool rug, 2.6 x 1.8 m, with a bound edge. The wool is one flat
       quad over the binding: a thin bevelled box would be simplified by the
       renderer's levels of detail into triangles that borrow the bevel's normals. */
    uint32_t wool = ag_mat_add(m, ag_fabric("Wool", 0.62f, 0.57f, 0.50f));
    uint32_t edge = ag_mat_add(m, ag_fabric("Binding", 0.36f, 0.32f, 0.28f));
    box_at(m, edge, 2.6f, 0.008f, 1.8f, 0.003f, 0, 0, 0);
    vt_mesh_data t;
    vt_mesh_plane(2.5f, 1.7f, &t);
    ag_xform(&t, NULL, (const float[3]){-90, 0, 0}, (const float[3]){0, 0.0085f, 0});
    ag_add(m, wool, &t);
}

void gen_fixture(ag_model *m, int style) {
    switch (style) {
    case FIX_SHELF:
        shelf(m);
        break;
    case FIX_TABLE:
        table(m, false);
        break;
    case FIX_TABLE_LOW:
        table(m, true);
        break;
    case FIX_RACK:
        rack(m);
        break;
    case FIX_FORM:
        form(m);
        break;
    case FIX_COUNTER:
        counter(m);
        break;
    case FIX_MIRROR:
        mirror(m);
        break;
    case FIX_PLINTH:
        plinth(m, AG_PLINTH_H);
        break;
    case FIX_PLINTH_LOW:
        plinth(m, AG_PLINTH_LOW_H);
        break;
    case FIX_PENDANT:
        pendant(m);
        break;
    case FIX_PLANT:
        plant(m);
        break;
    case FIX_BENCH:
        bench(m);
        break;
    default:
        rug(m);
        break;
    }
}
