/* A signed distance field of a closed mesh on a regular grid: exact
   unsigned distance within a narrow band around the surface (per triangle,
   over the cells near it), the sign from ray parity along vertical grid
   columns, which is exact for a closed mesh and needs no normals. Job
   threads split the grid into x slabs; each cell's minimum does not depend
   on the order triangles arrive in, so the field is the same for any
   thread count. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static inline float dot3(const float a[3], const float b[3]) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static inline void sub3(float o[3], const float a[3], const float b[3]) {
    o[0] = a[0] - b[0], o[1] = a[1] - b[1], o[2] = a[2] - b[2];
}

/* Squared distance from p to triangle abc (Ericson, Real-Time Collision
   Detection, 5.1.5). */
static float tri_dist2(const float p[3], const float a[3], const float b[3], const float c[3]) {
    float ab[3], ac[3], ap[3], q[3];
    sub3(ab, b, a), sub3(ac, c, a), sub3(ap, p, a);
    float d1 = dot3(ab, ap), d2 = dot3(ac, ap);
    if (d1 <= 0 && d2 <= 0) return dot3(ap, ap);
    float bp[3];
    sub3(bp, p, b);
    float d3 = dot3(ab, bp), d4 = dot3(ac, bp);
    if (d3 >= 0 && d4 <= d3) return dot3(bp, bp);
    float vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) {
        float v = d1 / (d1 - d3);
        for (int i = 0; i < 3; i++) q[i] = ap[i] - v * ab[i];
        return dot3(q, q);
    }
    float cp[3];
    sub3(cp, p, c);
    float d5 = dot3(ab, cp), d6 = dot3(ac, cp);
    if (d6 >= 0 && d5 <= d6) return dot3(cp, cp);
    float vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) {
        float w = d2 / (d2 - d6);
        for (int i = 0; i < 3; i++) q[i] = ap[i] - w * ac[i];
        return dot3(q, q);
    }
    float va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
        float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
        for (int i = 0; i < 3; i++) q[i] = bp[i] - w * (c[i] - b[i]);
        return dot3(q, q);
    }
    float denom = 1 / (va + vb + vc), v = vb * denom, w = vc * denom;
    for (int i = 0; i < 3; i++) q[i] = ap[i] - ab[i] * v - ac[i] * w;
    return dot3(q, q);
}

typedef struct slab {
    vt__sdf *s;
    const vt_mesh_data *m;
    int x0, x1; /* cell columns this job writes */
} slab;

static void slab_run(slab *j) {
    vt__sdf *s = j->s;
    const vt_mesh_data *m = j->m;
    const float band = s->band, inv = 1 / s->h;
    for (uint32_t t = 0; t + 2 < m->index_count; t += 3) {
        const float *a = m->positions + 3 * m->indices[t],
                    *b = m->positions + 3 * m->indices[t + 1],
                    *c = m->positions + 3 * m->indices[t + 2];
        int lo[3], hi[3];
        bool skip = false;
        for (int k = 0; k < 3; k++) {
            float mn = fminf(a[k], fminf(b[k], c[k])) - band,
                  mx = fmaxf(a[k], fmaxf(b[k], c[k])) + band;
            lo[k] = (int)ceilf((mn - s->org[k]) * inv);
            hi[k] = (int)floorf((mx - s->org[k]) * inv);
            if (lo[k] < 0) lo[k] = 0;
            if (hi[k] > s->n[k] - 1) hi[k] = s->n[k] - 1;
            if (lo[k] > hi[k]) skip = true;
        }
        if (lo[0] < j->x0) lo[0] = j->x0;
        if (hi[0] > j->x1 - 1) hi[0] = j->x1 - 1;
        if (skip || lo[0] > hi[0]) continue;
        float ab[3], ac[3], nrm[3];
        sub3(ab, b, a), sub3(ac, c, a);
        nrm[0] = ab[1] * ac[2] - ab[2] * ac[1];
        nrm[1] = ab[2] * ac[0] - ab[0] * ac[2];
        nrm[2] = ab[0] * ac[1] - ab[1] * ac[0];
        float nl = sqrtf(dot3(nrm, nrm));
        if (nl > 0) nrm[0] /= nl, nrm[1] /= nl, nrm[2] /= nl;
        for (int z = lo[2]; z <= hi[2]; z++)
            for (int y = lo[1]; y <= hi[1]; y++)
                for (int x = lo[0]; x <= hi[0]; x++) {
                    float p[3] = {s->org[0] + (float)x * s->h, s->org[1] + (float)y * s->h,
                                  s->org[2] + (float)z * s->h};
                    float ap[3];
                    sub3(ap, p, a);
                    size_t i =
                        ((size_t)z * (size_t)s->n[1] + (size_t)y) * (size_t)s->n[0] + (size_t)x;
                    /* the distance to the plane bounds the distance to the
                       triangle from below: no nearer than the cell's value
                       (at most the band), no update; the same field, with
                       most exact distances never computed */
                    if (nl > 0 && fabsf(dot3(ap, nrm)) >= s->d[i]) continue;
                    float d2 = tri_dist2(p, a, b, c);
                    if (d2 < s->d[i] * s->d[i]) s->d[i] = sqrtf(d2);
                }
    }
}

typedef struct slab_queue {
    slab slabs[8];
    int n;
    atomic_int next;
} slab_queue;

static void slab_drain(void *arg) {
    slab_queue *q = arg;
    for (int k; (k = atomic_fetch_add(&q->next, 1)) < q->n;) slab_run(&q->slabs[k]);
}

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

/* Sign by parity: crossings of each vertical column (x, z) with the mesh. */
static vt_result sign_columns(vt__sdf *s, const vt_mesh_data *m) {
    size_t cols = (size_t)s->n[0] * (size_t)s->n[2];
    uint32_t *start = calloc(cols + 1, sizeof *start);
    if (!start) return vt__fail(VT_ERR_NOMEM, "sdf: out of memory");
    float *ys = NULL;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t t = 0; t + 2 < m->index_count; t += 3) {
            const float *a = m->positions + 3 * m->indices[t],
                        *b = m->positions + 3 * m->indices[t + 1],
                        *c = m->positions + 3 * m->indices[t + 2];
            float mnx = fminf(a[0], fminf(b[0], c[0])), mxx = fmaxf(a[0], fmaxf(b[0], c[0]));
            float mnz = fminf(a[2], fminf(b[2], c[2])), mxz = fmaxf(a[2], fmaxf(b[2], c[2]));
            int x0 = (int)ceilf((mnx - s->org[0]) / s->h),
                x1 = (int)floorf((mxx - s->org[0]) / s->h);
            int z0 = (int)ceilf((mnz - s->org[2]) / s->h),
                z1 = (int)floorf((mxz - s->org[2]) / s->h);
            if (x0 < 0) x0 = 0;
            if (z0 < 0) z0 = 0;
            if (x1 > s->n[0] - 1) x1 = s->n[0] - 1;
            if (z1 > s->n[2] - 1) z1 = s->n[2] - 1;
            /* 2D barycentrics in the xz plane */
            float det = (b[0] - a[0]) * (c[2] - a[2]) - (c[0] - a[0]) * (b[2] - a[2]);
            if (det == 0) continue;
            for (int z = z0; z <= z1; z++)
                for (int x = x0; x <= x1; x++) {
                    float px = s->org[0] + (float)x * s->h, pz = s->org[2] + (float)z * s->h;
                    float u = ((px - a[0]) * (c[2] - a[2]) - (c[0] - a[0]) * (pz - a[2])) / det;
                    float v = ((b[0] - a[0]) * (pz - a[2]) - (px - a[0]) * (b[2] - a[2])) / det;
                    if (u < 0 || v < 0 || u + v > 1) continue;
                    size_t col = (size_t)z * (size_t)s->n[0] + (size_t)x;
                    if (pass == 0)
                        start[col + 1]++;
                    else
                        ys[start[col]++] = a[1] + u * (b[1] - a[1]) + v * (c[1] - a[1]);
                }
        }
        if (pass == 0) {
            for (size_t q = 0; q < cols; q++) start[q + 1] += start[q];
            ys = malloc(((size_t)start[cols] + 1) * sizeof *ys);
            if (!ys) {
                free(start);
                return vt__fail(VT_ERR_NOMEM, "sdf: out of memory");
            }
        } else {
            for (size_t q = cols; q > 0; q--) start[q] = start[q - 1];
            start[0] = 0;
        }
    }
    for (size_t col = 0; col < cols; col++) {
        uint32_t a = start[col], n = start[col + 1] - a;
        if (n < 2) continue;
        qsort(ys + a, n, sizeof *ys, cmp_float);
        int x = (int)(col % (size_t)s->n[0]), z = (int)(col / (size_t)s->n[0]);
        for (uint32_t k = 0; k + 1 < n; k += 2) {
            float y0 = ys[a + k], y1 = ys[a + k + 1];
            int c0 = (int)ceilf((y0 - s->org[1]) / s->h), c1 = (int)floorf((y1 - s->org[1]) / s->h);
            if (c0 < 0) c0 = 0;
            if (c1 > s->n[1] - 1) c1 = s->n[1] - 1;
            for (int y = c0; y <= c1; y++) {
                size_t i = ((size_t)z * (size_t)s->n[1] + (size_t)y) * (size_t)s->n[0] + (size_t)x;
                s->d[i] = -s->d[i];
            }
        }
    }
    free(ys);
    free(start);
    return VT_OK;
}

vt_result vt__sdf_build(vt__sdf *s, const vt_mesh_data *m, float y_lo, float y_hi, float h,
                        vt_jobs *jobs) {
    memset(s, 0, sizeof *s);
    float lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (uint32_t i = 0; i < m->vertex_count; i++)
        for (int k = 0; k < 3; k++) {
            lo[k] = fminf(lo[k], m->positions[3 * i + k]);
            hi[k] = fmaxf(hi[k], m->positions[3 * i + k]);
        }
    if (!(hi[0] > lo[0])) return vt__fail(VT_ERR_INVALID, "sdf: empty mesh");
    lo[1] = fmaxf(lo[1], y_lo);
    hi[1] = fminf(hi[1], y_hi);
    if (!(hi[1] > lo[1])) return vt__fail(VT_ERR_INVALID, "sdf: the range misses the mesh");
    s->h = h;
    s->band = 2.5f * h;
    /* a small irrational shift keeps grid columns off mesh vertices and edges */
    for (int k = 0; k < 3; k++) {
        s->org[k] = lo[k] - 4 * h + h * 0.0137f * (float)(k + 1);
        s->n[k] = (int)ceilf((hi[k] - lo[k]) / h) + 9;
    }
    size_t cells = (size_t)s->n[0] * (size_t)s->n[1] * (size_t)s->n[2];
    if (cells > ((size_t)1 << 28)) return vt__fail(VT_ERR_LIMIT, "sdf: grid too large");
    s->d = malloc(cells * sizeof *s->d);
    if (!s->d) return vt__fail(VT_ERR_NOMEM, "sdf: out of memory");
    for (size_t i = 0; i < cells; i++) s->d[i] = s->band;
    /* slabs taken one at a time by the job threads and by this thread,
       which would otherwise only wait */
    slab_queue q = {.next = 0};
    q.n = jobs ? 8 : 1;
    for (int j = 0; j < q.n; j++)
        q.slabs[j] = (slab){s, m, s->n[0] * j / q.n, s->n[0] * (j + 1) / q.n};
    for (int j = 1; jobs && j < q.n; j++)
        if (vt_jobs_submit(jobs, slab_drain, &q) != VT_OK) break;
    slab_drain(&q);
    if (jobs) vt_jobs_wait(jobs);
    vt_result r = sign_columns(s, m);
    if (r != VT_OK) vt__sdf_free(s);
    return r;
}

void vt__sdf_free(vt__sdf *s) {
    free(s->d);
    memset(s, 0, sizeof *s);
}

float vt__sdf_sample(const vt__sdf *s, const float p[3], float grad[3]) {
    float f[3];
    int c[3];
    for (int k = 0; k < 3; k++) {
        float g = (p[k] - s->org[k]) / s->h;
        if (!(g >= 0 && g < (float)(s->n[k] - 1))) {
            if (grad) grad[0] = grad[1] = grad[2] = 0;
            return s->band;
        }
        c[k] = (int)g;
        f[k] = g - (float)c[k];
    }
    size_t sx = 1, sy = (size_t)s->n[0], sz = (size_t)s->n[0] * (size_t)s->n[1];
    const float *d = s->d + (size_t)c[2] * sz + (size_t)c[1] * sy + (size_t)c[0];
    float d000 = d[0], d100 = d[sx], d010 = d[sy], d110 = d[sy + sx];
    float d001 = d[sz], d101 = d[sz + sx], d011 = d[sz + sy], d111 = d[sz + sy + sx];
    float x0 = d000 + (d100 - d000) * f[0], x1 = d010 + (d110 - d010) * f[0];
    float x2 = d001 + (d101 - d001) * f[0], x3 = d011 + (d111 - d011) * f[0];
    float y0 = x0 + (x1 - x0) * f[1], y1 = x2 + (x3 - x2) * f[1];
    if (grad) {
        float gx0 = (d100 - d000) + ((d110 - d010) - (d100 - d000)) * f[1];
        float gx1 = (d101 - d001) + ((d111 - d011) - (d101 - d001)) * f[1];
        grad[0] = (gx0 + (gx1 - gx0) * f[2]) / s->h;
        grad[1] = ((x1 - x0) + ((x3 - x2) - (x1 - x0)) * f[2]) / s->h;
        grad[2] = (y1 - y0) / s->h;
    }
    return y0 + (y1 - y0) * f[2];
}
