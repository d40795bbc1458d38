/* Model import with assimp: nodes, meshes, generic materials, lights, units.
   glTF files then go through the JSON pass in gltf.c. */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <assimp/cimport.h>
#include <assimp/config.h>
#include <assimp/GltfMaterial.h>
#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <ctype.h>
#include <math.h>
#include <string.h>
#include <strings.h>

float vt__srgb_to_linear(float c) {
    if (c <= 0.04045f) return c / 12.92f;
    return powf((c + 0.055f) / 1.055f, 2.4f);
}

void vt__one_line(char *s) {
    for (char *p = s; *p; p++)
        if ((unsigned char)*p < 0x20) *p = ' ';
    /* collapse runs of spaces and trim */
    char *w = s;
    bool space = true;
    for (char *p = s; *p; p++) {
        if (*p == ' ') {
            if (space) continue;
            space = true;
        } else {
            space = false;
        }
        *w++ = *p;
    }
    while (w > s && w[-1] == ' ') w--;
    *w = '\0';
}

void vt__texref_init(vt_texture_ref *t) {
    memset(t, 0, sizeof *t);
    t->image = -1;
    t->scale[0] = t->scale[1] = 1.0f;
}

void vt__material_init(vt_material *mt) {
    memset(mt, 0, sizeof *mt);
    for (int i = 0; i < 4; i++) mt->base_color[i] = 1.0f;
    mt->metallic = 1.0f;
    mt->roughness = 1.0f;
    mt->normal_scale = 1.0f;
    mt->occlusion_strength = 1.0f;
    mt->emissive_strength = 1.0f;
    mt->alpha_cutoff = 0.5f;
    mt->ior = 1.5f;
    vt_texture_ref *refs[] = {
        &mt->base_color_tex,          &mt->metallic_roughness_tex, &mt->normal_tex,
        &mt->occlusion_tex,           &mt->emissive_tex,           &mt->clearcoat_tex,
        &mt->clearcoat_roughness_tex, &mt->clearcoat_normal_tex,   &mt->sheen_color_tex,
        &mt->transmission_tex};
    for (size_t i = 0; i < VT_COUNTOF(refs); i++) vt__texref_init(refs[i]);
}

static float perceived_brightness(const float c[3]) {
    return sqrtf(0.299f * c[0] * c[0] + 0.587f * c[1] * c[1] + 0.114f * c[2] * c[2]);
}

static float solve_metallic(float diffuse, float specular, float one_minus_spec) {
    const float dielectric = 0.04f;
    if (specular < dielectric) return 0.0f;
    float a = dielectric;
    float b = diffuse * one_minus_spec / (1.0f - dielectric) + specular - 2.0f * dielectric;
    float c = dielectric - specular;
    float d = b * b - 4.0f * a * c;
    float m = (-b + sqrtf(fmaxf(d, 0.0f))) / (2.0f * a);
    return fminf(fmaxf(m, 0.0f), 1.0f);
}

void vt__specgloss_to_metalrough(const float diffuse[4], const float specular[3], float glossiness,
                                 vt_material *out) {
    const float dielectric = 0.04f, eps = 1e-6f;
    float spec_max = fmaxf(specular[0], fmaxf(specular[1], specular[2]));
    float one_minus_spec = 1.0f - spec_max;
    float metallic = solve_metallic(perceived_brightness(diffuse), perceived_brightness(specular),
                                    one_minus_spec);
    float m2 = metallic * metallic;
    for (int i = 0; i < 3; i++) {
        float from_diffuse =
            diffuse[i] * (one_minus_spec / (1.0f - dielectric) / fmaxf(1.0f - metallic, eps));
        float from_spec = (specular[i] - dielectric * (1.0f - metallic)) / fmaxf(metallic, eps);
        float c = from_diffuse + (from_spec - from_diffuse) * m2;
        out->base_color[i] = fminf(fmaxf(c, 0.0f), 1.0f);
    }
    out->base_color[3] = diffuse[3];
    out->metallic = metallic;
    out->roughness = fminf(fmaxf(1.0f - glossiness, 0.0f), 1.0f);
    out->extensions |= VT_MATEXT_SPECULAR_GLOSSINESS;
}

static void copy_name(char *dst, size_t cap, const char *src, size_t len) {
    if (len >= cap) len = cap - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
}

/* ---- textures referenced by assimp materials ---- */

static const char *base_name(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

static int32_t image_for_ai_path(vt__builder *b, const char *raw) {
    char ref[1024];
    snprintf(ref, sizeof ref, "%s", raw);
    for (char *p = ref; *p; p++)
        if (*p == '\\') *p = '/';
    const struct aiScene *sc = b->scene;
    if (ref[0] == '*') {
        char *end = NULL;
        long idx = strtol(ref + 1, &end, 10);
        if (end == ref + 1 || *end || idx < 0 || (unsigned long)idx >= sc->mNumTextures)
            return vt__image_placeholder(b, ref, ref, "no such embedded texture");
        const struct aiTexture *t = sc->mTextures[idx];
        char name[64];
        snprintf(name, sizeof name, "embedded #%ld", idx);
        if (t->mHeight == 0) return vt__image_from_memory(b, ref, name, t->pcData, t->mWidth);
        return vt__image_from_argb(b, ref, name, t->pcData, t->mWidth, t->mHeight);
    }
    /* An embedded texture named after the file (FBX does this). */
    for (unsigned i = 0; i < sc->mNumTextures; i++) {
        const struct aiTexture *t = sc->mTextures[i];
        if (!t->mFilename.length) continue;
        char tn[1024];
        snprintf(tn, sizeof tn, "%s", t->mFilename.data);
        for (char *p = tn; *p; p++)
            if (*p == '\\') *p = '/';
        if (strcmp(base_name(tn), base_name(ref)) != 0) continue;
        char key[64];
        snprintf(key, sizeof key, "*%u", i);
        if (t->mHeight == 0)
            return vt__image_from_memory(b, key, base_name(ref), t->pcData, t->mWidth);
        return vt__image_from_argb(b, key, base_name(ref), t->pcData, t->mWidth, t->mHeight);
    }
    char full[1024];
    vt_path_join(b->dir, ref, full, sizeof full);
    if (!vt_file_exists(full)) {
        /* Authoring tools often store absolute paths from the author's machine:
           look for the file next to the model. */
        char alt[1024];
        vt_path_join(b->dir, base_name(ref), alt, sizeof alt);
        if (vt_file_exists(alt)) snprintf(full, sizeof full, "%s", alt);
    }
    return vt__image_from_file(b, full, ref);
}

static enum aiReturn get_int(const struct aiMaterial *am, const char *key, unsigned t, unsigned i,
                             int *out) {
    return aiGetMaterialIntegerArray(am, key, t, i, out, NULL);
}

static void ai_texture(vt__builder *b, const struct aiMaterial *am, enum aiTextureType type,
                       vt_texture_ref *out) {
    struct aiString path;
    unsigned int uvindex = 0;
    if (aiGetMaterialTexture(am, type, 0, &path, NULL, &uvindex, NULL, NULL, NULL, NULL) !=
        aiReturn_SUCCESS)
        return;
    if (!path.length) return;
    out->image = image_for_ai_path(b, path.data);
    int src = 0;
    if (get_int(am, AI_MATKEY_UVWSRC(type, 0), &src) == aiReturn_SUCCESS) uvindex = (unsigned)src;
    out->texcoord = uvindex <= 1 ? uvindex : 0;
}

static bool get_float(const struct aiMaterial *am, const char *key, unsigned t, unsigned i,
                      float *out) {
    ai_real v;
    if (aiGetMaterialFloatArray(am, key, t, i, &v, NULL) != aiReturn_SUCCESS) return false;
    if (!isfinite(v)) return false;
    *out = (float)v;
    return true;
}

static bool get_color(const struct aiMaterial *am, const char *key, unsigned t, unsigned i,
                      float out[4]) {
    struct aiColor4D c;
    if (aiGetMaterialColor(am, key, t, i, &c) != aiReturn_SUCCESS) return false;
    float v[4] = {(float)c.r, (float)c.g, (float)c.b, (float)c.a};
    for (int k = 0; k < 4; k++)
        if (!isfinite(v[k])) return false;
    memcpy(out, v, sizeof v);
    return true;
}

static void convert_material(vt__builder *b, const struct aiMaterial *am, bool gltf,
                             vt_material *mt) {
    vt__material_init(mt);
    struct aiString s;
    if (aiGetMaterialString(am, AI_MATKEY_NAME, &s) == aiReturn_SUCCESS)
        copy_name(mt->name, sizeof mt->name, s.data, s.length);

    float c[4];
    /* glTF colour factors are linear; MTL / FBX / DAE colours are taken as sRGB
       (as three.js and Blender read them). */
    if (get_color(am, AI_MATKEY_BASE_COLOR, c)) {
        memcpy(mt->base_color, c, sizeof c);
    } else if (get_color(am, AI_MATKEY_COLOR_DIFFUSE, c)) {
        for (int i = 0; i < 3; i++) mt->base_color[i] = gltf ? c[i] : vt__srgb_to_linear(c[i]);
        mt->base_color[3] = 1.0f;
    }
    float opacity;
    if (get_float(am, AI_MATKEY_OPACITY, &opacity) && opacity >= 0.0f && opacity < 1.0f) {
        mt->base_color[3] = opacity;
        mt->alpha_mode = VT_ALPHA_BLEND;
    }

    float metallic = 0.0f, roughness = 1.0f, shininess = 0.0f, gloss = 0.0f;
    bool has_metal = get_float(am, AI_MATKEY_METALLIC_FACTOR, &metallic);
    bool has_rough = get_float(am, AI_MATKEY_ROUGHNESS_FACTOR, &roughness);
    if (get_float(am, AI_MATKEY_GLOSSINESS_FACTOR, &gloss)) {
        float diffuse[4] = {1, 1, 1, 1}, spec[4] = {1, 1, 1, 1};
        get_color(am, AI_MATKEY_COLOR_DIFFUSE, diffuse);
        get_color(am, AI_MATKEY_COLOR_SPECULAR, spec);
        vt__specgloss_to_metalrough(diffuse, spec, gloss, mt);
    } else if (has_metal || has_rough) {
        mt->metallic = has_metal ? metallic : (gltf ? 1.0f : 0.0f);
        mt->roughness = has_rough ? roughness : 1.0f;
    } else {
        /* Phong material: no metal; Blinn-Phong exponent n to GGX roughness
           with alpha = sqrt(2 / (n + 2)) (Walter et al. 2007), roughness = sqrt(alpha). */
        mt->metallic = 0.0f;
        if (get_float(am, AI_MATKEY_SHININESS, &shininess) && shininess > 0.0f)
            mt->roughness = sqrtf(sqrtf(2.0f / (shininess + 2.0f)));
        else
            mt->roughness = 1.0f;
    }
    mt->metallic = fminf(fmaxf(mt->metallic, 0.0f), 1.0f);
    mt->roughness = fminf(fmaxf(mt->roughness, 0.0f), 1.0f);

    if (get_color(am, AI_MATKEY_COLOR_EMISSIVE, c))
        for (int i = 0; i < 3; i++)
            mt->emissive[i] = gltf ? fmaxf(c[i], 0.0f) : vt__srgb_to_linear(fmaxf(c[i], 0.0f));
    float es;
    if (get_float(am, AI_MATKEY_EMISSIVE_INTENSITY, &es) && es >= 0.0f) mt->emissive_strength = es;

    int two = 0;
    if (get_int(am, AI_MATKEY_TWOSIDED, &two) == aiReturn_SUCCESS) mt->double_sided = two != 0;
    int unlit = 0, shading = 0;
    if ((get_int(am, "$mat.gltf.unlit", 0, 0, &unlit) == aiReturn_SUCCESS && unlit) ||
        (get_int(am, AI_MATKEY_SHADING_MODEL, &shading) == aiReturn_SUCCESS &&
         shading == aiShadingMode_Unlit)) {
        mt->unlit = true;
        mt->extensions |= VT_MATEXT_UNLIT;
    }
    if (aiGetMaterialString(am, AI_MATKEY_GLTF_ALPHAMODE, &s) == aiReturn_SUCCESS) {
        if (!strcmp(s.data, "MASK"))
            mt->alpha_mode = VT_ALPHA_MASK;
        else if (!strcmp(s.data, "BLEND"))
            mt->alpha_mode = VT_ALPHA_BLEND;
        else
            mt->alpha_mode = VT_ALPHA_OPAQUE;
    }
    float cutoff;
    if (get_float(am, AI_MATKEY_GLTF_ALPHACUTOFF, &cutoff)) mt->alpha_cutoff = cutoff;

    float f;
    if (get_float(am, AI_MATKEY_CLEARCOAT_FACTOR, &f) && f > 0.0f) {
        mt->clearcoat = f;
        mt->extensions |= VT_MATEXT_CLEARCOAT;
        if (get_float(am, AI_MATKEY_CLEARCOAT_ROUGHNESS_FACTOR, &f)) mt->clearcoat_roughness = f;
    }
    if (get_color(am, AI_MATKEY_SHEEN_COLOR_FACTOR, c) && (c[0] > 0 || c[1] > 0 || c[2] > 0)) {
        memcpy(mt->sheen_color, c, 3 * sizeof(float));
        mt->extensions |= VT_MATEXT_SHEEN;
        if (get_float(am, AI_MATKEY_SHEEN_ROUGHNESS_FACTOR, &f)) mt->sheen_roughness = f;
    }
    if (get_float(am, AI_MATKEY_TRANSMISSION_FACTOR, &f) && f > 0.0f) {
        mt->transmission = f;
        mt->extensions |= VT_MATEXT_TRANSMISSION;
    }

    if (aiGetMaterialTextureCount(am, aiTextureType_BASE_COLOR))
        ai_texture(b, am, aiTextureType_BASE_COLOR, &mt->base_color_tex);
    else
        ai_texture(b, am, aiTextureType_DIFFUSE, &mt->base_color_tex);
    if (gltf) ai_texture(b, am, aiTextureType_UNKNOWN, &mt->metallic_roughness_tex);
    ai_texture(b, am, aiTextureType_NORMALS, &mt->normal_tex);
    if (aiGetMaterialTextureCount(am, aiTextureType_AMBIENT_OCCLUSION))
        ai_texture(b, am, aiTextureType_AMBIENT_OCCLUSION, &mt->occlusion_tex);
    else if (gltf)
        ai_texture(b, am, aiTextureType_LIGHTMAP, &mt->occlusion_tex);
    ai_texture(b, am, aiTextureType_EMISSIVE, &mt->emissive_tex);
    /* Textures make the factors multipliers: an OBJ diffuse map is not tinted
       by a default grey Kd. */
    if (!gltf && mt->base_color_tex.image >= 0 && mt->base_color[0] < 0.05f &&
        mt->base_color[1] < 0.05f && mt->base_color[2] < 0.05f)
        mt->base_color[0] = mt->base_color[1] = mt->base_color[2] = 1.0f;
}

/* ---- meshes ---- */

static vt_result convert_mesh(const struct aiMesh *am, float unit, bool linear_colors,
                              vt_model_mesh *out) {
    memset(out, 0, sizeof *out);
    copy_name(out->name, sizeof out->name, am->mName.data, am->mName.length);
    out->material = am->mMaterialIndex;
    uint32_t nv = am->mNumVertices;
    vt_mesh_data *d = &out->data;
    d->vertex_count = nv;
    out->bounds = vt_aabb_empty();
    if (nv == 0 || !am->mVertices) {
        d->vertex_count = 0;
        return VT_OK;
    }
    d->positions = malloc((size_t)nv * 3 * sizeof(float));
    if (!d->positions) return VT_ERR_NOMEM;
    for (uint32_t i = 0; i < nv; i++) {
        float *p = d->positions + (size_t)i * 3;
        p[0] = (float)am->mVertices[i].x * unit;
        p[1] = (float)am->mVertices[i].y * unit;
        p[2] = (float)am->mVertices[i].z * unit;
        if (!isfinite(p[0]) || !isfinite(p[1]) || !isfinite(p[2])) p[0] = p[1] = p[2] = 0.0f;
        vt_aabb_extend(&out->bounds, p);
    }
    if (am->mNormals) {
        d->normals = malloc((size_t)nv * 3 * sizeof(float));
        if (!d->normals) return VT_ERR_NOMEM;
        memcpy(d->normals, am->mNormals, (size_t)nv * 3 * sizeof(float));
    }
    if (am->mNormals && am->mTangents && am->mBitangents) {
        d->tangents = malloc((size_t)nv * 4 * sizeof(float));
        if (!d->tangents) return VT_ERR_NOMEM;
        for (uint32_t i = 0; i < nv; i++) {
            const struct aiVector3D n = am->mNormals[i], t = am->mTangents[i],
                                    bt = am->mBitangents[i];
            float cx = n.y * t.z - n.z * t.y, cy = n.z * t.x - n.x * t.z,
                  cz = n.x * t.y - n.y * t.x;
            float *o = d->tangents + (size_t)i * 4;
            o[0] = t.x;
            o[1] = t.y;
            o[2] = t.z;
            o[3] = (cx * bt.x + cy * bt.y + cz * bt.z) < 0.0f ? -1.0f : 1.0f;
        }
    }
    float **uvs[2] = {&d->uv0, &d->uv1};
    for (int s = 0; s < 2; s++) {
        const struct aiVector3D *tc = am->mTextureCoords[s];
        if (!tc) continue;
        float *uv = malloc((size_t)nv * 2 * sizeof(float));
        if (!uv) return VT_ERR_NOMEM;
        for (uint32_t i = 0; i < nv; i++) {
            uv[i * 2] = (float)tc[i].x;
            uv[i * 2 + 1] = (float)tc[i].y;
        }
        *uvs[s] = uv;
    }
    if (am->mColors[0]) {
        d->colors = malloc((size_t)nv * 4 * sizeof(float));
        if (!d->colors) return VT_ERR_NOMEM;
        memcpy(d->colors, am->mColors[0], (size_t)nv * 4 * sizeof(float));
        if (!linear_colors)
            for (uint32_t i = 0; i < nv; i++)
                for (int k = 0; k < 3; k++)
                    d->colors[i * 4 + k] = vt__srgb_to_linear(d->colors[i * 4 + k]);
    }
    uint64_t tris = 0;
    for (unsigned f = 0; f < am->mNumFaces; f++)
        if (am->mFaces[f].mNumIndices == 3) tris++;
    if (tris * 3 > UINT32_MAX) return VT_ERR_LIMIT;
    d->index_count = (uint32_t)(tris * 3);
    if (tris) {
        d->indices = malloc((size_t)tris * 3 * sizeof(uint32_t));
        if (!d->indices) return VT_ERR_NOMEM;
        uint32_t *ix = d->indices;
        for (unsigned f = 0; f < am->mNumFaces; f++) {
            const struct aiFace *fc = &am->mFaces[f];
            if (fc->mNumIndices != 3) continue;
            for (int k = 0; k < 3; k++) *ix++ = fc->mIndices[k] < nv ? fc->mIndices[k] : 0;
        }
    }
    return VT_OK;
}

/* ---- nodes ---- */

static void mat_mul(const struct aiMatrix4x4 *a, const struct aiMatrix4x4 *b,
                    struct aiMatrix4x4 *o) {
    const ai_real *x = &a->a1, *y = &b->a1;
    ai_real r[16];
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < 4; j++) {
            ai_real s = 0;
            for (int k = 0; k < 4; k++) s += x[i * 4 + k] * y[k * 4 + j];
            r[i * 4 + j] = s;
        }
    memcpy(o, r, sizeof r);
}

static void to_vt_mat(const struct aiMatrix4x4 *a, vt_mat4 out) {
    /* aiMatrix4x4 is row-major (a1..a4 first row); vt_mat4 is [column][row]. */
    const ai_real *x = &a->a1;
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) out[c][r] = (float)x[r * 4 + c];
}

static vt_result convert_nodes(vt__builder *b, float unit, const struct aiMatrix4x4 *axis_fix) {
    const struct aiScene *sc = b->scene;
    vt_model *m = b->m;
    if (!sc->mRootNode) return VT_OK;
    /* Count first (iteratively: hostile files nest deeply). */
    size_t cap = 64, top = 0;
    const struct aiNode **stack = malloc(cap * sizeof *stack);
    if (!stack) return VT_ERR_NOMEM;
    uint32_t count = 0;
    stack[top++] = sc->mRootNode;
    while (top) {
        const struct aiNode *n = stack[--top];
        count++;
        for (unsigned i = 0; i < n->mNumChildren; i++) {
            if (top == cap) {
                cap *= 2;
                const struct aiNode **ns = realloc(stack, cap * sizeof *stack);
                if (!ns) {
                    free(stack);
                    return VT_ERR_NOMEM;
                }
                stack = ns;
            }
            if (n->mChildren[i]) stack[top++] = n->mChildren[i];
        }
    }
    m->nodes = calloc(count, sizeof *m->nodes);
    b->ai_nodes = calloc(count, sizeof *b->ai_nodes);
    struct aiMatrix4x4 *world = malloc(count * sizeof *world);
    int32_t *parent_of = malloc(count * sizeof *parent_of);
    /* the stack never holds more than every node once; entries carry their parent */
    free(stack);
    stack = malloc((count + 1) * sizeof *stack);
    int32_t *pstack = malloc((count + 1) * sizeof *pstack);
    if (!m->nodes || !b->ai_nodes || !world || !parent_of || !pstack || !stack) {
        free(stack);
        free(world);
        free(parent_of);
        free(pstack);
        return VT_ERR_NOMEM;
    }
    m->node_count = count;
    top = 0;
    stack[top] = sc->mRootNode;
    pstack[top++] = -1;
    uint32_t idx = 0;
    vt_result r = VT_OK;
    while (top && idx < count) {
        top--;
        const struct aiNode *n = stack[top];
        int32_t parent = pstack[top];
        vt_model_node *vn = &m->nodes[idx];
        b->ai_nodes[idx] = n;
        copy_name(vn->name, sizeof vn->name, n->mName.data, n->mName.length);
        vn->parent = parent;
        vn->light = -1;
        struct aiMatrix4x4 local = n->mTransformation;
        if (parent < 0 && axis_fix) mat_mul(axis_fix, &local, &local);
        struct aiVector3D scl, pos;
        struct aiQuaternion rot;
        aiDecomposeMatrix(&local, &scl, &rot, &pos);
        float t[10] = {(float)pos.x * unit, (float)pos.y * unit, (float)pos.z * unit, (float)rot.x,
                       (float)rot.y,        (float)rot.z,        (float)rot.w,        (float)scl.x,
                       (float)scl.y,        (float)scl.z};
        bool finite = true;
        for (int k = 0; k < 10; k++) finite = finite && isfinite(t[k]);
        if (!finite) {
            memset(t, 0, sizeof t);
            t[6] = t[7] = t[8] = t[9] = 1.0f;
        }
        memcpy(vn->local.translation, t, 3 * sizeof(float));
        memcpy(vn->local.rotation, t + 3, 4 * sizeof(float));
        memcpy(vn->local.scale, t + 7, 3 * sizeof(float));
        /* world (model space, metres) for the bounds */
        struct aiMatrix4x4 lm = local;
        lm.a4 *= unit;
        lm.b4 *= unit;
        lm.c4 *= unit;
        if (parent >= 0)
            mat_mul(&world[parent], &lm, &world[idx]);
        else
            world[idx] = lm;
        parent_of[idx] = parent;
        if (n->mNumMeshes) {
            vn->meshes = malloc(n->mNumMeshes * sizeof(uint32_t));
            if (!vn->meshes) {
                r = VT_ERR_NOMEM;
                break;
            }
            for (unsigned k = 0; k < n->mNumMeshes; k++) {
                if (n->mMeshes[k] >= m->mesh_count) continue;
                vn->meshes[vn->mesh_count++] = n->mMeshes[k];
                vt_mat4 w;
                to_vt_mat(&world[idx], w);
                vt_aabb wb = vt_aabb_transform(&m->meshes[n->mMeshes[k]].bounds, w);
                vt_aabb_merge(&m->bounds, &wb);
            }
        }
        /* push children in reverse so the first child comes out first */
        for (unsigned i = n->mNumChildren; i-- > 0;) {
            if (!n->mChildren[i]) continue;
            stack[top] = n->mChildren[i];
            pstack[top++] = (int32_t)idx;
        }
        idx++;
    }
    m->node_count = idx;
    free(stack);
    free(pstack);
    free(world);
    free(parent_of);
    return r;
}

static void convert_lights(vt__builder *b, float unit) {
    const struct aiScene *sc = b->scene;
    vt_model *m = b->m;
    if (!sc->mNumLights || !m->node_count) return;
    m->lights = calloc(sc->mNumLights, sizeof *m->lights);
    if (!m->lights) return;
    for (unsigned i = 0; i < sc->mNumLights; i++) {
        const struct aiLight *al = sc->mLights[i];
        int32_t node = -1;
        for (uint32_t k = 0; k < m->node_count; k++) {
            const struct aiNode *n = b->ai_nodes[k];
            if (n->mName.length == al->mName.length && !strcmp(n->mName.data, al->mName.data) &&
                m->nodes[k].light < 0) {
                node = (int32_t)k;
                break;
            }
        }
        if (node < 0) continue;
        vt_light *l = &m->lights[m->light_count];
        switch (al->mType) {
        case aiLightSource_DIRECTIONAL:
            l->type = VT_LIGHT_DIRECTIONAL;
            break;
        case aiLightSource_POINT:
            l->type = VT_LIGHT_POINT;
            break;
        case aiLightSource_SPOT:
            l->type = VT_LIGHT_SPOT;
            break;
        default:
            continue;
        }
        /* assimp folds intensity into the colour */
        float c[3] = {al->mColorDiffuse.r, al->mColorDiffuse.g, al->mColorDiffuse.b};
        float mx = fmaxf(c[0], fmaxf(c[1], c[2]));
        if (!isfinite(mx) || mx <= 0.0f) mx = 1.0f, c[0] = c[1] = c[2] = 1.0f;
        for (int k = 0; k < 3; k++) l->color[k] = c[k] / mx;
        l->intensity = mx;
        l->inner_cone = isfinite(al->mAngleInnerCone) ? al->mAngleInnerCone : 0.0f;
        l->outer_cone = isfinite(al->mAngleOuterCone) ? al->mAngleOuterCone : 0.785398f;
        (void)unit;
        m->nodes[node].light = (int32_t)m->light_count++;
    }
}

/* ---- units and axes from FBX metadata ---- */

static bool meta_double(const struct aiMetadata *md, const char *key, double *out) {
    if (!md) return false;
    for (unsigned i = 0; i < md->mNumProperties; i++) {
        if (strcmp(md->mKeys[i].data, key) != 0) continue;
        const struct aiMetadataEntry *e = &md->mValues[i];
        if (!e->mData) return false;
        switch (e->mType) {
        case AI_INT32:
            *out = *(const int32_t *)e->mData;
            return true;
        case AI_UINT64:
            *out = (double)*(const uint64_t *)e->mData;
            return true;
        case AI_FLOAT:
            *out = *(const float *)e->mData;
            return true;
        case AI_DOUBLE:
            *out = *(const double *)e->mData;
            return true;
        default:
            return false;
        }
    }
    return false;
}

static void lower_ext(const char *path, char *out, size_t cap) {
    const char *e = vt_path_ext(path);
    if (*e == '.') e++;
    size_t i = 0;
    for (; e[i] && i + 1 < cap; i++) out[i] = (char)tolower((unsigned char)e[i]);
    out[i] = '\0';
}

static void clean_ai_error(const char *path, char *out, size_t cap) {
    const char *e = aiGetErrorString();
    char buf[768];
    snprintf(buf, sizeof buf, "%s", e && *e ? e : "unsupported or malformed file");
    vt__one_line(buf);
    /* assimp repeats the path in some messages; keep the cause */
    if (!buf[0]) snprintf(buf, sizeof buf, "unsupported or malformed file");
    snprintf(out, cap, "%s", buf);
    (void)path;
}

static long long obj_mtl_bytes(const char *path, const char *dir) {
    void *data;
    size_t size;
    if (vt_file_read(path, 0, &data, &size) != VT_OK) return 0;
    long long total = 0;
    const char *p = data;
    while ((p = strstr(p, "mtllib")) != NULL) {
        p += 6;
        while (*p == ' ' || *p == '\t') p++;
        char name[512];
        size_t n = 0;
        while (*p && *p != '\n' && *p != '\r' && n + 1 < sizeof name) name[n++] = *p++;
        while (n && (name[n - 1] == ' ' || name[n - 1] == '\t')) n--;
        name[n] = '\0';
        char full[1024];
        vt_path_join(dir, name, full, sizeof full);
        long long s = vt_file_size(full);
        if (s > 0) total += s;
    }
    free(data);
    return total;
}

vt_result vt__import_local(const char *path, bool single_thread,
                           const struct aiScene **defer_release, vt_model **out) {
    *out = NULL;
    char ext[16];
    lower_ext(path, ext, sizeof ext);
    bool gltf = !strcmp(ext, "gltf") || !strcmp(ext, "glb");
    void *json = NULL;
    if (gltf) {
        vt_result jr = vt__gltf_read_json(path, &json);
        if (jr != VT_OK) return jr;
    }

    struct aiPropertyStore *props = aiCreatePropertyStore();
    aiSetImportPropertyInteger(props, AI_CONFIG_IMPORT_FBX_PRESERVE_PIVOTS, 0);
    const struct aiScene *sc = aiImportFileExWithProperties(path, VT__ASSIMP_FLAGS, NULL, props);
    aiReleasePropertyStore(props);
    if (!sc) {
        char cause[768];
        clean_ai_error(path, cause, sizeof cause);
        vt__gltf_json_free(json);
        return vt__fail(VT_ERR_PARSE, "%s: %s", path, cause);
    }

    vt_model *m = calloc(1, sizeof *m);
    vt__builder b = {.path = path, .scene = sc, .m = m, .single_thread = single_thread};
    vt_result r = VT_OK;
    if (!m) {
        r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
        goto done;
    }
    vt_path_dir(path, b.dir, sizeof b.dir);
    snprintf(m->path, sizeof m->path, "%s", path);
    snprintf(m->format, sizeof m->format, "%s", ext);
    m->file_bytes = vt_file_size(path);
    m->bounds = vt_aabb_empty();

    /* Units: FBX stores centimetres per file unit in UnitScaleFactor (assimp
       5.2 leaves the scene in file units unless AI_CONFIG_FBX_CONVERT_TO_M). */
    float unit = 1.0f;
    double usf;
    if (!strcmp(ext, "fbx") && meta_double(sc->mMetaData, "UnitScaleFactor", &usf) && usf > 0 &&
        isfinite(usf))
        unit = (float)(usf / 100.0);
    m->unit_scale = unit;
    /* Axes: FBX declares its up axis; rotate Z-up files to Y-up. */
    struct aiMatrix4x4 axis = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    bool fix_axis = false;
    double up, up_sign = 1;
    if (!strcmp(ext, "fbx") && meta_double(sc->mMetaData, "UpAxis", &up) && (int)up == 2) {
        meta_double(sc->mMetaData, "UpAxisSign", &up_sign);
        float sgn = up_sign < 0 ? -1.0f : 1.0f;
        /* rotate -90 degrees about X: (x, y, z) -> (x, z, -y) */
        struct aiMatrix4x4 rx = {1, 0, 0, 0, 0, 0, sgn, 0, 0, -sgn, 0, 0, 0, 0, 0, 1};
        axis = rx;
        fix_axis = true;
    }

    if (sc->mNumMeshes) {
        m->meshes = calloc(sc->mNumMeshes, sizeof *m->meshes);
        if (!m->meshes) {
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        for (unsigned i = 0; i < sc->mNumMeshes; i++) {
            m->mesh_count++;
            r = convert_mesh(sc->mMeshes[i], unit, gltf, &m->meshes[i]);
            if (r != VT_OK) {
                r = vt__fail(r, "%s: %s in mesh %u", path,
                             r == VT_ERR_LIMIT ? "too many triangles" : "out of memory", i);
                goto done;
            }
            if (m->meshes[i].material >= sc->mNumMaterials) m->meshes[i].material = 0;
        }
    }
    if (sc->mNumMaterials) {
        m->materials = calloc(sc->mNumMaterials, sizeof *m->materials);
        if (!m->materials) {
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        m->material_count = sc->mNumMaterials;
    }
    r = convert_nodes(&b, unit, fix_axis ? &axis : NULL);
    if (r != VT_OK) {
        r = vt__fail(r, "%s: out of memory", path);
        goto done;
    }
    convert_lights(&b, unit);
    m->animation_count = sc->mNumAnimations;
    m->camera_count = sc->mNumCameras;
    for (unsigned i = 0; i < sc->mNumMeshes; i++)
        if (sc->mMeshes[i]->mNumBones) m->skin_count++;

    bool mapped = json && vt__gltf_apply(&b, json);
    if (!mapped)
        for (unsigned i = 0; i < sc->mNumMaterials; i++)
            convert_material(&b, sc->mMaterials[i], gltf, &m->materials[i]);
    vt__images_decode(&b);
    if (mapped) vt__gltf_finish(&b, json);
    if (m->material_count == 0 && m->mesh_count) {
        m->materials = calloc(1, sizeof *m->materials);
        if (!m->materials) {
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
            goto done;
        }
        vt__material_init(&m->materials[0]);
        snprintf(m->materials[0].name, sizeof m->materials[0].name, "default");
        m->material_count = 1;
        for (uint32_t i = 0; i < m->mesh_count; i++) m->meshes[i].material = 0;
    }
    if (!strcmp(ext, "obj")) m->file_bytes += obj_mtl_bytes(path, b.dir);
    m->file_bytes += b.extra_bytes;

done:
    vt__builder_release(&b);
    vt__gltf_json_free(json);
    if (defer_release)
        *defer_release = sc;
    else
        aiReleaseImport(sc);
    if (r != VT_OK) {
        vt_model_free(m);
        return r;
    }
    *out = m;
    return VT_OK;
}
