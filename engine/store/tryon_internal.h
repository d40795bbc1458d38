/* engine/store/tryon_internal.h — the fitting room's state, shared by tryon.c
   (life, the drape job, actions, queries) and tryon_avatar.c (the avatar's
   meshes and nodes in the world's scene); never installed. */
#ifndef VT_STORE_TRYON_INTERNAL_H
#define VT_STORE_TRYON_INTERNAL_H

#include "store/tryon.h"

#include "vitrine/asset.h"
#include "vitrine/fit.h"

#include <stdatomic.h>

/* One drape: inputs copied in, results handed back; the GL thread reads
   the results only once done is set. */
typedef struct vt__tryon_job {
    /* in */
    bool build_body;
    vt_body_measurements m;
    const vt_body *body; /* when !build_body: the current body, kept alive meanwhile */
    vt_garment_spec spec;
    int32_t size; /* chart index; -1 = the recommended one */
    bool sold[VT_GARMENT_MAX_SIZES];
    vt_lang lang;
    bool draft;
    uint32_t product;
    /* out */
    vt_body *new_body;
    vt_garment *g;
    float *stretch;
    vt_fit_advice advice;
    vt_drape_stats st;
    int32_t size_done;
    vt_result r;
    char error[256];
    atomic_int progress;    /* per mille */
    atomic_int chosen;      /* chart size being draped once known, else -1 */
    atomic_bool body_ready; /* new_body is built (and only read from now on) */
    atomic_bool done;
    bool body_shown; /* GL thread: new_body is on the avatar already */
} vt__tryon_job;

struct vt__tryon {
    char bodies_dir[VT_STORE_PATH_MAX];
    bool draft;
    bool has_own;
    vt_body_measurements own;
    char own_name[64];

    /* the body asked for */
    char body_name[64];
    int body_type, body_size; /* 3 = own file */
    vt_body_measurements m;
    bool body_dirty; /* m differs from the built body */
    vt_body *body;   /* the built body (GL thread) */

    /* the garment asked for and the one shown */
    uint32_t product, variant;
    bool size_auto; /* no size was chosen: wear the recommended one, for any body */
    bool fitmap;
    vt_garment *g;
    float *stretch;
    vt_fit_advice advice;
    bool have_advice;
    vt_drape_stats st;
    uint32_t shown_product;
    int32_t shown_chart; /* chart index on the avatar, -1 none */
    uint32_t recommended;
    char error[256];

    vt_jobs *jobs;
    vt__tryon_job *running;
    bool want; /* a drape is asked for that has not started */

    uint32_t garments_shown; /* drapes put on the avatar (tests) */
    /* the avatar in the world's scene, turned by spin (a drag) */
    float spin;
    vt_node root, body_node, garment_node, light_node;
    vt_model *body_model, *garment_model;
    uint32_t body_base, garment_base;

    /* where the eye was before the fitting room */
    float saved_pos[2], saved_eye, saved_yaw, saved_pitch;
};

/* tryon_avatar.c (GL thread) */
/* Releases the garment's mesh (and the body's with body_too). */
void vt__tryon_drop_meshes(vt_store *s, bool body_too);
/* The mannequin of body on the avatar. */
vt_result vt__tryon_show_body(vt_store *s, const vt_body *body);
/* The shown garment (t->g) in its colour or its fit map. */
vt_result vt__tryon_show_garment(vt_store *s);
/* The avatar's nodes and the fitting room's light, made once. */
bool vt__tryon_ensure_nodes(vt_store *s);
/* The avatar's root at the fitting room, turned by t->spin. */
void vt__tryon_place_root(vt_store *s);

#endif
