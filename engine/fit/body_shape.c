/* The mannequin's design: measurements -> blended primitives and a skeleton.
   Proportions of heights are fractions of stature from anthropometric tables
   (Drillis & Contini segment lengths; Pheasant "Bodyspace" heights); widths
   come from the measurements. The shape is only a first guess of the girths:
   body_build.c fits it to the tape. */
#include "core/internal.h"
#include "fit_internal.h"

#include <math.h>
#include <string.h>

/* fminf/fmaxf are library calls without -ffast-math; the field needs them inline. */
static inline float mnf(float a, float b) {
    return a < b ? a : b;
}
static inline float mxf(float a, float b) {
    return a > b ? a : b;
}

const char *const vt__joint_names[VT_JOINT_COUNT] = {
    "hips",          "spine",         "chest",         "upperChest",    "neck",
    "head",          "leftShoulder",  "leftUpperArm",  "leftLowerArm",  "leftHand",
    "rightShoulder", "rightUpperArm", "rightLowerArm", "rightHand",     "leftUpperLeg",
    "leftLowerLeg",  "leftFoot",      "leftToes",      "rightUpperLeg", "rightLowerLeg",
    "rightFoot",     "rightToes"};
const int vt__joint_parents[VT_JOINT_COUNT] = {-1, 0,  1,  2, 3,  4,  3,  6, 7,  8,  3,
                                               10, 11, 12, 0, 14, 15, 16, 0, 18, 19, 20};

static float clampf(float v, float lo, float hi) {
    return v < lo ? lo : v > hi ? hi : v;
}
static float dot3(const float a[3], const float b[3]) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

float vt__torso_centre_z(const vt__torso *t, float y) {
    float u = clampf((y - t->y0) / (t->y1 - t->y0), 0, 1) * (VT__TORSO_SAMPLES - 1);
    int i = (int)u;
    if (i >= VT__TORSO_SAMPLES - 1) i = VT__TORSO_SAMPLES - 2;
    float f = u - (float)i;
    return t->c[i] + (t->c[i + 1] - t->c[i]) * f;
}

static float torso_sdf(const vt__torso *t, const float q[3]) {
    float u = clampf((q[1] - t->y0) / (t->y1 - t->y0), 0, 1) * (VT__TORSO_SAMPLES - 1);
    int i = (int)u;
    if (i >= VT__TORSO_SAMPLES - 1) i = VT__TORSO_SAMPLES - 2;
    float f = u - (float)i;
    float a = t->a[i] + (t->a[i + 1] - t->a[i]) * f;
    float b = t->b[i] + (t->b[i + 1] - t->b[i]) * f;
    float c = t->c[i] + (t->c[i + 1] - t->c[i]) * f;
    float n = t->n[i] + (t->n[i + 1] - t->n[i]) * f;
    float x = fabsf(q[0]) / a, z = fabsf(q[2] - c) / b;
    float x2 = x * x, z2 = z * z;
    float r2 = sqrtf(x2 + z2);
    float r4 = sqrtf(sqrtf(x2 * x2 + z2 * z2));
    float r = r2 + (r4 - r2) * n;
    /* First-order distance: (r - 1) / |grad r| of the ellipse norm. */
    float g = sqrtf(x2 / (a * a) + z2 / (b * b));
    float d = g > 1e-6f ? (r - 1) * r2 / g : (r - 1) * mnf(a, b);
    float dy = mxf(t->y0 - q[1], q[1] - t->y1);
    if (dy > 0 && d > 0) return sqrtf(d * d + dy * dy);
    return mxf(d, dy);
}

/* Round cone (Inigo Quilez). */
static float cone_sdf(const vt__prim *p, const float q[3]) {
    float ba[3] = {p->b[0] - p->a[0], p->b[1] - p->a[1], p->b[2] - p->a[2]};
    float pa[3] = {q[0] - p->a[0], q[1] - p->a[1], q[2] - p->a[2]};
    float l2 = dot3(ba, ba), rr = p->ra - p->rb, a2 = l2 - rr * rr, il2 = 1.0f / l2;
    float y = dot3(pa, ba), z = y - l2;
    float w[3] = {pa[0] * l2 - ba[0] * y, pa[1] * l2 - ba[1] * y, pa[2] * l2 - ba[2] * y};
    float x2 = dot3(w, w), y2 = y * y * l2, z2 = z * z * l2;
    float k = (rr > 0 ? 1.0f : rr < 0 ? -1.0f : 0.0f) * rr * rr * x2;
    if ((z > 0 ? 1.0f : z < 0 ? -1.0f : 0.0f) * a2 * z2 > k) return sqrtf(x2 + z2) * il2 - p->rb;
    if ((y > 0 ? 1.0f : y < 0 ? -1.0f : 0.0f) * a2 * y2 < k) return sqrtf(x2 + y2) * il2 - p->ra;
    return (sqrtf(x2 * a2 * il2) + y * rr) * il2 - p->ra;
}

static float ellipsoid_sdf(const vt__prim *p, const float q[3]) {
    float d[3] = {q[0] - p->c[0], q[1] - p->c[1], q[2] - p->c[2]};
    float l[3] = {dot3(p->axes[0], d), dot3(p->axes[1], d), dot3(p->axes[2], d)};
    float k0 = 0, k1 = 0;
    for (int i = 0; i < 3; i++) {
        float u = l[i] / p->r[i], v = l[i] / (p->r[i] * p->r[i]);
        k0 += u * u;
        k1 += v * v;
    }
    k0 = sqrtf(k0);
    k1 = sqrtf(k1);
    return k1 > 1e-9f ? k0 * (k0 - 1.0f) / k1 : -mnf(p->r[0], mnf(p->r[1], p->r[2]));
}

float vt__prim_sdf(const vt__shape *s, const vt__prim *p, const float q[3]) {
    switch (p->kind) {
    case VT__PRIM_TORSO:
        return torso_sdf(&s->torso, q);
    case VT__PRIM_CONE:
        return cone_sdf(p, q);
    default:
        return ellipsoid_sdf(p, q);
    }
}

static float smin(float a, float b, float k) {
    if (k <= 0) return mnf(a, b);
    float h = mxf(k - fabsf(a - b), 0.0f) / k;
    return mnf(a, b) - h * h * k * 0.25f;
}

/* The shared primitives blend in order; each leg's continue from them on
   their own, and the two results meet as a plain union: a smooth blend
   of one thigh with the other would web the legs together below the
   crotch. */
float vt__shape_field(const vt__shape *s, const int *list, int count, const float q[3]) {
    float d = 1.0f, side[2];
    int n = list ? count : s->prim_count, k = 0;
    for (; k < n; k++) {
        const vt__prim *pr = &s->prims[list ? list[k] : k];
        if (pr->side) break;
        d = smin(d, vt__prim_sdf(s, pr, q), pr->k);
    }
    side[0] = side[1] = d;
    for (; k < n; k++) {
        const vt__prim *pr = &s->prims[list ? list[k] : k];
        float *e = &side[pr->side > 0];
        *e = smin(*e, vt__prim_sdf(s, pr, q), pr->k);
    }
    return mnf(side[0], side[1]);
}

static void bounds_point(vt__prim *p, const float c[3], float r) {
    for (int i = 0; i < 3; i++) {
        p->lo[i] = mnf(p->lo[i], c[i] - r);
        p->hi[i] = mxf(p->hi[i], c[i] + r);
    }
}

static vt__prim *add(vt__shape *s, vt__prim_kind kind, int bone, float k) {
    VT_ASSERT(s->prim_count < VT__MAX_PRIMS); /* the body's design outgrew the table */
    vt__prim *p = &s->prims[s->prim_count++];
    memset(p, 0, sizeof *p);
    p->kind = kind;
    p->bone = bone;
    p->k = k * s->scale;
    for (int i = 0; i < 3; i++) {
        p->lo[i] = INFINITY;
        p->hi[i] = -INFINITY;
    }
    return p;
}

static void cone(vt__shape *s, int bone, float k, const float a[3], float ra, const float b[3],
                 float rb) {
    vt__prim *p = add(s, VT__PRIM_CONE, bone, k);
    memcpy(p->a, a, sizeof p->a);
    memcpy(p->b, b, sizeof p->b);
    p->ra = ra;
    p->rb = rb;
    bounds_point(p, a, ra);
    bounds_point(p, b, rb);
}

/* Ellipsoid with radii r along the local axes x', y', z' (rows of axes). */
static void ellipsoid(vt__shape *s, int bone, float k, const float c[3], const float r[3],
                      const float axes[3][3]) {
    vt__prim *p = add(s, VT__PRIM_ELLIPSOID, bone, k);
    memcpy(p->c, c, sizeof p->c);
    memcpy(p->r, r, sizeof p->r);
    static const float id[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    memcpy(p->axes, axes ? axes : id, sizeof p->axes);
    bounds_point(p, c, mxf(r[0], mxf(r[1], r[2])));
}

/* Half-width of an ellipse of perimeter g (metres) and depth/width ratio k. */
static float ellipse_a(float g, float k) {
    float h = (1 - k) * (1 - k) / ((1 + k) * (1 + k));
    float per = 3.14159265f * (1 + k) * (1 + 3 * h / (10 + sqrtf(4 - 3 * h)));
    return g / per;
}

typedef struct knot {
    float y, a, b, c, n;
    bool flat; /* an extreme: zero slope */
} knot;

static float hermite(const knot *k, int count, float y, size_t field) {
    int i = 0;
    while (i + 2 < count && y > k[i + 1].y) i++;
#define V(j) (*(const float *)(const void *)((const char *)&k[j] + field))
    float t = clampf((y - k[i].y) / (k[i + 1].y - k[i].y), 0, 1);
    float h = k[i + 1].y - k[i].y;
    float m[2];
    for (int e = 0; e < 2; e++) {
        int j = i + e;
        if (k[j].flat || j == 0 || j == count - 1)
            m[e] = 0;
        else
            m[e] = (V(j + 1) - V(j - 1)) / (k[j + 1].y - k[j - 1].y);
    }
    float t2 = t * t, t3 = t2 * t;
    float v = (2 * t3 - 3 * t2 + 1) * V(i) + (t3 - 2 * t2 + t) * h * m[0] +
              (-2 * t3 + 3 * t2) * V(i + 1) + (t3 - t2) * h * m[1];
#undef V
    return v;
}

void vt__shape_design(const vt_body_measurements *m, vt__shape *s) {
    memset(s, 0, sizeof *s);
    const float H = m->stature / 100.0f;
    const float fem = m->body_type == VT_BODY_FEMALE ? 1.0f
                      : m->body_type == VT_BODY_MALE ? 0.0f
                                                     : 0.5f;
    const float chest = m->chest_girth / 100, waist = m->waist_girth / 100,
                hip = m->hip_girth / 100, under = m->underbust_girth / 100;
    const float sw = m->shoulder_width / 100, arm = m->arm_length / 100;
    const float r_neck = m->neck_girth / 100 / 6.2832f, r_thigh = m->thigh_girth / 100 / 6.2832f;
    const float crotch = m->inside_leg_length / 100;
    const float sc = sqrtf(chest / 0.95f * H / 1.72f); /* limb thickness follows build */
    s->scale = H / 1.72f;                              /* blend radii follow size */

    vt_body_landmarks *L = &s->landmarks;
    L->crotch_y = crotch;
    L->hip_y = crotch + 0.055f * H;
    L->waist_y = (0.605f + 0.015f * fem) * H;
    L->chest_y = 0.715f * H;
    L->shoulder_y = 0.815f * H;
    L->neck_y = 0.835f * H;
    if (L->waist_y < L->hip_y + 0.06f * H) L->waist_y = L->hip_y + 0.06f * H;

    /* Torso sections: girth -> ellipse half-axes. A female chest section is the
       rib cage (underbust); the bust is added on top. */
    float k_hip = 0.88f - 0.18f * fem, k_w = 0.86f - 0.12f * fem, k_ch = 0.60f + 0.12f * fem;
    float a_hip = ellipse_a(hip * 0.94f, k_hip), a_w = ellipse_a(waist * 0.98f, k_w);
    /* Only the female mannequin has a bust; neutral is flat-chested. */
    const bool bust = m->body_type == VT_BODY_FEMALE;
    float g_ch = bust ? under * 1.02f : chest;
    float a_ch = ellipse_a(g_ch * 0.97f, k_ch);
    /* Without a bust the rib cage barely narrows below the chest line. */
    float a_ub = ellipse_a((bust ? under : under + (chest - under) * 0.7f) * 0.98f, k_ch);
    float a_ap = mxf(a_ch * 0.98f, sw * 0.5f * 0.80f);
    float b_ap = a_ch * k_ch * 0.92f;
    /* A deep belly (a heavy body) flows up into the chest: no crease under it. */
    float b_ub = mxf(a_ub * k_ch, 0.5f * (a_w * k_w + a_ch * k_ch));
    const float sc1 = H / 1.72f;
    /* A broad chest pushes the arms out, so the armpit stays above the chest. */
    const float sx_sh = mxf(sw * 0.43f, a_ch + 0.015f * sc1);
    knot k[] = {
        /* The hip's depth sits behind the legs' axis (seat, not belly). The
           bottom is at the crotch: lower, the torso would web the thighs
           together below it. */
        {crotch + (0.002f + 0.004f * (1 - fem)) * H, a_hip * 0.42f, a_hip * k_hip * 0.6f,
         -0.014f * sc1, 0.2f, false},
        {crotch + 0.024f * H, a_hip * 0.84f, a_hip * k_hip * 0.84f,
         -(0.024f + 0.012f * (1 - fem)) * sc1, 0.3f, false},
        {L->hip_y, a_hip, a_hip * k_hip, -(0.022f + 0.014f * (1 - fem)) * sc1, 0.3f, true},
        {L->waist_y, a_w, a_w * k_w, -0.002f, 0.25f, true},
        {0.685f * H, a_ub, b_ub, 0.004f, 0.3f, false},
        {L->chest_y, a_ch, mxf(a_ch * k_ch, b_ub * 0.96f), 0.006f, 0.35f, true},
        {0.76f * H, a_ap, b_ap, 0.0f, 0.45f, false},
        {0.80f * H, mxf(sw * 0.5f * 0.74f, sx_sh * 0.82f), b_ap * 0.82f, -0.008f, 0.4f, false},
        {L->neck_y, r_neck * 1.35f, r_neck * 1.2f, -0.012f, 0.1f, false},
    };
    const int kc = (int)(sizeof k / sizeof k[0]);
    /* Zero slope only where the width really turns (no overshoot there);
       elsewhere a flat knot would leave a visible band on a straight torso. */
    for (int i = 1; i + 1 < kc; i++) k[i].flat = (k[i].a - k[i - 1].a) * (k[i + 1].a - k[i].a) <= 0;
    vt__torso *t = &s->torso;
    t->y0 = k[0].y;
    t->y1 = k[kc - 1].y;
    for (int i = 0; i < VT__TORSO_SAMPLES; i++) {
        float y = t->y0 + (t->y1 - t->y0) * (float)i / (VT__TORSO_SAMPLES - 1);
        t->a[i] = hermite(k, kc, y, offsetof(knot, a));
        t->b[i] = hermite(k, kc, y, offsetof(knot, b));
        t->c[i] = hermite(k, kc, y, offsetof(knot, c));
        t->n[i] = clampf(hermite(k, kc, y, offsetof(knot, n)), 0, 1);
        /* Round the top into the shoulders and neck like a dome. */
        float u = (y - 0.80f * H) / (t->y1 - 0.80f * H);
        if (u > 0) {
            float dome = sqrtf(mxf(1 - u * u * u, 0.0f));
            t->a[i] = r_neck * 0.85f + mxf(t->a[i] - r_neck * 0.85f, 0.0f) * dome;
            t->b[i] = r_neck * 0.85f + mxf(t->b[i] - r_neck * 0.85f, 0.0f) * sqrtf(dome);
        }
    }
    vt__prim *torso = add(s, VT__PRIM_TORSO, -1, 0);
    float amax = 0;
    for (int i = 0; i < VT__TORSO_SAMPLES; i++) amax = mxf(amax, mxf(t->a[i], t->b[i]));
    float lo[3] = {-amax, t->y0, -amax - 0.05f}, hi[3] = {amax, t->y1, amax + 0.05f};
    memcpy(torso->lo, lo, sizeof lo);
    memcpy(torso->hi, hi, sizeof hi);

    float(*J)[3] = s->joints;
    float y_hips = crotch + 0.035f * H;
    s->torso_joint_y[0] = y_hips;
    s->torso_joint_y[1] = 0.60f * H;
    s->torso_joint_y[2] = 0.665f * H;
    s->torso_joint_y[3] = 0.735f * H;
    for (int i = 0; i < 4; i++) {
        J[VT_JOINT_HIPS + i][1] = s->torso_joint_y[i];
        J[VT_JOINT_HIPS + i][2] = vt__torso_centre_z(t, s->torso_joint_y[i]) - 0.01f;
    }
    J[VT_JOINT_NECK][1] = L->neck_y - 0.01f * H;
    J[VT_JOINT_NECK][2] = -0.012f;
    J[VT_JOINT_HEAD][1] = 0.885f * H;
    J[VT_JOINT_HEAD][2] = 0.0f;

    /* Neck and head: an egg-shaped mannequin head. */
    float neck_a[3] = {0, 0.80f * H, -0.012f}, neck_b[3] = {0, 0.895f * H, 0.004f};
    cone(s, VT_JOINT_NECK, 0.025f, neck_a, r_neck * 1.05f, neck_b, r_neck * 0.92f);
    float head_c[3] = {0, H - 0.066f * H, 0.008f}, head_r[3] = {0.044f * H, 0.066f * H, 0.053f * H};
    float tilt = 0.25f; /* the egg's long axis leans back */
    float head_ax[3][3] = {{1, 0, 0}, {0, cosf(tilt), sinf(tilt)}, {0, -sinf(tilt), cosf(tilt)}};
    ellipsoid(s, VT_JOINT_HEAD, 0.02f, head_c, head_r, (const float(*)[3])head_ax);
    float jaw_c[3] = {0, 0.905f * H, 0.028f}, jaw_r[3] = {0.030f * H, 0.026f * H, 0.030f * H};
    ellipsoid(s, VT_JOINT_HEAD, 0.03f, jaw_c, jaw_r, NULL);

    /* Bust. */
    if (bust) {
        float br = 0.055f + 0.25f * mxf(chest - under, 0.05f);
        float zc = vt__torso_centre_z(t, L->chest_y) + a_ch * k_ch - br * 0.55f;
        for (int side = -1; side <= 1; side += 2) {
            float c[3] = {(float)side * a_ch * 0.45f, L->chest_y + 0.004f * H, zc};
            float r[3] = {br * 1.05f, br, br * 0.9f};
            ellipsoid(s, VT_JOINT_UPPER_CHEST, 0.035f, c, r, NULL);
        }
    }

    for (int side = -1; side <= 1; side += 2) {
        float sd = (float)side;
        bool left = side > 0;
        /* Arms: 45 degrees below horizontal. */
        int sh = left ? VT_JOINT_LEFT_SHOULDER : VT_JOINT_RIGHT_SHOULDER;
        float S[3] = {sd * sx_sh, 0.795f * H, -0.01f};
        float dir[3] = {sd * 0.7071f, -0.7071f, 0};
        float E[3], W[3];
        for (int i = 0; i < 3; i++) {
            E[i] = S[i] + dir[i] * arm * 0.55f;
            W[i] = E[i] + dir[i] * arm * 0.45f;
        }
        E[2] += 0.005f;
        W[2] += 0.02f;
        float C[3] = {sd * 0.03f * H, 0.79f * H, -0.012f};
        memcpy(J[sh], C, sizeof C);
        memcpy(J[sh + 1], S, sizeof S);
        memcpy(J[sh + 2], E, sizeof E);
        memcpy(J[sh + 3], W, sizeof W);
        float r_up = 0.047f * sc, r_el = 0.034f * sc, r_wr = 0.025f * sc;
        /* Trapezius: a slope from the base of the neck out to the shoulder. */
        float tn[3] = {sd * r_neck * 0.6f, L->neck_y - 0.005f * H, -0.018f};
        float ts[3] = {S[0] - sd * 0.035f * sc, S[1] + 0.012f * H, -0.018f};
        cone(s, sh, 0.05f, tn, r_neck * 0.95f, ts, 0.036f * sc);
        /* Deltoid: an ellipsoid along the arm that caps the shoulder and
           flows into the upper arm. */
        float sd1 = mnf(sc, 1.1f * sc1); /* a huge chest must not reach the arm's cap down */
        float dc[3] = {S[0] + dir[0] * 0.03f * sd1, S[1] + dir[1] * 0.03f * sd1, S[2]};
        float dax[3][3] = {{dir[0], dir[1], 0}, {-dir[1] * sd, dir[0] * sd, 0}, {0, 0, 1}};
        ellipsoid(s, sh + 1, 0.05f, dc, (float[3]){0.07f * sd1, 0.05f * sc, 0.052f * sc},
                  (const float(*)[3])dax);
        cone(s, sh + 1, 0.02f, S, r_up, E, r_el);
        float ax[3][3] = {{-dir[1] * sd, dir[0] * sd, 0}, {dir[0], dir[1], 0}, {0, 0, 1}};
        cone(s, sh + 2, 0.006f, E, r_el * 0.97f, W, r_wr);
        /* Forearm muscle just below the elbow, so the elbow reads as a joint. */
        float fa[3], fl = arm * 0.45f;
        for (int i = 0; i < 3; i++) fa[i] = E[i] + dir[i] * fl * 0.32f;
        ellipsoid(s, sh + 2, 0.03f, fa, (float[3]){r_el * 1.08f, fl * 0.3f, r_el * 1.05f},
                  (const float(*)[3])ax);
        /* Hand: a flat mitten along the arm, palm towards the body. */
        float palm[3] = {W[0] + dir[0] * 0.036f * H, W[1] + dir[1] * 0.036f * H, W[2] + 0.005f};
        ellipsoid(s, sh + 3, 0.02f, palm, (float[3]){0.0135f * H, 0.038f * H, 0.026f * H},
                  (const float(*)[3])ax);
        /* Fingers together: a rounded mitten end, not a blade. */
        float fing[3] = {W[0] + dir[0] * 0.074f * H, W[1] + dir[1] * 0.074f * H, W[2] + 0.006f};
        ellipsoid(s, sh + 3, 0.02f, fing, (float[3]){0.0105f * H, 0.033f * H, 0.0225f * H},
                  (const float(*)[3])ax);
    }
    /* Legs, after everything shared (see vt__shape_field). */
    for (int side = -1; side <= 1; side += 2) {
        float sd = (float)side;
        bool left = side > 0;
        int first = s->prim_count;
        int ul = left ? VT_JOINT_LEFT_UPPER_LEG : VT_JOINT_RIGHT_UPPER_LEG;
        /* The legs stand apart enough that the thighs part at the crotch
           (0.53 of the hip's half-width joined them some 10 cm lower), and
           thick thighs under narrow hips stand wider. */
        float xh = sd * mxf(a_hip * 0.58f, r_thigh + 0.006f * sc1);
        float Hj[3] = {xh, y_hips, -0.005f};
        float K[3] = {xh * 0.92f + sd * 0.004f, 0.285f * H, 0.008f};
        float A[3] = {xh * 0.92f + sd * 0.014f, 0.045f * H, -0.012f};
        float T[3] = {A[0] + sd * 0.01f, 0.012f * H, A[2] + 0.10f * H};
        memcpy(J[ul], Hj, sizeof Hj);
        memcpy(J[ul + 1], K, sizeof K);
        memcpy(J[ul + 2], A, sizeof A);
        memcpy(J[ul + 3], T, sizeof T);
        s->ball_z = T[2];
        float r_kn = 0.60f * r_thigh + 0.004f, r_an = 0.0165f * H;
        float r_top = r_thigh * (0.96f - 0.08f * fem);
        float Ht[3] = {xh, crotch + 0.07f * H, -0.012f};
        cone(s, ul, 0.045f, Ht, r_top, K, r_kn);
        /* Thigh muscle: full at the top, tapering into the knee. */
        /* (a little outward of the leg's axis: the inside of the thigh
           stays clear of the other one) */
        float tc[3] = {Ht[0] * 0.84f + K[0] * 0.16f + sd * 0.08f * r_thigh,
                       Ht[1] * 0.84f + K[1] * 0.16f, -0.006f};
        float tdir[3] = {K[0] - Ht[0], K[1] - Ht[1], 0};
        float tl = sqrtf(tdir[0] * tdir[0] + tdir[1] * tdir[1]);
        float tax[3][3] = {
            {tdir[1] / tl, -tdir[0] / tl, 0}, {tdir[0] / tl, tdir[1] / tl, 0}, {0, 0, 1}};
        ellipsoid(s, ul, 0.025f, tc, (float[3]){r_thigh * 0.98f, tl * 0.45f, r_thigh * 1.0f},
                  (const float(*)[3])tax);
        cone(s, ul + 1, 0.006f, K, r_kn * 0.97f, A, r_an);
        /* Knee cap: covers the joint of the two cones with one smooth swell. */
        ellipsoid(s, ul + 1, 0.02f, K, (float[3]){r_kn * 0.96f, 0.065f * H, r_kn * 0.98f}, NULL);
        float calf[3] = {K[0] * 0.7f + A[0] * 0.3f, 0.2f * H, -0.02f};
        ellipsoid(s, ul + 1, 0.04f, calf, (float[3]){r_kn * 0.9f, 0.062f * H, r_kn * 0.98f}, NULL);
        float heel[3] = {A[0], 0.019f * H, A[2] - 0.022f * H};
        float toe[3] = {A[0] + sd * 0.012f, 0.012f * H, A[2] + 0.112f * H};
        cone(s, ul + 2, 0.03f, heel, 0.019f * H, toe, 0.012f * H);
        float arch[3] = {A[0] + sd * 0.004f, 0.022f * H, A[2] + 0.04f * H};
        ellipsoid(s, ul + 2, 0.03f, arch, (float[3]){0.025f * H, 0.02f * H, 0.05f * H}, NULL);
        /* A broad, flat forefoot rather than a pointed slipper. */
        float fore[3] = {A[0] + sd * 0.008f, 0.014f * H, A[2] + 0.085f * H};
        ellipsoid(s, ul + 2, 0.025f, fore, (float[3]){0.027f * H, 0.014f * H, 0.04f * H}, NULL);
        for (int p = first; p < s->prim_count; p++) s->prims[p].side = side;
    }
}
