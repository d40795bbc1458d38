/* Lights culled per batch (renderer.c, set_batch_lights): a light is left out
   of a batch only where its range or cone cannot reach the batch's bounds.
   Two tiles of one mesh and material (one instanced batch) lie side by side,
   each under a narrow spot of its own: both must be lit alike, which fails if
   the batch's bounds were those of one instance or a spot were culled from a
   batch it reaches. A spot aimed away and a point light whose range ends short
   of the tiles add nothing. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 128, H = 64 };

static vt_test_gl gl;

static int setup(void **state) {
    (void)state;
    return vt_test_gl_init_dark(&gl) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vt_test_gl_free(&gl);
    return 0;
}

static float lin_at(const uint8_t *img, const vt_view *v, const float p[3]) {
    float x, y;
    vt_test_project(v, p, &x, &y);
    const uint8_t *px = img + ((size_t)y * W + (size_t)x) * 4;
    return vt_test_srgb_to_linear(px[1] / 255.0f);
}

static void add_light(vt_scene *s, const vt_light *l, const float pos[3], const float rot[4]) {
    vt_node n = vt_node_create(s, (vt_node){0});
    vt_transform t = {.translation = {pos[0], pos[1], pos[2]},
                      .rotation = {rot[0], rot[1], rot[2], rot[3]},
                      .scale = {1, 1, 1}};
    vt_node_set_local(s, n, &t);
    vt_node_set_light(s, n, l);
}

/* Renders the two tiles (centres x = -/+0.6, z = 0, facing +Z) with the given
   extra lights; returns the image, the view in *v. */
static uint8_t *render_tiles(bool spots, vt_view *v, const char *name) {
    vt_material mat = vt_test_material();
    mat.metallic = 0.0f;
    mat.roughness = 1.0f;
    vt_model *m = vt_test_model(VT_TEST_PLANE, (float[3]){0.5f, 0.5f, 0}, &mat);
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    uint32_t base = 0;
    assert_int_equal(vt_renderer_upload_model(gl.r, m, &base), VT_OK);
    for (int i = 0; i < 2; i++) {
        vt_node n = vt_node_create(s, (vt_node){0});
        vt_transform t = {
            .translation = {i ? 0.6f : -0.6f, 0, 0}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}};
        vt_node_set_local(s, n, &t);
        vt_node_set_mesh(s, n, base, &m->meshes[0].bounds);
    }
    const float down[4] = {0, 0, 0, 1}; /* a spot shines along its -Z */
    if (spots) {
        vt_light spot = {.type = VT_LIGHT_SPOT,
                         .color = {1, 1, 1},
                         .intensity = 2.0f,
                         .inner_cone = 0.12f,
                         .outer_cone = 0.18f};
        add_light(s, &spot, (float[3]){-0.6f, 0, 1}, down);
        add_light(s, &spot, (float[3]){0.6f, 0, 1}, down);
    }
    /* Turned half a turn about Y: shines along +Z, away from the tiles. */
    vt_light away = {.type = VT_LIGHT_SPOT,
                     .color = {1, 1, 1},
                     .intensity = 50.0f,
                     .inner_cone = 0.3f,
                     .outer_cone = 0.5f};
    add_light(s, &away, (float[3]){0, 0, 0.5f}, (float[4]){0, 1, 0, 0});
    vt_light shortp = {
        .type = VT_LIGHT_POINT, .color = {1, 1, 1}, .intensity = 50.0f, .range = 1.0f};
    add_light(s, &shortp, (float[3]){0, 0, 1.5f}, down);
    assert_true(vt_test_frame(s, 0, 0, W, H, v, NULL));
    vt_frame_desc fd = {
        .tonemap = VT_TONEMAP_NONE, .exposure = -1.0f, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&gl, s, v, &fd);
    assert_non_null(img);
    vt_test_write_png(name, W, H, img);
    vt_scene_destroy(s);
    vt_model_free(m);
    return img;
}

static void both_instances_of_a_batch_get_their_spot(void **state) {
    (void)state;
    vt_view v;
    uint8_t *img = render_tiles(true, &v, "light-cull-spots");
    float a = lin_at(img, &v, (float[3]){-0.6f, 0, 0});
    float b = lin_at(img, &v, (float[3]){0.6f, 0, 0});
    /* each spot's disc (radius tan 0.18 = 0.18 m) stays on its own tile */
    float gap = lin_at(img, &v, (float[3]){0, 0, 0});
    print_message("tiles %.4f %.4f, between them %.4f\n", a, b, gap);
    /* E = 2 / 1^2, L = (0.96 + 0.01) / pi * E, times exposure 0.5 */
    float want = 0.5f * (0.97f / 3.14159265f) * 2.0f;
    assert_float_equal(a, want, 0.05f * want);
    assert_float_equal(b, want, 0.05f * want);
    assert_true(gap < 0.01f);
    free(img);
}

static void lights_that_cannot_reach_add_nothing(void **state) {
    (void)state;
    vt_view v;
    uint8_t *img = render_tiles(false, &v, "light-cull-none");
    float a = lin_at(img, &v, (float[3]){-0.6f, 0, 0});
    float b = lin_at(img, &v, (float[3]){0.6f, 0, 0});
    print_message("tiles %.4f %.4f\n", a, b);
    assert_true(a < 0.01f);
    assert_true(b < 0.01f);
    free(img);
}

int main(void) {
    vt_test_pin_gl_driver();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(both_instances_of_a_batch_get_their_spot),
        cmocka_unit_test(lights_that_cannot_reach_add_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
