/* tests/support/store_support.h — driving a live store in tests through its
   panels' hit regions (store internals: engine/store/store_internal.h). */
#ifndef VT_TEST_STORE_SUPPORT_H
#define VT_TEST_STORE_SUPPORT_H

#include "store/store_internal.h"

#include <stdbool.h>

/* A left click (press and release) at pixel x, y, then a zero-time update;
   false when the store did not take either. */
bool vt_test_store_click(vt_store *s, float x, float y);
/* The centre of the first hit region of kind (and arg) on the panels as
   drawn now; false when there is none. */
bool vt_test_store_find_hit(vt_store *s, vt__hit_kind kind, uint32_t arg, float *x, float *y);

#endif
