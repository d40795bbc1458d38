/* Normal and occlusion maps, checked against what they stand for: a normal
   map tilting the normal by 30 degrees shades a plane exactly as turning the
   plane by 30 degrees does (same n, v, l), a flat normal map changes nothing,
   and an occlusion map of 0.5 halves the image light (strength 0.5: x 0.75). */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 64, H = 64 };

static vt_test_gl gl;

static int setup(void **state) {
    (void)state;
    return vt_test_gl_init(&gl) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vt_test_gl_free(&gl);
    return 0;
}

/* Linear green of the centre pixel of a 1x1 plane rotated `yaw` about +Y, lit
   by a directional light along -Z (and the current environment). */
static float centre_value(vt_model *m, float yaw, bool light, const char *name) {
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_test_place(
        &gl, s, m,
        &(vt_transform){.rotation = {0, sinf(yaw / 2), 0, cosf(yaw / 2)}, .scale = {1, 1, 1}});
    if (light) {
        vt_node ln = vt_node_create(s, (vt_node){0});
        vt_node_set_local(s, ln, &(vt_transform){.rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
        vt_node_set_light(
            s, ln,
            &(vt_light){.type = VT_LIGHT_DIRECTIONAL, .color = {1, 1, 1}, .intensity = 2.0f});
    }
    vt_scene_update(s);
    vt_aabb b = {{-0.5f, -0.5f, -0.5f}, {0.5f, 0.5f, 0.5f}};
    vt_view v;
    vt_view_frame_bounds(&b, 0, 0, W, H, &v);
    vt_frame_desc fd = {
        .tonemap = VT_TONEMAP_NONE, .exposure = -1.0f, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&gl, s, &v, &fd);
    assert_non_null(img);
    vt_test_write_png(name, W, H, img);
    float val = 2.0f * vt_test_srgb_to_linear(img[((size_t)(H / 2) * W + W / 2) * 4 + 1] / 255.0f);
    free(img);
    vt_scene_destroy(s);
    return val;
}

static vt_material rough_white(void) {
    vt_material m = vt_test_material();
    m.metallic = 0.0f;
    m.roughness = 0.8f;
    return m;
}

static void normal_map_shades_like_turned_geometry(void **state) {
    (void)state;
    assert_int_equal(
        vt_renderer_set_env(gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL, .intensity = 1e-6f}),
        VT_OK);
    const float th = 0.5235988f; /* 30 degrees */
    vt_material mat = rough_white();
    vt_model *mapped = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
    vt_model *flat = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
    vt_model *plain = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
    /* tangent space (sin, 0, cos): towards the tangent (+X) */
    uint8_t tilt[4 * 4 * 4], up[4 * 4 * 4];
    for (int i = 0; i < 16; i++) {
        tilt[i * 4 + 0] = (uint8_t)lroundf((sinf(th) * 0.5f + 0.5f) * 255.0f);
        tilt[i * 4 + 1] = 128;
        tilt[i * 4 + 2] = (uint8_t)lroundf((cosf(th) * 0.5f + 0.5f) * 255.0f);
        up[i * 4 + 0] = up[i * 4 + 1] = 128;
        up[i * 4 + 2] = 255;
        tilt[i * 4 + 3] = up[i * 4 + 3] = 255;
    }
    mapped->materials[0].normal_tex = vt_test_tex(vt_test_model_add_image(mapped, 4, 4, tilt));
    flat->materials[0].normal_tex = vt_test_tex(vt_test_model_add_image(flat, 4, 4, up));
    float v_mapped = centre_value(mapped, 0, true, "map-normal-tilted");
    float v_turned = centre_value(plain, th, true, "map-geometry-turned");
    float v_flat = centre_value(flat, 0, true, "map-normal-flat");
    float v_plain = centre_value(plain, 0, true, "map-none");
    print_message("tilted map %.4f, turned plane %.4f; flat map %.4f, no map %.4f\n", v_mapped,
                  v_turned, v_flat, v_plain);
    assert_float_equal(v_mapped, v_turned, 0.02f * v_turned);
    assert_float_equal(v_flat, v_plain, 0.01f * v_plain);
    assert_true(v_mapped < 0.95f * v_plain); /* the tilt is visible at all */
    vt_model_free(mapped);
    vt_model_free(flat);
    vt_model_free(plain);
}

static void occlusion_map_scales_the_image_light(void **state) {
    (void)state;
    assert_int_equal(vt_renderer_set_env(gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL}), VT_OK);
    vt_material mat = rough_white();
    vt_model *plain = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
    vt_model *half = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
    vt_model *weak = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
    uint8_t ao[4 * 4 * 4];
    for (int i = 0; i < 16; i++)
        ao[i * 4 + 0] = ao[i * 4 + 1] = ao[i * 4 + 2] = 128, ao[i * 4 + 3] = 255;
    half->materials[0].occlusion_tex = vt_test_tex(vt_test_model_add_image(half, 4, 4, ao));
    weak->materials[0].occlusion_tex = vt_test_tex(vt_test_model_add_image(weak, 4, 4, ao));
    weak->materials[0].occlusion_strength = 0.5f;
    float v_plain = centre_value(plain, 0, false, "map-ao-none");
    float v_half = centre_value(half, 0, false, "map-ao-half");
    float v_weak = centre_value(weak, 0, false, "map-ao-weak");
    float a = 128.0f / 255.0f; /* occlusion is linear data */
    print_message("no map %.4f, ao %.3f: %.4f, ao at strength 0.5: %.4f\n", v_plain, a, v_half,
                  v_weak);
    assert_float_equal(v_plain, 1.0f, 0.02f); /* the white furnace */
    assert_float_equal(v_half, a, 0.02f);
    assert_float_equal(v_weak, 1.0f + 0.5f * (a - 1.0f), 0.02f);
    vt_model_free(plain);
    vt_model_free(half);
    vt_model_free(weak);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(normal_map_shades_like_turned_geometry),
        cmocka_unit_test(occlusion_map_scales_the_image_light),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
