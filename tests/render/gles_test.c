/* The renderer on a GLES 3.0 context (what headsets and a web build get):
   the same shaders compile with the GLES prefix, and the white furnace and the
   exact background colour hold there too. Skipped when EGL offers no GLES 3. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 96, H = 96 };

typedef struct es_ctx {
    EGLDisplay d;
    EGLContext c;
} es_ctx;

static bool es_create(es_ctx *e) {
    e->d = EGL_NO_DISPLAY;
    e->c = EGL_NO_CONTEXT;
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
        e->d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    if (e->d == EGL_NO_DISPLAY) return false;
    EGLint maj, min;
    if (!eglInitialize(e->d, &maj, &min) || !eglBindAPI(EGL_OPENGL_ES_API)) return false;
    const EGLint attrs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 0, EGL_NONE};
    e->c = eglCreateContext(e->d, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
    return e->c != EGL_NO_CONTEXT && eglMakeCurrent(e->d, EGL_NO_SURFACE, EGL_NO_SURFACE, e->c);
}

static void es_destroy(es_ctx *e) {
    if (e->d == EGL_NO_DISPLAY) return;
    eglMakeCurrent(e->d, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (e->c != EGL_NO_CONTEXT) eglDestroyContext(e->d, e->c);
    eglTerminate(e->d);
    eglReleaseThread();
}

static void furnace_and_background_hold_on_gles3(void **state) {
    (void)state;
    es_ctx e;
    if (!es_create(&e)) {
        es_destroy(&e);
        skip();
    }
    vt_test_pin_gl_driver();
    print_message("context: %s\n", (const char *)glGetString(GL_VERSION));
    assert_false(epoxy_is_desktop_gl());
    vt_test_gl gl = {0};
    assert_int_equal(vt_renderer_create(&(vt_renderer_desc){0}, &gl.r), VT_OK);
    assert_int_equal(vt_renderer_set_env(gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL}), VT_OK);
    vt_material mat = vt_test_material();
    mat.roughness = 0.5f;
    vt_model *m = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &mat);
    vt_scene *s = vt_test_scene_of(&gl, m);
    vt_view v;
    assert_true(vt_test_frame(s, 0, 0, W, H, &v, NULL));
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                        .background = VT_BACKGROUND_COLOR,
                        .background_color = {0.2f, 0.4f, 0.6f},
                        .no_ground = true};
    uint8_t *img = vt_test_render(&gl, s, &v, &fd);
    assert_non_null(img);
    vt_test_write_png("gles-furnace", W, H, img);
    const uint8_t *c = img + ((size_t)(H / 2) * W + W / 2) * 4;
    assert_true(c[0] >= 253 && c[1] >= 253 && c[2] >= 253);
    assert_int_equal(img[0], 51);
    assert_int_equal(img[1], 102);
    assert_int_equal(img[2], 153);
    free(img);
    /* and the studio with shadows and the ground */
    assert_int_equal(vt_renderer_set_env(gl.r, &(vt_env_desc){0}), VT_OK);
    img = vt_test_render(&gl, s, &v, &(vt_frame_desc){0});
    assert_non_null(img);
    vt_test_write_png("gles-studio", W, H, img);
    free(img);

    /* the highlight outline and the mirror's programs build and draw on GLES too */
    vt_scene *s2 = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s2), VT_OK);
    vt_node ball = vt_test_place(&gl, s2, m, NULL);
    assert_true(vt_test_frame(s2, 0, 0, W, H, &v, NULL));
    fd.highlight = ball;
    fd.highlight_width = 3;
    img = vt_test_render(&gl, s2, &v, &fd);
    assert_non_null(img);
    int amber = 0;
    for (int i = 0; i < W * H; i++)
        if (img[i * 4] == 255 && abs(img[i * 4 + 1] - 199) <= 1 && abs(img[i * 4 + 2] - 97) <= 1)
            amber++;
    assert_true(amber > 50);
    free(img);
    fd.highlight = (vt_node){0};
    fd.mirror = ball; /* the ball as a mirror: it shows the environment behind the camera */
    img = vt_test_render(&gl, s2, &v, &fd);
    assert_non_null(img);
    vt_test_write_png("gles-mirror", W, H, img);
    c = img + ((size_t)(H / 2) * W + W / 2) * 4;
    assert_false(c[0] == 51 && c[1] == 102 && c[2] == 153);
    assert_false(c[0] >= 253 && c[1] >= 253 && c[2] >= 253); /* not the white ball */
    free(img);
    vt_scene_destroy(s2);
    vt_scene_destroy(s);
    vt_model_free(m);
    vt_renderer_destroy(gl.r);
    es_destroy(&e);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(furnace_and_background_hold_on_gles3),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
