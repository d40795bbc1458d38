/* Product and fixture generators of the demo store. Each fills an empty ag_model
   with named materials (the names catalog variants override: "Fabric", "Leather",
   "Metal", "Glass", "Glaze", ...) and geometry in metres, front +Z, standing on
   y = 0. `style` picks a shape variation within a generator. */
#ifndef VT_ASSETGEN_PRODUCTS_H
#define VT_ASSETGEN_PRODUCTS_H

#include "shape.h"

typedef void (*ag_gen_fn)(ag_model *m, int style);

/* Common materials; colours sRGB 0..1. */
ag_mat ag_fabric(const char *name, float r, float g, float b);
ag_mat ag_leather(const char *name, float r, float g, float b);
ag_mat ag_metal(const char *name, float r, float g, float b, float roughness);
ag_mat ag_glass(const char *name, float r, float g, float b);
ag_mat ag_glaze(const char *name, float r, float g, float b);
ag_mat ag_matte(const char *name, float r, float g, float b, float roughness);

/* Colour presets for metals. */
#define AG_BRASS 0.93f, 0.78f, 0.50f
#define AG_STEEL 0.82f, 0.82f, 0.80f
#define AG_GOLD 0.96f, 0.80f, 0.48f
#define AG_BLACK_METAL 0.16f, 0.16f, 0.17f

/* Torso of the dress form: half width (x) and half depth (z) at height t above
   the torso's base; shared by the form and the garments dressed on it. */
void ag_torso_at(float t, float *a, float *b);
#define AG_TORSO_BASE 0.80f /* height of the torso's base above the floor */
#define AG_TORSO_TOP 0.86f  /* torso height including the neck */

/* A wooden hanger with a swivel hook whose curl sits on a rail along x; the top of
   the hook is at y = top, the bar's shoulders span +-half_w. Rail centre is
   top - AG_HOOK_DROP. */
#define AG_HOOK_DROP 0.0175f
void ag_hanger(ag_model *m, uint32_t wood, uint32_t wire, float top, float half_w, bool clips);

/* apparel (products_apparel.c) */
void gen_tee(ag_model *m, int style);
void gen_longsleeve(ag_model *m, int style); /* style 1: overshirt with collar and buttons */
void gen_dress(ag_model *m, int style);      /* fits the dress form */
/* Height of the dress form's torso base above the dress's hem. */
float ag_dress_base(int style);
void gen_trousers(ag_model *m, int style);
/* accessories (products_goods.c) */
void gen_shoes(ag_model *m, int style); /* 0 sneaker, 1 loafer, 2 chelsea boot */
void gen_bag(ag_model *m, int style);   /* 0 tote, 1 crossbody, 2 bucket */
void gen_hat(ag_model *m, int style);   /* 0 fedora, 1 bucket hat, 2 beanie */
void gen_eyewear(ag_model *m, int style);
void gen_headphones(ag_model *m, int style);
/* home (products_home.c) */
void gen_mug(ag_model *m, int style); /* 0 mug, 1 espresso cup and saucer */
void gen_vase(ag_model *m, int style);
void gen_bottle(ag_model *m, int style); /* 0 square perfume, 1 tall perfume, 2 carafe */
void gen_lamp(ag_model *m, int style);   /* 0 ceramic table lamp, 1 brass desk lamp, 2 mushroom */
/* fixtures (fixtures.c) */
void gen_fixture(ag_model *m, int style);

enum {
    FIX_SHELF,
    FIX_TABLE,
    FIX_TABLE_LOW,
    FIX_RACK,
    FIX_FORM,
    FIX_COUNTER,
    FIX_MIRROR,
    FIX_PLINTH,
    FIX_PLINTH_LOW,
    FIX_PENDANT,
    FIX_PLANT,
    FIX_BENCH,
    FIX_RUG,
    FIX_COUNT
};
/* Heights the layout needs: where products stand on each fixture. */
#define AG_TABLE_H 0.76f
#define AG_TABLE_LOW_H 0.45f
#define AG_SHELF_LEVELS 4
extern const float ag_shelf_level[AG_SHELF_LEVELS]; /* top of each shelf board */
#define AG_SHELF_W 1.60f
#define AG_SHELF_D 0.42f
#define AG_TABLE_W 1.80f
#define AG_TABLE_D 0.90f
#define AG_TABLE_LOW_W 1.20f
#define AG_TABLE_LOW_D 0.70f
#define AG_RACK_W 1.70f
#define AG_RAIL_Y 1.62f /* rail centre of the clothes rack */
#define AG_PLINTH_H 0.90f
#define AG_PLINTH_LOW_H 0.55f
#define AG_PLINTH_W 0.45f
#define AG_COUNTER_H 1.02f
extern const char *const ag_fixture_names[FIX_COUNT];

#endif
