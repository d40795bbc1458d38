/* Environments and the shader library: an equirectangular .hdr lights the
   scene with its own radiance and orientation, a missing file is an I/O error
   that leaves the previous environment in place, shaders can be read from a
   folder, and a shader that does not compile fails vt_renderer_create with the
   file named. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stb/stb_image_write.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { W = 96, H = 96 };

static char out_dir[900];

static const char *out_path(const char *name) {
    static char p[1024];
    snprintf(p, sizeof p, "%s/%s", out_dir, name);
    return p;
}

/* Writes a 64x32 equirectangular image: `top` above the horizon, `bottom` below. */
static void write_hdr(const char *path, float top, float bottom) {
    enum { EW = 64, EH = 32 };
    static float px[EW * EH * 3];
    for (int y = 0; y < EH; y++)
        for (int x = 0; x < EW * 3; x++) px[y * EW * 3 + x] = y < EH / 2 ? top : bottom;
    assert_true(stbi_write_hdr(path, EW, EH, 3, px) != 0);
}

/* Writes a 64x32 equirectangular image bright (1) on the +X half, dark (0.05) on -X. */
static void write_hdr_east(const char *path) {
    enum { EW = 64, EH = 32 };
    static float px[EW * EH * 3];
    for (int y = 0; y < EH; y++)
        for (int x = 0; x < EW; x++)
            for (int c = 0; c < 3; c++) px[(y * EW + x) * 3 + c] = x >= EW / 2 ? 1.0f : 0.05f;
    assert_true(stbi_write_hdr(path, EW, EH, 3, px) != 0);
}

static int setup(void **state) {
    const char *b = getenv("VT_BUILD_DIR");
    snprintf(out_dir, sizeof out_dir, "%s/test-out", b && b[0] ? b : ".");
    mkdir(out_dir, 0777);
    vt_material mat = vt_test_material(); /* white chrome, rough: reflects the average */
    mat.metallic = 1.0f;
    mat.roughness = 1.0f;
    return vt_test_one_setup(state, &mat, W, H);
}

static float lin_at(const uint8_t *img, int x, int y) {
    return vt_test_srgb_to_linear(img[((size_t)y * W + x) * 4 + 1] / 255.0f);
}

static void uniform_hdr_lights_like_its_radiance(void **state) {
    vt_test_one *f = *state;
    write_hdr(out_path("uniform.hdr"), 0.5f, 0.5f);
    assert_int_equal(
        vt_renderer_set_env(
            f->gl.r, &(vt_env_desc){.kind = VT_ENV_HDR, .hdr_path = out_path("uniform.hdr")}),
        VT_OK);
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    vt_test_write_png("env-uniform-hdr", W, H, img);
    /* sphere centre and background both at 0.5 within 2% */
    assert_float_equal(lin_at(img, W / 2, H / 2), 0.5f, 0.01f);
    assert_float_equal(lin_at(img, 1, 1), 0.5f, 0.01f);
    free(img);
}

static void hdr_sky_above_lights_the_top_of_a_sphere(void **state) {
    vt_test_one *f = *state;
    write_hdr(out_path("sky.hdr"), 1.0f, 0.05f);
    assert_int_equal(vt_renderer_set_env(f->gl.r, &(vt_env_desc){.kind = VT_ENV_HDR,
                                                                 .hdr_path = out_path("sky.hdr")}),
                     VT_OK);
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    vt_test_write_png("env-sky-hdr", W, H, img);
    float top = lin_at(img, W / 2, H / 2 - H / 5), bottom = lin_at(img, W / 2, H / 2 + H / 5);
    print_message("sphere top %.3f bottom %.3f\n", top, bottom);
    assert_true(top > 0.5f);
    assert_true(bottom < 0.3f);
    assert_true(lin_at(img, W / 2, 1) > 0.9f);     /* background above the horizon */
    assert_true(lin_at(img, W / 2, H - 2) < 0.1f); /* and below */
    free(img);
}

/* The image centre lies along -Z and +X is a quarter turn to its right, so the
   bright half lights the sphere's +X (right) side; a half turn swaps the sides. */
static void hdr_orientation_and_rotation_about_y(void **state) {
    vt_test_one *f = *state;
    write_hdr_east(out_path("east.hdr"));
    float right[2], left[2];
    for (int k = 0; k < 2; k++) {
        vt_env_desc env = {.kind = VT_ENV_HDR,
                           .hdr_path = out_path("east.hdr"),
                           .rotation = k ? 3.14159265f : 0.0f};
        assert_int_equal(vt_renderer_set_env(f->gl.r, &env), VT_OK);
        vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE, .no_ground = true, .no_shadows = true};
        uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
        assert_non_null(img);
        vt_test_write_png(k ? "env-east-rotated" : "env-east", W, H, img);
        right[k] = lin_at(img, W / 2 + W / 6, H / 2);
        left[k] = lin_at(img, W / 2 - W / 6, H / 2);
        free(img);
    }
    print_message("right/left: %.3f/%.3f, rotated %.3f/%.3f\n", right[0], left[0], right[1],
                  left[1]);
    assert_true(right[0] > 2.0f * left[0]);
    assert_true(left[1] > 2.0f * right[1]);
    assert_float_equal(right[0], left[1], 0.02f);
}

static void missing_hdr_is_an_io_error_and_keeps_the_environment(void **state) {
    vt_test_one *f = *state;
    assert_int_equal(vt_renderer_set_env(f->gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL}), VT_OK);
    vt_result res = vt_renderer_set_env(
        f->gl.r, &(vt_env_desc){.kind = VT_ENV_HDR, .hdr_path = "/nonexistent/studio.hdr"});
    assert_int_equal(res, VT_ERR_IO);
    assert_non_null(strstr(vt_last_error(), "/nonexistent/studio.hdr"));
    assert_int_equal(vt_renderer_set_env(f->gl.r, &(vt_env_desc){.kind = VT_ENV_HDR}),
                     VT_ERR_INVALID);
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    assert_float_equal(lin_at(img, W / 2, H / 2), 1.0f, 0.02f); /* still the neutral white */
    free(img);
}

/* The environment is read as vt_hdr_load reads it: an image that is not a
   Radiance .hdr (here a PNG) is refused and the previous environment stays. */
static void non_hdr_image_is_refused_and_keeps_the_environment(void **state) {
    vt_test_one *f = *state;
    assert_int_equal(vt_renderer_set_env(f->gl.r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL}), VT_OK);
    static uint8_t px[8 * 4 * 4];
    memset(px, 40, sizeof px);
    assert_true(stbi_write_png(out_path("not-hdr.png"), 8, 4, 4, px, 8 * 4) != 0);
    vt_result res = vt_renderer_set_env(
        f->gl.r, &(vt_env_desc){.kind = VT_ENV_HDR, .hdr_path = out_path("not-hdr.png")});
    assert_int_equal(res, VT_ERR_PARSE);
    assert_non_null(strstr(vt_last_error(), "not-hdr.png"));
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE, .no_ground = true, .no_shadows = true};
    uint8_t *img = vt_test_render(&f->gl, f->scene, &f->view, &fd);
    assert_non_null(img);
    assert_float_equal(lin_at(img, W / 2, H / 2), 1.0f, 0.02f); /* still the neutral white */
    free(img);
}

static void copy_file(const char *from, const char *to, const char *append) {
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, out);
    if (append) fputs(append, out);
    fclose(in);
    fclose(out);
}

/* Copies shaders/ into test-out/<dir>, optionally breaking one file. */
static const char *shader_copy(const char *dir, const char *broken) {
    static char path[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    assert_non_null(src);
    snprintf(path, sizeof path, "%s/%s", out_dir, dir);
    mkdir(path, 0777);
    static const char *files[] = {
        "brdf.glsl",       "common.glsl",    "frame.glsl",  "material.glsl",     "studio.glsl",
        "brdf_lut.frag",   "depth.frag",     "depth.vert",  "env_equirect.frag", "env_studio.frag",
        "fullscreen.vert", "ground.frag",    "ground.vert", "irradiance.frag",   "pbr.frag",
        "pbr.vert",        "prefilter.frag", "tonemap.frag"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        char a[1200], b[1200];
        snprintf(a, sizeof a, "%s/shaders/%s", src, files[i]);
        snprintf(b, sizeof b, "%s/%s", path, files[i]);
        copy_file(a, b, broken && !strcmp(files[i], broken) ? "\nthis is not GLSL;\n" : NULL);
    }
    return path;
}

static void shaders_load_from_a_folder(void **state) {
    (void)state;
    const char *dir = shader_copy("shaders-good", NULL);
    vt_renderer *r = NULL;
    assert_int_equal(vt_renderer_create(&(vt_renderer_desc){.shader_dir = dir}, &r), VT_OK);
    vt_renderer_destroy(r);
}

static void broken_shader_fails_create_naming_the_file(void **state) {
    (void)state;
    const char *dir = shader_copy("shaders-broken", "pbr.frag");
    vt_renderer *r = NULL;
    vt_result res = vt_renderer_create(&(vt_renderer_desc){.shader_dir = dir}, &r);
    assert_int_equal(res, VT_ERR_GPU);
    assert_null(r);
    print_message("error: %s\n", vt_last_error());
    assert_non_null(strstr(vt_last_error(), "pbr.frag"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(uniform_hdr_lights_like_its_radiance),
        cmocka_unit_test(hdr_sky_above_lights_the_top_of_a_sphere),
        cmocka_unit_test(hdr_orientation_and_rotation_about_y),
        cmocka_unit_test(missing_hdr_is_an_io_error_and_keeps_the_environment),
        cmocka_unit_test(non_hdr_image_is_refused_and_keeps_the_environment),
        cmocka_unit_test(shaders_load_from_a_folder),
        cmocka_unit_test(broken_shader_fails_create_naming_the_file),
    };
    return cmocka_run_group_tests(tests, setup, vt_test_one_teardown);
}
