/* engine/store/tryon.h — the store's fitting room (VT_STORE_TRYON), shared by
   the session files; never installed.

   "Try on" in a garment's inspect card moves the shopper to the store's
   fitting_room: a mannequin built from the shopper's body (vt_store_desc.body
   or a preset from vt_store_desc.bodies_dir) stands at its position and yaw,
   wearing the product's garment (catalog "garment", vitrine/fit.h) in the
   inspected colour and size (the recommended size when none is chosen),
   before the mirror. The body is built and the garment cut and draped on one
   job thread of its own; the GL thread only uploads the result (vt__tryon_update,
   once a frame), so the store keeps drawing while the panel shows the drape's
   progress. A new request while a drape runs waits for it and then drapes
   what was asked last.

   tryon.c: state, jobs, actions, camera, queries; tryon_avatar.c: the
   avatar's meshes and nodes; tryon_panel.c: its card; tryon_internal.h: the
   state they share. */
#ifndef VT_STORE_TRYON_H
#define VT_STORE_TRYON_H

#include "store/store_internal.h"

#define VT__TRYON_BODY_TYPES 3 /* female, male, neutral */
#define VT__TRYON_BODY_SIZES 6 /* xs .. xxl */

typedef struct vt__tryon vt__tryon;

/* At vt_store_create: reads desc->body (its error fails the store). */
vt_result vt__tryon_create(vt_store *s, const vt_store_desc *desc);
void vt__tryon_destroy(vt_store *s); /* waits for a running drape; NULL state is fine */

/* The product can be tried on (it has a garment). */
bool vt__tryon_possible(const vt_store *s, uint32_t product);
/* From INSPECT: pushes VT_STORE_TRYON for the inspected product and starts
   its drape. */
vt_result vt__tryon_open(vt_store *s);
/* Called by vt__store_back when TRYON is left: the eye goes back to where
   it was, the avatar is hidden. */
void vt__tryon_leave(vt_store *s);
/* The view's size changed: in TRYON the eye frames the avatar again beside
   the card. */
void vt__tryon_reframe(vt_store *s);
/* Size (index into the product's sizes): redrapes. */
vt_result vt__tryon_size(vt_store *s, uint32_t size);
/* Colour: recolours the draped garment (no new drape). */
vt_result vt__tryon_variant(vt_store *s, uint32_t variant);
/* Body: a preset name ("female-m") or a body.json path; redrapes. */
vt_result vt__tryon_body(vt_store *s, const char *name);
/* Body preset by type (0 female, 1 male, 2 neutral; -1 keeps) and size
   (0 xs .. 5 xxl; -1 keeps); type 3 = the shopper's own file. */
vt_result vt__tryon_body_pick(vt_store *s, int type, int size);
vt_result vt__tryon_fitmap(vt_store *s, bool on);
/* A drag turns the avatar about its feet (the light stays). */
void vt__tryon_spin(vt_store *s, float radians);
/* Blocks until no drape runs or waits (scripts); VT_ERR_INVALID when the
   last drape failed, with its cause. */
vt_result vt__tryon_wait(vt_store *s);
/* GL thread, once a frame: takes a finished drape and shows it. */
void vt__tryon_update(vt_store *s);

/* tryon_panel.c: the fitting room's card (and its hit regions). */
void vt__tryon_panel(vt__panel_ctx *c);

/* What the panel needs to read. */
typedef struct vt__tryon_view {
    bool draping, ready, fitmap, has_own;
    bool building_body;    /* the drape waits for the body to be built */
    uint32_t draping_size; /* product size index being draped, UINT32_MAX until known */
    float progress;
    int body_type, body_size; /* the preset shown; body_type 3 = own file */
    const char *body_name;
    uint32_t shown_size;  /* product size index the avatar wears, or UINT32_MAX */
    uint32_t recommended; /* product size index, or UINT32_MAX */
    const char *reason;
    const struct vt_fit_advice *advice; /* NULL until a drape finished */
    const struct vt_garment_spec *spec;
    int32_t chart_size; /* chart index of shown_size, -1 if none */
    float stretch_mean[6];
    float hem_y; /* metres, where the shown size's hem falls; 0 if unknown */
    const char *hem_text;
    const char *error;
} vt__tryon_view;
void vt__tryon_get_view(const vt_store *s, vt__tryon_view *out);

#endif
