/* Home goods: stoneware mugs and cups, vases, glass bottles and carafes, lamps. */
#include "products.h"

#include "lathe.h"

#include <math.h>

void gen_mug(ag_model *m, int style) {
    uint32_t glaze = ag_mat_add(m, ag_glaze("Glaze", 0.86f, 0.84f, 0.78f));
    uint32_t clay = ag_mat_add(m, ag_matte("Clay", 0.60f, 0.50f, 0.40f, 0.85f));
    float k = style == 1 ? 0.62f : 1.0f; /* espresso cup: a smaller, squatter mug */
    const float(*body)[2] = ag_mug_body, (*foot)[2] = ag_mug_foot;
    vt_mesh_data b, f, h;
    lathe(body, AG_MUG_BODY_POINTS, 64, 3, &b);
    lathe(foot, AG_MUG_FOOT_POINTS, 64, 2, &f);
    handle_sweep(0.0415f, 0.051f, 0.024f, 0.0255f, 0.0062f, 0.0040f, 32, 12, &h);
    float base = style == 1 ? 0.012f : 0;
    ag_xform(&b, (const float[3]){k, style == 1 ? 0.7f : 1, k}, NULL, (const float[3]){0, base, 0});
    ag_xform(&f, (const float[3]){k, style == 1 ? 0.7f : 1, k}, NULL, (const float[3]){0, base, 0});
    /* the handle looks to the right of the front (+X), as on a product photo */
    ag_xform(&h, (const float[3]){k, style == 1 ? 0.7f : 1, k}, NULL, (const float[3]){0, base, 0});
    ag_add(m, glaze, &b);
    ag_add(m, clay, &f);
    ag_add(m, glaze, &h);
    if (style == 1) { /* saucer */
        const float sc[][2] = {{0.000f, 0.0015f}, {0.036f, 0.0015f}, {0.040f, 0.0000f},
                               {0.046f, 0.0010f}, {0.066f, 0.0070f}, {0.072f, 0.0120f},
                               {0.070f, 0.0130f}, {0.060f, 0.0095f}, {0.035f, 0.0105f},
                               {0.000f, 0.0115f}};
        lathe(sc, AG_COUNT(sc), 64, 3, &b);
        ag_add(m, glaze, &b);
    }
}

void gen_vase(ag_model *m, int style) {
    uint32_t glaze = ag_mat_add(m, ag_glaze("Glaze", 0.42f, 0.58f, 0.50f));
    uint32_t clay = ag_mat_add(m, ag_matte("Clay", 0.62f, 0.52f, 0.42f, 0.9f));
    vt_mesh_data t;
    if (style == 0) { /* tall bottle-neck bud vase, 28 cm */
        const float p[][2] = {{0.000f, 0.006f}, {0.050f, 0.006f}, {0.060f, 0.020f},
                              {0.066f, 0.070f}, {0.062f, 0.120f}, {0.040f, 0.170f},
                              {0.020f, 0.205f}, {0.017f, 0.250f}, {0.022f, 0.276f},
                              {0.024f, 0.280f}, {0.016f, 0.279f}, {0.013f, 0.262f},
                              {0.000f, 0.260f}};
        lathe(p, AG_COUNT(p), 64, 4, &t);
    } else { /* wide moon vase, 24 cm */
        const float p[][2] = {{0.000f, 0.006f}, {0.045f, 0.006f}, {0.070f, 0.020f},
                              {0.105f, 0.070f}, {0.112f, 0.115f}, {0.100f, 0.165f},
                              {0.070f, 0.205f}, {0.048f, 0.225f}, {0.046f, 0.238f},
                              {0.050f, 0.242f}, {0.042f, 0.240f}, {0.038f, 0.225f},
                              {0.000f, 0.220f}};
        lathe(p, AG_COUNT(p), 72, 4, &t);
    }
    ag_add(m, glaze, &t);
    const float foot[][2] = {{0.000f, 0.0f},
                             {style ? 0.043f : 0.048f, 0.0f},
                             {style ? 0.046f : 0.051f, 0.003f},
                             {style ? 0.046f : 0.051f, 0.0065f},
                             {0.000f, 0.0065f}};
    lathe(foot, AG_COUNT(foot), 64, 1, &t);
    ag_add(m, clay, &t);
}

void gen_bottle(ag_model *m, int style) {
    vt_mesh_data t;
    if (style == 0 || style == 1) {
        /* perfume: a thick glass body holding the scent, a neck collar and a heavy cap */
        uint32_t glass = ag_mat_add(m, ag_glass("Glass", 0.93f, 0.94f, 0.93f));
        ag_mat liq = ag_glass("Liquid", 0.90f, 0.66f, 0.36f);
        liq.transmission = 0.85f, liq.ior = 1.36f, liq.thickness = 0.03f;
        uint32_t liquid = ag_mat_add(m, liq);
        uint32_t cap = ag_mat_add(m, style == 0 ? ag_metal("Cap", AG_GOLD, 0.12f)
                                                : (ag_mat){.name = "Cap",
                                                           .color = {0.16f, 0.15f, 0.15f},
                                                           .roughness = 0.3f,
                                                           .clearcoat = 1,
                                                           .clearcoat_roughness = 0.04f});
        uint32_t met = ag_mat_add(m, ag_metal("Metal", AG_GOLD, 0.15f));
        float h = style == 0 ? 0.085f : 0.125f, w = style == 0 ? 0.075f : 0.048f,
              d = style == 0 ? 0.040f : 0.048f;
        if (style == 0)
            ag_rbox(w, h, d, 0.010f, &t);
        else
            ag_cylinder(w / 2, h, 0.006f, 64, &t);
        ag_add(m, glass, &t);
        if (style == 0)
            ag_rbox(w - 0.016f, h * 0.72f, d - 0.016f, 0.005f, &t);
        else
            ag_cylinder(w / 2 - 0.007f, h * 0.72f, 0.004f, 48, &t);
        ag_move(&t, 0, 0.008f, 0);
        ag_add(m, liquid, &t);
        ag_cylinder(0.010f, 0.012f, 0.002f, 32, &t);
        ag_move(&t, 0, h - 0.001f, 0);
        ag_add(m, met, &t);
        if (style == 0)
            ag_rbox(0.036f, 0.034f, 0.036f, 0.006f, &t);
        else
            ag_cylinder(0.021f, 0.05f, 0.004f, 48, &t);
        ag_move(&t, 0, h + 0.010f, 0);
        ag_add(m, cap, &t);
    } else { /* hand-blown carafe with an oak stopper */
        uint32_t glass = ag_mat_add(m, ag_glass("Glass", 0.90f, 0.94f, 0.93f));
        uint32_t wood = ag_mat_add(m, ag_matte("Wood", 0.70f, 0.52f, 0.34f, 0.6f));
        const float p[][2] = {{0.000f, 0.000f}, {0.048f, 0.000f}, {0.058f, 0.010f},
                              {0.062f, 0.060f}, {0.060f, 0.120f}, {0.046f, 0.170f},
                              {0.028f, 0.200f}, {0.025f, 0.240f}, {0.028f, 0.250f},
                              {0.023f, 0.250f}, {0.021f, 0.242f}, {0.019f, 0.205f},
                              {0.000f, 0.200f}};
        lathe(p, AG_COUNT(p), 64, 4, &t);
        ag_add(m, glass, &t);
        const float st[][2] = {{0.000f, 0.222f}, {0.017f, 0.222f}, {0.022f, 0.250f},
                               {0.026f, 0.252f}, {0.027f, 0.262f}, {0.022f, 0.272f},
                               {0.000f, 0.274f}};
        lathe(st, AG_COUNT(st), 48, 3, &t);
        ag_add(m, wood, &t);
    }
}

void gen_lamp(ag_model *m, int style) {
    vt_mesh_data t;
    if (style == 0) { /* ceramic gourd base, brass stem, linen drum shade */
        uint32_t glaze = ag_mat_add(m, ag_glaze("Glaze", 0.80f, 0.74f, 0.62f));
        uint32_t met = ag_mat_add(m, ag_metal("Metal", AG_BRASS, 0.3f));
        ag_mat sh = ag_fabric("Shade", 0.93f, 0.90f, 0.83f);
        sh.double_sided = true, sh.emissive[0] = 0.30f, sh.emissive[1] = 0.24f,
        sh.emissive[2] = 0.16f;
        uint32_t shade = ag_mat_add(m, sh);
        const float p[][2] = {{0.000f, 0.000f}, {0.060f, 0.000f}, {0.085f, 0.030f},
                              {0.095f, 0.090f}, {0.080f, 0.160f}, {0.050f, 0.210f},
                              {0.040f, 0.240f}, {0.045f, 0.262f}, {0.030f, 0.270f},
                              {0.000f, 0.272f}};
        lathe(p, AG_COUNT(p), 64, 4, &t);
        ag_add(m, glaze, &t);
        ag_cylinder(0.008f, 0.19f, 0.002f, 24, &t);
        ag_move(&t, 0, 0.265f, 0);
        ag_add(m, met, &t);
        /* a drum shade: open cone, a few millimetres of wall */
        const float s[][2] = {{0.118f, 0.330f}, {0.170f, 0.330f}, {0.172f, 0.332f},
                              {0.120f, 0.560f}, {0.116f, 0.558f}, {0.166f, 0.334f}};
        lathe(s, AG_COUNT(s), 72, 1, &t);
        ag_add(m, shade, &t);
        ag_cylinder(0.016f, 0.02f, 0.004f, 24, &t);
        ag_move(&t, 0, 0.455f, 0);
        ag_add(m, met, &t);
    } else if (style == 1) { /* brass desk lamp: round base, angled arm, cone shade */
        uint32_t met = ag_mat_add(m, ag_metal("Metal", AG_BRASS, 0.22f));
        ag_mat in = ag_matte("Bulb", 0.95f, 0.92f, 0.85f, 0.3f);
        in.emissive[0] = 1.0f, in.emissive[1] = 0.86f, in.emissive[2] = 0.62f;
        uint32_t bulb = ag_mat_add(m, in);
        uint32_t shade = ag_mat_add(m, ag_metal("Shade", AG_BRASS, 0.35f));
        ag_cylinder(0.085f, 0.018f, 0.006f, 64, &t);
        ag_add(m, met, &t);
        const float arm[][3] = {
            {0, 0.015f, 0}, {0, 0.26f, -0.02f}, {0.0f, 0.40f, 0.02f}, {0.0f, 0.42f, 0.12f}};
        ag_tube(&(ag_tube_desc){.pts = arm,
                                .count = 4,
                                .r0 = 0.0065f,
                                .up = {1, 0, 0},
                                .steps_per_span = 10,
                                .sides = 16,
                                .caps = true},
                &t);
        ag_add(m, met, &t);
        const float cone[][2] = {{0.000f, 0.000f},  {0.020f, 0.000f},  {0.030f, -0.020f},
                                 {0.075f, -0.110f}, {0.078f, -0.118f}, {0.072f, -0.112f},
                                 {0.026f, -0.024f}, {0.000f, -0.016f}};
        lathe(cone, AG_COUNT(cone), 64, 2, &t);
        ag_xform(&t, NULL, (const float[3]){-25, 0, 0}, (const float[3]){0, 0.435f, 0.13f});
        ag_add(m, shade, &t);
        vt_mesh_sphere(0.028f, 24, 16, &t);
        ag_move(&t, 0, 0.38f, 0.16f);
        ag_add(m, bulb, &t);
    } else { /* mushroom lamp: opal glass dome on a glazed stem */
        ag_mat op = ag_matte("Opal", 0.94f, 0.92f, 0.88f, 0.15f);
        op.emissive[0] = 0.9f, op.emissive[1] = 0.75f, op.emissive[2] = 0.52f;
        op.clearcoat = 1, op.clearcoat_roughness = 0.03f;
        uint32_t opal = ag_mat_add(m, op);
        uint32_t glaze = ag_mat_add(m, ag_glaze("Glaze", 0.24f, 0.30f, 0.26f));
        const float st[][2] = {{0.000f, 0.000f}, {0.075f, 0.000f}, {0.080f, 0.008f},
                               {0.060f, 0.030f}, {0.030f, 0.080f}, {0.026f, 0.190f},
                               {0.040f, 0.215f}, {0.000f, 0.218f}};
        lathe(st, AG_COUNT(st), 64, 3, &t);
        ag_add(m, glaze, &t);
        const float dome[][2] = {{0.000f, 0.200f}, {0.120f, 0.200f}, {0.140f, 0.212f},
                                 {0.138f, 0.240f}, {0.110f, 0.300f}, {0.060f, 0.330f},
                                 {0.000f, 0.338f}};
        lathe(dome, AG_COUNT(dome), 72, 4, &t);
        ag_add(m, opal, &t);
    }
}
