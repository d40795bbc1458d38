/* The drape: XPBD with small steps (Macklin et al., "Small steps in physics
   simulation", SCA 2019: many substeps, one constraint pass each) on the
   panels' grids. Each grid gives the classic cloth springs as XPBD distance
   constraints with their rest lengths from the flat panel: warp and weft
   edges (stretch), both cell diagonals (shear), springs over two cells
   (bending) and, where the grid is skewed off the fabric's grain (below a
   deep neckline), fibres along the grain (stretch). Seams are point-to-edge constraints matched by
   arc length whose target length closes over the first SEW_TIME seconds, the way a dressmaker pulls
   a seam shut. The body is a signed distance field sampled from its mesh; a vertex closer than the
   skin offset is projected out along the field's gradient, with Coulomb friction on the tangential
   part of its move.

   Every pass runs in a fixed order on one thread (Gauss-Seidel), so a drape
   is the same for any thread count; vt_drape_many runs several drapes (the
   sizes of a garment) side by side on job threads. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#if defined(__SSE2__)
#include <xmmintrin.h>
#endif
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#define SEW_TIME 0.35f /* s for seams to close */
#define GRAVITY 9.81f
#define LR_SPAN 8       /* grid cells spanned by a long-range limit */
#define TAPE_BAND 0.07f /* m below a panel's top edge where the row limits stay */
#define COLOURS 64      /* the last one takes what the others could not: not independent */

/* A distance constraint. While the constraints are built, ka holds the
   compliance (m/N); prepare() then folds the constant inverse masses and
   the substep's compliance into the share of the correction each end
   takes, so that a solve is one square root and one division. */
typedef struct dcon {
    uint32_t a, b;
    float rest;   /* m */
    float ka, kb; /* w_a / (w_a + w_b + alpha / dt^2), the same for b */
} dcon;

typedef struct sew {
    uint32_t a, b0, b1;
    float f;     /* position between b0 and b1 */
    float start; /* distance when the drape starts */
} sew;

/* A fibre along the fabric's grain where the grid's lines are not: vertex
   a and the point at weights f of triangle t0 t1 t2 that lay one cell
   along the grain from it on the flat panel. */
typedef struct fibre {
    uint32_t a, t[3];
    float f[3];
    float rest;
} fibre;

typedef struct sim {
    vt_garment *g;
    const vt__sdf *sdf;
    vt_drape_desc d;
    uint32_t n;
    /* positions, predictions, velocities and contact normals (0 0 0: none)
       as 4 floats a vertex, the 4th 0: one aligned SIMD load or store */
    float *x, *p, *v, *cn;
    float *w;     /* inverse masses */
    float *push;  /* how far the contact pushed, m */
    float *clear; /* lower bound of the vertex's distance past the skin offset, m */
    float mass;   /* total, kg */
    dcon *c, *c2; /* stretch (iterated); shear and bending (once a substep) */
    uint32_t nc, nc2;
    dcon *lr; /* long-range, act only when stretched */
    uint32_t nlr;
    dcon *lrow; /* the same along the rows: while the seams close */
    uint32_t nlrow;
    /* where each colour's run starts in c, c2, lr (see colour_order) */
    uint32_t run_c[COLOURS + 1], run_c2[COLOURS + 1], run_lr[COLOURS + 1], run_lrow[COLOURS + 1];
    sew *s;
    uint32_t ns;
    fibre *fb;
    uint32_t nfb;
} sim;

static vt_drape_desc desc_defaults(const vt_drape_desc *in) {
    vt_drape_desc d = in ? *in : (vt_drape_desc){0};
    if (d.frame_dt <= 0) d.frame_dt = 1.0f / 60;
    /* 10 substeps and a damping of 6/s: the t-shirt's six sizes settle in
       297 frames in all, against 338 with 12 and 4/s, each frame a sixth
       cheaper; the rest shape's stretch differs by under half a percent */
    if (!d.substeps) d.substeps = 10;
    /* 2 passes of stretch and seams a substep: with the long-range limits
       once a substep a third pass changed the rest stretch by under 0.4
       percentage points and cost a seventh of the drape */
    if (!d.iterations) d.iterations = 2;
    if (!d.max_frames) d.max_frames = 150;
    if (!d.min_frames) d.min_frames = 40;
    if (d.rest_ke <= 0) d.rest_ke = 5e-4f;
    if (d.skin_offset <= 0) d.skin_offset = 0.003f;
    if (d.damping <= 0) d.damping = 6.0f;

    return d;
}

static float dist2d(const float *r, uint32_t a, uint32_t b) {
    return hypotf(r[2 * a] - r[2 * b], r[2 * a + 1] - r[2 * b + 1]);
}

static void sim_free(sim *s) {
    free(s->x);
    free(s->p);
    free(s->v);
    free(s->w);
    free(s->cn);
    free(s->push);
    free(s->clear);
    free(s->c);
    free(s->c2);
    free(s->lr);
    free(s->lrow);
    free(s->s);
    free(s->fb);
}

/* Arc-length positions along a run of vertices (rest shape), 0..1. */
static void run_params(const vt_garment *g, const uint32_t *run, uint32_t n, float *t) {
    t[0] = 0;
    for (uint32_t k = 1; k < n; k++) t[k] = t[k - 1] + dist2d(g->rest, run[k], run[k - 1]);
    float total = t[n - 1] > 0 ? t[n - 1] : 1;
    for (uint32_t k = 0; k < n; k++) t[k] /= total;
}

/* Where the grid is skewed (a panel's Coons patch follows a deep
   neckline: rows near it dip at up to 60 degrees), warp and weft springs
   lie across the grain and the soft shear springs are all that resists a
   pull along it: a tight size's hoop tension then stretched those cells
   far more than the square ones beside them, vertical stripes of stretch
   on the front. A fibre along the grain, one cell long, holds the cloth
   there as the grid's own springs do where it is square. */
#define SKEW_COS 0.94f /* cos 20 degrees: a grid line further off the grain takes a fibre */

static void add_fibre(sim *s, const vt_garment *g, const vt_panel *pn, uint32_t i, uint32_t j,
                      float dx, float dy) {
    uint32_t nu = pn->grid_u, nv = pn->grid_v, a = pn->first_vertex + j * (nu + 1) + i;
    const float *r = g->rest;
    if (pn->index_count != nu * nv * 6) return; /* not a grid of two triangles a cell */
    float tx = r[2 * a] + dx, ty = r[2 * a + 1] + dy;
    for (uint32_t cj = j > 3 ? j - 3 : 0; cj < nv && cj <= j + 3; cj++)
        for (uint32_t ci = i > 3 ? i - 3 : 0; ci < nu && ci <= i + 3; ci++)
            for (uint32_t h = 0; h < 2; h++) {
                const uint32_t *ix = g->mesh.indices + pn->first_index + (cj * nu + ci) * 6 + 3 * h;
                if (ix[0] == a || ix[1] == a || ix[2] == a) continue;
                float ax = r[2 * ix[0]], ay = r[2 * ix[0] + 1];
                float e1x = r[2 * ix[1]] - ax, e1y = r[2 * ix[1] + 1] - ay;
                float e2x = r[2 * ix[2]] - ax, e2y = r[2 * ix[2] + 1] - ay;
                float det = e1x * e2y - e1y * e2x;
                if (fabsf(det) < 1e-12f) continue;
                float u = ((tx - ax) * e2y - (ty - ay) * e2x) / det;
                float v = (e1x * (ty - ay) - e1y * (tx - ax)) / det;
                if (u < -1e-4f || v < -1e-4f || u + v > 1 + 1e-4f) continue;
                s->fb[s->nfb++] =
                    (fibre){a, {ix[0], ix[1], ix[2]}, {1 - u - v, u, v}, hypotf(dx, dy)};
                return;
            }
}

static void solve_fibres(sim *s, float dt2) {
    float *p = s->p, *w = s->w;
    const float alpha = 1 / (s->g->fabric.stretch * dt2);
    for (uint32_t k = 0; k < s->nfb; k++) {
        const fibre *e = &s->fb[k];
        float *a = p + 4 * e->a, *t0 = p + 4 * e->t[0], *t1 = p + 4 * e->t[1],
              *t2 = p + 4 * e->t[2];
        float d[3];
        for (int c = 0; c < 3; c++)
            d[c] = a[c] - (e->f[0] * t0[c] + e->f[1] * t1[c] + e->f[2] * t2[c]);
        float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (len < 1e-9f) continue;
        float ws = w[e->a] + e->f[0] * e->f[0] * w[e->t[0]] + e->f[1] * e->f[1] * w[e->t[1]] +
                   e->f[2] * e->f[2] * w[e->t[2]] + alpha;
        if (ws <= 0) continue;
        float l = -(len - e->rest) / (ws * len);
        for (int c = 0; c < 3; c++) {
            a[c] += w[e->a] * l * d[c];
            t0[c] -= e->f[0] * w[e->t[0]] * l * d[c];
            t1[c] -= e->f[1] * w[e->t[1]] * l * d[c];
            t2[c] -= e->f[2] * w[e->t[2]] * l * d[c];
        }
    }
}

static vt_result sim_init(sim *s, vt_garment *g, const vt__sdf *sdf, const vt_drape_desc *d) {
    memset(s, 0, sizeof *s);
    s->g = g;
    s->sdf = sdf;
    s->d = *d;
    uint32_t n = s->n = g->mesh.vertex_count;
    size_t bytes4 = (size_t)(n ? n : 1) * 4 * sizeof(float);
    s->x = aligned_alloc(16, bytes4);
    s->p = aligned_alloc(16, bytes4);
    s->v = aligned_alloc(16, bytes4);
    s->cn = aligned_alloc(16, bytes4);
    s->w = calloc(n, sizeof(float));
    s->push = calloc(n, sizeof(float));
    s->clear = calloc(n, sizeof(float)); /* 0: sample on the first substep */
    uint32_t maxc = 0;
    for (uint32_t q = 0; q < g->panel_count; q++) maxc += 6 * g->panels[q].vertex_count;
    s->c = malloc((size_t)maxc * sizeof *s->c);
    s->c2 = malloc((size_t)maxc * sizeof *s->c2);
    s->lr = malloc((size_t)maxc * sizeof *s->lr);
    s->lrow = malloc((size_t)maxc * sizeof *s->lrow);
    s->s = malloc((size_t)(g->seam_vertex_count + 1) * sizeof *s->s);
    s->fb = malloc((size_t)(2 * n + 1) * sizeof *s->fb);
    if (!s->x || !s->p || !s->v || !s->w || !s->cn || !s->push || !s->clear || !s->c || !s->c2 ||
        !s->lr || !s->lrow || !s->s || !s->fb)
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    memset(s->v, 0, bytes4);
    memset(s->cn, 0, bytes4);
    for (uint32_t i = 0; i < n; i++) {
        memcpy(s->x + 4 * i, g->mesh.positions + 3 * i, 3 * sizeof(float));
        s->x[4 * i + 3] = 0;
    }
    memcpy(s->p, s->x, bytes4);
    /* lumped masses: a third of each rest triangle's area */
    float areal = g->fabric.weight / 1000; /* kg/m^2 */
    float *m = s->w;
    for (uint32_t t = 0; t < g->mesh.index_count; t += 3) {
        const uint32_t *ix = g->mesh.indices + t;
        const float *r = g->rest;
        float ax = r[2 * ix[1]] - r[2 * ix[0]], ay = r[2 * ix[1] + 1] - r[2 * ix[0] + 1];
        float bx = r[2 * ix[2]] - r[2 * ix[0]], by = r[2 * ix[2] + 1] - r[2 * ix[0] + 1];
        float a = 0.5f * fabsf(ax * by - ay * bx) * areal / 3;
        for (int k = 0; k < 3; k++) m[ix[k]] += a;
    }
    for (uint32_t i = 0; i < n; i++) {
        s->mass += m[i];
        m[i] = m[i] > 0 ? 1 / m[i] : 0;
    }
    /* springs per grid: compliance = 1 / stiffness (see fit.h for units) */
    const vt_fabric *f = &g->fabric;
    for (uint32_t q = 0; q < g->panel_count; q++) {
        const vt_panel *pn = &g->panels[q];
        uint32_t nu = pn->grid_u, nv = pn->grid_v, v0 = pn->first_vertex;
        float h = 0;
        h = dist2d(g->rest, v0, v0 + 1);
        float k_st = f->stretch, k_sh = fminf(0.25f * f->shear, 6),
              k_b = 2 * f->bending * 1e-6f / (h * h);
        for (uint32_t j = 0; j <= nv; j++)
            for (uint32_t i = 0; i <= nu; i++) {
                uint32_t a = v0 + j * (nu + 1) + i;
                uint32_t pairs[6][2] = {{i + 1 <= nu, a + 1},
                                        {j + 1 <= nv, a + nu + 1},
                                        {i + 1 <= nu && j + 1 <= nv, a + nu + 2},
                                        {i >= 1 && j + 1 <= nv, a + nu},
                                        {i + 2 <= nu, a + 2},
                                        {j + 2 <= nv, a + 2 * (nu + 1)}};
                /* Long-range limits along rows and columns: a Gauss-Seidel
                   pass barely shortens a ring stretched evenly all round (each
                   vertex is pulled equally both ways); these chords act at
                   once. Along the rows (below the top's TAPE_BAND) only
                   while the seams close (a tight XS would otherwise be
                   sewn into the body): a chord is
                   shorter than the cloth where the body curves, so settled
                   rows held the flat centre front at half the stretch of
                   the rounded sides, vertical stripes on a tight size. The
                   columns (gravity) keep theirs. */
                for (uint32_t span = LR_SPAN; span <= LR_SPAN; span++) {
                    /* the band along the shoulder seams and the neckline
                       keeps them, like the stay tape and the rib there: a
                       loose size hangs from it, and left free it spread
                       under the garment's weight (20 % on a loose tee) */
                    uint32_t top = v0 + nv * (nu + 1) + i;
                    bool taped = g->rest[2 * top + 1] - g->rest[2 * a + 1] < TAPE_BAND;
                    if (i + span <= nu && taped)
                        s->lr[s->nlr++] = (dcon){a, a + span, dist2d(g->rest, a, a + span),
                                                 (float)span / k_st, 0};
                    else if (i + span <= nu)
                        s->lrow[s->nlrow++] = (dcon){a, a + span, dist2d(g->rest, a, a + span),
                                                     (float)span / k_st, 0};
                    if (j + span <= nv)
                        s->lr[s->nlr++] =
                            (dcon){a, a + span * (nu + 1), dist2d(g->rest, a, a + span * (nu + 1)),
                                   (float)span / k_st, 0};
                }
                {
                    uint32_t ra = i + 1 <= nu ? a : a - 1, ca = j + 1 <= nv ? a : a - nu - 1;
                    float rx = g->rest[2 * (ra + 1)] - g->rest[2 * ra],
                          ry = g->rest[2 * (ra + 1) + 1] - g->rest[2 * ra + 1];
                    float cx = g->rest[2 * (ca + nu + 1)] - g->rest[2 * ca],
                          cy = g->rest[2 * (ca + nu + 1) + 1] - g->rest[2 * ca + 1];
                    if (fabsf(rx) < SKEW_COS * hypotf(rx, ry))
                        add_fibre(s, g, pn, i, j, rx < 0 ? -h : h, 0);
                    if (fabsf(cy) < SKEW_COS * hypotf(cx, cy))
                        add_fibre(s, g, pn, i, j, 0, cy < 0 ? -h : h);
                }
                for (int k = 0; k < 6; k++) {
                    if (!pairs[k][0]) continue;
                    uint32_t b = pairs[k][1];
                    float kk = k < 2 ? k_st : k < 4 ? k_sh : k_b;
                    dcon c = {a, b, dist2d(g->rest, a, b), 1 / kk, 0};
                    if (k < 2)
                        s->c[s->nc++] = c;
                    else
                        s->c2[s->nc2++] = c;
                }
            }
    }
    /* Trousers and skirts hang from the waistband (a skirt looser than the
       body at the waist and the hips would otherwise fall to the floor): the top row of every panel
       stays where the arrangement put it, around the body's waist at the chart's waist girth, like
       an interfaced band. Left free, the Gauss-Seidel hoop (a ring under even tension barely
       shortens per pass) lets the weight of the legs stretch the waist over the hips. */
    if (g->kind == VT_GARMENT_TROUSERS || g->kind == VT_GARMENT_SKIRT)
        for (uint32_t q = 0; q < g->panel_count; q++) {
            const vt_panel *pn = &g->panels[q];
            uint32_t top = pn->first_vertex + pn->grid_v * (pn->grid_u + 1);
            for (uint32_t i = 0; i <= pn->grid_u; i++) s->w[top + i] = 0;
            /* and every vertex is tethered to the band above it (Kim et al.,
               "Long range attachments", SCA 2012): no further from it than
               on the flat panel, so the legs' weight cannot sag them
               through the slow Gauss-Seidel chain of a metre of cloth */
            for (uint32_t i = 0; i <= pn->grid_u; i++) {
                /* the limit is the length along the grid's column (the
                   geodesic), not the chord: where the column bends round
                   the crotch the chord is shorter than the cloth must go */
                float along = 0;
                for (uint32_t j = pn->grid_v; j-- > 0;) {
                    uint32_t a = pn->first_vertex + j * (pn->grid_u + 1) + i;
                    along += dist2d(g->rest, a, a + pn->grid_u + 1);
                    s->lr[s->nlr++] = (dcon){a, top + i, along, 0, 0};
                }
            }
        }
    /* seams: every vertex of the run with more vertices finds its point on
       the other run at the same arc-length fraction */
    float *ta = malloc(8192 * sizeof *ta), *tb = malloc(8192 * sizeof *tb);
    if (!ta || !tb) {
        free(ta);
        free(tb);
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    }
    for (uint32_t q = 0; q < g->seam_count; q++) {
        const vt_seam *sm = &g->seams[q];
        const uint32_t *A = g->seam_vertices + sm->a_first, *B = g->seam_vertices + sm->b_first;
        uint32_t na = sm->a_count, nb = sm->b_count;
        if (na < nb) {
            const uint32_t *tmp = A;
            A = B, B = tmp;
            uint32_t t = na;
            na = nb, nb = t;
        }
        if (na > 8192 || nb < 2) continue;
        run_params(g, A, na, ta);
        run_params(g, B, nb, tb);
        uint32_t k = 0;
        for (uint32_t i = 0; i < na; i++) {
            while (k + 2 < nb && tb[k + 1] < ta[i]) k++;
            float span = tb[k + 1] - tb[k];
            float fr = span > 0 ? (ta[i] - tb[k]) / span : 0;
            fr = fr < 0 ? 0 : fr > 1 ? 1 : fr;
            sew *e = &s->s[s->ns++];
            *e = (sew){A[i], B[k], B[k + 1], fr, 0};
            float pb[3];
            for (int c = 0; c < 3; c++)
                pb[c] = (1 - fr) * s->x[4 * B[k] + c] + fr * s->x[4 * B[k + 1] + c];
            e->start = sqrtf((s->x[4 * A[i]] - pb[0]) * (s->x[4 * A[i]] - pb[0]) +
                             (s->x[4 * A[i] + 1] - pb[1]) * (s->x[4 * A[i] + 1] - pb[1]) +
                             (s->x[4 * A[i] + 2] - pb[2]) * (s->x[4 * A[i] + 2] - pb[2]));
        }
    }
    free(ta);
    free(tb);
    return VT_OK;
}

/* Reorders constraints so that each run of them touches every vertex at
   most once (a greedy colouring, then a stable sort by colour) and notes
   where each colour's run starts. In grid order each constraint waits for
   the square root and division of the one before it through a shared
   vertex; independent neighbours let the CPU overlap them, and let
   solve_run() take four at a time in SIMD registers. Still one fixed
   Gauss-Seidel order. */
static vt_result colour_order(dcon *cs, uint32_t n, uint32_t vertex_count, uint32_t *run) {
    uint64_t *used = calloc(vertex_count, sizeof *used);
    uint8_t *col = malloc(n ? n : 1);
    dcon *tmp = malloc((size_t)(n ? n : 1) * sizeof *tmp);
    uint32_t count[COLOURS + 1] = {0};
    if (!used || !col || !tmp) {
        free(used), free(col), free(tmp);
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t m = used[cs[i].a] | used[cs[i].b];
        uint32_t c = 0;
        while (c < COLOURS - 1 && (m >> c & 1)) c++;
        used[cs[i].a] |= 1ull << c, used[cs[i].b] |= 1ull << c;
        col[i] = (uint8_t)c;
        count[c + 1]++;
    }
    for (int c = 1; c <= COLOURS; c++) count[c] += count[c - 1];
    memcpy(run, count, sizeof count);
    for (uint32_t i = 0; i < n; i++) tmp[count[col[i]]++] = cs[i];
    memcpy(cs, tmp, (size_t)n * sizeof *cs);
    free(used), free(col), free(tmp);
    return VT_OK;
}

static void prepare(dcon *cs, uint32_t n, const float *w, float dt2) {
    for (uint32_t i = 0; i < n; i++) {
        dcon *c = &cs[i];
        float ws = w[c->a] + w[c->b] + c->ka / dt2;
        c->ka = ws > 0 ? w[c->a] / ws : 0;
        c->kb = ws > 0 ? w[c->b] / ws : 0;
    }
}

/* One distance constraint; a limit acts only when stretched. */
static inline void solve_one(float *p, const dcon *c, bool limit) {
    float *a = p + 4 * c->a, *b = p + 4 * c->b;
    float d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    float len2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    if (limit ? !(len2 > c->rest * c->rest) : !(len2 >= 1e-18f)) return;
    float len = sqrtf(len2), l = (len - c->rest) / len;
    float la = c->ka * l, lb = c->kb * l;
    for (int k = 0; k < 3; k++) {
        a[k] -= la * d[k];
        b[k] += lb * d[k];
    }
}

#if defined(__SSE2__)
/* Four constraints of one colour at once: the same arithmetic in the same
   order as solve_one (IEEE square root and division are exact in both), so
   the drape is bit for bit the same with or without SIMD. */
static void solve_four(float *p, const dcon *c, bool limit) {
    float *pa[4], *pb[4];
    __m128 d[4], t[4];
    for (int j = 0; j < 4; j++) {
        pa[j] = p + 4 * c[j].a, pb[j] = p + 4 * c[j].b;
        d[j] = t[j] = _mm_sub_ps(_mm_load_ps(pa[j]), _mm_load_ps(pb[j]));
    }
    _MM_TRANSPOSE4_PS(t[0], t[1], t[2], t[3]);
    __m128 len2 = _mm_add_ps(_mm_add_ps(_mm_mul_ps(t[0], t[0]), _mm_mul_ps(t[1], t[1])),
                             _mm_mul_ps(t[2], t[2]));
    __m128 rest = _mm_setr_ps(c[0].rest, c[1].rest, c[2].rest, c[3].rest);
    __m128 on = limit ? _mm_cmpgt_ps(len2, _mm_mul_ps(rest, rest))
                      : _mm_cmpge_ps(len2, _mm_set1_ps(1e-18f));
    __m128 len = _mm_sqrt_ps(len2);
    /* a limit is slack nearly always: then nothing to write */
    if (limit && !_mm_movemask_ps(on)) return;
    /* lanes that are off may divide by zero: their NaN is masked away */
    __m128 l = _mm_and_ps(on, _mm_div_ps(_mm_sub_ps(len, rest), len));
    float la[4], lb[4];
    _mm_storeu_ps(la, _mm_mul_ps(_mm_setr_ps(c[0].ka, c[1].ka, c[2].ka, c[3].ka), l));
    _mm_storeu_ps(lb, _mm_mul_ps(_mm_setr_ps(c[0].kb, c[1].kb, c[2].kb, c[3].kb), l));
    for (int j = 0; j < 4; j++) {
        _mm_store_ps(pa[j], _mm_sub_ps(_mm_load_ps(pa[j]), _mm_mul_ps(_mm_set1_ps(la[j]), d[j])));
        _mm_store_ps(pb[j], _mm_add_ps(_mm_load_ps(pb[j]), _mm_mul_ps(_mm_set1_ps(lb[j]), d[j])));
    }
}
#endif

/* A constraint set in its colour order: within a colour no two
   constraints share a vertex, so four at a time; the last colour, which
   takes the overflow, one by one. */
static void solve_run(float *p, const dcon *cs, const uint32_t *run, bool limit) {
    for (int col = 0; col < COLOURS; col++) {
        uint32_t i = run[col], end = run[col + 1];
#if defined(__SSE2__)
        if (col < COLOURS - 1)
            for (; i + 4 <= end; i += 4) solve_four(p, cs + i, limit);
#endif
        for (; i < end; i++) solve_one(p, cs + i, limit);
    }
}

static void solve_sewing(sim *s, float time, float dt2) {
    float *p = s->p, *w = s->w;
    float closing = time < SEW_TIME ? 1 - time / SEW_TIME : 0;
    const float alpha = 1e-7f / dt2;
    for (uint32_t i = 0; i < s->ns; i++) {
        const sew *e = &s->s[i];
        float *a = p + 4 * e->a, *b0 = p + 4 * e->b0, *b1 = p + 4 * e->b1;
        float f0 = 1 - e->f, f1 = e->f;
        float d[3];
        for (int k = 0; k < 3; k++) d[k] = a[k] - (f0 * b0[k] + f1 * b1[k]);
        float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        float target = e->start * closing;
        if (len <= target || len < 1e-9f) continue;
        float ws = w[e->a] + f0 * f0 * w[e->b0] + f1 * f1 * w[e->b1] + alpha;
        float l = -(len - target) / (ws * len);
        for (int k = 0; k < 3; k++) {
            a[k] += w[e->a] * l * d[k];
            b0[k] -= f0 * w[e->b0] * l * d[k];
            b1[k] -= f1 * w[e->b1] * l * d[k];
        }
    }
}

/* Projects predictions out of the body; the push is remembered so that it
   does not turn into velocity (a push out of a crease would otherwise throw
   the cloth off at metres per second).
   Sampling the field is a quarter of the drape's time (eight scattered
   reads), so a vertex keeps a lower bound of its clearance: the trilinear
   field changes by at most sqrt(3) per metre moved (each axis at most 1),
   and a vertex whose bound stays positive after this substep's move cannot
   touch the body. The result is the same as sampling every vertex. */
static void collide(sim *s) {
    const float off = s->d.skin_offset, lip = 1.7321f;
    for (uint32_t i = 0; i < s->n; i++) {
        float *p = s->p + 4 * i, grad[3], *cn = s->cn + 4 * i;
        const float *x = s->x + 4 * i;
        if (s->w[i] <= 0) continue; /* pinned (a waistband): placed outside */
        float dx = p[0] - x[0], dy = p[1] - x[1], dz = p[2] - x[2];
        float bound = s->clear[i] - lip * sqrtf(dx * dx + dy * dy + dz * dz);
        if (bound > 0) {
            s->clear[i] = bound;
            continue;
        }
        float dist = vt__sdf_sample(s->sdf, p, grad) - off;
        s->clear[i] = fmaxf(dist, 0);
        if (dist >= 0) continue;
        float gl = sqrtf(grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2]);
        if (gl < 1e-6f || dist + off <= -0.9f * s->sdf->band) {
            /* deeper than the field's band, where it is flat: no way out
               is known, so back to where the substep began, outside (a
               seam or a tight hem yanked through a thin limb) */
            memcpy(p, x, 3 * sizeof *p);
            continue;
        }
        for (int k = 0; k < 3; k++) {
            cn[k] = grad[k] / gl;
            p[k] -= dist * cn[k];
        }
        s->push[i] += -dist;
    }
}

/* New velocities from the moves, less the collision pushes; at a contact
   no velocity into the body and Coulomb friction on the tangential part
   (the normal impulse per unit mass is the push over dt). */
static void update_velocities(sim *s, float dt) {
    const float mu = s->g->fabric.friction;
    for (uint32_t i = 0; i < s->n; i++) {
        float *v = s->v + 4 * i, *x = s->x + 4 * i, *p = s->p + 4 * i, *cn = s->cn + 4 * i;
        vt__contact_velocity(v, x, p, cn, s->push[i], dt, mu);
    }
}

static float kinetic(const sim *s) {
    double e = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->w[i] <= 0) continue;
        const float *v = s->v + 4 * i;
        e += 0.5 * (double)(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / s->w[i];
    }
    return (float)e;
}

static void measure(const sim *s, vt_drape_stats *st) {
    uint32_t out = 0;
    float deepest = 0;
    for (uint32_t i = 0; i < s->n; i++) {
        float d = vt__sdf_sample(s->sdf, s->x + 4 * i, NULL);
        if (d >= 0)
            out++;
        else
            deepest = fmaxf(deepest, -d);
    }
    st->outside_share = (float)out / (float)s->n;
    st->max_penetration_mm = deepest * 1000;
}

static vt_result run(vt_garment *g, const vt__sdf *sdf, const vt_drape_desc *d,
                     vt_drape_stats *st) {
    double t0 = vt_time_now();
    memset(st, 0, sizeof *st);
    sim s;
    vt_result r = sim_init(&s, g, sdf, d);
    if (r != VT_OK) {
        sim_free(&s);
        return r;
    }
    const float dt = d->frame_dt / (float)d->substeps, dt2 = dt * dt;
    if ((r = colour_order(s.c, s.nc, s.n, s.run_c)) != VT_OK ||
        (r = colour_order(s.c2, s.nc2, s.n, s.run_c2)) != VT_OK ||
        (r = colour_order(s.lr, s.nlr, s.n, s.run_lr)) != VT_OK ||
        (r = colour_order(s.lrow, s.nlrow, s.n, s.run_lrow)) != VT_OK) {
        sim_free(&s);
        return r;
    }
    prepare(s.c, s.nc, s.w, dt2);
    prepare(s.c2, s.nc2, s.w, dt2);
    prepare(s.lr, s.nlr, s.w, dt2);
    prepare(s.lrow, s.nlrow, s.w, dt2);
    const float keep_free = expf(-d->damping * dt), keep_sew = expf(-80 * dt);
    float time = 0, ke = 0;
    uint32_t frame = 0;
    for (; frame < d->max_frames; frame++) {
        for (uint32_t sub = 0; sub < d->substeps; sub++) {
            /* no gravity while the seams close: the panels hang in place
               like pinned to a dress form, then fall onto the body */
            float gdt = time < SEW_TIME ? 0 : GRAVITY * dt;
            /* and quasi-statically: the start is far from rest (stretched
               where it was pushed off the body, seams open), and XPBD would
               turn that whole error into velocity in one substep */
            float keep = time < SEW_TIME ? keep_sew : keep_free;
            for (uint32_t i = 0; i < s.n; i++) {
                float *v = s.v + 4 * i, *x = s.x + 4 * i, *p = s.p + 4 * i;
                v[1] -= s.w[i] > 0 ? gdt : v[1]; /* pinned vertices stay */
                for (int k = 0; k < 3; k++) {
                    v[k] *= keep;
                    p[k] = x[k] + v[k] * dt;
                }
            }
            memset(s.push, 0, s.n * sizeof *s.push);
            solve_run(s.p, s.c2, s.run_c2, false);
            /* the long-range limits once a substep: they only catch what
               the stretch passes leave too long, and three passes of them
               held a tight size's cloth in tension against the body,
               jittering (a t-shirt's XS took 95 frames to rest, now 40; the
               six sizes 343 frames and 4.0 s of CPU, now 293 and 2.5 s) */
            solve_run(s.p, s.lr, s.run_lr, true);
            if (time < SEW_TIME) /* see sim_init */
                solve_run(s.p, s.lrow, s.run_lrow, true);
            for (uint32_t it = 0; it < d->iterations; it++) {
                solve_run(s.p, s.c, s.run_c, false);
                solve_fibres(&s, dt2);
                /* seams after the cloth: under hoop tension a seam solved
                   first is pulled open again by the panels */
                solve_sewing(&s, time, dt2);
            }
            collide(&s);
            update_velocities(&s, dt);
            time += dt;
        }
        ke = kinetic(&s);
        if (d->progress) d->progress((float)(frame + 1) / (float)d->max_frames, d->user);
        if (frame + 1 >= d->min_frames && time > SEW_TIME && ke < d->rest_ke * s.mass) {
            frame++;
            break;
        }
    }
    for (uint32_t i = 0; i < s.n; i++)
        memcpy(g->mesh.positions + 3 * i, s.x + 4 * i, 3 * sizeof(float));
    st->frames = frame;
    st->substeps = frame * d->substeps;
    st->kinetic_energy = ke;
    st->mass = s.mass;
    measure(&s, st);
    sim_free(&s);
    r = vt_mesh_compute_normals(&g->mesh);
    st->ms = (vt_time_now() - t0) * 1000;
    st->ns_per_substep_vertex =
        st->substeps ? st->ms * 1e6 / st->substeps / g->mesh.vertex_count : 0;
    return r;
}

typedef struct job {
    vt_garment *g;
    const vt_body *body;
    const vt__sdf *sdf;
    const vt_drape_desc *d;
    vt_drape_stats *st;
    bool arrange;
    vt_result r;
    char err[256];
} job;

/* The drapes to run, taken one at a time by whichever thread is free: the
   job threads and the caller, who would otherwise only wait (a pool of
   cores - 1 threads on two cores is one thread). Each drape is computed
   whole on one thread, so which thread takes it changes nothing. */
typedef struct queue {
    job *js;
    uint32_t n;
    atomic_uint next;
} queue;

static void job_run(job *j) {
    j->r = j->arrange ? vt__arrange(j->g, j->body, j->sdf) : VT_OK;
    if (j->r == VT_OK) j->r = run(j->g, j->sdf, j->d, j->st);
    if (j->r != VT_OK) snprintf(j->err, sizeof j->err, "%s", vt_last_error());
}

static void queue_drain(void *arg) {
    queue *q = arg;
    for (uint32_t k; (k = atomic_fetch_add(&q->next, 1)) < q->n;)
        job_run(&q->js[q->n - 1 - k]); /* last size first, see below */
}

/* The field covers the body from a little below the lowest hem to the
   head: a t-shirt needs no legs (less than half the body's triangles). */
static vt_result body_field(const vt_body *body, vt_garment *const *g, uint32_t n, vt_jobs *jobs,
                            vt__sdf *sdf, double *ms) {
    double t0 = vt_time_now();
    float lo = INFINITY;
    for (uint32_t i = 0; i < n; i++) {
        bool waist_down = g[i]->kind == VT_GARMENT_SKIRT || g[i]->kind == VT_GARMENT_TROUSERS;
        float top = waist_down ? body->landmarks.waist_y : body->landmarks.neck_y + 0.05f, h = 0;
        for (uint32_t v = 0; v < g[i]->mesh.vertex_count; v++) h = fmaxf(h, g[i]->rest[2 * v + 1]);
        lo = fminf(lo, top - h - 0.25f);
    }
    vt_result r = vt__sdf_build(sdf, &body->mesh, fmaxf(lo, 0.0f), INFINITY, 0.008f, jobs);
    *ms = (vt_time_now() - t0) * 1000;
    return r;
}

static vt_result drape_many(vt_garment *const *g, uint32_t n, const vt_body *body,
                            const vt_drape_desc *desc, vt_jobs *jobs, bool arrange,
                            vt_drape_stats *out) {
    VT_ASSERT(g && body && out);
    vt_drape_desc d = desc_defaults(desc);
    vt__sdf sdf;
    double sdf_ms = 0;
    vt_result r = body_field(body, g, n, jobs, &sdf, &sdf_ms);
    if (r != VT_OK) return r;
    job *js = calloc(n ? n : 1, sizeof *js);
    if (!js) {
        vt__sdf_free(&sdf);
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    }
    /* last size first: the loose sizes swing longest before they settle,
       and starting the long jobs first keeps both threads busy to the end */
    queue q = {js, n, 0};
    for (uint32_t i = 0; i < n; i++)
        js[i] = (job){g[i], body, &sdf, &d, &out[i], arrange, VT_OK, ""};
    for (uint32_t i = 1; jobs && i < n; i++)
        if (vt_jobs_submit(jobs, queue_drain, &q) != VT_OK) break;
    queue_drain(&q);
    if (jobs) vt_jobs_wait(jobs);
    r = VT_OK;
    for (uint32_t i = 0; i < n; i++) {
        out[i].sdf_ms = sdf_ms;
        if (js[i].r != VT_OK && r == VT_OK) r = vt__fail(js[i].r, "%s", js[i].err);
    }
    free(js);
    vt__sdf_free(&sdf);
    return r;
}

vt_result vt_drape_many(vt_garment *const *g, uint32_t n, const vt_body *body,
                        const vt_drape_desc *desc, vt_jobs *jobs, vt_drape_stats *out) {
    return drape_many(g, n, body, desc, jobs, true, out);
}

vt_result vt__drape_settle(vt_garment *const *g, uint32_t n, const vt_body *body,
                           const vt_drape_desc *desc, vt_jobs *jobs, vt_drape_stats *out) {
    return drape_many(g, n, body, desc, jobs, false, out);
}

vt_result vt_drape(vt_garment *g, const vt_body *body, const vt_drape_desc *desc,
                   vt_drape_stats *out) {
    return vt_drape_many(&g, 1, body, desc, NULL, out);
}
