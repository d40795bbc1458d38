/* Shadows: one shadow map (hardware compare, filtered with a Poisson disc in
   the shaders), orthographic for a directional light fitted to the scene
   bounds or perspective for a spot light, its casters culled to the light's
   frustum and drawn at a level of detail fit for the map; and the contact map:
   depth seen from the ground looking up, which the ground turns into a soft
   contact shadow. */
#include "render_internal.h"

#define CGLM_ALL_UNALIGNED
#include <cglm/cglm.h>
#include <string.h>

static GLuint depth_texture(uint32_t size, bool compare) {
    GLuint t = 0;
    glGenTextures(1, &t);
    glBindTexture(GL_TEXTURE_2D, t);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_DEPTH_COMPONENT24, (GLsizei)size, (GLsizei)size, 0,
                 GL_DEPTH_COMPONENT, GL_UNSIGNED_INT, NULL);
    if (glGetError() != GL_NO_ERROR) {
        glDeleteTextures(1, &t);
        return 0;
    }
    GLint filter = compare ? GL_LINEAR : GL_NEAREST; /* GLES filters depth only with compare */
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    if (compare) {
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_MODE, GL_COMPARE_REF_TO_TEXTURE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_COMPARE_FUNC, GL_LEQUAL);
    }
    return t;
}

static bool depth_target(GLuint *tex, GLuint *fbo, uint32_t size, bool compare, const char *what) {
    if (*fbo) return true;
    if (!*tex) *tex = depth_texture(size, compare);
    if (!*tex) {
        VT_LOGW("render", "%s: depth texture could not be created; no shadows", what);
        return false;
    }
    glGenFramebuffers(1, fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, *fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_TEXTURE_2D, *tex, 0);
    GLenum none = GL_NONE;
    glDrawBuffers(1, &none);
    glReadBuffer(GL_NONE);
    if (!vt__fbo_check(what)) {
        glDeleteFramebuffers(1, fbo);
        *fbo = 0;
        vt__delete_tex(tex);
        return false;
    }
    return true;
}

/* proj * view, and bias * proj * view into out (texture space). Draws the
   first batch_count batches of `batches` from instance buffer vbo. */
static void depth_pass(vt_renderer *r, GLuint fbo, uint32_t size, mat4 vp, GLuint vbo,
                       const vt__batch *batches, uint32_t batch_count, float out_mat[16]) {
    const vt__program *p = vt__program_get(r, VT__PROG_DEPTH);
    if (!p) return;
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(0, 0, (GLsizei)size, (GLsizei)size);
    glDisable(GL_BLEND);
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    glDisable(GL_CULL_FACE);
    glClear(GL_DEPTH_BUFFER_BIT);
    glEnable(GL_POLYGON_OFFSET_FILL);
    glPolygonOffset(1.5f, 2.0f);
    glUseProgram(p->id);
    glUniformMatrix4fv(p->u_model, 1, GL_FALSE, (const float *)vp);
    for (uint32_t i = 0; i < batch_count; i++) {
        const vt__batch *b = &batches[i];
        const vt__gpu_mesh *g = &r->meshes[b->mesh];
        vt__bind_instances_from(vbo, g, b->first);
        const vt__lod *l = &g->lod[b->lod];
        glDrawElementsInstanced(GL_TRIANGLES, (GLsizei)l->count, GL_UNSIGNED_INT,
                                (const void *)((size_t)l->first * sizeof(uint32_t)),
                                (GLsizei)b->count);
    }
    glDisable(GL_POLYGON_OFFSET_FILL);
    mat4 bias = {{0.5f, 0, 0, 0}, {0, 0.5f, 0, 0}, {0, 0, 0.5f, 0}, {0.5f, 0.5f, 0.5f, 1}};
    mat4 m;
    glm_mat4_mul(bias, vp, m);
    memcpy(out_mat, m, sizeof m);
}

/* A directional light's orthographic view-projection holding box b tightly. */
static float directional_vp(const float dir[3], const vt_aabb *b, mat4 vp) {
    vec3 center = {(b->min[0] + b->max[0]) * 0.5f, (b->min[1] + b->max[1]) * 0.5f,
                   (b->min[2] + b->max[2]) * 0.5f};
    vec3 ext = {b->max[0] - b->min[0], b->max[1] - b->min[1], b->max[2] - b->min[2]};
    float radius = 0.5f * glm_vec3_norm(ext) + 1e-4f;
    vec3 d = {dir[0], dir[1], dir[2]};
    glm_vec3_normalize(d);
    vec3 eye, up = {0, 1, 0};
    if (fabsf(d[1]) > 0.99f) up[1] = 0, up[2] = 1;
    glm_vec3_scale(d, -2.0f * radius, eye);
    glm_vec3_add(eye, center, eye);
    mat4 view;
    glm_lookat(eye, center, up, view);
    vec3 lo = {1e30f, 1e30f, 1e30f}, hi = {-1e30f, -1e30f, -1e30f};
    for (int i = 0; i < 8; i++) {
        vec4 c = {i & 1 ? b->max[0] : b->min[0], i & 2 ? b->max[1] : b->min[1],
                  i & 4 ? b->max[2] : b->min[2], 1.0f},
             v;
        glm_mat4_mulv(view, c, v);
        for (int k = 0; k < 3; k++) {
            lo[k] = fminf(lo[k], v[k]);
            hi[k] = fmaxf(hi[k], v[k]);
        }
    }
    /* Padding wider than the PCF radius keeps casters off the map's edge texels,
       which clamp-to-edge would smear outwards (GLES 3.0 has no border colour). */
    float pad = 0.05f * fmaxf(hi[0] - lo[0], hi[1] - lo[1]) + 1e-4f;
    mat4 proj;
    glm_ortho(lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad, -hi[2] - pad, -lo[2] + pad, proj);
    glm_mat4_mul(proj, view, vp);
    return fmaxf(hi[0] - lo[0], hi[1] - lo[1]) + 2 * pad; /* metres across the map */
}

/* A spot light's perspective view-projection: its cone (a little wider, for
   the filter) from its position to its range or the far side of box b. */
static void spot_vp(const vt__shadow_light *l, const vt_aabb *b, mat4 vp, float *fovy) {
    vec3 eye = {l->pos[0], l->pos[1], l->pos[2]}, d = {l->dir[0], l->dir[1], l->dir[2]};
    glm_vec3_normalize(d);
    vec3 at, up = {0, 1, 0};
    if (fabsf(d[1]) > 0.99f) up[1] = 0, up[2] = 1;
    glm_vec3_add(eye, d, at);
    mat4 view, proj;
    glm_lookat(eye, at, up, view);
    float far_z = 0;
    for (int i = 0; i < 8; i++) {
        vec3 c = {i & 1 ? b->max[0] : b->min[0], i & 2 ? b->max[1] : b->min[1],
                  i & 4 ? b->max[2] : b->min[2]};
        far_z = fmaxf(far_z, glm_vec3_distance(c, eye));
    }
    if (l->range > 0 && l->range < far_z) far_z = l->range;
    far_z = fmaxf(far_z, 0.1f);
    float near_z = fmaxf(0.02f, far_z * 1e-3f);
    float half = fminf(fmaxf(l->outer, 0.05f) * 1.1f + 0.02f, 1.45f); /* under 166 degrees */
    *fovy = 2 * half;
    glm_perspective(*fovy, 1.0f, near_z, far_z, proj);
    glm_mat4_mul(proj, view, vp);
}

/* LSD radix sort of n keys (tmp holds n), skipping bytes all keys share;
   no allocation. */
static void sort_u64(uint64_t *a, uint64_t *tmp, uint32_t n) {
    uint64_t all_or = 0, all_and = ~0ull;
    for (uint32_t i = 0; i < n; i++) all_or |= a[i], all_and &= a[i];
    uint64_t varying = all_or ^ all_and;
    uint64_t *src = a, *dst = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        if (!((varying >> shift) & 0xff)) continue;
        uint32_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++) count[((src[i] >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++) count[b + 1] += count[b];
        for (uint32_t i = 0; i < n; i++) dst[count[(src[i] >> shift) & 0xff]++] = src[i];
        uint64_t *t = src;
        src = dst, dst = t;
    }
    if (src != a) memcpy(a, src, (size_t)n * sizeof *a);
}

static uint64_t hash_bytes(uint64_t h, const void *data, size_t bytes) {
    const uint8_t *p = data;
    for (size_t i = 0; i + 4 <= bytes; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        h = (h ^ w) * 0x100000001b3ull;
    }
    return h;
}

/* Sorts the n culled casters by mesh and level, writes their matrices to the
   shadow instance buffer and batches them; false when out of memory. */
static bool build_casters(vt_renderer *r, uint32_t n, const float eye[3], float px_per_unit,
                          bool perspective) {
    uint32_t cap = r->shadow_cap;
    if (n > cap) {
        uint32_t c = cap;
        if (!vt__grow((void **)&r->shadow_order, &c, n, 2 * sizeof(uint64_t), 256)) return false;
        float *inst = realloc(r->shadow_instances, (size_t)c * 16 * sizeof(float));
        if (!inst) return false;
        r->shadow_instances = inst;
        vt__batch *bt = realloc(r->shadow_batches, (size_t)c * sizeof *bt);
        if (!bt) return false;
        r->shadow_batches = bt;
        r->shadow_cap = c;
    }
    uint32_t m = 0;
    for (uint32_t i = 0; i < n; i++) {
        const vt_draw_item *it = &r->shadow_items[i];
        if (it->mesh == 0 || it->mesh > r->mesh_count) continue;
        const vt__gpu_mesh *g = &r->meshes[it->mesh - 1];
        if (g->failed) continue;
        uint64_t lod = vt__pick_lod(g, it, eye, px_per_unit, perspective);
        r->shadow_order[m++] = ((uint64_t)(it->mesh - 1) << 34) | (lod << 32) | i;
    }
    sort_u64(r->shadow_order, r->shadow_order + m, m);
    r->shadow_batch_count = 0;
    vt__batch *cur = NULL;
    for (uint32_t k = 0; k < m; k++) {
        uint64_t o = r->shadow_order[k];
        uint32_t mesh = (uint32_t)(o >> 34), lod = (uint32_t)(o >> 32) & 3u;
        memcpy(r->shadow_instances + (size_t)k * 16, r->shadow_items[(uint32_t)o].world,
               16 * sizeof(float));
        if (cur && cur->mesh == mesh && cur->lod == lod) {
            cur->count++;
            continue;
        }
        cur = &r->shadow_batches[r->shadow_batch_count++];
        *cur = (vt__batch){.mesh = mesh, .lod = lod, .first = k, .count = 1};
    }
    if (!r->shadow_vbo) glGenBuffers(1, &r->shadow_vbo);
    glBindBuffer(GL_ARRAY_BUFFER, r->shadow_vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)((size_t)(m ? m : 1) * 16 * sizeof(float)),
                 m ? r->shadow_instances : NULL, GL_STATIC_DRAW);
    return true;
}

bool vt__shadow_update(vt_renderer *r, const vt_scene *s, const vt__shadow_light *l,
                       const vt_aabb *b, float out_mat[16], float *out_texel) {
    uint32_t size = r->desc.shadow_map_size;
    mat4 vp;
    float px_per_unit, eye[3] = {0, 0, 0};
    bool perspective = l->spot;
    if (l->spot) {
        float fovy;
        spot_vp(l, b, vp, &fovy);
        px_per_unit = 0.5f * (float)size / tanf(0.5f * fovy);
        memcpy(eye, l->pos, sizeof eye);
        *out_texel = 1.0f / px_per_unit; /* per metre from the light: the shader scales it */
    } else {
        float across = directional_vp(l->dir, b, vp);
        px_per_unit = (float)size / across;
        *out_texel = across / (float)size;
    }
    uint32_t n = vt_scene_cull(s, (const float(*)[4])vp, r->shadow_items, r->shadow_item_cap);
    if (n > r->shadow_item_cap) {
        uint32_t cap = r->shadow_item_cap;
        vt_draw_item *items = r->shadow_items;
        if (!vt__grow((void **)&items, &cap, n, sizeof *items, 256)) return false;
        r->shadow_items = items;
        r->shadow_item_cap = cap;
        n = vt_scene_cull(s, (const float(*)[4])vp, r->shadow_items, r->shadow_item_cap);
    }
    /* The map depends on the casters and the light, not on the camera: a still
       scene (the store while the shopper walks, a turntable) reuses it. */
    uint64_t key = hash_bytes(0xcbf29ce484222325ull, vp, sizeof vp);
    for (uint32_t i = 0; i < n; i++) {
        key = hash_bytes(key, &r->shadow_items[i].mesh, sizeof(uint32_t));
        key = hash_bytes(key, r->shadow_items[i].world, sizeof(vt_mat4));
    }
    key = key ? key : 1;
    if (key == r->shadow_key && r->shadow_fbo) {
        memcpy(out_mat, r->shadow_mat, 16 * sizeof(float));
        return true;
    }
    r->shadow_key = 0;
    if (!depth_target(&r->shadow_tex, &r->shadow_fbo, size, true, "shadow map")) return false;
    if (!build_casters(r, n, eye, px_per_unit, perspective)) {
        VT_LOGW("render", "out of memory for %u shadow casters; no shadow this frame", n);
        return false;
    }
    depth_pass(r, r->shadow_fbo, size, vp, r->shadow_vbo, r->shadow_batches, r->shadow_batch_count,
               out_mat);
    r->shadow_key = key;
    memcpy(r->shadow_mat, out_mat, 16 * sizeof(float));
    return true;
}

bool vt__contact_render(vt_renderer *r, const vt_aabb *b, uint32_t draw_count, float out_mat[16]) {
    uint32_t size = r->contact_size;
    if (!depth_target(&r->contact_tex, &r->contact_fbo, size, false, "contact map")) return false;
    float hx = 0.5f * (b->max[0] - b->min[0]), hz = 0.5f * (b->max[2] - b->min[2]);
    float half = 1.6f * fmaxf(hx, hz) + 1e-4f;
    float height = 0.5f * fmaxf(fmaxf(hx, hz) * 2.0f, 1e-4f);
    vec3 eye = {(b->min[0] + b->max[0]) * 0.5f, b->min[1], (b->min[2] + b->max[2]) * 0.5f};
    vec3 at = {eye[0], eye[1] + 1.0f, eye[2]}, up = {0, 0, -1};
    mat4 view, proj, vp;
    glm_lookat(eye, at, up, view);
    glm_ortho(-half, half, -half, half, 0.0f, height, proj);
    glm_mat4_mul(proj, view, vp);
    depth_pass(r, r->contact_fbo, size, vp, r->instance_vbo, r->batches, draw_count, out_mat);
    return true;
}

void vt__shadow_destroy(vt_renderer *r) {
    if (r->shadow_fbo) glDeleteFramebuffers(1, &r->shadow_fbo);
    if (r->contact_fbo) glDeleteFramebuffers(1, &r->contact_fbo);
    r->shadow_fbo = r->contact_fbo = 0;
    r->shadow_key = r->contact_key = 0;
    vt__delete_tex(&r->shadow_tex);
    vt__delete_tex(&r->contact_tex);
    if (r->shadow_vbo) glDeleteBuffers(1, &r->shadow_vbo);
    r->shadow_vbo = 0;
    free(r->shadow_items);
    free(r->shadow_order);
    free(r->shadow_instances);
    free(r->shadow_batches);
    r->shadow_items = NULL;
    r->shadow_order = NULL;
    r->shadow_instances = NULL;
    r->shadow_batches = NULL;
    r->shadow_item_cap = r->shadow_cap = r->shadow_batch_count = 0;
}
