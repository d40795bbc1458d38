/* vitrine/render.h — the physically based renderer.

   What it does: uploads models (meshes, materials, textures) to the GPU and
   draws a vt_scene for a vt_view: GGX / Smith / Schlick with multiple-
   scattering energy compensation, image-based lighting (prefiltered specular
   mip chain, irradiance, BRDF lookup table) from a procedural studio, a
   uniform neutral environment or an equirectangular HDR, KHR_lights_punctual
   lights, one soft shadow map (directional or spot) plus a contact shadow on
   the ground, alpha mask and blend (sorted back to front), MSAA, and tone
   mapping (Khronos PBR Neutral by default, ACES, or none) with sRGB output;
   levels of detail, instanced draws, a highlight outline around a node's
   instances and one planar mirror per frame (vt_frame_desc).
   Written to the common subset of desktop GL 3.3 core and GLES 3.0.
   What it does not: create GL contexts or windows (see platform.h); shadows
   from point lights or from more than one light; occlusion culling; reflections
   other than the one planar mirror (glossy surfaces reflect the environment).

   Looks: the default studio is a neutral grey paper sweep lit by soft boxes;
   behind the product only the sweep shows. One light casts the shadow map:
   the first light with cast_shadow set that is directional (an orthographic
   map over the scene's bounds) or a spot (a perspective map of its cone, to
   its range or the scene's far side); else the first directional light; else,
   when the ground is drawn, the studio's key box (or light from straight
   above). Point lights cast no shadow. Shadow casters are the instances inside
   the light's frustum (not only those the camera sees), and the map is reused
   while they and the light stay the same, however the camera moves. The
   ground is a shadow catcher at the scene's lowest point that only darkens
   what is behind it (also in transparent images), with a contact shadow; it
   is drawn only for a camera outside the scene's bounds (a product seen from
   outside): inside a room (the store) there is none, as with no_ground.

   Levels of detail: meshes of 256 triangles or more get up to three coarser
   levels at upload (meshoptimizer, each a quarter of the one before); each
   instance is drawn at the coarsest level whose deviation from the full mesh
   stays under 1 pixel on screen (in the shadow map: under one map texel):
   the silhouette moves by less than a pixel, and a product seen from close
   by is drawn in full. Repeated meshes are drawn instanced
   (one draw per mesh, level and material), per-instance matrices in one
   buffer written once a frame; no allocation per frame once the arrays have
   grown to the scene.
   Precomputation (BRDF table at create, environment cubes at set_env) runs on
   the GPU once; nothing is recomputed per frame, and the shadow and contact
   maps are reused while the scene and light stay the same.

   Shaders come embedded; $VITRINE_SHADER_DIR or desc.shader_dir reads them
   from a folder instead. VITRINE_PROFILE=1 logs the wall time of each pass
   (finishing each), VITRINE_PROFILE=cpu the calling thread's CPU time.

   CPU cost: on a software rasterizer (Mesa llvmpipe) the driver's vertex
   stage runs on the calling thread inside the draw calls, so submit_ms
   follows the drawn triangles and instances (about 70 ns a triangle and 1.5
   us an instanced mesh there); Mesa's mesa_glthread=true (set before the
   context is created) moves that to a driver thread.

   Threads: create, use and destroy a renderer on the thread whose GL context
   is current.

   Ownership: vt_renderer_create / vt_renderer_destroy. Models passed to
   vt_renderer_upload_model are copied to the GPU; the caller keeps them. The
   GPU copy lives until vt_renderer_release_model or vt_renderer_destroy.

   Errors: VT_ERR_NO_GPU when no usable context is current; VT_ERR_GPU when a
   shader does not compile (the log names the file and the GL info log);
   VT_ERR_IO when an HDR file cannot be read, VT_ERR_PARSE or VT_ERR_LIMIT
   when it is not a Radiance .hdr or too large (as vt_hdr_load). A GPU
   object that fails to create (texture, buffer, a mesh with bad indices) is
   logged and skipped when drawn.

   Example (headless, with a context from vt_headless_create):
       vt_renderer *r; vt_renderer_create(&(vt_renderer_desc){0}, &r);
       uint32_t base; vt_renderer_upload_model(r, model, &base);
       vt_model_instantiate(model, scene, (vt_node){0}, base, NULL);
       vt_scene_update(scene);
       vt_view view; vt_view_frame_bounds(&bounds, 0, 0, 800, 600, &view);
       uint8_t *rgba = malloc(800 * 600 * 4);
       vt_renderer_render_image(r, scene, &view, &(vt_frame_desc){0}, rgba, NULL);
*/
#ifndef VITRINE_RENDER_H
#define VITRINE_RENDER_H

#include "vitrine/base.h"
#include "vitrine/asset.h"
#include "vitrine/scene.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_renderer vt_renderer;

/* vt_renderer_desc: zero fields take defaults.
     .shader_dir        NULL: $VITRINE_SHADER_DIR if set, else the embedded shaders
     .shadow_map_size   1024
     .env_size          256    cube face size of the prefiltered environment     */
typedef struct vt_renderer_desc {
    const char *shader_dir;
    uint32_t shadow_map_size;
    uint32_t env_size;
} vt_renderer_desc;

VT_API vt_result vt_renderer_create(const vt_renderer_desc *desc, vt_renderer **out);
VT_API void vt_renderer_destroy(vt_renderer *r); /* NULL is fine */

/* Uploads every mesh, material and image of m. Mesh i gets id *out_mesh_base + i
   (ids start at 1, never reused). */
VT_API vt_result vt_renderer_upload_model(vt_renderer *r, const vt_model *m,
                                          uint32_t *out_mesh_base);
/* Frees the GPU meshes, materials and textures of the upload that returned
   mesh_base. Instances still naming its mesh ids draw nothing; the ids are not
   reused. An unknown or already released mesh_base does nothing. */
VT_API void vt_renderer_release_model(vt_renderer *r, uint32_t mesh_base);

typedef enum vt_env_kind {
    VT_ENV_STUDIO = 0, /* soft boxes over a neutral gradient */
    VT_ENV_NEUTRAL,    /* uniform white of radiance 1 */
    VT_ENV_HDR,        /* equirectangular Radiance file */
} vt_env_kind;

/* vt_env_desc: zero fields take defaults.
     .kind        VT_ENV_STUDIO
     .hdr_path    required for VT_ENV_HDR
     .intensity   1
     .rotation    0 radians about +Y                                           */
typedef struct vt_env_desc {
    vt_env_kind kind;
    const char *hdr_path;
    float intensity;
    float rotation;
} vt_env_desc;

VT_API vt_result vt_renderer_set_env(vt_renderer *r, const vt_env_desc *desc);

typedef struct vt_view {
    vt_mat4 view;                 /* world -> eye */
    vt_mat4 proj;                 /* eye -> clip (GL conventions) */
    uint32_t x, y, width, height; /* viewport in pixels */
} vt_view;

/* A perspective view looking at bounds b from yaw/pitch (radians; 0, 0 = on
   the +Z side looking along -Z), far enough for the whole box to fit. */
VT_API void vt_view_frame_bounds(const vt_aabb *b, float yaw, float pitch, uint32_t width,
                                 uint32_t height, vt_view *out);

typedef enum vt_tonemap {
    VT_TONEMAP_NEUTRAL = 0, /* Khronos PBR Neutral */
    VT_TONEMAP_ACES,
    VT_TONEMAP_NONE, /* linear radiance * 2^exposure, sRGB encoded */
} vt_tonemap;

typedef enum vt_background {
    VT_BACKGROUND_ENV = 0,
    VT_BACKGROUND_COLOR,
    VT_BACKGROUND_TRANSPARENT,
} vt_background;

/* vt_frame_desc: zero fields take defaults.
     .tonemap            VT_TONEMAP_NEUTRAL
     .exposure           0 EV
     .background         VT_BACKGROUND_ENV
     .background_color   sRGB 0..1, with VT_BACKGROUND_COLOR
     .msaa               0 = 4 samples; 1 = off
     .no_shadows         false
     .no_ground          false: a shadow-catching ground under the scene bounds
     .target_fbo         0 = the default framebuffer (vt_renderer_render)
     .highlight          0 = none; else every mesh instance at or below this node gets
                         an outline around its screen silhouette
     .highlight_color    sRGB 0..1; all zero = warm amber (1, 0.78, 0.38)
     .highlight_width    outline width in pixels; 0 = max(2, view height / 270)
                         (3 px at 720p, 4 at 1080p), at most 32
     .mirror             0 = none; else the mesh instances at or below this node are
                         a planar mirror (see below)
     .mirror_resolution  size of the reflection relative to the view; 0 = 0.5, at most 1

   The highlight outline is drawn over the finished image (after tone mapping,
   not lit, not tone mapped): a ring of highlight_width pixels just outside the
   union of the highlighted instances' silhouettes, soft on its outer edge and
   never over the silhouettes themselves. It is not hidden by objects in front
   of the product (the whole silhouette is outlined, as a selection cue), and
   it costs a mask pass plus a filter over the product's screen rectangle only.
   A stale or unknown node highlights nothing.

   The mirror: its plane is the mirror node's local z = 0 plane, reflecting
   towards its +Z (as a vt_mesh_plane facing +Z placed at the node). When one
   of its instances is in view and the camera is in front of the plane, the
   scene is rendered first from the camera reflected in the plane, at
   mirror_resolution of the view's size, without MSAA, ground or highlight,
   with everything behind the plane clipped away (oblique near plane), and
   with the environment as background; the mirror's instances then show that
   image where they lie on screen, tinted by their material's base colour (and
   vertex colours); no other shading. Seen from behind, they draw as their
   material. The extra pass costs about a frame at that resolution; its CPU
   time counts in submit_ms. One mirror per frame; no mirror in the mirror. */
typedef struct vt_frame_desc {
    vt_tonemap tonemap;
    float exposure;
    vt_background background;
    float background_color[3];
    uint32_t msaa;
    bool no_shadows;
    bool no_ground;
    uint32_t target_fbo;
    vt_node highlight;
    float highlight_color[3];
    float highlight_width;
    vt_node mirror;
    float mirror_resolution;
} vt_frame_desc;

typedef struct vt_frame_stats {
    uint32_t draw_calls;
    uint64_t triangles;
    uint32_t instances_visible;
    double cpu_ms; /* CPU time of the calling thread in the call (driver work on that thread
                      included, waiting for the GPU excluded) */
    /* Parts of cpu_ms, same clock: */
    double cull_ms;   /* frustum culling, sorting, batching, instance buffer upload */
    double shadow_ms; /* shadow and contact map passes (0 when the maps were reused) */
    double submit_ms; /* issuing the camera passes' draw calls and state (opaque, ground,
                         transparent, highlight); shadow_ms not included */
} vt_frame_stats;

/* Draws into frame->target_fbo at the view's viewport. stats may be NULL. */
VT_API vt_result vt_renderer_render(vt_renderer *r, const vt_scene *s, const vt_view *v,
                                    const vt_frame_desc *frame, vt_frame_stats *stats);

/* Draws offscreen and reads back view->width x view->height RGBA8, top row
   first, into rgba. */
VT_API vt_result vt_renderer_render_image(vt_renderer *r, const vt_scene *s, const vt_view *v,
                                          const vt_frame_desc *frame, uint8_t *rgba,
                                          vt_frame_stats *stats);

#ifdef __cplusplus
}
#endif
#endif
