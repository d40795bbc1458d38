/* Desktop input for the live store: keys walk and turn, the right button
   looks around, a left click inspects a product or walks to a floor point,
   a left drag turns the inspected product; clicks on panels go to them. */
#include "core/internal.h"
#include "store/store_internal.h"
#include "store/tryon.h"

#include <math.h>

#define NONE UINT32_MAX
#define LOOK_RAD_PER_PIXEL 0.0035f
#define SPIN_RAD_PER_PIXEL 0.010f
#define DRAG_PIXELS 4.0f

static int key_slot(int32_t key) {
    switch (key) {
    case 'w':
    case VT_STORE_KEY_UP:
        return VT__KEY_FWD;
    case 's':
    case VT_STORE_KEY_DOWN:
        return VT__KEY_BACK;
    case 'a':
        return VT__KEY_LEFT;
    case 'd':
        return VT__KEY_RIGHT;
    case 'q':
    case VT_STORE_KEY_LEFT:
        return VT__KEY_TURN_L;
    case 'e':
    case VT_STORE_KEY_RIGHT:
        return VT__KEY_TURN_R;
    default:
        return -1;
    }
}

bool vt_store_key(vt_store *s, int32_t key, bool down) {
    int slot = key_slot(key);
    if (slot >= 0) {
        s->keys[slot] = down;
        return true;
    }
    if (!down) return false;
    if (key == VT_STORE_KEY_ESCAPE) return vt__store_back(s);
    if (key == 'c') {
        if (s->mode == VT_STORE_CART)
            vt__store_back(s);
        else
            vt__store_open_cart(s);
        return true;
    }
    if (key == 'f' && s->mode == VT_STORE_TRYON) {
        vt_store_tryon_info info;
        vt_store_tryon(s, &info);
        vt__tryon_fitmap(s, !info.fitmap);
        return true;
    }
    if (key == VT_STORE_KEY_RETURN) {
        if (s->mode == VT_STORE_INSPECT || s->mode == VT_STORE_TRYON)
            vt__store_add(s, 1);
        else if (s->mode == VT_STORE_CART)
            vt__store_checkout(s);
        return true;
    }
    return false;
}

bool vt_store_pointer_move(vt_store *s, float x, float y) {
    float dx = x - s->px, dy = y - s->py;
    bool was_in = s->pointer_in;
    s->pointer_in = x >= 0 && y >= 0 && x < (float)s->width && y < (float)s->height;
    s->px = x, s->py = y;
    if (!was_in) return false;
    if (s->looking && s->mode == VT_STORE_WALK) {
        s->yaw -= dx * LOOK_RAD_PER_PIXEL;
        s->pitch = fmaxf(-VT__STORE_MAX_PITCH,
                         fminf(VT__STORE_MAX_PITCH, s->pitch - dy * LOOK_RAD_PER_PIXEL));
        return true;
    }
    if (s->pressing) {
        if (fabsf(x - s->press_x) + fabsf(y - s->press_y) > DRAG_PIXELS) s->dragged = true;
        if (s->dragged && s->mode == VT_STORE_TRYON) {
            vt__tryon_spin(s, dx * SPIN_RAD_PER_PIXEL);
            return true;
        }
        if (s->dragged && s->mode == VT_STORE_INSPECT) {
            s->insp_spin += dx * SPIN_RAD_PER_PIXEL;
            s->insp_tilt = fmaxf(-1.2f, fminf(1.2f, s->insp_tilt + dy * SPIN_RAD_PER_PIXEL));
            return true;
        }
    }
    return false;
}

bool vt_store_pointer_button(vt_store *s, int32_t button, bool down, float x, float y) {
    s->px = x, s->py = y;
    /* A window keeps reporting a held button outside its view: no hover
       and no click there (no walking to a point the shopper cannot see). */
    s->pointer_in = x >= 0 && y >= 0 && x < (float)s->width && y < (float)s->height;
    if (button == 3 /* VT_MOUSE_RIGHT */) {
        s->looking = down;
        return true;
    }
    if (button != 1 /* VT_MOUSE_LEFT */) return false;
    if (down) {
        s->pressing = true;
        s->dragged = false;
        s->press_x = x, s->press_y = y;
        return true;
    }
    bool click = s->pressing && !s->dragged && s->pointer_in;
    s->pressing = false;
    if (click) vt__store_click(s, x, y, false);
    return true;
}

bool vt_store_wheel(vt_store *s, float steps) {
    if (s->mode != VT_STORE_INSPECT || !(fabsf(steps) < 100)) return false;
    s->insp_zoom = fmaxf(0.3f, fminf(2.0f, s->insp_zoom * powf(0.9f, steps)));
    return true;
}

static vt_result click_hit(vt_store *s, const vt__hit *h) {
    switch (h->kind) {
    case VT__HIT_SWATCH:
        if (s->mode == VT_STORE_TRYON) return vt__tryon_variant(s, h->arg);
        return vt__store_choose_variant(s, h->arg);
    case VT__HIT_SIZE:
        return vt__store_choose_size(s, h->arg);
    case VT__HIT_ADD:
        return vt__store_add(s, 1);
    case VT__HIT_TRY_ON:
        if (!vt__tryon_possible(s, s->insp_product)) {
            vt__store_notice(s, false, "%s", vt__store_tr(s, "The fitting room is coming soon"));
            return VT_OK;
        }
        return vt__tryon_open(s);
    case VT__HIT_TRYON_SIZE:
        return vt__tryon_size(s, h->arg);
    case VT__HIT_BODY_TYPE:
        return vt__tryon_body_pick(s, (int)h->arg, -1);
    case VT__HIT_BODY_SIZE:
        return vt__tryon_body_pick(s, -1, (int)h->arg);
    case VT__HIT_FITMAP: {
        vt_store_tryon_info info;
        vt_store_tryon(s, &info);
        return vt__tryon_fitmap(s, !info.fitmap);
    }
    case VT__HIT_CLOSE:
        vt__store_back(s);
        return VT_OK;
    case VT__HIT_CART:
        return vt__store_open_cart(s);
    case VT__HIT_CHECKOUT:
        return vt__store_checkout(s);
    case VT__HIT_REMOVE:
        return vt__store_remove(s, h->arg);
    case VT__HIT_CONTINUE:
        while (vt__store_back(s)) {
        }
        return VT_OK;
    case VT__HIT_PANEL:
    case VT__HIT_NONE:
        break;
    }
    return VT_OK;
}

vt_result vt__store_click(vt_store *s, float x, float y, bool walk_now) {
    vt__store_panels(s, false); /* hit regions for the current state */
    const vt__hit *h = vt__store_hit_at(s, x, y);
    if (h) return click_hit(s, h);
    if (s->mode != VT_STORE_WALK) return VT_OK; /* a click beside a panel does nothing */
    vt_ray ray;
    vt__store_pixel_ray(s, x, y, &ray);
    float dist = 0;
    uint32_t placement = vt__world_pick(s->world, &ray, &dist);
    if (placement != NONE) return vt__store_open_inspect(s, placement);
    float xz[2];
    if (!vt__world_floor_point(s->world, &ray, xz)) return VT_OK;
    if (walk_now) {
        vt_action a = {.kind = VT_ACTION_WALK, .x = xz[0], .y = xz[1]};
        return vt_store_act(s, &a);
    }
    s->goal[0] = xz[0], s->goal[1] = xz[1];
    s->has_goal = true;
    return VT_OK;
}
