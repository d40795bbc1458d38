/* vitrine/fit.h — the fitting room: a parametric body from measurements.

   What it does: reads body measurements (body.json), builds a smooth, closed
   mannequin mesh with a humanoid skeleton and skin weights, fits it so that
   a tape measure on the mesh gives back the requested girths, measures any
   body mesh the way a tape does, and writes the body as a skinned glTF
   binary (.glb). Reads garments (garment.json), scores every size against
   the body and recommends one with a reason, cuts a size into flat pattern
   panels (SVG for brands), drapes it on the body (XPBD) and maps how far
   the cloth is stretched, and poses body and garments (T-pose, walk cycle).
   Reads a user's own skinned avatar (.glb, VRM or Mixamo bones) as the body
   and a brand's garment model (.glb on its reference body), carries the
   garment onto another body and drapes it ("Bring your own", at the end).
   What it does not (yet): collide the cloth with itself, read an open (not
   watertight) avatar, or render
   anything (vt_fit_write_glb hands body and garment to the asset/render
   modules).

   body.json (all measurements in centimetres, names after ISO 8559-1):
       {
         "body_type": "female",          required: "female", "male" or "neutral"
         "stature": 168,                 required, 120..220
         "chest_girth": 92,              required (bust girth for a female body), 60..180
         "waist_girth": 76,              required, 40..200
         "hip_girth": 100,               required, 60..190
         "underbust_girth": 80,          optional, 55..160 and 0.75..1 of chest_girth
         "inside_leg_length": 76,        optional, 50..110 and 0.38..0.52 of stature
         "shoulder_width": 37,           optional (biacromial), 28..60 and 0.18..0.28 of stature
         "arm_length": 56,               optional (shoulder point to wrist), 45..90 and
                                         0.28..0.38 of stature
         "neck_girth": 33,               optional, 25..60 and 0.30..0.46 of chest_girth
         "thigh_girth": 58,              optional, 35..100 and 0.48..0.68 of hip_girth
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
#include "vitrine/core.h"
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

/* Writes the body as a skinned glTF 2.0 binary (body_type in the body
   node's extras: {"vitrine": {"body_type": "female"}}). */
VT_API vt_result vt_body_write_glb(const vt_body *body, const char *path);

/* A user's own avatar: the largest skinned mesh of a glTF binary, its bones
   found by VRM 1.0 or Mixamo name (see "Bring your own" below), turned to
   our axes and metres, its weights moved onto our joints, measured with the
   tape. The caller frees it with vt_body_free. */
VT_API vt_result vt_body_load_glb(const char *path, vt_body **out);

/* ---- Garments -------------------------------------------------------------

   garment.json describes a garment by its size chart (cm, measured flat on
   the garment and doubled for girths, as brands publish them), the ease the
   designer intends per region, and the fabric:
       {
         "name": "crew tee",                   optional, free text
         "kind": "tshirt",                     tshirt, long_sleeve_shirt, dress,
                                               skirt or trousers
         "sizes": [                            smallest first, 1..16 sizes
           {"size": "S", "chest": 96, "length": 68, "sleeve_length": 20},
           {"size": "M", "chest": 102, "length": 70, "sleeve_length": 21}
         ],
         "ease": {"chest": [4, 14]},           [min, max] cm per scored region
         "fabric": "cotton_jersey"             a preset name, or an object
       }
   Regions and where they apply (R required in every size, o optional but
   then in every size, - not allowed; * scored, i.e. needs an ease range):
                      chest waist hip length sleeve_length inseam
       tshirt          R*    o*   o*    R       R             -
       long_sleeve     R*    o*   o*    R       R*            -
       dress           R*    R*   R*    R       o             -
       skirt           -     R*   R*    R       -             -
       trousers        -     R*   R*    o       -             R*
   Girths are full circumferences (chest 50..250, waist 40..250, hip
   50..260); length 20..180 (from the high shoulder point, or from the waist
   for skirt and trousers); sleeve_length 5..100 from the shoulder point;
   inseam 20..120. Ease bounds lie in -30..60 with min <= max. Sizes go from
   smallest to largest: each girth is at least the previous size's. Size
   names are 1..15 characters and unique.

   Sleeve ease is sleeve_length minus the body's arm_length (shoulder point to
   wrist), inseam ease is inseam minus inside_leg_length; girth ease is the
   chart girth minus the tape's girth on the body. A t-shirt's short sleeve is
   not scored; length is never scored (it is where the hem falls).

   The fabric object: {"preset": NAME} and/or the six members "stretch"
   (tensile stiffness, N/m = force per metre of width per unit strain,
   1..1e6), "shear" (N/m per radian, 0.01..1e5), "bending" (rigidity per unit
   width, uN*m, 0.01..1e5), "weight" (g/m^2, 10..1500), "friction" (against
   skin, 0..2), "comfort_stretch" (% the fabric stretches without
   discomfort, 0..200). Without a preset all six are required; with one they
   override it. Presets: cotton_jersey, woven_cotton, denim, silk,
   knit_elastane (sources in engine/fit/garment_json.c).

   Errors: VT_ERR_IO, VT_ERR_PARSE (malformed JSON, wrong type, unknown or
   missing member), VT_ERR_INVALID (value out of range, upside-down ease,
   unknown kind or fabric, sizes out of order). The message names the file,
   the JSON path and the cause, e.g.
       tee.json: $.sizes[2].chest: -4 cm is outside 50..250 cm
*/

typedef enum vt_garment_kind {
    VT_GARMENT_NONE = 0,
    VT_GARMENT_TSHIRT,
    VT_GARMENT_LONG_SLEEVE_SHIRT,
    VT_GARMENT_DRESS,
    VT_GARMENT_SKIRT,
    VT_GARMENT_TROUSERS,
    VT_GARMENT_KIND_COUNT
} vt_garment_kind;

/* Regions of a size chart; the JSON names are vt_fit_region_name(). */
typedef enum vt_fit_region {
    VT_REGION_CHEST = 0,
    VT_REGION_WAIST,
    VT_REGION_HIP,
    VT_REGION_LENGTH,
    VT_REGION_SLEEVE, /* "sleeve_length" */
    VT_REGION_INSEAM,
    VT_REGION_COUNT
} vt_fit_region;

typedef struct vt_fabric {
    char name[32];         /* preset name, or "custom" */
    float stretch;         /* N/m */
    float shear;           /* N/m per radian */
    float bending;         /* uN*m */
    float weight;          /* g/m^2 */
    float friction;        /* coefficient against skin */
    float comfort_stretch; /* % */
} vt_fabric;

#define VT_GARMENT_MAX_SIZES 16
typedef struct vt_garment_size {
    char name[16];
    float cm[VT_REGION_COUNT]; /* 0 where the chart has no such region */
} vt_garment_size;

typedef struct vt_garment_spec {
    vt_garment_kind kind;
    char name[64];
    uint32_t size_count;
    vt_garment_size sizes[VT_GARMENT_MAX_SIZES]; /* smallest first */
    bool in_chart[VT_REGION_COUNT];
    bool scored[VT_REGION_COUNT];
    float ease[VT_REGION_COUNT][2]; /* [min, max] cm where scored */
    vt_fabric fabric;
} vt_garment_spec;

VT_API const char *vt_garment_kind_name(vt_garment_kind kind); /* "tshirt", ...; "none" */
VT_API const char *vt_fit_region_name(vt_fit_region region);   /* "chest", ..., "inseam" */
/* Reads garment.json into *out. */
VT_API vt_result vt_garment_load_json(const char *path, vt_garment_spec *out);
/* Fills *out with a fabric preset; VT_ERR_INVALID for an unknown name. */
VT_API vt_result vt_fabric_preset(const char *name, vt_fabric *out);
/* Index of the size named `name` (case-insensitive), -1 if none. */
VT_API int32_t vt_garment_find_size(const vt_garment_spec *spec, const char *name);

/* ---- Size advice ----------------------------------------------------------

   vt_fit_advise scores every size of a garment against a body:
   ease = chart measurement - body value per scored region, rounded to 0.1
   cm (the tape is good to about 1%, finer digits would be noise). A region
   is tight below its ease range, loose above it, else as intended. Among
   the sizes with every region as intended, the one whose eases lie closest
   to the middles of their ranges (sum of |ease - middle|) is recommended;
   if none qualifies, the one with the least shortfall, each cm of tightness
   counted twice and each cm of looseness once. Ties (within 0.01 cm) go to
   the larger size in both cases. The reason names the deciding region:
       "M: chest +6 cm as intended; S is tight at the chest (-1 cm)"
   in English or Chinese (VT_LANG_ZH):
       "M：胸围 +6 厘米，合适；S 胸围偏紧（-1 厘米）"

   Body values (cm, index vt_fit_region): vt_fit_body_values takes chest,
   waist and hip from the tape on the built body (body->measured), arm and
   inside-leg length from its completed measurements; LENGTH is 0. */

typedef enum vt_fit_status {
    VT_FIT_AS_INTENDED = 0,
    VT_FIT_TIGHT,
    VT_FIT_LOOSE,
} vt_fit_status;

typedef enum vt_lang { VT_LANG_EN = 0, VT_LANG_ZH } vt_lang;

typedef struct vt_region_fit {
    bool scored;
    float ease; /* cm, 0.1 cm steps */
    vt_fit_status status;
    float shortfall; /* cm outside the range (0 as intended), unweighted */
} vt_region_fit;

typedef struct vt_size_fit {
    vt_region_fit regions[VT_REGION_COUNT];
    bool all_as_intended;
    float centre_distance;    /* sum of |ease - middle of range| */
    float weighted_shortfall; /* 2 x tight cm + 1 x loose cm */
} vt_size_fit;

typedef struct vt_fit_advice {
    uint32_t size_count;
    vt_size_fit sizes[VT_GARMENT_MAX_SIZES];
    int32_t recommended;    /* size index */
    vt_fit_region deciding; /* the region the reason names */
    char reason[256];       /* UTF-8 */
} vt_fit_advice;

VT_API const char *vt_fit_status_name(vt_fit_status s); /* "tight", "as_intended", "loose" */
VT_API void vt_fit_body_values(const vt_body *body, float out_cm[VT_REGION_COUNT]);
/* VT_ERR_INVALID when a scored region's body value is not positive. */
/* Length is not scored; it is shown as where the hem falls: the height (m)
   of a size's hem on the body by the chart (from the neck base for tops and
   dresses, from the waist for skirts and trousers), and its words, e.g.
   "at mid-thigh" / "大腿中部" (static strings). */
VT_API float vt_fit_hem_height(const vt_garment_spec *spec, uint32_t size, const vt_body *body);
VT_API const char *vt_fit_hem_text(const vt_body *body, float y, vt_lang lang);
VT_API vt_result vt_fit_advise(const vt_garment_spec *spec, const float body_cm[VT_REGION_COUNT],
                               vt_lang lang, vt_fit_advice *out);

/* ---- Pattern panels -------------------------------------------------------

   vt_garment_build cuts one size of a garment into flat panels sized by the
   chart (metres, panel coordinates: x across, y up from the hem, each panel
   as seen from outside), meshes each panel into triangles of about equal size
   (desc.target_vertices over the whole garment) and lists the seams:
       tshirt, long_sleeve_shirt   front, back, left_sleeve, right_sleeve
                                   (sides, shoulders, armholes, sleeve seams)
       dress                       front, back (+ sleeves when the chart has
                                   sleeve_length)
       skirt                       front, back (sides)
       trousers                    left/right front and back legs (outseams,
                                   inseams, centre front, centre back)
   A panel's girth lines (chest, waist, hip) cross it horizontally at
   line_y; vt_garment_measure sums the panels' widths along a line on the
   mesh's own boundary, which equals the chart within 1%.

   The mesh's rest shape is `rest` (2 floats per vertex, panel coordinates);
   mesh.positions is filled by vt_garment_arrange (the panels wrapped around
   the body, not yet sewn) and then by vt_drape. Vertices of different panels
   are never shared: seams are constraints.

   Ownership: vt_garment_build returns a vt_garment freed by vt_garment_free;
   all arrays belong to it. */

typedef struct vt_panel {
    char name[24]; /* "front", "left_sleeve", ... */
    uint32_t first_vertex, vertex_count;
    uint32_t first_index, index_count;
    uint32_t grid_u, grid_v;               /* a (grid_u+1) x (grid_v+1) grid, row-major */
    uint32_t outline_first, outline_count; /* closed boundary, vertex ids in `outline` */
    bool has_line[VT_REGION_COUNT];        /* chest, waist, hip lines */
    float line_y[VT_REGION_COUNT];         /* metres, panel coordinates */
} vt_panel;

/* Two runs of vertices sewn together, matched by arc length; both run in
   the same direction along the seam. */
typedef struct vt_seam {
    uint32_t a_first, a_count; /* in seam_vertices */
    uint32_t b_first, b_count;
} vt_seam;

/* vt_garment_desc: zero fields take defaults.
     .target_vertices   8000 over the whole garment (600..200000) */
typedef struct vt_garment_desc {
    uint32_t target_vertices;
} vt_garment_desc;

typedef struct vt_garment {
    vt_garment_kind kind;
    char size[16];
    float chart[VT_REGION_COUNT]; /* the size's chart, cm */
    vt_fabric fabric;
    vt_mesh_data mesh;  /* positions (3D, after arrange / drape), normals, indices */
    float *rest;        /* 2 per vertex: panel coordinates, metres */
    uint16_t *panel_of; /* per vertex */
    vt_panel *panels;
    uint32_t panel_count;
    uint32_t *outline; /* vertex ids, see vt_panel.outline_first */
    uint32_t outline_count;
    vt_seam *seams;
    uint32_t seam_count;
    uint32_t *seam_vertices;
    uint32_t seam_vertex_count;
    /* A transferred brand garment (vt_garment_transfer): 3 per vertex, its
       shape as modelled, the rest shape of its drape and fit map; rest is
       then all zero and there are no panels. Shares rest's allocation
       (freed with it). NULL for a garment sewn from a chart. */
    float *rest3d;
} vt_garment;

VT_API vt_result vt_garment_build(const vt_garment_spec *spec, uint32_t size_index,
                                  const vt_garment_desc *desc, vt_garment **out);
VT_API void vt_garment_free(vt_garment *g); /* NULL is fine */
/* Girth in cm measured on the panels along the region's line; 0 when no
   panel has that line. */
VT_API float vt_garment_measure(const vt_garment *g, vt_fit_region region);
/* Writes the panels side by side as SVG (millimetre units): outlines, seams
   coloured in pairs, measure lines with their lengths. */
VT_API vt_result vt_garment_write_svg(const vt_garment *g, const char *path);
/* Wraps the panels around the body as the start of a drape (fills
   mesh.positions and normals). */
VT_API vt_result vt_garment_arrange(vt_garment *g, const vt_body *body);

/* ---- Drape ----------------------------------------------------------------

   vt_drape wraps the panels around the body (vt_garment_arrange), sews them
   and lets the cloth settle under gravity: XPBD with small steps (one
   constraint pass per substep), stretch / shear / bending springs on each
   panel's grid with rest lengths from the flat panel and stiffness from the
   fabric; where the grid runs more than 20 degrees off the fabric's grain
   (the front below a deep neckline), fibres along the grain one cell long
   with the fabric's stretch stiffness; long-range limits over 8 cells along
   the columns always, along the rows only while the seams close (except
   within 7 cm of a panel's top: shoulder seams and neckline, as stay tape);
   seams closing over the first 0.35 s, collision against a signed
   distance field sampled from the body mesh (8 mm grid) with a skin offset,
   Coulomb friction, gravity and velocity damping. It stops when the cloth's
   kinetic energy falls below rest_ke per kg of cloth (after min_frames), or
   after max_frames. The result is the same for any number of threads: one
   drape is a fixed-order solve on one thread; vt_drape_many drapes several
   garments (e.g. every size) side by side on job threads, sharing one body
   field. Trousers and skirts hang from their waistband: its row is held
   where vt_garment_arrange put it (at the waist, gathered to the body's
   waist girth when the garment's is looser, the cloth widening back to
   its own girth over 10 cm below; trousers lower where the pattern's rise
   is short), and every vertex is tethered to it by its length along the
   panel. Trouser legs that reach past the ankle start gathered above it.
   A vertex found deeper inside the body than the field's band (2.5 grid
   cells), where the field gives no way out, goes back to where its
   substep began. No self-collision of the cloth yet.

   vt_drape_desc: zero fields take defaults.
     .frame_dt      1/60 s
     .substeps      10 per frame
     .iterations    2 passes of stretch and seams per substep (shear,
                    bending and the long-range limits: one)
     .max_frames    150
     .min_frames    40
     .rest_ke       5e-4 J per kg of cloth (rms speed 3 cm/s)
     .skin_offset   0.003 m
     .damping       6 per second (velocity decay rate)
     .progress      NULL, else called after each frame with done in 0..1
*/
typedef struct vt_drape_desc {
    float frame_dt;
    uint32_t substeps;
    uint32_t iterations;
    uint32_t max_frames;
    uint32_t min_frames;
    float rest_ke;
    float skin_offset;
    float damping;
    void (*progress)(float done, void *user);
    void *user;
} vt_drape_desc;

typedef struct vt_drape_stats {
    double ms;     /* wall time of the drape (arrange + simulate), not the body field */
    double sdf_ms; /* building the body's distance field */
    uint32_t frames, substeps;
    float kinetic_energy; /* J, at the end */
    float mass;           /* kg of cloth */
    float outside_share;  /* of garment vertices outside the body surface */
    float max_penetration_mm;
    double ns_per_substep_vertex;
} vt_drape_stats;

VT_API vt_result vt_drape(vt_garment *g, const vt_body *body, const vt_drape_desc *desc,
                          vt_drape_stats *out);
/* out: n stats. jobs NULL runs them one after another on this thread. */
VT_API vt_result vt_drape_many(vt_garment *const *g, uint32_t n, const vt_body *body,
                               const vt_drape_desc *desc, vt_jobs *jobs, vt_drape_stats *out);

/* ---- Pose -----------------------------------------------------------------

   vt_fit_pose takes a body and the garments draped on it from the rest
   A-pose to another pose. The body is changed in place (its measurements
   stay those of the rest pose); out: n stats, may be NULL when n is 0.
     VT_POSE_A     does nothing.
     VT_POSE_T     turns the upper arms straight out sideways: each garment
                   vertex takes the skin weights of the nearest rest body
                   vertex, body mesh, joints and garments are skinned with
                   the pose's joint transforms (linear blend skinning), then
                   the garments settle briefly against the posed body (at
                   most 45 frames, at least 25, from where they are: panel
                   garments as vt_drape, a transferred brand garment with
                   rest3d as vt_drape_transferred, its first 0.1 s without
                   gravity and no vertex moving over 5 mm a substep, so
                   cloth skinning stretched across the armpit is not
                   pulled into the arm, and what is still inside at the end
                   brought out (pushed along the body's distance field, or
                   where that has no gradient, moved to the mean of its
                   neighbours outside); out: the figures of that settle).
     VT_POSE_WALK  the walk cycle through a vt_fit_walker (below), left at
                   mid-stride (phase 0: the left heel strikes, the legs
                   furthest apart; no settle). out: outside_share and
                   max_penetration_mm are the worst over 8 phases of the
                   cycle, judged against a distance field of the posed body
                   built afresh at each (8 mm grid, as the drape's); ms the
                   whole call; frames and substeps 0.

   The walk cycle: VT_WALK_CYCLE_S seconds, two steps, in place (the root
   only bobs: it is lowered or lifted so the lowest heel or ball of the feet
   stands on y = 0). Phase is in cycles (its fraction is used), 0 at the
   left heel strike, the right leg half a cycle behind. Hip, knee and ankle
   follow normative adult gait curves (knee up to 58 degrees in swing); the
   pelvis turns 5 degrees towards the front leg and drops 3 degrees on the
   swing side, the chest turns back against it, the head faces forward; the
   arms, 18 degrees nearer the body than in the A-pose, swing opposite the
   legs (-12..+16 degrees) with the elbows bending 8..24 degrees. The
   rotations are relative to the rest pose, made for the generated
   mannequin's A-pose: an imported body resting in a T-pose walks with its
   arms out.

   vt_fit_walker: the cheap per-frame path for showing the walk. Created
   once from a body in its rest pose and the garments draped on it (both
   copied: they may change or go afterwards): each garment vertex is bound
   to its nearest point on the rest body (a triangle and barycentrics) and
   takes the body's skin weights interpolated there (except trousers,
   garments keep only 35 % of the legs' weights, the rest going to the hips,
   so a hem between the thighs does not tear as they part); it also keeps a
   second anchor, the nearest point within 6 cm on another part of the body
   (torso, an arm, a leg), and its height over each anchor triangle, capped
   at the skin offset. vt_fit_walker_frame then skins body and garments at
   a phase into the caller's arrays (3 floats per vertex; no allocation):
   linear blend skinning, then each garment vertex that sank below its kept
   height over a posed anchor triangle is pushed back out along that
   triangle's normal, which keeps the cloth out of the folds where skinning
   alone pokes it through (crotch, back of the knee, armpit) and lets a leg
   push a hem forward. It is not a simulation: nothing swings, and a body
   part that reaches the cloth away from both anchors is not seen. Normals
   are not produced (vt_mesh_compute_normals if needed). Body and garment
   vertices are independent within a frame, so the output is bit-identical
   for any thread count. tests/bench/walk_bench.c times a frame: about 0.35
   to 0.5 ms for a 40k-vertex body and a 9k-vertex garment.

   vt_fit_walker_desc: zero fields take defaults.
     .skin_offset  0.003 m: the height over the skin a garment vertex is
                   kept at, or its rest height when that is less
     .jobs         NULL: the calling thread does all the work; else the
                   frame is split in .parts, .parts - 1 of them on the job
                   threads and one on the calling thread
     .parts        2 (with jobs; at most 64) */
typedef enum vt_pose { VT_POSE_A = 0, VT_POSE_T, VT_POSE_WALK } vt_pose;

VT_API vt_result vt_fit_pose(vt_body *body, vt_garment *const *g, uint32_t n, vt_pose pose,
                             vt_jobs *jobs, vt_drape_stats *out);

#define VT_WALK_CYCLE_S 1.1f

typedef struct vt_fit_walker vt_fit_walker;

typedef struct vt_fit_walker_desc {
    float skin_offset;
    vt_jobs *jobs;
    uint32_t parts;
} vt_fit_walker_desc;

VT_API vt_result vt_fit_walker_create(const vt_body *body, const vt_garment *const *g, uint32_t n,
                                      const vt_fit_walker_desc *desc, vt_fit_walker **out);
VT_API void vt_fit_walker_destroy(vt_fit_walker *w); /* NULL is fine */
/* body_out: 3 floats per body vertex; garment_out: n arrays of 3 floats per
   garment vertex (NULL when n is 0). */
VT_API void vt_fit_walker_frame(vt_fit_walker *w, float phase, float *body_out,
                                float *const *garment_out);
/* World positions of the joints of a rest-pose body in the walk at phase. */
VT_API void vt_fit_walk_joints(const vt_body *body, float phase, float out[VT_JOINT_COUNT][3]);
/* Writes the body and the walker's garments as one glTF binary that plays
   the walk in any viewer: meshes "body" and "garment" ("garment-SIZE" for
   several) in the rest pose, skinned to the body's skeleton (the garments
   with the weights the walker bound them with), and an animation "walk"
   (one cycle, VT_WALK_CYCLE_S, 31 linear samples, the last equal to the
   first: it loops) turning every joint and lifting the hips. body and g are
   those the walker was made from (they may have been posed since: the
   walker's rest copies are written). A viewer skins linearly: the walker's
   per-frame push out of the body is not in the file. colors: NULL or one
   array per garment (each may be NULL); base_color NULL = denim blue. */
VT_API vt_result vt_fit_walker_write_glb(const vt_fit_walker *w, const vt_body *body,
                                         const vt_garment *const *g, const float *const *colors,
                                         const float base_color[3], const char *path);

/* ---- Fit map --------------------------------------------------------------

   Stretch per vertex in % of rest length: the larger principal stretch of
   the triangles around it (deformation of the flat panel into its draped
   shape), averaged by area; negative where the cloth is compressed (loose).
   vt_fit_colors maps it to linear RGBA: blue at or below 0 % (loose),
   green at half the fabric's comfortable stretch, red at or past it. */
VT_API vt_result vt_garment_stretch(const vt_garment *g, float *out_percent); /* vertex_count */
VT_API void vt_fit_colors(const vt_garment *g, const float *stretch_percent, float *out_rgba);
/* Mean and largest stretch (%) of the vertices within 3 cm of a region's
   line on its panels (chest, waist, hip), or over the sleeve panels
   (VT_REGION_SLEEVE) or trouser legs below the crotch (VT_REGION_INSEAM).
   false when the garment has no such region. */
VT_API bool vt_garment_region_stretch(const vt_garment *g, const float *stretch_percent,
                                      vt_fit_region region, float *mean, float *max);

/* Writes body and garment as one glTF binary with two meshes named "body"
   and "garment" in the same space; colors (4 floats per garment vertex,
   linear) may be NULL; base_color (linear RGB) NULL = denim blue. The body
   keeps its skeleton as a skin (bind pose = the pose written) and its
   body_type in extras; the garment node's extras {"vitrine": {"kind",
   "size", "fabric"}} make the file a brand garment vt_garment_model_load
   reads. */
VT_API vt_result vt_fit_write_glb(const vt_body *body, const vt_garment *g, const float *colors,
                                  const float base_color[3], const char *path);
/* The same with n garments on the one body (all of a garment's sizes): one
   "body" mesh and node, then a mesh and node "garment-SIZE" per garment
   ("garment" when n is 1); colors NULL or n arrays (each may be NULL). */
VT_API vt_result vt_fit_write_glb_many(const vt_body *body, const vt_garment *const *g,
                                       const float *const *colors, uint32_t n,
                                       const float base_color[3], const char *path);

/* ---- Bring your own: a user's avatar, a brand's garment (.glb) -----------

   A user's avatar (vt_body_load_glb): a glTF binary with a skinned mesh
   (of several, the one with the most vertices: eyes and teeth are left out).
   Bones are found by name, any case, with or without a "mixamorig:" (or
   "mixamorig_") prefix: VRM 1.0 humanoid names as vt_body_write_glb writes
   them, or Mixamo's (Hips, Spine, Spine1, Spine2, Neck, Head, LeftShoulder,
   LeftArm, LeftForeArm, LeftHand, LeftUpLeg, LeftLeg, LeftFoot, LeftToeBase,
   Right* likewise). Required: hips, spine, neck, head, upper and lower arms,
   upper and lower legs, feet; the others are placed from these when absent.
   The mesh is taken in its bind pose (inverse bind matrices, and the hips'
   world matrix times its inverse bind matrix for the file's transform), then
   turned so the spine points up (+Y) and the left arm to +X (so the body
   faces +Z), scaled to metres (a height of 1.0..2.5 is metres, 100..250
   centimetres, 1000..2500 millimetres; anything else is refused), feet put
   on y = 0 and its hips on x = 0. Vertices at the same position are merged;
   the mesh must then be closed (every edge shared by exactly two triangles),
   because the drape's distance field tells inside from outside by ray
   parity: an open mesh is refused. Weights of bones we do not know go to
   their nearest known ancestor (hips when none). The tape is laid at
   heights taken from the skeleton (chest 0.02 x stature below upperChest,
   waist 0.0125 x stature above spine, hip 0.02 x stature above hips, where
   our mannequin has them); requested holds the tape's stature and girths,
   arm_length (the arm bones, both sides averaged) and inside_leg_length
   (the crotch at 0.035 x stature below the hip joint), body_type from the
   extras {"vitrine": {"body_type": ...}} of the node, mesh or scene
   (neutral otherwise), the other fields derived as for body.json.

   A brand's garment (vt_garment_model_load): a glTF binary with a mesh
   named "garment" (node or mesh name; else the only mesh that is not the
   body), modelled on a reference body: the file's skinned mesh named "body"
   (what `vitrine fit --export` writes, so any export is a brand garment), or
   reference_path (body.json or a body .glb; the garment is then read in the
   reference file's space). The garment node's (or mesh's) extras say what
   it is:
       {"vitrine": {"kind": "tshirt",                  required
                    "size": "M",                       optional, default "modelled"
                    "fabric": "cotton_jersey",         a preset or an object as in
                                                       garment.json; default per kind
                    "ease": {"chest": [0, 10]}}}       optional, default per kind
   Default fabric / ease: tshirt cotton_jersey / chest 0..10; long_sleeve_shirt
   woven_cotton / chest 8..16, sleeve_length 1..6; dress woven_cotton / chest
   4..10, waist 3..10, hip 4..10; skirt woven_cotton / waist 0..4, hip 2..8;
   trousers denim / waist 0..4, hip 2..8, inseam -5..0 (as the shipped
   garment.json files). The garment's single size is measured on the model:
   chest, waist and hip as the tape measures a body (the convex hull of the
   horizontal section at the reference body's landmark, sleeves left out),
   length from its top to its hem (tops) or waist to hem, sleeve_length
   from the shoulder joint to the cuff along the arm, inseam from the
   crotch to the hem. Vertices at one position are merged, and every open
   edge within 5 mm of another open edge is stitched to it (a garment
   modelled in panels, as our exports are).

   vt_garment_transfer carries the model onto another body: every vertex is
   expressed relative to the reference body's bones near it (position along
   the bone, angle around it, distance from it), blended over the nearest
   bones (the skin weights of the nearest reference body vertex), and
   rebuilt on the target's bones: the surface distance from the bone at
   that place read on each body's distance field, the cloth's height over
   the surface scaled by the girth ratio of the two bodies at that height
   (chest, waist, hip); the moves are then smoothed over the garment mesh.
   The result is a vt_garment (no panels) whose rest shape is the model's:
   rest3d holds the modelled positions and the drape and the fit map
   measure stretch against them, so a garment too small for the target is
   stretched by the drape, not resized. vt_drape_transferred drapes
   it on the calling thread (XPBD as vt_drape, same defaults and stopping
   rule: every edge a stretch constraint, the vertices across each edge a
   bending one, stitches, a long-range limit from each vertex to the highest
   vertex six edges away; skirts and trousers held at their top 1.5 cm; the
   first 0.25 s without gravity so the cloth takes its modelled lengths).
   vt_garment_transferred_stretch is vt_garment_stretch against rest3d
   (triangles crushed in the model, under a quarter of the median area,
   left out); ..._region_stretch uses the target's landmarks (3 cm bands,
   between the shoulders). A transferred garment takes the T-pose and the
   walk with vt_fit_pose like a sewn one (the T-pose's settle is its own
   solver's). Not yet: avatars whose mesh is open or split into several
   skinned meshes, and more than one size per brand model.

   Errors name the file and the cause on one line: not a glb, no skinned
   mesh, a missing bone ("PATH: the skeleton has no leftLowerLeg bone
   (Mixamo: leftleg) ..."), an absurd size, an open mesh, no garment mesh,
   no kind, no reference body, a region the kind needs that the garment does
   not reach. */
/* OWNERSHIP: vt_garment_model_load returns a model freed by
   vt_garment_model_free (its reference body included); vt_garment_transfer
   returns a vt_garment freed by vt_garment_free; for it seam_vertices holds
   the stitches as triples (seam_count 0). */
typedef struct vt_garment_model {
    vt_garment_spec spec; /* kind, fabric, ease; one size measured on the model */
    vt_mesh_data mesh;    /* as modelled on the reference body, metres, welded */
    uint32_t *stitches;   /* 3 per stitch: a vertex and the open edge it is sewn to */
    uint32_t stitch_count;
    vt_body *reference; /* owned */
} vt_garment_model;

VT_API vt_result vt_garment_model_load(const char *path, const char *reference_path,
                                       vt_garment_model **out);
VT_API void vt_garment_model_free(vt_garment_model *m); /* NULL is fine */
VT_API vt_result vt_garment_transfer(const vt_garment_model *m, const vt_body *target,
                                     vt_garment **out);
VT_API vt_result vt_drape_transferred(vt_garment *g, const vt_body *body, const vt_drape_desc *desc,
                                      vt_drape_stats *out);
VT_API vt_result vt_garment_transferred_stretch(const vt_garment *g, float *out_percent);
VT_API bool vt_garment_transferred_region_stretch(const vt_garment *g, const vt_body *body,
                                                  const float *stretch_percent,
                                                  vt_fit_region region, float *mean, float *max);

#ifdef __cplusplus
}
#endif

#endif
