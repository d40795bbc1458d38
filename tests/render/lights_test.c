/* KHR_lights_punctual: a white rough dielectric plane lit by one light in a
   black environment has the radiance the glTF BRDF predicts in closed form:
   at normal incidence under a light on the view axis, L = (1 - F) / pi * E plus
   a GGX lobe of F * D * V * E with F = 0.04, D = 1 / pi, V = 1 / 4 at
   roughness 1, where E = I / d^2 (point, spot) or the lux (directional). */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 96, H = 96 };
static const float PI_F = 3.14159265f;

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

/* Expected radiance for E at normal incidence (see the file comment). */
static float expected(float e) {
    return (0.96f / PI_F + 0.04f * 0.25f / PI_F) * e;
}

static float lin(const uint8_t *img, float x, float y) {
    const uint8_t *p = img + ((size_t)y * W + (size_t)x) * 4;
    return vt_test_srgb_to_linear(p[1] / 255.0f);
}

/* Renders the 2x2 plane at z = 0 with one light at `pos` shining along -Z,
   after `far` point lights 50 m away whose range ends short of the plane. */
static uint8_t *render_lights(const vt_light *l, float z, uint32_t far, vt_view *v,
                              const char *name) {
    vt_material mat = vt_test_material();
    mat.metallic = 0.0f;
    mat.roughness = 1.0f;
    vt_model *m = vt_test_model(VT_TEST_PLANE, (float[3]){2, 2, 0}, &mat);
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_test_place(&gl, s, m, NULL);
    for (uint32_t i = 0; i < far; i++) {
        vt_node fn = vt_node_create(s, (vt_node){0});
        vt_node_set_local(s, fn,
                          &(vt_transform){.translation = {50.0f + (float)i, 0, 1},
                                          .rotation = {0, 0, 0, 1},
                                          .scale = {1, 1, 1}});
        vt_node_set_light(
            s, fn,
            &(vt_light){
                .type = VT_LIGHT_POINT, .color = {1, 1, 1}, .intensity = 100.0f, .range = 2.0f});
    }
    vt_node ln = vt_node_create(s, (vt_node){0});
    vt_node_set_local(
        s, ln,
        &(vt_transform){.translation = {0, 0, z}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
    vt_node_set_light(s, ln, l);
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

static uint8_t *render_light(const vt_light *l, float z, vt_view *v, const char *name) {
    return render_lights(l, z, 0, v, name);
}

static void point_light_follows_the_inverse_square_law(void **state) {
    (void)state;
    vt_view v;
    vt_light l = {.type = VT_LIGHT_POINT, .color = {1, 1, 1}, .intensity = 4.0f};
    uint8_t *img = render_light(&l, 2.0f, &v, "light-point");
    float got = 2.0f * lin(img, W / 2, H / 2); /* exposure -1 */
    float want = expected(4.0f / 4.0f);
    print_message("point: %.4f want %.4f\n", got, want);
    assert_float_equal(got, want, 0.03f * want);
    free(img);
}

static void directional_light_gives_its_illuminance(void **state) {
    (void)state;
    vt_view v;
    vt_light l = {.type = VT_LIGHT_DIRECTIONAL, .color = {1, 1, 1}, .intensity = 2.5f};
    uint8_t *img = render_light(&l, 1.0f, &v, "light-directional");
    float want = expected(2.5f);
    float c = 2.0f * lin(img, W / 2, H / 2), edge = 2.0f * lin(img, W / 2 - 30, H / 2);
    print_message("directional: centre %.4f, off-centre %.4f want %.4f\n", c, edge, want);
    assert_float_equal(c, want, 0.03f * want);
    assert_float_equal(edge, want, 0.06f * want); /* uniform across the plane */
    free(img);
}

static void spot_light_is_dark_outside_its_cone(void **state) {
    (void)state;
    vt_view v;
    vt_light l = {.type = VT_LIGHT_SPOT,
                  .color = {1, 1, 1},
                  .intensity = 1.0f,
                  .inner_cone = 0.2f,
                  .outer_cone = 0.3f};
    uint8_t *img = render_light(&l, 1.0f, &v, "light-spot");
    float want = expected(1.0f);
    float c = 2.0f * lin(img, W / 2, H / 2);
    /* a point on the plane 0.5 rad off the axis: outside the outer cone */
    float x, y;
    vt_test_project(&v, (float[3]){tanf(0.5f), 0, 0}, &x, &y);
    float off = lin(img, x, y);
    print_message("spot: centre %.4f want %.4f, outside %.4f\n", c, want, off);
    assert_float_equal(c, want, 0.03f * want);
    assert_true(off < 0.002f);
    free(img);
}

/* A store has its room's lights and a fitting-room key besides: the light
   that reaches the plane counts even when twelve others come before it in
   the scene (a frame takes 16; a batch lists the 8 that reach it). */
static void thirteenth_light_still_lights_what_it_reaches(void **state) {
    (void)state;
    vt_view v;
    vt_light l = {.type = VT_LIGHT_POINT, .color = {1, 1, 1}, .intensity = 4.0f};
    uint8_t *img = render_lights(&l, 2.0f, 12, &v, "light-thirteenth");
    float got = 2.0f * lin(img, W / 2, H / 2);
    float want = expected(4.0f / 4.0f);
    print_message("13th light: %.4f want %.4f\n", got, want);
    assert_float_equal(got, want, 0.03f * want);
    free(img);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(point_light_follows_the_inverse_square_law),
        cmocka_unit_test(directional_light_gives_its_illuminance),
        cmocka_unit_test(spot_light_is_dark_outside_its_cone),
        cmocka_unit_test(thirteenth_light_still_lights_what_it_reaches),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
