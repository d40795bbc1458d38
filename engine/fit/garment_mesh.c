/* From drafted panels to a cloth mesh: each panel a Coons patch over its
   four boundary curves (a structured grid of nearly square cells, two
   triangles each), the seams as runs of boundary vertices, and the tape on
   the panels along their girth lines. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static float poly_len(const pt *p, int n) {
    float l = 0;
    for (int i = 1; i < n; i++) l += hypotf(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
    return l;
}

/* Point at arc length fraction t of a polyline. */
static pt poly_at(const pt *p, int n, float t) {
    float total = poly_len(p, n), want = t * total, acc = 0;
    for (int i = 1; i < n; i++) {
        float l = hypotf(p[i].x - p[i - 1].x, p[i].y - p[i - 1].y);
        if (acc + l >= want && l > 0) {
            float f = (want - acc) / l;
            return (pt){p[i - 1].x + f * (p[i].x - p[i - 1].x),
                        p[i - 1].y + f * (p[i].y - p[i - 1].y)};
        }
        acc += l;
    }
    return p[n - 1];
}

/* Splits `total` boundary steps among a side's segments by length, at least
   one each, and samples the side into total + 1 points. */
static void sample_side(pside *s, int total, pt *out) {
    float len[MAX_SEGS], sum = 0;
    for (int k = 0; k < s->nseg; k++) sum += len[k] = poly_len(s->seg[k].p, s->seg[k].n);
    int cnt[MAX_SEGS], used = 0;
    for (int k = 0; k < s->nseg; k++) {
        cnt[k] = (int)floorf(len[k] / sum * (float)total);
        if (cnt[k] < 1) cnt[k] = 1;
        used += cnt[k];
    }
    /* hand out (or take back) the remainder, longest segment per step first */
    while (used != total) {
        int best = 0;
        float bv = -INFINITY;
        for (int k = 0; k < s->nseg; k++) {
            float v = len[k] / (float)cnt[k];
            if (used > total) v = -v; /* take from the finest */
            if ((used < total || cnt[k] > 1) && v > bv) bv = v, best = k;
        }
        cnt[best] += used < total ? 1 : -1;
        used += used < total ? 1 : -1;
    }
    int at = 0;
    for (int k = 0; k < s->nseg; k++) {
        s->seg[k].first = at;
        s->seg[k].count = cnt[k];
        for (int i = 0; i < cnt[k]; i++)
            out[at + i] = poly_at(s->seg[k].p, s->seg[k].n, (float)i / (float)cnt[k]);
        at += cnt[k];
    }
    const dseg *last = &s->seg[s->nseg - 1];
    out[at] = last->p[last->n - 1];
}

static float side_len(const pside *s) {
    float l = 0;
    for (int k = 0; k < s->nseg; k++) l += poly_len(s->seg[k].p, s->seg[k].n);
    return l;
}

static float panel_area(const pdef *d) {
    /* shoelace over the dense outline */
    double a = 0;
    pt prev = d->sides[SIDE_LEFT].seg[0].p[0];
    for (int s = 0; s < 4; s++) {
        bool rev = s >= 2;
        const pside *sd = &d->sides[s];
        for (int kk = 0; kk < sd->nseg; kk++) {
            const dseg *g = &sd->seg[rev ? sd->nseg - 1 - kk : kk];
            for (int ii = 0; ii < g->n; ii++) {
                pt q = g->p[rev ? g->n - 1 - ii : ii];
                a += (double)prev.x * q.y - (double)q.x * prev.y;
                prev = q;
            }
        }
    }
    return (float)fabs(a) / 2;
}

/* Vertex id of boundary point k on a side. */
static uint32_t side_vertex(const vt_panel *p, const pdef *d, int side, int k) {
    uint32_t nu = d->nu, i, j;
    switch (side) {
    case SIDE_BOTTOM:
        i = (uint32_t)k, j = 0;
        break;
    case SIDE_RIGHT:
        i = nu, j = (uint32_t)k;
        break;
    case SIDE_TOP:
        i = (uint32_t)k, j = d->nv;
        break;
    default:
        i = 0, j = (uint32_t)k;
        break;
    }
    return p->first_vertex + j * (nu + 1) + i;
}

typedef struct seam_def {
    int pa, sa, ta, oa; /* panel, side, tag, occurrence (contiguous run) */
    int pb, sb, tb, ob;
    bool reverse_b;
} seam_def;

/* Appends the vertices of run number `occ` of segments tagged `tag`. */
static uint32_t run_vertices(const vt_garment *g, const pdef *d, int panel, int side, int tag,
                             int occ, bool reverse, uint32_t *out) {
    const pside *s = &d->sides[side];
    int k = 0, seen = -1;
    while (k < s->nseg) {
        if (s->seg[k].tag == tag) {
            int e = k;
            while (e + 1 < s->nseg && s->seg[e + 1].tag == tag) e++;
            if (++seen == occ) {
                int a = s->seg[k].first, b = s->seg[e].first + s->seg[e].count;
                uint32_t n = (uint32_t)(b - a + 1);
                for (uint32_t q = 0; q < n; q++)
                    out[q] =
                        side_vertex(&g->panels[panel], d, side, reverse ? b - (int)q : a + (int)q);
                return n;
            }
            k = e + 1;
        } else {
            k++;
        }
    }
    VT_ASSERT(!"seam run not drafted");
    return 0;
}

static const seam_def top_seams[] = {
    {0, SIDE_RIGHT, TAG_SIDE, 0, 1, SIDE_LEFT, TAG_SIDE, 0, false},
    {0, SIDE_LEFT, TAG_SIDE, 0, 1, SIDE_RIGHT, TAG_SIDE, 0, false},
    {0, SIDE_TOP, TAG_SHOULDER, 1, 1, SIDE_TOP, TAG_SHOULDER, 0, true},
    {0, SIDE_TOP, TAG_SHOULDER, 0, 1, SIDE_TOP, TAG_SHOULDER, 1, true},
};
static const seam_def sleeve_seams[] = {
    {0, SIDE_RIGHT, TAG_ARMHOLE, 0, 2, SIDE_TOP, TAG_CAP_FRONT, 0, true},
    {1, SIDE_LEFT, TAG_ARMHOLE, 0, 2, SIDE_TOP, TAG_CAP_BACK, 0, false},
    {0, SIDE_LEFT, TAG_ARMHOLE, 0, 3, SIDE_TOP, TAG_CAP_FRONT, 0, true},
    {1, SIDE_RIGHT, TAG_ARMHOLE, 0, 3, SIDE_TOP, TAG_CAP_BACK, 0, false},
    {2, SIDE_RIGHT, TAG_SLEEVE_SEAM, 0, 2, SIDE_LEFT, TAG_SLEEVE_SEAM, 0, false},
    {3, SIDE_RIGHT, TAG_SLEEVE_SEAM, 0, 3, SIDE_LEFT, TAG_SLEEVE_SEAM, 0, false},
};
static const seam_def trouser_seams[] = {
    {0, SIDE_RIGHT, TAG_OUTSEAM, 0, 1, SIDE_LEFT, TAG_OUTSEAM, 0, false},
    {2, SIDE_LEFT, TAG_OUTSEAM, 0, 3, SIDE_RIGHT, TAG_OUTSEAM, 0, false},
    {0, SIDE_LEFT, TAG_INSEAM, 0, 1, SIDE_RIGHT, TAG_INSEAM, 0, false},
    {2, SIDE_RIGHT, TAG_INSEAM, 0, 3, SIDE_LEFT, TAG_INSEAM, 0, false},
    {0, SIDE_LEFT, TAG_CENTRE, 0, 2, SIDE_RIGHT, TAG_CENTRE, 0, false},
    {1, SIDE_RIGHT, TAG_CENTRE, 0, 3, SIDE_LEFT, TAG_CENTRE, 0, false},
};

void vt_garment_free(vt_garment *g) {
    if (!g) return;
    vt_mesh_data_free(&g->mesh);
    free(g->rest);
    free(g->panel_of);
    free(g->panels);
    free(g->outline);
    free(g->seams);
    free(g->seam_vertices);
    free(g);
}

vt_result vt_garment_build(const vt_garment_spec *spec, uint32_t size_index,
                           const vt_garment_desc *desc, vt_garment **out) {
    VT_ASSERT(spec && out);
    *out = NULL;
    if (size_index >= spec->size_count)
        return vt__fail(VT_ERR_INVALID, "garment: size %u of %u", size_index, spec->size_count);
    uint32_t target = desc && desc->target_vertices ? desc->target_vertices : 8000;
    if (target < 600 || target > 200000)
        return vt__fail(VT_ERR_INVALID, "garment: target_vertices %u is outside 600..200000",
                        target);
    pdef *defs = calloc(MAX_PANELS, sizeof *defs);
    vt_garment *g = calloc(1, sizeof *g);
    if (!defs || !g) {
        free(defs);
        free(g);
        return vt__fail(VT_ERR_NOMEM, "garment: out of memory");
    }
    int np = 0;
    vt_result r = vt__draft(spec, size_index, defs, &np);
    if (r != VT_OK) goto fail;
    g->kind = spec->kind;
    g->fabric = spec->fabric;
    snprintf(g->size, sizeof g->size, "%s", spec->sizes[size_index].name);
    memcpy(g->chart, spec->sizes[size_index].cm, sizeof g->chart);
    float area = 0;
    for (int p = 0; p < np; p++) area += panel_area(&defs[p]);
    float h = sqrtf(area / (float)target);
    uint32_t nvert = 0, nidx = 0, nout = 0;
    for (int p = 0; p < np; p++) {
        pdef *d = &defs[p];
        float lu = fmaxf(side_len(&d->sides[SIDE_BOTTOM]), side_len(&d->sides[SIDE_TOP]));
        float lv = fmaxf(side_len(&d->sides[SIDE_LEFT]), side_len(&d->sides[SIDE_RIGHT]));
        d->nu = (uint32_t)fmaxf(4, roundf(lu / h));
        d->nv = (uint32_t)fmaxf(4, roundf(lv / h));
        nvert += (d->nu + 1) * (d->nv + 1);
        nidx += d->nu * d->nv * 6;
        nout += 2 * (d->nu + d->nv);
    }
    g->panels = calloc((size_t)np, sizeof *g->panels);
    g->mesh.positions = calloc((size_t)nvert * 3, sizeof(float));
    g->mesh.indices = malloc((size_t)nidx * sizeof(uint32_t));
    g->rest = malloc((size_t)nvert * 2 * sizeof(float));
    g->panel_of = malloc((size_t)nvert * sizeof *g->panel_of);
    g->outline = malloc((size_t)nout * sizeof *g->outline);
    pt *sb = malloc(4 * 4096 * sizeof *sb);
    if (!g->panels || !g->mesh.positions || !g->mesh.indices || !g->rest || !g->panel_of ||
        !g->outline || !sb) {
        free(sb);
        r = vt__fail(VT_ERR_NOMEM, "garment: out of memory");
        goto fail;
    }
    g->panel_count = (uint32_t)np;
    g->mesh.vertex_count = nvert;
    g->mesh.index_count = nidx;
    uint32_t v0 = 0, i0 = 0, o0 = 0;
    float sheet_x = 0;
    for (int p = 0; p < np; p++) {
        pdef *d = &defs[p];
        vt_panel *pn = &g->panels[p];
        uint32_t nu = d->nu, nv = d->nv;
        if (nu >= 4096 || nv >= 4096) {
            free(sb);
            r = vt__fail(VT_ERR_LIMIT, "garment: panel %s needs too many vertices", d->name);
            goto fail;
        }
        snprintf(pn->name, sizeof pn->name, "%s", d->name);
        memcpy(pn->has_line, d->has_line, sizeof pn->has_line);
        memcpy(pn->line_y, d->line_y, sizeof pn->line_y);
        pn->grid_u = nu;
        pn->grid_v = nv;
        pn->first_vertex = v0;
        pn->vertex_count = (nu + 1) * (nv + 1);
        pn->first_index = i0;
        pn->index_count = nu * nv * 6;
        pt *B = sb, *R = sb + 4096, *T = sb + 8192, *L = sb + 12288;
        sample_side(&d->sides[SIDE_BOTTOM], (int)nu, B);
        sample_side(&d->sides[SIDE_TOP], (int)nu, T);
        sample_side(&d->sides[SIDE_LEFT], (int)nv, L);
        sample_side(&d->sides[SIDE_RIGHT], (int)nv, R);
        float minx = INFINITY, maxx = -INFINITY;
        for (uint32_t j = 0; j <= nv; j++)
            for (uint32_t i = 0; i <= nu; i++) {
                float u = (float)i / (float)nu, v = (float)j / (float)nv;
                pt q;
                if (j == 0)
                    q = B[i];
                else if (j == nv)
                    q = T[i];
                else if (i == 0)
                    q = L[j];
                else if (i == nu)
                    q = R[j];
                else {
                    /* Coons patch: ruled surfaces in u and v minus the bilinear corners */
                    q.x = (1 - v) * B[i].x + v * T[i].x + (1 - u) * L[j].x + u * R[j].x -
                          ((1 - u) * (1 - v) * B[0].x + u * (1 - v) * B[nu].x +
                           (1 - u) * v * T[0].x + u * v * T[nu].x);
                    q.y = (1 - v) * B[i].y + v * T[i].y + (1 - u) * L[j].y + u * R[j].y -
                          ((1 - u) * (1 - v) * B[0].y + u * (1 - v) * B[nu].y +
                           (1 - u) * v * T[0].y + u * v * T[nu].y);
                }
                uint32_t id = v0 + j * (nu + 1) + i;
                g->rest[2 * id] = q.x;
                g->rest[2 * id + 1] = q.y;
                g->panel_of[id] = (uint16_t)p;
                minx = fminf(minx, q.x);
                maxx = fmaxf(maxx, q.x);
            }
        /* flat layout on a sheet until vt_garment_arrange wraps it */
        for (uint32_t q = 0; q < pn->vertex_count; q++) {
            uint32_t id = v0 + q;
            g->mesh.positions[3 * id] = sheet_x - minx + g->rest[2 * id];
            g->mesh.positions[3 * id + 1] = g->rest[2 * id + 1];
        }
        sheet_x += maxx - minx + 0.05f;
        uint32_t *ix = g->mesh.indices + i0;
        for (uint32_t j = 0; j < nv; j++)
            for (uint32_t i = 0; i < nu; i++) {
                uint32_t a = v0 + j * (nu + 1) + i, b = a + 1, c = a + nu + 1, e = c + 1;
                /* alternate the diagonal so the mesh has no preferred shear */
                if ((i + j) & 1) {
                    *ix++ = a, *ix++ = b, *ix++ = e;
                    *ix++ = a, *ix++ = e, *ix++ = c;
                } else {
                    *ix++ = a, *ix++ = b, *ix++ = c;
                    *ix++ = b, *ix++ = e, *ix++ = c;
                }
            }
        pn->outline_first = o0;
        for (uint32_t i = 0; i <= nu; i++) g->outline[o0++] = v0 + i;
        for (uint32_t j = 1; j <= nv; j++) g->outline[o0++] = v0 + j * (nu + 1) + nu;
        for (uint32_t i = nu; i-- > 0;) g->outline[o0++] = v0 + nv * (nu + 1) + i;
        for (uint32_t j = nv; j-- > 1;) g->outline[o0++] = v0 + j * (nu + 1);
        pn->outline_count = o0 - pn->outline_first;
        v0 += pn->vertex_count;
        i0 += pn->index_count;
    }
    free(sb);
    g->outline_count = o0;
    /* seams */
    const seam_def *sd[2] = {NULL, NULL};
    size_t sn[2] = {0, 0};
    if (spec->kind == VT_GARMENT_TROUSERS) {
        sd[0] = trouser_seams, sn[0] = VT_COUNTOF(trouser_seams);
    } else {
        sd[0] = top_seams, sn[0] = spec->kind == VT_GARMENT_SKIRT ? 2 : VT_COUNTOF(top_seams);
        if (np == 4) sd[1] = sleeve_seams, sn[1] = VT_COUNTOF(sleeve_seams);
    }
    uint32_t ns = (uint32_t)(sn[0] + sn[1]);
    g->seams = calloc(ns, sizeof *g->seams);
    g->seam_vertices = malloc((size_t)ns * 2 * 8192 * sizeof *g->seam_vertices);
    if (!g->seams || !g->seam_vertices) {
        r = vt__fail(VT_ERR_NOMEM, "garment: out of memory");
        goto fail;
    }
    uint32_t at = 0;
    for (int t = 0; t < 2; t++)
        for (size_t q = 0; q < sn[t]; q++) {
            const seam_def *e = &sd[t][q];
            vt_seam *s = &g->seams[g->seam_count++];
            s->a_first = at;
            s->a_count = run_vertices(g, &defs[e->pa], e->pa, e->sa, e->ta, e->oa, false,
                                      g->seam_vertices + at);
            at += s->a_count;
            s->b_first = at;
            s->b_count = run_vertices(g, &defs[e->pb], e->pb, e->sb, e->tb, e->ob, e->reverse_b,
                                      g->seam_vertices + at);
            at += s->b_count;
        }
    g->seam_vertex_count = at;
    free(defs);
    *out = g;
    return VT_OK;
fail:
    free(defs);
    vt_garment_free(g);
    return r;
}

/* Width of a panel's boundary polygon along y = line (its extreme crossings). */
static float width_at(const vt_garment *g, const vt_panel *p, float line) {
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t k = 0; k < p->outline_count; k++) {
        uint32_t a = g->outline[p->outline_first + k];
        uint32_t b = g->outline[p->outline_first + (k + 1) % p->outline_count];
        float ya = g->rest[2 * a + 1], yb = g->rest[2 * b + 1];
        float xa = g->rest[2 * a], xb = g->rest[2 * b];
        if ((ya - line) * (yb - line) > 0 || ya == yb) {
            if (ya == line) lo = fminf(lo, xa), hi = fmaxf(hi, xa);
            continue;
        }
        float x = xa + (line - ya) / (yb - ya) * (xb - xa);
        lo = fminf(lo, x);
        hi = fmaxf(hi, x);
    }
    return hi > lo ? hi - lo : 0;
}

float vt_garment_measure(const vt_garment *g, vt_fit_region region) {
    VT_ASSERT(g);
    if ((unsigned)region >= VT_REGION_COUNT) return 0;
    float sum = 0;
    for (uint32_t p = 0; p < g->panel_count; p++)
        if (g->panels[p].has_line[region])
            sum += width_at(g, &g->panels[p], g->panels[p].line_y[region]);
    return sum * 100;
}
