/* vitrine/store.h — the storefront: catalog, store layout, cart, ecommerce
   events, shopper scripts, and the live store a shopper walks.

   What it does:
   - vt_store_def_load() reads a store.json and the catalog.json it names into
     one owning root (cgltf style): products with localised text, prices in
     minor units, colour variants (material overrides or KHR_materials_variants
     names), apparel sizes; the room, fixtures, signs, lights, product
     placements and the fitting room. Every error names the file, line, column
     and JSON path of the first bad value ("catalog.json:12:17: products[3].price
     .currency: 'EUR' expected (the catalog currency), got 'USD'"). With
     .lenient, broken products and placements are left out and listed in
     vt_store_def.issues instead.
   - vt_cart and vt_events: the cart and GA4 ecommerce events (view_item,
     select_item, add_to_cart, remove_from_cart, view_cart, begin_checkout)
     as one JSON object per line, delivered to a callback.
   - vt_script_load(): the plain-text shopper script (one action a line).
   - vt_store (the live store, see the second half): builds the scene, loads
     product models asynchronously, walks, picks, inspects, draws panels.

   Handles: products, variants and placements are indices into the arrays of
   their vt_store_def (uint32_t); UINT32_MAX = none.

   Ownership: vt_store_def_load / vt_store_def_free, vt_script_load /
   vt_script_free, vt_cart_create / vt_cart_destroy, vt_store_create /
   vt_store_destroy come in pairs. Strings inside a vt_store_def belong to it.

   Errors: VT_ERR_IO (a file cannot be read; a product's model file is
   missing), VT_ERR_PARSE (malformed JSON or a wrong value), VT_ERR_LIMIT (too
   big). The message is one line: "FILE:LINE:COLUMN: JSON.PATH: cause", FILE
   as opened (the store path joined with the catalog's relative name). Lines
   and columns are 1-based and columns count UTF-8 characters, not bytes. A
   missing field is placed at the object that lacks it; a JSON syntax error
   reads "FILE:LINE:COLUMN: cause" with jansson's column, which points at the
   last character of the offending token. Duplicate keys are syntax errors.
   Fields we do not know are ignored (newer files open in older builds).
   Limits: 64 MiB per file, nesting 32 deep, 8 million values per file, 4096
   bytes per text, 1..8 variants, 8 lights, 32 windows, 4096 fixtures, 256
   signs, 200000 placements; prices up to 10^15 minor units, written as a
   plain decimal (a JSON number or a string; no exponent) with at most the
   currency's digits.

   Example:
       vt_store_def *def;
       if (vt_store_def_load("assets/demo/store.json", NULL, &def) != VT_OK) {
           fprintf(stderr, "%s\n", vt_last_error());
           return 2;
       }
       const vt_product *p = &def->products[0];
       char price[32];
       vt_money_format(p->price, "zh", price, sizeof price);
       printf("%s %s\n", vt_text_get(&p->title, "zh"), price);
       vt_store_def_free(def);
*/
#ifndef VITRINE_STORE_H
#define VITRINE_STORE_H

#include "vitrine/base.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VT_STORE_ID_MAX 64 /* ids: 1..63 bytes of [A-Za-z0-9._-] */
#define VT_STORE_PATH_MAX 512

/* ---- localised text and money ------------------------------------------ */

/* Localised text: in files either "a string" (language "") or an object of
   language tags {"en": "...", "zh": "..."}. */
typedef struct vt_text_item {
    char lang[16];
    char *text; /* UTF-8 */
} vt_text_item;

typedef struct vt_text {
    vt_text_item *items;
    uint32_t count;
} vt_text;

/* The text for lang; else its primary subtag ("zh" for "zh-CN"); else "en";
   else the first item; "" when there is none. Never NULL. */
VT_API const char *vt_text_get(const vt_text *t, const char *lang);

/* An amount in minor units of an ISO 4217 currency (cents for EUR). */
typedef struct vt_money {
    int64_t minor;
    char currency[4]; /* "EUR" */
} vt_money;

/* Digits after the decimal point of an ISO 4217 code (2 for EUR, 0 for JPY),
   or -1 for a code we do not know. */
VT_API int vt_currency_digits(const char *currency);
/* Formats for display in a language: "en" -> "€24.90", "$1,299.00",
   "CHF 24.90"; "de" -> "1.299,00 €"; "fr" -> "1 299,00 €"; "nl" -> "€ 1.299,00";
   "zh" -> "€1,299.00", "¥199.00" (CNY), "JP¥1,299"; JPY and KRW have no
   decimals. The spaces are U+00A0 (no-break); NULL lang is "en"; an unknown
   code prints itself as the symbol. Truncates to out_size. Returns out. */
VT_API char *vt_money_format(vt_money m, const char *lang, char *out, size_t out_size);
/* The amount as a decimal number for events ("24.9" -> 24.9). */
VT_API double vt_money_value(vt_money m);

/* ---- catalog ------------------------------------------------------------ */

enum {
    VT_OVERRIDE_BASE_COLOR = 1u << 0,
    VT_OVERRIDE_METALLIC = 1u << 1,
    VT_OVERRIDE_ROUGHNESS = 1u << 2,
    VT_OVERRIDE_SHEEN_COLOR = 1u << 3,
    VT_OVERRIDE_EMISSIVE = 1u << 4,
};

/* What a colour variant changes in one material of the model. In files:
   "materials": {"Leather": {"base_color": "#7A4B2A", "roughness": 0.45}}.
   Colours are sRGB hex or [r, g, b(, a)] in 0..1 sRGB; stored linear here. */
typedef struct vt_material_override {
    char material[64];   /* material name in the model; "*" = every material */
    uint32_t fields;     /* VT_OVERRIDE_* bits */
    float base_color[4]; /* linear */
    float metallic, roughness;
    float sheen_color[3]; /* linear */
    float emissive[3];    /* linear */
} vt_material_override;

typedef struct vt_variant {
    char id[VT_STORE_ID_MAX];
    vt_text title;
    float color[3];         /* swatch colour, sRGB 0..1 */
    char model_variant[64]; /* a KHR_materials_variants name in the model, or "" */
    vt_material_override *overrides;
    uint32_t override_count;
} vt_variant;

typedef struct vt_product {
    char id[VT_STORE_ID_MAX];
    char kind[32]; /* "tshirt", "dress", "trousers", "shoes", "bag", "hat", "eyewear", "mug",
                      "vase", "bottle", "lamp", "headphones", ... */
    vt_text title, description, material;
    char brand[64];
    char gtin[16]; /* "" if none */
    vt_money price;
    char model[VT_STORE_PATH_MAX];   /* resolved against the catalog's folder */
    char garment[VT_STORE_PATH_MAX]; /* garment.json, resolved; "" if none */
    /* The garment read from it (vitrine/fit.h), NULL if none. */
    struct vt_garment_spec *garment_spec;
    vt_variant *variants; /* at least one */
    uint32_t variant_count;
    char (*sizes)[16]; /* apparel: size labels in order; NULL otherwise */
    uint32_t size_count;
} vt_product;

/* ---- layout ------------------------------------------------------------- */

typedef struct vt_store_window {
    uint32_t wall; /* 0 north (-Z), 1 east (+X), 2 south (+Z), 3 west (-X) */
    float offset;  /* metres from the wall's centre along it */
    float width, sill, height;
} vt_store_window;

typedef struct vt_store_room {
    float width, depth, height; /* metres; the room spans x in [-w/2, w/2], z in [-d/2, d/2] */
    float floor_color[3];       /* sRGB 0..1 */
    float wall_color[3];
    char floor_material[32]; /* "oak", "terrazzo", "concrete" or "" */
    vt_store_window *windows;
    uint32_t window_count;
} vt_store_room;

typedef struct vt_store_fixture {
    char id[VT_STORE_ID_MAX];
    char model[VT_STORE_PATH_MAX]; /* resolved against the store's folder */
    float position[3];
    float yaw;    /* radians about +Y */
    bool collide; /* the shopper cannot walk through its footprint */
} vt_store_fixture;

typedef struct vt_store_sign {
    vt_text text;
    float position[3]; /* centre of the text */
    float yaw;
    float height;   /* letter height, metres */
    float color[3]; /* sRGB 0..1 */
} vt_store_sign;

typedef struct vt_store_light {
    uint32_t type; /* as vt_light_type in scene.h */
    float position[3];
    float target[3];
    float color[3]; /* linear */
    float intensity;
    float cone; /* radians, outer cone of a spot */
    bool cast_shadow;
} vt_store_light;

typedef struct vt_store_placement {
    uint32_t product;  /* index into products */
    uint32_t variant;  /* index into the product's variants (the one shown first) */
    float position[3]; /* where the model's bounds' bottom centre stands */
    float yaw;
    float scale; /* 1 = true scale */
} vt_store_placement;

typedef struct vt_fitting_room {
    bool present;
    float position[3]; /* where the avatar stands */
    float yaw;
    float mirror_position[3];
    float mirror_yaw;
    float mirror_size[2]; /* width, height */
} vt_fitting_room;

typedef struct vt_store_def {
    char path[VT_STORE_PATH_MAX];         /* store.json */
    char catalog_path[VT_STORE_PATH_MAX]; /* catalog.json, resolved */
    vt_text name;
    char currency[4];
    vt_product *products;
    uint32_t product_count;
    vt_store_room room;
    float spawn[3]; /* eye position x, height above floor, z */
    float spawn_yaw;
    vt_store_fixture *fixtures;
    uint32_t fixture_count;
    vt_store_sign *signs;
    uint32_t sign_count;
    vt_store_light *lights;
    uint32_t light_count;
    float env_intensity; /* studio environment strength, 1 default */
    vt_store_placement *placements;
    uint32_t placement_count;
    vt_fitting_room fitting_room;
    char **issues; /* lenient: one line per entry left out ("FILE:L:C: PATH: cause") */
    uint32_t issue_count;
} vt_store_def;

/* vt_store_def_desc: zero fields take defaults.
     .lenient           false: the first error fails the load. true: a broken
                        product (any bad field, its variants' included), light,
                        fixture, sign or placement is left out (and so are the
                        placements naming a left-out product), its message
                        appended to .issues; the room, the files' structure and
                        the catalog currency must still be right
     .skip_model_check  false: product and fixture model files must exist
     .max_products      100000                                                 */
typedef struct vt_store_def_desc {
    bool lenient;
    bool skip_model_check;
    uint32_t max_products;
} vt_store_def_desc;

VT_API vt_result vt_store_def_load(const char *store_json, const vt_store_def_desc *desc,
                                   vt_store_def **out);
VT_API void vt_store_def_free(vt_store_def *def); /* NULL is fine */
/* Index of the product with id, or UINT32_MAX. */
VT_API uint32_t vt_store_def_find_product(const vt_store_def *def, const char *id);
/* Index of the variant with id in product p, or UINT32_MAX. */
VT_API uint32_t vt_product_find_variant(const vt_product *p, const char *id);
/* Index of the size label in product p, or UINT32_MAX. */
VT_API uint32_t vt_product_find_size(const vt_product *p, const char *label);

/* ---- cart and events ---------------------------------------------------- */

/* Receives each event: its GA4 name and the whole JSON object (one line,
   no newline). Both strings are borrowed for the call. */
typedef void (*vt_store_event_fn)(void *user, const char *name, const char *json);

typedef struct vt_cart_line {
    uint32_t product;
    uint32_t variant;
    uint32_t size; /* index into the product's sizes; UINT32_MAX if none */
    uint32_t quantity;
} vt_cart_line;

typedef struct vt_cart vt_cart;

VT_API vt_result vt_cart_create(const vt_store_def *def, vt_cart **out); /* def borrowed */
VT_API void vt_cart_destroy(vt_cart *c);                                 /* NULL is fine */
/* Adds quantity of one product/variant/size (merging with an equal line). */
VT_API vt_result vt_cart_add(vt_cart *c, uint32_t product, uint32_t variant, uint32_t size,
                             uint32_t quantity);
/* Removes every line of the product; VT_ERR_INVALID if none was in the cart. */
VT_API vt_result vt_cart_remove_product(vt_cart *c, uint32_t product);
VT_API uint32_t vt_cart_lines(const vt_cart *c, const vt_cart_line **out);
VT_API vt_money vt_cart_total(const vt_cart *c);

/* The GA4 event JSON for name with the given items (value = sum of price x
   quantity in major units, currency = the catalog's). Each item carries
   item_id, item_name (English title), item_brand, item_category (kind),
   item_variant (variant id), price, quantity, and item_size when there is one.
   Returns a malloc'd string the caller frees. */
VT_API char *vt_event_json(const vt_store_def *def, const char *name, const vt_cart_line *items,
                           uint32_t item_count);

/* ---- shopper scripts ---------------------------------------------------- */

typedef enum vt_action_kind {
    VT_ACTION_NONE = 0,
    VT_ACTION_WALK,       /* walk X Z */
    VT_ACTION_LOOK,       /* look ID */
    VT_ACTION_CLICK,      /* click ID */
    VT_ACTION_VARIANT,    /* variant VID */
    VT_ACTION_SIZE,       /* size LABEL */
    VT_ACTION_ADD,        /* add [QUANTITY] */
    VT_ACTION_REMOVE,     /* remove ID */
    VT_ACTION_CART,       /* cart */
    VT_ACTION_CHECKOUT,   /* checkout */
    VT_ACTION_BACK,       /* back */
    VT_ACTION_WAIT,       /* wait SECONDS */
    VT_ACTION_SHOT,       /* shot NAME */
    VT_ACTION_TURN,       /* turn DEGREES (positive = left) */
    VT_ACTION_POINT,      /* point X Y: move the pointer to pixel x, y (hover) */
    VT_ACTION_TAP,        /* tap X Y: click at pixel x, y */
    VT_ACTION_LOAD,       /* load: wait until every product model is loaded */
    VT_ACTION_TRYON,      /* tryon ID: inspect the product and try it on */
    VT_ACTION_BODY,       /* body PRESET|PATH: the fitting room's body (female-m, ..., a file) */
    VT_ACTION_FITMAP,     /* fitmap on|off */
    VT_ACTION_WAIT_DRAPE, /* wait drape: until the fitting room's drape is done */
} vt_action_kind;

typedef struct vt_action {
    vt_action_kind kind;
    uint32_t line; /* 1-based line in the script */
    char arg[128]; /* id, label or name */
    float x, y;    /* walk: x, z; point/tap: pixels; wait: seconds; turn: degrees; add: quantity */
} vt_action;

typedef struct vt_script {
    char path[VT_STORE_PATH_MAX];
    vt_action *actions;
    uint32_t action_count;
} vt_script;

/* Parses a script; an unknown action or a bad argument fails with
   "FILE:LINE: cause". */
VT_API vt_result vt_script_load(const char *path, vt_script **out);
VT_API vt_result vt_script_parse(const char *name, const char *text, vt_script **out);
VT_API void vt_script_free(vt_script *s); /* NULL is fine */

/* ---- the live store (runtime) ------------------------------------------- */
/* vt_store: a store a shopper walks, on the thread whose GL context is current.

   What it does: loads the store definition (vt_store_def_load), builds the
   world (room, fixtures, signs, lights; product models load on job threads
   and appear as they arrive) and runs the shopper's session in four modes:
   - WALK: eye height from the store's spawn, 1.4 m/s, walls and colliding
     fixtures stop the shopper. The product under the pointer gets corner
     brackets and a label with its name and price.
   - INSPECT (a click on a product): the product floats before the eye at true
     scale, turning with a left drag; a panel shows title, brand, price,
     description, colour swatches, sizes (apparel), "Add to cart" and "Try
     on" (enabled when the product has a garment and the store a fitting
     room). The placement in the store is hidden meanwhile. The
     product stands on a stage of its own: drawn alone (its own scene, a key
     and a fill light, no shadows) over the store, which is dimmed, so no
     rack, wall or other product can cut through or hide it; no outline.
   - TRYON ("Try on"): the eye stands before the fitting room's avatar, a
     mannequin of desc.body (or a preset from desc.bodies_dir, female-m
     first) wearing the product's garment in the inspected colour and size
     (the recommended size when none was chosen), the mirror behind showing
     its back. Body and drape run on a job thread of the store's own; the
     panel shows the drape's progress, then the size advice, ease per region
     and hem, size chips (a click redrapes), body presets, colours, the fit
     map switch (F) with its legend, Add to cart and Back; a left drag turns
     the avatar. Esc returns to
     INSPECT and puts the eye back. vt_store_tryon() tells the state.
   - CART: the cart's lines, quantities, line prices, the total, "Checkout".
   - CHECKOUT: the order summary after begin_checkout.
   CART and CHECKOUT dim the store behind their card. The store renders at
   -0.4 EV under PBR Neutral (its lit walls and pale floor otherwise wash
   out).
   Esc (or vt_action BACK) returns to the mode before.
   Events (GA4 ecommerce, see FORMAT.md) go to desc.on_event: select_item and
   view_item when inspect opens, add_to_cart, remove_from_cart, view_cart,
   begin_checkout, and the custom try_on when the fitting room opens.

   Input (desktop): keys as vt_event.key in platform.h (lower-case ASCII,
   else SDL keycodes; VT_STORE_KEY_* below). W/A/S/D or arrows walk, Q/E turn,
   mouse look while the right button is held, a left click on the floor walks
   there, a left click on a product inspects it (a left drag turns it, the
   wheel brings it nearer), C opens the cart, Enter adds to it, Esc goes
   back (vt_store_key returns false for an Esc in WALK mode: the host may
   quit).

   Scripts: vt_store_act() performs one vt_action (see vt_script_load). It
   fails with a one-line cause (no file or line: the caller prefixes
   "SCRIPT:LINE: ") when the action cannot be done: unknown id, product not
   loaded or not visible, no size chosen for apparel, empty cart, ... A walk
   that is blocked is not an error: the shopper stops where blocked, and
   vt_store_camera tells where that is. SHOT writes desc.shot_dir/NAME.png.

   Time: vt_store_update(dt) advances the session by dt seconds (walking,
   turning), uploads finished model loads within desc.load_budget_ms and
   shows a finished drape. WAIT_DRAPE blocks (up to 600 s of wall clock)
   until the drape is done, so a script's try-on is deterministic.
   Scripts advance simulated time (walk, wait), never the wall clock.

   Threads: create, use and destroy on the thread whose GL context is
   current. The event callback runs on that thread, inside the call that
   caused the event.

   Ownership: vt_store_create / vt_store_destroy. Strings in the desc are
   copied. vt_store_get_def() and vt_store_get_cart() are borrowed until
   vt_store_destroy().

   Errors: vt_store_create fails as vt_store_def_load (the message names the
   file, line, column and JSON path), or with VT_ERR_NO_GPU / VT_ERR_GPU when
   the renderer cannot start; a missing font only leaves out the panels (a
   warning is logged).

   Example (headless preview):
       vt_headless *gl; vt_headless_create(&gl);
       vt_store *st;
       if (vt_store_create(&(vt_store_desc){.path = "store.json", .lang = "zh"}, &st) != VT_OK) {
           fprintf(stderr, "%s\n", vt_last_error());
           return 2;
       }
       vt_store_act(st, &(vt_action){.kind = VT_ACTION_LOAD});
       vt_store_act(st, &(vt_action){.kind = VT_ACTION_CLICK, .arg = "tee-organic"});
       vt_store_screenshot(st, "inspect.png");
       vt_store_destroy(st);
       vt_headless_destroy(gl);
*/

typedef struct vt_store vt_store;

typedef enum vt_store_mode {
    VT_STORE_WALK = 0,
    VT_STORE_INSPECT,
    VT_STORE_CART,
    VT_STORE_CHECKOUT,
    VT_STORE_TRYON,
} vt_store_mode;

/* Keys as platform.h delivers them (SDL keycodes for the ones that are not
   ASCII). */
enum {
    VT_STORE_KEY_ESCAPE = 27,
    VT_STORE_KEY_RETURN = 13,
    VT_STORE_KEY_RIGHT = 0x4000004F,
    VT_STORE_KEY_LEFT = 0x40000050,
    VT_STORE_KEY_DOWN = 0x40000051,
    VT_STORE_KEY_UP = 0x40000052,
};

/* vt_store_desc: zero fields take defaults.
     .path            required: the store.json
     .lang            "en": catalog language for titles, prices and signs
     .lenient         false: true leaves broken products and placements out
                      (listed in vt_store_get_def()->issues)
     .on_event        NULL: receives every GA4 event
     .event_user      NULL: passed to on_event
     .width, .height  1280 x 720: the view until vt_store_render says otherwise
                      (scripts pick and shoot at this size)
     .ui_scale        1: panel and text scale (2 on a high-DPI display)
     .shot_dir        ".": where SHOT actions write NAME.png
     .load_threads    0: cores - 1, min 1
     .load_budget_ms  30: GPU upload time per update while models arrive
     .body            NULL: the shopper's body.json for the fitting room (read
                      at create: a bad file fails it); NULL starts with the
                      preset female-m
     .bodies_dir      NULL: the folder of the body presets (female-xs.json ..
                      neutral-xxl.json); NULL = "bodies" beside the store's
                      folder (assets/bodies for assets/demo, share/vitrine/
                      bodies when installed)
     .tryon_draft     false: true drapes coarse garments (about 1500 cloth
                      vertices, at most 60 frames): previews and tests        */
typedef struct vt_store_desc {
    const char *path;
    const char *lang;
    bool lenient;
    vt_store_event_fn on_event;
    void *event_user;
    uint32_t width, height;
    float ui_scale;
    const char *shot_dir;
    uint32_t load_threads;
    double load_budget_ms;
    const char *body;
    const char *bodies_dir;
    bool tryon_draft;
} vt_store_desc;

VT_API vt_result vt_store_create(const vt_store_desc *desc, vt_store **out);
VT_API void vt_store_destroy(vt_store *s); /* NULL is fine; waits for running loads */

VT_API const vt_store_def *vt_store_get_def(const vt_store *s);
VT_API const vt_cart *vt_store_get_cart(const vt_store *s);

/* Per frame: advance dt seconds, then draw width x height into the GL
   framebuffer target (0 = the window's) - the 3D view and the panels. */
VT_API void vt_store_update(vt_store *s, double dt);
VT_API vt_result vt_store_render(vt_store *s, uint32_t width, uint32_t height, uint32_t target);

/* Desktop input. Positions in pixels of the last rendered size, origin top
   left. Each returns true when the store used the input. */
VT_API bool vt_store_key(vt_store *s, int32_t key, bool down);
VT_API bool vt_store_pointer_move(vt_store *s, float x, float y);
VT_API bool vt_store_pointer_button(vt_store *s, int32_t button, bool down, float x, float y);
/* Wheel steps (positive = away from the user): bring the inspected product
   nearer or farther (0.35 .. 2.5 m). */
VT_API bool vt_store_wheel(vt_store *s, float steps);

/* Performs one script action (LOAD waits up to 120 s of wall clock for the
   models). VT_ERR_INVALID with a one-line cause when it cannot be done. */
VT_API vt_result vt_store_act(vt_store *s, const vt_action *a);

/* Renders the current view with its panels at the current size offscreen
   and writes a PNG. */
VT_API vt_result vt_store_screenshot(vt_store *s, const char *png_path);

/* Queries (for tests and hosts). */
VT_API vt_store_mode vt_store_get_mode(const vt_store *s);
/* The eye: position (x, height, z) in metres, yaw and pitch in radians
   (yaw 0 looks along -Z, positive yaw turns left); any out pointer may be NULL. */
VT_API void vt_store_camera(const vt_store *s, float pos[3], float *yaw, float *pitch);
/* Product index under the pointer in WALK mode, or UINT32_MAX. */
VT_API uint32_t vt_store_hovered(const vt_store *s);
/* Product index being inspected, or UINT32_MAX. */
VT_API uint32_t vt_store_inspected(const vt_store *s);
/* The fitting room (VT_STORE_TRYON) as it stands. Regions are indexed as
   vt_fit_region in vitrine/fit.h (chest, waist, hip, length, sleeve, inseam). */
typedef struct vt_store_tryon_info {
    bool active;                     /* the mode is VT_STORE_TRYON */
    uint32_t product, variant, size; /* size: index into the product's sizes */
    bool draping;                    /* a drape is running or waiting to run */
    float progress;                  /* 0..1 of the running drape */
    bool ready;                      /* the avatar wears product/variant/size */
    bool fitmap;                     /* the garment shows its stretch colours */
    char body[64];                   /* the body preset ("female-m") or file name */
    uint32_t recommended;            /* index into the product's sizes; UINT32_MAX if none */
    char reason[256];                /* the size advice, in the store's language */
    bool scored[6];
    float ease[6];         /* cm, the shown size's chart minus the body */
    float stretch_mean[6]; /* %, on the draped garment; 0 where not measured */
    float outside_share;   /* of garment vertices outside the body */
    float max_penetration_mm;
    double drape_ms; /* wall time of the shown drape: body field, arrange, settle */
    uint32_t cloth_vertices;
    float garment_min[3], garment_max[3]; /* world bounds of the draped garment */
    float swatch[3];                      /* sRGB 0..1: the colour the garment wears */
    char error[256];                      /* why the last drape failed, "" if it did not */
} vt_store_tryon_info;
VT_API void vt_store_tryon(const vt_store *s, vt_store_tryon_info *out);

/* Placements whose model has not arrived yet, and those that failed. */
VT_API uint32_t vt_store_pending(const vt_store *s);
VT_API uint32_t vt_store_failed(const vt_store *s);

#ifdef __cplusplus
}
#endif
#endif
