/* engine/geom/mesh.c — CPU mesh utilities: bounds, normals, tangents,
   degenerate counts and vertex-cache ordering. */
#include "vitrine/geom.h"

#include "core/internal.h"
#include "geom_internal.h"

#include <math.h>
#include <meshoptimizer.h>
#include <string.h>

void vt_mesh_data_free(vt_mesh_data *m) {
    if (!m) return;
    free(m->positions);
    free(m->normals);
    free(m->tangents);
    free(m->uv0);
    free(m->uv1);
    free(m->colors);
    free(m->indices);
    memset(m, 0, sizeof *m);
}

vt_aabb vt_mesh_bounds(const vt_mesh_data *m) {
    vt_aabb b = vt_aabb_empty();
    if (!m || !m->positions) return b;
    for (uint32_t i = 0; i < m->vertex_count; i++) vt_aabb_extend(&b, &m->positions[3 * i]);
    return b;
}

static bool normalize3(float v[3]) {
    float len = sqrtf(vt__dot3(v, v));
    if (!(len > 1e-20f)) return false;
    v[0] /= len;
    v[1] /= len;
    v[2] /= len;
    return true;
}

/* Any unit vector perpendicular to unit n. */
static void any_perpendicular(const float n[3], float out[3]) {
    const float x[3] = {1, 0, 0}, y[3] = {0, 1, 0};
    vt__cross3(fabsf(n[0]) < 0.9f ? x : y, n, out);
    normalize3(out);
}

/* Checks the arrays a triangle walk needs; a NULL index array means an
   unindexed list of vertex_count / 3 triangles. */
static vt_result check_mesh(const vt_mesh_data *m, const char *what) {
    if (!m) return vt__fail(VT_ERR_INVALID, "%s: mesh is NULL", what);
    if (!m->positions && m->vertex_count > 0)
        return vt__fail(VT_ERR_INVALID, "%s: mesh has no positions", what);
    if (m->index_count % 3 != 0)
        return vt__fail(VT_ERR_INVALID, "%s: index count %u is not a multiple of 3", what,
                        m->index_count);
    if (m->index_count > 0 && !m->indices)
        return vt__fail(VT_ERR_INVALID, "%s: index_count %u but no indices", what, m->index_count);
    for (uint32_t i = 0; i < m->index_count; i++) {
        if (m->indices[i] >= m->vertex_count)
            return vt__fail(VT_ERR_INVALID, "%s: index %u at %u is out of range (%u vertices)",
                            what, m->indices[i], i, m->vertex_count);
    }
    return VT_OK;
}

static uint32_t triangle_count(const vt_mesh_data *m) {
    return m->indices ? m->index_count / 3 : m->vertex_count / 3;
}

static void triangle(const vt_mesh_data *m, uint32_t t, uint32_t out[3]) {
    for (uint32_t k = 0; k < 3; k++) out[k] = m->indices ? m->indices[3 * t + k] : 3 * t + k;
}

vt_result vt_mesh_compute_normals(vt_mesh_data *m) {
    vt_result r = check_mesh(m, "compute normals");
    if (r != VT_OK) return r;
    if (m->vertex_count == 0) return VT_OK;
    float *n = calloc((size_t)m->vertex_count * 3, sizeof(float));
    if (!n) return vt__fail(VT_ERR_NOMEM, "compute normals: %u vertices", m->vertex_count);
    uint32_t tris = triangle_count(m);
    for (uint32_t t = 0; t < tris; t++) {
        uint32_t idx[3];
        triangle(m, t, idx);
        const float *p0 = &m->positions[3 * idx[0]];
        float e1[3], e2[3], fn[3];
        vt__sub3(&m->positions[3 * idx[1]], p0, e1);
        vt__sub3(&m->positions[3 * idx[2]], p0, e2);
        vt__cross3(e1, e2, fn); /* length = twice the area: area weighting for free */
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 3; c++) n[3 * idx[k] + c] += fn[c];
        }
    }
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        if (!normalize3(&n[3 * v])) {
            /* Vertex on no (or only degenerate) triangles: any unit normal. */
            n[3 * v + 0] = 0.0f;
            n[3 * v + 1] = 0.0f;
            n[3 * v + 2] = 1.0f;
        }
    }
    free(m->normals);
    m->normals = n;
    return VT_OK;
}

vt_result vt_mesh_compute_tangents(vt_mesh_data *m) {
    vt_result r = check_mesh(m, "compute tangents");
    if (r != VT_OK) return r;
    if (!m->uv0 && m->vertex_count > 0)
        return vt__fail(VT_ERR_INVALID, "compute tangents: mesh has no uv0");
    if (!m->normals && m->vertex_count > 0)
        return vt__fail(VT_ERR_INVALID, "compute tangents: mesh has no normals");
    if (m->vertex_count == 0) return VT_OK;
    /* acc: per vertex tangent (3) then bitangent (3). */
    float *acc = calloc((size_t)m->vertex_count * 6, sizeof(float));
    float *tan = malloc((size_t)m->vertex_count * 4 * sizeof(float));
    if (!acc || !tan) {
        free(acc);
        free(tan);
        return vt__fail(VT_ERR_NOMEM, "compute tangents: %u vertices", m->vertex_count);
    }
    uint32_t tris = triangle_count(m);
    for (uint32_t t = 0; t < tris; t++) {
        uint32_t idx[3];
        triangle(m, t, idx);
        const float *p0 = &m->positions[3 * idx[0]];
        const float *w0 = &m->uv0[2 * idx[0]];
        const float *w1 = &m->uv0[2 * idx[1]];
        const float *w2 = &m->uv0[2 * idx[2]];
        float e1[3], e2[3];
        vt__sub3(&m->positions[3 * idx[1]], p0, e1);
        vt__sub3(&m->positions[3 * idx[2]], p0, e2);
        /* v is negated: glTF puts the uv origin at the top left, and its
           bitangent (cross(n, t) * w) points up the texture, where v falls. */
        float du1 = w1[0] - w0[0], dv1 = -(w1[1] - w0[1]);
        float du2 = w2[0] - w0[0], dv2 = -(w2[1] - w0[1]);
        float det = du1 * dv2 - du2 * dv1;
        if (fabsf(det) < 1e-20f) continue; /* no uv area: no direction to give */
        /* Dividing by det would give the exact derivatives; multiplying by its
           sign instead weights each triangle by its uv area, which keeps tiny
           uv triangles from dominating. */
        float sgn = det > 0.0f ? 1.0f : -1.0f;
        float tv[3], bv[3];
        for (int c = 0; c < 3; c++) {
            tv[c] = (e1[c] * dv2 - e2[c] * dv1) * sgn;
            bv[c] = (e2[c] * du1 - e1[c] * du2) * sgn;
        }
        for (int k = 0; k < 3; k++) {
            for (int c = 0; c < 3; c++) {
                acc[6 * idx[k] + c] += tv[c];
                acc[6 * idx[k] + 3 + c] += bv[c];
            }
        }
    }
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        float n[3] = {m->normals[3 * v], m->normals[3 * v + 1], m->normals[3 * v + 2]};
        if (!normalize3(n)) {
            n[0] = 0.0f;
            n[1] = 0.0f;
            n[2] = 1.0f;
        }
        float *t = &acc[6 * v];
        const float *b = &acc[6 * v + 3];
        /* Gram-Schmidt: remove the normal's share of the tangent. */
        float d = vt__dot3(n, t);
        for (int c = 0; c < 3; c++) t[c] -= n[c] * d;
        if (!normalize3(t)) any_perpendicular(n, t);
        float nxt[3];
        vt__cross3(n, t, nxt);
        float w = vt__dot3(nxt, b) < 0.0f ? -1.0f : 1.0f;
        tan[4 * v + 0] = t[0];
        tan[4 * v + 1] = t[1];
        tan[4 * v + 2] = t[2];
        tan[4 * v + 3] = w;
    }
    free(acc);
    free(m->tangents);
    m->tangents = tan;
    return VT_OK;
}

uint32_t vt_mesh_count_degenerate(const vt_mesh_data *m) {
    if (!m || !m->positions) return 0;
    uint32_t tris = triangle_count(m), count = 0;
    if (m->indices && m->index_count % 3 != 0) tris = m->index_count / 3;
    for (uint32_t t = 0; t < tris; t++) {
        uint32_t idx[3];
        triangle(m, t, idx);
        if (idx[0] == idx[1] || idx[1] == idx[2] || idx[0] == idx[2]) {
            count++;
            continue;
        }
        if (idx[0] >= m->vertex_count || idx[1] >= m->vertex_count || idx[2] >= m->vertex_count) {
            count++; /* no triangle at all; counted so validators see it */
            continue;
        }
        const float *p0 = &m->positions[3 * idx[0]];
        const float *p1 = &m->positions[3 * idx[1]];
        const float *p2 = &m->positions[3 * idx[2]];
        float e1[3], e2[3], e3[3], c[3];
        vt__sub3(p1, p0, e1);
        vt__sub3(p2, p0, e2);
        vt__sub3(p2, p1, e3);
        vt__cross3(e1, e2, c);
        float twice_area = sqrtf(vt__dot3(c, c));
        float longest = fmaxf(vt__dot3(e1, e1), fmaxf(vt__dot3(e2, e2), vt__dot3(e3, e3)));
        /* Near zero: under a square micrometre, or so thin (collinear) that its
           height is a millionth of its longest edge. */
        if (twice_area <= 2e-12f || twice_area <= 1e-6f * longest) count++;
    }
    return count;
}

void vt_mesh_optimize(vt_mesh_data *m) {
    if (!m || !m->indices || m->index_count < 3 || m->index_count % 3 != 0) return;
    for (uint32_t i = 0; i < m->index_count; i++) {
        if (m->indices[i] >= m->vertex_count) {
            VT_LOGW("geom", "optimize: index %u out of range, mesh left as is", m->indices[i]);
            return;
        }
    }
    /* meshoptimizer supports destination == indices. */
    meshopt_optimizeVertexCache(m->indices, m->indices, m->index_count, m->vertex_count);
}
