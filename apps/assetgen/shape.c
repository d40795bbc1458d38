#include "shape.h"

#include "lathe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n ? n : 1, size);
    if (!p) abort(); /* a generator with no memory has nothing sensible left to do */
    return p;
}

static void grid_alloc(vt_mesh_data *m, uint32_t rows, uint32_t cols) {
    memset(m, 0, sizeof *m);
    m->vertex_count = rows * cols;
    m->positions = xcalloc(m->vertex_count * 3, sizeof(float));
    m->normals = xcalloc(m->vertex_count * 3, sizeof(float));
    m->uv0 = xcalloc(m->vertex_count * 2, sizeof(float));
    m->indices = xcalloc((size_t)(rows - 1) * (cols - 1) * 6, sizeof(uint32_t));
}

static bool row_is_pole(const vt_mesh_data *m, uint32_t r, uint32_t cols) {
    const float *p0 = &m->positions[r * cols * 3];
    for (uint32_t c = 1; c < cols; c++) {
        const float *p = &m->positions[(r * cols + c) * 3];
        if (fabsf(p[0] - p0[0]) + fabsf(p[1] - p0[1]) + fabsf(p[2] - p0[2]) > 1e-7f) return false;
    }
    return true;
}

static void cross3(const float a[3], const float b[3], float o[3]) {
    o[0] = a[1] * b[2] - a[2] * b[1];
    o[1] = a[2] * b[0] - a[0] * b[2];
    o[2] = a[0] * b[1] - a[1] * b[0];
}

static void norm3(float v[3]) {
    float l = sqrtf(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    if (l > 1e-20f) v[0] /= l, v[1] /= l, v[2] /= l;
}

/* Triangulates a rows x cols grid whose last column repeats the first (a seam for
   the uvs), accumulates area-weighted face normals, welds them across the seam and
   at poles, and winds the triangles so the normals point away from the row
   centres (centres: 3 floats per row). Quads touching a pole keep one triangle. */
static void grid_finish(vt_mesh_data *m, uint32_t rows, uint32_t cols, const float *centres) {
    bool *pole = xcalloc(rows, sizeof *pole);
    for (uint32_t r = 0; r < rows; r++) pole[r] = row_is_pole(m, r, cols);
    uint32_t k = 0;
    for (uint32_t r = 0; r + 1 < rows; r++)
        for (uint32_t c = 0; c + 1 < cols; c++) {
            uint32_t a = r * cols + c, b = a + 1, d = a + cols, e = d + 1;
            if (!pole[r]) m->indices[k++] = a, m->indices[k++] = b, m->indices[k++] = e;
            if (!pole[r + 1]) m->indices[k++] = a, m->indices[k++] = e, m->indices[k++] = d;
        }
    m->index_count = k;
    memset(m->normals, 0, sizeof(float) * 3 * m->vertex_count);
    for (uint32_t t = 0; t < k; t += 3) {
        const float *p0 = &m->positions[m->indices[t] * 3],
                    *p1 = &m->positions[m->indices[t + 1] * 3],
                    *p2 = &m->positions[m->indices[t + 2] * 3];
        float e1[3] = {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
        float e2[3] = {p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
        float n[3];
        cross3(e1, e2, n);
        for (int j = 0; j < 3; j++)
            for (int c = 0; c < 3; c++) m->normals[m->indices[t + j] * 3 + c] += n[c];
    }
    for (uint32_t r = 0; r < rows; r++) {
        float *first = &m->normals[r * cols * 3], *last = &m->normals[(r * cols + cols - 1) * 3];
        for (int c = 0; c < 3; c++) first[c] = last[c] = first[c] + last[c];
        if (pole[r]) {
            float sum[3] = {0, 0, 0};
            for (uint32_t c = 0; c + 1 < cols; c++)
                for (int j = 0; j < 3; j++) sum[j] += m->normals[(r * cols + c) * 3 + j];
            for (uint32_t c = 0; c < cols; c++)
                memcpy(&m->normals[(r * cols + c) * 3], sum, sizeof sum);
        }
    }
    double facing = 0;
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        float *n = &m->normals[v * 3];
        norm3(n);
        const float *p = &m->positions[v * 3], *o = &centres[(v / cols) * 3];
        facing += n[0] * (p[0] - o[0]) + n[1] * (p[1] - o[1]) + n[2] * (p[2] - o[2]);
    }
    if (facing < 0) {
        for (uint32_t t = 0; t < k; t += 3) {
            uint32_t s = m->indices[t + 1];
            m->indices[t + 1] = m->indices[t + 2], m->indices[t + 2] = s;
        }
        for (uint32_t i = 0; i < m->vertex_count * 3; i++) m->normals[i] = -m->normals[i];
    }
    free(pole);
}

/* The point at index i of n around a rounded rectangle (or ellipse), starting at
   the front (+z) and turning towards +x. */
void ag_ring_point(const ag_ring *g, uint32_t i, uint32_t n, float *x, float *z) {
    if (g->corner < 0 || g->a <= 0 || g->b <= 0) {
        float t = 2 * AG_PI * (float)i / (float)n;
        *x = g->cx + g->a * sinf(t), *z = g->cz + g->b * cosf(t);
        return;
    }
    float c = fminf(g->corner, fminf(g->a, g->b));
    float sa = g->a - c, sb = g->b - c; /* straight half lengths */
    uint32_t k = n / 8;                 /* points per corner arc */
    float straight = 4 * sa + 4 * sb;
    uint32_t rest = n - 4 * k;
    /* points on the half front/back edges (na) and half side edges (nb) */
    uint32_t na = straight > 0 ? (uint32_t)lroundf((float)rest * sa / straight) : 0;
    uint32_t nb = (rest - 4 * na) / 4;
    na = (rest - 4 * nb) / 4;
    uint32_t extra = rest - 4 * na - 4 * nb; /* 0..3, given to the front edge */
    /* pieces: front half (na + extra), arc, side (2 nb), arc, back (2 na), arc, side (2 nb), arc,
     * front half (na) */
    uint32_t counts[9] = {na + extra, k, 2 * nb, k, 2 * na, k, 2 * nb, k, na};
    uint32_t j = i;
    for (int p = 0; p < 9; p++) {
        if (j >= counts[p] && p < 8) {
            j -= counts[p];
            continue;
        }
        float t = counts[p] ? (float)j / (float)counts[p] : 0;
        float px = 0, pz = 0;
        switch (p) {
        case 0:
            px = sa * t, pz = g->b;
            break;
        case 2:
            px = g->a, pz = sb * (1 - 2 * t);
            break;
        case 4:
            px = sa * (1 - 2 * t), pz = -g->b;
            break;
        case 6:
            px = -g->a, pz = -sb * (1 - 2 * t);
            break;
        case 8:
            px = -sa * (1 - t), pz = g->b;
            break;
        default: {
            /* arcs: centres at (+-sa, +-sb); angle measured from +x towards +z */
            static const float start[4] = {90, 0, -90, -180};
            static const float sx[4] = {1, 1, -1, -1}, sz[4] = {1, -1, -1, 1};
            int q = p / 2;
            float ang = (start[q] - 90 * t) * AG_PI / 180;
            px = sx[q] * sa + c * cosf(ang), pz = sz[q] * sb + c * sinf(ang);
        }
        }
        *x = g->cx + px, *z = g->cz + pz;
        return;
    }
}

void ag_loft(const ag_ring *rings, uint32_t count, uint32_t segments, vt_mesh_data *out) {
    uint32_t cols = segments + 1;
    grid_alloc(out, count, cols);
    float *centres = xcalloc(count * 3, sizeof(float));
    float *arc = xcalloc(count, sizeof(float));
    for (uint32_t r = 0; r < count; r++) {
        const ag_ring *g = &rings[r];
        centres[r * 3] = g->cx, centres[r * 3 + 1] = g->y, centres[r * 3 + 2] = g->cz;
        if (r) {
            const ag_ring *p = &rings[r - 1];
            float dr = (g->a + g->b - p->a - p->b) * 0.5f;
            arc[r] = arc[r - 1] + sqrtf(dr * dr + (g->y - p->y) * (g->y - p->y));
        }
        for (uint32_t c = 0; c < cols; c++) {
            float x, z;
            ag_ring_point(g, c % segments, segments, &x, &z);
            float *p = &out->positions[(r * cols + c) * 3];
            p[0] = x, p[1] = g->y, p[2] = z;
            out->uv0[(r * cols + c) * 2] = (float)c / (float)segments;
        }
    }
    for (uint32_t r = 0; r < count; r++)
        for (uint32_t c = 0; c < cols; c++)
            out->uv0[(r * cols + c) * 2 + 1] = arc[count - 1] > 0 ? arc[r] / arc[count - 1] : 0;
    grid_finish(out, count, cols, centres);
    free(centres);
    free(arc);
}

void ag_loft_smooth(const ag_ring *rings, uint32_t count, uint32_t subdiv, uint32_t segments,
                    vt_mesh_data *out) {
    /* Catmull-Rom through the rings' numbers, each piece clamped between its two rings
       so the surface never bulges past them (no overshoot at poles or flat hems). */
    uint32_t n = (count - 1) * subdiv + 1;
    ag_ring *r = xcalloc(n, sizeof *r);
    for (uint32_t i = 0; i + 1 < count; i++)
        for (uint32_t s = 0; s < subdiv; s++) {
            float t = (float)s / (float)subdiv, t2 = t * t, t3 = t2 * t;
            const float *p0 = &rings[i ? i - 1 : 0].y, *p1 = &rings[i].y, *p2 = &rings[i + 1].y;
            const float *p3 = &rings[i + 2 < count ? i + 2 : count - 1].y;
            float *o = &r[i * subdiv + s].y;
            for (int c = 0; c < 6; c++) {
                float v = 0.5f * (2 * p1[c] + (-p0[c] + p2[c]) * t +
                                  (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * t2 +
                                  (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * t3);
                o[c] = fminf(fmaxf(v, fminf(p1[c], p2[c])), fmaxf(p1[c], p2[c]));
            }
            if (rings[i].a <= 0 && rings[i].b <= 0 && s == 0) r[i * subdiv].a = r[i * subdiv].b = 0;
        }
    r[n - 1] = rings[count - 1];
    ag_loft(r, n, segments, out);
    free(r);
}

static void catmull(const float (*p)[3], uint32_t n, bool closed, float s, float o[3]) {
    /* s in [0, spans]; spans = closed ? n : n - 1 */
    uint32_t spans = closed ? n : n - 1;
    uint32_t i = (uint32_t)floorf(s);
    if (i >= spans) i = spans - 1;
    float t = s - (float)i;
    int32_t ii = (int32_t)i, nn = (int32_t)n;
#define IDX(k)                                                                                     \
    (closed ? (uint32_t)((((k) % nn) + nn) % nn)                                                   \
            : (uint32_t)((k) < 0     ? 0                                                           \
                         : (k) >= nn ? nn - 1                                                      \
                                     : (k)))
    const float *p0 = p[IDX(ii - 1)], *p1 = p[IDX(ii)], *p2 = p[IDX(ii + 1)], *p3 = p[IDX(ii + 2)];
#undef IDX
    float t2 = t * t, t3 = t2 * t;
    for (int c = 0; c < 3; c++)
        o[c] = 0.5f * (2 * p1[c] + (-p0[c] + p2[c]) * t +
                       (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * t2 +
                       (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * t3);
}

void ag_tube(const ag_tube_desc *d, vt_mesh_data *out) {
    uint32_t spans = d->closed ? d->count : d->count - 1;
    uint32_t steps = spans * (d->steps_per_span ? d->steps_per_span : 8);
    uint32_t sides = d->sides ? d->sides : 16;
    uint32_t cap_rings = (d->caps && !d->closed) ? 3 : 0;
    uint32_t body = steps + 1, rows = body + 2 * cap_rings, cols = sides + 1;
    float flat = d->flat > 0 ? d->flat : 1;
    float(*c)[3] = xcalloc(body, sizeof *c);
    float *rad = xcalloc(body, sizeof(float));
    for (uint32_t i = 0; i < body; i++) {
        float s = (float)spans * (float)i / (float)steps;
        catmull(d->pts, d->count, d->closed, s, c[i]);
        if (d->radius) {
            uint32_t k = (uint32_t)floorf(s);
            float t = s - (float)k;
            uint32_t k1 = (k + 1) % d->count;
            if (k >= d->count) k = d->count - 1, k1 = k;
            if (!d->closed && k1 < k) k1 = k;
            rad[i] = d->radius[k] * (1 - t) + d->radius[k1] * t;
        } else
            rad[i] = d->r0;
    }
    grid_alloc(out, rows, cols);
    float *centres = xcalloc(rows * 3, sizeof(float));
    /* parallel-transported frame: binormal b starts nearest `up` */
    float tan0[3] = {c[1][0] - c[0][0], c[1][1] - c[0][1], c[1][2] - c[0][2]};
    norm3(tan0);
    float b[3] = {d->up[0], d->up[1], d->up[2]};
    if (b[0] == 0 && b[1] == 0 && b[2] == 0) b[1] = 1;
    float nrm[3];
    for (uint32_t i = 0; i < body; i++) {
        uint32_t a = i ? i - 1 : 0, e = i + 1 < body ? i + 1 : i;
        if (d->closed && (i == 0 || i + 1 == body)) a = body - 2, e = 1;
        float t[3] = {c[e][0] - c[a][0], c[e][1] - c[a][1], c[e][2] - c[a][2]};
        norm3(t);
        /* remove the tangent component from b, then n = b x t */
        float dt = b[0] * t[0] + b[1] * t[1] + b[2] * t[2];
        for (int k = 0; k < 3; k++) b[k] -= dt * t[k];
        norm3(b);
        cross3(b, t, nrm);
        uint32_t r = i + cap_rings;
        for (uint32_t s = 0; s < cols; s++) {
            float ang = 2 * AG_PI * (float)(s % sides) / (float)sides;
            float cu = cosf(ang) * rad[i], sv = sinf(ang) * rad[i] * flat;
            float *p = &out->positions[(r * cols + s) * 3];
            for (int k = 0; k < 3; k++) p[k] = c[i][k] + nrm[k] * cu + b[k] * sv;
            out->uv0[(r * cols + s) * 2] = (float)s / (float)sides;
            out->uv0[(r * cols + s) * 2 + 1] = (float)i / (float)steps;
        }
        memcpy(&centres[r * 3], c[i], sizeof(float) * 3);
        if (cap_rings && (i == 0 || i + 1 == body)) {
            /* hemispherical caps: rings shrink towards the end point along the tangent */
            float dir = i == 0 ? -1.0f : 1.0f;
            for (uint32_t q = 1; q <= cap_rings; q++) {
                float ph = (AG_PI / 2) * (float)q / (float)cap_rings;
                uint32_t rr = i == 0 ? cap_rings - q : r + q;
                float along = sinf(ph) * rad[i] * 0.8f * fminf(1, flat) * dir, shrink = cosf(ph);
                if (q == cap_rings) shrink = 0;
                for (uint32_t s = 0; s < cols; s++) {
                    const float *p0 = &out->positions[(r * cols + s) * 3];
                    float *p = &out->positions[(rr * cols + s) * 3];
                    for (int k = 0; k < 3; k++)
                        p[k] = c[i][k] + (p0[k] - c[i][k]) * shrink + t[k] * along;
                    out->uv0[(rr * cols + s) * 2] = (float)s / (float)sides;
                    out->uv0[(rr * cols + s) * 2 + 1] = i == 0 ? 0 : 1;
                }
                memcpy(&centres[rr * 3], c[i], sizeof(float) * 3);
            }
        }
    }
    grid_finish(out, rows, cols, centres);
    free(centres);
    free(c);
    free(rad);
}

/* The flat top and bottom of a box or cylinder loft (pole row plus the rim where the
   bevel starts) face exactly up and down: the rounded edge begins tangent to the
   face. Averaged normals there would tilt the long fan triangles and shade them. */
static void flat_caps(vt_mesh_data *m, uint32_t rows, uint32_t cols) {
    for (uint32_t r = 0; r < rows; r++) {
        if (r > 1 && r + 2 < rows) continue;
        float y = r <= 1 ? 1.0f : -1.0f;
        for (uint32_t c = 0; c < cols; c++) {
            float *n = &m->normals[(r * cols + c) * 3];
            n[0] = 0, n[1] = y, n[2] = 0;
        }
    }
}

void ag_rbox(float w, float h, float d, float r, vt_mesh_data *out) {
    r = fminf(r, 0.5f * fminf(w, fminf(h, d)));
    /* small radii (legs, rails, buttons) need fewer steps round their edges */
    enum { MAX_STEPS = 4 };
    const int STEPS = r < 0.008f ? 2 : MAX_STEPS;
    ag_ring rings[2 * (MAX_STEPS + 1) + 2];
    uint32_t n = 0;
    float hw = w / 2, hd = d / 2;
    rings[n++] = (ag_ring){h, 0, 0, 0, 0, 0};
    for (int side = 0; side < 2; side++)
        for (int s = 0; s <= STEPS; s++) {
            /* the bevel from the flat face (j = 0) round to the side (j = STEPS); the face's
               rim keeps a small corner so no triangle there has zero area */
            int j = side ? STEPS - s : s;
            float ph = (AG_PI / 2) * (float)j / (float)STEPS;
            float off = fmaxf(r * sinf(ph), 0.2f * r);
            float y = side ? r - r * cosf(ph) : h - r + r * cosf(ph);
            rings[n++] = (ag_ring){y, 0, 0, hw - r + off, hd - r + off, off};
        }
    rings[n++] = (ag_ring){0, 0, 0, 0, 0, 0};
    uint32_t segments = r < 0.008f ? 24 : 48;
    ag_loft(rings, n, segments, out);
    flat_caps(out, n, segments + 1);
}

void ag_cylinder(float r, float h, float bevel, uint32_t segments, vt_mesh_data *out) {
    ag_ring rings[12];
    uint32_t n = 0;
    rings[n++] = (ag_ring){h, 0, 0, 0, 0, -1};
    for (int side = 0; side < 2; side++)
        for (int s = 0; s <= 3; s++) {
            int q = side ? 3 - s : s;
            float ph = (AG_PI / 2) * (float)q / 3.0f;
            float rr = r - bevel + bevel * sinf(ph);
            float y = side ? bevel - bevel * cosf(ph) : h - bevel + bevel * cosf(ph);
            rings[n++] = (ag_ring){y, 0, 0, rr, rr, -1};
        }
    rings[n++] = (ag_ring){0, 0, 0, 0, 0, -1};
    ag_loft(rings, n, segments, out);
    flat_caps(out, n, segments + 1);
}

void ag_lathe(const float (*profile)[2], uint32_t count, uint32_t segments, uint32_t subdiv,
              vt_mesh_data *out) {
    lathe(profile, count, segments, subdiv, out);
}

void ag_xform(vt_mesh_data *m, const float scale[3], const float rot_deg[3], const float move[3]) {
    float cs[3], sn[3];
    for (int i = 0; i < 3; i++) {
        float a = (rot_deg ? rot_deg[i] : 0) * AG_PI / 180;
        cs[i] = cosf(a), sn[i] = sinf(a);
    }
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        for (int pass = 0; pass < 2; pass++) {
            float *p = pass ? &m->normals[v * 3] : &m->positions[v * 3];
            if (pass && !m->normals) break;
            float x = p[0], y = p[1], z = p[2];
            if (scale) {
                if (pass)
                    x /= scale[0], y /= scale[1], z /= scale[2];
                else
                    x *= scale[0], y *= scale[1], z *= scale[2];
            }
            float t;
            t = y * cs[0] - z * sn[0], z = y * sn[0] + z * cs[0], y = t;  /* about x */
            t = x * cs[1] + z * sn[1], z = -x * sn[1] + z * cs[1], x = t; /* about y */
            t = x * cs[2] - y * sn[2], y = x * sn[2] + y * cs[2], x = t;  /* about z */
            if (!pass && move) x += move[0], y += move[1], z += move[2];
            p[0] = x, p[1] = y, p[2] = z;
            if (pass) norm3(p);
        }
    }
    /* a mirroring scale turns the winding inside out */
    if (scale && scale[0] * scale[1] * scale[2] < 0)
        for (uint32_t t = 0; t < m->index_count; t += 3) {
            uint32_t s = m->indices[t + 1];
            m->indices[t + 1] = m->indices[t + 2], m->indices[t + 2] = s;
        }
}

void ag_move(vt_mesh_data *m, float x, float y, float z) {
    ag_xform(m, NULL, NULL, (const float[3]){x, y, z});
}

uint32_t ag_mat_add(ag_model *m, ag_mat mat) {
    if (m->mat_count >= AG_MAX_MATS) abort();
    m->mats[m->mat_count] = mat;
    return m->mat_count++;
}

void ag_add(ag_model *m, uint32_t mat, vt_mesh_data *piece) {
    vt_mesh_data *p = &m->parts[mat];
    uint32_t vc = p->vertex_count + piece->vertex_count, ic = p->index_count + piece->index_count;
    p->positions = realloc(p->positions, sizeof(float) * 3 * vc);
    p->normals = realloc(p->normals, sizeof(float) * 3 * vc);
    p->uv0 = realloc(p->uv0, sizeof(float) * 2 * vc);
    p->indices = realloc(p->indices, sizeof(uint32_t) * ic);
    if (!p->positions || !p->normals || !p->uv0 || !p->indices) abort();
    memcpy(p->positions + p->vertex_count * 3, piece->positions,
           sizeof(float) * 3 * piece->vertex_count);
    if (piece->normals)
        memcpy(p->normals + p->vertex_count * 3, piece->normals,
               sizeof(float) * 3 * piece->vertex_count);
    else
        memset(p->normals + p->vertex_count * 3, 0, sizeof(float) * 3 * piece->vertex_count);
    if (piece->uv0)
        memcpy(p->uv0 + p->vertex_count * 2, piece->uv0, sizeof(float) * 2 * piece->vertex_count);
    else
        memset(p->uv0 + p->vertex_count * 2, 0, sizeof(float) * 2 * piece->vertex_count);
    for (uint32_t i = 0; i < piece->index_count; i++)
        p->indices[p->index_count + i] = piece->indices[i] + p->vertex_count;
    p->vertex_count = vc, p->index_count = ic;
    vt_mesh_data_free(piece);
}

vt_aabb ag_model_bounds(const ag_model *m) {
    vt_aabb b = vt_aabb_empty();
    for (uint32_t i = 0; i < m->mat_count; i++)
        for (uint32_t v = 0; v < m->parts[i].vertex_count; v++)
            vt_aabb_extend(&b, &m->parts[i].positions[v * 3]);
    return b;
}

void ag_model_free(ag_model *m) {
    for (uint32_t i = 0; i < AG_MAX_MATS; i++) vt_mesh_data_free(&m->parts[i]);
}
