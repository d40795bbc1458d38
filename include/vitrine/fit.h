/* vitrine/fit.h — the fitting room: a parametric body from measurements.

   What it does (this slice): reads body measurements (body.json), builds a
   smooth, closed mannequin mesh with a humanoid skeleton and skin weights,
   fits it so that a tape measure on the mesh gives back the requested girths,
   measures any body mesh the way a tape does, and writes the body as a
   skinned glTF binary (.glb). Garments, drape and size advice come later.
   What it does not: pose the body (the mesh is in its rest A-pose), read a
   user's own avatar, or render anything.

   body.json (all measurements in centimetres, names after ISO 8559-1):
       {
         "body_type": "female",          required: "female", "male" or "neutral"
         "stature": 168,                 required, 120..220
         "chest_girth": 92,              required (bust girth for a female body), 60..180
         "waist_girth": 76,              required, 40..200
         "hip_girth": 100,               required, 60..190
         "underbust_girth": 80,          optional, 55..160, below chest_girth
         "inside_leg_length": 76,        optional, 50..110 and 0.38..0.52 of stature
         "shoulder_width": 37,           optional (biacromial), 28..60
         "arm_length": 56,               optional (shoulder point to wrist), 45..90
         "neck_girth": 33,               optional, 25..60
         "thigh_girth": 58,              optional, 35..100
         "name": "female M"              optional, free text
       }
   Any other member is an error (a typo must not pass silently). Values are
   JSON numbers. Across fields: waist_girth / hip_girth within 0.5..1.3,
   chest_girth / hip_girth within 0.6..1.5, waist_girth / chest_girth within
   0.55..1.5. A missing optional field is
   derived from the given ones by ratios of 50th-percentile adult figures
   (Pheasant & Haslegrave, "Bodyspace", 3rd ed., UK adults 19-65; see
   engine/fit/body_json.c for the table):
       inside_leg_length = 0.450 (female) / 0.455 (male) x stature
       shoulder_width    = 0.215 / 0.230 x stature
       arm_length        = 0.330 / 0.335 x stature
       neck_girth        = 0.360 / 0.380 x chest_girth
       thigh_girth       = 0.580 / 0.560 x hip_girth
       underbust_girth   = 0.870 / 0.920 x chest_girth
   "neutral" uses the mean of the two; a derived value is clamped into its
   own range. body_type also shapes the mannequin: only "female" has a bust
   (chest_girth is then the bust girth over it). Ready-made bodies for sizes
   XS..XXL of each body type are in assets/bodies/ (its README gives sources).

   The body: metres, +Y up, feet on y = 0, facing +Z, arms 45 degrees below
   horizontal (A-pose), body's left on +X; a closed, consistently wound
   triangle mesh of about 75k triangles (grid of stature / 125), built in
   roughly 60-70 ms on one core (tests/bench/body_bench.c). Skeleton bones carry VRM 1.0
   humanoid names; the Mixamo equivalents are
       hips=Hips spine=Spine chest=Spine1 upperChest=Spine2 neck=Neck head=Head
       leftShoulder=LeftShoulder leftUpperArm=LeftArm leftLowerArm=LeftForeArm
       leftHand=LeftHand leftUpperLeg=LeftUpLeg leftLowerLeg=LeftLeg
       leftFoot=LeftFoot leftToes=LeftToeBase   (right* likewise)
   prefixed "mixamorig:". Joints have no rest rotation: each joint's bind
   matrix is a translation to its position.

   The tape (vt_body_measure): a girth at height y is the perimeter of the
   convex hull of the mesh's horizontal section at y, keeping only the closed
   section loop that crosses the body's mid-plane x = 0 (so arms and, below
   the crotch, legs are left out). Chest and hip are the largest girth within
   VT_BODY_TAPE_WINDOW x stature of their landmark, waist the smallest;
   stature is the highest y.

   Ownership: vt_body_load_json fills a caller's struct. vt_body_build returns
   a vt_body the caller frees with vt_body_free; its arrays belong to it.
   Errors: VT_ERR_IO (unreadable file), VT_ERR_PARSE (malformed JSON, wrong
   type, unknown or missing member), VT_ERR_INVALID (value out of range, impossible
   combination), VT_ERR_NOMEM. vt_last_error() then holds one line naming the
   file, the JSON path and the cause, e.g.
       body.json: $.waist_girth: 12 cm is outside 40..200 cm

   Example:
       vt_body_measurements m;
       vt_body *body = NULL;
       if (vt_body_load_json("body.json", &m) != VT_OK ||
           vt_body_build(&m, &body) != VT_OK ||
           vt_body_write_glb(body, "body.glb") != VT_OK) {
           fprintf(stderr, "%s\n", vt_last_error());
           vt_body_free(body);
           return 1;
       }
       printf("waist %.1f cm at y = %.3f m\n", body->measured.waist_girth,
              body->landmarks.waist_y);
       vt_body_free(body);
*/
#ifndef VITRINE_FIT_H
#define VITRINE_FIT_H

#include "vitrine/base.h"
#include "vitrine/geom.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum vt_body_type {
    VT_BODY_NEUTRAL = 0,
    VT_BODY_FEMALE = 1,
    VT_BODY_MALE = 2,
} vt_body_type;

/* Centimetres. 0 in an optional field means "derive it" (vt_body_complete). */
typedef struct vt_body_measurements {
    vt_body_type body_type;
    float stature;
    float chest_girth; /* bust girth for a female body */
    float underbust_girth;
    float waist_girth;
    float hip_girth;
    float inside_leg_length;
    float shoulder_width;
    float arm_length;
    float neck_girth;
    float thigh_girth;
} vt_body_measurements;

/* Half-height of the band searched around a landmark, as a fraction of
   stature (3 cm on a 1.75 m body). */
#define VT_BODY_TAPE_WINDOW 0.017f

/* Heights in metres. */
typedef struct vt_body_landmarks {
    float chest_y, waist_y, hip_y;
    float crotch_y, shoulder_y, neck_y;
} vt_body_landmarks;

/* What the tape finds on a mesh (cm; heights in metres). */
typedef struct vt_body_tape {
    float stature;
    float chest_girth, waist_girth, hip_girth;
    float chest_y, waist_y, hip_y; /* where the extreme girth was found */
} vt_body_tape;

typedef enum vt_body_joint_id {
    VT_JOINT_HIPS,
    VT_JOINT_SPINE,
    VT_JOINT_CHEST,
    VT_JOINT_UPPER_CHEST,
    VT_JOINT_NECK,
    VT_JOINT_HEAD,
    VT_JOINT_LEFT_SHOULDER,
    VT_JOINT_LEFT_UPPER_ARM,
    VT_JOINT_LEFT_LOWER_ARM,
    VT_JOINT_LEFT_HAND,
    VT_JOINT_RIGHT_SHOULDER,
    VT_JOINT_RIGHT_UPPER_ARM,
    VT_JOINT_RIGHT_LOWER_ARM,
    VT_JOINT_RIGHT_HAND,
    VT_JOINT_LEFT_UPPER_LEG,
    VT_JOINT_LEFT_LOWER_LEG,
    VT_JOINT_LEFT_FOOT,
    VT_JOINT_LEFT_TOES,
    VT_JOINT_RIGHT_UPPER_LEG,
    VT_JOINT_RIGHT_LOWER_LEG,
    VT_JOINT_RIGHT_FOOT,
    VT_JOINT_RIGHT_TOES,
    VT_JOINT_COUNT
} vt_body_joint_id;

typedef struct vt_body_joint {
    const char *name;  /* VRM humanoid bone name, static storage */
    int32_t parent;    /* joint index, -1 for the root (hips) */
    float position[3]; /* rest position in body space, metres */
} vt_body_joint;

typedef struct vt_body {
    vt_body_measurements requested; /* completed: derived fields filled in */
    vt_body_tape measured;          /* the tape on the final mesh */
    vt_body_landmarks landmarks;
    vt_mesh_data mesh;     /* positions, normals, indices */
    uint16_t *skin_joints; /* 4 per vertex: joint indices */
    float *skin_weights;   /* 4 per vertex, sum 1 */
    vt_body_joint joints[VT_JOINT_COUNT];
    uint32_t joint_count; /* VT_JOINT_COUNT */
} vt_body;

/* Reads body.json into *out (derived fields filled in). */
VT_API vt_result vt_body_load_json(const char *path, vt_body_measurements *out);
/* Checks ranges and fills derived fields in place; `source` names the input in
   messages (a file name, or NULL for "body"). */
VT_API vt_result vt_body_complete(vt_body_measurements *m, const char *source);
/* Builds and fits the mannequin. */
VT_API vt_result vt_body_build(const vt_body_measurements *m, vt_body **out);
VT_API void vt_body_free(vt_body *body); /* NULL is fine */

/* The tape, independent of how the mesh was made: girth (cm) of the section
   loop through x = 0 at height y (metres); 0 if there is none. */
VT_API float vt_body_measure_girth(const vt_mesh_data *mesh, float y);
/* Chest/hip (largest) and waist (smallest) within VT_BODY_TAPE_WINDOW x stature of the
   given landmark heights, and stature (highest y). */
VT_API vt_result vt_body_measure(const vt_mesh_data *mesh, const vt_body_landmarks *near,
                                 vt_body_tape *out);

/* Writes the body as a skinned glTF 2.0 binary. */
VT_API vt_result vt_body_write_glb(const vt_body *body, const char *path);

#ifdef __cplusplus
}
#endif

#endif
