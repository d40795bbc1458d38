/* engine/fit/garment_internal.h — shared by the garment files (pattern,
   mesh, arrange, sdf, drape), never installed. */
#ifndef VT_GARMENT_INTERNAL_H
#define VT_GARMENT_INTERNAL_H

#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <math.h>

typedef struct pt {
    float x, y;
} pt;

enum { SIDE_BOTTOM, SIDE_RIGHT, SIDE_TOP, SIDE_LEFT };

/* What an outline segment is, so seams find their edges by name whatever
   side a mirrored panel has them on. */
enum {
    TAG_HEM,
    TAG_SIDE,
    TAG_ARMHOLE,
    TAG_SHOULDER,
    TAG_NECK,
    TAG_SLEEVE_SEAM,
    TAG_CAP_FRONT,
    TAG_CAP_BACK,
    TAG_WAISTBAND,
    TAG_OUTSEAM,
    TAG_INSEAM,
    TAG_CENTRE,
};

typedef enum wrap_kind {
    WRAP_FRONT,
    WRAP_BACK,
    WRAP_LEFT_SLEEVE,
    WRAP_RIGHT_SLEEVE,
    WRAP_LEFT_LEG_FRONT,
    WRAP_LEFT_LEG_BACK,
    WRAP_RIGHT_LEG_FRONT,
    WRAP_RIGHT_LEG_BACK,
} wrap_kind;

#define MAX_PANELS 6
#define MAX_SEGS 8
#define MAX_SEG_PTS 40

typedef struct dseg {
    pt p[MAX_SEG_PTS]; /* dense polyline */
    int n;
    int tag;
    int first, count; /* after meshing: boundary points first..first+count on the side */
} dseg;

/* Sides: bottom and top run left to right, left and right bottom to top. */
typedef struct pside {
    dseg seg[MAX_SEGS];
    int nseg;
} pside;

typedef struct pdef {
    char name[24];
    pside sides[4];
    bool has_line[VT_REGION_COUNT];
    float line_y[VT_REGION_COUNT];
    float height;    /* panel height, m (its top at y = height) */
    bool from_waist; /* hangs from the waist (skirt, trousers), else from the neck */
    wrap_kind wrap;
    uint32_t nu, nv; /* grid after meshing */
} pdef;

vt_result vt__draft(const vt_garment_spec *spec, uint32_t size, pdef *defs, int *count);

/* A signed distance field of the body sampled on a grid: negative inside. */
typedef struct vt__sdf {
    float org[3], h;
    int n[3];
    float band; /* |d| is exact within band; beyond it, +-band */
    float *d;
} vt__sdf;

vt_result vt__sdf_build(vt__sdf *s, const vt_mesh_data *mesh, float y_lo, float y_hi, float h,
                        vt_jobs *jobs);
void vt__sdf_free(vt__sdf *s);
/* Distance at p (trilinear) and, when grad is not NULL, its gradient. */
float vt__sdf_sample(const vt__sdf *s, const float p[3], float grad[3]);

/* One cloth vertex's new velocity from its move x -> p over dt, less the
   collision push along the contact normal cn; at a contact no velocity
   into the body and Coulomb friction mu on the tangential part (the normal
   impulse per unit mass is the push over dt). x becomes p. Shared by the
   panel drape and the transferred garment's. */
static inline void vt__contact_velocity(float v[3], float x[3], const float p[3], const float cn[3],
                                        float push, float dt, float mu) {
    for (int k = 0; k < 3; k++) {
        v[k] = (p[k] - x[k] - push * cn[k]) / dt;
        x[k] = p[k];
    }
    if (push <= 0) return;
    float vn = v[0] * cn[0] + v[1] * cn[1] + v[2] * cn[2], jn = push / dt;
    if (vn < 0) {
        jn -= vn;
        for (int k = 0; k < 3; k++) v[k] -= vn * cn[k];
        vn = 0;
    }
    float t[3] = {v[0] - vn * cn[0], v[1] - vn * cn[1], v[2] - vn * cn[2]};
    float tl = sqrtf(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
    float cut = tl > 0 ? fminf(1, mu * jn / tl) : 0;
    for (int k = 0; k < 3; k++) v[k] -= cut * t[k];
}

/* vt_drape_many from the garments' current positions (no arrangement):
   the settle after a pose (see pose.c). */
vt_result vt__drape_settle(vt_garment *const *g, uint32_t n, const vt_body *body,
                           const vt_drape_desc *desc, vt_jobs *jobs, vt_drape_stats *out);
/* The same for a transferred brand garment (rest3d), with its own solver
   (see garment_drape.c). */
vt_result vt__drape_transferred_settle(vt_garment *g, const vt_body *body,
                                       const vt_drape_desc *desc, vt_drape_stats *st);

/* Wraps the panels around the body (see arrange.c). */
vt_result vt__arrange(vt_garment *g, const vt_body *body, const vt__sdf *sdf);

#endif
