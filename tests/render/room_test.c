/* A closed shop room (floor, walls, ceiling from boxes), two tables with
   products, three spot lights shining down and the studio environment at a
   quarter of its intensity as ambient: what the store draws. Checks follow
   from the lights' definitions: a spot's pool of light is brightest under it
   and falls off smoothly and monotonically to its cone's edge (no banding
   steps), nothing of it shows outside the outer cone; the spot with
   cast_shadow casts a product's shadow onto the table where the light ray
   through the product lands; with the camera inside the room no ground
   catcher or contact shadow is drawn (the image is the same with no_ground). */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cglm/cglm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 320, H = 200 };

typedef struct room {
    vt_test_gl gl;
    vt_scene *s;
    vt_model *models[16];
    int model_count;
    vt_node product, spots[3];
    vt_view view;
} room;

static vt_material matte(float r, float g, float b, float rough) {
    vt_material m = vt_test_material();
    m.metallic = 0;
    m.roughness = rough;
    m.base_color[0] = r, m.base_color[1] = g, m.base_color[2] = b;
    return m;
}

static vt_node box(room *rm, const float size[3], vt_material mat, float x, float y, float z) {
    vt_model *m = vt_test_model(VT_TEST_BOX, size, &mat);
    assert_non_null(m);
    rm->models[rm->model_count++] = m;
    return vt_test_place(
        &rm->gl, rm->s, m,
        &(vt_transform){.translation = {x, y, z}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
}

static const float spot_pos[3][3] = {{-1.3f, 2.9f, -1.0f}, {1.6f, 2.9f, -1.0f}, {0.0f, 2.9f, 0.6f}};
static const float OUTER = 0.45f, INNER = 0.25f;

static void build(room *rm) {
    memset(rm, 0, sizeof *rm);
    assert_true(vt_test_gl_init(&rm->gl));
    assert_int_equal(vt_renderer_set_env(rm->gl.r, &(vt_env_desc){.intensity = 0.25f}), VT_OK);
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &rm->s), VT_OK);
    vt_material wall = matte(0.75f, 0.72f, 0.68f, 0.9f);
    box(rm, (float[3]){8, 0.1f, 7}, matte(0.45f, 0.42f, 0.4f, 0.7f), 0, -0.05f, 0); /* floor */
    box(rm, (float[3]){8, 0.1f, 7}, wall, 0, 3.05f, 0);                             /* ceiling */
    box(rm, (float[3]){8, 3, 0.1f}, wall, 0, 1.5f, -3.5f);
    box(rm, (float[3]){8, 3, 0.1f}, wall, 0, 1.5f, 3.5f);
    box(rm, (float[3]){0.1f, 3, 7}, wall, -4, 1.5f, 0);
    box(rm, (float[3]){0.1f, 3, 7}, wall, 4, 1.5f, 0);
    vt_material wood = matte(0.5f, 0.36f, 0.24f, 0.5f);
    box(rm, (float[3]){1.4f, 0.8f, 0.8f}, wood, -1.2f, 0.4f, -1.0f); /* tables */
    box(rm, (float[3]){1.4f, 0.8f, 0.8f}, wood, 1.2f, 0.4f, -1.0f);
    rm->product =
        box(rm, (float[3]){0.2f, 0.3f, 0.2f}, matte(0.8f, 0.2f, 0.15f, 0.4f), -1.1f, 0.95f, -1.0f);
    vt_material ball = matte(0.2f, 0.5f, 0.8f, 0.3f);
    vt_model *bm = vt_test_model(VT_TEST_SPHERE, (float[3]){0.15f}, &ball);
    rm->models[rm->model_count++] = bm;
    vt_test_place(&rm->gl, rm->s, bm,
                  &(vt_transform){.translation = {1.2f, 0.95f, -1.0f},
                                  .rotation = {0, 0, 0, 1},
                                  .scale = {1, 1, 1}});
    const float down[4] = {-0.70710678f, 0, 0, 0.70710678f}; /* -Z onto -Y */
    for (int i = 0; i < 3; i++) {
        vt_node n = rm->spots[i] = vt_node_create(rm->s, (vt_node){0});
        vt_node_set_local(
            rm->s, n,
            &(vt_transform){.translation = {spot_pos[i][0], spot_pos[i][1], spot_pos[i][2]},
                            .rotation = {down[0], down[1], down[2], down[3]},
                            .scale = {1, 1, 1}});
        vt_node_set_light(rm->s, n,
                          &(vt_light){.type = VT_LIGHT_SPOT,
                                      .color = {1, 0.92f, 0.8f},
                                      .intensity = 12,
                                      .inner_cone = INNER,
                                      .outer_cone = OUTER,
                                      .cast_shadow = i == 0});
    }
    vt_scene_update(rm->s);
    vt_mat4 view, proj;
    glm_lookat((vec3){0.3f, 1.7f, 3.2f}, (vec3){0, 0.7f, -1.2f}, (vec3){0, 1, 0}, view);
    glm_perspective(1.1f, (float)W / H, 0.05f, 30, proj);
    rm->view = (vt_view){.width = W, .height = H};
    memcpy(rm->view.view, view, sizeof view);
    memcpy(rm->view.proj, proj, sizeof proj);
}

static void destroy(room *rm) {
    vt_scene_destroy(rm->s);
    for (int i = 0; i < rm->model_count; i++) vt_model_free(rm->models[i]);
    vt_test_gl_free(&rm->gl);
}

static float luma_at(const uint8_t *img, const vt_view *v, const float p[3]) {
    float x, y;
    vt_test_project(v, p, &x, &y);
    int ix = (int)x, iy = (int)y;
    assert_true(ix >= 1 && iy >= 1 && ix < W - 1 && iy < H - 1);
    float sum = 0;
    for (int dy = -1; dy <= 1; dy++)
        for (int dx = -1; dx <= 1; dx++) {
            const uint8_t *q = img + ((size_t)(iy + dy) * W + (size_t)(ix + dx)) * 4;
            sum += 0.2126f * vt_test_srgb_to_linear(q[0] / 255.0f) +
                   0.7152f * vt_test_srgb_to_linear(q[1] / 255.0f) +
                   0.0722f * vt_test_srgb_to_linear(q[2] / 255.0f);
        }
    return sum / 9;
}

static void spots_light_pools_with_soft_edges(void **state) {
    (void)state;
    room rm;
    build(&rm);
    vt_frame_desc fd = {.no_ground = true};
    uint8_t *img = vt_test_render(&rm.gl, rm.s, &rm.view, &fd);
    assert_non_null(img);
    vt_test_write_png("room-spots", W, H, img);
    free(img);

    /* The third spot's own light on the floor: the linear image with it less
       the image without it, walking out from the pool's centre along +x. */
    vt_frame_desc lin = {.no_ground = true, .tonemap = VT_TONEMAP_NONE, .exposure = -1};
    uint8_t *on = vt_test_render(&rm.gl, rm.s, &rm.view, &lin);
    vt_node_set_light(rm.s, rm.spots[2], NULL);
    vt_scene_update(rm.s);
    uint8_t *off = vt_test_render(&rm.gl, rm.s, &rm.view, &lin);
    assert_non_null(on);
    assert_non_null(off);
    const float *sp = spot_pos[2];
    float prev = 1e9f, centre = 0, outside = 0, at_inner = 0;
    float outer_r = sp[1] * tanf(OUTER), inner_r = sp[1] * tanf(INNER);
    for (int k = 0; k * 0.04f <= outer_r * 1.3f; k++) {
        float r = (float)k * 0.04f;
        float p[3] = {sp[0] + r, 0.0f, sp[2]};
        float l = luma_at(on, &rm.view, p) - luma_at(off, &rm.view, p);
        if (k == 0) centre = l;
        if (r <= inner_r) at_inner = l;
        if (r > outer_r * 1.05f) outside = fmaxf(outside, l);
        /* monotonic fall-off: never brighter further out (beyond 8-bit noise) */
        if (l > prev + 0.01f * centre + 0.002f)
            fail_msg("floor at r %.2f brighter (%.4f) than nearer (%.4f)", r, l, prev);
        /* no steps: 4 cm further out the light drops by at most a sixth of the centre's */
        if (k > 0 && prev - l > centre / 6)
            fail_msg("floor at r %.2f drops %.4f of %.4f in one step", r, prev - l, centre);
        prev = l;
    }
    print_message("spot pool: centre %.4f, at the inner cone %.4f, outside the outer cone %.4f\n",
                  centre, at_inner, outside);
    assert_true(centre > 0.05f);
    /* inside the inner cone only the distance and the angle of incidence dim it: cos^3 */
    float c3 = powf(cosf(atanf((float)(int)(inner_r / 0.04f) * 0.04f / sp[1])), 3.0f);
    assert_float_equal(at_inner / centre, c3, 0.08f);
    assert_true(outside < 0.01f * centre);
    free(on);
    free(off);
    destroy(&rm);
}

static void the_casting_spot_shadows_the_table(void **state) {
    (void)state;
    room rm;
    build(&rm);
    vt_frame_desc fd = {.no_ground = true};
    uint8_t *with = vt_test_render(&rm.gl, rm.s, &rm.view, &fd);
    vt_node_set_visible(rm.s, rm.product, false);
    vt_scene_update(rm.s);
    uint8_t *without = vt_test_render(&rm.gl, rm.s, &rm.view, &fd);
    assert_non_null(with);
    assert_non_null(without);
    vt_test_write_png("room-spot-shadow", W, H, with);
    /* the ray from the spot through the product's centre (-1.1, 0.95, -1) meets
       the table top (y = 0.8) at: */
    const float *sp = spot_pos[0];
    float c[3] = {-1.1f, 0.95f, -1.0f};
    float t = (sp[1] - 0.8f) / (sp[1] - c[1]);
    float hit[3] = {sp[0] + (c[0] - sp[0]) * t + 0.08f, 0.8f, sp[2] + (c[2] - sp[2]) * t};
    /* the hit lies right of the product (seen from the camera), beside it on the table */
    float a = luma_at(with, &rm.view, hit), b = luma_at(without, &rm.view, hit);
    /* and the same spot's light elsewhere on the table is untouched */
    float away[3] = {-1.6f, 0.8f, -0.8f};
    float a2 = luma_at(with, &rm.view, away), b2 = luma_at(without, &rm.view, away);
    print_message(
        "table in the product's shadow %.4f, without the product %.4f; elsewhere %.4f / %.4f\n", a,
        b, a2, b2);
    assert_true(a < 0.6f * b);
    assert_float_equal(a2, b2, 0.02f * b2 + 0.002f);

    /* a close look at the shadow, to judge by eye (test-out/room-spot-shadow-close.png) */
    vt_node_set_visible(rm.s, rm.product, true);
    vt_scene_update(rm.s);
    vt_view close = {.width = 480, .height = 300};
    glm_lookat((vec3){-0.5f, 1.6f, 0.2f}, (vec3){-1.1f, 0.8f, -1.0f}, (vec3){0, 1, 0}, close.view);
    glm_perspective(0.8f, 480.0f / 300.0f, 0.05f, 30, close.proj);
    uint8_t *img = vt_test_render(&rm.gl, rm.s, &close, &fd);
    assert_non_null(img);
    vt_test_write_png("room-spot-shadow-close", 480, 300, img);
    free(img);
    free(with);
    free(without);
    destroy(&rm);
}

static void no_ground_catcher_inside_a_room(void **state) {
    (void)state;
    room rm;
    build(&rm);
    /* no light casts: the viewer's studio key shadow and contact shadow would come on */
    vt_node_set_light(rm.s, rm.spots[0],
                      &(vt_light){.type = VT_LIGHT_SPOT,
                                  .color = {1, 0.92f, 0.8f},
                                  .intensity = 12,
                                  .inner_cone = INNER,
                                  .outer_cone = OUTER});
    vt_scene_update(rm.s);
    uint8_t *plain = vt_test_render(&rm.gl, rm.s, &rm.view, &(vt_frame_desc){0});
    uint8_t *none = vt_test_render(&rm.gl, rm.s, &rm.view, &(vt_frame_desc){.no_ground = true});
    assert_non_null(plain);
    assert_non_null(none);
    assert_memory_equal(plain, none, (size_t)W * H * 4);
    free(plain);
    free(none);
    destroy(&rm);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(spots_light_pools_with_soft_edges),
        cmocka_unit_test(the_casting_spot_shadows_the_table),
        cmocka_unit_test(no_ground_catcher_inside_a_room),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
