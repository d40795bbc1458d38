/* The transfer of a brand's garment model from its reference body to another
   body (see fit.h, "Bring your own"): each vertex is taken by the bones that move
   the nearest point of the reference body's skin (its skin weights), expressed
   along and around each bone, rebuilt on the target's bone with its height over
   the surface kept (scaled with the body's girth), the moves smoothed over the
   mesh. */
#include "core/internal.h"
#include "fit/garment_internal.h"
#include "fit_internal.h"
#include "fit_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- bones: a segment per joint, the frame around it ---------------------- */

typedef struct bone {
    float a[3], axis[3]; /* start, end - start */
    float len2;
    float u[3], w[3]; /* unit, perpendicular to axis: angle 0 and 90 degrees */
} bone;

typedef struct bones {
    bone b[VT_JOINT_COUNT];
    vt__sdf sdf; /* the body's distance field over the garment's heights */
} bones;

static float dot3(const float a[3], const float b[3]) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void normalize3(float v[3]) {
    float l = sqrtf(dot3(v, v));
    if (l > 1e-12f)
        for (int k = 0; k < 3; k++) v[k] /= l;
}

/* The end of each joint's bone: its child along the chain, or for a leaf a
   stretch past it in the direction of its parent's bone. */
static void bone_end(const vt_body *body, int j, float e[3]) {
    static const int child[VT_JOINT_COUNT] = {
        [VT_JOINT_HIPS] = VT_JOINT_SPINE,
        [VT_JOINT_SPINE] = VT_JOINT_CHEST,
        [VT_JOINT_CHEST] = VT_JOINT_UPPER_CHEST,
        [VT_JOINT_UPPER_CHEST] = VT_JOINT_NECK,
        [VT_JOINT_NECK] = VT_JOINT_HEAD,
        [VT_JOINT_HEAD] = -1,
        [VT_JOINT_LEFT_SHOULDER] = VT_JOINT_LEFT_UPPER_ARM,
        [VT_JOINT_LEFT_UPPER_ARM] = VT_JOINT_LEFT_LOWER_ARM,
        [VT_JOINT_LEFT_LOWER_ARM] = VT_JOINT_LEFT_HAND,
        [VT_JOINT_LEFT_HAND] = -1,
        [VT_JOINT_RIGHT_SHOULDER] = VT_JOINT_RIGHT_UPPER_ARM,
        [VT_JOINT_RIGHT_UPPER_ARM] = VT_JOINT_RIGHT_LOWER_ARM,
        [VT_JOINT_RIGHT_LOWER_ARM] = VT_JOINT_RIGHT_HAND,
        [VT_JOINT_RIGHT_HAND] = -1,
        [VT_JOINT_LEFT_UPPER_LEG] = VT_JOINT_LEFT_LOWER_LEG,
        [VT_JOINT_LEFT_LOWER_LEG] = VT_JOINT_LEFT_FOOT,
        [VT_JOINT_LEFT_FOOT] = VT_JOINT_LEFT_TOES,
        [VT_JOINT_LEFT_TOES] = -1,
        [VT_JOINT_RIGHT_UPPER_LEG] = VT_JOINT_RIGHT_LOWER_LEG,
        [VT_JOINT_RIGHT_LOWER_LEG] = VT_JOINT_RIGHT_FOOT,
        [VT_JOINT_RIGHT_FOOT] = VT_JOINT_RIGHT_TOES,
        [VT_JOINT_RIGHT_TOES] = -1,
    };
    const float *p = body->joints[j].position;
    if (child[j] >= 0) {
        memcpy(e, body->joints[child[j]].position, 3 * sizeof *e);
        return;
    }
    const float *q = body->joints[body->joints[j].parent].position;
    float f = j == VT_JOINT_HEAD                                    ? 1.5f
              : j == VT_JOINT_LEFT_TOES || j == VT_JOINT_RIGHT_TOES ? 0.8f
                                                                    : 0.5f;
    for (int k = 0; k < 3; k++) e[k] = p[k] + f * (p[k] - q[k]);
}

static void bones_frames(const vt_body *body, bones *B) {
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        bone *b = &B->b[j];
        float e[3];
        bone_end(body, j, e);
        memcpy(b->a, body->joints[j].position, sizeof b->a);
        for (int k = 0; k < 3; k++) b->axis[k] = e[k] - b->a[k];
        b->len2 = fmaxf(dot3(b->axis, b->axis), 1e-8f);
        float n[3] = {b->axis[0], b->axis[1], b->axis[2]};
        normalize3(n);
        /* angle 0 faces the front, or up for bones that point forwards (feet) */
        float ref[3] = {0, 0, 1};
        if (fabsf(n[2]) > 0.7f) ref[1] = 1, ref[2] = 0;
        float d = dot3(ref, n);
        for (int k = 0; k < 3; k++) b->u[k] = ref[k] - d * n[k];
        normalize3(b->u);
        b->w[0] = n[1] * b->u[2] - n[2] * b->u[1];
        b->w[1] = n[2] * b->u[0] - n[0] * b->u[2];
        b->w[2] = n[0] * b->u[1] - n[1] * b->u[0];
    }
}

/* p in bone b's cylinder: t along (unclamped), angle, distance from the axis. */
static void cyl(const bone *b, const float p[3], float *t, float *ang, float *r) {
    float d[3] = {p[0] - b->a[0], p[1] - b->a[1], p[2] - b->a[2]};
    *t = dot3(d, b->axis) / b->len2;
    float v[3];
    for (int k = 0; k < 3; k++) v[k] = d[k] - *t * b->axis[k];
    *r = sqrtf(dot3(v, v));
    *ang = atan2f(dot3(v, b->w), dot3(v, b->u));
}

static float seg_dist(const bone *b, const float p[3]) {
    float d[3] = {p[0] - b->a[0], p[1] - b->a[1], p[2] - b->a[2]};
    float t = dot3(d, b->axis) / b->len2;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float v[3];
    for (int k = 0; k < 3; k++) v[k] = d[k] - t * b->axis[k];
    return sqrtf(dot3(v, v));
}

static int nearest_bone(const bones *B, const float p[3], float *dist) {
    int best = 0;
    float bd = INFINITY;
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        float d = seg_dist(&B->b[j], p);
        if (d < bd) bd = d, best = j;
    }
    if (dist) *dist = bd;
    return best;
}

bool vt__is_arm_joint(int j) {
    return (j >= VT_JOINT_LEFT_UPPER_ARM && j <= VT_JOINT_LEFT_HAND) ||
           (j >= VT_JOINT_RIGHT_UPPER_ARM && j <= VT_JOINT_RIGHT_HAND);
}

/* Distance from the bone's axis at t to the body's surface in the direction
   at angle ang: marched out through the body's distance field from the axis
   (sphere tracing from inside), 0 when the axis point is not inside the
   body or no surface is met within 60 cm. */
static float surface_radius(const vt__sdf *sdf, const bone *b, float t, float ang) {
    float c[3], dir[3], q[3];
    float cs = cosf(ang), sn = sinf(ang);
    for (int k = 0; k < 3; k++) {
        c[k] = b->a[k] + t * b->axis[k];
        dir[k] = cs * b->u[k] + sn * b->w[k];
    }
    float d = vt__sdf_sample(sdf, c, NULL), r = 0;
    if (d >= 0) return 0;
    while (r < 0.6f) {
        float step = fmaxf(-d, 0.002f), r1 = r + step;
        for (int k = 0; k < 3; k++) q[k] = c[k] + r1 * dir[k];
        float d1 = vt__sdf_sample(sdf, q, NULL);
        if (d1 >= 0) return r + step * (-d) / (d1 - d);
        r = r1, d = d1;
    }
    return 0;
}

/* A hash grid of a body's vertices for nearest-vertex queries. */
typedef struct vgrid {
    float lo[3], h;
    int n[3];
    uint32_t *start, *ids; /* cells + 1, vertex_count */
} vgrid;

static void vgrid_free(vgrid *G) {
    free(G->start), free(G->ids);
}

static int vcell(const vgrid *G, const float *p, int k) {
    int c = (int)floorf((p[k] - G->lo[k]) / G->h);
    return c < 0 ? 0 : c >= G->n[k] ? G->n[k] - 1 : c;
}

static vt_result vgrid_build(vgrid *G, const vt_mesh_data *m) {
    memset(G, 0, sizeof *G);
    float hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (int k = 0; k < 3; k++) G->lo[k] = INFINITY;
    for (uint32_t v = 0; v < m->vertex_count; v++)
        for (int k = 0; k < 3; k++) {
            G->lo[k] = fminf(G->lo[k], m->positions[3 * v + (uint32_t)k]);
            hi[k] = fmaxf(hi[k], m->positions[3 * v + (uint32_t)k]);
        }
    G->h = 0.02f;
    size_t cells = 1;
    for (int k = 0; k < 3; k++) {
        G->n[k] = (int)((hi[k] - G->lo[k]) / G->h) + 1;
        G->n[k] = G->n[k] < 1 ? 1 : G->n[k] > 512 ? 512 : G->n[k];
        cells *= (size_t)G->n[k];
    }
    G->start = calloc(cells + 1, sizeof *G->start);
    G->ids = malloc(((size_t)m->vertex_count + 1) * sizeof *G->ids);
    if (!G->start || !G->ids) return vt__fail(VT_ERR_NOMEM, "transfer: out of memory");
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        const float *p = m->positions + 3 * v;
        G->start[((size_t)vcell(G, p, 2) * (size_t)G->n[1] + (size_t)vcell(G, p, 1)) *
                     (size_t)G->n[0] +
                 (size_t)vcell(G, p, 0) + 1]++;
    }
    for (size_t c = 0; c < cells; c++) G->start[c + 1] += G->start[c];
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        const float *p = m->positions + 3 * v;
        size_t c =
            ((size_t)vcell(G, p, 2) * (size_t)G->n[1] + (size_t)vcell(G, p, 1)) * (size_t)G->n[0] +
            (size_t)vcell(G, p, 0);
        G->ids[G->start[c]++] = v;
    }
    for (size_t c = cells; c > 0; c--) G->start[c] = G->start[c - 1];
    G->start[0] = 0;
    return VT_OK;
}

/* Nearest vertex: rings of cells until one holds a vertex, then one ring
   more (a nearer vertex may sit in the next ring's corner). */
static uint32_t vgrid_nearest(const vgrid *G, const vt_mesh_data *m, const float *p) {
    int c[3] = {vcell(G, p, 0), vcell(G, p, 1), vcell(G, p, 2)};
    uint32_t best = 0;
    float bd = INFINITY;
    int found_at = -1;
    for (int r = 0; r < 512; r++) {
        if (found_at >= 0 && r > found_at + 1) break;
        for (int z = c[2] - r; z <= c[2] + r; z++)
            for (int y = c[1] - r; y <= c[1] + r; y++)
                for (int x = c[0] - r; x <= c[0] + r; x++) {
                    if (x < 0 || y < 0 || z < 0 || x >= G->n[0] || y >= G->n[1] || z >= G->n[2])
                        continue;
                    if (abs(x - c[0]) != r && abs(y - c[1]) != r && abs(z - c[2]) != r) continue;
                    size_t cell =
                        ((size_t)z * (size_t)G->n[1] + (size_t)y) * (size_t)G->n[0] + (size_t)x;
                    for (uint32_t i = G->start[cell]; i < G->start[cell + 1]; i++) {
                        const float *q = m->positions + 3 * G->ids[i];
                        float d = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) +
                                  (q[2] - p[2]) * (q[2] - p[2]);
                        if (d < bd) bd = d, best = G->ids[i];
                    }
                }
        if (bd < INFINITY && found_at < 0) found_at = r;
    }
    return best;
}

/* The point p near the `from` body rebuilt near the `to` body, moved by the
   bones that move the nearest point of the `from` body's skin (its skin
   weights), each bone's rebuild blended by its weight. */
static void carry(const bones *from, const bones *to, const uint16_t *joints, const float *weights,
                  float kappa, const float p[3], float out[3]) {
    float acc[3] = {0, 0, 0}, wsum = 0;
    for (int k = 0; k < 4; k++) {
        int j = joints[k];
        float w = weights[k];
        if (w <= 1e-4f || j >= VT_JOINT_COUNT) continue;
        const bone *a = &from->b[j], *b = &to->b[j];
        float t, ang, r;
        cyl(a, p, &t, &ang, &r);
        /* the surface follows the target's; the cloth's height over it
           grows with the body's size (the ease scales with the girth) */
        float ra = surface_radius(&from->sdf, a, t, ang), rb = surface_radius(&to->sdf, b, t, ang);
        float rr = ra > 1e-4f && rb > 1e-4f && rb < 2 * ra && ra < 2 * rb ? rb + (r - ra) * kappa
                                                                          : r * kappa;
        rr = fmaxf(rr, 0);
        float c = cosf(ang), sn = sinf(ang);
        for (int q = 0; q < 3; q++)
            acc[q] += w * (b->a[q] + t * b->axis[q] + rr * (c * b->u[q] + sn * b->w[q]));
        wsum += w;
    }
    if (!(wsum > 0)) {
        memcpy(out, p, 3 * sizeof *out);
        return;
    }
    for (int q = 0; q < 3; q++) out[q] = acc[q] / wsum;
}

int vt__body_nearest_bone(const vt_body *body, const float p[3]) {
    bones *B = malloc(sizeof *B);
    if (!B) return VT_JOINT_HIPS;
    bones_frames(body, B);
    int j = nearest_bone(B, p, NULL);
    free(B);
    return j;
}

/* ---- the transfer ------------------------------------------------------------- */

/* Where neighbouring vertices took their bones from different parts of the
   body (left and right thigh under a hem, torso and arm at the armpit) their
   moves differ by millimetres, which on centimetre triangles is tens of
   percent of stretch. The moves (not the positions) are smoothed over the
   mesh: a few Jacobi passes of the mean of the neighbours' moves. */
static vt_result smooth_moves(const vt_mesh_data *model, float *pos) {
    uint32_t n = model->vertex_count;
    float *d = malloc(((size_t)n + 1) * 3 * sizeof *d),
          *acc = malloc(((size_t)n + 1) * 4 * sizeof *acc);
    if (!d || !acc) {
        free(d), free(acc);
        return vt__fail(VT_ERR_NOMEM, "transfer: out of memory");
    }
    for (size_t i = 0; i < 3 * (size_t)n; i++) d[i] = pos[i] - model->positions[i];
    for (int pass = 0; pass < 8; pass++) {
        memset(acc, 0, (size_t)n * 4 * sizeof *acc);
        for (uint32_t f = 0; f + 2 < model->index_count; f += 3)
            for (int k = 0; k < 3; k++) {
                uint32_t a = model->indices[f + (uint32_t)k],
                         b = model->indices[f + (uint32_t)(k + 1) % 3];
                for (int q = 0; q < 3; q++) {
                    acc[4 * a + (uint32_t)q] += d[3 * b + (uint32_t)q];
                    acc[4 * b + (uint32_t)q] += d[3 * a + (uint32_t)q];
                }
                acc[4 * a + 3] += 1, acc[4 * b + 3] += 1;
            }
        for (uint32_t v = 0; v < n; v++)
            if (acc[4 * v + 3] > 0)
                for (int q = 0; q < 3; q++)
                    d[3 * v + (uint32_t)q] = 0.5f * d[3 * v + (uint32_t)q] +
                                             0.5f * acc[4 * v + (uint32_t)q] / acc[4 * v + 3];
    }
    for (size_t i = 0; i < 3 * (size_t)n; i++) pos[i] = model->positions[i] + d[i];
    free(d), free(acc);
    return VT_OK;
}

/* How much larger the target is than the reference at height y (of the
   reference): the girth ratio at chest, waist and hip, interpolated between
   them by height, held beyond them. */
static float size_ratio(const vt_body *ref, const vt_body *to, float y) {
    const vt_body_tape *a = &ref->measured, *b = &to->measured;
    float ys[3] = {a->hip_y, a->waist_y, a->chest_y};
    float k[3] = {b->hip_girth / a->hip_girth, b->waist_girth / a->waist_girth,
                  b->chest_girth / a->chest_girth};
    if (y <= ys[0]) return k[0];
    for (int i = 0; i < 2; i++)
        if (y <= ys[i + 1] && ys[i + 1] > ys[i])
            return k[i] + (k[i + 1] - k[i]) * (y - ys[i]) / (ys[i + 1] - ys[i]);
    return k[2];
}

vt_result vt_garment_transfer(const vt_garment_model *m, const vt_body *target, vt_garment **out) {
    VT_ASSERT(m && target && out);
    *out = NULL;
    uint32_t n = m->mesh.vertex_count;
    bones *from = malloc(sizeof *from), *to = malloc(sizeof *to);
    vt_garment *g = calloc(1, sizeof *g);
    if (g) {
        g->mesh.positions = malloc((size_t)n * 3 * sizeof(float));
        g->mesh.indices = malloc(((size_t)m->mesh.index_count + 1) * sizeof(uint32_t));
        g->rest = calloc((size_t)n * 5, sizeof(float));
        g->panel_of = calloc(n, sizeof *g->panel_of);
        g->seam_vertices = malloc(((size_t)m->stitch_count * 3 + 1) * sizeof(uint32_t));
    }
    if (!from || !to || !g || !g->mesh.positions || !g->mesh.indices || !g->rest || !g->panel_of ||
        !g->seam_vertices) {
        free(from), free(to);
        vt_garment_free(g);
        return vt__fail(VT_ERR_NOMEM, "transfer: out of memory");
    }
    g->kind = m->spec.kind;
    snprintf(g->size, sizeof g->size, "%s", m->spec.sizes[0].name);
    memcpy(g->chart, m->spec.sizes[0].cm, sizeof g->chart);
    g->fabric = m->spec.fabric;
    g->mesh.vertex_count = n;
    g->mesh.index_count = m->mesh.index_count;
    memcpy(g->mesh.indices, m->mesh.indices, (size_t)m->mesh.index_count * sizeof(uint32_t));
    g->rest3d = g->rest + 2 * (size_t)n;
    memcpy(g->rest3d, m->mesh.positions, (size_t)n * 3 * sizeof(float));
    memcpy(g->seam_vertices, m->stitches, (size_t)m->stitch_count * 3 * sizeof(uint32_t));
    g->seam_vertex_count = 3 * m->stitch_count;
    const vt_body *ref = m->reference;
    bones_frames(ref, from);
    bones_frames(target, to);
    /* the fields cover the garment's heights (on the target: scaled by
       stature), with room for its hem to fall */
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t v = 0; v < n; v++)
        lo = fminf(lo, m->mesh.positions[3 * v + 1]), hi = fmaxf(hi, m->mesh.positions[3 * v + 1]);
    float k = target->measured.stature / fmaxf(ref->measured.stature, 1);
    memset(&from->sdf, 0, sizeof from->sdf);
    memset(&to->sdf, 0, sizeof to->sdf);
    vgrid G = {0};
    vt_result r = vt__sdf_build(&from->sdf, &ref->mesh, lo - 0.05f, hi + 0.05f, 0.008f, NULL);
    if (r == VT_OK)
        r = vt__sdf_build(&to->sdf, &target->mesh, lo * k - 0.1f, hi * k + 0.1f, 0.008f, NULL);
    if (r == VT_OK) r = vgrid_build(&G, &ref->mesh);
    for (uint32_t v = 0; v < n && r == VT_OK; v++) {
        const float *p = m->mesh.positions + 3 * v;
        uint32_t near = vgrid_nearest(&G, &ref->mesh, p);
        carry(from, to, ref->skin_joints + 4 * near, ref->skin_weights + 4 * near,
              size_ratio(ref, target, p[1]), p, g->mesh.positions + 3 * v);
    }
    vgrid_free(&G);
    if (r == VT_OK) r = smooth_moves(&m->mesh, g->mesh.positions);
    vt__sdf_free(&from->sdf);
    vt__sdf_free(&to->sdf);
    free(from), free(to);
    if (r == VT_OK) r = vt_mesh_compute_normals(&g->mesh);
    if (r != VT_OK) {
        vt_garment_free(g);
        return r;
    }
    *out = g;
    return VT_OK;
}
