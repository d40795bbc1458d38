/* vt_model_validate: every rule passes on a good model and fails on a model
   built to break it, with the measurement and the limit in the message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vitrine/asset.h"
#include "vitrine/geom.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A 30 cm box product with one textured material, as other code builds a
   vt_model by hand: every array malloc'ed, freed by vt_model_free. */
static vt_model *good_model(void) {
    vt_model *m = calloc(1, sizeof *m);
    snprintf(m->path, sizeof m->path, "box.glb");
    snprintf(m->format, sizeof m->format, "glb");
    m->file_bytes = 200 * 1024;
    m->unit_scale = 1.0f;
    m->meshes = calloc(1, sizeof *m->meshes);
    m->mesh_count = 1;
    const float size[3] = {0.3f, 0.3f, 0.3f};
    assert_int_equal(vt_mesh_box(size, &m->meshes[0].data), VT_OK);
    m->meshes[0].bounds = vt_mesh_bounds(&m->meshes[0].data);
    m->bounds = m->meshes[0].bounds;
    m->nodes = calloc(1, sizeof *m->nodes);
    m->node_count = 1;
    m->nodes[0].parent = -1;
    m->nodes[0].light = -1;
    m->nodes[0].meshes = malloc(sizeof(uint32_t));
    m->nodes[0].meshes[0] = 0;
    m->nodes[0].mesh_count = 1;
    m->materials = calloc(1, sizeof *m->materials);
    m->material_count = 1;
    vt_material *mt = &m->materials[0];
    snprintf(mt->name, sizeof mt->name, "linen");
    for (int i = 0; i < 4; i++) mt->base_color[i] = 1.0f;
    mt->roughness = 0.8f;
    mt->base_color_tex.image = 0;
    mt->base_color_tex.scale[0] = mt->base_color_tex.scale[1] = 1.0f;
    mt->metallic_roughness_tex.image = mt->normal_tex.image = mt->occlusion_tex.image = -1;
    mt->emissive_tex.image = mt->clearcoat_tex.image = mt->clearcoat_roughness_tex.image = -1;
    mt->clearcoat_normal_tex.image = mt->sheen_color_tex.image = mt->transmission_tex.image = -1;
    m->images = calloc(1, sizeof *m->images);
    m->image_count = 1;
    vt_image *img = &m->images[0];
    snprintf(img->name, sizeof img->name, "linen.png");
    img->width = img->height = 16;
    img->channels = 3;
    img->pixels = malloc(16 * 16 * 4);
    for (int p = 0; p < 16 * 16; p++) {
        img->pixels[p * 4 + 0] = 180; /* sRGB ~ 180: a light fabric */
        img->pixels[p * 4 + 1] = 170;
        img->pixels[p * 4 + 2] = 150;
        img->pixels[p * 4 + 3] = 255;
    }
    return m;
}

static const vt_check *check(const vt_validation *v, const char *rule) {
    for (uint32_t i = 0; i < v->check_count; i++)
        if (!strcmp(v->checks[i].rule, rule)) return &v->checks[i];
    fail_msg("no check named %s", rule);
    return NULL;
}

/* Validates m with profile, expects `rule` to have the given verdict and the
   others to pass; returns a copy of that check's message for more asserts. */
static void expect(vt_model *m, vt_profile p, const char *rule, bool pass, const char *needle) {
    vt_validation v;
    assert_int_equal(vt_model_validate(m, p, &v), VT_OK);
    const vt_check *c = check(&v, rule);
    if (c->pass != pass) fail_msg("%s: %s", rule, c->message);
    if (needle && !strstr(c->message, needle))
        fail_msg("%s: '%s' lacks '%s'", rule, c->message, needle);
    if (!pass) assert_true(c->fix[0] != '\0');
    for (uint32_t i = 0; i < v.check_count; i++)
        if (strcmp(v.checks[i].rule, rule) != 0 && !v.checks[i].pass)
            fail_msg("unexpected failure of %s: %s", v.checks[i].rule, v.checks[i].message);
    assert_int_equal(v.pass, pass);
    vt_validation_free(&v);
}

static void good_model_passes_every_profile(void **state) {
    (void)state;
    vt_model *m = good_model();
    for (int p = VT_PROFILE_WEB; p <= VT_PROFILE_PLANNER; p++) {
        vt_validation v;
        assert_int_equal(vt_model_validate(m, (vt_profile)p, &v), VT_OK);
        assert_int_equal(v.check_count, 11);
        for (uint32_t i = 0; i < v.check_count; i++) {
            if (!v.checks[i].pass) fail_msg("%s: %s", v.checks[i].rule, v.checks[i].message);
            assert_string_equal(v.checks[i].fix, "");
        }
        assert_true(v.pass);
        vt_validation_free(&v);
    }
    assert_string_equal(vt_profile_name(VT_PROFILE_MOBILE), "mobile");
    vt_model_free(m);
}

static void file_size_over_5_mb_fails_web_not_planner(void **state) {
    (void)state;
    vt_model *m = good_model();
    m->file_bytes = 6ll * 1024 * 1024;
    expect(m, VT_PROFILE_WEB, "file_size", false, "6.00 MB");
    expect(m, VT_PROFILE_PLANNER, "file_size", true, NULL);
    m->file_bytes = 4608ll * 1024; /* 4.5 MB: web yes, mobile no */
    expect(m, VT_PROFILE_WEB, "file_size", true, "limit 5.00 MB");
    expect(m, VT_PROFILE_MOBILE, "file_size", false, "limit 4.00 MB");
    vt_model_free(m);
}

static void triangles_over_budget_fail(void **state) {
    (void)state;
    vt_model *m = good_model();
    vt_mesh_data *d = &m->meshes[0].data;
    uint32_t tris = 100001;
    uint32_t *ix = malloc(tris * 3 * sizeof *ix);
    for (uint32_t t = 0; t < tris; t++) memcpy(ix + t * 3, d->indices, 3 * sizeof *ix);
    free(d->indices);
    d->indices = ix;
    d->index_count = tris * 3;
    expect(m, VT_PROFILE_WEB, "triangles", false, "100001 triangles; web limit 100000");
    expect(m, VT_PROFILE_PLANNER, "triangles", true, NULL);
    vt_model_free(m);
}

static void draw_calls_over_budget_fail(void **state) {
    (void)state;
    vt_model *m = good_model();
    free(m->nodes[0].meshes);
    m->nodes[0].meshes = calloc(33, sizeof(uint32_t));
    m->nodes[0].mesh_count = 33;
    expect(m, VT_PROFILE_WEB, "draw_calls", false, "33 draw calls");
    expect(m, VT_PROFILE_PLANNER, "draw_calls", true, NULL);
    vt_model_free(m);
}

static void texture_larger_than_2048_fails_web(void **state) {
    (void)state;
    vt_model *m = good_model();
    vt_image *img = &m->images[0];
    free(img->pixels);
    img->width = 4096;
    img->height = 4;
    img->pixels = malloc((size_t)img->width * img->height * 4);
    memset(img->pixels, 160, (size_t)img->width * img->height * 4);
    expect(m, VT_PROFILE_WEB, "texture_size", false, "4096 x 4");
    expect(m, VT_PROFILE_PLANNER, "texture_size", true, NULL);
    vt_model_free(m);
}

/* vt_image.pixels may be NULL (upload skips such an image): the luminance
   check has no texels to judge and must not read them. */
static void texture_without_pixels_is_not_read(void **state) {
    (void)state;
    vt_model *m = good_model();
    free(m->images[0].pixels);
    m->images[0].pixels = NULL;
    expect(m, VT_PROFILE_WEB, "base_color_luminance", true, NULL);
    vt_model_free(m);
}

static void texture_not_power_of_two_fails(void **state) {
    (void)state;
    vt_model *m = good_model();
    vt_image *img = &m->images[0];
    img->width = 8;
    img->height = 24; /* same 192 pixels, 24 is no power of two */
    expect(m, VT_PROFILE_WEB, "texture_pot", false, "linen.png at 8 x 24");
    /* a placeholder standing in for a missing file is not judged */
    img->placeholder = true;
    expect(m, VT_PROFILE_WEB, "texture_pot", true, NULL);
    vt_model_free(m);
}

static void too_many_materials_fail(void **state) {
    (void)state;
    vt_model *m = good_model();
    vt_material *mats = calloc(6, sizeof *mats);
    for (int i = 0; i < 6; i++) mats[i] = m->materials[0];
    free(m->materials);
    m->materials = mats;
    m->material_count = 6;
    expect(m, VT_PROFILE_WEB, "materials", false, "6 materials; web limit 5");
    expect(m, VT_PROFILE_PLANNER, "materials", true, NULL);
    vt_model_free(m);
}

static void dimensions_outside_1cm_to_10m_fail(void **state) {
    (void)state;
    vt_model *m = good_model();
    m->bounds.min[0] = -100.0f; /* 200 m wide: authored in centimetres */
    m->bounds.max[0] = 100.0f;
    vt_validation v;
    assert_int_equal(vt_model_validate(m, VT_PROFILE_WEB, &v), VT_OK);
    const vt_check *c = check(&v, "dimensions");
    assert_false(c->pass);
    assert_non_null(strstr(c->message, "longest side 200 m"));
    assert_non_null(strstr(c->fix, "centimetres"));
    vt_validation_free(&v);
    for (int k = 0; k < 3; k++) {
        m->bounds.min[k] = -0.002f; /* 4 mm */
        m->bounds.max[k] = 0.002f;
    }
    expect(m, VT_PROFILE_WEB, "dimensions", false, "0.004");
    vt_model_free(m);
}

static void base_colour_outside_pbr_safe_range_fails(void **state) {
    (void)state;
    vt_model *m = good_model();
    for (int i = 0; i < 3; i++) m->materials[0].base_color[i] = 0.002f; /* soot-black */
    expect(m, VT_PROFILE_WEB, "base_color_luminance", false, "range 30..243");
    /* metals are allowed outside the dielectric range */
    m->materials[0].metallic = 1.0f;
    expect(m, VT_PROFILE_WEB, "base_color_luminance", true, NULL);
    m->materials[0].metallic = 0.0f;
    for (int i = 0; i < 3; i++) m->materials[0].base_color[i] = 1.0f;
    memset(m->images[0].pixels, 255, 16 * 16 * 4); /* pure white */
    expect(m, VT_PROFILE_WEB, "base_color_luminance", false, "spans sRGB 255..255");
    vt_model_free(m);
}

static void missing_normals_fail(void **state) {
    (void)state;
    vt_model *m = good_model();
    snprintf(m->meshes[0].name, VT_NAME_MAX, "shell");
    free(m->meshes[0].data.normals);
    m->meshes[0].data.normals = NULL;
    expect(m, VT_PROFILE_WEB, "normals", false, "'shell'");
    vt_model_free(m);
}

static void textured_mesh_without_uvs_fails(void **state) {
    (void)state;
    vt_model *m = good_model();
    free(m->meshes[0].data.uv0);
    m->meshes[0].data.uv0 = NULL;
    expect(m, VT_PROFILE_WEB, "uvs", false, "1 textured mesh");
    /* without a texture no UVs are needed */
    m->materials[0].base_color_tex.image = -1;
    for (int i = 0; i < 3; i++) m->materials[0].base_color[i] = 0.4f;
    expect(m, VT_PROFILE_WEB, "uvs", true, NULL);
    vt_model_free(m);
}

static void degenerate_triangles_fail(void **state) {
    (void)state;
    vt_model *m = good_model();
    vt_mesh_data *d = &m->meshes[0].data;
    d->indices[1] = d->indices[0]; /* one of 12 triangles collapses */
    expect(m, VT_PROFILE_WEB, "degenerate_triangles", false, "1 degenerate");
    vt_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_model_passes_every_profile),
        cmocka_unit_test(file_size_over_5_mb_fails_web_not_planner),
        cmocka_unit_test(triangles_over_budget_fail),
        cmocka_unit_test(draw_calls_over_budget_fail),
        cmocka_unit_test(texture_larger_than_2048_fails_web),
        cmocka_unit_test(texture_without_pixels_is_not_read),
        cmocka_unit_test(texture_not_power_of_two_fails),
        cmocka_unit_test(too_many_materials_fail),
        cmocka_unit_test(dimensions_outside_1cm_to_10m_fail),
        cmocka_unit_test(base_colour_outside_pbr_safe_range_fails),
        cmocka_unit_test(missing_normals_fail),
        cmocka_unit_test(textured_mesh_without_uvs_fails),
        cmocka_unit_test(degenerate_triangles_fail),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
