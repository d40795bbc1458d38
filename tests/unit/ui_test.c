/* ui: UTF-8 decoding, font metrics and the glyph atlas (no GL), and the
   overlay drawn into an offscreen target when a headless context exists. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "render_support.h"
#include "ui/ui_internal.h"
#include "vitrine/core.h"
#include "vitrine/platform.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEJAVU "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#define NOTO_CJK "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

static uint32_t decode_one(const char *s, size_t *consumed) {
    const char *p = s;
    uint32_t c = vt_utf8_decode(&p);
    *consumed = (size_t)(p - s);
    return c;
}

static void utf8_decodes_one_to_four_byte_sequences(void **state) {
    (void)state;
    size_t n = 0;
    assert_int_equal(decode_one("A", &n), 'A');
    assert_int_equal(n, 1);
    assert_int_equal(decode_one("\xC3\xA9", &n), 0xE9); /* é */
    assert_int_equal(n, 2);
    assert_int_equal(decode_one("\xE4\xB8\xAD", &n), 0x4E2D); /* 中 */
    assert_int_equal(n, 3);
    assert_int_equal(decode_one("\xF0\x9F\x91\x97", &n), 0x1F457); /* dress */
    assert_int_equal(n, 4);
    assert_int_equal(decode_one("", &n), 0);
    assert_int_equal(n, 0); /* the end is not passed */

    const char *s = "a\xC3\xA9\xE4\xB8\xAD";
    uint32_t got[4];
    int count = 0;
    uint32_t c;
    while ((c = vt_utf8_decode(&s)) != 0 && count < 4) got[count++] = c;
    assert_int_equal(count, 3);
    assert_int_equal(got[0], 'a');
    assert_int_equal(got[1], 0xE9);
    assert_int_equal(got[2], 0x4E2D);
}

static void utf8_malformed_bytes_read_as_replacement_one_at_a_time(void **state) {
    (void)state;
    size_t n = 0;
    assert_int_equal(decode_one("\x80", &n), 0xFFFD); /* stray continuation */
    assert_int_equal(n, 1);
    assert_int_equal(decode_one("\xC0\xAF", &n), 0xFFFD); /* overlong '/' */
    assert_int_equal(n, 1);
    assert_int_equal(decode_one("\xED\xA0\x80", &n), 0xFFFD); /* surrogate */
    assert_int_equal(n, 1);
    assert_int_equal(decode_one("\xF4\x90\x80\x80", &n), 0xFFFD); /* above U+10FFFF */
    assert_int_equal(n, 1);
    assert_int_equal(decode_one("\xFF", &n), 0xFFFD);
    assert_int_equal(n, 1);
    /* truncated at the end: never reads past the NUL */
    assert_int_equal(decode_one("\xE4\xB8", &n), 0xFFFD);
    assert_int_equal(n, 1);
    const char *s = "\xE4\xB8";
    assert_int_equal(vt_utf8_decode(&s), 0xFFFD);
    assert_int_equal(vt_utf8_decode(&s), 0xFFFD);
    assert_int_equal(vt_utf8_decode(&s), 0);
}

static void font_missing_file_fails_naming_the_path(void **state) {
    (void)state;
    vt_font *f = (vt_font *)1;
    vt_result r = vt_font_create(&(vt_font_desc){.path = "/nonexistent/nofont.ttf"}, &f);
    assert_int_equal(r, VT_ERR_IO);
    assert_null(f);
    assert_non_null(strstr(vt_last_error(), "/nonexistent/nofont.ttf"));

    /* a file that is not a font */
    char path[256];
    snprintf(path, sizeof path, "%s/CMakeLists.txt",
             getenv("VT_SOURCE_DIR") ? getenv("VT_SOURCE_DIR") : ".");
    if (vt_file_exists(path)) {
        r = vt_font_create(&(vt_font_desc){.path = path}, &f);
        assert_int_equal(r, VT_ERR_PARSE);
        assert_non_null(strstr(vt_last_error(), "not a TrueType"));
    }
}

static vt_font *dejavu(float px) {
    vt_font *f = NULL;
    if (!vt_file_exists(DEJAVU)) return NULL;
    assert_int_equal(vt_font_create(&(vt_font_desc){.path = DEJAVU, .pixel_size = px}, &f), VT_OK);
    return f;
}

static void font_text_width_sums_advances_kerning_and_widest_line(void **state) {
    (void)state;
    vt_font *f = dejavu(16);
    if (!f) skip();
    assert_float_equal(vt_font_text_width(f, ""), 0, 0);
    float a = vt_font_text_width(f, "A"), v = vt_font_text_width(f, "V");
    assert_true(a > 5 && a < 16);
    /* DejaVu kerns "AV" tighter than its two advances */
    assert_true(vt_font_text_width(f, "AV") < a + v - 0.1f);
    float hello = vt_font_text_width(f, "Hello");
    assert_float_equal(vt_font_text_width(f, "Hi\nHello"), hello, 1e-4);
    assert_float_equal(vt_font_text_width(f, "Hello\nHi"), hello, 1e-4);
    vt_font_metrics m = vt_font_get_metrics(f);
    assert_true(m.ascent > 0 && m.descent < 0);
    assert_float_equal(m.ascent - m.descent, 16, 1.0);
    assert_true(m.line_height >= 16);

    vt_font *big = dejavu(32);
    float wide = vt_font_text_width(big, "Hello, world");
    assert_float_equal(wide / vt_font_text_width(f, "Hello, world"), 2.0, 0.02);
    vt_font_destroy(big);
    vt_font_destroy(f);
}

static void font_search_finds_a_system_font(void **state) {
    (void)state;
    vt_font *f = NULL;
    if (getenv("VITRINE_FONT") || !vt_file_exists(DEJAVU)) skip();
    assert_int_equal(vt_font_create(NULL, &f), VT_OK);
    assert_string_equal(vt_font_path(f), DEJAVU);
    vt_font_destroy(f);
}

static void font_named_by_vitrine_font_is_the_only_candidate(void **state) {
    (void)state;
    const char *old = getenv("VITRINE_FONT");
    char *saved = old ? strdup(old) : NULL;
    setenv("VITRINE_FONT", "/nonexistent/chosen.ttf", 1);
    vt_font *f = NULL;
    assert_int_equal(vt_font_create(NULL, &f), VT_ERR_IO);
    assert_null(f);
    assert_non_null(strstr(vt_last_error(), "VITRINE_FONT"));
    assert_non_null(strstr(vt_last_error(), "/nonexistent/chosen.ttf"));
    if (vt_file_exists(DEJAVU)) {
        setenv("VITRINE_FONT", DEJAVU, 1);
        assert_int_equal(vt_font_create(NULL, &f), VT_OK);
        assert_string_equal(vt_font_path(f), DEJAVU);
        vt_font_destroy(f);
    }
    if (saved)
        setenv("VITRINE_FONT", saved, 1);
    else
        unsetenv("VITRINE_FONT");
    free(saved);
}

static void font_cjk_codepoints_come_from_the_fallback(void **state) {
    (void)state;
    if (!vt_file_exists(NOTO_CJK)) skip();
    vt_font *f = dejavu(16);
    if (!f) skip();
    assert_false(vt_font_has_glyph(f, 0x10FFFD)); /* private use: nobody has it */
    assert_true(vt_font_has_glyph(f, 0x4E2D));
    /* CJK ideographs are one em wide: the em of a 16 px DejaVu line is ~13.8 px */
    float w = vt_font_text_width(f, "\xE4\xB8\xAD\xE6\x96\x87"); /* 中文 */
    assert_true(w > 2 * 12 && w < 2 * 16);
    vt__glyph g;
    assert_true(vt__font_glyph(f, 0x4E2D, true, &g));
    assert_int_equal(g.face, 1);
    assert_true(g.aw > 8 && g.ah > 8);

    vt_font *none = NULL;
    assert_int_equal(vt_font_create(&(vt_font_desc){.path = DEJAVU, .fallback_path = ""}, &none),
                     VT_OK);
    assert_false(vt_font_has_glyph(none, 0x4E2D));
    vt_font_destroy(none);
    vt_font_destroy(f);
}

static bool overlaps(const vt__glyph *a, const vt__glyph *b) {
    return a->ax < b->ax + b->aw && b->ax < a->ax + a->aw && a->ay < b->ay + b->ah &&
           b->ay < a->ay + a->ah;
}

/* Sums the coverage of img in columns [x0, x1) and rows [y0, y1), clamped. */
static uint64_t coverage(const vt_text_image *img, int x0, int y0, int x1, int y1) {
    uint64_t sum = 0;
    for (int y = y0 < 0 ? 0 : y0; y < y1 && y < (int)img->height; y++)
        for (int x = x0 < 0 ? 0 : x0; x < x1 && x < (int)img->width; x++)
            sum += img->pixels[(size_t)y * img->width + (size_t)x];
    return sum;
}

static void font_render_text_fills_the_measured_box_only(void **state) {
    (void)state;
    vt_font *f = dejavu(16);
    vt_text_image img;
    assert_int_equal(vt_font_render_text(f, "Hello", 32, &img), VT_OK);
    /* the advance at 32 px is twice that at the font's 16 px */
    assert_float_equal(img.text_width, 2.0f * vt_font_text_width(f, "Hello"), 0.05);
    assert_int_equal(img.margin, 4);
    assert_true(img.width >= (uint32_t)ceilf(img.text_width) + 2 * img.margin);
    assert_true(img.width <= (uint32_t)ceilf(img.text_width) + 2 * img.margin + 3);
    int W = (int)img.width, H = (int)img.height, m = (int)img.margin;
    /* every bit of ink lies inside the margins and the measured width */
    uint64_t all = coverage(&img, 0, 0, W, H);
    assert_true(all > 0);
    int ox = (int)img.origin_x;
    assert_int_equal(coverage(&img, ox, m, ox + (int)ceilf(img.text_width) + 1, H - m), all);
    assert_int_equal(coverage(&img, 0, 0, W, m), 0);
    assert_int_equal(coverage(&img, 0, H - m, W, H), 0);
    /* "Hello" has no descender: nothing below the baseline */
    assert_int_equal(coverage(&img, 0, (int)img.baseline + 1, W, H), 0);
    /* 'H' has solid full-height stems: the first column of ink is saturated */
    int first = -1;
    for (int x = 0; x < W && first < 0; x++)
        if (coverage(&img, x, 0, x + 1, H) > 0) first = x;
    assert_int_equal(first >= ox - 1 && first <= ox + 4, true);
    assert_int_equal(img.pixels[(size_t)((int)img.baseline - 8) * img.width + (size_t)first + 1],
                     255);
    free(img.pixels);

    /* coverage grows with the area: four times the ink at twice the size */
    vt_text_image big;
    assert_int_equal(vt_font_render_text(f, "Hello", 64, &big), VT_OK);
    double ratio = (double)coverage(&big, 0, 0, (int)big.width, (int)big.height) / (double)all;
    assert_float_equal(ratio, 4.0, 0.25);
    free(big.pixels);

    /* two lines: twice the height less one line's gap, ink below the first baseline */
    vt_text_image two;
    assert_int_equal(vt_font_render_text(f, "Hi\nHello", 32, &two), VT_OK);
    assert_float_equal(two.text_width, img.text_width, 1e-3);
    assert_true(two.height >= img.height + (uint32_t)two.line_height - 1);
    assert_true(coverage(&two, 0, (int)(two.baseline + 0.5f * two.line_height), (int)two.width,
                         (int)two.height) > 0);
    free(two.pixels);

    /* empty text: one empty line */
    vt_text_image none;
    assert_int_equal(vt_font_render_text(f, "", 0, &none), VT_OK);
    assert_int_equal(none.width, 2 * none.margin);
    assert_true(none.height > 2 * none.margin);
    assert_int_equal(coverage(&none, 0, 0, (int)none.width, (int)none.height), 0);
    free(none.pixels);

    vt_text_image huge;
    assert_int_equal(vt_font_render_text(f, "x", 2000, &huge), VT_ERR_LIMIT);
    assert_null(huge.pixels);
    assert_non_null(strstr(vt_last_error(), "2000"));
    vt_font_destroy(f);
}

static void font_render_text_draws_cjk_from_the_fallback(void **state) {
    (void)state;
    if (!vt_file_exists(NOTO_CJK)) skip();
    vt_font *f = dejavu(16);
    vt_text_image img;
    assert_int_equal(vt_font_render_text(f, "\xE4\xB8\xAD\xE6\x96\x87", 40, &img),
                     VT_OK); /* 中文 */
    /* two full-width ideographs: about two ems wide */
    assert_float_equal(img.text_width, 2 * 40 * 1.0f, 40 * 0.35f);
    uint64_t ink = coverage(&img, 0, 0, (int)img.width, (int)img.height);
    assert_true(ink > 255u * 40); /* more than a few strokes' worth */
    /* each half holds one ideograph */
    int mid = (int)(img.origin_x + 0.5f * img.text_width);
    assert_true(coverage(&img, 0, 0, mid, (int)img.height) > 255u * 20);
    assert_true(coverage(&img, mid, 0, (int)img.width, (int)img.height) > 255u * 20);
    free(img.pixels);
    vt_font_destroy(f);
}

static void font_atlas_grows_and_glyphs_never_overlap(void **state) {
    (void)state;
    vt_font *f = dejavu(48);
    if (!f) skip();
    vt__atlas_view before;
    vt__font_atlas(f, &before);
    vt__font_atlas_clean(f);
    enum { N = 700 };
    vt__glyph *g = calloc(N, sizeof *g);
    int n = 0;
    for (uint32_t cp = 0x21; cp < 0x250 && n < N; cp++) {
        if (!vt_font_has_glyph(f, cp)) continue;
        assert_true(vt__font_glyph(f, cp, true, &g[n]));
        if (g[n].aw) n++;
    }
    assert_true(n > 400);
    vt__atlas_view after;
    vt__font_atlas(f, &after);
    assert_true(after.width * after.height > before.width * before.height);
    assert_int_not_equal(after.generation, before.generation);
    for (int i = 0; i < n; i++) {
        assert_true(g[i].ax + g[i].aw <= after.width && g[i].ay + g[i].ah <= after.height);
        for (int j = 0; j < i; j++) assert_false(overlaps(&g[i], &g[j]));
    }
    /* a cached glyph comes back at the same place */
    vt__glyph again;
    assert_true(vt__font_glyph(f, g[10].codepoint, true, &again));
    assert_int_equal(again.ax, g[10].ax);
    assert_int_equal(again.ay, g[10].ay);
    /* a new glyph after a clean marks only its rows dirty */
    vt__font_atlas_clean(f);
    vt__glyph y;
    assert_true(vt__font_glyph(f, 0x0416, true, &y)); /* Ж */
    vt__atlas_view dirty;
    vt__font_atlas(f, &dirty);
    assert_true(dirty.dirty_y0 <= y.ay && dirty.dirty_y1 >= (uint32_t)(y.ay + y.ah));
    assert_true(dirty.dirty_y1 - dirty.dirty_y0 < dirty.height);
    free(g);
    vt_font_destroy(f);
}

/* ---- with GL ----------------------------------------------------------- */

static void overlay_without_a_context_fails_with_no_gpu(void **state) {
    (void)state;
    vt_overlay *o = (vt_overlay *)1;
    assert_int_equal(vt_overlay_create(NULL, &o), VT_ERR_NO_GPU);
    assert_null(o);
    assert_non_null(strstr(vt_last_error(), "context"));
}

enum { W = 160, H = 64 };

static void read_rgba(uint8_t *px) {
    uint8_t *tmp = malloc(W * H * 4);
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, tmp);
    for (int y = 0; y < H; y++) memcpy(px + y * W * 4, tmp + (H - 1 - y) * W * 4, W * 4);
    free(tmp);
}

static const uint8_t *at(const uint8_t *px, int x, int y) {
    return px + (y * W + x) * 4;
}

/* Draws into an offscreen target on the current context and checks pixels
   and the GL state left behind. */
static void overlay_checks(void) {
    vt_overlay *o = NULL;
    assert_int_equal(vt_overlay_create(&(vt_overlay_desc){.font_path = DEJAVU}, &o), VT_OK);

    GLuint fbo, tex;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, W, H, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    assert_int_equal(glCheckFramebufferStatus(GL_FRAMEBUFFER), GL_FRAMEBUFFER_COMPLETE);
    glBindTexture(GL_TEXTURE_2D, 0);
    glViewport(3, 4, 5, 6);
    glEnable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ZERO);
    glClearColor(0, 0, 0, 1);
    glClear(GL_COLOR_BUFFER_BIT);

    static const float red[4] = {1, 0, 0, 1}, half_white[4] = {1, 1, 1, 0.5f},
                       white[4] = {1, 1, 1, 1};
    vt_overlay_begin(o, W, H);
    vt_overlay_rect(o, 4, 4, 40, 20, red, 8);
    vt_overlay_rect(o, 4, 40, 40, 20, half_white, 0);
    float adv = vt_overlay_text(o, 60, 8, "Hi", white);
    assert_float_equal(adv, vt_overlay_text_width(o, "Hi"), 1e-4);
    vt_overlay_end(o);

    uint8_t *px = malloc(W * H * 4);
    read_rgba(px);
    /* the rounded rect: full inside, empty in the cut corner, crisp straight edges */
    assert_int_equal(at(px, 24, 14)[0], 255);
    assert_int_equal(at(px, 24, 14)[1], 0);
    assert_true(at(px, 4, 4)[0] < 40);
    assert_int_equal(at(px, 24, 4)[0], 255);
    assert_int_equal(at(px, 24, 3)[0], 0);
    /* half white over black blends to half grey */
    assert_true(abs(at(px, 24, 50)[0] - 128) <= 2);
    /* the text: white coverage inside its line box, nothing outside it */
    float lh = vt_overlay_line_height(o);
    int lit = 0, stray = 0;
    for (int y = 0; y < H; y++)
        for (int x = 50; x < W; x++) {
            bool inside = x >= 60 && x < 60 + (int)ceilf(adv) + 1 && y >= 8 && y < 8 + (int)lh;
            if (at(px, x, y)[0] > 200) {
                if (inside)
                    lit++;
                else
                    stray++;
            }
        }
    if (getenv("UI_TEST_DUMP")) {
        FILE *d = fopen(getenv("UI_TEST_DUMP"), "wb");
        fprintf(d, "P6 %d %d 255\n", W, H);
        for (int i = 0; i < W * H; i++) fwrite(px + i * 4, 1, 3, d);
        fclose(d);
    }
    assert_true(lit > 20);
    assert_int_equal(stray, 0);

    /* state as the caller left it */
    GLint vp[4];
    glGetIntegerv(GL_VIEWPORT, vp);
    assert_int_equal(vp[0], 3);
    assert_int_equal(vp[3], 6);
    assert_true(glIsEnabled(GL_DEPTH_TEST));
    assert_false(glIsEnabled(GL_BLEND));
    GLint src = 0, prog = -1, bound = -1;
    glGetIntegerv(GL_BLEND_SRC_RGB, &src);
    assert_int_equal(src, GL_ONE);
    glGetIntegerv(GL_CURRENT_PROGRAM, &prog);
    assert_int_equal(prog, 0);
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &bound);
    assert_int_equal(bound, (GLint)fbo);
    assert_int_equal(glGetError(), GL_NO_ERROR);

    /* non-ASCII added later is uploaded into the same atlas, no error */
    vt_overlay_begin(o, W, H);
    vt_overlay_text(o, 60, 30, "\xC3\x85ngstr\xC3\xB6m \xE4\xB8\xAD", white);
    vt_overlay_end(o);
    assert_int_equal(glGetError(), GL_NO_ERROR);

    free(px);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
    vt_overlay_destroy(o);
}

static void overlay_draws_rects_and_text_and_restores_state(void **state) {
    (void)state;
    vt_headless *gl = NULL;
    if (!vt_file_exists(DEJAVU)) skip();
    if (vt_headless_create(&gl) != VT_OK) {
        print_message("skipped: no headless GL (%s)\n", vt_last_error());
        skip();
    }
    vt_test_pin_gl_driver();
    overlay_checks();
    vt_headless_destroy(gl);
}

/* The same on a GLES 3.0 context (headsets, a later web build). */
static void overlay_works_on_gles3(void **state) {
    (void)state;
    if (!vt_file_exists(DEJAVU)) skip();
    EGLDisplay d = EGL_NO_DISPLAY;
    EGLContext c = EGL_NO_CONTEXT;
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
        d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    EGLint maj, min;
    if (d == EGL_NO_DISPLAY || !eglInitialize(d, &maj, &min)) skip();
    const EGLint attrs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 0, EGL_NONE};
    if (eglBindAPI(EGL_OPENGL_ES_API))
        c = eglCreateContext(d, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
    if (c == EGL_NO_CONTEXT || !eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, c)) {
        if (c != EGL_NO_CONTEXT) eglDestroyContext(d, c);
        eglTerminate(d);
        skip();
    }
    vt_test_pin_gl_driver();
    assert_false(epoxy_is_desktop_gl());
    overlay_checks();
    eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    eglDestroyContext(d, c);
    eglTerminate(d);
    eglReleaseThread();
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(utf8_decodes_one_to_four_byte_sequences),
        cmocka_unit_test(utf8_malformed_bytes_read_as_replacement_one_at_a_time),
        cmocka_unit_test(font_missing_file_fails_naming_the_path),
        cmocka_unit_test(font_text_width_sums_advances_kerning_and_widest_line),
        cmocka_unit_test(font_search_finds_a_system_font),
        cmocka_unit_test(font_named_by_vitrine_font_is_the_only_candidate),
        cmocka_unit_test(font_cjk_codepoints_come_from_the_fallback),
        cmocka_unit_test(font_atlas_grows_and_glyphs_never_overlap),
        cmocka_unit_test(font_render_text_fills_the_measured_box_only),
        cmocka_unit_test(font_render_text_draws_cjk_from_the_fallback),
        cmocka_unit_test(overlay_without_a_context_fails_with_no_gpu),
        cmocka_unit_test(overlay_draws_rects_and_text_and_restores_state),
        cmocka_unit_test(overlay_works_on_gles3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
