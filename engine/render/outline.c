/* The highlight outline: the highlighted instances are drawn flat into a
   single-sampled mask, then a ring around the mask's silhouette is blended
   over the tone-mapped image, inside a scissor around the instances' screen
   bounds so that the cost follows the highlighted product's size, not the
   screen's. Works the same with and without MSAA: neither pass touches the
   multisampled target. */
#include "render_internal.h"

#define CGLM_ALL_UNALIGNED
#include <cglm/cglm.h>
#include <string.h>

bool vt__node_under(const vt_scene *s, vt_node n, vt_node top) {
    for (int depth = 0; n.id && depth < 256; depth++) {
        if (n.id == top.id) return true;
        n = vt_node_get_parent(s, n);
    }
    return false;
}

vt_result vt__outline_collect(vt_renderer *r, const vt_scene *s, vt_node highlight,
                              uint32_t draw_count) {
    r->highlight_count = 0;
    if (!highlight.id || !vt_node_valid(s, highlight)) return VT_OK;
    for (uint32_t i = 0; i < draw_count; i++) {
        if (!vt__node_under(s, r->items[r->draws[i].item].node, highlight)) continue;
        if (!vt__grow((void **)&r->highlighted, &r->highlight_cap, r->highlight_count + 1,
                      sizeof *r->highlighted, 16))
            return vt__fail(VT_ERR_NOMEM, "render: out of memory for the highlight");
        r->highlighted[r->highlight_count++] = i;
    }
    return VT_OK;
}

static bool ensure_mask(vt_renderer *r, uint32_t w, uint32_t h) {
    if (r->mask_fbo && r->mask_width == w && r->mask_height == h) return true;
    vt__outline_destroy(r);
    r->mask_tex = vt__tex2d(GL_R8, w, h, GL_RED, GL_UNSIGNED_BYTE, NULL, false);
    if (!r->mask_tex) return false;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    r->mask_fbo = vt__fbo_color(r->mask_tex, GL_TEXTURE_2D, 0);
    if (!vt__fbo_check("highlight mask")) {
        vt__outline_destroy(r);
        return false;
    }
    r->mask_width = w;
    r->mask_height = h;
    return true;
}

/* The pixel rectangle (viewport relative) holding the highlighted instances'
   bounds, grown by pad; false when none is in front of the camera. */
static bool screen_rect(const vt_renderer *r, const float vp[16], uint32_t w, uint32_t h, float pad,
                        int rect[4]) {
    float lo[2] = {1e30f, 1e30f}, hi[2] = {-1e30f, -1e30f};
    bool behind = false;
    for (uint32_t i = 0; i < r->highlight_count; i++) {
        const vt_aabb *b = &r->items[r->draws[r->highlighted[i]].item].bounds;
        for (int c = 0; c < 8; c++) {
            vec4 p = {c & 1 ? b->max[0] : b->min[0], c & 2 ? b->max[1] : b->min[1],
                      c & 4 ? b->max[2] : b->min[2], 1.0f},
                 q;
            glm_mat4_mulv((vec4 *)vp, p, q);
            if (q[3] <= 1e-6f) { /* crosses the eye plane: the whole view may show it */
                behind = true;
                continue;
            }
            for (int k = 0; k < 2; k++) {
                float s = (q[k] / q[3] * 0.5f + 0.5f) * (float)(k ? h : w);
                lo[k] = fminf(lo[k], s);
                hi[k] = fmaxf(hi[k], s);
            }
        }
    }
    if (behind) lo[0] = lo[1] = -1e30f, hi[0] = hi[1] = 1e30f;
    float x0 = fmaxf(floorf(lo[0] - pad), 0), y0 = fmaxf(floorf(lo[1] - pad), 0);
    float x1 = fminf(ceilf(hi[0] + pad), (float)w), y1 = fminf(ceilf(hi[1] + pad), (float)h);
    if (x1 <= x0 || y1 <= y0) return false;
    rect[0] = (int)x0, rect[1] = (int)y0, rect[2] = (int)(x1 - x0), rect[3] = (int)(y1 - y0);
    return true;
}

void vt__outline_pass(vt_renderer *r, const vt_frame_desc *f, GLuint target_fbo, const vt_view *v,
                      const float vp[16]) {
    if (!r->highlight_count) return;
    uint32_t w = v->width, h = v->height;
    float radius = f->highlight_width > 0 ? f->highlight_width : fmaxf(2.0f, (float)h / 270.0f);
    if (radius > 32) radius = 32;
    int rect[4];
    if (!screen_rect(r, vp, w, h, radius + 2, rect)) return;
    const vt__program *depth = vt__program_get(r, VT__PROG_DEPTH);
    const vt__program *p = vt__program_get(r, VT__PROG_OUTLINE);
    if (!depth || !p || !ensure_mask(r, w, h)) return;

    glBindFramebuffer(GL_FRAMEBUFFER, r->mask_fbo);
    glViewport(0, 0, (GLsizei)w, (GLsizei)h);
    glEnable(GL_SCISSOR_TEST);
    glScissor(rect[0], rect[1], rect[2], rect[3]);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDisable(GL_BLEND);
    glUseProgram(depth->id);
    glUniformMatrix4fv(depth->u_model, 1, GL_FALSE, vp);
    for (uint32_t i = 0; i < r->highlight_count; i++) {
        uint32_t d = r->highlighted[i];
        const vt__gpu_mesh *g = &r->meshes[r->draws[d].mesh];
        vt__bind_instances(r, g, d);
        const vt__lod *l = &g->lod[r->draws[d].lod]; /* the level the image shows */
        glDrawElementsInstanced(GL_TRIANGLES, (GLsizei)l->count, GL_UNSIGNED_INT,
                                (const void *)((size_t)l->first * sizeof(uint32_t)), 1);
    }

    glBindFramebuffer(GL_FRAMEBUFFER, target_fbo);
    glViewport((GLint)v->x, (GLint)v->y, (GLsizei)w, (GLsizei)h);
    glScissor((GLint)v->x + rect[0], (GLint)v->y + rect[1], rect[2], rect[3]);
    glEnable(GL_BLEND);
    glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(p->id);
    glUniform4f(p->u_params, (float)v->x, (float)v->y, radius, 0);
    const float *c = f->highlight_color;
    if (c[0] == 0 && c[1] == 0 && c[2] == 0)
        glUniform4f(p->u_color, 1.0f, 0.78f, 0.38f, 1.0f); /* warm amber */
    else
        glUniform4f(p->u_color, c[0], c[1], c[2], 1.0f);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_SOURCE);
    glBindTexture(GL_TEXTURE_2D, r->mask_tex);
    vt__draw_fullscreen(r);
    glDisable(GL_BLEND);
    glDisable(GL_SCISSOR_TEST);
}

void vt__outline_destroy(vt_renderer *r) {
    if (r->mask_fbo) glDeleteFramebuffers(1, &r->mask_fbo);
    r->mask_fbo = 0;
    vt__delete_tex(&r->mask_tex);
    r->mask_width = r->mask_height = 0;
}
