/* engine/fit/fit_json.h — the glTF buffer and accessor builder shared by the fit
   module's writers, never installed. */
#ifndef VT_FIT_JSON_H
#define VT_FIT_JSON_H

#include "vitrine/base.h"

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A glTF binary chunk being built: each part 4-byte aligned. oom is set (and
   the part dropped) when memory runs out; check it before writing. */
typedef struct vt__glb_bin {
    uint8_t *data;
    size_t size, cap;
    bool oom;
} vt__glb_bin;

/* Appends n bytes at the next 4-byte boundary; returns their offset. */
size_t vt__glb_bin_add(vt__glb_bin *b, const void *src, size_t n);
/* Adds a buffer view (target 0 = none) and an accessor of count elements of
   comps components of ctype (5126 float, 5125 uint32, 5123 uint16) with min/max
   when bounds; returns the accessor index. */
json_int_t vt__glb_accessor(json_t *views, json_t *accs, vt__glb_bin *b, const void *data,
                            uint32_t count, const char *type, int comps, int ctype, int target,
                            bool bounds);

/* A glTF binary being read: its JSON and its BIN chunk (the only buffer the
   fit module reads; external or data-URI buffers are refused). */
typedef struct vt__glb {
    const char *path; /* for messages; borrowed */
    json_t *root;
    const uint8_t *bin;
    size_t bin_size;
    void *file;
} vt__glb;

/* Reads and checks the container (magic, version, chunk lengths, JSON).
   VT_ERR_IO, VT_ERR_PARSE ("PATH: not a glTF binary (.glb)"), VT_ERR_LIMIT. */
vt_result vt__glb_open(const char *path, vt__glb *out);
void vt__glb_close(vt__glb *g);
/* Accessor `acc` as floats (comps per element; integer types are converted, normalised ones
   to 0..1): *out (malloc'ed) holds *count x comps values. */
vt_result vt__glb_floats(const vt__glb *g, json_int_t acc, int comps, float **out, uint32_t *count);
/* The same for an integer accessor (indices, JOINTS_0). */
vt_result vt__glb_uints(const vt__glb *g, json_int_t acc, int comps, uint32_t **out,
                        uint32_t *count);
/* World matrices (column-major, 16 floats per node) and parents (-1 for roots) of every node;
   both malloc'ed. VT_ERR_PARSE for a cycle or a bad child index. */
vt_result vt__glb_world(const vt__glb *g, float **world, int32_t **parent, uint32_t *count);
/* The integer member `key` of o, or -1 when absent or not an integer >= 0. */
json_int_t vt__glb_index(json_t *o, const char *key);
/* The fit module's importers (body_import.c, garment_import.c). */
struct vt_body;
struct vt_body_landmarks;
/* Our joint (vt_body_joint_id) for a VRM 1.0 or Mixamo bone name (any case, with or
   without a "mixamorig:" prefix), -1 for none. */
int vt__joint_from_name(const char *name);
/* The body read from the skinned mesh of node `node` (-1: the first skinned node); xf
   (may be NULL) receives the transform from the file's world space to the body's. */
vt_result vt__body_from_glb(const vt__glb *g, json_int_t node, struct vt_body **out, float xf[16]);
/* Merges vertices at one position and drops triangles that collapse; remap (old ->
   new) and first_of (new -> first old) have vertex_count entries. */
struct vt_mesh_data;
vt_result vt__mesh_weld(struct vt_mesh_data *m, uint32_t *remap, uint32_t *first_of);
/* The bone (vt_body_joint_id; a joint's bone runs to its child) passing nearest p,
   and whether a joint is an arm's (upper, lower arm or hand). */
int vt__body_nearest_bone(const struct vt_body *body, const float p[3]);
bool vt__is_arm_joint(int j);
/* Tape heights from a body's skeleton (where our mannequin has them). */
void vt__body_landmarks_from_joints(const struct vt_body *b, float stature,
                                    struct vt_body_landmarks *out);
/* {"vitrine": {"body_type": ...}}: the extras of a body node. */
json_t *vt__glb_body_extras(const struct vt_body *body);
/* The body's skin: adds JOINTS_0 and WEIGHTS_0 to attrs, one node per joint to
   nodes (hips first, translations only) and returns the skin object. */
json_t *vt__glb_body_skin(json_t *views, json_t *accs, vt__glb_bin *b, const struct vt_body *body,
                          json_t *attrs, json_t *nodes);
/* 4x4 column-major helpers. */
void vt__mat4_mul(const float a[16], const float b[16], float out[16]);
bool vt__mat4_invert(const float m[16], float out[16]);
void vt__mat4_point(const float m[16], const float p[3], float out[3]);

#endif
