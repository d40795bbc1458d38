/* tests/support/fit_judge.c — see fit_judge.h. */
#include "fit_judge.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

vt_body *vt_test_preset_body(const char *name) {
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/bodies/%s.json", src ? src : ".", name);
    vt_body_measurements m;
    if (vt_body_load_json(p, &m) != VT_OK) return NULL;
    vt_body *b = NULL;
    return vt_body_build(&m, &b) == VT_OK ? b : NULL;
}

#define CELL 0.01f

bool vt_test_judge_init(vt_test_judge *j, const vt_mesh_data *m) {
    memset(j, 0, sizeof *j);
    j->m = m;
    float x1 = -INFINITY, z1 = -INFINITY;
    j->x0 = j->z0 = INFINITY;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        j->x0 = fminf(j->x0, m->positions[3 * i]), x1 = fmaxf(x1, m->positions[3 * i]);
        j->z0 = fminf(j->z0, m->positions[3 * i + 2]), z1 = fmaxf(z1, m->positions[3 * i + 2]);
    }
    j->nx = (int)((x1 - j->x0) / CELL) + 1;
    j->nz = (int)((z1 - j->z0) / CELL) + 1;
    size_t cells = (size_t)j->nx * (size_t)j->nz;
    j->start = calloc(cells + 1, sizeof *j->start);
    if (!j->start) return false;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t t = 0; t < m->index_count; t += 3) {
            float lx = INFINITY, hx = -INFINITY, lz = INFINITY, hz = -INFINITY;
            for (int k = 0; k < 3; k++) {
                const float *p = m->positions + 3 * m->indices[t + k];
                lx = fminf(lx, p[0]), hx = fmaxf(hx, p[0]), lz = fminf(lz, p[2]),
                hz = fmaxf(hz, p[2]);
            }
            for (int z = (int)((lz - j->z0) / CELL); z <= (int)((hz - j->z0) / CELL); z++)
                for (int x = (int)((lx - j->x0) / CELL); x <= (int)((hx - j->x0) / CELL); x++) {
                    size_t c = (size_t)z * (size_t)j->nx + (size_t)x;
                    if (pass == 0)
                        j->start[c + 1]++;
                    else
                        j->tris[j->start[c]++] = t;
                }
        }
        if (pass == 0) {
            for (size_t c = 0; c < cells; c++) j->start[c + 1] += j->start[c];
            j->tris = malloc(((size_t)j->start[cells] + 1) * sizeof *j->tris);
            if (!j->tris) {
                free(j->start);
                return false;
            }
        } else {
            for (size_t c = cells; c > 0; c--) j->start[c] = j->start[c - 1];
            j->start[0] = 0;
        }
    }
    return true;
}

void vt_test_judge_free(vt_test_judge *j) {
    free(j->start);
    free(j->tris);
}

static int judge_cell(const vt_test_judge *j, const float *p, int dx, int dz, size_t *c) {
    int x = (int)floorf((p[0] - j->x0) / CELL) + dx, z = (int)floorf((p[2] - j->z0) / CELL) + dz;
    if (x < 0 || z < 0 || x >= j->nx || z >= j->nz) return 0;
    *c = (size_t)z * (size_t)j->nx + (size_t)x;
    return 1;
}

bool vt_test_judge_inside(const vt_test_judge *j, const float p[3]) {
    size_t c;
    if (!judge_cell(j, p, 0, 0, &c)) return false;
    int crossings = 0;
    for (uint32_t k = j->start[c]; k < j->start[c + 1]; k++) {
        const uint32_t *ix = j->m->indices + j->tris[k];
        const float *a = j->m->positions + 3 * ix[0], *b = j->m->positions + 3 * ix[1],
                    *d = j->m->positions + 3 * ix[2];
        float det = (b[0] - a[0]) * (d[2] - a[2]) - (d[0] - a[0]) * (b[2] - a[2]);
        if (det == 0) continue;
        float u = ((p[0] - a[0]) * (d[2] - a[2]) - (d[0] - a[0]) * (p[2] - a[2])) / det;
        float v = ((b[0] - a[0]) * (p[2] - a[2]) - (p[0] - a[0]) * (b[2] - a[2])) / det;
        if (u < 0 || v < 0 || u + v > 1) continue;
        if (a[1] + u * (b[1] - a[1]) + v * (d[1] - a[1]) > p[1]) crossings++;
    }
    return crossings & 1;
}

/* Distance from p to segment-free approximation: nearest triangle vertex or
   plane point, whichever the projection allows (exact for interior hits). */
static float point_tri(const float *p, const float *a, const float *b, const float *c) {
    float e1[3], e2[3], n[3], ap[3];
    for (int k = 0; k < 3; k++) e1[k] = b[k] - a[k], e2[k] = c[k] - a[k], ap[k] = p[k] - a[k];
    n[0] = e1[1] * e2[2] - e1[2] * e2[1];
    n[1] = e1[2] * e2[0] - e1[0] * e2[2];
    n[2] = e1[0] * e2[1] - e1[1] * e2[0];
    float nl = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    float best = INFINITY;
    if (nl > 0) {
        float dist = (ap[0] * n[0] + ap[1] * n[1] + ap[2] * n[2]) / nl;
        float q[3];
        for (int k = 0; k < 3; k++) q[k] = p[k] - dist * n[k] / nl;
        /* barycentric test of the projected point */
        float v0[3], v1[3], v2[3];
        for (int k = 0; k < 3; k++) v0[k] = e1[k], v1[k] = e2[k], v2[k] = q[k] - a[k];
        float d00 = v0[0] * v0[0] + v0[1] * v0[1] + v0[2] * v0[2];
        float d01 = v0[0] * v1[0] + v0[1] * v1[1] + v0[2] * v1[2];
        float d11 = v1[0] * v1[0] + v1[1] * v1[1] + v1[2] * v1[2];
        float d20 = v2[0] * v0[0] + v2[1] * v0[1] + v2[2] * v0[2];
        float d21 = v2[0] * v1[0] + v2[1] * v1[1] + v2[2] * v1[2];
        float den = d00 * d11 - d01 * d01;
        float v = (d11 * d20 - d01 * d21) / den, w = (d00 * d21 - d01 * d20) / den;
        if (v >= 0 && w >= 0 && v + w <= 1) best = fabsf(dist);
    }
    const float *vs[3] = {a, b, c};
    for (int k = 0; k < 3; k++) {
        float dx = p[0] - vs[k][0], dy = p[1] - vs[k][1], dz = p[2] - vs[k][2];
        best = fminf(best, sqrtf(dx * dx + dy * dy + dz * dz));
    }
    return best;
}

/* Share of garment vertices outside the body and the deepest one's depth
   (mm; searched within 3 cm, so 30 means "at least"), leaving out of the
   depth the vertices marked in `was_inside` (NULL: none); inside[] (may be
   NULL) gets which vertices are inside. */
void vt_test_judge_garment(const vt_test_judge *j, const vt_garment *g, const bool *was_inside,
                           bool *inside, float *outside, float *deepest) {
    uint32_t out = 0;
    *deepest = 0;
    for (uint32_t i = 0; i < g->mesh.vertex_count; i++) {
        const float *p = g->mesh.positions + 3 * i;
        bool in = vt_test_judge_inside(j, p);
        if (inside) inside[i] = in;
        if (!in) {
            out++;
            continue;
        }
        if (was_inside && was_inside[i]) continue;
        float best = 0.03f;
        for (int dz = -3; dz <= 3; dz++)
            for (int dx = -3; dx <= 3; dx++) {
                size_t c;
                if (!judge_cell(j, p, dx, dz, &c)) continue;
                for (uint32_t k = j->start[c]; k < j->start[c + 1]; k++) {
                    const uint32_t *ix = j->m->indices + j->tris[k];
                    best = fminf(best, point_tri(p, j->m->positions + 3 * ix[0],
                                                 j->m->positions + 3 * ix[1],
                                                 j->m->positions + 3 * ix[2]));
                }
            }
        *deepest = fmaxf(*deepest, best * 1000);
    }
    *outside = (float)out / (float)g->mesh.vertex_count;
}
