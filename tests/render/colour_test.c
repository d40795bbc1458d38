/* Colour fidelity: a flat dielectric swatch of sRGB colour C, facing the camera
   in the uniform white environment and tone mapped with Khronos PBR Neutral,
   renders back as C within +-5 levels (PBR Neutral removes the ~0.04 specular
   reflection the glTF BRDF adds; the Fresnel-weighted diffuse leaves a small
   shift). Channels of C lie in linear 0.08..0.76, where PBR Neutral is linear. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { W = 160, H = 160, TOLERANCE = 5 };

static const uint8_t colours[][3] = {
    {80, 80, 80},   {128, 128, 128}, {200, 200, 200}, {226, 226, 226},
    {220, 80, 80},  {80, 200, 90},   {90, 100, 220},  {220, 200, 90},
    {150, 90, 200}, {90, 180, 170},  {226, 120, 80},  {100, 140, 110},
};

static int setup(void **state) {
    vt_test_gl *gl = calloc(1, sizeof *gl);
    if (!gl || !vt_test_gl_init(gl)) return -1;
    if (vt_renderer_set_env(gl->r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL}) != VT_OK) return -1;
    *state = gl;
    return 0;
}

static int teardown(void **state) {
    vt_test_gl *gl = *state;
    vt_test_gl_free(gl);
    free(gl);
    return 0;
}

static void swatches_render_back_their_srgb_colour(void **state) {
    vt_test_gl *gl = *state;
    int failures = 0;
    for (size_t i = 0; i < sizeof colours / sizeof colours[0]; i++) {
        vt_material mat = vt_test_material();
        mat.metallic = 0.0f;
        mat.roughness = 0.15f;
        for (int c = 0; c < 3; c++)
            mat.base_color[c] = vt_test_srgb_to_linear(colours[i][c] / 255.0f);
        vt_model *m = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &mat);
        assert_non_null(m);
        vt_scene *s = vt_test_scene_of(gl, m);
        assert_non_null(s);
        vt_view view;
        assert_true(vt_test_frame(s, 0, 0, W, H, &view, NULL));
        vt_frame_desc fd = {.no_ground = true, .no_shadows = true};
        uint8_t *img = vt_test_render(gl, s, &view, &fd);
        assert_non_null(img);
        char name[64];
        snprintf(name, sizeof name, "colour-%02zu", i);
        vt_test_write_png(name, W, H, img);
        /* The central 30% of the image lies well inside the swatch. */
        double sum[3] = {0};
        int n = 0;
        for (int y = H * 35 / 100; y < H * 65 / 100; y++)
            for (int x = W * 35 / 100; x < W * 65 / 100; x++, n++)
                for (int c = 0; c < 3; c++) sum[c] += img[((size_t)y * W + x) * 4 + c];
        int got[3];
        for (int c = 0; c < 3; c++) got[c] = (int)lround(sum[c] / n);
        print_message("C = %3u %3u %3u -> %3d %3d %3d\n", colours[i][0], colours[i][1],
                      colours[i][2], got[0], got[1], got[2]);
        for (int c = 0; c < 3; c++)
            if (abs(got[c] - (int)colours[i][c]) > TOLERANCE) failures++;
        free(img);
        vt_scene_destroy(s);
        vt_model_free(m);
    }
    assert_int_equal(failures, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(swatches_render_back_their_srgb_colour),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
