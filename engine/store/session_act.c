/* Script actions on the live store (vt_store_act): each does what a shopper
   would do with the mouse, through the same picking, so a script exercises
   the interactive paths. */
#include "core/internal.h"
#include "store/store_internal.h"
#include "store/tryon.h"

#include "vitrine/core.h"

#include <math.h>
#include <time.h>

#define NONE UINT32_MAX
#define TICK (1.0 / 30.0)
#define LOAD_TIMEOUT_S 120.0

static const char *product_id(const vt_store *s, uint32_t product) {
    return product < s->def->product_count ? s->def->products[product].id : "?";
}

static uint32_t find_product(const vt_store *s, const char *id) {
    return vt_store_def_find_product(s->def, id);
}

/* Sample points inside the placement's bounds, centre first, then spread out
   so thin or open shapes (a lamp, a rack) are found too. */
static uint32_t sample_points(const vt_aabb *b, float out[][3], uint32_t cap) {
    static const float f[][3] = {
        {0.5f, 0.5f, 0.5f},  {0.5f, 0.7f, 0.5f},  {0.5f, 0.3f, 0.5f},  {0.3f, 0.5f, 0.5f},
        {0.7f, 0.5f, 0.5f},  {0.5f, 0.5f, 0.7f},  {0.5f, 0.5f, 0.3f},  {0.5f, 0.85f, 0.5f},
        {0.5f, 0.15f, 0.5f}, {0.3f, 0.3f, 0.5f},  {0.7f, 0.3f, 0.5f},  {0.3f, 0.7f, 0.5f},
        {0.7f, 0.7f, 0.5f},  {0.15f, 0.5f, 0.5f}, {0.85f, 0.5f, 0.5f}, {0.5f, 0.5f, 0.85f},
        {0.5f, 0.5f, 0.15f},
    };
    uint32_t n = 0;
    for (uint32_t i = 0; i < VT_COUNTOF(f) && n < cap; i++, n++)
        for (int k = 0; k < 3; k++) out[n][k] = b->min[k] + (b->max[k] - b->min[k]) * f[i][k];
    return n;
}

/* A pixel where a click picks `placement` from here (its projected centre
   when that hits it); false if none of the sample points does. */
static bool visible_pixel(const vt_store *s, uint32_t placement, float px[2], float at[3]) {
    vt_aabb b;
    if (!vt__world_placement_bounds(s->world, placement, &b)) return false;
    float pts[24][3];
    uint32_t n = sample_points(&b, pts, 24);
    for (uint32_t i = 0; i < n; i++) {
        float q[2];
        if (!vt__store_project(s, pts[i], q)) continue;
        if (q[0] < 0 || q[1] < 0 || q[0] >= (float)s->width || q[1] >= (float)s->height) continue;
        vt_ray ray;
        vt__store_pixel_ray(s, q[0], q[1], &ray);
        uint32_t hit = vt__world_pick(s->world, &ray, NULL);
        if (hit != NONE &&
            vt__store_placement_product(s, hit) == vt__store_placement_product(s, placement)) {
            px[0] = q[0], px[1] = q[1];
            if (at) memcpy(at, pts[i], sizeof pts[i]);
            return true;
        }
    }
    return false;
}

/* Placements of the product, nearest first (at most cap). */
static uint32_t placements_of(const vt_store *s, uint32_t product, uint32_t *out, uint32_t cap) {
    uint32_t n = 0;
    float dist[64];
    for (uint32_t i = 0; i < s->def->placement_count && n < cap && n < 64; i++) {
        if (s->def->placements[i].product != product) continue;
        const float *p = s->def->placements[i].position;
        float dx = p[0] - s->pos[0], dz = p[2] - s->pos[1], d = dx * dx + dz * dz;
        uint32_t k = n++;
        while (k > 0 && dist[k - 1] > d) out[k] = out[k - 1], dist[k] = dist[k - 1], k--;
        out[k] = i, dist[k] = d;
    }
    return n;
}

static void face_point(vt_store *s, const float p[3]) {
    float dx = p[0] - s->pos[0], dy = p[1] - s->eye_height, dz = p[2] - s->pos[1];
    float h = sqrtf(dx * dx + dz * dz);
    if (h > 1e-4f) s->yaw = atan2f(-dx, -dz);
    float pitch = atan2f(dy, h > 1e-4f ? h : 1e-4f);
    s->pitch = fmaxf(-VT__STORE_MAX_PITCH, fminf(VT__STORE_MAX_PITCH, pitch));
}

static void settle(vt_store *s) {
    vt_store_update(s, 0);
}

static vt_result act_load(vt_store *s) {
    double start = vt_time_now();
    for (;;) {
        vt_store_update(s, 0);
        /* failed models count as pending for good */
        if (vt__world_pending(s->world) <= vt__world_failed(s->world)) return VT_OK;
        if (vt_time_now() - start > LOAD_TIMEOUT_S)
            return vt__fail(VT_ERR_LIMIT, "%u product models still loading after %.0f s",
                            vt__world_pending(s->world), LOAD_TIMEOUT_S);
        nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
    }
}

static vt_result act_walk(vt_store *s, float x, float z) {
    if (s->mode != VT_STORE_WALK)
        return vt__fail(VT_ERR_INVALID, "cannot walk while a panel is open (back first)");
    float goal[2] = {x, z};
    float dx = x - s->pos[0], dz = z - s->pos[1];
    float d = sqrtf(dx * dx + dz * dz);
    if (d < 1e-3f) return VT_OK;
    s->yaw = atan2f(-dx, -dz); /* people face where they go */
    float step = VT__STORE_WALK_SPEED * (float)TICK;
    uint32_t max_ticks = (uint32_t)(d / step) * 3 + 10;
    for (uint32_t i = 0; i < max_ticks; i++) {
        bool moved = vt__store_step_towards(s, goal, step);
        vt_store_update(s, TICK);
        if (!moved) break;
    }
    return VT_OK;
}

static vt_result act_look(vt_store *s, const char *id) {
    uint32_t product = find_product(s, id);
    if (product == NONE) return vt__fail(VT_ERR_INVALID, "no product '%s' in the catalog", id);
    uint32_t pls[16];
    uint32_t n = placements_of(s, product, pls, 16);
    if (!n) return vt__fail(VT_ERR_INVALID, "%s is not placed in the store", id);
    float yaw = s->yaw, pitch = s->pitch;
    bool loaded = false;
    for (uint32_t i = 0; i < n; i++) {
        vt_aabb b;
        if (!vt__world_placement_bounds(s->world, pls[i], &b)) continue;
        loaded = true;
        float c[3];
        vt_aabb_center(&b, c);
        face_point(s, c);
        float px[2], at[3];
        if (!visible_pixel(s, pls[i], px, at)) continue;
        /* Centre the part that shows (the centre of a headphone's bounds is
           air), so a pointer in the middle of the view rests on it. */
        face_point(s, at);
        vt_ray ray;
        vt__store_pixel_ray(s, 0.5f * (float)s->width, 0.5f * (float)s->height, &ray);
        if (vt__store_placement_product(s, vt__world_pick(s->world, &ray, NULL)) != product)
            face_point(s, c);
        return VT_OK;
    }
    s->yaw = yaw, s->pitch = pitch;
    if (!loaded) return vt__fail(VT_ERR_INVALID, "%s has not loaded (its model failed?)", id);
    return vt__fail(VT_ERR_INVALID, "%s is not visible from (%.2f, %.2f): something is in the way",
                    id, (double)s->pos[0], (double)s->pos[1]);
}

static vt_result act_click(vt_store *s, const char *id) {
    uint32_t product = find_product(s, id);
    if (product == NONE) return vt__fail(VT_ERR_INVALID, "no product '%s' in the catalog", id);
    if (s->mode != VT_STORE_WALK && s->mode != VT_STORE_INSPECT)
        return vt__fail(VT_ERR_INVALID, "cannot click %s while the %s is open (back first)", id,
                        s->mode == VT_STORE_CART ? "cart" : "checkout");
    if (s->mode == VT_STORE_INSPECT) vt__store_back(s);
    uint32_t pls[16];
    uint32_t n = placements_of(s, product, pls, 16);
    if (!n) return vt__fail(VT_ERR_INVALID, "%s is not placed in the store", id);
    for (uint32_t i = 0; i < n; i++) {
        float px[2];
        if (!visible_pixel(s, pls[i], px, NULL)) continue;
        vt_result r = vt__store_click(s, px[0], px[1], true);
        if (r != VT_OK) return r;
        if (vt_store_inspected(s) != product)
            return vt__fail(VT_ERR_INVALID, "a click on %s at (%.0f, %.0f) opened %s", id,
                            (double)px[0], (double)px[1], product_id(s, vt_store_inspected(s)));
        return VT_OK;
    }
    return vt__fail(VT_ERR_INVALID, "%s is not visible in the view (look %s first)", id, id);
}

static vt_result act_variant(vt_store *s, const char *vid) {
    if (s->mode == VT_STORE_TRYON) {
        const vt_product *p = &s->def->products[s->insp_product];
        uint32_t v = vt_product_find_variant(p, vid);
        if (v == NONE) return vt__fail(VT_ERR_INVALID, "%s has no variant '%s'", p->id, vid);
        return vt__tryon_variant(s, v);
    }
    if (s->mode != VT_STORE_INSPECT)
        return vt__fail(VT_ERR_INVALID, "no product is inspected (click one first)");
    const vt_product *p = &s->def->products[s->insp_product];
    uint32_t v = vt_product_find_variant(p, vid);
    if (v == NONE) return vt__fail(VT_ERR_INVALID, "%s has no variant '%s'", p->id, vid);
    return vt__store_choose_variant(s, v);
}

static vt_result act_size(vt_store *s, const char *label) {
    if (s->mode != VT_STORE_INSPECT && s->mode != VT_STORE_TRYON)
        return vt__fail(VT_ERR_INVALID, "no product is inspected (click one first)");
    const vt_product *p = &s->def->products[s->insp_product];
    if (!p->size_count) return vt__fail(VT_ERR_INVALID, "%s has no sizes", p->id);
    uint32_t z = vt_product_find_size(p, label);
    if (z == NONE) {
        char list[160] = "";
        for (uint32_t i = 0; i < p->size_count; i++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", i ? " " : "", p->sizes[i]);
        }
        return vt__fail(VT_ERR_INVALID, "%s has no size '%s' (sizes: %s)", p->id, label, list);
    }
    if (s->mode == VT_STORE_TRYON) return vt__tryon_size(s, z);
    return vt__store_choose_size(s, z);
}

/* tryon ID: inspect the product (its nearest placement, as if the shopper
   walked over) and press Try on. */
static vt_result act_tryon(vt_store *s, const char *id) {
    uint32_t product = find_product(s, id);
    if (product == NONE) return vt__fail(VT_ERR_INVALID, "no product '%s' in the catalog", id);
    if (!vt__tryon_possible(s, product))
        return vt__fail(VT_ERR_INVALID, "%s cannot be tried on (%s)", id,
                        s->def->fitting_room.present ? "no garment in the catalog"
                                                     : "the store has no fitting room");
    if (s->mode == VT_STORE_TRYON && s->insp_product == product) return VT_OK;
    uint32_t pl;
    if (!placements_of(s, product, &pl, 1))
        return vt__fail(VT_ERR_INVALID, "%s is not placed in the store", id);
    while (s->mode != VT_STORE_WALK && vt__store_back(s)) {
    }
    vt_result r = vt__store_open_inspect(s, pl);
    return r == VT_OK ? vt__tryon_open(s) : r;
}

vt_result vt_store_act(vt_store *s, const vt_action *a) {
    VT_ASSERT(s && a);
    vt_result r = VT_OK;
    switch (a->kind) {
    case VT_ACTION_NONE:
        break;
    case VT_ACTION_LOAD:
        r = act_load(s);
        break;
    case VT_ACTION_WALK:
        r = act_walk(s, a->x, a->y);
        break;
    case VT_ACTION_LOOK:
        if (s->mode != VT_STORE_WALK)
            return vt__fail(VT_ERR_INVALID, "cannot look around while a panel is open");
        r = act_look(s, a->arg);
        break;
    case VT_ACTION_CLICK:
        r = act_click(s, a->arg);
        break;
    case VT_ACTION_VARIANT:
        r = act_variant(s, a->arg);
        break;
    case VT_ACTION_SIZE:
        r = act_size(s, a->arg);
        break;
    case VT_ACTION_ADD: {
        float q = a->x;
        if (q < 0 || q > 999 || q != floorf(q))
            return vt__fail(VT_ERR_INVALID, "add wants a whole quantity 1..999");
        r = vt__store_add(s, (uint32_t)q);
        break;
    }
    case VT_ACTION_REMOVE: {
        uint32_t product = find_product(s, a->arg);
        if (product == NONE)
            return vt__fail(VT_ERR_INVALID, "no product '%s' in the catalog", a->arg);
        r = vt__store_remove(s, product);
        break;
    }
    case VT_ACTION_CART:
        r = vt__store_open_cart(s);
        break;
    case VT_ACTION_CHECKOUT:
        r = vt__store_checkout(s);
        break;
    case VT_ACTION_BACK:
        if (!vt__store_back(s))
            return vt__fail(VT_ERR_INVALID, "nothing to go back from (already walking)");
        break;
    case VT_ACTION_WAIT: {
        if (!(a->x >= 0) || a->x > 3600)
            return vt__fail(VT_ERR_INVALID, "wait wants 0..3600 seconds");
        for (double t = 0; t < a->x; t += TICK) vt_store_update(s, TICK);
        break;
    }
    case VT_ACTION_SHOT: {
        char path[VT_STORE_PATH_MAX + 160];
        snprintf(path, sizeof path, "%s/%s.png", s->shot_dir, a->arg);
        settle(s);
        r = vt_store_screenshot(s, path);
        break;
    }
    case VT_ACTION_TRYON:
        r = act_tryon(s, a->arg);
        break;
    case VT_ACTION_BODY:
        r = vt__tryon_body(s, a->arg);
        break;
    case VT_ACTION_FITMAP:
        r = vt__tryon_fitmap(s, !strcmp(a->arg, "on"));
        break;
    case VT_ACTION_WAIT_DRAPE:
        r = vt__tryon_wait(s);
        break;
    case VT_ACTION_TURN:
        if (s->mode != VT_STORE_WALK)
            return vt__fail(VT_ERR_INVALID, "cannot turn while a panel is open");
        s->yaw += a->x * 0.017453292f;
        break;
    case VT_ACTION_POINT:
    case VT_ACTION_TAP:
        if (a->x < 0 || a->y < 0 || a->x >= (float)s->width || a->y >= (float)s->height)
            return vt__fail(VT_ERR_INVALID, "(%g, %g) is outside the %ux%u view", (double)a->x,
                            (double)a->y, s->width, s->height);
        s->pointer_in = true;
        s->px = a->x, s->py = a->y;
        if (a->kind == VT_ACTION_TAP) r = vt__store_click(s, a->x, a->y, true);
        break;
    }
    if (r == VT_OK) settle(s);
    return r;
}
