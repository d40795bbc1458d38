/* engine/geom/bounds.c — boxes, frustum planes and ray tests. */
#include "vitrine/geom.h"

#include "geom_internal.h"

#include <float.h>
#include <math.h>

vt_aabb vt_aabb_empty(void) {
    return (vt_aabb){{FLT_MAX, FLT_MAX, FLT_MAX}, {-FLT_MAX, -FLT_MAX, -FLT_MAX}};
}

bool vt_aabb_is_empty(const vt_aabb *b) {
    /* Written so that NaN bounds also count as empty. */
    return !(b->min[0] <= b->max[0] && b->min[1] <= b->max[1] && b->min[2] <= b->max[2]);
}

void vt_aabb_extend(vt_aabb *b, const float p[3]) {
    for (int i = 0; i < 3; i++) {
        if (p[i] < b->min[i]) b->min[i] = p[i];
        if (p[i] > b->max[i]) b->max[i] = p[i];
    }
}

void vt_aabb_merge(vt_aabb *b, const vt_aabb *other) {
    if (vt_aabb_is_empty(other)) return;
    vt_aabb_extend(b, other->min);
    vt_aabb_extend(b, other->max);
}

void vt_aabb_center(const vt_aabb *b, float out[3]) {
    if (vt_aabb_is_empty(b)) {
        out[0] = out[1] = out[2] = 0.0f;
        return;
    }
    for (int i = 0; i < 3; i++) out[i] = 0.5f * (b->min[i] + b->max[i]);
}

void vt_aabb_size(const vt_aabb *b, float out[3]) {
    if (vt_aabb_is_empty(b)) {
        out[0] = out[1] = out[2] = 0.0f;
        return;
    }
    for (int i = 0; i < 3; i++) out[i] = b->max[i] - b->min[i];
}

vt_aabb vt_aabb_transform(const vt_aabb *b, const vt_mat4 m) {
    if (vt_aabb_is_empty(b)) return vt_aabb_empty();
    /* Affine matrices (the scene's): centre and half extent give exactly the
       bounds of the 8 transformed corners. A projective bottom row needs the
       corners themselves, divided by w. */
    if (m[0][3] != 0.0f || m[1][3] != 0.0f || m[2][3] != 0.0f || m[3][3] != 1.0f) {
        vt_aabb r = vt_aabb_empty();
        for (int c = 0; c < 8; c++) {
            float p[3] = {(c & 1) ? b->max[0] : b->min[0], (c & 2) ? b->max[1] : b->min[1],
                          (c & 4) ? b->max[2] : b->min[2]};
            float q[4];
            for (int i = 0; i < 4; i++)
                q[i] = m[0][i] * p[0] + m[1][i] * p[1] + m[2][i] * p[2] + m[3][i];
            if (q[3] != 0.0f) {
                for (int i = 0; i < 3; i++) q[i] /= q[3];
            }
            vt_aabb_extend(&r, q);
        }
        return r;
    }
    float c[3], e[3];
    for (int i = 0; i < 3; i++) {
        c[i] = 0.5f * (b->min[i] + b->max[i]);
        e[i] = 0.5f * (b->max[i] - b->min[i]);
    }
    vt_aabb r;
    for (int i = 0; i < 3; i++) {
        float nc = m[3][i] + m[0][i] * c[0] + m[1][i] * c[1] + m[2][i] * c[2];
        float ne = fabsf(m[0][i]) * e[0] + fabsf(m[1][i]) * e[1] + fabsf(m[2][i]) * e[2];
        r.min[i] = nc - ne;
        r.max[i] = nc + ne;
    }
    return r;
}

void vt_frustum_from_matrix(const vt_mat4 m, vt_frustum *out) {
    /* Gribb-Hartmann: with row i of the matrix r_i, clip space -w..w on every
       axis gives planes r3 + r0, r3 - r0, r3 + r1, r3 - r1, r3 + r2, r3 - r2. */
    for (int p = 0; p < 6; p++) {
        int axis = p / 2;
        float sign = (p % 2 == 0) ? 1.0f : -1.0f;
        float *pl = out->planes[p];
        for (int c = 0; c < 4; c++) pl[c] = m[c][3] + sign * m[c][axis];
        float len = sqrtf(pl[0] * pl[0] + pl[1] * pl[1] + pl[2] * pl[2]);
        if (len > 0.0f) {
            for (int c = 0; c < 4; c++) pl[c] /= len;
        }
    }
}

bool vt_frustum_test_aabb(const vt_frustum *f, const vt_aabb *b) {
    if (vt_aabb_is_empty(b)) return false;
    for (int p = 0; p < 6; p++) {
        const float *pl = f->planes[p];
        /* The corner furthest along the plane normal; if even it is outside,
           the whole box is. */
        float x = pl[0] >= 0.0f ? b->max[0] : b->min[0];
        float y = pl[1] >= 0.0f ? b->max[1] : b->min[1];
        float z = pl[2] >= 0.0f ? b->max[2] : b->min[2];
        if (pl[0] * x + pl[1] * y + pl[2] * z + pl[3] < 0.0f) return false;
    }
    return true;
}

bool vt_ray_aabb(const vt_ray *r, const vt_aabb *b, float *t_out) {
    if (vt_aabb_is_empty(b)) return false;
    float tmin = 0.0f, tmax = FLT_MAX;
    for (int i = 0; i < 3; i++) {
        float o = r->origin[i], d = r->dir[i];
        if (d == 0.0f) {
            /* Parallel to this slab: inside it or a miss. */
            if (o < b->min[i] || o > b->max[i]) return false;
            continue;
        }
        float inv = 1.0f / d;
        float t0 = (b->min[i] - o) * inv;
        float t1 = (b->max[i] - o) * inv;
        if (t0 > t1) {
            float tmp = t0;
            t0 = t1;
            t1 = tmp;
        }
        if (t0 > tmin) tmin = t0;
        if (t1 < tmax) tmax = t1;
        if (tmin > tmax) return false;
    }
    if (t_out) *t_out = tmin;
    return true;
}

bool vt_ray_triangle(const vt_ray *r, const float a[3], const float b[3], const float c[3],
                     float *t_out, float *u_out, float *v_out) {
    /* Möller–Trumbore without back-face culling: the sign of det only tells
       which face the ray meets. */
    float e1[3], e2[3], p[3], s[3], q[3];
    vt__sub3(b, a, e1);
    vt__sub3(c, a, e2);
    vt__cross3(r->dir, e2, p);
    float det = vt__dot3(e1, p);
    /* Relative threshold: parallel ray or degenerate triangle. */
    float scale = sqrtf(vt__dot3(e1, e1) * vt__dot3(e2, e2) * vt__dot3(r->dir, r->dir));
    if (!(fabsf(det) > 1e-7f * scale)) return false;
    float inv = 1.0f / det;
    vt__sub3(r->origin, a, s);
    float u = vt__dot3(s, p) * inv;
    if (u < 0.0f || u > 1.0f) return false;
    vt__cross3(s, e1, q);
    float v = vt__dot3(r->dir, q) * inv;
    if (v < 0.0f || u + v > 1.0f) return false;
    float t = vt__dot3(e2, q) * inv;
    if (!(t > 1e-7f)) return false;
    if (t_out) *t_out = t;
    if (u_out) *u_out = u;
    if (v_out) *v_out = v;
    return true;
}
