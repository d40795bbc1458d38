/* The fit map: how far the draped cloth is stretched from its flat panel,
   per vertex, and its colours. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Larger principal stretch of a triangle: the largest singular value of
   the deformation gradient F = [e1 e2] [r1 r2]^-1 (3x2), from the
   eigenvalues of the 2x2 matrix F^T F. */
static float tri_stretch(const float *x0, const float *x1, const float *x2, const float *r0,
                         const float *r1, const float *r2, float *area) {
    float a = r1[0] - r0[0], b = r2[0] - r0[0], c = r1[1] - r0[1], d = r2[1] - r0[1];
    float det = a * d - b * c;
    *area = 0.5f * fabsf(det);
    if (fabsf(det) < 1e-12f) return 1;
    float ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
    float e1[3], e2[3], f1[3], f2[3];
    for (int k = 0; k < 3; k++) {
        e1[k] = x1[k] - x0[k];
        e2[k] = x2[k] - x0[k];
        f1[k] = e1[k] * ia + e2[k] * ic; /* first column of F */
        f2[k] = e1[k] * ib + e2[k] * id;
    }
    float p = f1[0] * f1[0] + f1[1] * f1[1] + f1[2] * f1[2];
    float q = f1[0] * f2[0] + f1[1] * f2[1] + f1[2] * f2[2];
    float r = f2[0] * f2[0] + f2[1] * f2[1] + f2[2] * f2[2];
    float mean = 0.5f * (p + r), diff = sqrtf(0.25f * (p - r) * (p - r) + q * q);
    return sqrtf(mean + diff);
}

vt_result vt_garment_stretch(const vt_garment *g, float *out) {
    VT_ASSERT(g && out);
    uint32_t n = g->mesh.vertex_count;
    float *wsum = calloc(n, sizeof *wsum);
    if (!wsum) return vt__fail(VT_ERR_NOMEM, "fit map: out of memory");
    memset(out, 0, (size_t)n * sizeof *out);
    const float *x = g->mesh.positions, *r = g->rest;
    for (uint32_t t = 0; t + 2 < g->mesh.index_count; t += 3) {
        const uint32_t *ix = g->mesh.indices + t;
        float area;
        float s = tri_stretch(x + 3 * ix[0], x + 3 * ix[1], x + 3 * ix[2], r + 2 * ix[0],
                              r + 2 * ix[1], r + 2 * ix[2], &area);
        for (int k = 0; k < 3; k++) {
            out[ix[k]] += area * (s - 1) * 100;
            wsum[ix[k]] += area;
        }
    }
    for (uint32_t i = 0; i < n; i++) out[i] = wsum[i] > 0 ? out[i] / wsum[i] : 0;
    free(wsum);
    return VT_OK;
}

void vt_fit_colors(const vt_garment *g, const float *s, float *rgba) {
    VT_ASSERT(g && s && rgba);
    float limit = g->fabric.comfort_stretch > 0 ? g->fabric.comfort_stretch : 1;
    static const float blue[3] = {0.05f, 0.20f, 0.85f}, green[3] = {0.10f, 0.70f, 0.15f},
                       red[3] = {0.90f, 0.05f, 0.03f};
    for (uint32_t i = 0; i < g->mesh.vertex_count; i++) {
        float t = s[i] / limit;
        t = t < 0 ? 0 : t > 1 ? 1 : t;
        const float *a = t < 0.5f ? blue : green, *b = t < 0.5f ? green : red;
        float f = t < 0.5f ? t * 2 : (t - 0.5f) * 2;
        for (int k = 0; k < 3; k++) rgba[4 * i + k] = a[k] + (b[k] - a[k]) * f;
        rgba[4 * i + 3] = 1;
    }
}

bool vt_garment_region_stretch(const vt_garment *g, const float *s, vt_fit_region region,
                               float *mean, float *max) {
    VT_ASSERT(g && s && mean && max);
    double sum = 0;
    float hi = -INFINITY;
    uint32_t count = 0;
    for (uint32_t p = 0; p < g->panel_count; p++) {
        const vt_panel *pn = &g->panels[p];
        bool sleeve = strstr(pn->name, "sleeve") != NULL;
        for (uint32_t v = 0; v < pn->vertex_count; v++) {
            uint32_t id = pn->first_vertex + v;
            float y = g->rest[2 * id + 1];
            bool in;
            if (region == VT_REGION_SLEEVE)
                in = sleeve;
            else if (region == VT_REGION_INSEAM)
                in = g->kind == VT_GARMENT_TROUSERS && pn->has_line[VT_REGION_HIP] &&
                     y < pn->line_y[VT_REGION_HIP] - 0.15f;
            else
                in = (unsigned)region < VT_REGION_COUNT && pn->has_line[region] &&
                     fabsf(y - pn->line_y[region]) <= 0.03f;
            if (!in) continue;
            sum += s[id];
            hi = fmaxf(hi, s[id]);
            count++;
        }
    }
    if (!count) return false;
    *mean = (float)(sum / count);
    *max = hi;
    return true;
}
