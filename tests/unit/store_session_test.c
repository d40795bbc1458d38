/* The live store's desktop input and session (vt_store): keys walk, the
   right button looks, a click inspects or walks to the floor, a drag turns
   the inspected product, panel clicks choose variants and sizes and add to
   the cart, Esc goes back; events reach the callback. On a small store of
   .glb boxes written by the test, headless. */
#define _GNU_SOURCE
#include "box_glb.h"
#include "store_support.h"
#include "store/store_internal.h"
#include "vitrine/asset.h"
#include "vitrine/core.h"
#include "vitrine/platform.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <epoxy/gl.h>

#define W 1280
#define H 720
#define DT (1.0 / 30.0)

static void write_text(const char *dir, const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(vt_file_write(path, text, strlen(text)), VT_OK);
}

static const char *store_json =
    "{\"name\":\"Unit shop\",\"catalog\":\"catalog.json\","
    "\"room\":{\"width\":8,\"depth\":6,\"height\":3,\"floor\":{\"color\":\"#B89B74\"},"
    "\"walls\":{\"color\":\"#EDE8E0\"}},"
    "\"spawn\":{\"position\":[0,2],\"yaw\":0,\"eye_height\":1.6},"
    "\"fixtures\":[{\"id\":\"counter\",\"model\":\"counter.glb\",\"position\":[0,0,-1],"
    "\"collide\":true}],"
    "\"placements\":[{\"product\":\"box-a\",\"position\":[0,0.9,-1]},"
    "{\"product\":\"tee\",\"position\":[-2,0,-1],\"scale\":3}]}";

static const char *catalog_json =
    "{\"currency\":\"EUR\",\"products\":["
    "{\"id\":\"box-a\",\"kind\":\"bag\",\"title\":\"Box bag\",\"brand\":\"Test\","
    "\"price\":{\"value\":\"20.00\",\"currency\":\"EUR\"},\"model\":\"box.glb\",\"variants\":["
    "{\"id\":\"box-a-red\",\"title\":\"Red\",\"color\":\"#C03020\","
    "\"materials\":{\"*\":{\"base_color\":\"#C03020\"}}},"
    "{\"id\":\"box-a-blue\",\"title\":\"Blue\",\"color\":\"#2040C0\","
    "\"materials\":{\"*\":{\"base_color\":\"#2040C0\"}}}]},"
    "{\"id\":\"tee\",\"kind\":\"tshirt\",\"title\":\"Tee\",\"brand\":\"Test\","
    "\"price\":{\"value\":\"10.00\",\"currency\":\"EUR\"},\"model\":\"box.glb\","
    "\"sizes\":[\"S\",\"M\"],\"variants\":[{\"id\":\"tee-white\",\"title\":\"White\","
    "\"color\":\"#FFFFFF\"}]}]}";

typedef struct fixture {
    char dir[256];
    vt_headless *gl;
    vt_store *s;
    char events[16][64]; /* names */
    uint32_t event_count;
} fixture;

static void on_event(void *user, const char *name, const char *json) {
    fixture *f = user;
    assert_non_null(strstr(json, name));
    if (f->event_count < 16) snprintf(f->events[f->event_count++], 64, "%s", name);
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/vt_store_session_XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    char path[512];
    snprintf(path, sizeof path, "%s/box.glb", f->dir);
    assert_true(vt_test_write_box_glb(path, 0.3f, 0.3f, 0.3f, "Body"));
    snprintf(path, sizeof path, "%s/counter.glb", f->dir);
    assert_true(vt_test_write_box_glb(path, 1.6f, 0.9f, 0.6f, "Body"));
    write_text(f->dir, "store.json", store_json);
    write_text(f->dir, "catalog.json", catalog_json);
    if (vt_headless_create(&f->gl) != VT_OK) return -1;
    snprintf(path, sizeof path, "%s/store.json", f->dir);
    vt_store_desc d = {
        .path = path, .on_event = on_event, .event_user = f, .width = W, .height = H};
    if (vt_store_create(&d, &f->s) != VT_OK) {
        fprintf(stderr, "%s\n", vt_last_error());
        return -1;
    }
    if (vt_store_act(f->s, &(vt_action){.kind = VT_ACTION_LOAD}) != VT_OK) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    vt_store_destroy(f->s);
    vt_headless_destroy(f->gl);
    const char *files[] = {"box.glb", "counter.glb", "store.json", "catalog.json"};
    char path[512];
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void run(vt_store *s, double seconds) {
    for (double t = 0; t < seconds - 1e-9; t += DT) vt_store_update(s, DT);
}

static void click(vt_store *s, float x, float y) {
    assert_true(vt_test_store_click(s, x, y));
}

static void look_at(fixture *f, const char *id) {
    vt_action a = {.kind = VT_ACTION_LOOK};
    snprintf(a.arg, sizeof a.arg, "%s", id);
    assert_int_equal(vt_store_act(f->s, &a), VT_OK);
}

static void w_walks_forward_until_the_counter(void **state) {
    fixture *f = *state;
    float p[3];
    assert_true(vt_store_key(f->s, 'w', true));
    run(f->s, 0.5);
    vt_store_camera(f->s, p, NULL, NULL);
    assert_float_equal(p[0], 0.0f, 1e-4f);
    assert_float_equal(p[2], 2.0f - 0.5f * VT__STORE_WALK_SPEED, 0.06f);
    run(f->s, 3.0);
    vt_store_camera(f->s, p, NULL, NULL);
    /* the counter's front is z = -0.7; the shopper's radius 0.25 */
    assert_float_equal(p[2], -0.45f, 0.01f);
    assert_true(vt_store_key(f->s, 'w', false));
    run(f->s, 0.5);
    float q[3];
    vt_store_camera(f->s, q, NULL, NULL);
    assert_float_equal(q[2], p[2], 1e-6f);
    assert_float_equal(q[1], 1.6f, 1e-6f); /* eye height from the spawn */
}

static void right_drag_looks_around(void **state) {
    fixture *f = *state;
    float yaw0, pitch0, yaw, pitch;
    vt_store_camera(f->s, NULL, &yaw0, &pitch0);
    vt_store_pointer_move(f->s, 600, 300);
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_RIGHT, true, 600, 300));
    assert_true(vt_store_pointer_move(f->s, 700, 320));
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_RIGHT, false, 700, 320));
    vt_store_camera(f->s, NULL, &yaw, &pitch);
    assert_true(yaw < yaw0 - 0.2f);      /* pointer right: turn right */
    assert_true(pitch < pitch0 - 0.04f); /* pointer down: look down */
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_WALK);
}

static void hover_then_click_inspects_and_esc_goes_back(void **state) {
    fixture *f = *state;
    look_at(f, "box-a");
    vt_store_pointer_move(f->s, W / 2.0f, H / 2.0f);
    vt_store_pointer_move(f->s, W / 2.0f + 1, H / 2.0f);
    vt_store_update(f->s, 0);
    assert_int_equal(vt_store_hovered(f->s), 0);
    assert_int_equal(f->event_count, 0);
    click(f->s, W / 2.0f, H / 2.0f);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
    assert_int_equal(vt_store_inspected(f->s), 0);
    assert_int_equal(vt_store_hovered(f->s), UINT32_MAX);
    assert_int_equal(f->event_count, 2);
    assert_string_equal(f->events[0], "select_item");
    assert_string_equal(f->events[1], "view_item");
    assert_true(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true));
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_WALK);
    assert_int_equal(vt_store_inspected(f->s), UINT32_MAX);
    assert_false(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true)); /* the host may quit */
}

static void drag_turns_the_inspected_product_without_clicking(void **state) {
    fixture *f = *state;
    look_at(f, "box-a");
    click(f->s, W / 2.0f, H / 2.0f);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
    float spin = f->s->insp_spin;
    vt_store_pointer_move(f->s, 300, 360);
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_LEFT, true, 300, 360));
    assert_true(vt_store_pointer_move(f->s, 360, 360));
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_LEFT, false, 360, 360));
    vt_store_update(f->s, 0);
    assert_float_equal(f->s->insp_spin, spin + 60 * 0.010f, 1e-4f);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT); /* a drag is no click */
    /* the inspect node floats before the eye, 0.6..1.6 m away */
    vt_node n = f->s->insp_node;
    assert_true(n.id != 0);
    vt_mat4 m;
    assert_true(vt_node_get_world(vt__world_scene(f->s->world), n, m));
    float eye[3];
    vt_store_camera(f->s, eye, NULL, NULL);
    float d =
        sqrtf((m[3][0] - eye[0]) * (m[3][0] - eye[0]) + (m[3][1] - eye[1]) * (m[3][1] - eye[1]) +
              (m[3][2] - eye[2]) * (m[3][2] - eye[2]));
    assert_true(d >= 0.6f - 1e-3f && d <= 1.6f + 1e-3f);
    /* the wheel brings it nearer; walking mode ignores the wheel */
    assert_true(vt_store_wheel(f->s, 3));
    vt_store_update(f->s, 0);
    assert_true(vt_node_get_world(vt__world_scene(f->s->world), n, m));
    float d2 =
        sqrtf((m[3][0] - eye[0]) * (m[3][0] - eye[0]) + (m[3][1] - eye[1]) * (m[3][1] - eye[1]) +
              (m[3][2] - eye[2]) * (m[3][2] - eye[2]));
    assert_float_equal(d2 / d, fmaxf(0.35f / d, 0.729f), 0.01f);
    assert_true(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true));
    assert_false(vt_store_wheel(f->s, 3));
}

static void panel_clicks_choose_variant_size_and_add(void **state) {
    fixture *f = *state;
    look_at(f, "box-a");
    click(f->s, W / 2.0f, H / 2.0f);
    float x = 0, y = 0;
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_SWATCH, 1, &x, &y));
    click(f->s, x, y);
    assert_int_equal(f->s->insp_variant, 1);
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_ADD, 0, &x, &y));
    click(f->s, x, y);
    assert_int_equal(f->event_count, 3);
    assert_string_equal(f->events[2], "add_to_cart");
    const vt_cart_line *lines;
    assert_int_equal(vt_cart_lines(vt_store_get_cart(f->s), &lines), 1);
    assert_int_equal(lines[0].variant, 1);

    /* apparel: Add without a size adds nothing and says so; with one it adds */
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_CLOSE, 0, &x, &y));
    click(f->s, x, y);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_WALK);
    look_at(f, "tee");
    click(f->s, W / 2.0f, H / 2.0f);
    assert_int_equal(vt_store_inspected(f->s), 1);
    assert_false(vt_test_store_find_hit(f->s, VT__HIT_SWATCH, 1, &x, &y));
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_ADD, 0, &x, &y));
    click(f->s, x, y);
    assert_int_equal(f->event_count, 5); /* select_item, view_item; no add */
    assert_true(f->s->notice_is_error);
    assert_string_equal(f->s->notice, "Choose a size first");
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_SIZE, 1, &x, &y));
    click(f->s, x, y);
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_ADD, 0, &x, &y));
    click(f->s, x, y);
    assert_int_equal(f->event_count, 6);
    assert_string_equal(f->events[5], "add_to_cart");
    assert_int_equal(vt_cart_lines(vt_store_get_cart(f->s), &lines), 2);
    assert_int_equal(lines[1].size, 1);
    /* Try on is there for apparel, and disabled */
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_TRY_ON, 0, &x, &y));
    click(f->s, x, y);
    assert_string_equal(f->s->notice, "The fitting room is coming soon");
    assert_int_equal(f->event_count, 6);

    /* C opens the cart; Remove in it; Esc back to inspecting */
    assert_true(vt_store_key(f->s, 'c', true));
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_CART);
    assert_string_equal(f->events[6], "view_cart");
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_REMOVE, 0, &x, &y));
    click(f->s, x, y);
    assert_string_equal(f->events[7], "remove_from_cart");
    assert_int_equal(vt_cart_lines(vt_store_get_cart(f->s), &lines), 1);
    assert_true(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true));
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
}

static void floor_click_walks_there(void **state) {
    fixture *f = *state;
    /* the floor point under the pixel, as the store computes it */
    float x = W * 0.3f, y = H * 0.9f;
    vt_ray ray;
    vt__store_pixel_ray(f->s, x, y, &ray);
    float xz[2];
    assert_true(vt__world_floor_point(f->s->world, &ray, xz));
    click(f->s, x, y);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_WALK);
    assert_int_equal(f->event_count, 0);
    run(f->s, 4.0);
    float p[3];
    vt_store_camera(f->s, p, NULL, NULL);
    assert_float_equal(p[0], xz[0], 0.01f);
    assert_float_equal(p[2], xz[1], 0.01f);
}

static void screenshot_has_the_panel_and_size(void **state) {
    fixture *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/shot.png", f->dir);
    assert_int_equal(vt_store_screenshot(f->s, path), VT_OK);
    assert_true(vt_file_size(path) > 1000);
    unlink(path);
}

static void create_fails_naming_the_file(void **state) {
    (void)state;
    vt_headless *gl = NULL;
    assert_int_equal(vt_headless_create(&gl), VT_OK);
    vt_store *s = (vt_store *)1;
    vt_result r = vt_store_create(&(vt_store_desc){.path = "/nonexistent/store.json"}, &s);
    assert_int_equal(r, VT_ERR_IO);
    assert_null(s);
    assert_non_null(strstr(vt_last_error(), "/nonexistent/store.json"));
    vt_headless_destroy(gl);
}

/* Inspect mode shows the product on a stage of its own: with the shopper
   pressed against the counter, the product (which would float inside the
   counter) is still drawn whole, in its own colour, over the dimmed store;
   no outline is asked for in inspect mode. */
static void inspect_stage_is_not_cut_by_the_store(void **state) {
    fixture *f = *state;
    look_at(f, "box-a");
    vt_action a = {.kind = VT_ACTION_CLICK};
    snprintf(a.arg, sizeof a.arg, "box-a");
    assert_int_equal(vt_store_act(f->s, &a), VT_OK);
    /* 0.25 m before the counter (a box about its origin: z -1.3 .. -0.7, y up to 0.45), below its
     * top */
    f->s->pos[0] = 0, f->s->pos[1] = -0.45f, f->s->eye_height = 0.15f;
    f->s->yaw = 0, f->s->pitch = 0;
    vt_store_update(f->s, 0);
    assert_true(f->s->stage_count >= 1);
    vt_mat4 m;
    assert_true(vt_node_get_world(f->s->stage, f->s->stage_root, m));
    float c[3] = {m[3][0], m[3][1], m[3][2]}, px[2];
    assert_true(c[2] < -0.7f); /* behind the counter's front face */
    assert_true(vt__store_project(f->s, c, px));
    GLuint tex, fbo;
    glGenTextures(1, &tex);
    glBindTexture(GL_TEXTURE_2D, tex);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, W, H, 0, GL_RGBA, GL_UNSIGNED_BYTE, NULL);
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
    assert_int_equal(vt_store_render(f->s, W, H, fbo), VT_OK);
    uint8_t rgba[4];
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glReadPixels((GLint)px[0], (GLint)(H - 1 - px[1]), 1, 1, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteFramebuffers(1, &fbo);
    glDeleteTextures(1, &tex);
    /* the red variant (#C03020), not the grey counter */
    assert_true(rgba[0] > 60);
    assert_true(rgba[0] > 2 * rgba[1]);
    assert_true(rgba[0] > 2 * rgba[2]);
}

/* The product's place in the store is empty only while it is inspected:
   the cart opened from inspect mode shows the store whole behind it. */
static void cart_over_inspect_shows_the_shelf_whole(void **state) {
    fixture *f = *state;
    vt_scene *ws = vt__world_scene(f->s->world);
    uint32_t walking = vt_scene_cull(ws, NULL, NULL, 0);
    look_at(f, "box-a");
    vt_action a = {.kind = VT_ACTION_CLICK};
    snprintf(a.arg, sizeof a.arg, "box-a");
    assert_int_equal(vt_store_act(f->s, &a), VT_OK);
    assert_int_equal(vt_scene_cull(ws, NULL, NULL, 0), walking - 1); /* on the stage */
    assert_true(vt_store_key(f->s, 'c', true));
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_CART);
    assert_int_equal(vt_scene_cull(ws, NULL, NULL, 0), walking);
    assert_true(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true));
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
    assert_int_equal(vt_scene_cull(ws, NULL, NULL, 0), walking - 1);
    assert_true(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true));
    assert_int_equal(vt_scene_cull(ws, NULL, NULL, 0), walking);
}

/* A click released outside the view (the window still reports it) neither
   walks nor inspects, and leaves no hover. */
static void click_outside_the_view_does_nothing(void **state) {
    fixture *f = *state;
    float x = -100.0f, y = H * 0.95f;
    vt_ray ray;
    vt__store_pixel_ray(f->s, x, y, &ray);
    float xz[2];
    assert_true(vt__world_floor_point(f->s->world, &ray, xz)); /* there is floor there */
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_LEFT, true, x, y));
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_LEFT, false, x, y));
    vt_store_update(f->s, DT);
    assert_false(f->s->has_goal);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_WALK);
    assert_int_equal(vt_store_hovered(f->s), UINT32_MAX);
    assert_int_equal(f->event_count, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(w_walks_forward_until_the_counter, setup, teardown),
        cmocka_unit_test_setup_teardown(right_drag_looks_around, setup, teardown),
        cmocka_unit_test_setup_teardown(hover_then_click_inspects_and_esc_goes_back, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(drag_turns_the_inspected_product_without_clicking, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(panel_clicks_choose_variant_size_and_add, setup, teardown),
        cmocka_unit_test_setup_teardown(floor_click_walks_there, setup, teardown),
        cmocka_unit_test_setup_teardown(screenshot_has_the_panel_and_size, setup, teardown),
        cmocka_unit_test_setup_teardown(inspect_stage_is_not_cut_by_the_store, setup, teardown),
        cmocka_unit_test_setup_teardown(cart_over_inspect_shows_the_shelf_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(click_outside_the_view_does_nothing, setup, teardown),
        cmocka_unit_test(create_fails_naming_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
