/* tests/support/box_glb.h — a box model written as a .glb, for tests that
   need a product file on disk (store session, try-on). */
#ifndef VT_TEST_BOX_GLB_H
#define VT_TEST_BOX_GLB_H

#include <stdbool.h>

/* A box of size sx x sy x sz metres centred on the origin, one grey
   material named `material`; false (vt_last_error says why) on failure. */
bool vt_test_write_box_glb(const char *path, float sx, float sy, float sz, const char *material);

#endif
