/* The tape: girths from horizontal sections of any closed mesh. Knows nothing
   of how the mesh was made (engine/fit/body_build.c), so the builder's fit and
   the tests judge the body by the same, independent yardstick. */
#include "core/internal.h"
#include "vitrine/fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BIN 0.01f /* metres of height per triangle bin */

typedef struct tape {
    const vt_mesh_data *mesh;
    float y0;
    uint32_t bins;
    uint32_t *start; /* bins + 1 */
    uint32_t *tris;
} tape;

static void tape_free(tape *t) {
    free(t->start);
    free(t->tris);
}

static vt_result tape_init(tape *t, const vt_mesh_data *m) {
    memset(t, 0, sizeof *t);
    t->mesh = m;
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        float y = m->positions[3 * i + 1];
        lo = y < lo ? y : lo;
        hi = y > hi ? y : hi;
    }
    if (!(hi >= lo)) return vt__fail(VT_ERR_INVALID, "tape: empty mesh");
    t->y0 = lo;
    t->bins = (uint32_t)((hi - lo) / BIN) + 1;
    uint32_t tri_count = m->index_count / 3;
    t->start = calloc((size_t)t->bins + 1, sizeof *t->start);
    if (!t->start) return vt__fail(VT_ERR_NOMEM, "tape: out of memory");
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t f = 0; f < tri_count; f++) {
            float a = INFINITY, b = -INFINITY;
            for (int k = 0; k < 3; k++) {
                float y = m->positions[3 * m->indices[3 * f + (uint32_t)k] + 1];
                a = y < a ? y : a;
                b = y > b ? y : b;
            }
            uint32_t b0 = (uint32_t)((a - lo) / BIN), b1 = (uint32_t)((b - lo) / BIN);
            if (b1 >= t->bins) b1 = t->bins - 1;
            for (uint32_t q = b0; q <= b1; q++) {
                if (pass == 0)
                    t->start[q + 1]++;
                else
                    t->tris[t->start[q]++] = f;
            }
        }
        if (pass == 0) {
            for (uint32_t q = 0; q < t->bins; q++) t->start[q + 1] += t->start[q];
            t->tris = malloc(((size_t)t->start[t->bins] + 1) * sizeof *t->tris);
            if (!t->tris) return vt__fail(VT_ERR_NOMEM, "tape: out of memory");
        } else {
            for (uint32_t q = t->bins; q > 0; q--) t->start[q] = t->start[q - 1];
            t->start[0] = 0;
        }
    }
    return VT_OK;
}

typedef struct node {
    uint64_t key;
    uint32_t parent;
    float x, z;
} node;

static uint32_t find(node *n, uint32_t i) {
    while (n[i].parent != i) {
        n[i].parent = n[n[i].parent].parent;
        i = n[i].parent;
    }
    return i;
}

static int cmp_pt(const void *pa, const void *pb) {
    const float *a = pa, *b = pb;
    if (a[0] != b[0]) return a[0] < b[0] ? -1 : 1;
    return (a[1] > b[1]) - (a[1] < b[1]);
}

static double cross(const float *o, const float *a, const float *b) {
    return ((double)a[0] - o[0]) * ((double)b[1] - o[1]) -
           ((double)a[1] - o[1]) * ((double)b[0] - o[0]);
}

/* Perimeter of the convex hull of n points (x, z) (Andrew's monotone chain). */
static double hull_perimeter(float *pts, uint32_t n, float *hull) {
    if (n < 2) return 0;
    qsort(pts, n, 2 * sizeof(float), cmp_pt);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        while (k >= 2 && cross(&hull[2 * (k - 2)], &hull[2 * (k - 1)], &pts[2 * i]) <= 0) k--;
        memcpy(&hull[2 * k++], &pts[2 * i], 2 * sizeof(float));
    }
    for (uint32_t i = n - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(&hull[2 * (k - 2)], &hull[2 * (k - 1)], &pts[2 * i]) <= 0) k--;
        memcpy(&hull[2 * k++], &pts[2 * i], 2 * sizeof(float));
    }
    double p = 0;
    for (uint32_t i = 0; i + 1 < k; i++)
        p +=
            hypot((double)hull[2 * i + 2] - hull[2 * i], (double)hull[2 * i + 3] - hull[2 * i + 1]);
    return p;
}

/* Girth in metres at height y, or 0 (no loop crosses x = 0, or out of memory). */
static double section_girth(const tape *t, float y) {
    const vt_mesh_data *m = t->mesh;
    if (y < t->y0) return 0;
    uint32_t q = (uint32_t)((y - t->y0) / BIN);
    if (q >= t->bins) return 0;
    uint32_t count = t->start[q + 1] - t->start[q];
    /* Each crossing triangle adds 2 edge points; a hash table maps edges to nodes. */
    uint32_t cap = 16;
    while (cap < 4 * count + 16) cap *= 2;
    node *nodes = malloc((size_t)2 * count * sizeof *nodes + sizeof *nodes);
    uint32_t *table = malloc((size_t)cap * sizeof *table);
    double result = 0;
    if (!nodes || !table) goto out;
    memset(table, 0xff, (size_t)cap * sizeof *table);
    uint32_t n = 0;
    for (uint32_t s = t->start[q]; s < t->start[q + 1]; s++) {
        const uint32_t *tri = &m->indices[3 * t->tris[s]];
        uint32_t ids[2];
        int got = 0;
        for (int e = 0; e < 3 && got < 2; e++) {
            uint32_t a = tri[e], b = tri[(e + 1) % 3];
            const float *pa = &m->positions[3 * a], *pb = &m->positions[3 * b];
            bool ua = pa[1] >= y, ub = pb[1] >= y;
            if (ua == ub) continue;
            uint32_t lo = a < b ? a : b, hi = a < b ? b : a;
            uint64_t key = ((uint64_t)lo << 32) | hi;
            uint32_t h = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 40) & (cap - 1);
            while (table[h] != UINT32_MAX && nodes[table[h]].key != key) h = (h + 1) & (cap - 1);
            if (table[h] == UINT32_MAX) {
                float tt = (y - pa[1]) / (pb[1] - pa[1]);
                nodes[n] =
                    (node){key, n, pa[0] + (pb[0] - pa[0]) * tt, pa[2] + (pb[2] - pa[2]) * tt};
                table[h] = n++;
            }
            ids[got++] = table[h];
        }
        if (got == 2) {
            uint32_t ra = find(nodes, ids[0]), rb = find(nodes, ids[1]);
            if (ra != rb) nodes[ra].parent = rb;
        }
    }
    /* The loop that crosses the mid-plane: the torso. If several do, the largest. */
    uint32_t best = UINT32_MAX, best_count = 0;
    uint32_t *count_of = calloc(n + 1, sizeof *count_of);
    uint8_t *sides = calloc(n + 1, 1);
    if (!count_of || !sides) {
        free(count_of);
        free(sides);
        goto out;
    }
    for (uint32_t i = 0; i < n; i++) {
        uint32_t r = find(nodes, i);
        count_of[r]++;
        sides[r] |= nodes[i].x < 0 ? 1 : 2;
    }
    for (uint32_t i = 0; i < n; i++)
        if (sides[i] == 3 && count_of[i] > best_count) {
            best = i;
            best_count = count_of[i];
        }
    if (best != UINT32_MAX) {
        float *pts = malloc(((size_t)best_count * 4 + 8) * sizeof(float));
        if (pts) {
            uint32_t k = 0;
            for (uint32_t i = 0; i < n; i++)
                if (find(nodes, i) == best) {
                    pts[2 * k] = nodes[i].x;
                    pts[2 * k + 1] = nodes[i].z;
                    k++;
                }
            result = hull_perimeter(pts, k, pts + 2 * (size_t)best_count);
            free(pts);
        }
    }
    free(count_of);
    free(sides);
out:
    free(nodes);
    free(table);
    return result;
}

float vt_body_measure_girth(const vt_mesh_data *mesh, float y) {
    VT_ASSERT(mesh);
    tape t;
    float g = 0;
    if (tape_init(&t, mesh) == VT_OK) g = (float)(section_girth(&t, y) * 100.0);
    tape_free(&t);
    return g;
}

vt_result vt_body_measure(const vt_mesh_data *mesh, const vt_body_landmarks *near,
                          vt_body_tape *out) {
    VT_ASSERT(mesh && near && out);
    memset(out, 0, sizeof *out);
    tape t;
    vt_result r = tape_init(&t, mesh);
    if (r != VT_OK) {
        tape_free(&t);
        return r;
    }
    float top = -INFINITY;
    for (uint32_t i = 0; i < mesh->vertex_count; i++)
        top = mesh->positions[3 * i + 1] > top ? mesh->positions[3 * i + 1] : top;
    out->stature = top * 100.0f;
    const float step = 0.002f;
    const int half = (int)lroundf(VT_BODY_TAPE_WINDOW * top / step);
    struct {
        float y;
        float *girth, *at;
        bool largest;
    } marks[3] = {{near->chest_y, &out->chest_girth, &out->chest_y, true},
                  {near->waist_y, &out->waist_girth, &out->waist_y, false},
                  {near->hip_y, &out->hip_girth, &out->hip_y, true}};
    for (int k = 0; k < 3; k++) {
        /* Coarse to fine: every 4th step over the window, then every step
           around the best coarse height. */
        double best = marks[k].largest ? 0 : INFINITY;
        float best_y = marks[k].y;
        for (int pass = 0; pass < 2; pass++) {
            int lo = -half, hi = half, stride = 4;
            int centre = (int)lroundf((best_y - marks[k].y) / step);
            if (pass == 1) {
                lo = centre - 3 > -half ? centre - 3 : -half;
                hi = centre + 3 < half ? centre + 3 : half;
                stride = 1;
            }
            for (int i = lo; i <= hi; i += stride) {
                float y = marks[k].y + (float)i * step;
                double g = section_girth(&t, y);
                if (g <= 0) continue;
                if (marks[k].largest ? g > best : g < best) {
                    best = g;
                    best_y = y;
                }
            }
        }
        if (!(best > 0 && best < INFINITY)) {
            tape_free(&t);
            return vt__fail(VT_ERR_INVALID, "tape: no torso section near y = %.3f m",
                            (double)marks[k].y);
        }
        *marks[k].girth = (float)(best * 100.0);
        *marks[k].at = best_y;
    }
    tape_free(&t);
    return VT_OK;
}
