/* The default studio look: a chrome sphere, a red plastic sphere and a textured
   box on the shadow-catching ground, in the procedural studio environment. Checks
   what a product photo needs (a contact shadow under the objects, a clean
   background, highlights on chrome) and writes the image for a human look. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 480, H = 320 };

typedef struct fixture {
    vt_test_gl gl;
    vt_scene *scene;
    vt_model *models[3];
    vt_view view;
    vt_aabb bounds;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f || !vt_test_gl_init(&f->gl)) return -1;
    vt_scene_create(&(vt_scene_desc){0}, &f->scene);

    vt_material chrome = vt_test_material();
    for (int c = 0; c < 3; c++) chrome.base_color[c] = 0.95f;
    chrome.metallic = 1.0f;
    chrome.roughness = 0.05f;
    vt_material plastic = vt_test_material();
    plastic.base_color[0] = 0.8f, plastic.base_color[1] = 0.03f, plastic.base_color[2] = 0.02f;
    plastic.metallic = 0.0f;
    plastic.roughness = 0.3f;
    vt_material boxm = vt_test_material();
    boxm.metallic = 0.0f;
    boxm.roughness = 0.6f;
    f->models[0] = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &chrome);
    f->models[1] = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &plastic);
    f->models[2] = vt_test_model(VT_TEST_BOX, (float[3]){0.8f, 0.8f, 0.8f}, &boxm);
    for (int i = 0; i < 3; i++)
        if (!f->models[i]) return -1;
    /* an 8x8 checker with a warm and a cool square */
    enum { T = 64 };
    uint8_t *tex = malloc(T * T * 4);
    for (int y = 0; y < T; y++)
        for (int x = 0; x < T; x++) {
            bool on = ((x / 8) + (y / 8)) & 1;
            uint8_t *p = tex + (y * T + x) * 4;
            p[0] = on ? 230 : 40, p[1] = on ? 200 : 90, p[2] = on ? 150 : 160, p[3] = 255;
        }
    int32_t img = vt_test_model_add_image(f->models[2], T, T, tex);
    free(tex);
    f->models[2]->materials[0].base_color_tex = vt_test_tex(img);

    const float s = 0.38268343f, c = 0.92387953f; /* 45 degrees about +Y */
    vt_test_place(&f->gl, f->scene, f->models[0],
                  &(vt_transform){.translation = {-1.2f, 0.5f, 0}, .rotation = {0, 0, 0, 1}});
    vt_test_place(&f->gl, f->scene, f->models[1],
                  &(vt_transform){.translation = {0.0f, 0.5f, 0.3f}, .rotation = {0, 0, 0, 1}});
    vt_test_place(&f->gl, f->scene, f->models[2],
                  &(vt_transform){.translation = {1.2f, 0.4f, 0}, .rotation = {0, s, 0, c}});
    if (!vt_test_frame(f->scene, 0.2f, 0.3f, W, H, &f->view, &f->bounds)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    vt_scene_destroy(f->scene);
    for (int i = 0; i < 3; i++) vt_model_free(f->models[i]);
    vt_test_gl_free(&f->gl);
    free(f);
    return 0;
}

static float luma_at(const uint8_t *img, float x, float y) {
    int ix = (int)x, iy = (int)y;
    if (ix < 0 || iy < 0 || ix >= W || iy >= H) return -1;
    const uint8_t *p = img + ((size_t)iy * W + ix) * 4;
    return 0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2];
}

static void studio_shot_has_contact_shadows_and_a_clean_background(void **state) {
    fixture *f = *state;
    vt_frame_stats st;
    uint8_t *img = malloc((size_t)W * H * 4);
    assert_int_equal(
        vt_renderer_render_image(f->gl.r, f->scene, &f->view, &(vt_frame_desc){0}, img, &st),
        VT_OK);
    vt_test_write_png("studio", W, H, img);
    print_message("studio: %u draw calls, %llu triangles, %u instances, %.2f ms CPU\n",
                  st.draw_calls, (unsigned long long)st.triangles, st.instances_visible, st.cpu_ms);
    assert_int_equal(st.instances_visible, 3);
    /* Ground right next to the red sphere's foot (in front of it) is darker than
       ground far to the side. */
    float foot[3] = {0.0f, 0.0f, 0.3f + 0.52f}, far[3] = {0.0f, 0.0f, 1.25f};
    float fx, fy, gx, gy;
    vt_test_project(&f->view, foot, &fx, &fy);
    vt_test_project(&f->view, far, &gx, &gy);
    float l_foot = luma_at(img, fx, fy), l_far = luma_at(img, gx, gy);
    print_message("ground luma at the foot %.1f, far away %.1f\n", l_foot, l_far);
    assert_true(l_far > 0);
    assert_true(l_foot < l_far - 10.0f);
    /* The top corners show a bright, neutral studio background. */
    const uint8_t *p = img;
    assert_true(p[0] > 150 && abs(p[0] - p[2]) < 12);
    /* Chrome reflects the soft boxes: a wide range of values on the sphere. */
    float cx, cy;
    vt_test_project(&f->view, (float[3]){-1.2f, 0.5f, 0}, &cx, &cy);
    float lo = 255, hi = 0;
    for (int dy = -20; dy <= 20; dy++)
        for (int dx = -20; dx <= 20; dx++) {
            float l = luma_at(img, cx + (float)dx, cy + (float)dy);
            if (l < 0) continue;
            lo = fminf(lo, l), hi = fmaxf(hi, l);
        }
    print_message("chrome sphere luma %.0f..%.0f\n", lo, hi);
    assert_true(hi - lo > 100);
    free(img);
}

static void studio_transparent_background_keeps_the_shadow(void **state) {
    fixture *f = *state;
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view,
                                  &(vt_frame_desc){.background = VT_BACKGROUND_TRANSPARENT});
    assert_non_null(img);
    vt_test_write_png("studio-transparent", W, H, img);
    assert_int_equal(img[3], 0);
    float foot[3] = {0.0f, 0.0f, 0.82f}, fx, fy;
    vt_test_project(&f->view, foot, &fx, &fy);
    const uint8_t *p = img + ((size_t)fy * W + (size_t)fx) * 4;
    print_message("shadow pixel rgba %u %u %u %u\n", p[0], p[1], p[2], p[3]);
    assert_true(p[3] > 20 && p[3] < 255);
    free(img);
}

/* Max luma inside the projected disc of a sphere at c with radius r. */
static float disc_max(const fixture *f, const uint8_t *img, const vt_view *v, const float c[3],
                      float r) {
    (void)f;
    float cx, cy, ex, ey;
    vt_test_project(v, c, &cx, &cy);
    vt_test_project(v, (float[3]){c[0] + r, c[1], c[2]}, &ex, &ey);
    float rad = fabsf(ex - cx) * 0.9f, best = 0;
    for (int y = (int)(cy - rad); y <= (int)(cy + rad); y++)
        for (int x = (int)(cx - rad); x <= (int)(cx + rad); x++)
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) < rad * rad)
                best = fmaxf(best, luma_at(img, (float)x, (float)y));
    return best;
}

/* Car paint with and without clearcoat, sheen fabric, and glass, side by side. */
static void studio_material_extensions(void **state) {
    fixture *f = *state;
    (void)f;
    vt_material base = vt_test_material();
    base.metallic = 0.0f;
    base.roughness = 0.6f;
    base.base_color[0] = 0.02f, base.base_color[1] = 0.05f, base.base_color[2] = 0.25f;
    vt_material coat = base;
    coat.clearcoat = 1.0f;
    coat.clearcoat_roughness = 0.03f;
    coat.extensions = VT_MATEXT_CLEARCOAT;
    vt_material velvet = vt_test_material();
    velvet.metallic = 0.0f;
    velvet.roughness = 0.9f;
    velvet.base_color[0] = 0.3f, velvet.base_color[1] = 0.02f, velvet.base_color[2] = 0.05f;
    velvet.sheen_color[0] = 0.6f, velvet.sheen_color[1] = 0.3f, velvet.sheen_color[2] = 0.35f;
    velvet.sheen_roughness = 0.4f;
    velvet.extensions = VT_MATEXT_SHEEN;
    vt_material glass = vt_test_material();
    glass.metallic = 0.0f;
    glass.roughness = 0.05f;
    glass.transmission = 1.0f;
    glass.extensions = VT_MATEXT_TRANSMISSION;
    vt_material mats[4] = {base, coat, velvet, glass};
    vt_model *models[4];
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_test_gl *gl = &f->gl;
    for (int i = 0; i < 4; i++) {
        models[i] = vt_test_model(VT_TEST_SPHERE, (float[3]){0.45f}, &mats[i]);
        assert_non_null(models[i]);
        vt_test_place(
            gl, s, models[i],
            &(vt_transform){.translation = {(float)i - 1.5f, 0.45f, 0}, .rotation = {0, 0, 0, 1}});
    }
    vt_view v;
    assert_true(vt_test_frame(s, 0, 0.15f, W, H, &v, NULL));
    uint8_t *img = vt_test_render(gl, s, &v, &(vt_frame_desc){0});
    assert_non_null(img);
    vt_test_write_png("studio-extensions", W, H, img);
    float plain = disc_max(f, img, &v, (float[3]){-1.5f, 0.45f, 0}, 0.45f);
    float coated = disc_max(f, img, &v, (float[3]){-0.5f, 0.45f, 0}, 0.45f);
    print_message("highlight without clearcoat %.0f, with %.0f\n", plain, coated);
    assert_true(coated > plain + 20.0f);
    free(img);
    vt_scene_destroy(s);
    for (int i = 0; i < 4; i++) vt_model_free(models[i]);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(studio_shot_has_contact_shadows_and_a_clean_background),
        cmocka_unit_test(studio_transparent_background_keeps_the_shadow),
        cmocka_unit_test(studio_material_extensions),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
