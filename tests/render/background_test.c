/* Sanity of the output path: with tone mapping off, a solid background colour
   comes back exactly, an unlit white object is exactly white, and a transparent
   background is alpha 0 where nothing is drawn. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 96, H = 64 };

static int setup(void **state) {
    vt_material mat = vt_test_material();
    mat.unlit = true;
    return vt_test_one_setup(state, &mat, W, H);
}

static void background_colour_is_reproduced_exactly(void **state) {
    vt_test_one *f = *state;
    static const uint8_t bgs[][3] = {
        {0, 0, 0}, {255, 255, 255}, {1, 2, 3}, {51, 128, 204}, {250, 17, 99}};
    for (size_t i = 0; i < sizeof bgs / sizeof bgs[0]; i++) {
        vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                            .background = VT_BACKGROUND_COLOR,
                            .no_ground = true,
                            .no_shadows = true};
        for (int c = 0; c < 3; c++) fd.background_color[c] = bgs[i][c] / 255.0f;
        uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
        assert_non_null(img);
        if (i == 0) vt_test_write_png("white-on-black", W, H, img);
        /* corners are background; the centre is the unlit white sphere */
        const size_t corners[] = {0, W - 1, (size_t)(H - 1) * W, (size_t)H * W - 1};
        for (size_t k = 0; k < 4; k++) {
            const uint8_t *p = img + corners[k] * 4;
            assert_int_equal(p[0], bgs[i][0]);
            assert_int_equal(p[1], bgs[i][1]);
            assert_int_equal(p[2], bgs[i][2]);
            assert_int_equal(p[3], 255);
        }
        const uint8_t *c = img + ((size_t)(H / 2) * W + W / 2) * 4;
        assert_int_equal(c[0], 255);
        assert_int_equal(c[1], 255);
        assert_int_equal(c[2], 255);
        free(img);
    }
}

static void transparent_background_has_zero_alpha_outside_objects(void **state) {
    vt_test_one *f = *state;
    vt_frame_desc fd = {.background = VT_BACKGROUND_TRANSPARENT,
                        .no_ground = true,
                        .no_shadows = true,
                        .tonemap = VT_TONEMAP_NONE};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    vt_test_write_png("transparent", W, H, img);
    assert_int_equal(img[3], 0);
    const uint8_t *c = img + ((size_t)(H / 2) * W + W / 2) * 4;
    assert_int_equal(c[3], 255);
    assert_int_equal(c[0], 255);
    /* Edge pixels are not darkened: wherever alpha > 0 the colour is the sphere's white. */
    for (size_t i = 0; i < (size_t)W * H; i++)
        if (img[i * 4 + 3] > 0) assert_true(img[i * 4] >= 254);
    free(img);
}

/* Khronos PBR Neutral, the reference formula, in doubles. */
static void pbr_neutral(const double in[3], double out[3]) {
    const double start = 0.8 - 0.04, desat = 0.15;
    double c[3] = {in[0], in[1], in[2]};
    double x = fmin(c[0], fmin(c[1], c[2]));
    double offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    for (int i = 0; i < 3; i++) c[i] -= offset;
    double peak = fmax(c[0], fmax(c[1], c[2]));
    if (peak >= start) {
        double d = 1.0 - start;
        double np = 1.0 - d * d / (peak + d - start);
        for (int i = 0; i < 3; i++) c[i] *= np / peak;
        double g = 1.0 - 1.0 / (desat * (peak - np) + 1.0);
        for (int i = 0; i < 3; i++) c[i] = c[i] * (1.0 - g) + np * g;
    }
    for (int i = 0; i < 3; i++) out[i] = c[i];
}

/* ACES fit (Narkowicz 2015). */
static double aces(double x) {
    double v = (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14);
    return v < 0 ? 0 : (v > 1 ? 1 : v);
}

/* An unlit swatch of linear radiance c (values above 1 included) goes through
   the tone curves exactly as their reference formulas say, within one level. */
static void tone_curves_match_their_reference_formulas(void **state) {
    vt_test_one *f = *state;
    static const double inputs[][3] = {{0.05, 0.05, 0.05}, {0.3, 0.2, 0.1}, {0.9, 0.5, 0.2},
                                       {2.0, 1.0, 0.5},    {6.0, 6.0, 6.0}, {1.5, 0.05, 0.05}};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        vt_material mat = vt_test_material();
        mat.unlit = true;
        for (int c = 0; c < 3; c++) mat.base_color[c] = (float)inputs[i][c];
        vt_model *m = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
        vt_scene *s = vt_test_scene_of(&f->gl, m);
        vt_view v;
        assert_true(vt_test_frame(s, 0, 0, W, H, &v, NULL));
        for (int curve = 0; curve < 2; curve++) {
            vt_frame_desc fd = {.tonemap = curve ? VT_TONEMAP_ACES : VT_TONEMAP_NEUTRAL,
                                .no_ground = true,
                                .no_shadows = true};
            uint8_t *img = vt_test_render(&f->gl, s, &v, &fd);
            assert_non_null(img);
            double want[3];
            if (curve)
                for (int c = 0; c < 3; c++) want[c] = aces(inputs[i][c]);
            else
                pbr_neutral(inputs[i], want);
            const uint8_t *p = img + ((size_t)(H / 2) * W + W / 2) * 4;
            for (int c = 0; c < 3; c++) {
                int w8 = (int)lround(vt_test_linear_to_srgb((float)want[c]) * 255.0);
                if (abs(p[c] - w8) > 1)
                    print_message("%s in %.2f %.2f %.2f: channel %d got %u want %d\n",
                                  curve ? "aces" : "neutral", inputs[i][0], inputs[i][1],
                                  inputs[i][2], c, p[c], w8);
                assert_true(abs(p[c] - w8) <= 1);
            }
            free(img);
        }
        vt_scene_destroy(s);
        vt_model_free(m);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(background_colour_is_reproduced_exactly),
        cmocka_unit_test(transparent_background_has_zero_alpha_outside_objects),
        cmocka_unit_test(tone_curves_match_their_reference_formulas),
    };
    return cmocka_run_group_tests(tests, setup, vt_test_one_teardown);
}
