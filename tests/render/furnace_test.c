/* White furnace: white spheres (metallic 0 and 1, roughness 0.1, 0.5, 1) in a
   uniform environment of radiance 1 must reflect exactly 1 everywhere, which
   checks energy conservation and the multiple-scattering compensation. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 384, H = 256 };

static const float roughness[3] = {0.1f, 0.5f, 1.0f};
static const float metallic[2] = {0.0f, 1.0f};

typedef struct furnace {
    vt_test_gl gl;
    vt_scene *scene;
    vt_model *models[6];
    float centers[6][3];
    vt_view view;
} furnace;

static int setup(void **state) {
    furnace *f = calloc(1, sizeof *f);
    if (!f || !vt_test_gl_init(&f->gl)) return -1;
    if (vt_renderer_set_env(f->gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL}) != VT_OK) return -1;
    vt_scene_create(&(vt_scene_desc){0}, &f->scene);
    for (int m = 0; m < 2; m++)
        for (int k = 0; k < 3; k++) {
            int i = m * 3 + k;
            vt_material mat = vt_test_material();
            mat.metallic = metallic[m];
            mat.roughness = roughness[k];
            f->models[i] = vt_test_model(VT_TEST_SPHERE, (float[3]){0.4f}, &mat);
            if (!f->models[i]) return -1;
            float c[3] = {(float)(k - 1), m ? 0.5f : -0.5f, 0.0f};
            memcpy(f->centers[i], c, sizeof c);
            vt_transform t = {
                .translation = {c[0], c[1], c[2]}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}};
            vt_test_place(&f->gl, f->scene, f->models[i], &t);
        }
    if (!vt_test_frame(f->scene, 0, 0, W, H, &f->view, NULL)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    furnace *f = *state;
    vt_scene_destroy(f->scene);
    for (int i = 0; i < 6; i++) vt_model_free(f->models[i]);
    vt_test_gl_free(&f->gl);
    free(f);
    return 0;
}

/* Pixel radius of a sphere of radius r at world centre c, a little inside the silhouette. */
static float disc_radius(const vt_view *v, const float c[3], float r) {
    float eye[3];
    for (int i = 0; i < 3; i++)
        eye[i] = -(v->view[i][0] * v->view[3][0] + v->view[i][1] * v->view[3][1] +
                   v->view[i][2] * v->view[3][2]);
    float d2 = 0;
    for (int i = 0; i < 3; i++) d2 += (c[i] - eye[i]) * (c[i] - eye[i]);
    float t = r / sqrtf(d2 - r * r);
    return t * v->proj[1][1] * (float)v->height * 0.5f * 0.97f - 1.5f;
}

/* Checks every pixel inside each sphere's disc lies within [lo, hi] linear. */
static void check_discs(furnace *f, const uint8_t *img, float lo, float hi, int *bad_out,
                        long *count_out) {
    int bad = 0;
    long count = 0;
    for (int i = 0; i < 6; i++) {
        float cx, cy;
        vt_test_project(&f->view, f->centers[i], &cx, &cy);
        float rad = disc_radius(&f->view, f->centers[i], 0.4f);
        float worst = -1;
        for (int y = 0; y < H; y++)
            for (int x = 0; x < W; x++) {
                float dx = (float)x + 0.5f - cx, dy = (float)y + 0.5f - cy;
                if (dx * dx + dy * dy > rad * rad) continue;
                const uint8_t *p = img + ((size_t)y * W + x) * 4;
                for (int c = 0; c < 3; c++) {
                    float lin = vt_test_srgb_to_linear(p[c] / 255.0f);
                    if (lin < lo || lin > hi) {
                        if (bad < 5)
                            print_message(
                                "sphere %d (metal %.0f rough %.1f) px %d,%d: %u -> %.4f\n", i,
                                metallic[i / 3], roughness[i % 3], x, y, p[c], lin);
                        bad++;
                    }
                    float e = fabsf(lin - 0.5f * (lo + hi));
                    if (e > worst) worst = e;
                }
                count++;
            }
        print_message("sphere %d: metal %.0f rough %.1f: worst deviation %.4f\n", i,
                      metallic[i / 3], roughness[i % 3], worst);
    }
    *bad_out = bad;
    *count_out = count;
}

static void white_spheres_reflect_exactly_one_in_uniform_light(void **state) {
    furnace *f = *state;
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                        .background = VT_BACKGROUND_ENV,
                        .no_ground = true,
                        .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    vt_test_write_png("furnace", W, H, img);
    int bad;
    long count;
    check_discs(f, img, 0.98f, 1.02f, &bad, &count);
    assert_true(count > 6 * 500);
    assert_int_equal(bad, 0);
    free(img);
}

/* At -1 EV nothing clips: a sphere reflecting more than it receives shows up too. */
static void white_spheres_reflect_one_half_at_minus_one_ev(void **state) {
    furnace *f = *state;
    vt_frame_desc fd = {
        .tonemap = VT_TONEMAP_NONE, .exposure = -1.0f, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    vt_test_write_png("furnace-minus1ev", W, H, img);
    int bad;
    long count;
    check_discs(f, img, 0.49f, 0.51f, &bad, &count);
    assert_int_equal(bad, 0);
    free(img);
}

/* The discs tested above are really covered by the spheres (not background). */
static void sphere_discs_are_covered_by_spheres(void **state) {
    furnace *f = *state;
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                        .background = VT_BACKGROUND_COLOR,
                        .background_color = {0, 0, 0},
                        .no_ground = true,
                        .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    int bad;
    long count;
    check_discs(f, img, 0.98f, 1.02f, &bad, &count);
    assert_int_equal(bad, 0);
    assert_int_equal(img[0], 0); /* corner: background */
    free(img);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(white_spheres_reflect_exactly_one_in_uniform_light),
        cmocka_unit_test(white_spheres_reflect_one_half_at_minus_one_ev),
        cmocka_unit_test(sphere_discs_are_covered_by_spheres),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
