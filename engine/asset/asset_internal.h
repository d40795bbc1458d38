/* engine/asset/asset_internal.h — shared between the asset module's files, never installed. */
#ifndef VT_ASSET_INTERNAL_H
#define VT_ASSET_INTERNAL_H

#include "vitrine/asset.h"

#include <stddef.h>
#include <sys/types.h>

/* The assimp post-processing every import uses (the import benchmark uses the
   same flags for its assimp baseline). FlipUVs: assimp stores UVs with the
   origin at the bottom left (OpenGL); vt_model keeps glTF's convention (origin
   at the top left of the image, rows stored top first), so images upload as
   decoded and KHR_texture_transform applies unchanged. */
#define VT__ASSIMP_FLAGS                                                                           \
    (aiProcess_Triangulate | aiProcess_GenSmoothNormals | aiProcess_JoinIdenticalVertices |        \
     aiProcess_FlipUVs | aiProcess_ValidateDataStructure)

struct aiScene;

/* Builds *out from the file in this process (assimp, the glTF pass, images).
   Warnings go to the logger. single_thread: start no threads (the sandbox
   worker is a fork and may inherit locks held by its parent's other threads).
   defer_release: NULL frees assimp's scene before returning; otherwise the
   scene (or NULL) is handed over there, for the caller to free with
   aiReleaseImport() when time matters less (the worker: after its reply). */
vt_result vt__import_local(const char *path, bool single_thread,
                           const struct aiScene **defer_release, vt_model **out);

/* The same in a worker process bounded by d (see vt_load_desc and sandbox.c):
   the first call forks the worker, later calls reuse it. Thread-safe. */
vt_result vt__import_sandboxed(const char *path, const vt_load_desc *d, vt_model **out);
/* The worker's process id, 0 when there is none (tests). */
pid_t vt__import_worker_pid(void);

/* Import state shared by import.c, gltf.c and image.c. */
typedef struct vt__builder {
    const char *path;
    char dir[512];
    const struct aiScene *scene;
    vt_model *m;
    uint32_t image_cap;
    char **image_keys;                 /* image_count entries: what each image was loaded from */
    const void **ai_nodes;             /* node_count entries: the aiNode each vt node came from */
    long long extra_bytes;             /* external files read (buffers, textures) */
    struct vt__pending_image *pending; /* encoded images waiting for vt__images_decode */
    uint32_t pending_count, pending_cap;
    bool single_thread; /* decode images on the calling thread */
} vt__builder;

/* Index of the image loaded from key (deduplicated). Exactly one of the data
   forms is used: file (a path to read), mem/mem_size (encoded bytes), or
   argb/w/h (raw assimp texels). name is shown to users. Never fails: an
   unreadable image becomes a placeholder and a warning. -1 only when out of memory. */
int32_t vt__image_from_file(vt__builder *b, const char *file, const char *name);
int32_t vt__image_from_memory(vt__builder *b, const char *key, const char *name, const void *mem,
                              size_t mem_size);
int32_t vt__image_from_argb(vt__builder *b, const char *key, const char *name, const void *texels,
                            uint32_t w, uint32_t h);
/* Takes over rgba (malloc'ed, w * h * 4) as a new decoded image. */
int32_t vt__image_from_pixels(vt__builder *b, const char *key, const char *name, uint8_t *rgba,
                              uint32_t w, uint32_t h);
int32_t vt__image_placeholder(vt__builder *b, const char *key, const char *name, const char *why);
void vt__builder_release(vt__builder *b);
/* Decodes the images recorded so far, on several threads; failures become
   placeholders with a warning. */
void vt__images_decode(vt__builder *b);

/* The glTF pass: false (with a warning) when the file's JSON cannot be mapped
   onto the assimp scene; then the generic assimp materials stay.
   Returns VT_ERR_PARSE for JSON that is not JSON at all. */
vt_result vt__gltf_read_json(const char *path, void **out_json);
bool vt__gltf_apply(vt__builder *b, void *json);
void vt__gltf_json_free(void *json);
/* After the images are decoded: bakes what needs pixels (spec-gloss). */
void vt__gltf_finish(vt__builder *b, void *json);

/* Textures default: no image, texcoord 0, identity transform. */
void vt__texref_init(vt_texture_ref *t);
void vt__material_init(vt_material *mt);

/* Spec-gloss factors to metal-rough (KHR_materials_pbrSpecularGlossiness
   converter from the Khronos glTF samples). */
void vt__specgloss_to_metalrough(const float diffuse[4], const float specular[3], float glossiness,
                                 vt_material *out);

float vt__srgb_to_linear(float c);

/* Strips a message to one line (newlines and control characters become spaces). */
void vt__one_line(char *s);

#endif
