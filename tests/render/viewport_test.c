/* vt_renderer_render into the caller's framebuffer at the view's viewport, as
   a stereo (XR) or split-screen host does: two views side by side each fill
   exactly their half, and each shows the object. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <epoxy/gl.h>
#include <stdlib.h>
#include <string.h>

enum { W = 128, H = 64 };

static void two_views_fill_their_own_halves(void **state) {
    (void)state;
    vt_test_gl gl;
    assert_true(vt_test_gl_init(&gl));
    vt_material mat = vt_test_material();
    mat.unlit = true;
    vt_model *m = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &mat);
    vt_scene *s = vt_test_scene_of(&gl, m);
    vt_scene_update(s);
    vt_aabb b;
    assert_true(vt_scene_bounds(s, &b));

    GLuint fbo, rb;
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(1, &rb);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
    assert_int_equal(glCheckFramebufferStatus(GL_FRAMEBUFFER), GL_FRAMEBUFFER_COMPLETE);
    glClearColor(1, 0, 1, 1);
    glClear(GL_COLOR_BUFFER_BIT);

    for (int eye = 0; eye < 2; eye++) {
        vt_view v;
        vt_view_frame_bounds(&b, eye ? 0.05f : -0.05f, 0, W / 2, H, &v);
        v.x = eye ? W / 2 : 0;
        vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                            .background = VT_BACKGROUND_COLOR,
                            .background_color = {eye ? 0.0f : 1.0f, 0.0f, eye ? 1.0f : 0.0f},
                            .no_ground = true,
                            .no_shadows = true,
                            .target_fbo = fbo};
        vt_frame_stats st;
        assert_int_equal(vt_renderer_render(gl.r, s, &v, &fd, &st), VT_OK);
        assert_int_equal(st.instances_visible, 1);
    }
    uint8_t *px = malloc(W * H * 4);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, W, H, GL_RGBA, GL_UNSIGNED_BYTE, px);
    vt_test_write_png("viewports", W, H, px); /* bottom row first: upside down */
    int magenta = 0, white[2] = {0, 0};
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            const uint8_t *p = px + ((size_t)y * W + x) * 4;
            if (p[0] == 255 && p[1] == 0 && p[2] == 255) magenta++;
            if (p[0] == 255 && p[1] == 255 && p[2] == 255) white[x >= W / 2]++;
        }
    /* corners: red on the left, blue on the right */
    assert_int_equal(px[0], 255);
    assert_int_equal(px[2], 0);
    assert_int_equal(px[(W - 1) * 4 + 0], 0);
    assert_int_equal(px[(W - 1) * 4 + 2], 255);
    assert_int_equal(magenta, 0);
    assert_true(white[0] > 200 && white[1] > 200);
    free(px);
    glDeleteFramebuffers(1, &fbo);
    glDeleteRenderbuffers(1, &rb);
    vt_scene_destroy(s);
    vt_model_free(m);
    vt_test_gl_free(&gl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(two_views_fill_their_own_halves),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
