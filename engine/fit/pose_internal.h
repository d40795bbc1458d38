/* engine/fit/pose_internal.h — shared by pose.c and walk.c, never installed. */
#ifndef VT_POSE_INTERNAL_H
#define VT_POSE_INTERNAL_H

#include "vitrine/fit.h"

/* A rigid transform x' = R x + t (R row-major). */
typedef struct vt__xform {
    float R[9], t[3];
} vt__xform;

static inline void vt__xform_apply(const vt__xform *m, const float *x, float *out) {
    for (int i = 0; i < 3; i++)
        out[i] = m->R[3 * i] * x[0] + m->R[3 * i + 1] * x[1] + m->R[3 * i + 2] * x[2] + m->t[i];
}

/* World transforms of every joint from local rotations Q[j] (row-major,
   about the joint's rest position, in the parent's rest frame) and a
   translation of the root: M_j(x) = M_parent(Q_j (x - p_j) + p_j). */
void vt__pose_compose(const vt_body *body, const float Q[VT_JOINT_COUNT][9], const float root_t[3],
                      vt__xform *m);

/* A hash grid of mesh vertices for nearest-vertex queries, cells of
   VT__VGRID_CELL metres. */
#define VT__VGRID_CELL 0.03f
typedef struct vt__vgrid {
    float org[3];
    int n[3];
    uint32_t *start, *items; /* start: cells + 1 offsets into items */
} vt__vgrid;

vt_result vt__vgrid_build(vt__vgrid *g, const vt_mesh_data *mesh);
void vt__vgrid_free(vt__vgrid *g);
uint32_t vt__vgrid_nearest(const vt__vgrid *g, const vt_mesh_data *mesh, const float *p);

/* Four floats in one SSE / NEON register (a GCC and Clang extension): a
   joint transform is four columns (R's three and t), blended and applied
   with whole-column multiply-adds, about a third of the scalar work. */
typedef float vt__v4 __attribute__((vector_size(16)));

#define VT__WALK_ANCHORS 2

/* A mesh bound to the skeleton: the walker's copy of the body or of a
   garment. */
typedef struct vt__bound {
    uint32_t n;
    float *rest;     /* 3 per vertex */
    uint8_t *joints; /* 4 per vertex */
    float *weights;  /* 4 per vertex, largest first, 0 after the last */
    /* per garment vertex, VT__WALK_ANCHORS anchor triangles on the body: its nearest
       point, then the nearest on another limb or the torso (or the first
       again when none is near) */
    uint32_t *tri; /* 3 body vertices per anchor */
    float *bary;   /* 3 per anchor */
    float *keep;   /* height over the anchor triangle kept, m, 1 per anchor */
} vt__bound;

struct vt_fit_walker {
    vt__bound body;
    vt__bound *garments;
    uint32_t garment_count;
    vt_body joints_of; /* the rest joints (walk_joints reads only those) */
    vt_jobs *jobs;
    uint32_t parts;
    vt__v4 cols[VT_JOINT_COUNT][4]; /* this frame's joint transforms */
};

/* The walk at phase: local rotations Q (as vt__pose_compose takes them),
   the lift of the root (m) and, when m is not NULL, the joint transforms. */
void vt__walk_local(const vt_body *body, float phase, float Q[VT_JOINT_COUNT][9], float *lift,
                    vt__xform *m);

/* Skins body and garments into the walk at `phase` in place, leaves them
   at mid-stride and fills out[i] with the worst figures over the cycle
   (see vt_fit_pose). */
vt_result vt__walk_pose(vt_body *body, vt_garment *const *g, uint32_t n, vt_jobs *jobs,
                        vt_drape_stats *out);

#endif
