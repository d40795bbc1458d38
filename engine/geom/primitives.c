/* engine/geom/primitives.c — sphere, box and plane builders. Front faces are
   counter-clockwise seen from outside (glTF), uv origin at the top left. */
#include "vitrine/geom.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

static const float pi = 3.14159265358979323846f;

static vt_result alloc_mesh(uint32_t vertices, uint32_t indices, vt_mesh_data *out,
                            const char *what) {
    memset(out, 0, sizeof *out);
    out->vertex_count = vertices;
    out->index_count = indices;
    out->positions = malloc((size_t)vertices * 3 * sizeof(float));
    out->normals = malloc((size_t)vertices * 3 * sizeof(float));
    out->uv0 = malloc((size_t)vertices * 2 * sizeof(float));
    out->indices = malloc((size_t)indices * sizeof(uint32_t));
    if (!out->positions || !out->normals || !out->uv0 || !out->indices) {
        vt_mesh_data_free(out);
        return vt__fail(VT_ERR_NOMEM, "%s: %u vertices", what, vertices);
    }
    return VT_OK;
}

static vt_result finish(vt_mesh_data *out) {
    vt_result r = vt_mesh_compute_tangents(out);
    if (r != VT_OK) vt_mesh_data_free(out);
    return r;
}

vt_result vt_mesh_sphere(float radius, uint32_t segments, uint32_t rings, vt_mesh_data *out) {
    VT_ASSERT(out);
    memset(out, 0, sizeof *out);
    if (!(radius > 0.0f) || !isfinite(radius))
        return vt__fail(VT_ERR_INVALID, "sphere: radius %g must be positive", (double)radius);
    if (segments < 3 || rings < 2)
        return vt__fail(VT_ERR_INVALID, "sphere: %u segments, %u rings (need 3 and 2 at least)",
                        segments, rings);
    if (segments > 4096 || rings > 4096)
        return vt__fail(VT_ERR_LIMIT, "sphere: %u segments, %u rings exceed 4096", segments, rings);
    /* A uv sphere with the seam duplicated (u 0 and 1) and one vertex per
       segment at each pole, so each pole triangle has its own u. */
    uint32_t cols = segments + 1, verts = cols * (rings + 1);
    uint32_t tris = 2 * segments * (rings - 1);
    vt_result r = alloc_mesh(verts, tris * 3, out, "sphere");
    if (r != VT_OK) return r;
    for (uint32_t i = 0; i <= rings; i++) {
        float v = (float)i / (float)rings;
        float theta = v * pi; /* from +Y down */
        for (uint32_t j = 0; j <= segments; j++) {
            float u = (float)j / (float)segments;
            /* Top pole vertex j serves columns j, j + 1; bottom pole vertex j
               serves j - 1, j. The one left over at each pole is unused. */
            if (i == 0) u = fminf(((float)j + 0.5f) / (float)segments, 1.0f);
            if (i == rings) u = fmaxf(((float)j - 0.5f) / (float)segments, 0.0f);
            float phi = u * 2.0f * pi; /* 0 faces +Z, u grows to the right seen from +Z */
            float n[3] = {sinf(theta) * sinf(phi), cosf(theta), sinf(theta) * cosf(phi)};
            if (i == 0 || i == rings) { /* exact poles */
                n[0] = n[2] = 0.0f;
                n[1] = i == 0 ? 1.0f : -1.0f;
            }
            if (j == segments && i != 0 && i != rings) {
                /* The seam repeats column 0 exactly so the mesh closes. */
                uint32_t first = i * cols;
                memcpy(n, &out->normals[3 * first], sizeof n);
            }
            uint32_t k = i * cols + j;
            for (int c = 0; c < 3; c++) {
                out->normals[3 * k + c] = n[c];
                out->positions[3 * k + c] = n[c] * radius;
            }
            out->uv0[2 * k + 0] = u;
            out->uv0[2 * k + 1] = v;
        }
    }
    uint32_t *ix = out->indices;
    for (uint32_t i = 0; i < rings; i++) {
        for (uint32_t j = 0; j < segments; j++) {
            uint32_t a = i * cols + j, b = a + cols, c = b + 1, d = a + 1;
            /* a top left, b bottom left, c bottom right, d top right (seen from
               outside): a b c and a c d are counter-clockwise. At the poles one
               of the two collapses and is left out. */
            if (i != rings - 1) {
                *ix++ = a;
                *ix++ = b;
                *ix++ = c;
            }
            if (i != 0) {
                *ix++ = a;
                *ix++ = c;
                *ix++ = d;
            }
        }
    }
    VT_ASSERT((uint32_t)(ix - out->indices) == out->index_count);
    /* Tangents from the parametrisation, exact also on the seam and at the
       poles, where a per-triangle sum sees only one side: d position / d u
       points east, and the bitangent (north, where v falls) gives w = +1. */
    out->tangents = malloc((size_t)verts * 4 * sizeof(float));
    if (!out->tangents) {
        vt_mesh_data_free(out);
        return vt__fail(VT_ERR_NOMEM, "sphere: %u vertices", verts);
    }
    for (uint32_t k = 0; k < verts; k++) {
        float phi = out->uv0[2 * k] * 2.0f * pi;
        float *t = &out->tangents[4 * k];
        t[0] = cosf(phi);
        t[1] = 0.0f;
        t[2] = -sinf(phi);
        t[3] = 1.0f;
    }
    return VT_OK;
}

/* One face of a box: outward normal n, right r (u grows), up (v falls),
   with r x up = n so that the corners below wind counter-clockwise. */
typedef struct face {
    float n[3], r[3], up[3];
} face;

static const face box_faces[6] = {
    {{1, 0, 0}, {0, 0, -1}, {0, 1, 0}}, {{-1, 0, 0}, {0, 0, 1}, {0, 1, 0}},
    {{0, 1, 0}, {1, 0, 0}, {0, 0, -1}}, {{0, -1, 0}, {1, 0, 0}, {0, 0, 1}},
    {{0, 0, 1}, {1, 0, 0}, {0, 1, 0}},  {{0, 0, -1}, {-1, 0, 0}, {0, 1, 0}},
};

/* Corners top left, bottom left, bottom right, top right: (su, sv, u, v). */
static const float corners[4][4] = {{-1, 1, 0, 0}, {-1, -1, 0, 1}, {1, -1, 1, 1}, {1, 1, 1, 0}};

static void emit_face(const face *f, const float half[3], uint32_t base, vt_mesh_data *m,
                      uint32_t *ix) {
    for (uint32_t k = 0; k < 4; k++) {
        uint32_t v = base + k;
        for (int c = 0; c < 3; c++) {
            float p = f->n[c] + f->r[c] * corners[k][0] + f->up[c] * corners[k][1];
            m->positions[3 * v + (uint32_t)c] = p * half[c];
            m->normals[3 * v + (uint32_t)c] = f->n[c];
        }
        m->uv0[2 * v + 0] = corners[k][2];
        m->uv0[2 * v + 1] = corners[k][3];
    }
    const uint32_t q[6] = {0, 1, 2, 0, 2, 3};
    for (int k = 0; k < 6; k++) ix[k] = base + q[k];
}

vt_result vt_mesh_box(const float size[3], vt_mesh_data *out) {
    VT_ASSERT(out && size);
    memset(out, 0, sizeof *out);
    for (int c = 0; c < 3; c++) {
        if (!(size[c] > 0.0f) || !isfinite(size[c]))
            return vt__fail(VT_ERR_INVALID, "box: size %g %g %g must be positive", (double)size[0],
                            (double)size[1], (double)size[2]);
    }
    vt_result r = alloc_mesh(24, 36, out, "box");
    if (r != VT_OK) return r;
    const float half[3] = {size[0] * 0.5f, size[1] * 0.5f, size[2] * 0.5f};
    for (uint32_t f = 0; f < 6; f++)
        emit_face(&box_faces[f], half, 4 * f, out, &out->indices[6 * f]);
    return finish(out);
}

vt_result vt_mesh_plane(float width, float height, vt_mesh_data *out) {
    VT_ASSERT(out);
    memset(out, 0, sizeof *out);
    if (!(width > 0.0f) || !(height > 0.0f) || !isfinite(width) || !isfinite(height))
        return vt__fail(VT_ERR_INVALID, "plane: %g x %g must be positive", (double)width,
                        (double)height);
    vt_result r = alloc_mesh(4, 6, out, "plane");
    if (r != VT_OK) return r;
    /* The +Z face of a box with no depth. */
    const float half[3] = {width * 0.5f, height * 0.5f, 0.0f};
    emit_face(&box_faces[4], half, 0, out, out->indices);
    return finish(out);
}
