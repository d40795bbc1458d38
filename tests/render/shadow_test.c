/* Directional shadow: a sphere floating above a ground plane, lit by one
   directional light in a dim uniform environment. The shadow's centroid on the
   ground lies where the light direction projects the sphere's centre (the
   shadow of a sphere under parallel light is an ellipse centred on that point),
   and the mirrored side shows no darkening. The camera looks straight down, so
   the ground maps to the image by a uniform scale and centroids carry over. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 256, H = 256 };

static const float sphere_c[3] = {0.0f, 1.2f, 0.0f};
static const float sphere_r = 0.3f;

/* Quaternion turning -Z onto unit vector d (lights shine along their node's -Z). */
static void quat_from_minus_z(const float d[3], float q[4]) {
    const float a[3] = {0, 0, -1};
    float cr[3] = {a[1] * d[2] - a[2] * d[1], a[2] * d[0] - a[0] * d[2], a[0] * d[1] - a[1] * d[0]};
    float w = 1.0f + (a[0] * d[0] + a[1] * d[1] + a[2] * d[2]);
    float n = sqrtf(cr[0] * cr[0] + cr[1] * cr[1] + cr[2] * cr[2] + w * w);
    q[0] = cr[0] / n, q[1] = cr[1] / n, q[2] = cr[2] / n, q[3] = w / n;
}

static float luma(const uint8_t *p) {
    return 0.2126f * vt_test_srgb_to_linear(p[0] / 255.0f) +
           0.7152f * vt_test_srgb_to_linear(p[1] / 255.0f) +
           0.0722f * vt_test_srgb_to_linear(p[2] / 255.0f);
}

static void run_case(const float dir_in[3], const char *name) {
    vt_test_gl gl;
    assert_true(vt_test_gl_init(&gl));
    assert_int_equal(
        vt_renderer_set_env(gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL, .intensity = 0.25f}),
        VT_OK);
    float dir[3];
    float n = sqrtf(dir_in[0] * dir_in[0] + dir_in[1] * dir_in[1] + dir_in[2] * dir_in[2]);
    for (int i = 0; i < 3; i++) dir[i] = dir_in[i] / n;

    vt_material ground_mat = vt_test_material();
    ground_mat.metallic = 0.0f;
    ground_mat.roughness = 0.9f;
    for (int c = 0; c < 3; c++) ground_mat.base_color[c] = 0.7f;
    vt_model *ground = vt_test_model(VT_TEST_PLANE, (float[3]){6, 6, 0}, &ground_mat);
    vt_material ball_mat = vt_test_material();
    ball_mat.metallic = 0.0f;
    ball_mat.roughness = 0.5f;
    vt_model *ball = vt_test_model(VT_TEST_SPHERE, (float[3]){sphere_r}, &ball_mat);
    assert_non_null(ground);
    assert_non_null(ball);

    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    const float h = 0.70710678f;
    vt_test_place(&gl, s, ground, &(vt_transform){.rotation = {-h, 0, 0, h}, .scale = {1, 1, 1}});
    vt_node ball_node =
        vt_test_place(&gl, s, ball,
                      &(vt_transform){.translation = {sphere_c[0], sphere_c[1], sphere_c[2]},
                                      .rotation = {0, 0, 0, 1},
                                      .scale = {1, 1, 1}});
    vt_node light = vt_node_create(s, (vt_node){0});
    vt_transform lt = {.scale = {1, 1, 1}};
    quat_from_minus_z(dir, lt.rotation);
    vt_node_set_local(s, light, &lt);
    vt_node_set_light(
        s, light, &(vt_light){.type = VT_LIGHT_DIRECTIONAL, .color = {1, 1, 1}, .intensity = 2.0f});
    vt_view view;
    assert_true(vt_test_frame(s, 0, 1.5707963f, W, H, &view, NULL));
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE, .no_ground = true};
    uint8_t *with = vt_test_render(&gl, s, &view, &fd);
    vt_node_set_visible(s, ball_node, false);
    vt_scene_update(s);
    uint8_t *without = vt_test_render(&gl, s, &view, &fd);
    assert_non_null(with);
    assert_non_null(without);
    vt_test_write_png(name, W, H, with);

    /* Expected centre of the shadow: the sphere centre carried along the light to y = 0. */
    float t = -sphere_c[1] / dir[1];
    float expect[3] = {sphere_c[0] + t * dir[0], 0.0f, sphere_c[2] + t * dir[2]};
    float mirror[3] = {2 * sphere_c[0] - expect[0], 0.0f, 2 * sphere_c[2] - expect[2]};
    float ex, ey, mx, my, bx, by, tx, ty;
    vt_test_project(&view, expect, &ex, &ey);
    vt_test_project(&view, mirror, &mx, &my);
    vt_test_project(&view, sphere_c, &bx, &by);
    float top[3] = {sphere_c[0] + sphere_r, sphere_c[1], sphere_c[2]};
    vt_test_project(&view, top, &tx, &ty);
    float ball_px = fabsf(tx - bx) * 1.15f + 2.0f; /* the sphere's disc, with a margin */

    double sw = 0, sx = 0, sy = 0, mirror_dark = 0, max_dark = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float dx = (float)x + 0.5f - bx, dy = (float)y + 0.5f - by;
            if (dx * dx + dy * dy < ball_px * ball_px) continue;
            size_t o = ((size_t)y * W + x) * 4;
            float d = luma(without + o) - luma(with + o);
            if (d <= 0) continue;
            if (d > max_dark) max_dark = d;
            float mdx = (float)x + 0.5f - mx, mdy = (float)y + 0.5f - my;
            if (mdx * mdx + mdy * mdy < ball_px * ball_px) mirror_dark += d;
            sw += d;
            sx += d * (x + 0.5);
            sy += d * (y + 0.5);
        }
    assert_true(sw > 0);
    float cx = (float)(sx / sw), cy = (float)(sy / sw);
    print_message("%s: shadow centroid %.1f,%.1f expected %.1f,%.1f (ball at %.1f,%.1f r %.1f);"
                  " darkening near the mirror point %.4f of %.4f\n",
                  name, cx, cy, ex, ey, bx, by, ball_px, mirror_dark, sw);
    assert_true(max_dark > 0.1);             /* there is a clear shadow */
    assert_true(fabsf(cx - ex) < 0.02f * W); /* within 2% of the image */
    assert_true(fabsf(cy - ey) < 0.02f * H);
    assert_true(mirror_dark < 0.01 * sw); /* nothing on the opposite side */
    free(with);
    free(without);
    vt_scene_destroy(s);
    vt_model_free(ground);
    vt_model_free(ball);
    vt_test_gl_free(&gl);
}

static void shadow_falls_where_the_light_projects_the_object(void **state) {
    (void)state;
    run_case((float[3]){0.6f, -1.0f, 0.0f}, "shadow-x");
    run_case((float[3]){-0.3f, -1.0f, 0.5f}, "shadow-xz");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shadow_falls_where_the_light_projects_the_object),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
