/* Shape builders for generated products and fixtures: gridded surfaces (lofts of
   rounded rings, tubes swept along curves), rounded boxes, and a model under
   construction that gathers pieces per named material. Every builder fills a
   vt_mesh_data with positions, smooth normals and uv0; the caller owns it until it
   hands it to ag_add(), which takes it. */
#ifndef VT_ASSETGEN_SHAPE_H
#define VT_ASSETGEN_SHAPE_H

#include "vitrine/vitrine.h"

#define AG_PI 3.14159265f
#define AG_COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* One cross-section of a loft, at height y: centred on (cx, cz), half extents a
   (along x) and b (along z). corner < 0 makes an ellipse; corner >= 0 a rounded
   rectangle with that corner radius (clamped to min(a, b)). a = b = 0 closes the
   loft there (a pole). */
typedef struct ag_ring {
    float y, cx, cz, a, b, corner;
} ag_ring;

/* Point i of n around ring g (x, z), starting at the front (+z), turning to +x. */
void ag_ring_point(const ag_ring *g, uint32_t i, uint32_t n, float *x, float *z);

/* Lofts rings (in order of y or any order along the surface) with `segments`
   points around each. The surface is wound so its normals face away from the
   loft's axis. */
void ag_loft(const ag_ring *rings, uint32_t count, uint32_t segments, vt_mesh_data *out);
/* The same through `subdiv` smooth steps between neighbouring rings. */
void ag_loft_smooth(const ag_ring *rings, uint32_t count, uint32_t subdiv, uint32_t segments,
                    vt_mesh_data *out);

/* A tube swept along a Catmull-Rom curve through pts (count >= 2), radius per
   point; the section is an ellipse of radius r along the curve's normal and
   r * flat along its binormal (flat = 1: round). `up` picks the frame: the
   binormal starts as close as possible to it. closed: the curve is a loop.
   Open tubes get round end caps when `caps`. */
typedef struct ag_tube_desc {
    const float (*pts)[3];
    const float *radius; /* count entries, or NULL: r0 everywhere */
    uint32_t count;
    float r0, flat;
    float up[3];
    uint32_t steps_per_span, sides;
    bool closed, caps;
} ag_tube_desc;
void ag_tube(const ag_tube_desc *d, vt_mesh_data *out);

/* A box of size (w, h, d) with rounded edges of radius r, bottom centre at the origin. */
void ag_rbox(float w, float h, float d, float r, vt_mesh_data *out);

/* A cylinder (radius r, height h, bottom at y = 0) with edges rounded by bevel. */
void ag_cylinder(float r, float h, float bevel, uint32_t segments, vt_mesh_data *out);

/* Revolves (radius, height) points about +Y; smooth Catmull-Rom through them. */
void ag_lathe(const float (*profile)[2], uint32_t count, uint32_t segments, uint32_t subdiv,
              vt_mesh_data *out);

/* Transforms m in place: scale, then rotate about x, y, z (degrees, in that
   order), then translate. Normals follow. */
void ag_xform(vt_mesh_data *m, const float scale[3], const float rot_deg[3], const float move[3]);
void ag_move(vt_mesh_data *m, float x, float y, float z);

/* A PBR material; colours are sRGB 0..1 (converted to linear on export). */
typedef struct ag_mat {
    const char *name;
    float color[3];
    float metallic, roughness;
    float sheen[3], sheen_roughness; /* sheen[] all 0: none */
    float clearcoat, clearcoat_roughness;
    float transmission, ior, thickness; /* ior 0: not written */
    float emissive[3];
    float alpha; /* 0 = 1 (opaque) */
    bool double_sided;
} ag_mat;

#define AG_MAX_MATS 6

typedef struct ag_model {
    ag_mat mats[AG_MAX_MATS];
    vt_mesh_data parts[AG_MAX_MATS]; /* all pieces of one material, merged */
    uint32_t mat_count;
    const char *name;
} ag_model;

/* Adds a material (names unique in the model) and returns its index. */
uint32_t ag_mat_add(ag_model *m, ag_mat mat);
/* Appends piece to the material's part and frees piece. */
void ag_add(ag_model *m, uint32_t mat, vt_mesh_data *piece);
/* The bounds of everything added so far. */
vt_aabb ag_model_bounds(const ag_model *m);
/* Writes m as a .glb with assimp's exporter, then frees its meshes. On failure
   prints "assetgen: PATH: cause" and returns false. */
bool ag_model_write(ag_model *m, const char *path);
void ag_model_free(ag_model *m);

#endif
