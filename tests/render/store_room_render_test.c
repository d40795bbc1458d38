/* The room model rendered from the shopper's spawn: the floor shows its
   texture (pixel variation along the planks), the window shows the world
   outside instead of wall, and the picture is saved for a look. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "render_support.h"
#include "store/room.h"
#include "vitrine/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 960
#define H 540

/* A camera at eye looking along yaw (0 = -Z) with a 60° vertical field of view. */
static void view_at(const float eye[3], float yaw, float pitch, vt_view *v) {
    memset(v, 0, sizeof *v);
    float cy = cosf(yaw), sy = sinf(yaw), cp = cosf(pitch), sp = sinf(pitch);
    /* camera basis: right, up, back (the camera looks along -back) */
    float back[3] = {sy * cp, -sp, cy * cp};
    float right[3] = {cy, 0, -sy};
    float up[3] = {back[1] * right[2] - back[2] * right[1], back[2] * right[0] - back[0] * right[2],
                   back[0] * right[1] - back[1] * right[0]};
    const float *axes[3] = {right, up, back};
    for (int r = 0; r < 3; r++) {
        for (int c = 0; c < 3; c++) v->view[c][r] = axes[r][c];
        v->view[3][r] = -(axes[r][0] * eye[0] + axes[r][1] * eye[1] + axes[r][2] * eye[2]);
    }
    v->view[3][3] = 1;
    float f = 1.0f / tanf(30.0f * (float)M_PI / 180.0f), n = 0.05f, fa = 100.0f;
    v->proj[0][0] = f * H / W;
    v->proj[1][1] = f;
    v->proj[2][2] = (fa + n) / (n - fa);
    v->proj[2][3] = -1;
    v->proj[3][2] = 2 * fa * n / (n - fa);
    v->width = W;
    v->height = H;
}

static void add_light(vt_scene *s, const vt_store_light *l) {
    vt_node n = vt_node_create(s, (vt_node){0});
    vt_transform t = {.translation = {l->position[0], l->position[1], l->position[2]},
                      .rotation = {0, 0, 0, 1},
                      .scale = {1, 1, 1}};
    float d[3] = {l->target[0] - l->position[0], l->target[1] - l->position[1],
                  l->target[2] - l->position[2]};
    float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
    if (l->type != VT_LIGHT_POINT && len > 0) {
        /* rotate -Z onto d: axis = (-Z) x d, angle from the dot */
        for (int i = 0; i < 3; i++) d[i] /= len;
        float ax[3] = {d[1], -d[0], 0}; /* (0,0,-1) x d */
        float dotv = -d[2];
        float al = sqrtf(ax[0] * ax[0] + ax[1] * ax[1]);
        if (al < 1e-6f) {
            if (dotv < 0) t.rotation[0] = 1, t.rotation[3] = 0;
        } else {
            float ang = acosf(fmaxf(-1, fminf(1, dotv)));
            float s2 = sinf(ang / 2) / al;
            t.rotation[0] = ax[0] * s2;
            t.rotation[1] = ax[1] * s2;
            t.rotation[2] = 0;
            t.rotation[3] = cosf(ang / 2);
        }
    }
    vt_node_set_local(s, n, &t);
    vt_light light = {.type = (vt_light_type)l->type,
                      .color = {l->color[0], l->color[1], l->color[2]},
                      .intensity = l->intensity,
                      .inner_cone = l->cone * 0.7f,
                      .outer_cone = l->cone,
                      .cast_shadow = l->cast_shadow};
    vt_node_set_light(s, n, &light);
}

static float luma(const uint8_t *px, int x, int y) {
    const uint8_t *p = &px[(y * W + x) * 4];
    return 0.2126f * p[0] + 0.7152f * p[1] + 0.0722f * p[2];
}

static void room_renders_from_the_spawn(void **state) {
    (void)state;
    const char *data = getenv("VT_TEST_DATA");
    char path[512];
    snprintf(path, sizeof path, "%s/store/good/store.json", data ? data : "tests/data");
    vt_store_def *def = NULL;
    assert_int_equal(vt_store_def_load(path, NULL, &def), VT_OK);
    vt_test_gl gl;
    if (!vt_test_gl_init(&gl)) {
        vt_store_def_free(def);
        skip();
    }
    vt_renderer_set_env(gl.r, &(vt_env_desc){.intensity = def->env_intensity});
    vt_model *room = NULL;
    assert_int_equal(vt__room_build(def, &room), VT_OK);
    uint32_t base = 0;
    assert_int_equal(vt_renderer_upload_model(gl.r, room, &base), VT_OK);
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_node root;
    assert_int_equal(vt_model_instantiate(room, s, (vt_node){0}, base, &root), VT_OK);
    for (uint32_t i = 0; i < def->light_count; i++) add_light(s, &def->lights[i]);
    vt_scene_update(s);

    printf("wrote %s\n", vt_test_write_png("store_room_floor_texture", room->images[0].width,
                                           room->images[0].height, room->images[0].pixels));
    const char *others[] = {"terrazzo", "concrete"};
    for (int k = 0; k < 2; k++) {
        vt_store_def copy = *def;
        snprintf(copy.room.floor_material, sizeof copy.room.floor_material, "%s", others[k]);
        vt_model *m = NULL;
        assert_int_equal(vt__room_build(&copy, &m), VT_OK);
        char name[64];
        snprintf(name, sizeof name, "store_room_floor_%s", others[k]);
        printf("wrote %s\n", vt_test_write_png(name, 512, 512, m->images[0].pixels));
        vt_model_free(m);
    }
    uint8_t *px = malloc(W * H * 4);
    vt_view v;
    const char *names[] = {"store_room_north", "store_room_east", "store_room_floor"};
    const float yaws[] = {0, -(float)M_PI / 2, 0}, pitches[] = {0.05f, 0.05f, -0.6f};
    for (int k = 0; k < 3; k++) {
        const float eye[3] = {0, 1.6f, 3};
        view_at(eye, yaws[k], pitches[k], &v);
        assert_int_equal(
            vt_renderer_render_image(gl.r, s, &v, &(vt_frame_desc){.no_ground = true}, px, NULL),
            VT_OK);
        printf("wrote %s\n", vt_test_write_png(names[k], W, H, px));
        if (k == 0) {
            /* north window centre (-2, 1.5, -4.1) against the wall right of it (2, 1.5, -4) */
            float wx, wy, ox, oy;
            vt_test_project(&v, (float[3]){-2, 1.5f, -4.1f}, &wx, &wy);
            vt_test_project(&v, (float[3]){2.5f, 1.5f, -4}, &ox, &oy);
            const uint8_t *a = &px[((int)wy * W + (int)wx) * 4];
            const uint8_t *b = &px[((int)oy * W + (int)ox) * 4];
            int diff = abs(a[0] - b[0]) + abs(a[1] - b[1]) + abs(a[2] - b[2]);
            printf("window %d %d %d, wall %d %d %d\n", a[0], a[1], a[2], b[0], b[1], b[2]);
            assert_true(diff > 20);
        }
        if (k == 2) {
            /* the floor patch in the lower middle varies (planks, grain) */
            double sum = 0, sq = 0;
            int n = 0;
            for (int y = H * 3 / 4; y < H * 3 / 4 + 60; y++)
                for (int x = W / 2 - 100; x < W / 2 + 100; x++) {
                    float l = luma(px, x, y);
                    sum += l;
                    sq += l * l;
                    n++;
                }
            double mean = sum / n, sd = sqrt(sq / n - mean * mean);
            printf("floor mean %.1f sd %.2f\n", mean, sd);
            assert_true(sd > 2.0);
        }
    }
    free(px);
    vt_scene_destroy(s);
    vt_renderer_release_model(gl.r, base);
    vt_model_free(room);
    vt_test_gl_free(&gl);
    vt_store_def_free(def);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(room_renders_from_the_spawn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
