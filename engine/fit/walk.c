/* The walk cycle and the walker that skins body and garments into it.

   The cycle (1.1 s, two steps) is keyframed from normative gait curves
   (sagittal hip, knee and ankle angles of adult walking at a comfortable
   speed, after D. A. Winter, "Biomechanics and Motor Control of Human
   Movement", 4th ed., appendix A, read off at every 10 % of the cycle) and
   interpolated with a periodic Catmull-Rom spline, so any phase can be
   sampled. Phase 0 is the left heel strike; the right leg runs half a cycle
   behind. The pelvis turns (5 degrees) towards the leg in front and drops on
   the swing side (3 degrees); the chest turns back against it, the head
   keeps facing forward. Arms swing opposite the legs, lowered a little from
   the A-pose, the elbows bending more as the arm comes forward. The walk is
   in place: the root moves only up and down, by what keeps the lowest
   heel or ball of the feet on the floor, which gives the bob of a walk.

   The walker binds each garment vertex once to the nearest point of the
   rest body (triangle and barycentrics) and takes the body's skin weights
   interpolated there, so cloth and skin under it move with one blended
   transform (the nearest vertex's weights, as the T-pose takes them, jump
   from vertex to vertex). Linear blend skinning alone can still let cloth
   sink into the skin where the body folds (crotch, back of the knee,
   armpit: the skin there is pulled by weights that change over a few
   centimetres) or where another part comes to it (the arm against the
   torso, one thigh passing the other), so each vertex also keeps a second
   anchor on the nearest other part of the body, and each frame it is
   pushed back out along each posed anchor triangle's normal to at least
   min(its rest height over that triangle, the skin offset). Garments other
   than trousers keep only part of the legs' weights: a hem between the
   thighs that followed each leg fully would tear as they part; the pushes
   let the thighs carry it forward instead. Body and garment vertices are
   independent of each other within a pass, so the result is the same for
   any number of threads. */
#include "core/internal.h"
#include "fit/fit_internal.h"
#include "fit/garment_internal.h"
#include "fit/pose_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PI 3.14159265f
#define DEG (PI / 180)
#define KEYS 10
#define CHECK_PHASES 8
#define LEG_SHARE 0.35f /* of the legs' weights a shirt's or skirt's hem keeps */
#define OTHER_REACH                                                                                \
    0.06f /* m: how near another limb must be to guard against it */ /* phases                     \
                                                                        vt_fit_pose(VT_POSE_WALK)  \
                                                                        judges the garments at */

/* Left leg, degrees at phase 0, 0.1, ..., 0.9 (Winter, appendix A). */
static const float hip_flexion[KEYS] = {30, 26, 16, 6, -4, -10, -4, 12, 26, 32};
static const float knee_flexion[KEYS] = {4, 16, 14, 6, 4, 10, 36, 58, 50, 20};
static const float ankle_dorsiflexion[KEYS] = {0, -4, 4, 8, 10, 4, -14, -8, 0, 2};

/* Periodic Catmull-Rom through the keys. */
static float curve(const float *k, float phase) {
    float x = (phase - floorf(phase)) * KEYS;
    int i = (int)x;
    float t = x - (float)i;
    float p0 = k[(i + KEYS - 1) % KEYS], p1 = k[i % KEYS], p2 = k[(i + 1) % KEYS],
          p3 = k[(i + 2) % KEYS];
    return 0.5f * ((2 * p1) + (-p0 + p2) * t + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t * t +
                   (-p0 + 3 * p1 - 3 * p2 + p3) * t * t * t);
}

static void mat_mul(const float a[9], const float b[9], float o[9]) {
    float r[9];
    for (int i = 0; i < 3; i++)
        for (int j = 0; j < 3; j++)
            r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
    memcpy(o, r, sizeof r);
}

/* Rotation by `deg` about the unit axis (Rodrigues). */
static void rot(const float ax[3], float deg, float R[9]) {
    float c = cosf(deg * DEG), s = sinf(deg * DEG), t = 1 - c;
    float x = ax[0], y = ax[1], z = ax[2];
    float r[9] = {t * x * x + c,     t * x * y - s * z, t * x * z + s * y,
                  t * x * y + s * z, t * y * y + c,     t * y * z - s * x,
                  t * x * z - s * y, t * y * z + s * x, t * z * z + c};
    memcpy(R, r, sizeof r);
}

static const float AX[3] = {1, 0, 0}, AY[3] = {0, 1, 0}, AZ[3] = {0, 0, 1};

/* Local rotations of the walk at `phase` (cycles; the fraction is used).
   Positive hip flexion swings the thigh forward (+Z), which is a negative
   turn about +X; knee flexion takes the shank back, a positive one. */
static void walk_rotations(const vt_body *body, float phase, float Q[VT_JOINT_COUNT][9]) {
    for (int j = 0; j < VT_JOINT_COUNT; j++) rot(AX, 0, Q[j]);
    float c = cosf(2 * PI * phase), s = sinf(2 * PI * phase);
    float yaw = -5 * c;    /* left side forward at the left heel strike */
    float list = 3 * s;    /* the swinging side drops: the right one at 0.25 */
    float counter = 8 * c; /* the chest turns back against the pelvis */
    float Ry[9], Rz[9];
    rot(AY, yaw, Ry);
    rot(AZ, list, Rz);
    mat_mul(Ry, Rz, Q[VT_JOINT_HIPS]);
    /* the spine takes the list back out and turns the chest against the hips */
    static const int spine[3] = {VT_JOINT_SPINE, VT_JOINT_CHEST, VT_JOINT_UPPER_CHEST};
    static const float share[3] = {0.3f, 0.35f, 0.35f};
    for (int i = 0; i < 3; i++) {
        rot(AY, counter * share[i], Ry);
        rot(AZ, -list * share[i], Rz);
        mat_mul(Ry, Rz, Q[spine[i]]);
    }
    rot(AY, -(yaw + counter), Q[VT_JOINT_NECK]); /* the head keeps facing forward */
    for (int side = 0; side < 2; side++) {
        float ph = phase + 0.5f * (float)side, sg = side ? -1.0f : 1.0f;
        int ul = side ? VT_JOINT_RIGHT_UPPER_LEG : VT_JOINT_LEFT_UPPER_LEG;
        /* the thigh's angle from the vertical: hip flexion less the pelvis's
           anterior tilt (about 10 degrees; the pelvis stays level here), and
           the list taken back out so the foot stays under the hip */
        float Rh[9];
        rot(AX, -(curve(hip_flexion, ph) - 10), Rh);
        rot(AZ, -list, Rz);
        mat_mul(Rh, Rz, Q[ul]);
        rot(AX, curve(knee_flexion, ph), Q[ul + 1]);
        rot(AX, -curve(ankle_dorsiflexion, ph), Q[ul + 2]);
        /* the arm swings with the other leg: back while its own leg is forward */
        float ca = cosf(2 * PI * ph);
        int ua = side ? VT_JOINT_RIGHT_UPPER_ARM : VT_JOINT_LEFT_UPPER_ARM;
        float Rx[9], Ra[9];
        rot(AZ, -18 * sg, Ra); /* 18 degrees nearer the body than the A-pose */
        rot(AX, -(2 - 14 * ca), Rx);
        mat_mul(Rx, Ra, Q[ua]);
        /* the elbow bends forward about the axis across the upper arm */
        const float *e = body->joints[ua + 1].position, *sh = body->joints[ua].position;
        float d[3] = {e[0] - sh[0], e[1] - sh[1], e[2] - sh[2]};
        float ax[3] = {d[1], -d[0], 0}; /* d x (0, 0, 1) */
        float l = sqrtf(ax[0] * ax[0] + ax[1] * ax[1]);
        if (l > 0) {
            ax[0] /= l, ax[1] /= l;
            rot(ax, sg * (16 - 8 * ca), Q[ua + 1]);
        }
    }
}

/* The walk's local rotations and the root's lift, the root lifted or
   lowered so the lowest of the heels and balls of the feet stands on the
   floor; m (may be NULL) gets the joint transforms. */
void vt__walk_local(const vt_body *body, float phase, float Q[VT_JOINT_COUNT][9], float *lift,
                    vt__xform *m) {
    vt__xform own[VT_JOINT_COUNT];
    if (!m) m = own;
    walk_rotations(body, phase, Q);
    vt__pose_compose(body, Q, (float[3]){0, 0, 0}, m);
    float low = INFINITY;
    for (int side = 0; side < 2; side++) {
        int foot = side ? VT_JOINT_RIGHT_FOOT : VT_JOINT_LEFT_FOOT;
        const float *a = body->joints[foot].position, *t = body->joints[foot + 1].position;
        float heel[3] = {a[0], 0, a[2] - 0.25f * (t[2] - a[2])}, ball[3] = {t[0], 0, t[2]}, y[3];
        vt__xform_apply(&m[foot], heel, y);
        low = fminf(low, y[1]);
        vt__xform_apply(&m[foot + 1], ball, y);
        low = fminf(low, y[1]);
    }
    for (int j = 0; j < VT_JOINT_COUNT; j++) m[j].t[1] -= low;
    *lift = -low;
}

static void walk_joints(const vt_body *body, float phase, vt__xform *m) {
    float Q[VT_JOINT_COUNT][9], lift;
    vt__walk_local(body, phase, Q, &lift, m);
}

void vt_fit_walk_joints(const vt_body *body, float phase, float out[VT_JOINT_COUNT][3]) {
    VT_ASSERT(body && out);
    vt__xform m[VT_JOINT_COUNT];
    walk_joints(body, phase, m);
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        vt__xform_apply(&m[j], body->joints[j].position, out[j]);
}

/* ---- The walker ---------------------------------------------------------- */

static void bound_free(vt__bound *b) {
    free(b->rest);
    free(b->joints);
    free(b->weights);
    free(b->tri);
    free(b->bary);
    free(b->keep);
}

static vt_result bound_alloc(vt__bound *b, uint32_t n, bool anchored) {
    memset(b, 0, sizeof *b);
    b->n = n;
    size_t k = n ? n : 1;
    b->rest = malloc(k * 3 * sizeof *b->rest);
    b->joints = malloc(k * 4);
    b->weights = malloc(k * 4 * sizeof *b->weights);
    if (anchored) {
        b->tri = malloc(k * 3 * VT__WALK_ANCHORS * sizeof *b->tri);
        b->bary = malloc(k * 3 * VT__WALK_ANCHORS * sizeof *b->bary);
        b->keep = malloc(k * VT__WALK_ANCHORS * sizeof *b->keep);
    }
    if (!b->rest || !b->joints || !b->weights || (anchored && (!b->tri || !b->bary || !b->keep))) {
        bound_free(b);
        return vt__fail(VT_ERR_NOMEM, "walk: out of memory");
    }
    return VT_OK;
}

/* Keeps the four largest of w[VT_JOINT_COUNT], normalised, largest first. */
static void top4(const float *w, uint8_t *joints, float *weights) {
    int id[4];
    vt__skin_strongest4(w, 0, id, weights);
    for (int k = 0; k < 4; k++) joints[k] = (uint8_t)id[k];
}

/* Closest point of triangle abc to p as barycentrics (Ericson, Real-Time
   Collision Detection, 5.1.5); returns the squared distance. */
static float closest_on_tri(const float *p, const float *a, const float *b, const float *c,
                            float bc[3]) {
    float ab[3], ac[3], ap[3], bp[3], cp[3];
    for (int k = 0; k < 3; k++)
        ab[k] = b[k] - a[k], ac[k] = c[k] - a[k], ap[k] = p[k] - a[k], bp[k] = p[k] - b[k],
        cp[k] = p[k] - c[k];
#define DOT(u, v) (u[0] * v[0] + u[1] * v[1] + u[2] * v[2])
    float d1 = DOT(ab, ap), d2 = DOT(ac, ap), d3 = DOT(ab, bp), d4 = DOT(ac, bp);
    float d5 = DOT(ab, cp), d6 = DOT(ac, cp);
#undef DOT
    float u, v, w; /* weights of a, b, c */
    float vc = d1 * d4 - d3 * d2, vb = d5 * d2 - d1 * d6, va = d3 * d6 - d5 * d4;
    if (d1 <= 0 && d2 <= 0) {
        u = 1, v = 0, w = 0;
    } else if (d3 >= 0 && d4 <= d3) {
        u = 0, v = 1, w = 0;
    } else if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        v = d1 / (d1 - d3), u = 1 - v, w = 0;
    } else if (d6 >= 0 && d5 <= d6) {
        u = 0, v = 0, w = 1;
    } else if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        w = d2 / (d2 - d6), u = 1 - w, v = 0;
    } else if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        w = (d4 - d3) / ((d4 - d3) + (d5 - d6)), v = 1 - w, u = 0;
    } else {
        float den = 1 / (va + vb + vc);
        v = vb * den, w = vc * den, u = 1 - v - w;
    }
    bc[0] = u, bc[1] = v, bc[2] = w;
    float d2s = 0;
    for (int k = 0; k < 3; k++) {
        float q = u * a[k] + v * b[k] + w * c[k] - p[k];
        d2s += q * q;
    }
    return d2s;
}

static void face_normal(const float *a, const float *b, const float *c, float n[3]) {
    float e1[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
          e2[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
    n[0] = e1[1] * e2[2] - e1[2] * e2[1];
    n[1] = e1[2] * e2[0] - e1[0] * e2[2];
    n[2] = e1[0] * e2[1] - e1[1] * e2[0];
    float l = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    float inv = l > 0 ? 1 / l : 0;
    n[0] *= inv, n[1] *= inv, n[2] *= inv;
}

/* The part of the body a joint moves: torso, an arm or a leg. */
static int limb(int joint) {
    if (joint >= VT_JOINT_LEFT_UPPER_ARM && joint <= VT_JOINT_LEFT_HAND) return 1;
    if (joint >= VT_JOINT_RIGHT_UPPER_ARM && joint <= VT_JOINT_RIGHT_HAND) return 2;
    if (joint >= VT_JOINT_LEFT_UPPER_LEG && joint <= VT_JOINT_LEFT_TOES) return 3;
    if (joint >= VT_JOINT_RIGHT_UPPER_LEG) return 4;
    return 0;
}

/* The nearest body vertex within OTHER_REACH of p whose main joint moves
   another part than `part`; UINT32_MAX if none. */
static uint32_t nearest_other(const vt__vgrid *G, const vt_mesh_data *m, const uint8_t *main_joint,
                              const float *p, int part) {
    int lo[3], hi[3];
    for (int k = 0; k < 3; k++) {
        lo[k] = (int)floorf((p[k] - OTHER_REACH - G->org[k]) / VT__VGRID_CELL);
        hi[k] = (int)floorf((p[k] + OTHER_REACH - G->org[k]) / VT__VGRID_CELL);
        lo[k] = lo[k] < 0 ? 0 : lo[k];
        hi[k] = hi[k] >= G->n[k] ? G->n[k] - 1 : hi[k];
    }
    uint32_t best = UINT32_MAX;
    float bd = OTHER_REACH * OTHER_REACH;
    for (int z = lo[2]; z <= hi[2]; z++)
        for (int y = lo[1]; y <= hi[1]; y++)
            for (int x = lo[0]; x <= hi[0]; x++) {
                size_t cell =
                    ((size_t)z * (size_t)G->n[1] + (size_t)y) * (size_t)G->n[0] + (size_t)x;
                for (uint32_t i = G->start[cell]; i < G->start[cell + 1]; i++) {
                    uint32_t v = G->items[i];
                    if (limb(main_joint[4 * v]) == part) continue;
                    const float *q = m->positions + 3 * v;
                    float d = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) +
                              (q[2] - p[2]) * (q[2] - p[2]);
                    if (d < bd || (d == bd && v < best)) bd = d, best = v;
                }
            }
    return best;
}

/* Anchor a of garment vertex v at the nearest point of the triangles
   around body vertex nb; its interpolated skin weights into w. */
static void anchor(vt__bound *gb, uint32_t v, int a, const float *p, const vt_body *body,
                   uint32_t nb, const uint32_t *fan_start, const uint32_t *fan, float offset,
                   float *w) {
    const vt_mesh_data *bm = &body->mesh;
    float best = INFINITY, bc[3] = {1, 0, 0};
    uint32_t tri = fan[fan_start[nb]];
    for (uint32_t i = fan_start[nb]; i < fan_start[nb + 1]; i++) {
        const uint32_t *ix = bm->indices + fan[i];
        float c[3];
        float d2 = closest_on_tri(p, bm->positions + 3 * ix[0], bm->positions + 3 * ix[1],
                                  bm->positions + 3 * ix[2], c);
        if (d2 < best) best = d2, tri = fan[i], memcpy(bc, c, sizeof c);
    }
    const uint32_t *ix = bm->indices + tri;
    uint32_t at = (VT__WALK_ANCHORS * v + (uint32_t)a) * 3;
    float s[3] = {0, 0, 0}, n[3];
    for (int k = 0; k < 3; k++) {
        gb->tri[at + (uint32_t)k] = ix[k];
        gb->bary[at + (uint32_t)k] = bc[k];
        for (int q = 0; q < 4 && w; q++)
            w[body->skin_joints[4 * ix[k] + (uint32_t)q]] +=
                bc[k] * body->skin_weights[4 * ix[k] + (uint32_t)q];
        for (int c = 0; c < 3; c++) s[c] += bc[k] * bm->positions[3 * ix[k] + (uint32_t)c];
    }
    face_normal(bm->positions + 3 * ix[0], bm->positions + 3 * ix[1], bm->positions + 3 * ix[2], n);
    float h = (p[0] - s[0]) * n[0] + (p[1] - s[1]) * n[1] + (p[2] - s[2]) * n[2];
    gb->keep[VT__WALK_ANCHORS * v + (uint32_t)a] = fminf(h, offset);
}

/* Binds garment g to the rest body: anchors, weights, kept heights. */
static void bind_garment(vt__bound *gb, const vt_garment *g, const vt_body *body,
                         const uint8_t *main_joint, const vt__vgrid *G, const uint32_t *fan_start,
                         const uint32_t *fan, float offset) {
    const vt_mesh_data *bm = &body->mesh;
    for (uint32_t v = 0; v < gb->n; v++) {
        const float *p = g->mesh.positions + 3 * v;
        memcpy(gb->rest + 3 * v, p, 3 * sizeof(float));
        float w[VT_JOINT_COUNT] = {0};
        anchor(gb, v, 0, p, body, vt__vgrid_nearest(G, bm, p), fan_start, fan, offset, w);
        /* only trousers have legs: a shirt's or a skirt's hem hangs from the
           hips, else the cloth between the thighs tears in two as they part
           (the legs still push it forward: the anchors below) */
        int main = 0;
        for (int j = 1; j < VT_JOINT_COUNT; j++)
            if (w[j] > w[main]) main = j;
        if (g->kind != VT_GARMENT_TROUSERS)
            for (int j = VT_JOINT_LEFT_UPPER_LEG; j < VT_JOINT_COUNT; j++) {
                w[VT_JOINT_HIPS] += (1 - LEG_SHARE) * w[j];
                w[j] *= LEG_SHARE;
            }
        top4(w, gb->joints + 4 * v, gb->weights + 4 * v);
        /* where an arm hangs by the torso or the legs pass each other, the
           other part may come into the cloth: guard against its nearest
           point too */
        uint32_t other = nearest_other(G, bm, main_joint, p, limb(main));
        if (other != UINT32_MAX) {
            anchor(gb, v, 1, p, body, other, fan_start, fan, offset, NULL);
        } else {
            memcpy(gb->tri + (VT__WALK_ANCHORS * v + 1) * 3, gb->tri + VT__WALK_ANCHORS * v * 3,
                   3 * sizeof *gb->tri);
            memcpy(gb->bary + (VT__WALK_ANCHORS * v + 1) * 3, gb->bary + VT__WALK_ANCHORS * v * 3,
                   3 * sizeof *gb->bary);
            gb->keep[VT__WALK_ANCHORS * v + 1] = gb->keep[VT__WALK_ANCHORS * v];
        }
    }
}

vt_result vt_fit_walker_create(const vt_body *body, const vt_garment *const *g, uint32_t n,
                               const vt_fit_walker_desc *desc, vt_fit_walker **out) {
    VT_ASSERT(body && out && (g || !n));
    *out = NULL;
    VT_ASSERT(body->joint_count <= VT_JOINT_COUNT);
    vt_fit_walker_desc d = desc ? *desc : (vt_fit_walker_desc){0};
    if (d.skin_offset <= 0) d.skin_offset = 0.003f;
    const vt_mesh_data *bm = &body->mesh;
    if (!bm->vertex_count || bm->index_count < 3)
        return vt__fail(VT_ERR_INVALID, "walk: the body has no mesh");
    vt_fit_walker *w = calloc(1, sizeof *w);
    if (!w) return vt__fail(VT_ERR_NOMEM, "walk: out of memory");
    w->jobs = d.jobs;
    w->parts = d.jobs ? (d.parts ? d.parts : 2) : 1;
    if (w->parts > 64) w->parts = 64;
    w->joints_of.joint_count = body->joint_count;
    memcpy(w->joints_of.joints, body->joints, sizeof body->joints);
    vt_result r = bound_alloc(&w->body, bm->vertex_count, false);
    if (r != VT_OK) {
        free(w);
        return r;
    }
    memcpy(w->body.rest, bm->positions, (size_t)bm->vertex_count * 3 * sizeof(float));
    for (uint32_t v = 0; v < bm->vertex_count; v++) {
        float wt[VT_JOINT_COUNT] = {0};
        for (uint32_t k = 0; k < 4; k++)
            wt[body->skin_joints[4 * v + k]] += body->skin_weights[4 * v + k];
        top4(wt, w->body.joints + 4 * v, w->body.weights + 4 * v);
    }
    w->garments = calloc(n ? n : 1, sizeof *w->garments);
    uint32_t *fan_start = calloc((size_t)bm->vertex_count + 1, sizeof *fan_start);
    uint32_t *fan = malloc((size_t)bm->index_count * sizeof *fan);
    vt__vgrid G = {0};
    r = !w->garments || !fan_start || !fan ? vt__fail(VT_ERR_NOMEM, "walk: out of memory")
                                           : vt__vgrid_build(&G, bm);
    if (r == VT_OK && n) {
        /* the triangles around each body vertex */
        for (uint32_t i = 0; i < bm->index_count; i++) fan_start[bm->indices[i] + 1]++;
        for (uint32_t v = 0; v < bm->vertex_count; v++) fan_start[v + 1] += fan_start[v];
        for (uint32_t i = 0; i < bm->index_count; i++) fan[fan_start[bm->indices[i]]++] = i - i % 3;
        for (uint32_t v = bm->vertex_count; v > 0; v--) fan_start[v] = fan_start[v - 1];
        fan_start[0] = 0;
    }
    for (uint32_t i = 0; i < n && r == VT_OK; i++) {
        r = bound_alloc(&w->garments[i], g[i]->mesh.vertex_count, true);
        if (r != VT_OK) break;
        w->garment_count = i + 1;
        bind_garment(&w->garments[i], g[i], body, w->body.joints, &G, fan_start, fan,
                     d.skin_offset);
    }
    vt__vgrid_free(&G);
    free(fan_start);
    free(fan);
    if (r != VT_OK) {
        vt_fit_walker_destroy(w);
        return r;
    }
    *out = w;
    return VT_OK;
}

void vt_fit_walker_destroy(vt_fit_walker *w) {
    if (!w) return;
    bound_free(&w->body);
    for (uint32_t i = 0; i < w->garment_count; i++) bound_free(&w->garments[i]);
    free(w->garments);
    free(w);
}

/* Linear blend skinning of vertices [from, to) of b into out. */
static void skin_range(const vt__v4 (*cols)[4], const vt__bound *b, uint32_t from, uint32_t to,
                       float *out) {
    for (uint32_t v = from; v < to; v++) {
        const float *wt = b->weights + 4 * v, *x = b->rest + 3 * v;
        const uint8_t *jt = b->joints + 4 * v;
        const vt__v4 *c = cols[jt[0]];
        vt__v4 w = {wt[0], wt[0], wt[0], wt[0]};
        vt__v4 a0 = w * c[0], a1 = w * c[1], a2 = w * c[2], a3 = w * c[3];
        for (int i = 1; i < 4 && wt[i] > 0; i++) {
            c = cols[jt[i]];
            w = (vt__v4){wt[i], wt[i], wt[i], wt[i]};
            a0 += w * c[0], a1 += w * c[1], a2 += w * c[2], a3 += w * c[3];
        }
        vt__v4 y = a0 * x[0] + a1 * x[1] + a2 * x[2] + a3;
        memcpy(out + 3 * v, &y, 3 * sizeof(float));
    }
}

/* Garment vertices [from, to): skinned, then pushed out along the posed
   anchor triangle's normal to their kept height. */
static void garment_range(const vt__v4 (*cols)[4], const vt__bound *b, const float *body,
                          uint32_t from, uint32_t to, float *out) {
    skin_range(cols, b, from, to, out);
    for (uint32_t v = from; v < to; v++)
        for (uint32_t a = 0; a < VT__WALK_ANCHORS; a++) {
            const uint32_t *t = b->tri + (VT__WALK_ANCHORS * v + a) * 3;
            const float *bc = b->bary + (VT__WALK_ANCHORS * v + a) * 3, *pa = body + 3 * t[0],
                        *pb = body + 3 * t[1], *pc = body + 3 * t[2];
            float n[3], *o = out + 3 * v;
            face_normal(pa, pb, pc, n);
            float h = 0;
            for (int k = 0; k < 3; k++)
                h += (o[k] - (bc[0] * pa[k] + bc[1] * pb[k] + bc[2] * pc[k])) * n[k];
            float push = b->keep[VT__WALK_ANCHORS * v + a] - h;
            if (push > 0)
                for (int k = 0; k < 3; k++) o[k] += push * n[k];
        }
}

typedef struct part {
    const vt_fit_walker *w;
    const float *body_in; /* NULL: the body pass */
    float *body_out, *const *garment_out;
    uint32_t index, of;
} part;

static void part_run(void *arg) {
    const part *p = arg;
    const vt_fit_walker *w = p->w;
    if (!p->body_in) {
        uint32_t n = w->body.n;
        skin_range((const vt__v4(*)[4])w->cols, &w->body,
                   (uint32_t)((uint64_t)n * p->index / p->of),
                   (uint32_t)((uint64_t)n * (p->index + 1) / p->of), p->body_out);
        return;
    }
    for (uint32_t i = 0; i < w->garment_count; i++) {
        uint32_t n = w->garments[i].n;
        garment_range((const vt__v4(*)[4])w->cols, &w->garments[i], p->body_in,
                      (uint32_t)((uint64_t)n * p->index / p->of),
                      (uint32_t)((uint64_t)n * (p->index + 1) / p->of), p->garment_out[i]);
    }
}

static void run_parts(vt_fit_walker *w, const float *body_in, float *body_out,
                      float *const *garment_out) {
    part ps[64];
    uint32_t np = w->parts;
    for (uint32_t i = 0; i < np; i++) ps[i] = (part){w, body_in, body_out, garment_out, i, np};
    /* the last part runs here while the job threads take the others */
    for (uint32_t i = 0; i + 1 < np; i++)
        if (vt_jobs_submit(w->jobs, part_run, &ps[i]) != VT_OK) part_run(&ps[i]);
    part_run(&ps[np - 1]);
    if (np > 1) vt_jobs_wait(w->jobs);
}

void vt_fit_walker_frame(vt_fit_walker *w, float phase, float *body_out,
                         float *const *garment_out) {
    VT_ASSERT(w && body_out && (garment_out || !w->garment_count));
    vt__xform m[VT_JOINT_COUNT];
    walk_joints(&w->joints_of, phase, m);
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int c = 0; c < 4; c++)
            for (int r = 0; r < 3; r++) w->cols[j][c][r] = c < 3 ? m[j].R[3 * r + c] : m[j].t[r];
    run_parts(w, NULL, body_out, garment_out);
    if (w->garment_count) run_parts(w, body_out, body_out, garment_out);
}

/* ---- vt_fit_pose(VT_POSE_WALK) ------------------------------------------- */

/* Share of garment vertices outside the posed body and the deepest one, by
   a distance field of the posed body as the drape builds it (8 mm grid). */
static vt_result judge(const vt_mesh_data *posed, const float *gp, uint32_t n, vt_jobs *jobs,
                       float *outside, float *deepest_mm) {
    vt__sdf sdf;
    float lo = INFINITY;
    for (uint32_t v = 0; v < n; v++) lo = fminf(lo, gp[3 * v + 1]);
    vt_result r = vt__sdf_build(&sdf, posed, fmaxf(lo - 0.05f, 0.0f), INFINITY, 0.008f, jobs);
    if (r != VT_OK) return r;
    uint32_t out = 0;
    float deep = 0;
    for (uint32_t v = 0; v < n; v++) {
        float d = vt__sdf_sample(&sdf, gp + 3 * v, NULL);
        if (d >= 0)
            out++;
        else
            deep = fmaxf(deep, -d);
    }
    vt__sdf_free(&sdf);
    *outside = n ? (float)out / (float)n : 1;
    *deepest_mm = deep * 1000;
    return VT_OK;
}

vt_result vt__walk_pose(vt_body *body, vt_garment *const *g, uint32_t n, vt_jobs *jobs,
                        vt_drape_stats *out) {
    double t0 = vt_time_now();
    vt_fit_walker *w = NULL;
    vt_result r = vt_fit_walker_create(body, (const vt_garment *const *)g, n,
                                       &(vt_fit_walker_desc){.jobs = jobs}, &w);
    if (r != VT_OK) return r;
    float *gp[VT_GARMENT_MAX_SIZES * 4];
    uint32_t m = n < VT_COUNTOF(gp) ? n : (uint32_t)VT_COUNTOF(gp);
    for (uint32_t i = 0; i < n; i++) {
        memset(&out[i], 0, sizeof out[i]);
        out[i].outside_share = 1;
    }
    float *bp = malloc((size_t)body->mesh.vertex_count * 3 * sizeof *bp);
    if (!bp) r = vt__fail(VT_ERR_NOMEM, "walk: out of memory");
    for (uint32_t i = 0; i < m && r == VT_OK; i++) gp[i] = g[i]->mesh.positions;
    if (m < n && r == VT_OK) r = vt__fail(VT_ERR_LIMIT, "walk: more than %u garments", m);
    /* the worst of CHECK_PHASES frames over the cycle, on the posed body */
    vt_mesh_data posed = body->mesh;
    posed.positions = bp;
    for (int k = 0; k < CHECK_PHASES && r == VT_OK && n; k++) {
        vt_fit_walker_frame(w, (float)k / CHECK_PHASES, bp, gp);
        for (uint32_t i = 0; i < n && r == VT_OK; i++) {
            float o = 1, d = 0;
            r = judge(&posed, gp[i], g[i]->mesh.vertex_count, jobs, &o, &d);
            out[i].outside_share = fminf(out[i].outside_share, o);
            out[i].max_penetration_mm = fmaxf(out[i].max_penetration_mm, d);
        }
    }
    if (r == VT_OK) {
        /* left at mid-stride: the left heel strikes, the legs furthest apart */
        vt_fit_walker_frame(w, 0, bp, gp);
        memcpy(body->mesh.positions, bp, (size_t)body->mesh.vertex_count * 3 * sizeof *bp);
        float J[VT_JOINT_COUNT][3];
        vt_fit_walk_joints(body, 0, J);
        for (int j = 0; j < VT_JOINT_COUNT; j++)
            memcpy(body->joints[j].position, J[j], sizeof J[j]);
        r = vt_mesh_compute_normals(&body->mesh);
        for (uint32_t i = 0; i < n && r == VT_OK; i++) r = vt_mesh_compute_normals(&g[i]->mesh);
    }
    free(bp);
    vt_fit_walker_destroy(w);
    double ms = (vt_time_now() - t0) * 1000;
    for (uint32_t i = 0; i < n; i++) out[i].ms = ms;
    return r;
}
