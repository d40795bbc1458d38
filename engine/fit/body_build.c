/* The mannequin: the designed field (body_shape.c) polygonised with marching
   tetrahedra (closed and manifold by construction: every tetrahedron face is
   shared, and no grid value is exactly zero), Taubin-smoothed, skinned from
   the primitives it came from, then fitted to the tape (body_measure.c). */
#include "core/internal.h"
#include "fit_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* fminf/fmaxf are library calls without -ffast-math; the field needs them inline. */
static inline float mnf(float a, float b) {
    return a < b ? a : b;
}
static inline float mxf(float a, float b) {
    return a > b ? a : b;
}

#define BLOCK 4        /* cells per block side for culling the field */
#define LIPSCHITZ 1.5f /* safety factor: the blended field is not an exact distance */

typedef struct grid {
    float h, org[3];
    int n[3]; /* nodes per axis */
    float *v;
} grid;

static size_t gidx(const grid *g, int x, int y, int z) {
    return ((size_t)z * (size_t)g->n[1] + (size_t)y) * (size_t)g->n[0] + (size_t)x;
}

static void sample(const vt__shape *s, grid *g) {
    int nb[3];
    for (int i = 0; i < 3; i++) nb[i] = (g->n[i] + BLOCK - 1) / BLOCK;
    float rb = g->h * BLOCK * 0.8661f;
    int active[VT__MAX_PRIMS];
    for (int bz = 0; bz < nb[2]; bz++)
        for (int by = 0; by < nb[1]; by++)
            for (int bx = 0; bx < nb[0]; bx++) {
                float c[3] = {g->org[0] + ((float)bx + 0.5f) * BLOCK * g->h,
                              g->org[1] + ((float)by + 0.5f) * BLOCK * g->h,
                              g->org[2] + ((float)bz + 0.5f) * BLOCK * g->h};
                int na = 0;
                float dmin = INFINITY;
                for (int p = 0; p < s->prim_count; p++) {
                    const vt__prim *pr = &s->prims[p];
                    float d = vt__prim_sdf(s, pr, c);
                    dmin = mnf(dmin, d);
                    if (d < rb * LIPSCHITZ + pr->k + 0.005f) active[na++] = p;
                }
                float fill = 0;
                if (na == 0) fill = mxf(dmin - rb * LIPSCHITZ, 0.01f);
                if (dmin < -rb * LIPSCHITZ) fill = mnf(dmin + rb * LIPSCHITZ, -0.01f);
                for (int z = bz * BLOCK; z < bz * BLOCK + BLOCK && z < g->n[2]; z++)
                    for (int y = by * BLOCK; y < by * BLOCK + BLOCK && y < g->n[1]; y++)
                        for (int x = bx * BLOCK; x < bx * BLOCK + BLOCK && x < g->n[0]; x++) {
                            float d;
                            if (fill != 0) {
                                d = fill;
                            } else {
                                float q[3] = {g->org[0] + (float)x * g->h,
                                              g->org[1] + (float)y * g->h,
                                              g->org[2] + (float)z * g->h};
                                d = vt__shape_field(s, active, na, q);
                            }
                            /* The border stays outside; no value is exactly 0. */
                            if (x == 0 || y == 0 || z == 0 || x == g->n[0] - 1 ||
                                y == g->n[1] - 1 || z == g->n[2] - 1)
                                d = mxf(d, 0.01f);
                            if (fabsf(d) < 1e-6f) d = 1e-6f;
                            g->v[gidx(g, x, y, z)] = d;
                        }
            }
}

typedef struct buf {
    float *pos;
    uint32_t *idx;
    uint32_t nv, ni, cap_v, cap_i;
} buf;

static bool grow(void **p, uint32_t *cap, uint32_t need, size_t elem) {
    return vt__grow(p, cap, need, elem, 4096);
}

/* Freudenthal split, 6 tetrahedra per cube around the cube's diagonal; the
   half x > 0 uses the mirror image, so the mesh is as symmetric as the body
   (one split for the whole grid leaves a staircase on one arm only). */
typedef struct mt {
    const grid *g;
    int mirror_x;   /* cubes from this x index on are mirrored */
    uint64_t *keys; /* hash of grid edges: (node a << 32 | node b), a < b */
    uint32_t *ids;
    uint32_t cap;
    buf *b;
    bool oom;
} mt;

static uint32_t edge_vertex(mt *m, const int a[3], const int b[3]) {
    const grid *g = m->g;
    uint64_t ia = gidx(g, a[0], a[1], a[2]), ib = gidx(g, b[0], b[1], b[2]);
    uint64_t key = ia < ib ? (ia << 32 | ib) : (ib << 32 | ia);
    uint32_t h = (uint32_t)((key * 0x9E3779B97F4A7C15ull) >> 32) & (m->cap - 1);
    while (m->keys[h] != UINT64_MAX && m->keys[h] != key) h = (h + 1) & (m->cap - 1);
    if (m->keys[h] == key) return m->ids[h];
    buf *bf = m->b;
    if (bf->nv * 2 >= m->cap ||
        !grow((void **)&bf->pos, &bf->cap_v, bf->nv + 1, 3 * sizeof(float))) {
        m->oom = true;
        return 0;
    }
    float va = g->v[ia], vb = g->v[ib];
    float t = va / (va - vb);
    for (int i = 0; i < 3; i++)
        bf->pos[3 * bf->nv + (uint32_t)i] =
            g->org[i] + ((float)a[i] + t * (float)(b[i] - a[i])) * g->h;
    m->keys[h] = key;
    m->ids[h] = bf->nv;
    return bf->nv++;
}

static void emit(mt *m, uint32_t a, uint32_t b, uint32_t c, const float out[3]) {
    buf *bf = m->b;
    if (!grow((void **)&bf->idx, &bf->cap_i, bf->ni + 3, sizeof(uint32_t))) {
        m->oom = true;
        return;
    }
    const float *pa = &bf->pos[3 * a], *pb = &bf->pos[3 * b], *pc = &bf->pos[3 * c];
    float e1[3] = {pb[0] - pa[0], pb[1] - pa[1], pb[2] - pa[2]};
    float e2[3] = {pc[0] - pa[0], pc[1] - pa[1], pc[2] - pa[2]};
    float n[3] = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                  e1[0] * e2[1] - e1[1] * e2[0]};
    if (n[0] * out[0] + n[1] * out[1] + n[2] * out[2] < 0) {
        uint32_t t = b;
        b = c;
        c = t;
    }
    bf->idx[bf->ni++] = a;
    bf->idx[bf->ni++] = b;
    bf->idx[bf->ni++] = c;
}

static void tet(mt *m, const int p[4][3]) {
    const grid *g = m->g;
    int in[4], out[4], ni = 0, no = 0;
    for (int i = 0; i < 4; i++) {
        if (g->v[gidx(g, p[i][0], p[i][1], p[i][2])] < 0)
            in[ni++] = i;
        else
            out[no++] = i;
    }
    if (ni == 0 || no == 0) return;
    float dir[3] = {0, 0, 0};
    for (int i = 0; i < no; i++)
        for (int k = 0; k < 3; k++) dir[k] += (float)p[out[i]][k] / (float)no;
    for (int i = 0; i < ni; i++)
        for (int k = 0; k < 3; k++) dir[k] -= (float)p[in[i]][k] / (float)ni;
    if (ni == 1 || no == 1) {
        int lone = ni == 1 ? in[0] : out[0];
        const int *others = ni == 1 ? out : in;
        uint32_t v[3];
        for (int i = 0; i < 3; i++) v[i] = edge_vertex(m, p[lone], p[others[i]]);
        emit(m, v[0], v[1], v[2], dir);
    } else {
        uint32_t ac = edge_vertex(m, p[in[0]], p[out[0]]);
        uint32_t ad = edge_vertex(m, p[in[0]], p[out[1]]);
        uint32_t bd = edge_vertex(m, p[in[1]], p[out[1]]);
        uint32_t bc = edge_vertex(m, p[in[1]], p[out[0]]);
        emit(m, ac, ad, bd, dir);
        emit(m, ac, bd, bc, dir);
    }
}

static vt_result polygonise(const grid *g, int mirror_x, buf *b) {
    mt m = {g, mirror_x, NULL, NULL, 1u << 19, b, false};
    m.keys = malloc((size_t)m.cap * sizeof *m.keys);
    m.ids = malloc((size_t)m.cap * sizeof *m.ids);
    if (!m.keys || !m.ids) {
        free(m.keys);
        free(m.ids);
        return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    }
    memset(m.keys, 0xff, (size_t)m.cap * sizeof *m.keys);
    static const int perms[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
                                    {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
    for (int z = 0; z + 1 < g->n[2] && !m.oom; z++)
        for (int y = 0; y + 1 < g->n[1]; y++)
            for (int x = 0; x + 1 < g->n[0]; x++) {
                int neg = 0;
                for (int c = 0; c < 8; c++)
                    neg += g->v[gidx(g, x + (c & 1), y + ((c >> 1) & 1), z + (c >> 2))] < 0;
                if (neg == 0 || neg == 8) continue;
                bool mir = x >= mirror_x;
                int step[3] = {mir ? -1 : 1, 1, 1};
                for (int t = 0; t < 6; t++) {
                    int p[4][3] = {{mir ? x + 1 : x, y, z}};
                    for (int k = 1; k < 4; k++) {
                        memcpy(p[k], p[k - 1], sizeof p[0]);
                        int ax = perms[t][k - 1];
                        p[k][ax] += step[ax];
                    }
                    tet(&m, (const int(*)[3])p);
                }
            }
    free(m.keys);
    free(m.ids);
    return m.oom ? vt__fail(VT_ERR_NOMEM, "body: out of memory") : VT_OK;
}

/* Taubin lambda|mu smoothing with the uniform Laplacian: removes the grid's
   facets without shrinking the body. */
static vt_result smooth(float *pos, uint32_t nv, const uint32_t *idx, uint32_t ni, int passes) {
    uint32_t *start = calloc((size_t)nv + 1, sizeof *start);
    uint32_t *adj = malloc((size_t)ni * sizeof *adj);
    float *tmp = malloc((size_t)nv * 3 * sizeof *tmp);
    if (!start || !adj || !tmp) {
        free(start);
        free(adj);
        free(tmp);
        return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    }
    /* The mesh is closed and consistently wound: each edge appears once in each
       direction, so listing b for every half-edge a->b names each neighbour once. */
    for (uint32_t i = 0; i < ni; i += 3)
        for (int e = 0; e < 3; e++) start[idx[i + (uint32_t)e] + 1]++;
    for (uint32_t v = 0; v < nv; v++) start[v + 1] += start[v];
    uint32_t *fill = malloc((size_t)nv * sizeof *fill);
    if (!fill) {
        free(start);
        free(adj);
        free(tmp);
        return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    }
    memcpy(fill, start, (size_t)nv * sizeof *fill);
    for (uint32_t i = 0; i < ni; i += 3)
        for (int e = 0; e < 3; e++) {
            uint32_t a = idx[i + (uint32_t)e], b = idx[i + (uint32_t)((e + 1) % 3)];
            adj[fill[a]++] = b;
        }
    free(fill);
    for (int pass = 0; pass < passes; pass++) {
        float f = (pass & 1) ? -0.53f : 0.5f;
        for (uint32_t v = 0; v < nv; v++) {
            float c[3] = {0, 0, 0};
            uint32_t n = start[v + 1] - start[v];
            for (uint32_t j = start[v]; j < start[v + 1]; j++)
                for (int k = 0; k < 3; k++) c[k] += pos[3 * adj[j] + (uint32_t)k];
            for (int k = 0; k < 3; k++) {
                float p = pos[3 * v + (uint32_t)k];
                tmp[3 * v + (uint32_t)k] = n ? p + f * (c[k] / (float)n - p) : p;
            }
        }
        memcpy(pos, tmp, (size_t)nv * 3 * sizeof *pos);
    }
    free(start);
    free(adj);
    free(tmp);
    return VT_OK;
}

/* The blended field at q from the primitives whose bounds (grown by `margin`)
   hold q. */
static float field(const vt__shape *s, const float q[3], float margin) {
    int list[VT__MAX_PRIMS], n = 0;
    for (int p = 0; p < s->prim_count; p++) {
        const vt__prim *pr = &s->prims[p];
        if (q[0] < pr->lo[0] - margin || q[0] > pr->hi[0] + margin || q[1] < pr->lo[1] - margin ||
            q[1] > pr->hi[1] + margin || q[2] < pr->lo[2] - margin || q[2] > pr->hi[2] + margin)
            continue;
        list[n++] = p;
    }
    return vt__shape_field(s, list, n, q);
}

/* Moves each vertex onto the field's zero set (one Newton step along the
   gradient): smoothing spaces the vertices well, this puts them back on the
   designed surface, free of the grid's staircase. */
static void project(const vt__shape *s, float *pos, uint32_t nv, float h) {
    const float margin = 0.05f, e = h * 0.25f;
    for (uint32_t v = 0; v < nv; v++) {
        float *q = &pos[3 * v];
        float d = field(s, q, margin), g[3];
        for (int k = 0; k < 3; k++) {
            float a[3] = {q[0], q[1], q[2]};
            a[k] += e;
            g[k] = (field(s, a, margin) - d) / e;
        }
        float g2 = g[0] * g[0] + g[1] * g[1] + g[2] * g[2];
        if (g2 < 1e-4f) continue;
        float step = d / g2;
        /* Never further than a cell: a bad gradient must not tear the mesh. */
        float len = fabsf(step) * sqrtf(g2);
        if (len > h) step *= h / len;
        for (int k = 0; k < 3; k++) q[k] -= step * g[k];
    }
}

static float hat(float y, const float *ys, int i, int n) {
    if (i > 0 && y < ys[i]) {
        if (y <= ys[i - 1]) return 0;
        return (y - ys[i - 1]) / (ys[i] - ys[i - 1]);
    }
    if (i + 1 < n && y > ys[i]) {
        if (y >= ys[i + 1]) return 0;
        return (ys[i + 1] - y) / (ys[i + 1] - ys[i]);
    }
    return 1;
}

static void skin(const vt__shape *s, const float *pos, uint32_t nv, uint16_t *joints,
                 float *weights) {
    const float sigma = 0.02f;
    for (uint32_t v = 0; v < nv; v++) {
        const float *q = &pos[3 * v];
        float w[VT_JOINT_COUNT] = {0};
        for (int p = 0; p < s->prim_count; p++) {
            const vt__prim *pr = &s->prims[p];
            if (q[0] < pr->lo[0] - 8 * sigma || q[0] > pr->hi[0] + 8 * sigma ||
                q[1] < pr->lo[1] - 8 * sigma || q[1] > pr->hi[1] + 8 * sigma ||
                q[2] < pr->lo[2] - 8 * sigma || q[2] > pr->hi[2] + 8 * sigma)
                continue;
            float d = vt__prim_sdf(s, pr, q);
            if (d > 8 * sigma) continue;
            float wt = expf(-mxf(d, 0.0f) / sigma);
            if (pr->bone >= 0) {
                int bone = pr->bone;
                /* The front of the foot follows the toes. */
                if (bone == VT_JOINT_LEFT_FOOT || bone == VT_JOINT_RIGHT_FOOT) {
                    float t = mnf(mxf((q[2] - s->ball_z + 0.03f) / 0.06f, 0.0f), 1.0f);
                    w[bone + 1] += wt * t;
                    wt *= 1 - t;
                }
                w[bone] += wt;
            } else {
                for (int i = 0; i < 4; i++)
                    w[VT_JOINT_HIPS + i] += wt * hat(q[1], s->torso_joint_y, i, 4);
            }
        }
        /* Influences under 1% are dropped: they only make far joints tug. */
        int id[4];
        vt__skin_strongest4(w, 0.01f, id, weights + 4 * v);
        for (int k = 0; k < 4; k++) joints[4 * v + (uint32_t)k] = (uint16_t)id[k];
    }
}

void vt__skin_strongest4(const float *w, float drop, int id[4], float weight[4]) {
    float best[4] = {0};
    for (int k = 0; k < 4; k++) id[k] = VT_JOINT_HIPS;
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        if (w[j] <= best[3]) continue;
        int k = 3;
        while (k > 0 && w[j] > best[k - 1]) {
            best[k] = best[k - 1];
            id[k] = id[k - 1];
            k--;
        }
        best[k] = w[j];
        id[k] = j;
    }
    float total = best[0] + best[1] + best[2] + best[3];
    for (int k = 1; k < 4; k++)
        if (best[k] < drop * total) best[k] = 0;
    float sum = best[0] + best[1] + best[2] + best[3];
    if (sum <= 0) best[0] = sum = 1; /* cannot happen on the surface; stay valid anyway */
    for (int k = 0; k < 4; k++) weight[k] = best[k] / sum;
}

/* Radial factor profile through knots (y, f): a cubic Hermite spline with
   finite-difference slopes (zero at the ends), 1 outside. Zero slopes at
   every knot would leave a plateau at each landmark and a band between. */
static float profile(const float *ky, const float *kf, int n, float y) {
    if (y <= ky[0] || y >= ky[n - 1]) return 1;
    int i = 0;
    while (i + 2 < n && y > ky[i + 1]) i++;
    float h = ky[i + 1] - ky[i], t = (y - ky[i]) / h;
    float m[2];
    for (int e = 0; e < 2; e++) {
        int j = i + e;
        m[e] = (j == 0 || j == n - 1) ? 0 : (kf[j + 1] - kf[j - 1]) / (ky[j + 1] - ky[j - 1]);
    }
    float t2 = t * t, t3 = t2 * t;
    return (2 * t3 - 3 * t2 + 1) * kf[i] + (t3 - 2 * t2 + t) * h * m[0] +
           (-2 * t3 + 3 * t2) * kf[i + 1] + (t3 - t2) * h * m[1];
}

static bool is_arm(int j) {
    return (j >= VT_JOINT_LEFT_UPPER_ARM && j <= VT_JOINT_LEFT_HAND) ||
           (j >= VT_JOINT_RIGHT_UPPER_ARM && j <= VT_JOINT_RIGHT_HAND);
}

static vt_result fit(vt_body *b, const vt__shape *s) {
    vt_mesh_data *m = &b->mesh;
    const vt_body_measurements *q = &b->requested;
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        lo = mnf(lo, m->positions[3 * i + 1]);
        hi = mxf(hi, m->positions[3 * i + 1]);
    }
    /* Stature: feet to y = 0, then scale heights. */
    float sy = (q->stature / 100.0f) / (hi - lo);
    for (uint32_t i = 0; i < m->vertex_count; i++)
        m->positions[3 * i + 1] = (m->positions[3 * i + 1] - lo) * sy;
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        b->joints[j].position[1] = (b->joints[j].position[1] - lo) * sy;
    vt_body_landmarks L = s->landmarks;
    float *ly[] = {&L.chest_y, &L.waist_y, &L.hip_y, &L.crotch_y, &L.shoulder_y, &L.neck_y};
    for (size_t i = 0; i < VT_COUNTOF(ly); i++) *ly[i] = (*ly[i] - lo) * sy;
    b->landmarks = L;

    /* Arms do not follow the torso's radial scaling. */
    float *keep = malloc((size_t)m->vertex_count * sizeof *keep);
    if (!keep) return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        float a = 0;
        for (int k = 0; k < 4; k++)
            if (is_arm(b->skin_joints[4 * v + (uint32_t)k]))
                a += b->skin_weights[4 * v + (uint32_t)k];
        keep[v] = 1 - a;
    }
    vt_result r = VT_OK;
    bool measured = false;
    for (int iter = 0; iter < 8; iter++) {
        vt_body_tape t;
        r = vt_body_measure(m, &L, &t);
        if (r != VT_OK) break;
        b->measured = t;
        float rc = q->chest_girth / t.chest_girth, rw = q->waist_girth / t.waist_girth,
              rh = q->hip_girth / t.hip_girth;
        if (fabsf(rc - 1) < 0.001f && fabsf(rw - 1) < 0.001f && fabsf(rh - 1) < 0.001f) {
            measured = true;
            break;
        }
        /* A step at most 15%: a bad section (an arm that touches the torso)
           must not collapse the body. */
        rc = mnf(mxf(rc, 0.85f), 1.15f);
        rw = mnf(mxf(rw, 0.85f), 1.15f);
        rh = mnf(mxf(rh, 0.85f), 1.15f);
        /* from the crotch up: scaling about x = 0 below it would move the
           legs towards each other */
        float ky[] = {L.crotch_y, t.hip_y, t.waist_y, t.chest_y, L.shoulder_y};
        float kf[] = {1, rh, rw, rc, 1};
        for (uint32_t v = 0; v < m->vertex_count; v++) {
            float *p = &m->positions[3 * v];
            float f = 1 + (profile(ky, kf, 5, p[1]) - 1) * keep[v];
            if (f == 1) continue;
            float zc = vt__torso_centre_z(&s->torso, p[1] / sy + lo);
            p[0] *= f;
            p[2] = zc + (p[2] - zc) * f;
        }
    }
    free(keep);
    if (r != VT_OK) return r;
    return measured ? VT_OK : vt_body_measure(m, &L, &b->measured);
}

vt_result vt_body_build(const vt_body_measurements *req, vt_body **out) {
    VT_ASSERT(req && out);
    *out = NULL;
    vt_body_measurements mm = *req;
    vt_result r = vt_body_complete(&mm, NULL);
    if (r != VT_OK) return r;
    vt__shape *s = malloc(sizeof *s);
    vt_body *b = calloc(1, sizeof *b);
    if (!s || !b) {
        free(s);
        free(b);
        return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    }
    b->requested = mm;
    vt__shape_design(&mm, s);
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        b->joints[j].name = vt__joint_names[j];
        b->joints[j].parent = vt__joint_parents[j];
        memcpy(b->joints[j].position, s->joints[j], sizeof s->joints[j]);
    }
    b->joint_count = VT_JOINT_COUNT;

    grid g = {0};
    g.h = mm.stature / 100.0f / 125.0f;
    float lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (int p = 0; p < s->prim_count; p++)
        for (int i = 0; i < 3; i++) {
            lo[i] = mnf(lo[i], s->prims[p].lo[i]);
            hi[i] = mxf(hi[i], s->prims[p].hi[i]);
        }
    for (int i = 1; i < 3; i++) {
        g.org[i] = lo[i] - 3 * g.h;
        g.n[i] = (int)ceilf((hi[i] - lo[i]) / g.h) + 7;
    }
    /* x: symmetric about 0, with a node plane on x = 0 (the mirror). */
    int half = (int)ceilf(mxf(-lo[0], hi[0]) / g.h) + 3;
    g.org[0] = -(float)half * g.h;
    g.n[0] = 2 * half + 1;
    g.v = malloc((size_t)g.n[0] * (size_t)g.n[1] * (size_t)g.n[2] * sizeof *g.v);
    buf bf = {0};
    if (!g.v) {
        r = vt__fail(VT_ERR_NOMEM, "body: out of memory");
        goto fail;
    }
    sample(s, &g);
    r = polygonise(&g, half, &bf);
    free(g.v);
    g.v = NULL;
    if (r != VT_OK) goto fail;
    r = smooth(bf.pos, bf.nv, bf.idx, bf.ni, 12);
    if (r != VT_OK) goto fail;
    project(s, bf.pos, bf.nv, g.h);
    r = smooth(bf.pos, bf.nv, bf.idx, bf.ni, 2);
    if (r != VT_OK) goto fail;
    b->mesh.positions = bf.pos;
    b->mesh.indices = bf.idx;
    b->mesh.vertex_count = bf.nv;
    b->mesh.index_count = bf.ni;
    bf.pos = NULL;
    bf.idx = NULL;
    b->skin_joints = malloc((size_t)bf.nv * 4 * sizeof *b->skin_joints);
    b->skin_weights = malloc((size_t)bf.nv * 4 * sizeof *b->skin_weights);
    if (!b->skin_joints || !b->skin_weights) {
        r = vt__fail(VT_ERR_NOMEM, "body: out of memory");
        goto fail;
    }
    skin(s, b->mesh.positions, bf.nv, b->skin_joints, b->skin_weights);
    r = fit(b, s);
    if (r != VT_OK) goto fail;
    r = vt_mesh_compute_normals(&b->mesh);
    if (r != VT_OK) goto fail;
    free(s);
    *out = b;
    return VT_OK;
fail:
    free(g.v);
    free(bf.pos);
    free(bf.idx);
    free(s);
    vt_body_free(b);
    return r;
}

void vt_body_free(vt_body *b) {
    if (!b) return;
    vt_mesh_data_free(&b->mesh);
    free(b->skin_joints);
    free(b->skin_weights);
    free(b);
}
