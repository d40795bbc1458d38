/* engine/fit/fit_internal.h — shared between the body files, never installed. */
#ifndef VT_FIT_INTERNAL_H
#define VT_FIT_INTERNAL_H

#include "vitrine/fit.h"

/* The shape: a signed distance field of smoothly blended primitives. */
typedef enum vt__prim_kind { VT__PRIM_TORSO, VT__PRIM_CONE, VT__PRIM_ELLIPSOID } vt__prim_kind;

typedef struct vt__prim {
    vt__prim_kind kind;
    int bone; /* joint that moves it; -1: the torso, shared by the spine joints by height */
    float k;  /* blend radius with what came before, metres */
    float a[3], b[3], ra, rb;     /* cone: ends and radii */
    float c[3], r[3], axes[3][3]; /* ellipsoid: centre, radii, local axes (rows) */
    float lo[3], hi[3];           /* bounds */
    /* 0: blends with every primitive before it; -1 / +1: a leg's, blends
       with the shared ones and its own side's only, so the two legs meet
       as a union, never filled in between (see vt__shape_field) */
    int side;
} vt__prim;

#define VT__TORSO_SAMPLES 256
typedef struct vt__torso {
    float y0, y1; /* extent */
    /* half-width, half-depth, centre z, squareness 0 (ellipse) .. 1 (L4) */
    float a[VT__TORSO_SAMPLES], b[VT__TORSO_SAMPLES], c[VT__TORSO_SAMPLES], n[VT__TORSO_SAMPLES];
} vt__torso;

#define VT__MAX_PRIMS 40
typedef struct vt__shape {
    vt__torso torso;
    vt__prim prims[VT__MAX_PRIMS];
    int prim_count;
    vt_body_landmarks landmarks;
    float joints[VT_JOINT_COUNT][3];
    float torso_joint_y[4]; /* hips, spine, chest, upperChest heights */
    float ball_z;           /* where the toes start */
    float scale;            /* stature / 1.72 m */
} vt__shape;

void vt__shape_design(const vt_body_measurements *m, vt__shape *s);
float vt__prim_sdf(const vt__shape *s, const vt__prim *p, const float q[3]);
/* The blended field at q from the primitives listed (indices into prims, in
   order; all of them when list is NULL). */
float vt__shape_field(const vt__shape *s, const int *list, int count, const float q[3]);
float vt__torso_centre_z(const vt__torso *t, float y);

extern const char *const vt__joint_names[VT_JOINT_COUNT];
extern const int vt__joint_parents[VT_JOINT_COUNT];

/* The four strongest of w[VT_JOINT_COUNT] (largest first), those under
   drop x the four's total left out, normalised to sum 1 (all the hips'
   when w is empty): a vertex's skin. */
void vt__skin_strongest4(const float *w, float drop, int id[4], float weight[4]);

#endif
