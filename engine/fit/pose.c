/* Posing a draped garment with its body: every garment vertex takes the
   skin weights of the nearest body vertex (found through a hash grid of the
   rest body), body and garment are skinned with the same joint transforms
   (linear blend skinning), and the garment then settles briefly against
   the posed body (vt__drape_settle; a transferred brand garment with its
   own solver, vt__drape_transferred_settle), which removes what skinning
   pushed through the skin where the arm meets the torso.

   The T-pose turns each upper arm in its plane with the vertical until it
   points straight out sideways; the joints below it follow. */
#include "core/internal.h"
#include "fit/garment_internal.h"
#include "fit/pose_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CELL VT__VGRID_CELL

/* Rotation taking unit vector a onto unit vector b (Rodrigues). */
static void rotation_between(const float a[3], const float b[3], float R[9]) {
    float v[3] = {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    float c = a[0] * b[0] + a[1] * b[1] + a[2] * b[2], k = 1 / (1 + c);
    float r[9] = {v[0] * v[0] * k + c,    v[0] * v[1] * k - v[2], v[0] * v[2] * k + v[1],
                  v[1] * v[0] * k + v[2], v[1] * v[1] * k + c,    v[1] * v[2] * k - v[0],
                  v[2] * v[0] * k - v[1], v[2] * v[1] * k + v[0], v[2] * v[2] * k + c};
    memcpy(R, r, sizeof r);
}

void vt__pose_compose(const vt_body *body, const float Q[VT_JOINT_COUNT][9], const float root_t[3],
                      vt__xform *m) {
    for (uint32_t j = 0; j < VT_JOINT_COUNT; j++) {
        const vt_body_joint *J = &body->joints[j];
        const float *q = Q[j];
        const vt__xform par = J->parent >= 0 ? m[J->parent]
                                             : (vt__xform){{1, 0, 0, 0, 1, 0, 0, 0, 1},
                                                           {root_t[0], root_t[1], root_t[2]}};
        vt__xform *o = &m[j];
        for (int r = 0; r < 3; r++)
            for (int c = 0; c < 3; c++)
                o->R[3 * r + c] =
                    par.R[3 * r] * q[c] + par.R[3 * r + 1] * q[3 + c] + par.R[3 * r + 2] * q[6 + c];
        float qp[3], p_qp[3];
        const float *p = J->position;
        for (int r = 0; r < 3; r++)
            qp[r] = q[3 * r] * p[0] + q[3 * r + 1] * p[1] + q[3 * r + 2] * p[2];
        for (int r = 0; r < 3; r++) p_qp[r] = p[r] - qp[r];
        for (int r = 0; r < 3; r++)
            o->t[r] = par.R[3 * r] * p_qp[0] + par.R[3 * r + 1] * p_qp[1] +
                      par.R[3 * r + 2] * p_qp[2] + par.t[r];
    }
}

/* The T-pose's joint transforms: each upper arm turned onto the horizontal. */
static void t_pose_joints(const vt_body *body, vt__xform *m) {
    float Q[VT_JOINT_COUNT][9];
    for (uint32_t j = 0; j < VT_JOINT_COUNT; j++) {
        const vt_body_joint *J = &body->joints[j];
        float *q = Q[j];
        memcpy(q, (float[9]){1, 0, 0, 0, 1, 0, 0, 0, 1}, sizeof Q[j]);
        if (j == VT_JOINT_LEFT_UPPER_ARM || j == VT_JOINT_RIGHT_UPPER_ARM) {
            const float *e = body->joints[j + 1].position; /* the lower arm */
            float d[3] = {e[0] - J->position[0], e[1] - J->position[1], e[2] - J->position[2]};
            float l = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
            for (int k = 0; k < 3; k++) d[k] /= l;
            float out[3] = {d[0] >= 0 ? 1.0f : -1.0f, 0, 0};
            rotation_between(d, out, q);
        }
    }
    vt__pose_compose(body, Q, (float[3]){0, 0, 0}, m);
}

static void skin(const vt__xform *m, const uint16_t *joints, const float *weights, const float *x,
                 float *out) {
    float acc[3] = {0, 0, 0};
    for (int k = 0; k < 4; k++) {
        float w = weights[k], y[3];
        if (w <= 0) continue;
        vt__xform_apply(&m[joints[k]], x, y);
        for (int c = 0; c < 3; c++) acc[c] += w * y[c];
    }
    memcpy(out, acc, sizeof acc);
}

vt_result vt__vgrid_build(vt__vgrid *G, const vt_mesh_data *mesh) {
    memset(G, 0, sizeof *G);
    float lo[3] = {INFINITY, INFINITY, INFINITY}, hi[3] = {-INFINITY, -INFINITY, -INFINITY};
    for (uint32_t v = 0; v < mesh->vertex_count; v++)
        for (int k = 0; k < 3; k++) {
            lo[k] = fminf(lo[k], mesh->positions[3 * v + k]);
            hi[k] = fmaxf(hi[k], mesh->positions[3 * v + k]);
        }
    for (int k = 0; k < 3; k++) {
        G->org[k] = lo[k];
        G->n[k] = (int)((hi[k] - lo[k]) / CELL) + 1;
    }
    size_t cells = (size_t)G->n[0] * G->n[1] * G->n[2];
    G->start = calloc(cells + 1, sizeof *G->start);
    G->items = malloc((size_t)(mesh->vertex_count ? mesh->vertex_count : 1) * sizeof *G->items);
    uint32_t *cell_of = malloc((size_t)(mesh->vertex_count ? mesh->vertex_count : 1) * 4);
    if (!G->start || !G->items || !cell_of) {
        free(cell_of);
        return vt__fail(VT_ERR_NOMEM, "pose: out of memory");
    }
    for (uint32_t v = 0; v < mesh->vertex_count; v++) {
        int c[3];
        for (int k = 0; k < 3; k++) {
            c[k] = (int)((mesh->positions[3 * v + k] - G->org[k]) / CELL);
            c[k] = c[k] < 0 ? 0 : c[k] >= G->n[k] ? G->n[k] - 1 : c[k];
        }
        cell_of[v] = (uint32_t)((c[2] * G->n[1] + c[1]) * G->n[0] + c[0]);
        G->start[cell_of[v] + 1]++;
    }
    for (size_t i = 0; i < cells; i++) G->start[i + 1] += G->start[i];
    uint32_t *fill = malloc((cells ? cells : 1) * sizeof *fill);
    if (!fill) {
        free(cell_of);
        return vt__fail(VT_ERR_NOMEM, "pose: out of memory");
    }
    memcpy(fill, G->start, cells * sizeof *fill);
    for (uint32_t v = 0; v < mesh->vertex_count; v++) G->items[fill[cell_of[v]]++] = v;
    free(fill);
    free(cell_of);
    return VT_OK;
}

void vt__vgrid_free(vt__vgrid *G) {
    free(G->start);
    free(G->items);
}

/* Nearest body vertex to p: rings of cells until one holds a vertex, then
   one ring more (a nearer vertex may sit in the next ring). */
uint32_t vt__vgrid_nearest(const vt__vgrid *G, const vt_mesh_data *mesh, const float *p) {
    int c[3];
    for (int k = 0; k < 3; k++) {
        c[k] = (int)floorf((p[k] - G->org[k]) / CELL);
        c[k] = c[k] < 0 ? 0 : c[k] >= G->n[k] ? G->n[k] - 1 : c[k];
    }
    uint32_t best = 0;
    float bd = INFINITY;
    int found_at = -1, maxr = G->n[0] + G->n[1] + G->n[2];
    for (int r = 0; r <= maxr && (found_at < 0 || r <= found_at + 1); r++)
        for (int z = c[2] - r; z <= c[2] + r; z++)
            for (int y = c[1] - r; y <= c[1] + r; y++)
                for (int x = c[0] - r; x <= c[0] + r; x++) {
                    if (abs(x - c[0]) != r && abs(y - c[1]) != r && abs(z - c[2]) != r) continue;
                    if (x < 0 || y < 0 || z < 0 || x >= G->n[0] || y >= G->n[1] || z >= G->n[2])
                        continue;
                    size_t cell = ((size_t)z * G->n[1] + y) * G->n[0] + x;
                    for (uint32_t i = G->start[cell]; i < G->start[cell + 1]; i++) {
                        const float *q = mesh->positions + 3 * G->items[i];
                        float d = (q[0] - p[0]) * (q[0] - p[0]) + (q[1] - p[1]) * (q[1] - p[1]) +
                                  (q[2] - p[2]) * (q[2] - p[2]);
                        if (d < bd) bd = d, best = G->items[i];
                        if (found_at < 0) found_at = r;
                    }
                }
    return best;
}

vt_result vt_fit_pose(vt_body *body, vt_garment *const *g, uint32_t n, vt_pose pose, vt_jobs *jobs,
                      vt_drape_stats *out) {
    VT_ASSERT(body && (g || !n));
    if (pose == VT_POSE_A) return VT_OK;
    if (pose == VT_POSE_WALK) return vt__walk_pose(body, g, n, jobs, out);
    if (pose != VT_POSE_T) return vt__fail(VT_ERR_INVALID, "pose: %d is not a pose", (int)pose);
    vt__xform m[VT_JOINT_COUNT];
    t_pose_joints(body, m);
    vt__vgrid G;
    vt_result r = vt__vgrid_build(&G, &body->mesh);
    /* garments first: their weights come from the rest body */
    for (uint32_t i = 0; i < n && r == VT_OK; i++) {
        vt_mesh_data *gm = &g[i]->mesh;
        for (uint32_t v = 0; v < gm->vertex_count; v++) {
            uint32_t b = vt__vgrid_nearest(&G, &body->mesh, gm->positions + 3 * v);
            float y[3];
            skin(m, body->skin_joints + 4 * b, body->skin_weights + 4 * b, gm->positions + 3 * v,
                 y);
            memcpy(gm->positions + 3 * v, y, sizeof y);
        }
    }
    vt__vgrid_free(&G);
    if (r != VT_OK) return r;
    vt_mesh_data *bm = &body->mesh;
    for (uint32_t v = 0; v < bm->vertex_count; v++) {
        float y[3];
        skin(m, body->skin_joints + 4 * v, body->skin_weights + 4 * v, bm->positions + 3 * v, y);
        memcpy(bm->positions + 3 * v, y, sizeof y);
    }
    for (uint32_t j = 0; j < VT_JOINT_COUNT; j++) {
        float y[3];
        vt__xform_apply(&m[j], body->joints[j].position, y);
        memcpy(body->joints[j].position, y, sizeof y);
    }
    r = vt_mesh_compute_normals(bm);
    if (r != VT_OK || !n) return r;
    /* a short settle: skinning leaves cloth inside the skin where the arm
       turns against the torso. Panel garments settle together on the job
       threads, a transferred brand garment (rest3d) with its own solver. */
    vt_drape_desc d = {.max_frames = 45, .min_frames = 25};
    vt_garment **panels = malloc(n * sizeof *panels);
    vt_drape_stats *pst = malloc(n * sizeof *pst);
    uint32_t np = 0;
    if (!panels || !pst) r = vt__fail(VT_ERR_NOMEM, "pose: out of memory");
    for (uint32_t i = 0; i < n && r == VT_OK; i++)
        if (g[i]->rest3d)
            r = vt__drape_transferred_settle(g[i], body, &d, &out[i]);
        else
            panels[np++] = g[i];
    if (r == VT_OK && np) r = vt__drape_settle(panels, np, body, &d, jobs, pst);
    for (uint32_t i = 0, k = 0; i < n && r == VT_OK; i++)
        if (!g[i]->rest3d) out[i] = pst[k++];
    free(panels);
    free(pst);
    return r;
}
