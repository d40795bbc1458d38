/* The store's fitting room (VT_STORE_TRYON): every garment of the demo
   catalog drapes on the shopper's body outside it; a smaller size redrapes
   tighter; the picture before the mirror shows the garment in its colour and
   the avatar in the mirror; the card's chips, the keys and the script
   actions drive it; bad bodies and actions fail with their cause. Coarse
   drapes (vt_store_desc.tryon_draft) keep it quick under the sanitizers. */
#define _GNU_SOURCE
#include "box_glb.h"
#include "store_support.h"
#include "store/store_internal.h"
#include "store/tryon_internal.h"
#include "vitrine/asset.h"
#include "vitrine/core.h"
#include "vitrine/fit.h"
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
#define NONE UINT32_MAX

static const char *src_dir(void) {
    const char *s = getenv("VT_SOURCE_DIR");
    return s ? s : ".";
}

/* ---- a small store with neutral light and a fitting room ---------------- */

static void write_text(const char *dir, const char *name, const char *text) {
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(vt_file_write(path, text, strlen(text)), VT_OK);
}

static void copy_file(const char *from, const char *dir, const char *name) {
    void *data = NULL;
    size_t size = 0;
    assert_int_equal(vt_file_read(from, 1 << 20, &data, &size), VT_OK);
    char path[700];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_int_equal(vt_file_write(path, data, size), VT_OK);
    free(data);
}

/* White light only, so a colour on screen can be held against its swatch. */
static const char *store_json =
    "{\"name\":\"Fitting shop\",\"catalog\":\"catalog.json\","
    "\"room\":{\"width\":8,\"depth\":6,\"height\":3,\"floor\":{\"color\":\"#A0A0A0\"},"
    "\"walls\":{\"color\":\"#D8D8D8\"}},"
    "\"spawn\":{\"position\":[-2,2],\"yaw\":0,\"eye_height\":1.6},"
    "\"environment\":{\"intensity\":1.0},"
    "\"lights\":[{\"type\":\"directional\",\"position\":[0,3,3],\"target\":[0,0,0],"
    "\"color\":\"#FFFFFF\",\"intensity\":2}],"
    "\"placements\":[{\"product\":\"tee\",\"position\":[-2,0,-1]},"
    "{\"product\":\"dress\",\"position\":[-1,0,-1]},"
    "{\"product\":\"bag\",\"position\":[-3,0,-1]}],"
    "\"fitting_room\":{\"position\":[2,0,-1.5],\"yaw\":0,"
    "\"mirror\":{\"position\":[2,1.05,-2.9],\"yaw\":0,\"size\":[0.9,1.9]}}}";

static const char *catalog_json =
    "{\"currency\":\"EUR\",\"products\":["
    "{\"id\":\"tee\",\"kind\":\"tshirt\",\"title\":{\"en\":\"Tee\",\"zh\":\"T恤\"},"
    "\"brand\":\"Test\",\"price\":{\"value\":\"20.00\",\"currency\":\"EUR\"},"
    "\"model\":\"box.glb\",\"sizes\":[\"XS\",\"S\",\"M\",\"L\",\"XL\"],"
    "\"garment\":\"tee.json\",\"variants\":["
    "{\"id\":\"tee-red\",\"title\":\"Red\",\"color\":\"#B8322A\"},"
    "{\"id\":\"tee-blue\",\"title\":\"Blue\",\"color\":\"#2E5BB0\"}]},"
    "{\"id\":\"dress\",\"kind\":\"dress\",\"title\":\"Dress\",\"brand\":\"Test\","
    "\"price\":{\"value\":\"90.00\",\"currency\":\"EUR\"},\"model\":\"box.glb\","
    "\"sizes\":[\"34\",\"36\",\"38\",\"40\",\"42\"],\"garment\":\"dress.json\",\"variants\":["
    "{\"id\":\"dress-green\",\"title\":\"Green\",\"color\":\"#3C8A4E\"}]},"
    "{\"id\":\"bag\",\"kind\":\"bag\",\"title\":\"Bag\",\"brand\":\"Test\","
    "\"price\":{\"value\":\"30.00\",\"currency\":\"EUR\"},\"model\":\"box.glb\",\"variants\":["
    "{\"id\":\"bag-tan\",\"title\":\"Tan\",\"color\":\"#A87B50\"}]}]}";

typedef struct fixture {
    char dir[256];
    vt_headless *gl;
    vt_store *s;
    char events[32][32];
    uint32_t event_count;
    char last_json[1024];
} fixture;

static void on_event(void *user, const char *name, const char *json) {
    fixture *f = user;
    if (f->event_count < 32) snprintf(f->events[f->event_count++], 32, "%s", name);
    snprintf(f->last_json, sizeof f->last_json, "%s", json);
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/vt_store_tryon_XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    char path[700];
    snprintf(path, sizeof path, "%s/box.glb", f->dir);
    assert_true(vt_test_write_box_glb(path, 0.3f, 0.3f, 0.3f, "Fabric"));
    write_text(f->dir, "store.json", store_json);
    write_text(f->dir, "catalog.json", catalog_json);
    snprintf(path, sizeof path, "%s/assets/demo/garments/tee-organic.json", src_dir());
    copy_file(path, f->dir, "tee.json");
    snprintf(path, sizeof path, "%s/assets/demo/garments/dress-linen-midi.json", src_dir());
    copy_file(path, f->dir, "dress.json");
    if (vt_headless_create(&f->gl) != VT_OK) return -1;
    char bodies[600];
    snprintf(bodies, sizeof bodies, "%s/assets/bodies", src_dir());
    snprintf(path, sizeof path, "%s/store.json", f->dir);
    vt_store_desc d = {.path = path,
                       .on_event = on_event,
                       .event_user = f,
                       .width = W,
                       .height = H,
                       .bodies_dir = bodies,
                       .tryon_draft = true};
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
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

static vt_result act(vt_store *s, vt_action_kind kind, const char *arg) {
    vt_action a = {.kind = kind};
    if (arg) {
        size_t n = strlen(arg);
        assert_true(n < sizeof a.arg);
        memcpy(a.arg, arg, n + 1);
    }
    return vt_store_act(s, &a);
}

static void click(vt_store *s, float x, float y) {
    assert_true(vt_test_store_click(s, x, y));
}

static vt_store_tryon_info info_of(const vt_store *s) {
    vt_store_tryon_info t;
    vt_store_tryon(s, &t);
    return t;
}

/* ---- the demo catalog --------------------------------------------------- */

/* Every demo product with a garment drapes on the default body (female M)
   in its recommended size: the cloth ends outside the body (>= 99.5 % of
   its vertices, none deeper than 2 mm). */
static void every_demo_garment_drapes_outside_the_body(void **state) {
    (void)state;
    vt_headless *gl = NULL;
    assert_int_equal(vt_headless_create(&gl), VT_OK);
    char path[600], bodies[600];
    snprintf(path, sizeof path, "%s/assets/demo/store.json", src_dir());
    snprintf(bodies, sizeof bodies, "%s/assets/bodies", src_dir());
    vt_store *s = NULL;
    vt_store_desc d = {
        .path = path, .width = W, .height = H, .bodies_dir = bodies, .tryon_draft = true};
    assert_int_equal(vt_store_create(&d, &s), VT_OK);
    const vt_store_def *def = vt_store_get_def(s);
    uint32_t tried = 0;
    for (uint32_t i = 0; i < def->product_count; i++) {
        const vt_product *p = &def->products[i];
        if (!p->garment_spec) continue;
        assert_int_equal(act(s, VT_ACTION_TRYON, p->id), VT_OK);
        assert_int_equal(vt_store_get_mode(s), VT_STORE_TRYON);
        assert_int_equal(act(s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
        vt_store_tryon_info t = info_of(s);
        assert_true(t.ready);
        assert_int_equal(t.product, i);
        assert_string_equal(t.body, "female-m");
        /* no size was chosen: the avatar wears the recommended one */
        assert_true(t.recommended < p->size_count);
        assert_int_equal(t.size, t.recommended);
        assert_true(strncmp(t.reason, p->sizes[t.size], strlen(p->sizes[t.size])) == 0);
        if (t.outside_share < 0.995f || t.max_penetration_mm > 2)
            fail_msg("%s: %.2f%% outside, deepest %.1f mm", p->id, (double)t.outside_share * 100,
                     (double)t.max_penetration_mm);
        tried++;
    }
    assert_int_equal(tried, 8);
    vt_store_destroy(s);
    vt_headless_destroy(gl);
}

/* ---- sizes -------------------------------------------------------------- */

static void a_smaller_size_redraps_tighter(void **state) {
    fixture *f = *state;
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "tee"), VT_OK);
    assert_string_equal(f->events[f->event_count - 1], "try_on");
    assert_non_null(strstr(f->last_json, "\"item_id\":\"tee\""));
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    vt_store_tryon_info rec = info_of(f->s);
    assert_int_equal(rec.size, rec.recommended);
    /* no size chosen: another body wears its own recommended size */
    assert_int_equal(act(f->s, VT_ACTION_BODY, "male-xl"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    vt_store_tryon_info big = info_of(f->s);
    assert_string_equal(big.body, "male-xl");
    /* 182 cm: the eye steps back to frame 1.92 m instead of 1.85 m */
    float eye[3];
    vt_store_camera(f->s, eye, NULL, NULL);
    assert_float_equal(eye[2], -1.5f + 1.9f * 1.92f / 1.85f, 1e-4f);
    assert_int_equal(big.size, big.recommended);
    assert_true(big.recommended > rec.recommended);
    assert_true(strcmp(big.reason, rec.reason) != 0);
    char reason[256];
    snprintf(reason, sizeof reason, "%s", big.reason);

    assert_int_equal(act(f->s, VT_ACTION_SIZE, "XS"), VT_OK);
    vt_store_tryon_info t = info_of(f->s);
    assert_true(t.draping); /* on the job thread: the call came back at once */
    assert_false(t.ready);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    vt_store_tryon_info xs = info_of(f->s);
    assert_true(xs.ready);
    assert_int_equal(xs.size, 0);

    assert_int_equal(act(f->s, VT_ACTION_SIZE, "XL"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    vt_store_tryon_info xl = info_of(f->s);
    assert_int_equal(xl.size, 4);
    assert_true(xs.scored[VT_REGION_CHEST]);
    /* ease is chart minus body: the charts' XS and XL differ by 120 - 91 cm */
    assert_float_equal(xl.ease[VT_REGION_CHEST] - xs.ease[VT_REGION_CHEST], 29.0f, 0.15f);
    if (!(xs.stretch_mean[VT_REGION_CHEST] > xl.stretch_mean[VT_REGION_CHEST] + 1.0f))
        fail_msg("chest stretch XS %.2f%% is not above XL %.2f%%",
                 (double)xs.stretch_mean[VT_REGION_CHEST],
                 (double)xl.stretch_mean[VT_REGION_CHEST]);
    /* the advice is the body's, whatever size is worn */
    assert_string_equal(xs.reason, reason);
    assert_string_equal(xl.reason, reason);
    assert_true(xs.outside_share >= 0.995f);
    assert_true(xs.max_penetration_mm <= 2.0f);

    /* Add to cart takes the size worn */
    assert_int_equal(vt_store_act(f->s, &(vt_action){.kind = VT_ACTION_ADD, .x = 1}), VT_OK);
    const vt_cart_line *lines;
    assert_int_equal(vt_cart_lines(vt_store_get_cart(f->s), &lines), 1);
    assert_int_equal(lines[0].size, 4);
    assert_string_equal(f->events[f->event_count - 1], "add_to_cart");
    /* the store closes while a drape runs: it waits for it, nothing leaks */
    assert_int_equal(act(f->s, VT_ACTION_SIZE, "M"), VT_OK);
    assert_true(info_of(f->s).draping);
}

/* Another garment asked for while one drapes: the first is never shown on
   the avatar, the second is. */
static void the_last_garment_asked_for_is_worn(void **state) {
    fixture *f = *state;
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "tee"), VT_OK);
    assert_true(info_of(f->s).draping);
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "dress"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    assert_int_equal(f->s->tryon->garments_shown, 1);
    vt_store_tryon_info t = info_of(f->s);
    assert_true(t.ready);
    assert_int_equal(t.product, 1);
    const vt_product *dress = &vt_store_get_def(f->s)->products[1];
    assert_true(t.size < dress->size_count);
    assert_true(strncmp(t.reason, dress->sizes[t.size], 2) == 0);
    assert_memory_equal(t.swatch, dress->variants[0].color, sizeof t.swatch);
    /* the events: the tee's try-on, then the dress's */
    assert_string_equal(f->events[f->event_count - 1], "try_on");
    assert_non_null(strstr(f->last_json, "\"item_id\":\"dress\""));

    /* left before the drape ended: the inspect card chooses no size; back
       in, the avatar wears the drape that ended, ready at once */
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "tee"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_BACK, NULL), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
    assert_int_equal(f->s->insp_size, NONE);
    float x = 0, y = 0;
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_TRY_ON, 0, &x, &y));
    click(f->s, x, y);
    t = info_of(f->s);
    assert_true(t.active && t.ready && !t.draping);
    assert_int_equal(t.size, t.recommended);
    assert_int_equal(f->s->tryon->garments_shown, 2);
}

/* ---- the picture -------------------------------------------------------- */

static uint8_t *render_at(fixture *f, int w, int h) {
    GLuint fbo = 0, rb = 0, depth = 0;
    glGenFramebuffers(1, &fbo);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glGenRenderbuffers(1, &rb);
    glBindRenderbuffer(GL_RENDERBUFFER, rb);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb);
    glGenRenderbuffers(1, &depth);
    glBindRenderbuffer(GL_RENDERBUFFER, depth);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH_COMPONENT24, w, h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, depth);
    assert_int_equal(vt_store_render(f->s, (uint32_t)w, (uint32_t)h, fbo), VT_OK);
    uint8_t *px = malloc((size_t)w * (size_t)h * 4);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, w, h, GL_RGBA, GL_UNSIGNED_BYTE, px);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glDeleteRenderbuffers(1, &rb);
    glDeleteRenderbuffers(1, &depth);
    glDeleteFramebuffers(1, &fbo);
    return px; /* bottom row first */
}

static uint8_t *render(fixture *f) {
    return render_at(f, W, H);
}

static const uint8_t *at(const uint8_t *px, int x, int y) {
    return px + 4 * ((size_t)(H - 1 - y) * W + (size_t)x);
}

static float hue(const float rgb[3]) {
    float mx = fmaxf(rgb[0], fmaxf(rgb[1], rgb[2])), mn = fminf(rgb[0], fminf(rgb[1], rgb[2]));
    float d = mx - mn;
    if (d <= 0) return 0;
    float h = mx == rgb[0]   ? fmodf((rgb[1] - rgb[2]) / d, 6.0f)
              : mx == rgb[1] ? (rgb[2] - rgb[0]) / d + 2
                             : (rgb[0] - rgb[1]) / d + 4;
    h *= 60;
    return h < 0 ? h + 360 : h;
}

static float hue_gap(float a, float b) {
    float d = fabsf(a - b);
    return d > 180 ? 360 - d : d;
}

/* The mean colour (0..1) of the 9x9 pixels around x, y. */
static void mean_rgb(const uint8_t *px, int x, int y, float out[3]) {
    out[0] = out[1] = out[2] = 0;
    for (int j = -4; j <= 4; j++)
        for (int i = -4; i <= 4; i++)
            for (int k = 0; k < 3; k++) out[k] += at(px, x + i, y + j)[k] / (255.0f * 81);
}

static void colour_at_the_chest_is(fixture *f, const uint8_t *px, const char *what) {
    vt_store_tryon_info t = info_of(f->s);
    /* the chest: a third down the garment, at the front of its bounds */
    float p[3] = {0.5f * (t.garment_min[0] + t.garment_max[0]),
                  t.garment_max[1] - 0.3f * (t.garment_max[1] - t.garment_min[1]),
                  t.garment_max[2] - 0.02f};
    float q[2];
    assert_true(vt__store_project(f->s, p, q));
    float rgb[3];
    mean_rgb(px, (int)q[0], (int)q[1], rgb);
    float want = hue(t.swatch), got = hue(rgb);
    float sat = fmaxf(rgb[0], fmaxf(rgb[1], rgb[2])) - fminf(rgb[0], fminf(rgb[1], rgb[2]));
    if (hue_gap(want, got) > 12.0f || sat < 0.15f)
        fail_msg("%s: pixel (%.0f, %.0f) is (%.2f, %.2f, %.2f), hue %.0f, the swatch's %.0f", what,
                 (double)q[0], (double)q[1], (double)rgb[0], (double)rgb[1], (double)rgb[2],
                 (double)got, (double)want);
}

static void the_shot_shows_the_colour_and_the_mirror(void **state) {
    fixture *f = *state;
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "tee"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    uint8_t *red = render(f);
    colour_at_the_chest_is(f, red, "tee-red");
    assert_int_equal(act(f->s, VT_ACTION_VARIANT, "tee-blue"), VT_OK);
    assert_false(info_of(f->s).draping); /* a colour is not a new drape */
    uint8_t *blue = render(f);
    colour_at_the_chest_is(f, blue, "tee-blue");

    /* The mirror (its quad on screen, away from the avatar itself) shows
       the avatar: hidden, the same pixels change. */
    const vt_fitting_room *fr = &vt_store_get_def(f->s)->fitting_room;
    float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
    for (int c = 0; c < 4; c++) {
        float p[3] = {fr->mirror_position[0] + (c & 1 ? 0.45f : -0.45f),
                      fr->mirror_position[1] + (c & 2 ? 0.95f : -0.95f),
                      fr->mirror_position[2] + 0.03f};
        float q[2];
        assert_true(vt__store_project(f->s, p, q));
        x0 = fminf(x0, q[0]), y0 = fminf(y0, q[1]), x1 = fmaxf(x1, q[0]), y1 = fmaxf(y1, q[1]);
    }
    /* Where the avatar's chest shows in the mirror: its box mirrored in the
       glass's plane; and the avatar's own upper body, left out. */
    float zm = fr->mirror_position[2];
    float rx0 = 1e9f, ry0 = 1e9f, rx1 = -1e9f, ry1 = -1e9f, ax0 = 1e9f, ax1 = -1e9f;
    for (int c = 0; c < 8; c++) {
        float z = fr->position[2] + (c & 4 ? 0.12f : -0.12f);
        float p[3] = {fr->position[0] + (c & 1 ? 0.2f : -0.2f), c & 2 ? 1.45f : 1.05f, 2 * zm - z};
        float q[2];
        assert_true(vt__store_project(f->s, p, q));
        rx0 = fminf(rx0, q[0]), ry0 = fminf(ry0, q[1]), rx1 = fmaxf(rx1, q[0]),
        ry1 = fmaxf(ry1, q[1]);
        float o[3] = {fr->position[0] + (c & 1 ? 0.45f : -0.45f), c & 2 ? 1.9f : 0.9f,
                      fr->position[2] + (c & 4 ? 0.3f : -0.3f)};
        assert_true(vt__store_project(f->s, o, q));
        ax0 = fminf(ax0, q[0]), ax1 = fmaxf(ax1, q[0]);
    }
    x0 = fmaxf(x0, rx0), x1 = fminf(x1, rx1), y0 = fmaxf(y0, ry0), y1 = fminf(y1, ry1);
    vt_scene *sc = vt__world_scene(f->s->world);
    vt_node avatar = vt_node_find(sc, "fitting-room avatar");
    assert_true(avatar.id != 0);
    vt_node_set_visible(sc, avatar, false);
    vt_scene_update(sc);
    uint8_t *empty = render(f);
    vt_node_set_visible(sc, avatar, true);
    vt_scene_update(sc);
    uint32_t inside = 0, changed = 0;
    for (int y = (int)fmaxf(y0, 0); y < (int)fminf(y1, H); y++)
        for (int x = (int)fmaxf(x0, 0); x < (int)fminf(x1, W); x++) {
            if (x >= ax0 && x <= ax1) continue;
            inside++;
            const uint8_t *a = at(blue, x, y), *b = at(empty, x, y);
            if (abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]) > 24) changed++;
        }
    if (inside < 500 || changed < inside / 10)
        fail_msg("mirror: %u of %u pixels show the avatar", changed, inside);
    free(red);
    free(blue);
    free(empty);
}

/* ---- the card, keys and script ------------------------------------------ */

static void the_card_drives_the_fitting_room(void **state) {
    fixture *f = *state;
    assert_int_equal(act(f->s, VT_ACTION_LOOK, "tee"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_CLICK, "tee"), VT_OK);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
    float before[3], yaw0, x = 0, y = 0;
    vt_store_camera(f->s, before, &yaw0, NULL);
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_TRY_ON, 0, &x, &y));
    click(f->s, x, y);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_TRYON);
    assert_string_equal(f->events[f->event_count - 1], "try_on");
    float eye[3], yaw_wide, yaw_square;
    vt_store_camera(f->s, eye, &yaw_wide, NULL);
    assert_float_equal(eye[2], -1.5f + 1.9f, 1e-4f); /* before the avatar */
    /* another view size frames it again beside the card */
    free(render_at(f, 720, 720));
    vt_store_camera(f->s, NULL, &yaw_square, NULL);
    assert_true(fabsf(yaw_square - yaw_wide) > 0.02f);
    free(render(f));
    vt_store_camera(f->s, NULL, &yaw_square, NULL);
    assert_float_equal(yaw_square, yaw_wide, 1e-6f);
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    assert_true(info_of(f->s).ready);

    /* a size chip redrapes */
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_TRYON_SIZE, 3, &x, &y));
    click(f->s, x, y);
    assert_true(info_of(f->s).draping);
    assert_int_equal(info_of(f->s).size, 3);
    /* the body: male, then size L: male-l */
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_BODY_TYPE, 1, &x, &y));
    click(f->s, x, y);
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_BODY_SIZE, 3, &x, &y));
    click(f->s, x, y);
    assert_string_equal(info_of(f->s).body, "male-l");
    assert_false(
        vt_test_store_find_hit(f->s, VT__HIT_BODY_TYPE, 3, &x, &y)); /* no --body: no "Yours" */
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    vt_store_tryon_info t = info_of(f->s);
    assert_true(t.ready);
    assert_int_equal(t.size, 3);
    /* the fit map, by its switch and by F */
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_FITMAP, 0, &x, &y));
    click(f->s, x, y);
    assert_true(info_of(f->s).fitmap);
    assert_true(vt_store_key(f->s, 'f', true));
    assert_false(info_of(f->s).fitmap);
    assert_int_equal(act(f->s, VT_ACTION_FITMAP, "on"), VT_OK);
    assert_true(info_of(f->s).fitmap);
    /* a drag beside the card turns the avatar */
    vt_scene *sc = vt__world_scene(f->s->world);
    vt_node avatar = vt_node_find(sc, "fitting-room avatar");
    vt_transform t0, t1;
    assert_true(vt_node_get_local(sc, avatar, &t0));
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_LEFT, true, 300, 400));
    assert_true(vt_store_pointer_move(f->s, 320, 400));
    assert_true(vt_store_pointer_move(f->s, 400, 400));
    assert_true(vt_store_pointer_button(f->s, VT_MOUSE_LEFT, false, 400, 400));
    assert_true(vt_node_get_local(sc, avatar, &t1));
    /* 100 pixels at 0.01 rad a pixel, about +Y */
    assert_float_equal(2 * atan2f(t1.rotation[1], t1.rotation[3]) -
                           2 * atan2f(t0.rotation[1], t0.rotation[3]),
                       1.0f, 1e-4f);
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_TRYON); /* a drag is not a click */
    /* Esc: back to inspecting, the eye where it was */
    assert_true(vt_store_key(f->s, VT_STORE_KEY_ESCAPE, true));
    assert_int_equal(vt_store_get_mode(f->s), VT_STORE_INSPECT);
    float after[3], yaw1;
    vt_store_camera(f->s, after, &yaw1, NULL);
    for (int k = 0; k < 3; k++) assert_float_equal(after[k], before[k], 1e-6f);
    assert_float_equal(yaw1, yaw0, 1e-6f);
    assert_false(info_of(f->s).active);
    /* back in: the same garment, no new drape, ready at once */
    assert_true(vt_test_store_find_hit(f->s, VT__HIT_TRY_ON, 0, &x, &y));
    click(f->s, x, y);
    t = info_of(f->s);
    assert_true(t.active);
    assert_false(t.draping);
    assert_true(t.ready);
    assert_int_equal(t.size, 3);
}

static void the_chinese_card_and_shots(void **state) {
    (void)state;
    vt_headless *gl = NULL;
    assert_int_equal(vt_headless_create(&gl), VT_OK);
    char dir[] = "/tmp/vt_store_tryon_zh_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[700], bodies[600];
    snprintf(path, sizeof path, "%s/box.glb", dir);
    assert_true(vt_test_write_box_glb(path, 0.3f, 0.3f, 0.3f, "Fabric"));
    write_text(dir, "store.json", store_json);
    write_text(dir, "catalog.json", catalog_json);
    snprintf(path, sizeof path, "%s/assets/demo/garments/tee-organic.json", src_dir());
    copy_file(path, dir, "tee.json");
    snprintf(path, sizeof path, "%s/assets/demo/garments/dress-linen-midi.json", src_dir());
    copy_file(path, dir, "dress.json");
    snprintf(bodies, sizeof bodies, "%s/assets/bodies", src_dir());
    /* the shopper's own body file */
    write_text(dir, "me.json",
               "{\"body_type\": \"female\", \"stature\": 162, \"chest_girth\": 88, "
               "\"waist_girth\": 72, \"hip_girth\": 98}");
    snprintf(path, sizeof path, "%s/me.json", dir);
    char store[700];
    snprintf(store, sizeof store, "%s/store.json", dir);
    vt_store *s = NULL;
    vt_store_desc d = {.path = store,
                       .lang = "zh",
                       .width = W,
                       .height = H,
                       .bodies_dir = bodies,
                       .body = path,
                       .shot_dir = "/tmp",
                       .tryon_draft = true};
    assert_int_equal(vt_store_create(&d, &s), VT_OK);
    assert_int_equal(act(s, VT_ACTION_TRYON, "dress"), VT_OK);
    assert_int_equal(act(s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);
    vt_store_tryon_info t = info_of(s);
    assert_string_equal(t.body, "me.json");
    /* the advice in Chinese: "38：胸围 ..." */
    assert_non_null(strstr(t.reason, "\xEF\xBC\x9A")); /* U+FF1A fullwidth colon */
    float x = 0, y = 0;
    assert_true(vt_test_store_find_hit(s, VT__HIT_BODY_TYPE, 3, &x, &y)); /* "Yours" */
    assert_int_equal(act(s, VT_ACTION_SHOT, "tryon-zh-test"), VT_OK);
    assert_true(vt_file_exists("/tmp/tryon-zh-test.png"));
    vt_store_destroy(s);
    vt_headless_destroy(gl);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static void bad_input_fails_with_its_cause(void **state) {
    fixture *f = *state;
    char msg[600];
    assert_int_equal(act(f->s, VT_ACTION_FITMAP, "on"), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "the fitting room is not open (tryon ID first)");
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "bag"), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "bag cannot be tried on (no garment in the catalog)");
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "nope"), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "no product 'nope' in the catalog");
    assert_int_equal(act(f->s, VT_ACTION_BODY, "female-q"), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(),
                        "no body preset 'female-q' (female-, male- or neutral- with xs, s, m, l, "
                        "xl or xxl; or a body.json path)");
    snprintf(msg, sizeof msg, "%s/missing.json", f->dir);
    assert_int_equal(act(f->s, VT_ACTION_BODY, msg), VT_ERR_IO);
    write_text(f->dir, "bad.json",
               "{\"body_type\": \"female\", \"stature\": 168, \"chest_girth\": 92, "
               "\"waist_girth\": 12, \"hip_girth\": 100}");
    snprintf(msg, sizeof msg, "%s/bad.json", f->dir);
    assert_int_equal(act(f->s, VT_ACTION_BODY, msg), VT_ERR_INVALID);
    char want[700];
    snprintf(want, sizeof want, "%s: $.waist_girth: 12 cm is outside 40..200 cm", msg);
    assert_string_equal(vt_last_error(), want);
    assert_int_equal(act(f->s, VT_ACTION_TRYON, "tee"), VT_OK);
    assert_int_equal(act(f->s, VT_ACTION_SIZE, "XXL"), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "tee has no size 'XXL' (sizes: XS S M L XL)");
    assert_int_equal(act(f->s, VT_ACTION_WAIT_DRAPE, NULL), VT_OK);

    /* presets that cannot be read: the card's notice says why */
    snprintf(f->s->tryon->bodies_dir, sizeof f->s->tryon->bodies_dir, "%s/none", f->dir);
    assert_int_equal(act(f->s, VT_ACTION_BODY, "male-s"), VT_ERR_IO);
    char none[700];
    snprintf(none, sizeof none, "%s/none/male-s.json: cannot open", f->dir);
    assert_string_equal(vt_last_error(), none);
    assert_true(f->s->notice_is_error);
    assert_string_equal(f->s->notice, none);

    /* a bad --body fails the store with the file's message */
    char store[700];
    snprintf(store, sizeof store, "%s/store.json", f->dir);
    vt_store *s2 = (vt_store *)1;
    vt_store_desc d = {.path = store, .width = W, .height = H, .body = msg};
    assert_int_equal(vt_store_create(&d, &s2), VT_ERR_INVALID);
    assert_null(s2);
    assert_string_equal(vt_last_error(), want);

    /* the script words */
    vt_script *sc = NULL;
    assert_int_equal(
        vt_script_parse("t.txt", "tryon tee\nbody female-m\nfitmap off\nwait drape\n", &sc), VT_OK);
    assert_int_equal(sc->action_count, 4);
    assert_int_equal(sc->actions[0].kind, VT_ACTION_TRYON);
    assert_int_equal(sc->actions[1].kind, VT_ACTION_BODY);
    assert_string_equal(sc->actions[1].arg, "female-m");
    assert_int_equal(sc->actions[2].kind, VT_ACTION_FITMAP);
    assert_int_equal(sc->actions[3].kind, VT_ACTION_WAIT_DRAPE);
    vt_script_free(sc);
    assert_int_equal(vt_script_parse("t.txt", "fitmap maybe\n", &sc), VT_ERR_PARSE);
    assert_string_equal(vt_last_error(), "t.txt:1: fitmap: 'maybe' is not on or off");
    assert_int_equal(vt_script_parse("t.txt", "\nbody\n", &sc), VT_ERR_PARSE);
    assert_string_equal(vt_last_error(),
                        "t.txt:2: body: missing argument (usage: body PRESET|PATH)");
    assert_int_equal(vt_script_parse("t.txt", "wait soon\n", &sc), VT_ERR_PARSE);
    assert_string_equal(vt_last_error(), "t.txt:1: wait: 'soon' is not a number");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_demo_garment_drapes_outside_the_body),
        cmocka_unit_test_setup_teardown(a_smaller_size_redraps_tighter, setup, teardown),
        cmocka_unit_test_setup_teardown(the_last_garment_asked_for_is_worn, setup, teardown),
        cmocka_unit_test_setup_teardown(the_shot_shows_the_colour_and_the_mirror, setup, teardown),
        cmocka_unit_test_setup_teardown(the_card_drives_the_fitting_room, setup, teardown),
        cmocka_unit_test(the_chinese_card_and_shots),
        cmocka_unit_test_setup_teardown(bad_input_fails_with_its_cause, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
