/* A small glTF 2.0 binary writer for generated content. assimp's exporter
   cannot write KHR_materials_variants, which every demo product uses, so the
   generator writes GLB itself. */
#ifndef VT_ASSETGEN_GLB_H
#define VT_ASSETGEN_GLB_H

#include "vitrine/vitrine.h"

typedef struct glb_material {
    const char *name;
    float base_color[4]; /* linear */
    float metallic, roughness;
    float clearcoat, clearcoat_roughness;
    float sheen_color[3], sheen_roughness;
    float transmission, ior;
    float emissive[3];
    bool double_sided, blend;
} glb_material;

typedef struct glb_variant_mapping {
    uint32_t variant;
    uint32_t material;
} glb_variant_mapping;

typedef struct glb_primitive {
    const vt_mesh_data *mesh;
    uint32_t material;
    const glb_variant_mapping *mappings; /* per-variant material, or NULL */
    uint32_t mapping_count;
} glb_primitive;

typedef struct glb_doc {
    const glb_material *materials;
    uint32_t material_count;
    const glb_primitive *primitives; /* one glTF mesh with these primitives, one node */
    uint32_t primitive_count;
    const char *const *variants; /* KHR_materials_variants names */
    uint32_t variant_count;
    const char *name;
} glb_doc;

/* Writes doc as a .glb; on failure prints the reason and returns false. */
bool glb_write(const char *path, const glb_doc *doc);

#endif
