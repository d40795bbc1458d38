/* tests/support/store_support.c — see store_support.h. */
#include "store_support.h"

#include "vitrine/platform.h"

bool vt_test_store_click(vt_store *s, float x, float y) {
    bool down = vt_store_pointer_button(s, VT_MOUSE_LEFT, true, x, y);
    bool up = vt_store_pointer_button(s, VT_MOUSE_LEFT, false, x, y);
    vt_store_update(s, 0);
    return down && up;
}

bool vt_test_store_find_hit(vt_store *s, vt__hit_kind kind, uint32_t arg, float *x, float *y) {
    vt__store_panels(s, false);
    for (uint32_t i = 0; i < s->hit_count; i++)
        if (s->hits[i].kind == kind && s->hits[i].arg == arg) {
            *x = s->hits[i].x + s->hits[i].w * 0.5f;
            *y = s->hits[i].y + s->hits[i].h * 0.5f;
            return true;
        }
    return false;
}
