/* A model on a stage: what `render` and `view` share. Loads a model, uploads
   it, instantiates it in a fresh scene and applies a material variant. */
#ifndef VT_APP_STAGE_H
#define VT_APP_STAGE_H

#include "vitrine/vitrine.h"

typedef struct vt_stage {
    vt_model *model;
    vt_scene *scene;
    vt_aabb bounds;
    uint32_t mesh_base; /* the renderer's ids for the model (vt_renderer_release_model) */
    char error[600];    /* after a failed load: one line naming the file and the cause */
} vt_stage;

/* Loads path into a new scene on renderer r. variant NULL = default. On failure
   returns the result and leaves the message in st->error; prints nothing. */
vt_result vt_stage_load(vt_stage *st, vt_renderer *r, const char *path, const char *variant);
void vt_stage_free(vt_stage *st);

/* Parses "#RRGGBB" into sRGB 0..1; false if malformed. */
bool vt_parse_hex_color(const char *s, float out[3]);

#endif
