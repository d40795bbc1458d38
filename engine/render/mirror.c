/* Planar mirror: when the mirror's instances are in view and the camera is in
   front of its plane, the scene is rendered once more from the camera
   reflected in that plane, at reduced resolution, with the projection's near
   plane turned onto the mirror plane (Lengyel's oblique clipping) so nothing
   behind the mirror shows, into a texture the mirror's surface then samples
   at its own screen position. The reflected pass is a whole frame of its own
   (shadows reused, no MSAA, no ground, no highlight, no mirror in the mirror)
   with linear radiance scaled down by 2^3 into an 8-bit sRGB-encoded texture:
   highlights up to 8 times white survive the round trip. */
#include "render_internal.h"

#define CGLM_ALL_UNALIGNED
#include <cglm/cglm.h>
#include <string.h>

bool vt__mirror_plane(const vt_scene *s, vt_node mirror, float plane[4]) {
    vt_mat4 w;
    if (!mirror.id || !vt_node_get_world(s, mirror, w)) return false;
    float n[3] = {w[2][0], w[2][1], w[2][2]};
    float len = sqrtf(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    if (len < 1e-12f) return false;
    for (int k = 0; k < 3; k++) plane[k] = n[k] / len;
    plane[3] = -(plane[0] * w[3][0] + plane[1] * w[3][1] + plane[2] * w[3][2]);
    return true;
}

static bool ensure_output(vt_renderer *r, uint32_t w, uint32_t h) {
    if (r->mirror_fbo && r->mirror_width == w && r->mirror_height == h) return true;
    if (r->mirror_fbo) glDeleteFramebuffers(1, &r->mirror_fbo);
    r->mirror_fbo = 0;
    vt__delete_tex(&r->mirror_tex);
    r->mirror_tex = vt__tex2d(GL_RGBA8, w, h, GL_RGBA, GL_UNSIGNED_BYTE, NULL, false);
    if (!r->mirror_tex) return false;
    r->mirror_fbo = vt__fbo_color(r->mirror_tex, GL_TEXTURE_2D, 0);
    if (!vt__fbo_check("mirror target")) {
        glDeleteFramebuffers(1, &r->mirror_fbo);
        r->mirror_fbo = 0;
        vt__delete_tex(&r->mirror_tex);
        return false;
    }
    r->mirror_width = w;
    r->mirror_height = h;
    return true;
}

/* Replaces the near plane of perspective proj by clip plane c (eye space,
   the kept side positive, the eye on the negative side). */
static void oblique(mat4 p, const vec4 c) {
    vec4 q = {(glm_signf(c[0]) + p[2][0]) / p[0][0], (glm_signf(c[1]) + p[2][1]) / p[1][1], -1.0f,
              (1.0f + p[2][2]) / p[3][2]};
    float k = 2.0f / glm_vec4_dot((float *)c, q);
    p[0][2] = c[0] * k;
    p[1][2] = c[1] * k;
    p[2][2] = c[2] * k + 1.0f;
    p[3][2] = c[3] * k;
}

bool vt__mirror_render(vt_renderer *r, const vt_scene *s, const vt_view *v, const vt_frame_desc *f,
                       const float plane[4]) {
    float scale = f->mirror_resolution > 0 ? fminf(f->mirror_resolution, 1.0f) : 0.5f;
    uint32_t w = (uint32_t)fmaxf(1.0f, roundf((float)v->width * scale));
    uint32_t h = (uint32_t)fmaxf(1.0f, roundf((float)v->height * scale));
    if (!ensure_output(r, w, h)) {
        VT_LOGW("render", "the %ux%u mirror target could not be created; no reflection", w, h);
        return false;
    }
    const float *n = plane;
    mat4 refl = GLM_MAT4_IDENTITY_INIT;
    for (int c = 0; c < 3; c++) {
        for (int k = 0; k < 3; k++) refl[c][k] -= 2.0f * n[k] * n[c];
        refl[3][c] = -2.0f * plane[3] * n[c];
    }
    mat4 view, proj, mview, inv;
    memcpy(view, v->view, sizeof view);
    memcpy(proj, v->proj, sizeof proj);
    glm_mat4_mul(view, refl, mview);
    /* the plane in the mirrored eye space, pushed a millimetre to the front so
       the mirror's own surface is clipped too */
    glm_mat4_inv(mview, inv);
    vec4 pw = {plane[0], plane[1], plane[2], plane[3] - 1e-3f}, pe;
    for (int j = 0; j < 4; j++)
        pe[j] = pw[0] * inv[j][0] + pw[1] * inv[j][1] + pw[2] * inv[j][2] + pw[3] * inv[j][3];
    if (proj[3][3] == 0.0f && pe[3] < 0.0f) oblique(proj, pe);

    vt_view mv = {.width = w, .height = h};
    memcpy(mv.view, mview, sizeof mview);
    memcpy(mv.proj, proj, sizeof proj);
    vt_frame_desc mf = {
        .tonemap = VT_TONEMAP_NONE,
        .exposure = -3.0f, /* the mirror shader scales by 8 again */
        .background = VT_BACKGROUND_ENV,
        .msaa = 1,
        .no_shadows = f->no_shadows,
        .no_ground = true,
        .target_fbo = r->mirror_fbo,
    };
    /* A target of its own: swapping keeps the camera's from being resized twice a frame. */
    vt__target keep = r->target;
    r->target = r->mirror_target;
    r->in_mirror = true;
    vt_result res = vt_renderer_render(r, s, &mv, &mf, NULL);
    r->in_mirror = false;
    r->mirror_target = r->target;
    r->target = keep;
    if (res != VT_OK) {
        VT_LOGW("render", "mirror: %s", vt_last_error());
        return false;
    }
    return true;
}

void vt__mirror_bind(vt_renderer *r, const vt__program *p, const vt_view *v) {
    glUseProgram(p->id);
    glUniform4f(p->u_params, 1.0f / (float)v->width, 1.0f / (float)v->height, 8.0f, 0);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_SOURCE);
    glBindTexture(GL_TEXTURE_2D, r->mirror_tex);
}

void vt__mirror_destroy(vt_renderer *r) {
    if (r->mirror_fbo) glDeleteFramebuffers(1, &r->mirror_fbo);
    r->mirror_fbo = 0;
    vt__delete_tex(&r->mirror_tex);
    r->mirror_width = r->mirror_height = 0;
}
