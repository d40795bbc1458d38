/* Planar mirror: a 2 x 1.5 m mirror facing +Z at the origin, and in front of
   it, right of centre, an unlit red block with an unlit green block on its
   back (the side facing the mirror). The camera looks at the mirror from the
   front. The mirror shows the green back where the plane reflection puts its
   mirror image (x kept, z negated: right stays right, front and back swap),
   in the colour the block has when seen directly; nothing behind the mirror
   (a yellow block) shows in it; with no mirror set, or seen from behind, the
   mirror is just its material. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cglm/cglm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 320, H = 240 };

typedef struct fixture {
    vt_test_gl gl;
    vt_scene *s;
    vt_model *models[4];
    vt_node mirror;
} fixture;

static vt_material unlit(float r, float g, float b) {
    vt_material m = vt_test_material();
    m.unlit = true;
    m.base_color[0] = r, m.base_color[1] = g, m.base_color[2] = b;
    return m;
}

static vt_node put(fixture *f, int i, vt_test_shape shape, const float size[3], vt_material m,
                   float x, float y, float z) {
    f->models[i] = vt_test_model(shape, size, &m);
    return vt_test_place(
        &f->gl, f->s, f->models[i],
        &(vt_transform){.translation = {x, y, z}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f || !vt_test_gl_init(&f->gl)) return -1;
    if (vt_scene_create(&(vt_scene_desc){0}, &f->s) != VT_OK) return -1;
    /* white: the mirror's tint; when not a mirror, a white matte plane */
    vt_material glass = unlit(1, 1, 1);
    glass.unlit = false;
    glass.metallic = 0;
    f->mirror = put(f, 0, VT_TEST_PLANE, (float[3]){2.0f, 1.5f, 0}, glass, 0, 0, 0);
    put(f, 1, VT_TEST_BOX, (float[3]){0.3f, 0.3f, 0.3f}, unlit(1, 0, 0), 0.35f, -0.35f, 0.8f);
    put(f, 2, VT_TEST_BOX, (float[3]){0.3f, 0.3f, 0.2f}, unlit(0, 1, 0), 0.35f, -0.35f, 0.55f);
    put(f, 3, VT_TEST_BOX, (float[3]){0.4f, 0.4f, 0.4f}, unlit(1, 1, 0), -0.4f, -0.35f, -0.6f);
    vt_scene_update(f->s);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    if (!f) return 0;
    vt_scene_destroy(f->s);
    for (int i = 0; i < 4; i++) vt_model_free(f->models[i]);
    vt_test_gl_free(&f->gl);
    free(f);
    return 0;
}

static vt_view camera(float z) {
    vt_view v = {.width = W, .height = H};
    glm_lookat((vec3){0.1f, 0.35f, z}, (vec3){0, 0, 0}, (vec3){0, 1, 0}, v.view);
    glm_perspective(0.9f, (float)W / H, 0.05f, 20, v.proj);
    return v;
}

static const uint8_t *px(const uint8_t *img, const vt_view *v, const float p[3]) {
    float x, y;
    vt_test_project(v, p, &x, &y);
    assert_true(x >= 0 && y >= 0 && x < W && y < H);
    return img + ((size_t)y * W + (size_t)x) * 4;
}

static void mirror_shows_the_back_of_the_object_where_the_reflection_falls(void **state) {
    fixture *f = *state;
    vt_view v = camera(2.4f);
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                        .background = VT_BACKGROUND_COLOR,
                        .no_ground = true,
                        .mirror = f->mirror};
    uint8_t *img = vt_test_render(&f->gl, f->s, &v, &fd);
    assert_non_null(img);
    vt_test_write_png("mirror", W, H, img);

    /* the green back's mirror image: (0.35, -0.35, -0.55) */
    const uint8_t *g = px(img, &v, (float[3]){0.35f, -0.35f, -0.55f});
    print_message("mirror image of the green back: %u %u %u\n", g[0], g[1], g[2]);
    assert_true(g[1] >= 250 && g[0] <= 6 && g[2] <= 6); /* as green as seen directly */
    /* where a mirror flipped on screen (about the image's centre column) would show it: not
       green */
    float x, y;
    vt_test_project(&v, (float[3]){0.35f, -0.35f, -0.55f}, &x, &y);
    const uint8_t *flip = img + ((size_t)y * W + (size_t)(W - 1 - (int)x)) * 4;
    assert_false(flip[1] > 200 && flip[0] < 50);
    /* the red front seen directly is still red */
    const uint8_t *r = px(img, &v, (float[3]){0.35f, -0.35f, 0.95f});
    assert_true(r[0] >= 250 && r[1] <= 6);
    /* the yellow block behind the mirror never shows: nowhere in the image */
    int yellow = 0;
    for (int i = 0; i < W * H; i++)
        if (img[i * 4] > 200 && img[i * 4 + 1] > 200 && img[i * 4 + 2] < 60) yellow++;
    assert_int_equal(yellow, 0);
    free(img);

    /* without the mirror: the plane is its grey material, no green in it */
    fd.mirror = (vt_node){0};
    img = vt_test_render(&f->gl, f->s, &v, &fd);
    g = px(img, &v, (float[3]){0.35f, -0.35f, -0.55f});
    assert_false(g[1] > 200 && g[0] < 50);
    free(img);
}

static void mirror_seen_from_behind_is_its_material(void **state) {
    fixture *f = *state;
    vt_view v = camera(-2.4f);
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                        .background = VT_BACKGROUND_COLOR,
                        .no_ground = true,
                        .mirror = f->mirror};
    uint8_t *with = vt_test_render(&f->gl, f->s, &v, &fd);
    fd.mirror = (vt_node){0};
    uint8_t *without = vt_test_render(&f->gl, f->s, &v, &fd);
    assert_non_null(with);
    assert_non_null(without);
    assert_memory_equal(with, without, (size_t)W * H * 4);
    free(with);
    free(without);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(mirror_shows_the_back_of_the_object_where_the_reflection_falls),
        cmocka_unit_test(mirror_seen_from_behind_is_its_material),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
