/* Highlight outline: a "product" node with a box and a sphere below it, and a
   second box elsewhere. Highlighting the product changes only pixels in a
   ring just outside the product's silhouette (never inside it, never near the
   other box), in the outline colour; highlight 0 or a stale node changes
   nothing. With and without MSAA. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 320, H = 200 };

typedef struct fixture {
    vt_test_gl gl;
    vt_scene *s;
    vt_model *box, *ball;
    vt_node product, other, stale;
    vt_view view;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    if (!f || !vt_test_gl_init(&f->gl)) return -1;
    vt_material mat = vt_test_material();
    mat.metallic = 0.0f;
    mat.base_color[0] = 0.2f, mat.base_color[1] = 0.4f, mat.base_color[2] = 0.8f;
    f->box = vt_test_model(VT_TEST_BOX, (float[3]){0.6f, 0.6f, 0.6f}, &mat);
    f->ball = vt_test_model(VT_TEST_SPHERE, (float[3]){0.3f}, &mat);
    if (!f->box || !f->ball || vt_scene_create(&(vt_scene_desc){0}, &f->s) != VT_OK) return -1;
    f->product = vt_node_create(f->s, (vt_node){0});
    vt_node_set_local(f->s, f->product,
                      &(vt_transform){.translation = {-0.8f, 0, 0},
                                      .rotation = {0, 0, 0, 1},
                                      .scale = {1, 1, 1}});
    vt_node a = vt_test_place(&f->gl, f->s, f->box, NULL);
    vt_node b = vt_test_place(
        &f->gl, f->s, f->ball,
        &(vt_transform){.translation = {0, 0.6f, 0}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
    vt_node_set_parent(f->s, a, f->product);
    vt_node_set_parent(f->s, b, f->product);
    f->other = vt_test_place(
        &f->gl, f->s, f->box,
        &(vt_transform){.translation = {1.0f, 0, 0}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
    f->stale = vt_node_create(f->s, (vt_node){0});
    vt_node_destroy(f->s, f->stale);
    if (!vt_test_frame(f->s, 0.3f, 0.25f, W, H, &f->view, NULL)) return -1;
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    if (!f) return 0;
    vt_scene_destroy(f->s);
    vt_model_free(f->box);
    vt_model_free(f->ball);
    vt_test_gl_free(&f->gl);
    free(f);
    return 0;
}

static bool differs(const uint8_t *a, const uint8_t *b, int tol) {
    for (int c = 0; c < 3; c++)
        if (abs((int)a[c] - (int)b[c]) > tol) return true;
    return false;
}

/* 1 where the pixel is not the flat background. */
static uint8_t *silhouette(const uint8_t *img, const uint8_t bg[3]) {
    uint8_t *m = calloc(W * H, 1);
    for (int i = 0; i < W * H; i++) m[i] = differs(img + (size_t)i * 4, bg, 2);
    return m;
}

/* Distance in pixels from (x, y) to the nearest set pixel of m within r, else r + 1. */
static float nearest(const uint8_t *m, int x, int y, int r) {
    float best = (float)r + 1;
    for (int dy = -r; dy <= r; dy++)
        for (int dx = -r; dx <= r; dx++) {
            int u = x + dx, v = y + dy;
            if (u < 0 || v < 0 || u >= W || v >= H || !m[v * W + u]) continue;
            best = fminf(best, sqrtf((float)(dx * dx + dy * dy)));
        }
    return best;
}

static void run(fixture *f, uint32_t msaa, float width, const char *name) {
    vt_frame_desc fd = {.background = VT_BACKGROUND_COLOR,
                        .background_color = {0.1f, 0.1f, 0.1f},
                        .no_ground = true,
                        .no_shadows = true,
                        .msaa = msaa};
    uint8_t *plain = vt_test_render(&f->gl, f->s, &f->view, &fd);
    assert_non_null(plain);
    const uint8_t bg[3] = {plain[0], plain[1], plain[2]}; /* the top left corner is background */

    /* product alone and other alone: which silhouette is whose */
    vt_node_set_visible(f->s, f->other, false);
    vt_scene_update(f->s);
    /* without MSAA: a pixel is inside where its centre is, as for the outline's mask */
    vt_frame_desc single = fd;
    single.msaa = 1;
    uint8_t *only = vt_test_render(&f->gl, f->s, &f->view, &single);
    vt_node_set_visible(f->s, f->other, true);
    vt_scene_update(f->s);
    uint8_t *prod = silhouette(only, bg), *all = silhouette(plain, bg);

    fd.highlight = f->stale;
    uint8_t *stale = vt_test_render(&f->gl, f->s, &f->view, &fd);
    assert_memory_equal(stale, plain, (size_t)W * H * 4);

    fd.highlight = f->product;
    fd.highlight_width = width;
    uint8_t *lit = vt_test_render(&f->gl, f->s, &f->view, &fd);
    vt_test_write_png(name, W, H, lit);
    float radius = width > 0 ? width : 2.0f; /* default at 200 px high: max(2, 200 / 270) */

    int changed = 0, amber = 0, perimeter = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            int i = y * W + x;
            /* the product's inner pixels (all 4 neighbours inside too) stay as they were */
            bool inner = prod[i] && x > 0 && y > 0 && x < W - 1 && y < H - 1 && prod[i - 1] &&
                         prod[i + 1] && prod[i - W] && prod[i + W];
            if (prod[i] && !inner) perimeter++;
            if (!differs(lit + (size_t)i * 4, plain + (size_t)i * 4, 0)) continue;
            changed++;
            if (inner) fail_msg("%s: inner pixel %d,%d changed", name, x, y);
            /* every changed pixel lies within the ring around the product */
            float d = nearest(prod, x, y, (int)radius + 3);
            if (d > radius + 1.5f)
                fail_msg("%s: %d,%d changed %.1f px from the product", name, x, y, d);
            /* the outline's solid part is the amber default */
            const uint8_t *p = lit + (size_t)i * 4;
            if (!all[i] && abs(p[0] - 255) <= 1 && abs(p[1] - 199) <= 1 && abs(p[2] - 97) <= 1)
                amber++;
        }
    print_message("%s: %d changed, %d solid amber, product perimeter %d px\n", name, changed, amber,
                  perimeter);
    /* a ring radius px wide around the whole silhouette, about half of it solid */
    assert_true(changed > perimeter * radius * 0.6f);
    assert_true(amber > perimeter * (radius - 1.0f) * 0.4f);
    /* the other box, outside the product's reach, has no outline */
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++)
            if (all[y * W + x] && !prod[y * W + x] && nearest(prod, x, y, 8) > 8)
                assert_false(
                    differs(lit + ((size_t)y * W + x) * 4, plain + ((size_t)y * W + x) * 4, 0));

    fd.highlight = (vt_node){0};
    uint8_t *none = vt_test_render(&f->gl, f->s, &f->view, &fd);
    assert_memory_equal(none, plain, (size_t)W * H * 4);
    free(plain), free(only), free(prod), free(all), free(stale), free(lit), free(none);
}

static void outline_rings_the_highlighted_product_only(void **state) {
    fixture *f = *state;
    run(f, 0, 0, "highlight-msaa");
    run(f, 1, 4, "highlight-1x-wide");
}

static void outline_takes_the_given_colour(void **state) {
    fixture *f = *state;
    vt_frame_desc fd = {.background = VT_BACKGROUND_COLOR,
                        .no_ground = true,
                        .highlight = f->product,
                        .highlight_color = {0.0f, 1.0f, 0.0f},
                        .highlight_width = 3};
    uint8_t *img = vt_test_render(&f->gl, f->s, &f->view, &fd);
    assert_non_null(img);
    int green = 0;
    for (int i = 0; i < W * H; i++)
        if (img[i * 4] == 0 && img[i * 4 + 1] == 255 && img[i * 4 + 2] == 0) green++;
    assert_true(green > 100);
    free(img);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(outline_rings_the_highlighted_product_only),
        cmocka_unit_test(outline_takes_the_given_colour),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
