/* Garments: tees and shirts on hangers, dresses cut to the dress form, trousers on
   a clip hanger. Bodies are lofts of flattened rounded rings (a hanging garment
   is about 3 cm deep), sleeves are tubes; sizes are those of a size M. */
#include "products.h"

#include <math.h>

ag_mat ag_fabric(const char *name, float r, float g, float b) {
    /* cloth: rough, with a soft sheen lobe at grazing angles */
    return (ag_mat){
        .name = name,
        .color = {r, g, b},
        .roughness = 0.85f,
        .sheen = {fminf(1, r * 0.5f + 0.5f), fminf(1, g * 0.5f + 0.5f), fminf(1, b * 0.5f + 0.5f)},
        .sheen_roughness = 0.45f};
}

ag_mat ag_leather(const char *name, float r, float g, float b) {
    return (ag_mat){.name = name,
                    .color = {r, g, b},
                    .roughness = 0.48f,
                    .clearcoat = 0.25f,
                    .clearcoat_roughness = 0.35f};
}

ag_mat ag_metal(const char *name, float r, float g, float b, float roughness) {
    return (ag_mat){.name = name, .color = {r, g, b}, .metallic = 1, .roughness = roughness};
}

ag_mat ag_glass(const char *name, float r, float g, float b) {
    /* The renderer's transmission sees only the environment, not the scene behind; a
       blended alpha lets what is inside and behind the glass show as well. */
    return (ag_mat){.name = name,
                    .color = {r, g, b},
                    .roughness = 0.04f,
                    .transmission = 1,
                    .ior = 1.5f,
                    .thickness = 0.004f,
                    .alpha = 0.35f,
                    .double_sided = false};
}

ag_mat ag_glaze(const char *name, float r, float g, float b) {
    return (ag_mat){.name = name,
                    .color = {r, g, b},
                    .roughness = 0.25f,
                    .clearcoat = 0.7f,
                    .clearcoat_roughness = 0.06f};
}

ag_mat ag_matte(const char *name, float r, float g, float b, float roughness) {
    return (ag_mat){.name = name, .color = {r, g, b}, .roughness = roughness};
}

void ag_torso_at(float t, float *a, float *b) {
    /* a size-36 dress form, base (t = 0) at the hip cut, neck top at t = 0.86 */
    static const float tab[][3] = {
        {0.00f, 0.150f, 0.112f}, {0.08f, 0.176f, 0.128f}, {0.20f, 0.163f, 0.118f},
        {0.32f, 0.132f, 0.096f}, {0.44f, 0.150f, 0.112f}, {0.51f, 0.162f, 0.128f},
        {0.59f, 0.165f, 0.112f}, {0.65f, 0.170f, 0.086f}, {0.69f, 0.128f, 0.068f},
        {0.72f, 0.058f, 0.052f}, {0.84f, 0.046f, 0.044f}, {0.86f, 0.040f, 0.040f},
    };
    uint32_t n = AG_COUNT(tab);
    if (t <= tab[0][0]) {
        *a = tab[0][1], *b = tab[0][2];
        return;
    }
    for (uint32_t i = 0; i + 1 < n; i++)
        if (t <= tab[i + 1][0]) {
            float u = (t - tab[i][0]) / (tab[i + 1][0] - tab[i][0]);
            u = u * u * (3 - 2 * u);
            *a = tab[i][1] + (tab[i + 1][1] - tab[i][1]) * u;
            *b = tab[i][2] + (tab[i + 1][2] - tab[i][2]) * u;
            return;
        }
    *a = tab[n - 1][1], *b = tab[n - 1][2];
}

void ag_hanger(ag_model *m, uint32_t wood, uint32_t wire, float top, float half_w, bool clips) {
    float c = top - 0.0225f; /* centre of the hook's curl */
    float yb = c - 0.075f;   /* top of the bar */
    vt_mesh_data t;
    if (!clips) {
        const float bar[][3] = {{-half_w, yb - 0.055f, 0},
                                {-half_w * 0.5f, yb - 0.022f, 0},
                                {0, yb - 0.008f, 0},
                                {half_w * 0.5f, yb - 0.022f, 0},
                                {half_w, yb - 0.055f, 0}};
        ag_tube(&(ag_tube_desc){.pts = bar,
                                .count = 5,
                                .r0 = 0.013f,
                                .flat = 0.55f,
                                .up = {0, 0, 1},
                                .steps_per_span = 6,
                                .sides = 16,
                                .caps = true},
                &t);
    } else {
        const float bar[][3] = {{-half_w, yb + 0.03f, 0}, {half_w, yb + 0.03f, 0}};
        ag_tube(&(ag_tube_desc){.pts = bar,
                                .count = 2,
                                .r0 = 0.006f,
                                .up = {0, 0, 1},
                                .steps_per_span = 4,
                                .sides = 12,
                                .caps = true},
                &t);
    }
    ag_add(m, clips ? wire : wood, &t);
    if (clips)
        for (int s = -1; s <= 1; s += 2) {
            ag_rbox(0.035f, 0.05f, 0.014f, 0.004f, &t);
            ag_move(&t, (float)s * (half_w - 0.04f), yb - 0.015f, 0);
            ag_add(m, wire, &t);
        }
    /* hook: stem up from the bar, then a curl over the rail in the y-z plane */
    float hook[8][3] = {{0, clips ? yb + 0.03f : yb - 0.01f, 0}, {0, c - 0.035f, 0}};
    static const float ang[] = {0, 60, 120, 180, 240, 275};
    for (int i = 0; i < 6; i++) {
        float th = ang[i] * AG_PI / 180;
        hook[2 + i][0] = 0, hook[2 + i][1] = c - 0.02f * cosf(th),
                 hook[2 + i][2] = 0.02f * sinf(th);
    }
    ag_tube(&(ag_tube_desc){.pts = (const float(*)[3])hook,
                            .count = 8,
                            .r0 = 0.0025f,
                            .up = {1, 0, 0},
                            .steps_per_span = 5,
                            .sides = 10,
                            .caps = true},
            &t);
    ag_add(m, wire, &t);
}

/* The top of a garment on a hanger: hook top at `top`. */
#define HANG_TOP 0.86f

static void sleeve(ag_model *m, uint32_t mat, float side, const float (*pts)[3], uint32_t n,
                   float r0, float r1, float flat) {
    float pp[6][3], rr[6];
    for (uint32_t i = 0; i < n; i++) {
        pp[i][0] = side * pts[i][0], pp[i][1] = pts[i][1], pp[i][2] = pts[i][2];
        rr[i] = r0 + (r1 - r0) * (float)i / (float)(n - 1);
    }
    vt_mesh_data t;
    ag_tube(&(ag_tube_desc){.pts = (const float(*)[3])pp,
                            .radius = rr,
                            .count = n,
                            .flat = flat,
                            .up = {0, 0, 1},
                            .steps_per_span = 6,
                            .sides = 24,
                            .caps = true},
            &t);
    ag_add(m, mat, &t);
}

void gen_tee(ag_model *m, int style) {
    /* style 0: a fitted organic tee; 1: a boxy heavyweight tee with a pocket */
    uint32_t fab = ag_mat_add(m, ag_fabric("Fabric", 0.93f, 0.90f, 0.84f));
    uint32_t wood = ag_mat_add(m, ag_matte("Hanger", 0.66f, 0.48f, 0.32f, 0.55f));
    uint32_t wire = ag_mat_add(m, ag_metal("Metal", AG_STEEL, 0.3f));
    float w = style ? 0.29f : 0.26f, len = style ? 0.70f : 0.71f;
    float y0 = HANG_TOP - 0.115f - len; /* hem */
    const ag_ring body[] = {
        {y0, 0, 0, w - 0.01f, 0.012f, 0.010f},
        {y0 + 0.004f, 0, 0, w, 0.020f, 0.018f},
        {y0 + 0.20f, 0, 0, w - 0.012f, 0.028f, 0.02f},
        {y0 + 0.45f, 0, 0, w, 0.030f, 0.02f},
        {y0 + len - 0.12f, 0, 0, w + 0.005f, 0.030f, 0.02f},
        {y0 + len - 0.05f, 0, 0, w - 0.035f, 0.026f, 0.02f},
        {y0 + len - 0.02f, 0, 0, 0.15f, 0.022f, 0.02f},
        {y0 + len, 0, 0, 0.09f, 0.016f, 0.014f},
        {y0 + len + 0.004f, 0, 0, 0, 0, 0},
    };
    vt_mesh_data t;
    ag_loft_smooth(body, AG_COUNT(body), 4, 64, &t);
    ag_add(m, fab, &t);
    /* rib collar: a soft ring round the neckline */
    const float neck[][3] = {{0, y0 + len - 0.004f, 0.030f},
                             {0.07f, y0 + len - 0.012f, 0.010f},
                             {0, y0 + len + 0.002f, -0.018f},
                             {-0.07f, y0 + len - 0.012f, 0.010f}};
    ag_tube(&(ag_tube_desc){.pts = neck,
                            .count = 4,
                            .r0 = 0.007f,
                            .up = {0, 1, 0},
                            .steps_per_span = 10,
                            .sides = 10,
                            .closed = true},
            &t);
    ag_add(m, fab, &t);
    for (int s = -1; s <= 1; s += 2) {
        const float sl[][3] = {{w - 0.07f, y0 + len - 0.07f, 0},
                               {w + 0.02f, y0 + len - 0.12f, 0.002f},
                               {w + (style ? 0.05f : 0.06f), y0 + len - 0.20f, 0.004f}};
        sleeve(m, fab, (float)s, sl, 3, 0.060f, style ? 0.068f : 0.062f, 0.32f);
    }
    if (style) { /* chest pocket */
        ag_rbox(0.11f, 0.13f, 0.006f, 0.003f, &t);
        ag_move(&t, 0.11f, y0 + len - 0.30f, 0.029f);
        ag_add(m, fab, &t);
    }
    ag_hanger(m, wood, wire, HANG_TOP, 0.21f, false);
}

void gen_longsleeve(ag_model *m, int style) {
    /* style 0: merino long-sleeve; 1: an overshirt with collar and buttons */
    uint32_t fab = ag_mat_add(m, ag_fabric("Fabric", 0.30f, 0.33f, 0.40f));
    uint32_t wood = ag_mat_add(m, ag_matte("Hanger", 0.66f, 0.48f, 0.32f, 0.55f));
    uint32_t wire = ag_mat_add(m, ag_metal("Metal", AG_STEEL, 0.3f));
    uint32_t btn = style ? ag_mat_add(m, ag_matte("Button", 0.30f, 0.22f, 0.16f, 0.35f)) : 0;
    float w = style ? 0.29f : 0.255f, len = style ? 0.76f : 0.69f, d = style ? 0.036f : 0.028f;
    float y0 = HANG_TOP - 0.115f - len;
    const ag_ring body[] = {
        {y0, 0, 0, w - 0.01f, 0.012f, 0.010f},
        {y0 + 0.005f, 0, 0, w, d * 0.7f, 0.018f},
        {y0 + 0.25f, 0, 0, w - 0.01f, d, 0.02f},
        {y0 + len - 0.12f, 0, 0, w + 0.004f, d, 0.02f},
        {y0 + len - 0.05f, 0, 0, w - 0.03f, d * 0.9f, 0.02f},
        {y0 + len - 0.02f, 0, 0, 0.15f, d * 0.75f, 0.02f},
        {y0 + len, 0, 0, 0.09f, 0.016f, 0.014f},
        {y0 + len + 0.004f, 0, 0, 0, 0, 0},
    };
    vt_mesh_data t;
    ag_loft_smooth(body, AG_COUNT(body), 4, 64, &t);
    ag_add(m, fab, &t);
    for (int s = -1; s <= 1; s += 2) {
        /* sleeves fall from the shoulder down the sides, a little in front of the body */
        const float sl[][3] = {{w - 0.075f, y0 + len - 0.085f, 0.004f},
                               {w + 0.035f, y0 + len - 0.16f, 0.010f},
                               {w + 0.055f, y0 + len - 0.40f, 0.022f},
                               {w + 0.05f, y0 + 0.02f, 0.030f}};
        sleeve(m, fab, (float)s, sl, 4, 0.068f, 0.048f, 0.42f);
        const float cuff[][3] = {{(float)s * (w + 0.05f), y0 + 0.03f, 0.030f},
                                 {(float)s * (w + 0.05f), y0 - 0.03f, 0.031f}};
        ag_tube(&(ag_tube_desc){.pts = cuff,
                                .count = 2,
                                .r0 = 0.05f,
                                .flat = 0.45f,
                                .up = {0, 0, 1},
                                .steps_per_span = 3,
                                .sides = 24,
                                .caps = true},
                &t);
        ag_add(m, fab, &t);
    }
    if (!style) {
        const float neck[][3] = {{0, y0 + len - 0.004f, 0.024f},
                                 {0.07f, y0 + len - 0.012f, 0.008f},
                                 {0, y0 + len + 0.002f, -0.016f},
                                 {-0.07f, y0 + len - 0.012f, 0.008f}};
        ag_tube(&(ag_tube_desc){.pts = neck,
                                .count = 4,
                                .r0 = 0.007f,
                                .up = {0, 1, 0},
                                .steps_per_span = 10,
                                .sides = 10,
                                .closed = true},
                &t);
        ag_add(m, fab, &t);
    } else {
        /* a shirt collar: two flattened wings meeting at the front, a placket and buttons */
        for (int s = -1; s <= 1; s += 2) {
            const float col[][3] = {{0, y0 + len + 0.004f, -0.02f},
                                    {(float)s * 0.09f, y0 + len - 0.01f, 0.020f},
                                    {(float)s * 0.06f, y0 + len - 0.06f, 0.042f},
                                    {(float)s * 0.012f, y0 + len - 0.075f, 0.044f}};
            ag_tube(&(ag_tube_desc){.pts = col,
                                    .count = 4,
                                    .r0 = 0.022f,
                                    .flat = 0.18f,
                                    .up = {0, 0, 1},
                                    .steps_per_span = 6,
                                    .sides = 16,
                                    .caps = true},
                    &t);
            ag_add(m, fab, &t);
        }
        ag_rbox(0.036f, len - 0.09f, 0.008f, 0.003f, &t);
        ag_move(&t, 0, y0 + 0.005f, d - 0.002f);
        ag_add(m, fab, &t);
        for (int i = 0; i < 6; i++) {
            ag_cylinder(0.0075f, 0.004f, 0.0015f, 20, &t);
            ag_xform(&t, NULL, (const float[3]){90, 0, 0},
                     (const float[3]){0, y0 + len - 0.10f - (float)i * 0.115f, d + 0.002f});
            ag_add(m, btn, &t);
        }
        for (int s = -1; s <= 1; s += 2) { /* two chest pockets with flaps */
            ag_rbox(0.12f, 0.14f, 0.006f, 0.003f, &t);
            ag_move(&t, (float)s * 0.12f, y0 + len - 0.33f, d - 0.002f);
            ag_add(m, fab, &t);
            ag_rbox(0.125f, 0.04f, 0.008f, 0.003f, &t);
            ag_move(&t, (float)s * 0.12f, y0 + len - 0.205f, d + 0.001f);
            ag_add(m, fab, &t);
        }
    }
    ag_hanger(m, wood, wire, HANG_TOP, 0.21f, false);
}

float ag_dress_base(int style) {
    return style == 1 ? 0.50f : 0.58f;
}

void gen_dress(ag_model *m, int style) {
    /* Cut to the dress form: the bodice follows ag_torso_at() 1-1.5 cm out, the skirt
       falls free below the hip cut. style 0: linen midi with cap sleeves; 1: a bias-cut
       silk slip dress on straps (shinier, closer to the body). Local y = 0 is the hem;
       the form's base sits DRESS_BASE above it. */
    bool slip = style == 1;
    uint32_t fab = ag_mat_add(m, slip ? (ag_mat){.name = "Fabric",
                                                 .color = {0.62f, 0.45f, 0.38f},
                                                 .roughness = 0.38f,
                                                 .sheen = {0.9f, 0.8f, 0.75f},
                                                 .sheen_roughness = 0.25f}
                                      : ag_fabric("Fabric", 0.85f, 0.80f, 0.70f));
    const float skirt = ag_dress_base(style); /* hem below the form's base */
    const float out = slip ? 0.008f : 0.014f;
    ag_ring r[24];
    uint32_t n = 0;
    r[n++] = (ag_ring){0.0f, 0, 0.01f, slip ? 0.235f : 0.33f, slip ? 0.19f : 0.27f, -1};
    r[n++] = (ag_ring){0.004f, 0, 0.01f, slip ? 0.24f : 0.335f, slip ? 0.195f : 0.275f, -1};
    float top = slip ? 0.58f : 0.67f;
    if (slip) { /* the bias cut skims the hips, then falls nearly straight */
        r[n++] = (ag_ring){skirt * 0.45f, 0, 0.005f, 0.215f, 0.165f, -1};
        r[n++] = (ag_ring){skirt * 0.85f, 0, 0, 0.19f, 0.14f, -1};
    } else { /* an A-line from the waist: a straight flare to the hem, clear of the hips */
        float wa, wb;
        ag_torso_at(0.32f, &wa, &wb);
        for (int k = 1; k <= 4; k++) {
            float f = (float)k / 5.0f, y = 0.004f + (skirt + 0.32f - 0.004f) * f;
            r[n++] = (ag_ring){y,
                               0,
                               0.01f * (1 - f),
                               0.335f + (wa + out - 0.335f) * f,
                               0.275f + (wb + out - 0.275f) * f,
                               -1};
        }
    }
    for (float t = slip ? 0.04f : 0.32f; t <= top + 1e-4f; t += slip ? 0.0675f : 0.0525f) {
        float a, b;
        ag_torso_at(t, &a, &b);
        r[n++] = (ag_ring){skirt + t, 0, 0, a + out, b + out, -1};
    }
    if (slip) {
        r[n++] = (ag_ring){skirt + top + 0.012f, 0, 0, 0.13f, 0.10f, -1};
        r[n++] = (ag_ring){skirt + top + 0.016f, 0, 0, 0.0f, 0.0f, -1};
    } else {
        r[n++] = (ag_ring){skirt + 0.70f, 0, 0, 0.11f, 0.072f, -1};
        r[n++] = (ag_ring){skirt + 0.71f, 0, 0, 0, 0, -1};
    }
    vt_mesh_data t;
    ag_loft_smooth(r, n, 3, 72, &t);
    ag_add(m, fab, &t);
    if (slip) { /* straps over the shoulders */
        for (int s = -1; s <= 1; s += 2) {
            const float st[][3] = {{(float)s * 0.10f, skirt + 0.585f, 0.10f},
                                   {(float)s * 0.115f, skirt + 0.70f, 0.035f},
                                   {(float)s * 0.115f, skirt + 0.70f, -0.03f},
                                   {(float)s * 0.10f, skirt + 0.585f, -0.09f}};
            ag_tube(&(ag_tube_desc){.pts = st,
                                    .count = 4,
                                    .r0 = 0.004f,
                                    .up = {1, 0, 0},
                                    .steps_per_span = 6,
                                    .sides = 8,
                                    .caps = true},
                    &t);
            ag_add(m, fab, &t);
        }
    } else { /* cap sleeves and a fabric belt */
        for (int s = -1; s <= 1; s += 2) {
            const float sl[][3] = {
                {0.15f, skirt + 0.655f, 0}, {0.185f, skirt + 0.615f, 0}, {0.20f, skirt + 0.57f, 0}};
            sleeve(m, fab, (float)s, sl, 3, 0.052f, 0.056f, 0.62f);
        }
        float a, b;
        ag_torso_at(0.32f, &a, &b);
        const float belt[][3] = {{0, skirt + 0.32f, b + out + 0.004f},
                                 {a + out + 0.004f, skirt + 0.32f, 0},
                                 {0, skirt + 0.32f, -(b + out + 0.004f)},
                                 {-(a + out + 0.004f), skirt + 0.32f, 0}};
        ag_tube(&(ag_tube_desc){.pts = belt,
                                .count = 4,
                                .r0 = 0.018f,
                                .flat = 0.25f,
                                .up = {0, 1, 0},
                                .steps_per_span = 12,
                                .sides = 12,
                                .closed = true},
                &t);
        ag_xform(&t, (const float[3]){1.02f, 1, 1.05f}, NULL,
                 NULL); /* a little proud of the waist */
        ag_add(m, fab, &t);
    }
}

void gen_trousers(ag_model *m, int style) {
    /* full length on a clip hanger; style 0: pleated wool; 1: wide linen with a drawstring */
    uint32_t fab = ag_mat_add(m, ag_fabric("Fabric", 0.28f, 0.27f, 0.26f));
    uint32_t wire = ag_mat_add(m, ag_metal("Metal", AG_STEEL, 0.25f));
    float waist = 1.03f, w = style ? 0.215f : 0.2f, hem_w = style ? 0.15f : 0.11f;
    float top = waist + 0.10f; /* hook top */
    const ag_ring seat[] = {
        {waist - 0.30f, 0, 0, w + 0.04f, 0.028f, 0.02f},
        {waist - 0.15f, 0, 0, w + 0.03f, 0.030f, 0.02f},
        {waist - 0.04f, 0, 0, w + 0.005f, 0.028f, 0.02f},
        {waist, 0, 0, w, 0.024f, 0.016f},
        {waist + 0.003f, 0, 0, 0, 0, 0},
    };
    vt_mesh_data t;
    ag_loft_smooth(seat, AG_COUNT(seat), 3, 56, &t);
    ag_add(m, fab, &t);
    for (int s = -1; s <= 1; s += 2) {
        float cx = (float)s * (w + 0.04f) * 0.5f;
        float hx = cx + (float)s * 0.02f;
        const ag_ring leg[] = {
            {0.0f, hx, 0, hem_w - 0.006f, 0.014f, 0.01f},
            {0.004f, hx, 0, hem_w, 0.022f, 0.016f},
            {0.45f, (cx + hx) / 2, 0, (hem_w + w * 0.62f) / 2, 0.025f, 0.018f},
            {waist - 0.26f, cx, 0, (w + 0.04f) * 0.5f, 0.027f, 0.018f},
            {waist - 0.2f, cx, 0, (w + 0.04f) * 0.45f, 0.02f, 0.015f},
        };
        ag_loft_smooth(leg, AG_COUNT(leg), 4, 40, &t);
        ag_add(m, fab, &t);
        if (!style) { /* pressed crease down the front of each leg */
            const float cr[][3] = {
                {hx, 0.02f, 0.021f}, {(cx + hx) / 2, 0.45f, 0.024f}, {cx, waist - 0.3f, 0.027f}};
            ag_tube(&(ag_tube_desc){.pts = cr,
                                    .count = 3,
                                    .r0 = 0.0025f,
                                    .up = {0, 0, 1},
                                    .steps_per_span = 6,
                                    .sides = 6,
                                    .caps = true},
                    &t);
            ag_add(m, fab, &t);
        }
    }
    /* waistband */
    ag_rbox(2 * w + 0.012f, 0.045f, 0.056f, 0.012f, &t);
    ag_move(&t, 0, waist - 0.045f, 0);
    ag_add(m, fab, &t);
    if (style) { /* drawstring ends */
        for (int s = -1; s <= 1; s += 2) {
            const float ds[][3] = {{(float)s * 0.02f, waist - 0.02f, 0.03f},
                                   {(float)s * 0.035f, waist - 0.12f, 0.034f},
                                   {(float)s * 0.03f, waist - 0.22f, 0.033f}};
            ag_tube(&(ag_tube_desc){.pts = ds,
                                    .count = 3,
                                    .r0 = 0.003f,
                                    .up = {0, 0, 1},
                                    .steps_per_span = 6,
                                    .sides = 8,
                                    .caps = true},
                    &t);
            ag_add(m, fab, &t);
        }
    } else {
        ag_cylinder(0.008f, 0.004f, 0.0015f, 20, &t);
        ag_xform(&t, NULL, (const float[3]){90, 0, 0}, (const float[3]){0, waist - 0.022f, 0.03f});
        ag_add(m, wire, &t);
    }
    ag_hanger(m, wire, wire, top, 0.19f, true);
}
