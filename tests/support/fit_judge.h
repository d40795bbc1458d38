/* tests/support/fit_judge.h — for the fit tests: the preset bodies, and an
   independent judge of cloth penetration, sharing no code with the drape's
   own distance field: a point is inside a closed body mesh when a vertical ray from it crosses the
   mesh an odd number of times (triangles bucketed by 1 cm xz cells), and a
   vertex's depth is the exact distance to the nearest body triangle within
   3 cm. */
#ifndef VT_TEST_FIT_JUDGE_H
#define VT_TEST_FIT_JUDGE_H

#include "vitrine/fit.h"

#include <stdbool.h>

typedef struct vt_test_judge {
    const vt_mesh_data *m; /* borrowed */
    float x0, z0;
    int nx, nz;
    uint32_t *start, *tris;
} vt_test_judge;

/* The preset assets/bodies/NAME.json (under $VT_SOURCE_DIR) built; NULL
   when it cannot be. */
vt_body *vt_test_preset_body(const char *name);

/* false when out of memory. */
bool vt_test_judge_init(vt_test_judge *j, const vt_mesh_data *body);
void vt_test_judge_free(vt_test_judge *j);
bool vt_test_judge_inside(const vt_test_judge *j, const float p[3]);
/* Share of garment vertices outside the body and the deepest one's depth in
   mm (searched within 3 cm, so 30 means "at least"), leaving out of the
   depth the vertices marked in was_inside (NULL: none); inside (NULL: not
   wanted) gets which vertices are inside. */
void vt_test_judge_garment(const vt_test_judge *j, const vt_garment *g, const bool *was_inside,
                           bool *inside, float *outside, float *deepest);

#endif
