/* vt_renderer_release_model: a released model's instances draw nothing, the
   rest of the scene is untouched, ids are not reused, repeats are harmless. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#define W 160
#define H 96

static const uint8_t *px(const uint8_t *img, const vt_view *v, float x, float y, float z) {
    float sx, sy;
    vt_test_project(v, (float[3]){x, y, z}, &sx, &sy);
    return img + ((size_t)(int)sy * W + (size_t)(int)sx) * 4;
}

static void released_model_draws_nothing_and_others_stay(void **state) {
    (void)state;
    vt_test_gl gl;
    if (!vt_test_gl_init(&gl)) skip();
    vt_material red = vt_test_material(), blue = vt_test_material();
    red.metallic = blue.metallic = 0;
    red.roughness = blue.roughness = 0.6f;
    red.base_color[1] = red.base_color[2] = 0.05f;
    blue.base_color[0] = blue.base_color[1] = 0.05f;
    vt_model *mr = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &red);
    vt_model *mb = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &blue);
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_transform left = {.translation = {-0.7f, 0, 0}}, right = {.translation = {0.7f, 0, 0}};
    vt_node nr = vt_test_place(&gl, s, mr, &left);
    vt_test_place(&gl, s, mb, &right);
    vt_view view;
    assert_true(vt_test_frame(s, 0, 0, W, H, &view, NULL));
    vt_frame_desc f = {.background = VT_BACKGROUND_COLOR, .no_ground = true, .no_shadows = true};
    uint8_t *before = vt_test_render(&gl, s, &view, &f);
    assert_non_null(before);
    const uint8_t *l0 = px(before, &view, -0.7f, 0, 0.45f), *r0 = px(before, &view, 0.7f, 0, 0.45f);
    assert_true(l0[0] > l0[2] + 40); /* red on the left */
    assert_true(r0[2] > r0[0] + 40); /* blue on the right */

    uint32_t base = vt_node_get_mesh(s, nr);
    vt_renderer_release_model(gl.r, base);
    vt_renderer_release_model(gl.r, base);     /* twice: nothing more happens */
    vt_renderer_release_model(gl.r, 1000000u); /* unknown: nothing happens */
    uint8_t *after = vt_test_render(&gl, s, &view, &f);
    assert_non_null(after);
    vt_test_write_png("release", W, H, after);
    const uint8_t *l1 = px(after, &view, -0.7f, 0, 0.45f), *r1 = px(after, &view, 0.7f, 0, 0.45f);
    assert_int_equal(l1[0], 0); /* the background (black) where the red sphere was */
    assert_int_equal(l1[1], 0);
    assert_int_equal(l1[2], 0);
    for (int c = 0; c < 3; c++) assert_true(abs((int)r1[c] - (int)r0[c]) <= 1);

    /* Uploading the model again gives new ids, and it shows again. */
    vt_node again = vt_test_place(&gl, s, mr, &left);
    assert_true(vt_node_get_mesh(s, again) > base);
    vt_scene_update(s);
    uint8_t *back = vt_test_render(&gl, s, &view, &f);
    assert_non_null(back);
    const uint8_t *l2 = px(back, &view, -0.7f, 0, 0.45f);
    for (int c = 0; c < 3; c++) assert_true(abs((int)l2[c] - (int)l0[c]) <= 1);

    free(before);
    free(after);
    free(back);
    vt_scene_destroy(s);
    vt_model_free(mr);
    vt_model_free(mb);
    vt_test_gl_free(&gl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(released_model_draws_nothing_and_others_stay),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
