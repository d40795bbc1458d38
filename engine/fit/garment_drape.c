/* The drape of a transferred brand garment (vt_garment_transfer): the same
   small-step XPBD as engine/fit/drape.c, but on an arbitrary triangle mesh
   whose rest shape is the 3D garment as modelled (rest3d) rather than flat
   panel grids: every edge is a stretch constraint, the two vertices across
   every inner edge a bending one, stitches pull an open edge's vertex onto
   the edge it was modelled on. The body is the same signed distance field,
   with the same skin offset, friction and damping. It settles from the
   transferred shape: the first 0.25 s without gravity and heavily damped,
   so the cloth first takes its modelled lengths against the new body (a
   garment too small for it stays stretched, which the fit map then shows),
   then falls. One thread, fixed order: the same result every run. After a
   pose (vt_fit_pose), vt__drape_transferred_settle settles it again from
   where skinning left it. Also the fit map against rest3d. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SETTLE_TIME 0.25f
#define POSE_SETTLE_TIME 0.1f /* after a pose (vt__drape_transferred_settle) */
#define POSE_MAX_STEP 0.005f  /* m per substep, after a pose (see clamp_steps) */
#define LR_DEPTH 6            /* edges between a vertex and its long-range anchor */
#define LR_SLACK 1.02f        /* a limit's length: 2 % over the rest chord, at most the path */

#define GRAVITY 9.81f

typedef struct con {
    uint32_t a, b;
    float rest, ka, kb;
} con;

typedef struct msim {
    uint32_t n;
    float *x, *p, *v, *w, *cn, *push;
    float *clear; /* lower bound of the distance past the skin offset, m (see drape.c) */
    con *c;
    uint32_t nc, nstretch;
    con *lr; /* long-range limits: act only when stretched */
    uint32_t nlr;
    const uint32_t *st; /* stitches: a, b0, b1 */
    float *stf;         /* where on b0-b1 */
    uint32_t nst;
    float mass;
} msim;

static float len3(const float *a, const float *b) {
    float d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
    return sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
}

static void msim_free(msim *s) {
    free(s->x), free(s->p), free(s->v), free(s->w), free(s->cn), free(s->push), free(s->c);
    free(s->clear), free(s->lr);
    free(s->stf);
}

static int cmp_f(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return x < y ? -1 : x > y;
}

/* Median of n values (sorts them). */
static float median(float *v, uint32_t n) {
    if (!n) return 0;
    qsort(v, n, sizeof *v, cmp_f);
    return v[n / 2];
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Reorders constraints so that each run touches every vertex at most once
   (greedy colouring, stable by colour), as drape.c does: neighbours no
   longer wait on each other's square root; still one fixed order. */
static vt_result colour_order(con *cs, uint32_t n, uint32_t vertex_count) {
    uint64_t *used = calloc((size_t)vertex_count + 1, sizeof *used);
    uint8_t *col = malloc((size_t)n + 1);
    con *tmp = malloc(((size_t)n + 1) * sizeof *tmp);
    uint32_t count[65] = {0};
    if (!used || !col || !tmp) {
        free(used), free(col), free(tmp);
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    }
    for (uint32_t i = 0; i < n; i++) {
        uint64_t m = used[cs[i].a] | used[cs[i].b];
        uint32_t c = 0;
        while (c < 63 && (m >> c & 1)) c++;
        used[cs[i].a] |= 1ull << c, used[cs[i].b] |= 1ull << c;
        col[i] = (uint8_t)c;
        count[c + 1]++;
    }
    for (int c = 1; c < 65; c++) count[c] += count[c - 1];
    for (uint32_t i = 0; i < n; i++) tmp[count[col[i]]++] = cs[i];
    memcpy(cs, tmp, (size_t)n * sizeof *cs);
    free(used), free(col), free(tmp);
    return VT_OK;
}

/* Long-range limits (Kim et al., "Long range attachments", SCA 2012, as
   drape.c's along its grid): a Gauss-Seidel pass barely shortens a long
   chain of edges under the cloth's own weight, so a hanging garment would
   sag at the shoulders far past its modelled lengths. Each vertex is tied to
   the highest vertex LR_DEPTH edges away (breadth first over the edges) by
   a limit no longer than 1.02 x their rest distance (nor the path between
   them): the path over the edges zig-zags and would never bind; the 2 %
   lets a curve of the model flatten a little. Measured on a tee carried
   onto its own body: vertices over 10 % stretch 435 -> 272. */
static vt_result long_range(msim *s, const float *R, float k_st) {
    uint32_t n = s->n, ne = s->nstretch;
    uint32_t *start = calloc((size_t)n + 2, sizeof *start),
             *adj = malloc(((size_t)ne * 2 + 1) * sizeof *adj);
    uint32_t *stamp = calloc((size_t)n + 1, sizeof *stamp),
             *queue = malloc(((size_t)n + 1) * sizeof *queue);
    uint8_t *depth = malloc((size_t)n + 1);
    float *along = malloc(((size_t)n + 1) * sizeof *along);
    s->lr = malloc(((size_t)n + 1) * sizeof *s->lr);
    vt_result r = VT_OK;
    if (!start || !adj || !stamp || !queue || !depth || !along || !s->lr) {
        r = vt__fail(VT_ERR_NOMEM, "drape: out of memory");
        goto out;
    }
    for (uint32_t i = 0; i < ne; i++) start[s->c[i].a + 2]++, start[s->c[i].b + 2]++;
    for (uint32_t v = 0; v < n; v++) start[v + 2] += start[v + 1];
    for (uint32_t i = 0; i < ne; i++) {
        adj[start[s->c[i].a + 1]++] = s->c[i].b;
        adj[start[s->c[i].b + 1]++] = s->c[i].a;
    }
    for (uint32_t v = 0; v < n; v++) {
        uint32_t head = 0, tail = 0, best = UINT32_MAX;
        queue[tail++] = v;
        stamp[v] = v + 1, depth[v] = 0, along[v] = 0;
        while (head < tail) {
            uint32_t u = queue[head++];
            if (depth[u] == LR_DEPTH) {
                if (best == UINT32_MAX || R[3 * u + 1] > R[3 * best + 1]) best = u;
                continue;
            }
            for (uint32_t k = start[u]; k < start[u + 1]; k++) {
                uint32_t q = adj[k];
                if (stamp[q] == v + 1) continue;
                stamp[q] = v + 1;
                depth[q] = (uint8_t)(depth[u] + 1);
                along[q] = along[u] + len3(R + 3 * u, R + 3 * q);
                queue[tail++] = q;
            }
        }
        if (best != UINT32_MAX && R[3 * best + 1] > R[3 * v + 1])
            s->lr[s->nlr++] =
                (con){v, best, fminf(along[best], LR_SLACK * len3(R + 3 * v, R + 3 * best)),
                      (float)LR_DEPTH / k_st, 0};
    }
out:
    free(start), free(adj), free(stamp), free(queue), free(depth), free(along);
    return r;
}

static vt_result msim_init(msim *s, const vt_garment *g, float dt2) {
    memset(s, 0, sizeof *s);
    const vt_mesh_data *m = &g->mesh;
    const float *R = g->rest3d;
    uint32_t n = s->n = m->vertex_count, ni = m->index_count;
    /* an edge key (n^2) and a half-edge id (24 bits) share 64 bits */
    if (n >= (1u << 19) || ni >= (1u << 24))
        return vt__fail(VT_ERR_LIMIT,
                        "drape: a transferred garment of %u vertices is over the "
                        "500k-vertex limit",
                        n);
    s->x = malloc((size_t)n * 3 * sizeof(float));
    s->p = malloc((size_t)n * 3 * sizeof(float));
    s->v = calloc((size_t)n * 3, sizeof(float));
    s->w = calloc(n, sizeof(float));
    s->cn = calloc((size_t)n * 3, sizeof(float));
    s->push = calloc(n, sizeof(float));
    s->clear = calloc(n, sizeof(float));
    s->c = malloc(((size_t)ni * 2 + 1) * sizeof *s->c);
    s->nst = g->seam_vertex_count / 3;
    s->st = g->seam_vertices;
    s->stf = malloc(((size_t)s->nst + 1) * sizeof *s->stf);
    /* half-edges keyed by (min, max) << 32 | triangle*3+k, sorted: an inner
       edge's two half-edges end up side by side */
    uint64_t *he = malloc(((size_t)ni + 1) * sizeof *he);
    if (!s->x || !s->p || !s->v || !s->w || !s->cn || !s->push || !s->clear || !s->c || !s->stf ||
        !he) {
        free(he);
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    }
    memcpy(s->x, m->positions, (size_t)n * 3 * sizeof(float));
    float areal = g->fabric.weight / 1000;
    for (uint32_t f = 0; f + 2 < ni; f += 3) {
        const float *a = R + 3 * m->indices[f], *b = R + 3 * m->indices[f + 1],
                    *c = R + 3 * m->indices[f + 2];
        float e1[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
              e2[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
        float cx = e1[1] * e2[2] - e1[2] * e2[1], cy = e1[2] * e2[0] - e1[0] * e2[2],
              cz = e1[0] * e2[1] - e1[1] * e2[0];
        float area = 0.5f * sqrtf(cx * cx + cy * cy + cz * cz) * areal / 3;
        for (int k = 0; k < 3; k++) s->w[m->indices[f + (uint32_t)k]] += area;
    }
    for (uint32_t i = 0; i < n; i++) {
        s->mass += s->w[i];
        s->w[i] = s->w[i] > 0 ? 1 / s->w[i] : 0;
    }
    /* skirts and trousers hang from their waistband: the top 1.5 cm holds */
    if (g->kind == VT_GARMENT_SKIRT || g->kind == VT_GARMENT_TROUSERS) {
        float top = -INFINITY;
        for (uint32_t i = 0; i < n; i++) top = fmaxf(top, s->x[3 * i + 1]);
        for (uint32_t i = 0; i < n; i++)
            if (s->x[3 * i + 1] > top - 0.015f) s->w[i] = 0;
    }
    for (uint32_t f = 0; f < ni; f++) {
        uint64_t a = m->indices[f], b = m->indices[f - f % 3 + (f % 3 + 1) % 3];
        he[f] = ((a < b ? a : b) * (uint64_t)n + (a < b ? b : a)) << 24 | f;
    }
    const vt_fabric *fab = &g->fabric;
    const float k_st = fab->stretch;
    qsort(he, ni, sizeof *he, cmp_u64);
    /* stretch: every edge once */
    for (uint32_t i = 0; i < ni; i++) {
        if (i && he[i] >> 24 == he[i - 1] >> 24) continue;
        uint32_t f = (uint32_t)(he[i] & 0xFFFFFF);
        uint32_t a = m->indices[f], b = m->indices[f - f % 3 + (f % 3 + 1) % 3];
        s->c[s->nc++] = (con){a, b, len3(R + 3 * a, R + 3 * b), 1 / k_st, 0};
    }
    s->nstretch = s->nc;
    /* bending: the vertices across each inner edge */
    for (uint32_t i = 0; i + 1 < ni; i++) {
        if (he[i] >> 24 != he[i + 1] >> 24) continue;
        uint32_t f0 = (uint32_t)(he[i] & 0xFFFFFF), f1 = (uint32_t)(he[i + 1] & 0xFFFFFF);
        uint32_t c0 = m->indices[f0 - f0 % 3 + (f0 % 3 + 2) % 3],
                 c1 = m->indices[f1 - f1 % 3 + (f1 % 3 + 2) % 3];
        if (c0 == c1) continue;
        float rest = len3(R + 3 * c0, R + 3 * c1);
        float k_b = 2 * fab->bending * 1e-6f / fmaxf(rest * rest, 1e-6f);
        s->c[s->nc++] = (con){c0, c1, rest, 1 / k_b, 0};
    }
    free(he);
    vt_result r = long_range(s, R, k_st);
    if (r == VT_OK) r = colour_order(s->c, s->nstretch, n);
    if (r == VT_OK) r = colour_order(s->lr, s->nlr, n);
    if (r == VT_OK) r = colour_order(s->c + s->nstretch, s->nc - s->nstretch, n);
    if (r != VT_OK) return r;
    for (uint32_t i = 0; i < s->nc + s->nlr; i++) {
        con *c = i < s->nc ? &s->c[i] : &s->lr[i - s->nc];
        float ws = s->w[c->a] + s->w[c->b] + c->ka / dt2;
        c->ka = ws > 0 ? s->w[c->a] / ws : 0;
        c->kb = ws > 0 ? s->w[c->b] / ws : 0;
    }
    for (uint32_t i = 0; i < s->nst; i++) {
        const float *p = R + 3 * s->st[3 * i], *a = R + 3 * s->st[3 * i + 1],
                    *b = R + 3 * s->st[3 * i + 2];
        float ab[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
        float l2 = ab[0] * ab[0] + ab[1] * ab[1] + ab[2] * ab[2];
        float t = l2 > 0
                      ? ((p[0] - a[0]) * ab[0] + (p[1] - a[1]) * ab[1] + (p[2] - a[2]) * ab[2]) / l2
                      : 0;
        s->stf[i] = t < 0 ? 0 : t > 1 ? 1 : t;
    }
    return VT_OK;
}

static void solve_limits(msim *s) {
    float *p = s->p;
    for (uint32_t i = 0; i < s->nlr; i++) {
        const con *c = &s->lr[i];
        float *a = p + 3 * c->a, *b = p + 3 * c->b;
        float d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
        float l2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        if (l2 <= c->rest * c->rest) continue;
        float len = sqrtf(l2), l = (len - c->rest) / len;
        for (int k = 0; k < 3; k++) {
            a[k] -= c->ka * l * d[k];
            b[k] += c->kb * l * d[k];
        }
    }
}

static void solve(msim *s, uint32_t from, uint32_t to) {
    float *p = s->p;
    for (uint32_t i = from; i < to; i++) {
        const con *c = &s->c[i];
        float *a = p + 3 * c->a, *b = p + 3 * c->b;
        float d[3] = {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
        float l2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        if (l2 < 1e-18f) continue;
        float len = sqrtf(l2), l = (len - c->rest) / len;
        for (int k = 0; k < 3; k++) {
            a[k] -= c->ka * l * d[k];
            b[k] += c->kb * l * d[k];
        }
    }
}

static void stitch(msim *s) {
    float *p = s->p, *w = s->w;
    for (uint32_t i = 0; i < s->nst; i++) {
        uint32_t ia = s->st[3 * i], i0 = s->st[3 * i + 1], i1 = s->st[3 * i + 2];
        float f1 = s->stf[i], f0 = 1 - f1, d[3];
        float *a = p + 3 * ia, *b0 = p + 3 * i0, *b1 = p + 3 * i1;
        for (int k = 0; k < 3; k++) d[k] = a[k] - (f0 * b0[k] + f1 * b1[k]);
        float ws = w[ia] + f0 * f0 * w[i0] + f1 * f1 * w[i1];
        if (ws <= 0) continue;
        for (int k = 0; k < 3; k++) {
            a[k] -= w[ia] / ws * d[k];
            b0[k] += f0 * w[i0] / ws * d[k];
            b1[k] += f1 * w[i1] / ws * d[k];
        }
    }
}

/* As drape.c: a vertex keeps a lower bound of its clearance (the trilinear
   field changes by at most sqrt(3) per metre moved) and is sampled only
   when the bound runs out; the same result as sampling every vertex. */
static void collide(msim *s, const vt__sdf *sdf, float off) {
    for (uint32_t i = 0; i < s->n; i++) {
        if (s->w[i] <= 0) continue;
        float *p = s->p + 3 * i, grad[3], *cn = s->cn + 3 * i;
        const float *x = s->x + 3 * i;
        cn[0] = cn[1] = cn[2] = 0;
        float dx = p[0] - x[0], dy = p[1] - x[1], dz = p[2] - x[2];
        float bound = s->clear[i] - 1.7321f * sqrtf(dx * dx + dy * dy + dz * dz);
        if (bound > 0) {
            s->clear[i] = bound;
            continue;
        }
        float dist = vt__sdf_sample(sdf, p, grad) - off;
        s->clear[i] = fmaxf(dist, 0);
        if (dist >= 0) continue;
        float gl = sqrtf(grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2]);
        if (gl < 1e-6f) continue;
        for (int k = 0; k < 3; k++) {
            cn[k] = grad[k] / gl;
            p[k] -= dist * cn[k];
        }
        s->push[i] += -dist;
    }
}

static void velocities(msim *s, float dt, float mu) {
    for (uint32_t i = 0; i < s->n; i++) {
        float *v = s->v + 3 * i, *x = s->x + 3 * i, *p = s->p + 3 * i, *cn = s->cn + 3 * i;
        vt__contact_velocity(v, x, p, cn, s->push[i], dt, mu);
    }
}

/* After a pose the cloth across the armpit is stretched by centimetres
   (one vertex skinned with the torso, its neighbour with the arm), and the
   first substep's stretch constraints would pull it that far at once: past
   the body's skin and the field's band, into the arm, where the field has
   no gradient to leave by. Bounded, it relaxes over a few substeps with the
   collision between each. */
static void clamp_steps(msim *s, float max_step) {
    for (uint32_t i = 0; i < s->n; i++) {
        float *p = s->p + 3 * i;
        const float *x = s->x + 3 * i;
        float d[3] = {p[0] - x[0], p[1] - x[1], p[2] - x[2]};
        float l2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
        if (l2 <= max_step * max_step) continue;
        float k = max_step / sqrtf(l2);
        for (int c = 0; c < 3; c++) p[c] = x[c] + k * d[c];
    }
}

/* Pushes every free vertex inside the body out along the field's
   gradient (as the held waistband is); true when one is still inside. */
static bool push_out(msim *s, const vt__sdf *sdf, float off, uint8_t *inside) {
    bool any = false;
    for (uint32_t i = 0; i < s->n; i++) {
        float *x = s->x + 3 * i, grad[3], dist = 0;
        for (int it = 0; it < 4 && s->w[i] > 0; it++) {
            dist = vt__sdf_sample(sdf, x, grad) - off;
            float gl = sqrtf(grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2]);
            if (dist >= 0 || gl < 1e-6f) break;
            for (int k = 0; k < 3; k++) x[k] -= dist * grad[k] / gl;
            dist = vt__sdf_sample(sdf, x, NULL) - off;
        }
        /* within the skin offset is not inside: the mean of its
           neighbours would put it deeper */
        inside[i] = s->w[i] > 0 && dist + off < 0;
        any |= inside[i];
    }
    return any;
}

/* What the settle after a pose leaves inside the body: the cloth skinning
   put under the raised arm (a long-sleeved shirt's underarm), or pulled
   in past the field's band where it has no gradient (a tight dress's
   armhole: 30 mm deep in one build). In rounds (at most 8): every vertex
   is pushed out along the gradient, and each one still inside goes to the
   mean of its neighbours that are outside. */
static vt_result unbury(msim *s, const vt__sdf *sdf, float off) {
    float *sum = malloc(((size_t)s->n * 4 + 1) * sizeof *sum);
    uint8_t *inside = malloc((size_t)s->n + 1);
    if (!sum || !inside) {
        free(sum), free(inside);
        return vt__fail(VT_ERR_NOMEM, "drape: out of memory");
    }
    for (int round = 0; round < 8 && push_out(s, sdf, off, inside); round++) {
        memset(sum, 0, (size_t)s->n * 4 * sizeof *sum);
        for (uint32_t e = 0; e < s->nstretch; e++) {
            uint32_t a = s->c[e].a, b = s->c[e].b;
            if (inside[a] == inside[b]) continue;
            uint32_t in = inside[a] ? a : b, out = inside[a] ? b : a;
            for (int k = 0; k < 3; k++) sum[4 * in + k] += s->x[3 * out + k];
            sum[4 * in + 3] += 1;
        }
        for (uint32_t i = 0; i < s->n; i++)
            if (inside[i] && sum[4 * i + 3] > 0)
                for (int k = 0; k < 3; k++) s->x[3 * i + k] = sum[4 * i + k] / sum[4 * i + 3];
    }
    free(sum), free(inside);
    return VT_OK;
}

/* The drape from the garment's current positions: settle_time seconds
   without gravity and heavily damped, then free; max_frames and min_frames
   are the defaults of the desc's zero fields; max_step (m, 0: none) bounds
   how far a vertex moves in one substep and has what is left inside the
   body brought out at the end (after a pose). */
static vt_result run(vt_garment *g, const vt_body *body, const vt_drape_desc *desc,
                     uint32_t max_frames, uint32_t min_frames, float settle_time, float max_step,
                     vt_drape_stats *st) {
    VT_ASSERT(g && g->rest3d && body && st);
    double t0 = vt_time_now();
    memset(st, 0, sizeof *st);
    vt_drape_desc d = desc ? *desc : (vt_drape_desc){0};
    if (d.frame_dt <= 0) d.frame_dt = 1.0f / 60;
    if (!d.substeps) d.substeps = 12;
    if (!d.iterations) d.iterations = 3;
    if (!d.max_frames) d.max_frames = max_frames;
    if (!d.min_frames) d.min_frames = min_frames;
    if (d.rest_ke <= 0) d.rest_ke = 5e-4f;
    if (d.skin_offset <= 0) d.skin_offset = 0.003f;
    if (d.damping <= 0) d.damping = 4.0f;
    float lo = INFINITY;
    for (uint32_t i = 0; i < g->mesh.vertex_count; i++)
        lo = fminf(lo, g->mesh.positions[3 * i + 1]);
    vt__sdf sdf;
    double ts = vt_time_now();
    vt_result r = vt__sdf_build(&sdf, &body->mesh, fmaxf(lo - 0.3f, 0), INFINITY, 0.008f, NULL);
    if (r != VT_OK) return r;
    st->sdf_ms = (vt_time_now() - ts) * 1000;
    const float dt = d.frame_dt / (float)d.substeps, dt2 = dt * dt;
    msim s;
    r = msim_init(&s, g, dt2);
    if (r != VT_OK) {
        msim_free(&s);
        vt__sdf_free(&sdf);
        return r;
    }
    /* the held waistband does not collide: it starts outside the skin */
    for (uint32_t i = 0; i < s.n; i++) {
        if (s.w[i] > 0) continue;
        float *x = s.x + 3 * i, grad[3];
        for (int it = 0; it < 4; it++) {
            float dist = vt__sdf_sample(&sdf, x, grad) - d.skin_offset;
            float gl = sqrtf(grad[0] * grad[0] + grad[1] * grad[1] + grad[2] * grad[2]);
            if (dist >= 0 || gl < 1e-6f) break;
            for (int k = 0; k < 3; k++) x[k] -= dist * grad[k] / gl;
        }
    }
    const float keep_free = expf(-d.damping * dt), keep_settle = expf(-60 * dt);
    float time = 0, ke = 0;
    uint32_t frame = 0;
    for (; frame < d.max_frames; frame++) {
        for (uint32_t sub = 0; sub < d.substeps; sub++) {
            bool settling = time < settle_time;
            float gdt = settling ? 0 : GRAVITY * dt, keep = settling ? keep_settle : keep_free;
            for (uint32_t i = 0; i < s.n; i++) {
                float *v = s.v + 3 * i, *x = s.x + 3 * i, *p = s.p + 3 * i;
                if (s.w[i] > 0) v[1] -= gdt;
                for (int k = 0; k < 3; k++) {
                    v[k] = s.w[i] > 0 ? v[k] * keep : 0;
                    p[k] = x[k] + v[k] * dt;
                }
            }
            memset(s.push, 0, s.n * sizeof *s.push);
            solve(&s, s.nstretch, s.nc);
            for (uint32_t it = 0; it < d.iterations; it++) {
                solve_limits(&s);
                solve(&s, 0, s.nstretch);
                stitch(&s);
            }
            if (max_step > 0) clamp_steps(&s, max_step);
            collide(&s, &sdf, d.skin_offset);
            velocities(&s, dt, g->fabric.friction);
            time += dt;
        }
        double e = 0;
        for (uint32_t i = 0; i < s.n; i++) {
            if (s.w[i] <= 0) continue;
            const float *v = s.v + 3 * i;
            e += 0.5 * (double)(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]) / s.w[i];
        }
        ke = (float)e;
        if (d.progress) d.progress((float)(frame + 1) / (float)d.max_frames, d.user);
        if (frame + 1 >= d.min_frames && time > settle_time && ke < d.rest_ke * s.mass) {
            frame++;
            break;
        }
    }
    if (max_step > 0 && (r = unbury(&s, &sdf, d.skin_offset)) != VT_OK) {
        msim_free(&s);
        vt__sdf_free(&sdf);
        return r;
    }
    memcpy(g->mesh.positions, s.x, (size_t)s.n * 3 * sizeof(float));
    uint32_t outside = 0;
    float deepest = 0;
    for (uint32_t i = 0; i < s.n; i++) {
        float dd = vt__sdf_sample(&sdf, s.x + 3 * i, NULL);
        if (dd >= 0)
            outside++;
        else
            deepest = fmaxf(deepest, -dd);
    }
    st->outside_share = s.n ? (float)outside / (float)s.n : 1;
    st->max_penetration_mm = deepest * 1000;
    st->frames = frame;
    st->substeps = frame * d.substeps;
    st->kinetic_energy = ke;
    st->mass = s.mass;
    msim_free(&s);
    vt__sdf_free(&sdf);
    r = vt_mesh_compute_normals(&g->mesh);
    st->ms = (vt_time_now() - t0) * 1000 - st->sdf_ms;
    st->ns_per_substep_vertex = st->substeps && g->mesh.vertex_count
                                    ? st->ms * 1e6 / st->substeps / g->mesh.vertex_count
                                    : 0;
    return r;
}

vt_result vt_drape_transferred(vt_garment *g, const vt_body *body, const vt_drape_desc *desc,
                               vt_drape_stats *st) {
    return run(g, body, desc, 150, 40, SETTLE_TIME, 0, st);
}

/* The settle after a pose (pose.c), as vt__drape_settle is for panel
   garments: from the skinned positions against the posed body's field, at
   most 45 frames. POSE_SETTLE_TIME first without gravity and heavily
   damped, as the drape starts, so that what skinning stretched or squeezed
   (under the raised arm, over the shoulder) relaxes before it falls.
   Measured on the draft tee carried onto male-l: against no damped phase
   (0 s) the same share outside and vertices over 10 % stretch (310 / 314),
   a third of the kinetic energy at frame 25; 0.25 s as the drape gave
   nothing more (312). */
vt_result vt__drape_transferred_settle(vt_garment *g, const vt_body *body,
                                       const vt_drape_desc *desc, vt_drape_stats *st) {
    return run(g, body, desc, 45, 25, POSE_SETTLE_TIME, POSE_MAX_STEP, st);
}

/* Larger principal stretch of the triangle x0 x1 x2 against its rest r0 r1 r2
   (both 3D): the rest triangle in its own plane's 2D frame, then the
   singular value of F = [e1 e2] [r1 r2]^-1 as in fitmap.c. */
static float tri_stretch3(const float *x0, const float *x1, const float *x2, const float *r0,
                          const float *r1, const float *r2, float *area) {
    float u[3] = {r1[0] - r0[0], r1[1] - r0[1], r1[2] - r0[2]},
          v[3] = {r2[0] - r0[0], r2[1] - r0[1], r2[2] - r0[2]};
    float lu = sqrtf(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
    *area = 0;
    if (lu < 1e-9f) return 1;
    float a = lu, b = (u[0] * v[0] + u[1] * v[1] + u[2] * v[2]) / lu;
    float vv = v[0] * v[0] + v[1] * v[1] + v[2] * v[2], d = sqrtf(fmaxf(vv - b * b, 0));
    float c = 0, det = a * d - b * c;
    *area = 0.5f * fabsf(det);
    if (fabsf(det) < 1e-12f) return 1;
    float ia = d / det, ib = -b / det, ic = -c / det, id = a / det;
    float f1[3], f2[3];
    for (int k = 0; k < 3; k++) {
        float e1 = x1[k] - x0[k], e2 = x2[k] - x0[k];
        f1[k] = e1 * ia + e2 * ic;
        f2[k] = e1 * ib + e2 * id;
    }
    float p = f1[0] * f1[0] + f1[1] * f1[1] + f1[2] * f1[2];
    float q = f1[0] * f2[0] + f1[1] * f2[1] + f1[2] * f2[2];
    float r = f2[0] * f2[0] + f2[1] * f2[1] + f2[2] * f2[2];
    float mean = 0.5f * (p + r), diff = sqrtf(0.25f * (p - r) * (p - r) + q * q);
    return sqrtf(mean + diff);
}

vt_result vt_garment_transferred_stretch(const vt_garment *g, float *out) {
    VT_ASSERT(g && g->rest3d && out);
    uint32_t n = g->mesh.vertex_count;
    float *wsum = calloc(n + 1, sizeof *wsum);
    if (!wsum) return vt__fail(VT_ERR_NOMEM, "fit map: out of memory");
    memset(out, 0, (size_t)n * sizeof *out);
    const float *x = g->mesh.positions, *r = g->rest3d;
    /* A model that was itself draped (an export) has a few triangles
       crushed where its seams gathered the cloth (edges under a
       millimetre): they carry no rest shape to be stretched from, and those
       under a quarter of the median rest area are left out. */
    uint32_t nt = g->mesh.index_count / 3;
    float *areas = malloc(((size_t)nt + 1) * sizeof *areas),
          *sorted = malloc(((size_t)nt + 1) * sizeof *sorted);
    if (!areas || !sorted) {
        free(wsum), free(areas), free(sorted);
        return vt__fail(VT_ERR_NOMEM, "fit map: out of memory");
    }
    for (uint32_t t = 0; t < nt; t++) {
        const uint32_t *ix = g->mesh.indices + 3 * t;
        tri_stretch3(r + 3 * ix[0], r + 3 * ix[1], r + 3 * ix[2], r + 3 * ix[0], r + 3 * ix[1],
                     r + 3 * ix[2], &areas[t]);
        sorted[t] = areas[t];
    }
    float min_area = 0.25f * median(sorted, nt);
    free(sorted);
    for (uint32_t t = 0; t + 2 < g->mesh.index_count; t += 3) {
        const uint32_t *ix = g->mesh.indices + t;
        if (areas[t / 3] < min_area) continue;
        float area;
        float s = tri_stretch3(x + 3 * ix[0], x + 3 * ix[1], x + 3 * ix[2], r + 3 * ix[0],
                               r + 3 * ix[1], r + 3 * ix[2], &area);
        for (int k = 0; k < 3; k++) {
            out[ix[k]] += area * (s - 1) * 100;
            wsum[ix[k]] += area;
        }
    }
    for (uint32_t i = 0; i < n; i++) out[i] = wsum[i] > 0 ? out[i] / wsum[i] : 0;
    free(wsum), free(areas);
    return VT_OK;
}

bool vt_garment_transferred_region_stretch(const vt_garment *g, const vt_body *body, const float *s,
                                           vt_fit_region region, float *mean, float *max) {
    VT_ASSERT(g && body && s && mean && max);
    float y = region == VT_REGION_CHEST   ? body->measured.chest_y
              : region == VT_REGION_WAIST ? body->measured.waist_y
              : region == VT_REGION_HIP   ? body->measured.hip_y
                                          : NAN;
    if (!(y > 0) || !g->chart[region]) return false;
    /* the torso's band: within 3 cm of the line and inside the shoulders */
    float half = 0.5f * fabsf(body->joints[VT_JOINT_LEFT_UPPER_ARM].position[0] -
                              body->joints[VT_JOINT_RIGHT_UPPER_ARM].position[0]);
    double sum = 0;
    uint32_t n = 0;
    *max = -INFINITY;
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++) {
        const float *p = g->mesh.positions + 3 * v;
        if (fabsf(p[1] - y) > 0.03f || fabsf(p[0]) > half) continue;
        sum += s[v];
        n++;
        *max = fmaxf(*max, s[v]);
    }
    if (!n) return false;
    *mean = (float)(sum / n);
    return true;
}
