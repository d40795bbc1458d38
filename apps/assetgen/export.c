/* Writes an ag_model as .glb through assimp's exporter ("glb2"). The aiScene is
   built by hand in C: aiMaterial has no C API for adding properties, so the
   property records are laid out here exactly as aiMaterial::AddBinaryProperty
   stores them. The glTF2 exporter of assimp 5.2 reads these keys per material:
   $clr.base, $mat.metallicFactor, $mat.roughnessFactor, $clr.emissive,
   $mat.twosided, $mat.opacity, $clr.sheen.factor (+ $mat.sheen.roughnessFactor),
   $mat.clearcoat.factor (+ roughness), $mat.transmission.factor,
   $mat.volume.thicknessFactor and $mat.refracti (KHR_materials_ior). */
#include "shape.h"

#include <assimp/cexport.h>
#include <assimp/cimport.h>
#include <assimp/material.h>
#include <assimp/mesh.h>
#include <assimp/scene.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct prop_list {
    struct aiMaterialProperty *items[24];
    unsigned count;
} prop_list;

static struct aiMaterialProperty *prop_new(prop_list *l, const char *key,
                                           enum aiPropertyTypeInfo type, const void *data,
                                           unsigned len) {
    if (l->count >= 24) abort();
    struct aiMaterialProperty *p = calloc(1, sizeof *p);
    if (!p) abort();
    p->mKey.length = (ai_uint32)strlen(key);
    memcpy(p->mKey.data, key, p->mKey.length + 1);
    p->mType = type;
    p->mDataLength = len;
    p->mData = malloc(len);
    if (!p->mData) abort();
    memcpy(p->mData, data, len);
    l->items[l->count++] = p;
    return p;
}

static void prop_floats(prop_list *l, const char *key, const float *v, unsigned n) {
    prop_new(l, key, aiPTI_Float, v, n * (unsigned)sizeof(float));
}

static void prop_string(prop_list *l, const char *key, const char *s) {
    /* aiString layout: a 32-bit length, the bytes, a NUL */
    uint32_t len = (uint32_t)strlen(s);
    char buf[256];
    if (len + 5 > sizeof buf) len = (uint32_t)sizeof buf - 5;
    memcpy(buf, &len, 4);
    memcpy(buf + 4, s, len);
    buf[4 + len] = 0;
    prop_new(l, key, aiPTI_String, buf, len + 5);
}

static float srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static struct aiMaterial *material_new(const ag_mat *m) {
    prop_list l = {0};
    prop_string(&l, "?mat.name", m->name);
    float base[4] = {srgb_to_linear(m->color[0]), srgb_to_linear(m->color[1]),
                     srgb_to_linear(m->color[2]), 1};
    prop_floats(&l, "$clr.base", base, 4);
    prop_floats(&l, "$clr.diffuse", base, 4);
    prop_floats(&l, "$mat.metallicFactor", &m->metallic, 1);
    prop_floats(&l, "$mat.roughnessFactor", &m->roughness, 1);
    if (m->emissive[0] > 0 || m->emissive[1] > 0 || m->emissive[2] > 0) {
        float e[3] = {srgb_to_linear(m->emissive[0]), srgb_to_linear(m->emissive[1]),
                      srgb_to_linear(m->emissive[2])};
        prop_floats(&l, "$clr.emissive", e, 3);
    }
    if (m->double_sided) {
        int one = 1;
        prop_new(&l, "$mat.twosided", aiPTI_Integer, &one, 4);
    }
    if (m->alpha > 0 && m->alpha < 1) prop_floats(&l, "$mat.opacity", &m->alpha, 1);
    if (m->sheen[0] > 0 || m->sheen[1] > 0 || m->sheen[2] > 0) {
        float s[3] = {srgb_to_linear(m->sheen[0]), srgb_to_linear(m->sheen[1]),
                      srgb_to_linear(m->sheen[2])};
        prop_floats(&l, "$clr.sheen.factor", s, 3);
        prop_floats(&l, "$mat.sheen.roughnessFactor", &m->sheen_roughness, 1);
    }
    if (m->clearcoat > 0) {
        prop_floats(&l, "$mat.clearcoat.factor", &m->clearcoat, 1);
        prop_floats(&l, "$mat.clearcoat.roughnessFactor", &m->clearcoat_roughness, 1);
    }
    if (m->transmission > 0) prop_floats(&l, "$mat.transmission.factor", &m->transmission, 1);
    if (m->thickness > 0) prop_floats(&l, "$mat.volume.thicknessFactor", &m->thickness, 1);
    if (m->ior > 0) prop_floats(&l, "$mat.refracti", &m->ior, 1);
    struct aiMaterial *mat = calloc(1, sizeof *mat);
    if (!mat) abort();
    mat->mProperties = calloc(l.count, sizeof *mat->mProperties);
    if (!mat->mProperties) abort();
    memcpy(mat->mProperties, l.items, l.count * sizeof *l.items);
    mat->mNumProperties = mat->mNumAllocated = l.count;
    return mat;
}

static void material_free(struct aiMaterial *m) {
    for (unsigned i = 0; i < m->mNumProperties; i++) {
        free(m->mProperties[i]->mData);
        free(m->mProperties[i]);
    }
    free(m->mProperties);
    free(m);
}

static struct aiMesh *mesh_new(const vt_mesh_data *d, unsigned material, const char *name) {
    struct aiMesh *m = calloc(1, sizeof *m);
    if (!m) abort();
    m->mPrimitiveTypes = aiPrimitiveType_TRIANGLE;
    m->mNumVertices = d->vertex_count;
    m->mVertices = calloc(d->vertex_count, sizeof *m->mVertices);
    m->mNormals = calloc(d->vertex_count, sizeof *m->mNormals);
    m->mTextureCoords[0] = calloc(d->vertex_count, sizeof *m->mTextureCoords[0]);
    m->mNumUVComponents[0] = 2;
    m->mNumFaces = d->index_count / 3;
    m->mFaces = calloc(m->mNumFaces, sizeof *m->mFaces);
    unsigned *idx = malloc(sizeof(unsigned) * d->index_count);
    if (!m->mVertices || !m->mNormals || !m->mTextureCoords[0] || !m->mFaces || !idx) abort();
    for (uint32_t v = 0; v < d->vertex_count; v++) {
        m->mVertices[v] = (struct aiVector3D){d->positions[v * 3], d->positions[v * 3 + 1],
                                              d->positions[v * 3 + 2]};
        m->mNormals[v] =
            (struct aiVector3D){d->normals[v * 3], d->normals[v * 3 + 1], d->normals[v * 3 + 2]};
        /* assimp keeps uvs bottom-up; its glTF exporter flips v back */
        m->mTextureCoords[0][v] = (struct aiVector3D){d->uv0[v * 2], 1.0f - d->uv0[v * 2 + 1], 0};
    }
    /* the first face owns the index block (freed through it) */
    for (unsigned f = 0; f < m->mNumFaces; f++) {
        idx[f * 3] = d->indices[f * 3], idx[f * 3 + 1] = d->indices[f * 3 + 1],
                idx[f * 3 + 2] = d->indices[f * 3 + 2];
        m->mFaces[f].mNumIndices = 3;
        m->mFaces[f].mIndices = &idx[f * 3];
    }
    m->mMaterialIndex = material;
    m->mName.length = (ai_uint32)snprintf(m->mName.data, sizeof m->mName.data, "%s", name);
    return m;
}

static void mesh_free(struct aiMesh *m) {
    if (m->mNumFaces) free(m->mFaces[0].mIndices);
    free(m->mFaces);
    free(m->mVertices);
    free(m->mNormals);
    free(m->mTextureCoords[0]);
    free(m);
}

bool ag_model_write(ag_model *model, const char *path) {
    struct aiScene scene;
    memset(&scene, 0, sizeof scene);
    struct aiNode root;
    memset(&root, 0, sizeof root);
    struct aiMaterial *mats[AG_MAX_MATS];
    struct aiMesh *meshes[AG_MAX_MATS];
    unsigned mesh_index[AG_MAX_MATS];
    unsigned nm = 0;
    for (uint32_t i = 0; i < model->mat_count; i++) {
        mats[i] = material_new(&model->mats[i]);
        if (model->parts[i].index_count) {
            meshes[nm] = mesh_new(&model->parts[i], i, model->mats[i].name);
            mesh_index[nm] = nm;
            nm++;
        }
    }
    const char *name = model->name ? model->name : "model";
    root.mName.length = (ai_uint32)snprintf(root.mName.data, sizeof root.mName.data, "%s", name);
    root.mTransformation = (struct aiMatrix4x4){1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    root.mNumMeshes = nm;
    root.mMeshes = mesh_index;
    scene.mRootNode = &root;
    scene.mNumMeshes = nm;
    scene.mMeshes = meshes;
    scene.mNumMaterials = model->mat_count;
    scene.mMaterials = mats;
    enum aiReturn rc = aiExportScene(&scene, "glb2", path, 0);
    for (unsigned i = 0; i < nm; i++) mesh_free(meshes[i]);
    for (uint32_t i = 0; i < model->mat_count; i++) material_free(mats[i]);
    ag_model_free(model);
    if (rc != aiReturn_SUCCESS) {
        fprintf(stderr, "assetgen: %s: assimp could not export the model (%s)\n", path,
                aiGetErrorString());
        return false;
    }
    return true;
}
