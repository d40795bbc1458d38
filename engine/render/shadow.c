/* Shadows: a directional shadow map fitted to the scene bounds (hardware
   compare, filtered with a Poisson disc in the shaders), and the contact map:
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

/* proj * view, and bias * proj * view into out (texture space). */
static void depth_pass(vt_renderer *r, GLuint fbo, uint32_t size, mat4 vp, uint32_t draw_count,
                       float out_mat[16]) {
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
    vt__draw_depth_instances(r, draw_count);
    glDisable(GL_POLYGON_OFFSET_FILL);
    mat4 bias = {{0.5f, 0, 0, 0}, {0, 0.5f, 0, 0}, {0, 0, 0.5f, 0}, {0.5f, 0.5f, 0.5f, 1}};
    mat4 m;
    glm_mat4_mul(bias, vp, m);
    memcpy(out_mat, m, sizeof m);
}

bool vt__shadow_render(vt_renderer *r, const float dir[3], const vt_aabb *b, uint32_t draw_count,
                       float out_mat[16]) {
    uint32_t size = r->desc.shadow_map_size;
    if (!depth_target(&r->shadow_tex, &r->shadow_fbo, size, true, "shadow map")) return false;
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
    /* Fit the box tightly in light space. */
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
    mat4 proj, vp;
    glm_ortho(lo[0] - pad, hi[0] + pad, lo[1] - pad, hi[1] + pad, -hi[2] - pad, -lo[2] + pad, proj);
    glm_mat4_mul(proj, view, vp);
    depth_pass(r, r->shadow_fbo, size, vp, draw_count, out_mat);
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
    depth_pass(r, r->contact_fbo, size, vp, draw_count, out_mat);
    return true;
}

void vt__shadow_destroy(vt_renderer *r) {
    if (r->shadow_fbo) glDeleteFramebuffers(1, &r->shadow_fbo);
    if (r->contact_fbo) glDeleteFramebuffers(1, &r->contact_fbo);
    r->shadow_fbo = r->contact_fbo = 0;
    r->shadow_key = r->contact_key = 0;
    vt__delete_tex(&r->shadow_tex);
    vt__delete_tex(&r->contact_tex);
}
