/* Material features, each checked where the answer is exact: with unlit
   materials (or a black environment) and tone mapping off, the output follows
   from the inputs alone. Covers blend sorting, alpha mask, vertex colours, the
   second texture coordinate set, KHR_texture_transform, emissive strength,
   double-sided and back-face culling, and sRGB decoding of colour textures. */
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
    /* a very dark uniform environment: lit materials show only what they emit */
    return vt_test_gl_init_dark(&gl) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vt_test_gl_free(&gl);
    return 0;
}

static vt_material unlit(float r, float g, float b, float a) {
    vt_material m = vt_test_material();
    m.unlit = true;
    m.base_color[0] = r, m.base_color[1] = g, m.base_color[2] = b, m.base_color[3] = a;
    return m;
}

/* Renders the models (each a 1x1 plane facing +Z unless given), camera on +Z,
   black background, tone mapping off; returns the image. */
typedef struct item {
    vt_model *m;
    float z;
    float yaw; /* radians about +Y */
} item;

static uint8_t *render_items(item *items, int n, const char *name) {
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    for (int i = 0; i < n; i++) {
        vt_transform t = {.translation = {0, 0, items[i].z},
                          .rotation = {0, sinf(items[i].yaw / 2), 0, cosf(items[i].yaw / 2)},
                          .scale = {1, 1, 1}};
        vt_test_place(&gl, s, items[i].m, &t);
    }
    vt_scene_update(s);
    vt_aabb b = {{-0.5f, -0.5f, -0.5f}, {0.5f, 0.5f, 0.5f}};
    vt_view v;
    vt_view_frame_bounds(&b, 0, 0, W, H, &v);
    vt_frame_desc fd = {.tonemap = VT_TONEMAP_NONE,
                        .background = VT_BACKGROUND_COLOR,
                        .no_ground = true,
                        .no_shadows = true};
    uint8_t *img = vt_test_render(&gl, s, &v, &fd);
    assert_non_null(img);
    vt_test_write_png(name, W, H, img);
    vt_scene_destroy(s);
    return img;
}

static const uint8_t *centre(const uint8_t *img) {
    return img + ((size_t)(H / 2) * W + W / 2) * 4;
}

static int srgb8(float lin) {
    return (int)lroundf(vt_test_linear_to_srgb(lin) * 255.0f);
}

static void assert_rgb_near(const uint8_t *p, int r, int g, int b, int tol) {
    print_message("got %u %u %u want %d %d %d\n", p[0], p[1], p[2], r, g, b);
    assert_true(abs(p[0] - r) <= tol && abs(p[1] - g) <= tol && abs(p[2] - b) <= tol);
}

static void blended_planes_are_drawn_back_to_front(void **state) {
    (void)state;
    vt_material red = unlit(1, 0, 0, 0.5f), green = unlit(0, 1, 0, 0.5f);
    red.alpha_mode = green.alpha_mode = VT_ALPHA_BLEND;
    vt_model *front = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &red);
    vt_model *back = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &green);
    /* the front plane is added first: drawing in scene order would be wrong */
    item items[] = {{front, 0.2f, 0}, {back, -0.2f, 0}};
    uint8_t *img = render_items(items, 2, "mat-blend");
    /* red over (green over black): 0.5 red + 0.25 green */
    assert_rgb_near(centre(img), srgb8(0.5f), srgb8(0.25f), 0, 1);
    free(img);
    vt_model_free(front);
    vt_model_free(back);
}

static void alpha_mask_cuts_at_the_cutoff(void **state) {
    (void)state;
    vt_material m = unlit(1, 1, 1, 1);
    m.alpha_mode = VT_ALPHA_MASK;
    m.alpha_cutoff = 0.5f;
    vt_model *model = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    /* left half alpha 0.3 (cut), right half alpha 0.7 (kept, drawn opaque) */
    uint8_t tex[4 * 4 * 4];
    for (int i = 0; i < 16; i++) {
        tex[i * 4 + 0] = tex[i * 4 + 1] = tex[i * 4 + 2] = 255;
        tex[i * 4 + 3] = (i % 4) < 2 ? 77 : 179;
    }
    int32_t img_i = vt_test_model_add_image(model, 4, 4, tex);
    model->materials[0].base_color_tex = vt_test_tex(img_i);
    item items[] = {{model, 0, 0}};
    uint8_t *img = render_items(items, 1, "mat-mask");
    const uint8_t *left = img + ((size_t)(H / 2) * W + W / 2 - 8) * 4;
    const uint8_t *right = img + ((size_t)(H / 2) * W + W / 2 + 8) * 4;
    assert_rgb_near(left, 0, 0, 0, 0);
    assert_rgb_near(right, 255, 255, 255, 0);
    free(img);
    vt_model_free(model);
}

static void vertex_colours_multiply_the_base_colour(void **state) {
    (void)state;
    vt_material m = unlit(1, 0.5f, 1, 1);
    vt_model *model = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    vt_mesh_data *d = &model->meshes[0].data;
    d->colors = malloc(d->vertex_count * 4 * sizeof(float));
    for (uint32_t i = 0; i < d->vertex_count; i++) {
        d->colors[i * 4 + 0] = 0.5f, d->colors[i * 4 + 1] = 1.0f;
        d->colors[i * 4 + 2] = 0.0f, d->colors[i * 4 + 3] = 1.0f;
    }
    item items[] = {{model, 0, 0}};
    uint8_t *img = render_items(items, 1, "mat-vertex-colour");
    assert_rgb_near(centre(img), srgb8(0.5f), srgb8(0.5f), 0, 1);
    free(img);
    vt_model_free(model);
}

/* An 8x1 texture: left half red, right half blue, so that filtering between
   neighbours (and wrapping) changes nothing away from u = 0 and 0.5. */
static vt_model *two_texel_plane(vt_texture_ref *out_ref) {
    vt_material m = unlit(1, 1, 1, 1);
    vt_model *model = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    uint8_t tex[32];
    for (int x = 0; x < 8; x++) {
        tex[x * 4 + 0] = x < 4 ? 255 : 0;
        tex[x * 4 + 1] = 0;
        tex[x * 4 + 2] = x < 4 ? 0 : 255;
        tex[x * 4 + 3] = 255;
    }
    int32_t i = vt_test_model_add_image(model, 8, 1, tex);
    *out_ref = vt_test_tex(i);
    return model;
}

static void texture_transform_offsets_and_scales_uvs(void **state) {
    (void)state;
    vt_texture_ref ref;
    vt_model *model = two_texel_plane(&ref);
    /* scale 0.1 then offset 0.7: every u lands in 0.7..0.8, inside the blue half */
    ref.scale[0] = 0.1f;
    ref.offset[0] = 0.7f;
    model->materials[0].base_color_tex = ref;
    item items[] = {{model, 0, 0}};
    uint8_t *img = render_items(items, 1, "mat-texture-transform");
    assert_rgb_near(centre(img), 0, 0, 255, 2);
    const uint8_t *left = img + ((size_t)(H / 2) * W + W / 2 - 12) * 4;
    assert_rgb_near(left, 0, 0, 255, 2);
    free(img);
    vt_model_free(model);
}

static void second_texcoord_set_is_used_when_asked(void **state) {
    (void)state;
    vt_texture_ref ref;
    vt_model *model = two_texel_plane(&ref);
    vt_mesh_data *d = &model->meshes[0].data;
    d->uv1 = malloc(d->vertex_count * 2 * sizeof(float));
    for (uint32_t i = 0; i < d->vertex_count; i++) d->uv1[i * 2] = 0.2f, d->uv1[i * 2 + 1] = 0.5f;
    ref.texcoord = 1;
    model->materials[0].base_color_tex = ref;
    item items[] = {{model, 0, 0}};
    uint8_t *img = render_items(items, 1, "mat-texcoord1");
    assert_rgb_near(centre(img), 255, 0, 0,
                    2); /* uv1 = (0.2, 0.5): red; uv0 would show both halves */
    free(img);
    vt_model_free(model);
}

static void colour_textures_are_decoded_from_srgb(void **state) {
    (void)state;
    vt_material m = unlit(1, 1, 1, 1);
    vt_model *model = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    const uint8_t tex[4] = {128, 64, 200, 255};
    model->materials[0].base_color_tex = vt_test_tex(vt_test_model_add_image(model, 1, 1, tex));
    item items[] = {{model, 0, 0}};
    uint8_t *img = render_items(items, 1, "mat-srgb");
    assert_rgb_near(centre(img), 128, 64, 200, 1);
    free(img);
    vt_model_free(model);
}

static void emissive_is_scaled_by_its_strength(void **state) {
    (void)state;
    vt_material m = vt_test_material();
    m.base_color[0] = m.base_color[1] = m.base_color[2] = 0.0f;
    m.metallic = 0.0f;
    m.emissive[0] = 0.25f, m.emissive[1] = 0.1f, m.emissive[2] = 0.05f;
    m.emissive_strength = 2.0f;
    vt_model *model = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    item items[] = {{model, 0, 0}};
    uint8_t *img = render_items(items, 1, "mat-emissive");
    assert_rgb_near(centre(img), srgb8(0.5f), srgb8(0.2f), srgb8(0.1f), 1);
    free(img);
    vt_model_free(model);
}

static void back_faces_show_only_when_double_sided(void **state) {
    (void)state;
    vt_material one = unlit(1, 1, 1, 1), two = unlit(1, 1, 1, 1);
    two.double_sided = true;
    vt_model *a = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &one);
    vt_model *b = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &two);
    item ia[] = {{a, 0, 3.14159265f}}; /* turned away from the camera */
    uint8_t *img = render_items(ia, 1, "mat-single-sided");
    assert_rgb_near(centre(img), 0, 0, 0, 0);
    free(img);
    item ib[] = {{b, 0, 3.14159265f}};
    img = render_items(ib, 1, "mat-double-sided");
    assert_rgb_near(centre(img), 255, 255, 255, 0);
    free(img);
    vt_model_free(a);
    vt_model_free(b);
}

/* Bad input is logged and skipped: an index past the vertices, a texture index
   past the images, a material index past the materials. */
static void bad_meshes_are_skipped_and_the_rest_drawn(void **state) {
    (void)state;
    vt_material m = unlit(1, 1, 1, 1);
    m.base_color_tex = vt_test_tex(7); /* there are no images */
    vt_model *bad = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    bad->meshes[0].data.indices[2] = 100000;
    vt_model *odd = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    odd->meshes[0].material = 5; /* past the materials: a default grey */
    /* wider than any GL implementation's texture limit: logged, drawn untextured */
    uint8_t *wide = calloc(70000, 4);
    vt_model *big = vt_test_model(VT_TEST_PLANE, (float[3]){1, 1, 0}, &m);
    big->materials[0].base_color_tex = vt_test_tex(vt_test_model_add_image(big, 70000, 1, wide));
    free(wide);
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_test_place(&gl, s, bad, NULL);
    vt_test_place(&gl, s, odd, &(vt_transform){.translation = {0, 0, -0.1f}});
    vt_test_place(&gl, s, big, &(vt_transform){.translation = {0, 0, 0.1f}});
    vt_scene_update(s);
    vt_aabb b = {{-0.5f, -0.5f, -0.5f}, {0.5f, 0.5f, 0.5f}};
    vt_view v;
    vt_view_frame_bounds(&b, 0, 0, W, H, &v);
    uint8_t *img = malloc(W * H * 4);
    vt_frame_stats st;
    assert_int_equal(
        vt_renderer_render_image(
            gl.r, s, &v,
            &(vt_frame_desc){.tonemap = VT_TONEMAP_NONE, .no_ground = true, .no_shadows = true},
            img, &st),
        VT_OK);
    assert_int_equal(st.instances_visible, 2);
    assert_int_equal(st.draw_calls, 2);
    const uint8_t *c = img + ((size_t)(H / 2) * W + W / 2) * 4;
    assert_rgb_near(c, 255, 255, 255, 0); /* unlit white, untextured */
    free(img);
    vt_scene_destroy(s);
    vt_model_free(bad);
    vt_model_free(odd);
    vt_model_free(big);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(blended_planes_are_drawn_back_to_front),
        cmocka_unit_test(alpha_mask_cuts_at_the_cutoff),
        cmocka_unit_test(vertex_colours_multiply_the_base_colour),
        cmocka_unit_test(texture_transform_offsets_and_scales_uvs),
        cmocka_unit_test(second_texcoord_set_is_used_when_asked),
        cmocka_unit_test(colour_textures_are_decoded_from_srgb),
        cmocka_unit_test(emissive_is_scaled_by_its_strength),
        cmocka_unit_test(back_faces_show_only_when_double_sided),
        cmocka_unit_test(bad_meshes_are_skipped_and_the_rest_drawn),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
