/* engine/render/render_internal.h — state shared by the render module's files. */
#ifndef VT_RENDER_INTERNAL_H
#define VT_RENDER_INTERNAL_H

#include "vitrine/render.h"
#include "core/internal.h"

#include <epoxy/gl.h>

/* Texture units, fixed for every program (set once after linking). */
enum {
    VT__TEX_BASE = 0,
    VT__TEX_MR,
    VT__TEX_NORMAL,
    VT__TEX_OCCLUSION,
    VT__TEX_EMISSIVE,
    VT__TEX_CLEARCOAT,
    VT__TEX_CLEARCOAT_ROUGH,
    VT__TEX_CLEARCOAT_NORMAL,
    VT__TEX_SHEEN,
    VT__TEX_TRANSMISSION,
    VT__MAT_TEX_COUNT,
    VT__TEX_PREFILTERED = VT__MAT_TEX_COUNT,
    VT__TEX_IRRADIANCE,
    VT__TEX_LUT,
    VT__TEX_SHADOW,
    VT__TEX_CONTACT,
    VT__TEX_SOURCE, /* the input of a post or generation pass */
};

/* Uniform block bindings. */
enum { VT__UBO_FRAME = 0, VT__UBO_MATERIAL = 1 };

/* Programs in the shader library. */
typedef enum vt__prog {
    VT__PROG_PBR = 0,
    VT__PROG_DEPTH,
    VT__PROG_GROUND,
    VT__PROG_TONEMAP,
    VT__PROG_ENV_STUDIO,
    VT__PROG_ENV_EQUIRECT,
    VT__PROG_PREFILTER,
    VT__PROG_IRRADIANCE,
    VT__PROG_BRDF_LUT,
    VT__PROG_OUTLINE,
    VT__PROG_MIRROR,
    VT__PROG_COUNT
} vt__prog;

typedef struct vt__program {
    GLuint id; /* 0 = not built (lazily) or failed */
    bool failed;
    GLint u_face, u_roughness, u_src_size, u_params, u_mode; /* generation and post uniforms */
    GLint u_color, u_model;
    GLint u_light_n, u_light_list, u_shadow_taps; /* pbr: the lights that reach a batch */
} vt__program;

/* Lights a frame takes (frame.glsl's arrays), and of them the ones one batch
   lists (pbr.frag's u_light_list): a store's room and a fitting-room key add
   up past 8, while the per-fragment loop stays at most 8 long. */
#define VT__MAX_LIGHTS 16
#define VT__BATCH_LIGHTS 8

/* What a material uses, as VT_FEATURES in pbr.frag: llvmpipe runs both sides
   of a branch under a lane mask, so the code of a feature the material lacks
   (and its texture fetches) costs as much as if it were used unless the
   program is compiled without it; a program without discard also gets the
   early depth test. Bits 0..9: texture slot present (VT__TEX_*). */
enum {
    VT__PBR_MASK = 1u << 10, /* alpha mode mask: discard */
    VT__PBR_UNLIT = 1u << 11,
    VT__PBR_SHEEN = 1u << 12,
    VT__PBR_CLEARCOAT = 1u << 13,
    VT__PBR_TRANSMISSION = 1u << 14,
    VT__PBR_ALL = (1u << 15) - 1,
};
#define VT__PBR_VARIANTS 48

typedef struct vt__pbr_variant {
    uint32_t features;
    vt__program prog;
} vt__pbr_variant;

/* std140 frame block: keep in step with shaders/frame.glsl. */
typedef struct vt__frame_ubo {
    float view_proj[16];
    float shadow_mat[16];  /* world -> shadow map texture space */
    float contact_mat[16]; /* world -> contact map texture space */
    float camera[4];       /* xyz, w = env max lod */
    float env[4];          /* intensity, cos rot, sin rot, background lod */
    float shadow[4];       /* light index casting (-1 none), texel size, normal bias, enabled */
    float ground[4];       /* y, extent radius, shadow strength, contact height */
    float ground_center[4];
    float misc[4]; /* light count, exposure scale, tonemap mode, background mode */
    float bg_color[4];
    float key[4]; /* studio key box: world direction towards it, diffuse radiance per unit cos */
    float light_pos[VT__MAX_LIGHTS][4];   /* xyz, type */
    float light_dir[VT__MAX_LIGHTS][4];   /* xyz (shines along), range */
    float light_color[VT__MAX_LIGHTS][4]; /* rgb * intensity, shadow flag */
    float light_cone[VT__MAX_LIGHTS][4];  /* spot scale, offset */
} vt__frame_ubo;

/* std140 material block: keep in step with shaders/material.glsl. */
typedef struct vt__material_ubo {
    float base_color[4];
    float emissive[4]; /* rgb * strength */
    float p0[4];       /* metallic, roughness, normal scale, occlusion strength */
    float p1[4];       /* alpha cutoff, alpha mode, clearcoat, clearcoat roughness */
    float sheen[4];    /* rgb, roughness */
    float p2[4];       /* transmission, ior, unlit, double sided */
    float tex[VT__MAT_TEX_COUNT][2]
             [4]; /* rows of the uv transform; [0].w texcoord, [1].w present */
} vt__material_ubo;

typedef struct vt__gpu_material {
    GLuint ubo;
    GLuint tex[VT__MAT_TEX_COUNT]; /* 0 = absent */
    vt_alpha_mode alpha_mode;
    bool double_sided;
    uint32_t features; /* VT__PBR_* bits: which pbr.frag specialisation draws it */
} vt__gpu_material;

#define VT__MAX_LODS 4

/* One level of detail: a range of the mesh's index buffer, and how far (in
   the mesh's own units) its surface strays from the full mesh. */
typedef struct vt__lod {
    uint32_t first, count; /* indices */
    float error;
} vt__lod;

typedef struct vt__gpu_mesh {
    GLuint vao, vbo, ibo;
    uint32_t index_count; /* of the full mesh, lod[0] */
    vt__lod lod[VT__MAX_LODS];
    uint32_t lod_count;
    uint32_t material;          /* global material index */
    uint32_t *variant_material; /* global material per variant, or NULL */
    uint32_t variant_count;
    bool failed;
} vt__gpu_mesh;

typedef struct vt__env {
    GLuint cube;        /* radiance, mipmapped */
    GLuint prefiltered; /* GGX mip chain */
    GLuint irradiance;
    uint32_t prefiltered_levels;
    float intensity, rotation;
    vt_env_kind kind;
    float key_dir[3]; /* direction light travels from the studio's key box */
    bool valid;
} vt__env;

typedef struct vt__target {
    uint32_t width, height, samples;
    GLuint fbo_ms, color_ms, depth_ms; /* multisampled HDR (or single-sampled when samples 1) */
    GLuint fbo_resolve, color_resolve;
    GLuint fbo_out, color_out, depth_out; /* RGBA8 for render_image */
    uint32_t out_width, out_height;
} vt__target;

typedef struct vt__draw {
    uint64_t key;
    uint32_t item;
    uint32_t mesh;     /* index into meshes */
    uint32_t material; /* index into materials */
    uint32_t lod;
} vt__draw;

/* A run of instances drawn with one call: same mesh, level of detail and material. */
typedef struct vt__batch {
    uint32_t mesh, material, lod;
    uint32_t first, count; /* into the instance buffer */
    vt_aabb bounds;        /* of its instances: which lights can reach it */
    bool blend;
    bool mirror; /* drawn as the mirror's surface */
} vt__batch;

/* What one vt_renderer_upload_model call created, for vt_renderer_release_model. */
typedef struct vt__upload {
    uint32_t mesh_first, mesh_count; /* indices into meshes */
    uint32_t material_first, material_count;
    uint32_t texture_first, texture_count;
} vt__upload;

struct vt_renderer {
    vt_renderer_desc desc;
    bool gles;
    int profile; /* VITRINE_PROFILE: 1 = wall time per pass, 2 ("cpu") = thread CPU time */
    GLint max_samples;
    vt__program prog[VT__PROG_COUNT];
    vt__pbr_variant pbr_var[VT__PBR_VARIANTS]; /* built on first use */
    uint32_t pbr_var_count;
    GLuint empty_vao;
    GLuint white_tex;

    vt__gpu_mesh *meshes; /* index = mesh id - 1 */
    uint32_t mesh_count, mesh_cap;
    vt__gpu_material *materials;
    uint32_t material_count, material_cap;
    GLuint *textures;
    uint32_t texture_count, texture_cap;
    vt__upload *uploads;
    uint32_t upload_count, upload_cap;

    vt__env env;
    GLuint brdf_lut;

    /* shadow casters: culled to the light's frustum, kept between frames */
    vt_draw_item *shadow_items;
    uint32_t shadow_item_cap;
    uint64_t *shadow_order;
    float *shadow_instances;
    vt__batch *shadow_batches;
    uint32_t shadow_cap, shadow_batch_count;
    GLuint shadow_vbo;

    GLuint shadow_tex, shadow_fbo;
    GLuint contact_tex, contact_fbo;
    uint32_t contact_size;
    /* The maps depend on the casters and the light, not the camera: a static
       scene (a turntable, the viewer) reuses them. 0 = none. */
    uint64_t shadow_key, contact_key;
    float shadow_mat[16], contact_mat[16];

    GLuint frame_ubo;
    GLuint instance_vbo;
    size_t instance_cap; /* bytes */
    vt__target target;

    /* per-frame scratch, kept between frames */
    vt_draw_item *items;
    uint32_t item_cap;
    vt__draw *draws;
    float *instances;
    uint32_t draw_cap;
    vt__batch *batches;
    uint32_t batch_count, batch_cap;
    vt_light_item *lights;
    uint32_t light_cap;
    uint32_t *highlighted; /* draw indices of the highlighted instances */
    uint32_t highlight_count, highlight_cap;

    GLuint mask_tex, mask_fbo; /* highlight silhouettes, R8 at the target's size */
    uint32_t mask_width, mask_height;

    /* planar mirror: the reflected pass's own HDR target and its output */
    vt__target mirror_target;
    GLuint mirror_tex, mirror_fbo;
    uint32_t mirror_width, mirror_height;
    bool in_mirror; /* inside the reflected pass: mirrored winding, no mirror */
};

/* gl.c */
GLuint vt__tex2d(GLenum internal, uint32_t w, uint32_t h, GLenum format, GLenum type,
                 const void *pixels, bool mipmaps);
GLuint vt__texcube(GLenum internal, uint32_t size, uint32_t levels);
GLuint vt__fbo_color(GLuint tex, GLenum target, GLint level);
bool vt__fbo_check(const char *what);
void vt__draw_fullscreen(vt_renderer *r);
void vt__delete_tex(GLuint *t);
uint32_t vt__mip_count(uint32_t size);

/* shader.c */
vt_result vt__shaders_init(vt_renderer *r);
void vt__shaders_destroy(vt_renderer *r);
/* Builds the program on first use; NULL (logged) when it does not compile. */
const vt__program *vt__program_get(vt_renderer *r, vt__prog p);

/* The PBR program specialised to features (VT__PBR_* bits), built on first
   use; the general one when the table is full or it does not compile. */
const vt__program *vt__pbr_program(vt_renderer *r, uint32_t features);

/* upload.c */
void vt__upload_destroy(vt_renderer *r);

/* ibl.c */
vt_result vt__ibl_init(vt_renderer *r);
void vt__ibl_destroy(vt_renderer *r);

/* shadow.c */
void vt__shadow_destroy(vt_renderer *r);

/* What casts the shadow map: a directional light (or the studio's key box),
   or a spot light. */
typedef struct vt__shadow_light {
    bool spot;
    float pos[3]; /* spot: where it stands */
    float dir[3]; /* unit: where the light travels */
    float outer;  /* spot: outer cone half angle, radians */
    float range;  /* spot: 0 = unlimited */
} vt__shadow_light;

/* Renders the shadow map of l over the scene (bounds: the scene's), with the
   casters culled to the light's frustum, at each caster's level of detail for
   the map's resolution; reuses last frame's map when casters and light are
   unchanged. Fills the world -> texture matrix and the size of a map texel
   in metres (directional) or in metres per metre of distance from the light
   (spot). false when there is no map. */
bool vt__shadow_update(vt_renderer *r, const vt_scene *s, const vt__shadow_light *l,
                       const vt_aabb *bounds, float out_mat[16], float *out_texel);
/* Renders the contact map (depth seen from the ground looking up) with the
   camera's first instance_count batches. */
bool vt__contact_render(vt_renderer *r, const vt_aabb *bounds, uint32_t instance_count,
                        float out_mat[16]);
/* draws.c */
/* Culls s with vp, picks levels of detail (px_per_unit: pixels per metre at
   distance 1 from eye, or anywhere when not perspective), sorts and batches
   the draws into r->draws / r->batches and uploads the instance buffer.
   Instances at or below mirror (0 = none) become mirror batches. */
vt_result vt__prepare_draws(vt_renderer *r, const vt_scene *s, const float vp[4][4],
                            const float eye[3], float px_per_unit, bool perspective, vt_node mirror,
                            uint32_t *out_draws, uint32_t *out_mirror_draws);
/* Identifies what the contact map shows: the camera's instances, meshes and bounds. */
uint64_t vt__caster_key(const vt_renderer *r, uint32_t draw_count, const vt_aabb *b);
/* Binds mesh g's vertex array with the instance attributes at instance `first`
   of the camera's instance buffer (or of vbo). */
void vt__bind_instances(vt_renderer *r, const vt__gpu_mesh *g, uint32_t first);
void vt__bind_instances_from(GLuint vbo, const vt__gpu_mesh *g, uint32_t first);
/* The coarsest level of detail of g that strays under VT__LOD_PIXELS on
   screen for an instance at item's place; px_per_unit: pixels per metre at
   distance 1 from eye (perspective) or anywhere (orthographic). */
#define VT__LOD_PIXELS 1.0f
uint32_t vt__pick_lod(const vt__gpu_mesh *g, const vt_draw_item *it, const float eye[3],
                      float px_per_unit, bool perspective);

/* mirror.c */
/* The plane (n, d; n.x + d = 0, n unit, +Z of the node's frame) of mirror;
   false when the node is not valid or degenerate. */
bool vt__mirror_plane(const vt_scene *s, vt_node mirror, float out[4]);
/* Renders the scene reflected in plane into the mirror texture; false (logged) when it
   could not. */
bool vt__mirror_render(vt_renderer *r, const vt_scene *s, const vt_view *v, const vt_frame_desc *f,
                       const float plane[4]);
/* Makes p (the mirror program) current with the mirror texture bound for view v. */
void vt__mirror_bind(vt_renderer *r, const vt__program *p, const vt_view *v);
void vt__mirror_destroy(vt_renderer *r);

/* outline.c */
/* Whether n is top or one of its descendants. */
bool vt__node_under(const vt_scene *s, vt_node n, vt_node top);
/* Marks the draws whose node is the highlight node or below it. */
vt_result vt__outline_collect(vt_renderer *r, const vt_scene *s, vt_node highlight,
                              uint32_t draw_count);
/* Draws the outline of the collected draws into target_fbo at the view's
   viewport (after tone mapping). vp: the view-projection. */
void vt__outline_pass(vt_renderer *r, const vt_frame_desc *f, GLuint target_fbo, const vt_view *v,
                      const float vp[16]);
void vt__outline_destroy(vt_renderer *r);

/* tonemap.c */
void vt__tonemap_pass(vt_renderer *r, const vt_frame_desc *f, GLuint target_fbo, const vt_view *v,
                      const float inv_view_proj[16]);

#endif
