/* Accessories: shoes (pairs), bags, hats, eyewear and headphones. */
#include "products.h"

#include <math.h>
#include <string.h>

/* ---- shoes: lofts along the foot (heel -> toe), turned so the toe points +Z ---- */

typedef struct shoe_sec {
    float s, cx, cz, a, b;
} shoe_sec;

/* corner < 0: each section rounded by -corner times its smaller half extent */
static void shoe_loft(const shoe_sec *sec, uint32_t n, float corner, vt_mesh_data *out) {
    ag_ring r[16];
    for (uint32_t i = 0; i < n; i++) {
        float c = corner >= 0 ? corner : -corner * fminf(sec[i].a, sec[i].b);
        r[i] = (ag_ring){sec[i].s, sec[i].cx, sec[i].cz, sec[i].a, sec[i].b, c};
    }
    ag_loft_smooth(r, n, 4, 40, out);
}

/* Loft space: y along the foot, z up. Turn to model space: up = +Y, toe = +Z. */
static void shoe_place(vt_mesh_data *t, float side, float len, float yaw) {
    ag_xform(t, NULL, (const float[3]){-90, 180, 0}, NULL);
    ag_xform(t, (const float[3]){side, 1, 1}, (const float[3]){0, yaw, 0},
             (const float[3]){side * 0.068f, 0, -len * 0.5f * cosf(yaw * AG_PI / 180)});
}

static float sec_top(const shoe_sec *u, uint32_t n, float s) {
    for (uint32_t i = 0; i + 1 < n; i++)
        if (s <= u[i + 1].s) {
            float t = (s - u[i].s) / (u[i + 1].s - u[i].s);
            return (u[i].cz + u[i].b) * (1 - t) + (u[i + 1].cz + u[i + 1].b) * t;
        }
    return u[n - 1].cz + u[n - 1].b;
}

static void one_shoe(ag_model *m, int style, float side, uint32_t upper, uint32_t sole,
                     uint32_t lining, uint32_t extra) {
    const float L = 0.28f;
    /* rounded-rectangle sections: walls rise nearly straight from the sole and
       round over the top; their undersides sink into the sole */
    shoe_sec u[] = {
        {0.000f, 0, 0.045f, 0, 0},
        {0.003f, 0, 0.043f, 0.030f, 0.027f},
        {0.025f, 0, 0.048f, 0.038f, 0.034f},
        {0.080f, 0.002f, 0.047f, 0.041f, 0.033f},
        {0.130f, 0.004f, 0.045f, 0.045f, 0.031f},
        {0.190f, 0.004f, 0.039f, 0.049f, 0.025f},
        {0.235f, 0.000f, 0.034f, 0.046f, 0.020f},
        {0.262f, -0.004f, 0.031f, 0.037f, 0.016f},
        {0.277f, -0.007f, 0.029f, 0.022f, 0.012f},
        {0.281f, -0.008f, 0.029f, 0, 0},
    };
    if (style == 1) /* the loafer sits lower: keep each section's underside, shrink its height */
        for (uint32_t i = 0; i < AG_COUNT(u); i++) {
            float nb = u[i].b * 0.8f;
            u[i].cz = u[i].cz - u[i].b + nb - 0.006f, u[i].b = nb;
        }
    uint32_t nu = AG_COUNT(u);
    vt_mesh_data t;
    shoe_loft(u, nu, -0.8f, &t);
    shoe_place(&t, side, L, side * 5);
    ag_add(m, upper, &t);
    float sh = style == 0 ? 0.012f : 0.008f; /* half sole height */
    shoe_sec so[] = {
        {-0.005f, 0, sh, 0, 0},
        {-0.004f, 0, sh, 0.020f, sh},
        {0.010f, 0, sh, 0.039f, sh},
        {0.080f, 0.002f, sh, 0.044f, sh},
        {0.190f, 0.004f, sh, 0.054f, sh},
        {0.262f, -0.004f, sh, 0.041f, sh},
        {0.283f, -0.008f, sh, 0.018f, sh},
        {0.285f, -0.008f, sh, 0, 0},
    };
    shoe_loft(so, AG_COUNT(so), 0.004f, &t);
    shoe_place(&t, side, L, side * 5);
    ag_add(m, sole, &t);
    /* the opening: a dark oval sunk into the top behind the instep (a boot's is its shaft) */
    if (style != 2) {
        float os = style == 1 ? 0.085f : 0.072f, ol = style == 1 ? 0.06f : 0.045f;
        vt_mesh_data o;
        vt_mesh_sphere(1.0f, 32, 16, &o);
        ag_xform(&o, (const float[3]){0.031f, ol, 0.010f}, NULL,
                 (const float[3]){0.002f, os, sec_top(u, nu, os) - 0.004f});
        shoe_place(&o, side, L, side * 5);
        ag_add(m, lining, &o);
        /* a padded collar round the opening */
        float col[10][3];
        for (int i = 0; i < 10; i++) {
            float a = 2 * AG_PI * (float)i / 10.0f, cs = os + ol * 0.95f * cosf(a);
            col[i][0] = 0.002f + 0.030f * sinf(a), col[i][1] = cs,
            col[i][2] = sec_top(u, nu, cs) - 0.002f;
        }
        ag_tube(&(ag_tube_desc){.pts = (const float(*)[3])col,
                                .count = 10,
                                .r0 = 0.0045f,
                                .up = {0, 0, 1},
                                .steps_per_span = 4,
                                .sides = 10,
                                .closed = true},
                &o);
        shoe_place(&o, side, L, side * 5);
        ag_add(m, upper, &o);
    }
    if (style == 0) { /* laces across the instep */
        for (int i = 0; i < 4; i++) {
            float s = 0.125f + 0.024f * (float)i, top = sec_top(u, nu, s);
            const float lc[][3] = {{-0.020f, s, top - 0.004f},
                                   {0, s + 0.002f, top + 0.0025f},
                                   {0.020f, s, top - 0.004f}};
            ag_tube(&(ag_tube_desc){.pts = lc,
                                    .count = 3,
                                    .r0 = 0.0022f,
                                    .up = {0, 1, 0},
                                    .steps_per_span = 4,
                                    .sides = 8,
                                    .caps = true},
                    &t);
            shoe_place(&t, side, L, side * 5);
            ag_add(m, extra, &t);
        }
    } else if (style == 1) { /* penny strap */
        float s = 0.135f, top = sec_top(u, nu, s);
        const float st[][3] = {
            {-0.046f, s, top - 0.025f}, {0, s, top + 0.003f}, {0.046f, s, top - 0.025f}};
        ag_tube(&(ag_tube_desc){.pts = st,
                                .count = 3,
                                .r0 = 0.009f,
                                .flat = 0.3f,
                                .up = {0, 1, 0},
                                .steps_per_span = 8,
                                .sides = 12,
                                .caps = true},
                &t);
        shoe_place(&t, side, L, side * 5);
        ag_add(m, upper, &t);
    } else { /* chelsea shaft with elastic gussets and a pull tab */
        const ag_ring shaft[] = {
            {0.04f, 0.0f, 0.064f, 0.041f, 0.052f, -1},  {0.10f, 0.0f, 0.061f, 0.040f, 0.049f, -1},
            {0.160f, 0.0f, 0.059f, 0.042f, 0.051f, -1}, {0.166f, 0.0f, 0.059f, 0.040f, 0.049f, -1},
            {0.162f, 0.0f, 0.059f, 0.035f, 0.044f, -1}, {0.120f, 0.0f, 0.059f, 0, 0, -1}};
        const float shift[3] = {side * 0.068f, 0, -L * 0.5f};
        ag_loft_smooth(shaft, AG_COUNT(shaft), 2, 40, &t);
        ag_xform(&t, (const float[3]){side, 1, 1}, (const float[3]){0, side * 5, 0}, shift);
        ag_add(m, upper, &t);
        /* the dark inside seen through the opening */
        ag_cylinder(1.0f, 0.002f, 0.0005f, 32, &t);
        ag_xform(&t, (const float[3]){0.036f, 1, 0.045f}, NULL,
                 (const float[3]){0, 0.148f, 0.059f});
        ag_xform(&t, (const float[3]){side, 1, 1}, (const float[3]){0, side * 5, 0}, shift);
        ag_add(m, lining, &t);
        /* pull tab at the back */
        const float tab[][3] = {
            {0, 0.150f, 0.0105f}, {0, 0.186f, 0.0075f}, {0, 0.186f, 0.0035f}, {0, 0.150f, 0.002f}};
        ag_tube(&(ag_tube_desc){.pts = tab,
                                .count = 4,
                                .r0 = 0.0022f,
                                .flat = 3.5f,
                                .up = {1, 0, 0},
                                .steps_per_span = 5,
                                .sides = 10,
                                .caps = true},
                &t);
        ag_xform(&t, (const float[3]){side, 1, 1}, (const float[3]){0, side * 5, 0}, shift);
        ag_add(m, upper, &t);
        for (int g = -1; g <= 1; g += 2) {
            ag_rbox(0.003f, 0.075f, 0.03f, 0.0012f, &t);
            ag_move(&t, (float)g * 0.0405f, 0.085f, 0.066f);
            ag_xform(&t, (const float[3]){side, 1, 1}, (const float[3]){0, side * 5, 0},
                     (const float[3]){side * 0.068f, 0, -L * 0.5f});
            ag_add(m, extra, &t);
        }
    }
}

void gen_shoes(ag_model *m, int style) {
    uint32_t upper =
        ag_mat_add(m, ag_leather("Leather", style == 0 ? 0.92f : 0.36f, style == 0 ? 0.91f : 0.22f,
                                 style == 0 ? 0.88f : 0.14f));
    uint32_t sole = ag_mat_add(m, style == 0 ? ag_matte("Sole", 0.90f, 0.88f, 0.82f, 0.7f)
                                             : ag_matte("Sole", 0.25f, 0.17f, 0.12f, 0.6f));
    uint32_t lining = ag_mat_add(m, ag_fabric("Lining", 0.20f, 0.18f, 0.17f));
    uint32_t extra = style == 0   ? ag_mat_add(m, ag_fabric("Lace", 0.94f, 0.93f, 0.90f))
                     : style == 2 ? ag_mat_add(m, ag_fabric("Elastic", 0.15f, 0.15f, 0.16f))
                                  : upper;
    for (int s = -1; s <= 1; s += 2) one_shoe(m, style, (float)s, upper, sole, lining, extra);
}

/* ---- bags ---- */

void gen_bag(ag_model *m, int style) {
    vt_mesh_data t;
    if (style == 0) { /* canvas tote with leather handles and base */
        uint32_t fab = ag_mat_add(m, ag_fabric("Fabric", 0.86f, 0.82f, 0.72f));
        uint32_t lea = ag_mat_add(m, ag_leather("Leather", 0.45f, 0.27f, 0.15f));
        const ag_ring body[] = {
            {0.0f, 0, 0, 0, 0, 0},
            {0.0f, 0, 0, 0.17f, 0.05f, 0.03f},
            {0.012f, 0, 0, 0.18f, 0.06f, 0.035f},
            {0.20f, 0, 0, 0.19f, 0.064f, 0.035f},
            {0.355f, 0, 0, 0.20f, 0.066f, 0.035f},
            {0.36f, 0, 0, 0.198f, 0.062f, 0.033f},
            {0.354f, 0, 0, 0.19f, 0.054f, 0.03f},
            {0.30f, 0, 0, 0, 0, 0},
        };
        ag_loft(body, AG_COUNT(body), 64, &t);
        ag_add(m, fab, &t);
        ag_rbox(0.372f, 0.07f, 0.134f, 0.025f, &t);
        ag_move(&t, 0, -0.001f, 0);
        ag_add(m, lea, &t);
        for (int z = -1; z <= 1; z += 2) {
            float zz = (float)z * 0.066f;
            const float h[][3] = {{-0.085f, 0.30f, zz},
                                  {-0.08f, 0.45f, zz},
                                  {0, 0.56f, zz},
                                  {0.08f, 0.45f, zz},
                                  {0.085f, 0.30f, zz}};
            ag_tube(&(ag_tube_desc){.pts = h,
                                    .count = 5,
                                    .r0 = 0.005f,
                                    .flat = 2.4f,
                                    .up = {0, 0, 1},
                                    .steps_per_span = 8,
                                    .sides = 14,
                                    .caps = true},
                    &t);
            ag_add(m, lea, &t);
        }
    } else if (style == 1) { /* leather crossbody with flap and buckle */
        uint32_t lea = ag_mat_add(m, ag_leather("Leather", 0.50f, 0.13f, 0.12f));
        uint32_t met = ag_mat_add(m, ag_metal("Metal", AG_GOLD, 0.18f));
        ag_rbox(0.23f, 0.16f, 0.075f, 0.028f, &t);
        ag_add(m, lea, &t);
        ag_rbox(0.234f, 0.115f, 0.014f, 0.006f, &t);
        ag_xform(&t, NULL, (const float[3]){-4, 0, 0}, (const float[3]){0, 0.052f, 0.034f});
        ag_add(m, lea, &t);
        const float bk[][3] = {{-0.018f, 0.06f, 0.046f},
                               {0.018f, 0.06f, 0.046f},
                               {0.018f, 0.085f, 0.044f},
                               {-0.018f, 0.085f, 0.044f}};
        ag_tube(&(ag_tube_desc){.pts = bk,
                                .count = 4,
                                .r0 = 0.0032f,
                                .up = {0, 0, 1},
                                .steps_per_span = 6,
                                .sides = 10,
                                .closed = true},
                &t);
        ag_add(m, met, &t);
        for (int s = -1; s <= 1; s += 2) { /* D-rings and the strap */
            const float dr[][3] = {{(float)s * 0.112f, 0.15f, -0.012f},
                                   {(float)s * 0.118f, 0.17f, 0},
                                   {(float)s * 0.112f, 0.15f, 0.012f},
                                   {(float)s * 0.108f, 0.145f, 0}};
            ag_tube(&(ag_tube_desc){.pts = dr,
                                    .count = 4,
                                    .r0 = 0.0025f,
                                    .up = {1, 0, 0},
                                    .steps_per_span = 6,
                                    .sides = 8,
                                    .closed = true},
                    &t);
            ag_add(m, met, &t);
        }
        const float st[][3] = {{-0.117f, 0.17f, 0}, {-0.12f, 0.30f, 0}, {-0.07f, 0.42f, 0},
                               {0, 0.445f, 0},      {0.07f, 0.42f, 0},  {0.12f, 0.30f, 0},
                               {0.117f, 0.17f, 0}};
        ag_tube(&(ag_tube_desc){.pts = st,
                                .count = 7,
                                .r0 = 0.0035f,
                                .flat = 3.2f,
                                .up = {0, 0, 1},
                                .steps_per_span = 6,
                                .sides = 12,
                                .caps = true},
                &t);
        ag_add(m, lea, &t);
    } else { /* bucket bag with drawstring and strap */
        uint32_t lea = ag_mat_add(m, ag_leather("Leather", 0.62f, 0.45f, 0.30f));
        uint32_t met = ag_mat_add(m, ag_metal("Metal", AG_BRASS, 0.25f));
        const ag_ring body[] = {
            {0.0f, 0, 0, 0, 0, -1},
            {0.0f, 0, 0, 0.10f, 0.10f, -1},
            {0.015f, 0, 0, 0.118f, 0.118f, -1},
            {0.12f, 0, 0, 0.128f, 0.128f, -1},
            {0.24f, 0, 0, 0.122f, 0.122f, -1},
            {0.262f, 0, 0, 0.112f, 0.112f, -1},
            {0.266f, 0, 0, 0.106f, 0.106f, -1},
            {0.25f, 0, 0, 0.08f, 0.08f, -1},
            {0.22f, 0, 0, 0, 0, -1},
        };
        ag_loft_smooth(body, AG_COUNT(body), 3, 64, &t);
        ag_add(m, lea, &t);
        const float ds[][3] = {
            {0, 0.252f, 0.118f}, {0.118f, 0.252f, 0}, {0, 0.252f, -0.118f}, {-0.118f, 0.252f, 0}};
        ag_tube(&(ag_tube_desc){.pts = ds,
                                .count = 4,
                                .r0 = 0.004f,
                                .up = {0, 1, 0},
                                .steps_per_span = 12,
                                .sides = 8,
                                .closed = true},
                &t);
        ag_xform(&t, (const float[3]){1.04f, 1, 1.04f}, NULL, NULL);
        ag_add(m, lea, &t);
        for (int s = -1; s <= 1; s += 2) {
            ag_cylinder(0.012f, 0.004f, 0.0015f, 24, &t);
            ag_xform(&t, NULL, (const float[3]){0, 0, 90},
                     (const float[3]){(float)s * 0.122f, 0.225f, 0});
            ag_add(m, met, &t);
        }
        const float st[][3] = {{-0.124f, 0.225f, 0}, {-0.12f, 0.36f, 0}, {-0.07f, 0.47f, 0},
                               {0, 0.50f, 0},        {0.07f, 0.47f, 0},  {0.12f, 0.36f, 0},
                               {0.124f, 0.225f, 0}};
        ag_tube(&(ag_tube_desc){.pts = st,
                                .count = 7,
                                .r0 = 0.004f,
                                .flat = 2.5f,
                                .up = {0, 0, 1},
                                .steps_per_span = 6,
                                .sides = 12,
                                .caps = true},
                &t);
        ag_add(m, lea, &t);
    }
}

/* ---- hats ---- */

void gen_hat(ag_model *m, int style) {
    vt_mesh_data t;
    if (style == 0) { /* wool felt fedora with a grosgrain band */
        uint32_t felt = ag_mat_add(m, ag_fabric("Felt", 0.42f, 0.30f, 0.22f));
        uint32_t band = ag_mat_add(m, ag_fabric("Band", 0.14f, 0.13f, 0.13f));
        const float p[][2] = {{0.000f, 0.008f}, {0.085f, 0.010f}, {0.150f, 0.004f},
                              {0.170f, 0.004f}, {0.178f, 0.012f}, {0.176f, 0.018f},
                              {0.160f, 0.014f}, {0.100f, 0.016f}, {0.091f, 0.022f},
                              {0.089f, 0.070f}, {0.083f, 0.108f}, {0.070f, 0.122f},
                              {0.040f, 0.112f}, {0.000f, 0.106f}};
        ag_lathe(p, AG_COUNT(p), 72, 3, &t);
        ag_xform(&t, (const float[3]){0.9f, 1, 1.06f}, NULL, (const float[3]){0, -0.004f, 0});
        ag_add(m, felt, &t);
        const float b[][2] = {
            {0.0912f, 0.017f}, {0.0918f, 0.018f}, {0.0914f, 0.044f}, {0.0900f, 0.046f}};
        ag_lathe(b, AG_COUNT(b), 72, 1, &t);
        ag_xform(&t, (const float[3]){0.9f, 1, 1.06f}, NULL, NULL);
        ag_add(m, band, &t);
    } else if (style == 1) { /* cotton bucket hat with stitched brim */
        uint32_t fab = ag_mat_add(m, ag_fabric("Fabric", 0.55f, 0.58f, 0.45f));
        const float p[][2] = {{0.000f, 0.050f}, {0.084f, 0.050f}, {0.134f, 0.006f},
                              {0.146f, 0.000f}, {0.150f, 0.004f}, {0.142f, 0.012f},
                              {0.092f, 0.056f}, {0.088f, 0.064f}, {0.084f, 0.090f},
                              {0.070f, 0.098f}, {0.000f, 0.100f}};
        ag_lathe(p, AG_COUNT(p), 72, 3, &t);
        ag_xform(&t, (const float[3]){0.95f, 1, 1.03f}, NULL, NULL);
        ag_add(m, fab, &t);
        for (int i = 0; i < 3; i++) {
            float r = 0.105f + 0.013f * (float)i, y = 0.043f - 0.0085f * (float)i * 1.05f;
            float pts[4][3] = {{0, y, r}, {r, y, 0}, {0, y, -r}, {-r, y, 0}};
            ag_tube(&(ag_tube_desc){.pts = (const float(*)[3])pts,
                                    .count = 4,
                                    .r0 = 0.0012f,
                                    .up = {0, 1, 0},
                                    .steps_per_span = 16,
                                    .sides = 6,
                                    .closed = true},
                    &t);
            ag_xform(&t, (const float[3]){0.95f * 1.08f, 1, 1.03f * 1.08f}, NULL,
                     (const float[3]){0, 0.0035f, 0});
            ag_add(m, fab, &t);
        }
    } else { /* ribbed merino beanie with a pompom */
        uint32_t fab = ag_mat_add(m, ag_fabric("Knit", 0.70f, 0.25f, 0.18f));
        const float p[][2] = {{0.000f, 0.000f}, {0.094f, 0.000f}, {0.100f, 0.006f},
                              {0.100f, 0.064f}, {0.094f, 0.070f}, {0.094f, 0.130f},
                              {0.082f, 0.185f}, {0.050f, 0.214f}, {0.000f, 0.220f}};
        ag_lathe(p, AG_COUNT(p), 144, 3, &t);
        for (uint32_t v = 0; v < t.vertex_count; v++) { /* knit ribs */
            float *q = &t.positions[v * 3];
            float ang = atan2f(q[0], q[2]);
            float rib =
                1 + 0.018f * cosf(ang * 48) * fminf(1, q[1] < 0.19f ? 1 : (0.22f - q[1]) / 0.03f);
            q[0] *= rib, q[2] *= rib;
        }
        vt_mesh_compute_normals(&t);
        ag_add(m, fab, &t);
        vt_mesh_sphere(0.042f, 24, 16, &t);
        ag_move(&t, 0, 0.246f, 0);
        ag_add(m, fab, &t);
    }
}

/* ---- eyewear ---- */

static void lens_and_rim(ag_model *m, uint32_t lens, uint32_t frame, const ag_ring *shape,
                         float rim_r, float rim_flat) {
    vt_mesh_data t;
    /* lens: a thin loft along z through the outline, closed at both faces */
    ag_ring g = *shape;
    const ag_ring lr[] = {{-0.0012f, g.cx, g.cz, 0, 0, g.corner},
                          {-0.0012f, g.cx, g.cz, g.a * 0.98f, g.b * 0.98f, g.corner},
                          {0.0012f, g.cx, g.cz, g.a * 0.98f, g.b * 0.98f, g.corner},
                          {0.0012f, g.cx, g.cz, 0, 0, g.corner}};
    ag_loft(lr, 4, 48, &t);
    ag_xform(&t, NULL, (const float[3]){-90, 0, 0}, NULL); /* y (thickness) -> z, z (height) -> y */
    ag_add(m, lens, &t);
    float pts[24][3];
    for (uint32_t i = 0; i < 24; i++) {
        float x, z;
        ag_ring_point(&g, i, 24, &x, &z);
        pts[i][0] = x, pts[i][1] = z, pts[i][2] = 0;
    }
    ag_tube(&(ag_tube_desc){.pts = (const float(*)[3])pts,
                            .count = 24,
                            .r0 = rim_r,
                            .flat = rim_flat,
                            .up = {0, 0, 1},
                            .steps_per_span = 3,
                            .sides = 10,
                            .closed = true},
            &t);
    ag_add(m, frame, &t);
}

void gen_eyewear(ag_model *m, int style) {
    /* style 0: round metal sunglasses; 1: acetate wayfarers; 2: thin optical frames */
    uint32_t frame = ag_mat_add(m, style == 1 ? (ag_mat){.name = "Acetate",
                                                         .color = {0.17f, 0.14f, 0.13f},
                                                         .roughness = 0.18f,
                                                         .clearcoat = 1,
                                                         .clearcoat_roughness = 0.05f}
                                              : ag_metal("Metal", AG_GOLD, 0.2f));
    ag_mat lm = ag_glass("Lens", 0.30f, 0.26f, 0.20f);
    if (style == 2)
        lm = ag_glass("Lens", 0.93f, 0.94f, 0.94f);
    else
        lm.transmission = 0.55f;
    uint32_t lens = ag_mat_add(m, lm);
    float ra = style == 0   ? 0.024f
               : style == 1 ? 0.026f
                            : 0.025f,
          rb = style == 0 ? 0.024f : 0.020f;
    float cxo = ra + (style == 0 ? 0.010f : 0.009f); /* lens centre from the nose */
    float rim_r = style == 1 ? 0.0032f : 0.0011f, rim_flat = style == 1 ? 1.6f : 1;
    float yc = rb + rim_r * 1.2f + (style == 1 ? 0.004f : 0);
    vt_mesh_data t;
    for (int s = -1; s <= 1; s += 2) {
        ag_ring g = {0, (float)s * cxo, yc, ra, rb, style == 0 ? -1 : style == 1 ? 0.008f : 0.011f};
        lens_and_rim(m, lens, frame, &g, rim_r, rim_flat);
        float hx = (float)s * (cxo + ra + rim_r);
        const float tp[][3] = {{hx, yc + rb * 0.4f, -0.002f},
                               {hx + (float)s * 0.004f, yc + rb * 0.4f, -0.05f},
                               {hx + (float)s * 0.006f, yc + rb * 0.3f, -0.10f},
                               {hx + (float)s * 0.006f, yc * 0.5f, -0.132f},
                               {hx + (float)s * 0.005f, rim_r + 0.001f, -0.142f}};
        ag_tube(&(ag_tube_desc){.pts = tp,
                                .count = 5,
                                .r0 = style == 1 ? 0.0022f : 0.0011f,
                                .flat = style == 1 ? 2.0f : 1,
                                .up = {1, 0, 0},
                                .steps_per_span = 6,
                                .sides = 8,
                                .caps = true},
                &t);
        ag_add(m, frame, &t);
        if (style == 1) { /* hinge block */
            ag_rbox(0.008f, 0.012f, 0.008f, 0.002f, &t);
            ag_move(&t, hx - (float)s * 0.002f, yc + rb * 0.4f - 0.006f, -0.003f);
            ag_add(m, frame, &t);
        }
    }
    float bx = cxo - ra + 0.002f;
    const float br[][3] = {
        {-bx, yc + rb * 0.35f, 0}, {0, yc + rb * 0.55f, 0.003f}, {bx, yc + rb * 0.35f, 0}};
    ag_tube(&(ag_tube_desc){.pts = br,
                            .count = 3,
                            .r0 = style == 1 ? 0.0035f : 0.0012f,
                            .up = {0, 0, 1},
                            .steps_per_span = 8,
                            .sides = 8,
                            .caps = true},
            &t);
    ag_add(m, frame, &t);
    if (style == 1) { /* heavier brow line */
        const float brow[][3] = {{-cxo - ra, yc + rb * 0.85f, 0.001f},
                                 {0, yc + rb * 0.95f, 0.002f},
                                 {cxo + ra, yc + rb * 0.85f, 0.001f}};
        ag_tube(&(ag_tube_desc){.pts = brow,
                                .count = 3,
                                .r0 = 0.0035f,
                                .flat = 1.4f,
                                .up = {0, 0, 1},
                                .steps_per_span = 12,
                                .sides = 10,
                                .caps = true},
                &t);
        ag_add(m, frame, &t);
    }
}

/* ---- headphones ---- */

void gen_headphones(ag_model *m, int style) {
    float k = style == 1 ? 0.86f : 1.0f;
    uint32_t shell = ag_mat_add(m, (ag_mat){.name = "Shell",
                                            .color = {0.85f, 0.82f, 0.76f},
                                            .roughness = 0.4f,
                                            .clearcoat = 0.4f,
                                            .clearcoat_roughness = 0.2f});
    uint32_t cush = ag_mat_add(m, ag_leather("Cushion", 0.26f, 0.24f, 0.22f));
    uint32_t met = ag_mat_add(m, ag_metal("Metal", AG_STEEL, 0.32f));
    uint32_t band = ag_mat_add(m, ag_leather("Band", 0.26f, 0.24f, 0.22f));
    float cr = 0.052f * k, yc = cr + 0.002f, cx = 0.078f * k;
    vt_mesh_data t;
    for (int s = -1; s <= 1; s += 2) {
        float sx = (float)s;
        ag_cylinder(1.0f, 0.028f * k, 0.008f, 48, &t); /* cup shell, axis along x */
        ag_xform(&t, (const float[3]){0.92f * cr, 1, cr}, (const float[3]){0, 0, -90.0f * sx},
                 (const float[3]){sx * (cx + 0.006f), yc, 0});
        ag_add(m, shell, &t);
        float pts[4][3] = {
            {0, 0, cr * 0.78f}, {0, cr * 0.72f, 0}, {0, 0, -cr * 0.78f}, {0, -cr * 0.72f, 0}};
        for (int i = 0; i < 4; i++) pts[i][0] = sx * (cx - 0.002f), pts[i][1] += yc;
        ag_tube(&(ag_tube_desc){.pts = (const float(*)[3])pts,
                                .count = 4,
                                .r0 = 0.017f * k,
                                .flat = 0.8f,
                                .up = {1, 0, 0},
                                .steps_per_span = 12,
                                .sides = 16,
                                .closed = true},
                &t);
        ag_add(m, cush, &t);
        /* yoke: a fork over the cup, then the slider up into the band */
        const float yk[][3] = {{sx * (cx + 0.014f), yc, -cr * 1.02f},
                               {sx * (cx + 0.016f), yc + cr * 0.78f, -cr * 0.74f},
                               {sx * (cx + 0.018f), yc + cr * 1.1f, 0},
                               {sx * (cx + 0.016f), yc + cr * 0.78f, cr * 0.74f},
                               {sx * (cx + 0.014f), yc, cr * 1.02f}};
        ag_tube(&(ag_tube_desc){.pts = yk,
                                .count = 5,
                                .r0 = 0.0035f,
                                .up = {1, 0, 0},
                                .steps_per_span = 6,
                                .sides = 10,
                                .caps = true},
                &t);
        ag_add(m, met, &t);
        const float sl[][3] = {{sx * (cx + 0.018f), yc + cr * 1.1f, 0},
                               {sx * (cx + 0.02f), yc + cr * 1.1f + 0.05f * k, 0}};
        ag_tube(&(ag_tube_desc){.pts = sl,
                                .count = 2,
                                .r0 = 0.003f,
                                .up = {0, 0, 1},
                                .steps_per_span = 2,
                                .sides = 10},
                &t);
        ag_add(m, met, &t);
    }
    float by = yc + cr * 1.1f + 0.05f * k, bx = cx + 0.02f;
    const float bd[][3] = {{-bx, by - 0.005f, 0},
                           {-bx * 0.98f, by + 0.06f * k, 0},
                           {-bx * 0.62f, by + 0.125f * k, 0},
                           {0, by + 0.145f * k, 0},
                           {bx * 0.62f, by + 0.125f * k, 0},
                           {bx * 0.98f, by + 0.06f * k, 0},
                           {bx, by - 0.005f, 0}};
    ag_tube(&(ag_tube_desc){.pts = bd,
                            .count = 7,
                            .r0 = 0.0055f,
                            .flat = 3.2f,
                            .up = {0, 0, 1},
                            .steps_per_span = 8,
                            .sides = 16,
                            .caps = true},
            &t);
    ag_add(m, band, &t);
}
