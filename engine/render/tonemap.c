/* The last pass: resolved HDR over the environment -> exposure -> tone map ->
   solid background -> sRGB, into the caller's framebuffer at the view's viewport. */
#include "render_internal.h"

void vt__tonemap_pass(vt_renderer *r, const vt_frame_desc *f, GLuint target_fbo, const vt_view *v,
                      const float inv_view_proj[16]) {
    const vt__program *p = vt__program_get(r, VT__PROG_TONEMAP);
    if (!p) return;
    (void)f;
    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo);
    glViewport((GLint)v->x, (GLint)v->y, (GLsizei)v->width, (GLsizei)v->height);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    glDepthMask(GL_FALSE);
    glUseProgram(p->id);
    glUniform4f(p->u_params, (float)v->x, (float)v->y, (float)v->width, (float)v->height);
    glUniformMatrix4fv(p->u_model, 1, GL_FALSE, inv_view_proj);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_SOURCE);
    glBindTexture(GL_TEXTURE_2D, r->target.color_resolve);
    vt__draw_fullscreen(r);
    glDepthMask(GL_TRUE);
}
