#include "lathe.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define TAU 6.2831853f

static void alloc_mesh(vt_mesh_data *m, uint32_t verts, uint32_t tris) {
    memset(m, 0, sizeof *m);
    m->vertex_count = verts;
    m->index_count = tris * 3;
    m->positions = calloc(verts * 3, sizeof(float));
    m->normals = calloc(verts * 3, sizeof(float));
    m->uv0 = calloc(verts * 2, sizeof(float));
    m->indices = calloc(m->index_count, sizeof(uint32_t));
    if (!m->positions || !m->normals || !m->uv0 || !m->indices) abort();
}

/* Grid of (rows x cols) vertices with quads between neighbours, wound (a, b, e), (a, e, d):
   counter-clockwise seen from the side the normals face, for both surfaces built here. A row
   whose vertices all sit on the axis (pole[r]) collapses half of each quad next to it; that
   half is left out, so the cap is a fan with no zero-area triangles. */
static void grid_indices(vt_mesh_data *m, uint32_t rows, uint32_t cols, const bool *pole) {
    uint32_t k = 0;
    for (uint32_t r = 0; r + 1 < rows; r++)
        for (uint32_t c = 0; c + 1 < cols; c++) {
            uint32_t a = r * cols + c, b = a + 1, d = a + cols, e = d + 1;
            if (!(pole && pole[r])) {
                uint32_t tri[3] = {a, b, e};
                memcpy(&m->indices[k], tri, sizeof tri);
                k += 3;
            }
            if (!(pole && pole[r + 1])) {
                uint32_t tri[3] = {a, e, d};
                memcpy(&m->indices[k], tri, sizeof tri);
                k += 3;
            }
        }
    m->index_count = k;
}

void lathe(const float (*profile)[2], uint32_t count, uint32_t segments, uint32_t subdiv,
           vt_mesh_data *out) {
    uint32_t rows = (count - 1) * subdiv + 1, cols = segments + 1;
    float(*pts)[2] = malloc(sizeof *pts * rows);
    float *arc = malloc(sizeof(float) * rows);
    if (!pts || !arc) abort();
    /* Catmull-Rom through the profile points gives a smooth turned surface; each piece is
       clamped to the box of its two points so the curve never overshoots (no radius below
       the axis, no foot below the floor). */
    for (uint32_t i = 0; i + 1 < count; i++)
        for (uint32_t s = 0; s < subdiv; s++) {
            float t = (float)s / (float)subdiv;
            const float *p0 = profile[i ? i - 1 : 0], *p1 = profile[i], *p2 = profile[i + 1];
            const float *p3 = profile[i + 2 < count ? i + 2 : count - 1];
            for (int c = 0; c < 2; c++) {
                float t2 = t * t, t3 = t2 * t;
                pts[i * subdiv + s][c] = 0.5f * (2 * p1[c] + (-p0[c] + p2[c]) * t +
                                                 (2 * p0[c] - 5 * p1[c] + 4 * p2[c] - p3[c]) * t2 +
                                                 (-p0[c] + 3 * p1[c] - 3 * p2[c] + p3[c]) * t3);
                float lo = fminf(p1[c], p2[c]), hi = fmaxf(p1[c], p2[c]);
                pts[i * subdiv + s][c] = fminf(fmaxf(pts[i * subdiv + s][c], lo), hi);
            }
        }
    pts[rows - 1][0] = profile[count - 1][0];
    pts[rows - 1][1] = profile[count - 1][1];
    /* Clamping can pin a sample onto its piece's end point; a repeated row would make a
       ring of zero-area triangles, so drop it. */
    uint32_t kept = 1;
    for (uint32_t r = 1; r < rows; r++)
        if (fabsf(pts[r][0] - pts[kept - 1][0]) + fabsf(pts[r][1] - pts[kept - 1][1]) > 1e-7f) {
            pts[kept][0] = pts[r][0], pts[kept][1] = pts[r][1];
            kept++;
        }
    rows = kept;
    arc[0] = 0;
    for (uint32_t r = 1; r < rows; r++)
        arc[r] = arc[r - 1] + hypotf(pts[r][0] - pts[r - 1][0], pts[r][1] - pts[r - 1][1]);
    alloc_mesh(out, rows * cols, (rows - 1) * segments * 2);
    for (uint32_t r = 0; r < rows; r++) {
        /* Profile tangent -> outward normal (rotate by -90 degrees in the r/y plane). */
        uint32_t a = r ? r - 1 : r, b = r + 1 < rows ? r + 1 : r;
        float tr = pts[b][0] - pts[a][0], ty = pts[b][1] - pts[a][1];
        float len = hypotf(tr, ty);
        float nr = len > 0 ? ty / len : 0, ny = len > 0 ? -tr / len : 1;
        for (uint32_t c = 0; c < cols; c++) {
            float ang = TAU * (float)c / (float)segments;
            float ca = cosf(ang), sa = sinf(ang);
            uint32_t v = r * cols + c;
            out->positions[v * 3 + 0] = pts[r][0] * sa;
            out->positions[v * 3 + 1] = pts[r][1];
            out->positions[v * 3 + 2] = pts[r][0] * ca;
            out->normals[v * 3 + 0] = nr * sa;
            out->normals[v * 3 + 1] = ny;
            out->normals[v * 3 + 2] = nr * ca;
            out->uv0[v * 2 + 0] = (float)c / (float)segments;
            out->uv0[v * 2 + 1] = arc[r] / arc[rows - 1];
        }
    }
    bool *pole = malloc(rows * sizeof *pole);
    if (!pole) abort();
    for (uint32_t r = 0; r < rows; r++) pole[r] = pts[r][0] <= 0.0f;
    grid_indices(out, rows, cols, pole);
    free(pole);
    free(pts);
    free(arc);
}

void handle_sweep(float wall, float y0, float reach, float half_h, float tube_w, float tube_d,
                  uint32_t steps, uint32_t sides, vt_mesh_data *out) {
    uint32_t rows = steps + 1, cols = sides + 1;
    alloc_mesh(out, rows * cols, steps * sides * 2);
    for (uint32_t r = 0; r < rows; r++) {
        /* Half ellipse from the top attachment (angle +90) out to +X and down to -90; the
           ends sink 2 mm into the 2.8 mm wall: no gap outside, nothing through inside. */
        float t = (float)r / (float)steps;
        float ang = 1.5707963f - 3.1415926f * t;
        float cx = wall - 0.002f + (reach + 0.002f) * cosf(ang), cy = y0 + half_h * sinf(ang);
        float tx = -(reach + 0.002f) * sinf(ang), ty = half_h * cosf(ang);
        float tl = hypotf(tx, ty);
        tx /= tl, ty /= tl;
        /* Frame: binormal +Z (the curve is planar), normal = outward in-plane. */
        float nx = ty, ny = -tx;
        for (uint32_t c = 0; c < cols; c++) {
            float a = TAU * (float)c / (float)sides;
            float ca = cosf(a), sa = sinf(a);
            uint32_t v = r * cols + c;
            float ox = nx * ca * tube_w, oy = ny * ca * tube_w, oz = sa * tube_d;
            out->positions[v * 3 + 0] = cx + ox;
            out->positions[v * 3 + 1] = cy + oy;
            out->positions[v * 3 + 2] = oz;
            /* Normal of an elliptical section: gradient of (u/w)^2 + (v/d)^2. */
            float gx = nx * ca / tube_w, gy = ny * ca / tube_w, gz = sa / tube_d;
            float gl = sqrtf(gx * gx + gy * gy + gz * gz);
            out->normals[v * 3 + 0] = gx / gl;
            out->normals[v * 3 + 1] = gy / gl;
            out->normals[v * 3 + 2] = gz / gl;
            out->uv0[v * 2 + 0] = (float)c / (float)sides;
            out->uv0[v * 2 + 1] = t;
        }
    }
    grid_indices(out, rows, cols, NULL);
}

#define FOOT_TOP 0.006f
const float ag_mug_body[AG_MUG_BODY_POINTS][2] = {
    {0.0380f, FOOT_TOP}, {0.0405f, 0.0110f}, {0.0418f, 0.0250f}, {0.0420f, 0.0500f},
    {0.0420f, 0.0800f},  {0.0419f, 0.0930f}, {0.0414f, 0.0955f}, {0.0405f, 0.0962f},
    {0.0396f, 0.0955f},  {0.0392f, 0.0930f}, {0.0392f, 0.0500f}, {0.0388f, 0.0160f},
    {0.0370f, 0.0108f},  {0.0330f, 0.0096f}, {0.0000f, 0.0094f},
};
const float ag_mug_foot[AG_MUG_FOOT_POINTS][2] = {
    {0.0000f, 0.0015f}, {0.0300f, 0.0015f}, {0.0330f, 0.0006f},  {0.0345f, 0.0000f},
    {0.0362f, 0.0003f}, {0.0375f, 0.0025f}, {0.0380f, FOOT_TOP},
};
