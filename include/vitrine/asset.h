/* vitrine/asset.h — product models, images and HDR environments.

   What it does: vt_model_load() imports any file assimp reads (glTF 2.0,
   OBJ+MTL, FBX, COLLADA, PLY, STL, 3DS, ...) into one owning vt_model:
   nodes, meshes (one material each), glTF PBR materials, decoded images,
   punctual lights and material variants, in metres, +Y up, front +Z. For
   glTF files a second pass over the JSON restores what assimp drops
   (KHR_materials_variants, KHR_materials_emissive_strength,
   KHR_texture_transform, ...). Untrusted files are imported in a child
   process bounded in memory and time (vt_load_desc), so a hostile file fails
   with a message instead of taking the process down.
   vt_model_validate() checks a model against the Khronos 3D Commerce
   publishing targets; vt_model_query_stats() counts what `vitrine info` prints.
   What it does not: no GPU upload (see render.h) and no scene nodes until
   vt_model_instantiate().

   Ownership: vt_model_load returns one root freed by vt_model_free (cgltf
   style); every pointer inside belongs to it. vt_hdr_load / vt_hdr_free and
   vt_validation_free likewise.

   Errors: VT_ERR_IO (cannot read), VT_ERR_PARSE (malformed or unsupported
   file), VT_ERR_LIMIT (too big, too slow, too much memory); the message
   starts with the path.

   Example:
       vt_model *m;
       if (vt_model_load("shoe.glb", NULL, &m) != VT_OK) { puts(vt_last_error()); return; }
       vt_model_stats st = vt_model_query_stats(m);
       vt_model_free(m);
*/
#ifndef VITRINE_ASSET_H
#define VITRINE_ASSET_H

#include "vitrine/base.h"
#include "vitrine/geom.h"
#include "vitrine/scene.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VT_NAME_MAX 64

typedef struct vt_texture_ref {
    int32_t image;     /* index into vt_model.images; -1 = none */
    uint32_t texcoord; /* 0 or 1 */
    /* KHR_texture_transform, applied as uv' = T * R * S * uv */
    float offset[2];
    float scale[2]; /* 1, 1 when no transform */
    float rotation; /* radians */
} vt_texture_ref;

typedef enum vt_alpha_mode {
    VT_ALPHA_OPAQUE = 0,
    VT_ALPHA_MASK,
    VT_ALPHA_BLEND,
} vt_alpha_mode;

/* Extensions a material uses (bits), as reported by `vitrine info`. */
enum {
    VT_MATEXT_UNLIT = 1u << 0,
    VT_MATEXT_SPECULAR_GLOSSINESS = 1u << 1, /* converted to metallic-roughness on import */
    VT_MATEXT_CLEARCOAT = 1u << 2,
    VT_MATEXT_SHEEN = 1u << 3,
    VT_MATEXT_TRANSMISSION = 1u << 4,
    VT_MATEXT_EMISSIVE_STRENGTH = 1u << 5,
    VT_MATEXT_TEXTURE_TRANSFORM = 1u << 6,
    VT_MATEXT_IOR = 1u << 7,
    VT_MATEXT_VOLUME = 1u << 8,
    VT_MATEXT_SPECULAR = 1u << 9,
};

/* A glTF metallic-roughness material; factors multiply textures. */
typedef struct vt_material {
    char name[VT_NAME_MAX];
    float base_color[4];                   /* linear RGBA; default 1, 1, 1, 1 */
    vt_texture_ref base_color_tex;         /* sRGB */
    float metallic;                        /* default 1 as glTF */
    float roughness;                       /* default 1 */
    vt_texture_ref metallic_roughness_tex; /* linear: G roughness, B metallic */
    vt_texture_ref normal_tex;
    float normal_scale;           /* 1 */
    vt_texture_ref occlusion_tex; /* R channel */
    float occlusion_strength;     /* 1 */
    float emissive[3];            /* linear, before emissive_strength */
    float emissive_strength;      /* 1 */
    vt_texture_ref emissive_tex;  /* sRGB */
    vt_alpha_mode alpha_mode;
    float alpha_cutoff; /* 0.5 */
    bool double_sided;
    bool unlit;
    float clearcoat, clearcoat_roughness;
    vt_texture_ref clearcoat_tex, clearcoat_roughness_tex, clearcoat_normal_tex;
    float sheen_color[3]; /* linear; 0 = no sheen */
    float sheen_roughness;
    vt_texture_ref sheen_color_tex;
    float transmission;
    vt_texture_ref transmission_tex;
    float ior;           /* 1.5 */
    uint32_t extensions; /* VT_MATEXT_* bits */
} vt_material;

/* A decoded image: always 4 channels of 8 bits in pixels (RGBA). */
typedef struct vt_image {
    char name[128]; /* file name or "embedded #N" */
    uint32_t width, height;
    uint32_t channels; /* channels in the source file (1..4) */
    uint8_t *pixels;   /* width * height * 4 */
    bool placeholder;  /* the file was missing or unreadable: a checker stands in */
} vt_image;

/* Texture coordinates (data.uv0, data.uv1) follow glTF: (0, 0) is the top-left
   corner of the image, i.e. the first row of vt_image.pixels, for every source
   format (assimp's bottom-left UVs are flipped on import). Vertex colours are
   linear. */
typedef struct vt_model_mesh {
    char name[VT_NAME_MAX];
    vt_mesh_data data;
    uint32_t material;           /* index into materials */
    uint32_t *variant_materials; /* variant_count entries (material per variant) or NULL */
    vt_aabb bounds;              /* local */
    /* Full detail at any distance (the renderer builds no coarser levels):
       for a mesh another lies millimetres over, as a body under its cloth,
       where a level a pixel off the surface would show through. Set it
       before vt_renderer_upload_model; the importer leaves it false. */
    bool full_detail;
} vt_model_mesh;

typedef struct vt_model_node {
    char name[VT_NAME_MAX];
    int32_t parent; /* -1 = root; parents precede children */
    vt_transform local;
    uint32_t *meshes; /* indices into vt_model.meshes */
    uint32_t mesh_count;
    int32_t light; /* index into lights, -1 = none */
} vt_model_node;

typedef struct vt_model {
    char path[512];
    char format[16];      /* lower-case extension without the dot: "glb", "fbx", ... */
    long long file_bytes; /* the file (plus .bin / textures for .gltf and .obj) */
    float unit_scale;     /* factor applied to reach metres (0.01 for FBX in cm) */
    vt_model_node *nodes;
    uint32_t node_count;
    vt_model_mesh *meshes;
    uint32_t mesh_count;
    vt_material *materials;
    uint32_t material_count;
    vt_image *images;
    uint32_t image_count;
    vt_light *lights;
    uint32_t light_count;
    char (*variants)[VT_NAME_MAX]; /* KHR_materials_variants names */
    uint32_t variant_count;
    uint32_t skin_count, animation_count, camera_count;
    vt_aabb bounds; /* all meshes, model space, metres */
} vt_model;

/* vt_load_desc: zero fields take defaults.
     .max_file_bytes    512 MiB
     .max_memory_bytes  4 GiB   memory the importer may use
     .timeout_s         30      seconds the importer may take
     .in_process        false   import in a bounded child process             */
typedef struct vt_load_desc {
    size_t max_file_bytes;
    size_t max_memory_bytes;
    double timeout_s;
    bool in_process;
} vt_load_desc;

VT_API vt_result vt_model_load(const char *path, const vt_load_desc *desc, vt_model **out);
VT_API void vt_model_free(vt_model *m); /* NULL is fine */

/* Index of the variant called name, or -1. */
VT_API int32_t vt_model_find_variant(const vt_model *m, const char *name);

/* Creates nodes for the model under parent; mesh i of the model becomes mesh
   id mesh_id_base + i (as vt_renderer_upload_model returned) and its triangles
   are registered for picking (borrowed from m, which must outlive the scene's use). */
VT_API vt_result vt_model_instantiate(const vt_model *m, vt_scene *s, vt_node parent,
                                      uint32_t mesh_id_base, vt_node *out_root);

typedef struct vt_model_stats {
    uint32_t nodes, meshes, materials, textures, lights, variants, skins, animations;
    uint64_t vertices, triangles;
    uint32_t draw_calls; /* mesh instances over all nodes */
    vt_aabb bounds;
} vt_model_stats;

VT_API vt_model_stats vt_model_query_stats(const vt_model *m);

/* Validation against the Khronos 3D Commerce asset creation guidelines. */
typedef enum vt_profile {
    VT_PROFILE_WEB = 0,
    VT_PROFILE_MOBILE,
    VT_PROFILE_PLANNER,
} vt_profile;

typedef struct vt_check {
    char rule[32]; /* "triangles", "texture_pot", ... */
    bool pass;
    char message[256]; /* what was measured against what limit */
    char fix[256];     /* what to do about it; "" when passing */
} vt_check;

typedef struct vt_validation {
    vt_check *checks;
    uint32_t check_count;
    bool pass; /* every check passed */
} vt_validation;

VT_API vt_result vt_model_validate(const vt_model *m, vt_profile profile, vt_validation *out);
VT_API void vt_validation_free(vt_validation *v);
VT_API const char *vt_profile_name(vt_profile p);

/* Equirectangular Radiance .hdr, linear RGB floats. */
typedef struct vt_hdr_image {
    uint32_t width, height;
    float *rgb; /* width * height * 3 */
} vt_hdr_image;

VT_API vt_result vt_hdr_load(const char *path, vt_hdr_image *out);
VT_API void vt_hdr_free(vt_hdr_image *img);

/* Writes a glTF 2.0 binary container: the JSON document (json_size bytes, no
   NUL needed; its single buffer must have byteLength >= bin_size) and the
   binary chunk, each padded to 4 bytes (JSON with spaces, BIN with zeros).
   bin may be NULL when bin_size is 0. */
VT_API vt_result vt_glb_write(const char *path, const char *json, size_t json_size, const void *bin,
                              size_t bin_size);

/* Writes 8-bit RGBA rows (top row first) as PNG. */
VT_API vt_result vt_png_write(const char *path, uint32_t width, uint32_t height,
                              const uint8_t *rgba);

#ifdef __cplusplus
}
#endif
#endif
