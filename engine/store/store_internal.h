/* engine/store/store_internal.h — the live store's state, shared by
   session.c (life, camera, modes, events), session_act.c (script actions),
   input.c (desktop input) and panel.c (overlay panels). Never installed. */
#ifndef VT_STORE_INTERNAL_H
#define VT_STORE_INTERNAL_H

#include "store/world.h"
#include "vitrine/store.h"
#include "vitrine/ui.h"

#define VT__STORE_WALK_SPEED 1.4f /* m/s, an unhurried shopper */
#define VT__STORE_TURN_SPEED 1.6f /* rad/s with Q/E or left/right */
#define VT__STORE_RADIUS 0.25f    /* the shopper's footprint for collisions */
#define VT__STORE_FOVY 0.96f      /* 55 degrees, vertical */
#define VT__STORE_MAX_PITCH 1.40f /* 80 degrees */
#define VT__STORE_HIT_MAX 96
#define VT__STORE_MODE_STACK 8

/* What a click on the overlay hits. */
typedef enum vt__hit_kind {
    VT__HIT_NONE = 0,
    VT__HIT_PANEL,      /* the panel's background: swallows the click */
    VT__HIT_SWATCH,     /* arg: variant index */
    VT__HIT_SIZE,       /* arg: size index */
    VT__HIT_ADD,        /* Add to cart */
    VT__HIT_TRY_ON,     /* Try on (disabled) */
    VT__HIT_CLOSE,      /* the panel's close button: back */
    VT__HIT_CART,       /* the cart button of the walk HUD */
    VT__HIT_CHECKOUT,   /* Checkout in the cart */
    VT__HIT_REMOVE,     /* arg: product index */
    VT__HIT_CONTINUE,   /* Continue shopping: back to walking */
    VT__HIT_TRYON_SIZE, /* fitting room: arg size index */
    VT__HIT_BODY_TYPE,  /* fitting room: arg 0 female, 1 male, 2 neutral, 3 own file */
    VT__HIT_BODY_SIZE,  /* fitting room: arg 0 xs .. 5 xxl */
    VT__HIT_FITMAP,     /* fitting room: fit map on / off */
} vt__hit_kind;

typedef struct vt__hit {
    float x, y, w, h;
    vt__hit_kind kind;
    uint32_t arg;
} vt__hit;

enum {
    VT__KEY_FWD,
    VT__KEY_BACK,
    VT__KEY_LEFT,
    VT__KEY_RIGHT,
    VT__KEY_TURN_L,
    VT__KEY_TURN_R,
    VT__KEY_COUNT
};

struct vt_store {
    vt_store_def *def;
    vt_renderer *renderer;
    vt__world *world;
    vt_cart *cart;
    /* Four sizes of text: an overlay has one font size. ui_small also draws
       every rectangle, first, so text of any size lies on top. NULL without
       a font: then no panels. */
    vt_overlay *ui_small, *ui_body, *ui_price, *ui_title;
    float ui_scale;
    char lang[16];
    vt_store_event_fn on_event;
    void *event_user;
    char shot_dir[VT_STORE_PATH_MAX];
    double load_budget_ms;
    uint32_t width, height;
    double time; /* simulated seconds since create */

    /* the eye */
    float pos[2]; /* x, z on the floor */
    float eye_height;
    float yaw, pitch;

    /* desktop input */
    bool keys[VT__KEY_COUNT];
    bool looking;  /* right button held: mouse look */
    bool pressing; /* left button held */
    bool dragged;  /* the press moved: a drag, not a click */
    bool pointer_in;
    float px, py, press_x, press_y;
    bool has_goal; /* walking to a clicked floor point */
    float goal[2];

    /* modes */
    vt_store_mode mode;
    vt_store_mode stack[VT__STORE_MODE_STACK];
    uint32_t depth;
    uint32_t hovered; /* placement under the pointer, UINT32_MAX if none */

    /* inspect */
    uint32_t insp_placement, insp_product, insp_variant, insp_size;
    vt_node insp_node;
    float insp_spin, insp_tilt;
    float insp_zoom; /* wheel: multiplies the distance that fits the product */

    /* a short message on the panel ("Choose a size first") */
    char notice[160];
    double notice_until;
    bool notice_is_error;

    /* overlay hit regions of the last layout */
    vt__hit hits[VT__STORE_HIT_MAX];
    uint32_t hit_count;

    /* offscreen target for screenshots */
    uint32_t shot_fbo, shot_tex, shot_w, shot_h;

    /* Inspect stage: the inspected product alone in a scene of its own, lit
       by two photographer's lights, drawn offscreen and composited over the
       dimmed store, so no rack or wall can cut through it. stage_src is the
       world's inspect node the copy was made from. */
    vt_scene *stage;
    vt_node stage_root, stage_key, stage_fill, stage_src;
    uint32_t stage_count; /* mesh instances under stage_root */
    uint32_t stage_fbo, stage_tex, stage_w, stage_h;
    uint32_t comp_prog, comp_vao;
    int32_t comp_u_tex, comp_u_dim, comp_u_has;

    struct vt__tryon *tryon; /* the fitting room (tryon.c) */
};

/* session.c */
void vt__store_view(const vt_store *s, float view[4][4], float proj[4][4]);
/* The eye's forward, right and up unit vectors. */
void vt__store_axes(const vt_store *s, float fwd[3], float right[3], float up[3]);
/* The ray through pixel x, y of the current size. */
void vt__store_pixel_ray(const vt_store *s, float x, float y, vt_ray *out);
/* World point -> pixel; false when behind the eye. */
bool vt__store_project(const vt_store *s, const float p[3], float out[2]);
uint32_t vt__store_placement_product(const vt_store *s, uint32_t placement);
void vt__store_emit(vt_store *s, const char *name, const vt_cart_line *lines, uint32_t n);
void vt__store_notice(vt_store *s, bool error, const char *fmt, ...) VT_PRINTF(3, 4);
void vt__store_push(vt_store *s, vt_store_mode m);
/* Back to the mode before; false in WALK with nothing before. */
bool vt__store_back(vt_store *s);
vt_result vt__store_open_inspect(vt_store *s, uint32_t placement);
vt_result vt__store_choose_variant(vt_store *s, uint32_t variant);
vt_result vt__store_choose_size(vt_store *s, uint32_t size);
vt_result vt__store_add(vt_store *s, uint32_t quantity);
vt_result vt__store_remove(vt_store *s, uint32_t product);
vt_result vt__store_open_cart(vt_store *s);
vt_result vt__store_checkout(vt_store *s);
/* One tick of walking towards the goal; false when no progress was made. */
bool vt__store_step_towards(vt_store *s, const float goal[2], float step);

/* input.c: a click at pixel x, y as a shopper makes it (panels first, then
   products, then the floor). walk_now: a floor click walks there at once
   (scripts) instead of setting a goal. */
vt_result vt__store_click(vt_store *s, float x, float y, bool walk_now);

/* panel.c: one layout pass of a card (draw = false only measures and records
   hit regions); the helpers below draw with the store's panel style. */
typedef struct vt__panel_ctx {
    vt_store *s;
    bool draw;
    float S; /* ui scale */
    float W, H;
    float fit_h; /* inspect card: the height its content wants (from a measuring pass) */
} vt__panel_ctx;

typedef enum vt__panel_color {
    VT__PC_CARD,
    VT__PC_INK,
    VT__PC_MUTED,
    VT__PC_FAINT,
    VT__PC_HAIRLINE,
    VT__PC_CHIP,
    VT__PC_WHITE,
    VT__PC_ACCENT,
    VT__PC_OK,
    VT__PC_ERROR,
} vt__panel_color;
const float *vt__panel_rgba(vt__panel_color c); /* sRGB, straight alpha */
float vt__panel_px(const vt__panel_ctx *c, float v);
void vt__panel_rect(vt__panel_ctx *c, float x, float y, float w, float h, const float rgba[4],
                    float r);
/* A rounded box with a 1-pixel border. */
void vt__panel_box(vt__panel_ctx *c, float x, float y, float w, float h, const float fill[4],
                   const float border[4], float r);
/* Draws (or measures) one line; returns its width. */
float vt__panel_text(vt__panel_ctx *c, vt_overlay *o, float x, float y, const char *t,
                     const float rgba[4]);
void vt__panel_hit(vt__panel_ctx *c, float x, float y, float w, float h, vt__hit_kind kind,
                   uint32_t arg);
/* Wrapped text, at most max_lines; returns the height used. */
float vt__panel_wrap(vt__panel_ctx *c, vt_overlay *o, float x, float y, float max_w, const char *t,
                     const float rgba[4], uint32_t max_lines);
void vt__panel_button(vt__panel_ctx *c, float x, float y, float w, float h, const char *label,
                      bool primary, bool enabled, vt__hit_kind kind, uint32_t arg);
void vt__panel_close_button(vt__panel_ctx *c, float x, float y);
bool vt__panel_notice_on(const vt_store *s);

/* panel.c: lays out (and with draw, draws) the overlay for the current mode,
   filling s->hits. */
void vt__store_panels(vt_store *s, bool draw);
/* The panel's word en in the store's language (zh), else en itself. */
const char *vt__store_tr(const vt_store *s, const char *en);
/* The overlay region at x, y, or NULL. */
const vt__hit *vt__store_hit_at(const vt_store *s, float x, float y);

#endif
