/* The 2D overlay: a batch of rectangles and glyph quads drawn in one call
   with one program and one atlas texture, in submission order. */
#include "ui/ui_internal.h"
#include "core/internal.h"
#include "render/shader.h"

#include <epoxy/gl.h>
#include <math.h>
#include <string.h>

enum { MAX_VERTICES = 1 << 20 };

typedef struct vertex {
    float x, y;
    float u, v;
    float shape[4]; /* kind, half width, half height, radius */
    uint8_t rgba[4];
} vertex;

struct vt_overlay {
    vt_font *font;
    GLuint program, vao, vbo, atlas;
    GLint u_pixel_to_ndc, u_atlas;
    uint32_t atlas_generation;
    size_t vbo_bytes;
    vertex *verts;
    uint32_t vert_count, vert_cap;
    uint32_t width, height;
    bool warned_full;
};

vt_result vt_overlay_create(const vt_overlay_desc *desc, vt_overlay **out) {
    *out = NULL;
    vt_overlay_desc d = desc ? *desc : (vt_overlay_desc){0};
    if (!(d.pixel_size > 0)) d.pixel_size = 16;
    if (!(d.scale > 0)) d.scale = 1;
    if (!glGetString(GL_VERSION) || epoxy_gl_version() < 30)
        return vt__fail(VT_ERR_NO_GPU, "ui: no GL 3.3 or GLES 3.0 context is current");
    vt_overlay *o = calloc(1, sizeof *o);
    if (!o) return vt__fail(VT_ERR_NOMEM, "ui: out of memory");
    vt_result r = vt_font_create(
        &(vt_font_desc){.path = d.font_path, .pixel_size = roundf(d.pixel_size * d.scale)},
        &o->font);
    if (r == VT_OK) {
        o->program = vt__shader_program(d.shader_dir, "overlay.vert", "overlay.frag");
        if (!o->program) r = VT_ERR_GPU;
    }
    if (r != VT_OK) {
        vt_overlay_destroy(o);
        return r;
    }
    o->u_pixel_to_ndc = glGetUniformLocation(o->program, "u_pixel_to_ndc");
    o->u_atlas = glGetUniformLocation(o->program, "u_atlas");

    GLint old_vao = 0, old_vbo = 0;
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &old_vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &old_vbo);
    glGenVertexArrays(1, &o->vao);
    glGenBuffers(1, &o->vbo);
    glBindVertexArray(o->vao);
    glBindBuffer(GL_ARRAY_BUFFER, o->vbo);
    GLsizei stride = (GLsizei)sizeof(vertex);
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, stride, (void *)offsetof(vertex, x));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, stride, (void *)offsetof(vertex, u));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_FLOAT, GL_FALSE, stride, (void *)offsetof(vertex, shape));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 4, GL_UNSIGNED_BYTE, GL_TRUE, stride, (void *)offsetof(vertex, rgba));
    glBindVertexArray((GLuint)old_vao);
    glBindBuffer(GL_ARRAY_BUFFER, (GLuint)old_vbo);
    if (glGetError() != GL_NO_ERROR) {
        vt_overlay_destroy(o);
        return vt__fail(VT_ERR_GPU, "ui: the overlay's vertex buffer could not be created");
    }
    *out = o;
    return VT_OK;
}

void vt_overlay_destroy(vt_overlay *o) {
    if (!o) return;
    if (o->program) glDeleteProgram(o->program);
    if (o->vao) glDeleteVertexArrays(1, &o->vao);
    if (o->vbo) glDeleteBuffers(1, &o->vbo);
    if (o->atlas) glDeleteTextures(1, &o->atlas);
    vt_font_destroy(o->font);
    free(o->verts);
    free(o);
}

vt_font *vt_overlay_font(vt_overlay *o) {
    return o->font;
}

void vt_overlay_begin(vt_overlay *o, uint32_t width, uint32_t height) {
    o->width = width;
    o->height = height;
    o->vert_count = 0;
}

static uint8_t unorm8(float v) {
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    return (uint8_t)lroundf(v * 255.0f);
}

/* Six vertices (two triangles) of one quad; false when the batch is full. */
static bool push_quad(vt_overlay *o, float x0, float y0, float x1, float y1, float u0, float v0,
                      float u1, float v1, const float shape[4], const float rgba[4]) {
    if (o->vert_count + 6 > o->vert_cap) {
        if (o->vert_count + 6 > MAX_VERTICES) {
            if (!o->warned_full) VT_LOGW("ui", "overlay batch full: later items are dropped");
            o->warned_full = true;
            return false;
        }
        uint32_t cap = o->vert_cap ? o->vert_cap * 2 : 1536;
        vertex *v = realloc(o->verts, cap * sizeof *v);
        if (!v) return false;
        o->verts = v;
        o->vert_cap = cap;
    }
    vertex q = {.shape = {shape[0], shape[1], shape[2], shape[3]},
                .rgba = {unorm8(rgba[0]), unorm8(rgba[1]), unorm8(rgba[2]), unorm8(rgba[3])}};
    const float corners[6][4] = {{x0, y0, u0, v0}, {x1, y0, u1, v0}, {x1, y1, u1, v1},
                                 {x0, y0, u0, v0}, {x1, y1, u1, v1}, {x0, y1, u0, v1}};
    for (int i = 0; i < 6; i++) {
        q.x = corners[i][0];
        q.y = corners[i][1];
        q.u = corners[i][2];
        q.v = corners[i][3];
        o->verts[o->vert_count++] = q;
    }
    return true;
}

void vt_overlay_rect(vt_overlay *o, float x, float y, float w, float h, const float rgba[4],
                     float radius) {
    if (!(w > 0) || !(h > 0) || !(rgba[3] > 0)) return;
    float hw = w * 0.5f, hh = h * 0.5f;
    float r = radius > 0 ? fminf(radius, fminf(hw, hh)) : 0;
    const float shape[4] = {1, hw, hh, r};
    push_quad(o, x, y, x + w, y + h, -hw, -hh, hw, hh, shape, rgba);
}

float vt_overlay_text(vt_overlay *o, float x, float y, const char *utf8, const float rgba[4]) {
    static const float text_shape[4] = {0, 0, 0, 0};
    vt_font_metrics m = vt_font_get_metrics(o->font);
    vt__text_walk w = {.font = o->font,
                       .text = utf8,
                       .raster = true,
                       .y = roundf(y + m.ascent),
                       .line_height = m.line_height};
    while (vt__text_next(&w)) {
        const vt__glyph *g = &w.glyph;
        if (w.drawable && g->aw && rgba[3] > 0) {
            float gx = roundf(x + w.pen + g->left) + (float)g->xoff, gy = w.y + (float)g->yoff;
            push_quad(o, gx, gy, gx + g->aw, gy + g->ah, g->ax, g->ay, (float)(g->ax + g->aw),
                      (float)(g->ay + g->ah), text_shape, rgba);
        }
    }
    return w.widest;
}

float vt_overlay_text_width(vt_overlay *o, const char *utf8) {
    return vt_font_text_width(o->font, utf8);
}

float vt_overlay_line_height(const vt_overlay *o) {
    return vt_font_get_metrics(o->font).line_height;
}

static void upload_atlas(vt_overlay *o) {
    vt__atlas_view a;
    vt__font_atlas(o->font, &a);
    if (o->atlas && o->atlas_generation == a.generation && a.dirty_y0 >= a.dirty_y1) return;
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
    if (!o->atlas || o->atlas_generation != a.generation) {
        if (!o->atlas) glGenTextures(1, &o->atlas);
        glBindTexture(GL_TEXTURE_2D, o->atlas);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_R8, (GLsizei)a.width, (GLsizei)a.height, 0, GL_RED,
                     GL_UNSIGNED_BYTE, a.pixels);
        o->atlas_generation = a.generation;
    } else {
        /* Only the rows new glyphs touched: whole rows keep the copy contiguous. */
        glBindTexture(GL_TEXTURE_2D, o->atlas);
        glTexSubImage2D(GL_TEXTURE_2D, 0, 0, (GLint)a.dirty_y0, (GLsizei)a.width,
                        (GLsizei)(a.dirty_y1 - a.dirty_y0), GL_RED, GL_UNSIGNED_BYTE,
                        a.pixels + (size_t)a.dirty_y0 * a.width);
    }
    vt__font_atlas_clean(o->font);
}

typedef struct gl_state {
    GLint program, vao, vbo, active_texture, texture, sampler, unpack_buffer;
    GLint unpack[4]; /* alignment, row length, skip rows, skip pixels */
    GLint viewport[4];
    GLint blend_src_rgb, blend_dst_rgb, blend_src_a, blend_dst_a, blend_eq_rgb, blend_eq_a;
    GLboolean blend, depth_test, cull_face, scissor_test, stencil_test, srgb;
} gl_state;

static void state_save(gl_state *s) {
    glGetIntegerv(GL_CURRENT_PROGRAM, &s->program);
    glGetIntegerv(GL_VERTEX_ARRAY_BINDING, &s->vao);
    glGetIntegerv(GL_ARRAY_BUFFER_BINDING, &s->vbo);
    glGetIntegerv(GL_ACTIVE_TEXTURE, &s->active_texture);
    glActiveTexture(GL_TEXTURE0);
    glGetIntegerv(GL_TEXTURE_BINDING_2D, &s->texture);
    glGetIntegerv(GL_SAMPLER_BINDING, &s->sampler);
    glGetIntegerv(GL_PIXEL_UNPACK_BUFFER_BINDING, &s->unpack_buffer);
    glGetIntegerv(GL_UNPACK_ALIGNMENT, &s->unpack[0]);
    glGetIntegerv(GL_UNPACK_ROW_LENGTH, &s->unpack[1]);
    glGetIntegerv(GL_UNPACK_SKIP_ROWS, &s->unpack[2]);
    glGetIntegerv(GL_UNPACK_SKIP_PIXELS, &s->unpack[3]);
    glGetIntegerv(GL_VIEWPORT, s->viewport);
    glGetIntegerv(GL_BLEND_SRC_RGB, &s->blend_src_rgb);
    glGetIntegerv(GL_BLEND_DST_RGB, &s->blend_dst_rgb);
    glGetIntegerv(GL_BLEND_SRC_ALPHA, &s->blend_src_a);
    glGetIntegerv(GL_BLEND_DST_ALPHA, &s->blend_dst_a);
    glGetIntegerv(GL_BLEND_EQUATION_RGB, &s->blend_eq_rgb);
    glGetIntegerv(GL_BLEND_EQUATION_ALPHA, &s->blend_eq_a);
    s->blend = glIsEnabled(GL_BLEND);
    s->depth_test = glIsEnabled(GL_DEPTH_TEST);
    s->cull_face = glIsEnabled(GL_CULL_FACE);
    s->scissor_test = glIsEnabled(GL_SCISSOR_TEST);
    s->stencil_test = glIsEnabled(GL_STENCIL_TEST);
    /* Colours are already sRGB: no encoding on write (desktop GL only). */
    s->srgb = epoxy_is_desktop_gl() ? glIsEnabled(GL_FRAMEBUFFER_SRGB) : GL_FALSE;
}

static void enable(GLenum cap, GLboolean on) {
    if (on)
        glEnable(cap);
    else
        glDisable(cap);
}

static void state_restore(const gl_state *s) {
    glUseProgram((GLuint)s->program);
    glBindVertexArray((GLuint)s->vao);
    glBindBuffer(GL_ARRAY_BUFFER, (GLuint)s->vbo);
    glBindTexture(GL_TEXTURE_2D, (GLuint)s->texture);
    glBindSampler(0, (GLuint)s->sampler);
    glActiveTexture((GLenum)s->active_texture);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, (GLuint)s->unpack_buffer);
    glPixelStorei(GL_UNPACK_ALIGNMENT, s->unpack[0]);
    glPixelStorei(GL_UNPACK_ROW_LENGTH, s->unpack[1]);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, s->unpack[2]);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, s->unpack[3]);
    glViewport(s->viewport[0], s->viewport[1], s->viewport[2], s->viewport[3]);
    glBlendFuncSeparate((GLenum)s->blend_src_rgb, (GLenum)s->blend_dst_rgb, (GLenum)s->blend_src_a,
                        (GLenum)s->blend_dst_a);
    glBlendEquationSeparate((GLenum)s->blend_eq_rgb, (GLenum)s->blend_eq_a);
    enable(GL_BLEND, s->blend);
    enable(GL_DEPTH_TEST, s->depth_test);
    enable(GL_CULL_FACE, s->cull_face);
    enable(GL_SCISSOR_TEST, s->scissor_test);
    enable(GL_STENCIL_TEST, s->stencil_test);
    if (s->srgb) glEnable(GL_FRAMEBUFFER_SRGB);
}

void vt_overlay_end(vt_overlay *o) {
    if (!o->width || !o->height) return;
    gl_state saved;
    state_save(&saved);
    glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
    glBindSampler(0, 0);
    upload_atlas(o);
    if (o->vert_count && o->atlas) {
        glViewport(0, 0, (GLsizei)o->width, (GLsizei)o->height);
        glDisable(GL_DEPTH_TEST);
        glDisable(GL_CULL_FACE);
        glDisable(GL_SCISSOR_TEST);
        glDisable(GL_STENCIL_TEST);
        if (saved.srgb) glDisable(GL_FRAMEBUFFER_SRGB);
        glEnable(GL_BLEND);
        glBlendEquation(GL_FUNC_ADD);
        glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        glUseProgram(o->program);
        glUniform2f(o->u_pixel_to_ndc, 2.0f / (float)o->width, 2.0f / (float)o->height);
        glUniform1i(o->u_atlas, 0);
        glBindTexture(GL_TEXTURE_2D, o->atlas);
        glBindVertexArray(o->vao);
        glBindBuffer(GL_ARRAY_BUFFER, o->vbo);
        size_t bytes = (size_t)o->vert_count * sizeof(vertex);
        if (bytes > o->vbo_bytes) {
            glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)bytes, o->verts, GL_STREAM_DRAW);
            o->vbo_bytes = bytes;
        } else {
            /* Orphan, then fill: no wait on the previous frame's draw. */
            glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)o->vbo_bytes, NULL, GL_STREAM_DRAW);
            glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)bytes, o->verts);
        }
        glDrawArrays(GL_TRIANGLES, 0, (GLsizei)o->vert_count);
    }
    state_restore(&saved);
    o->vert_count = 0;
}
