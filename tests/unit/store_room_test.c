/* vt__room_build: the room model's surfaces have the areas the store file
   implies, face into the room, wind consistently, leave the windows open,
   and name their materials. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/room.h"
#include "vitrine/asset.h"
#include "vitrine/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static vt_store_def *def;

static int setup(void **state) {
    (void)state;
    const char *data = getenv("VT_TEST_DATA");
    char path[512];
    snprintf(path, sizeof path, "%s/store/good/store.json", data ? data : "tests/data");
    return vt_store_def_load(path, NULL, &def) == VT_OK ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vt_store_def_free(def);
    return 0;
}

static const vt_model_mesh *mesh(const vt_model *m, const char *name) {
    for (uint32_t i = 0; i < m->mesh_count; i++)
        if (!strcmp(m->meshes[i].name, name)) return &m->meshes[i];
    return NULL;
}

static void tri(const vt_mesh_data *d, uint32_t t, const float **p) {
    for (int k = 0; k < 3; k++) p[k] = &d->positions[d->indices[t * 3 + (uint32_t)k] * 3];
}

static void geo_normal(const float **p, double *n) {
    double e1[3], e2[3];
    for (int i = 0; i < 3; i++) {
        e1[i] = p[1][i] - p[0][i];
        e2[i] = p[2][i] - p[0][i];
    }
    n[0] = e1[1] * e2[2] - e1[2] * e2[1];
    n[1] = e1[2] * e2[0] - e1[0] * e2[2];
    n[2] = e1[0] * e2[1] - e1[1] * e2[0];
}

static double area(const vt_model_mesh *mm) {
    double a = 0;
    for (uint32_t t = 0; t < mm->data.index_count / 3; t++) {
        const float *p[3];
        double n[3];
        tri(&mm->data, t, p);
        geo_normal(p, n);
        a += 0.5 * sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
    }
    return a;
}

/* Every triangle's winding agrees with its vertex normals, and (when
   inward) those normals point towards the room's inside. */
static void check_facing(const vt_model_mesh *mm, bool inward, float h) {
    const vt_mesh_data *d = &mm->data;
    assert_non_null(d->normals);
    assert_non_null(d->uv0);
    for (uint32_t t = 0; t < d->index_count / 3; t++) {
        const float *p[3];
        double g[3];
        tri(d, t, p);
        geo_normal(p, g);
        for (int k = 0; k < 3; k++) {
            const float *n = &d->normals[d->indices[t * 3 + (uint32_t)k] * 3];
            assert_true(g[0] * n[0] + g[1] * n[1] + g[2] * n[2] > 0);
            if (inward) {
                double to_centre[3] = {-p[k][0], h / 2 - p[k][1], -p[k][2]};
                assert_true(to_centre[0] * n[0] + to_centre[1] * n[1] + to_centre[2] * n[2] > 0);
            }
        }
    }
}

/* Whether point q lies on a triangle of mm (within the triangle's plane). */
static bool covers(const vt_model_mesh *mm, const float *q) {
    for (uint32_t t = 0; t < mm->data.index_count / 3; t++) {
        const float *p[3];
        tri(&mm->data, t, p);
        double n[3];
        geo_normal(p, n);
        double len = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
        double dist =
            ((q[0] - p[0][0]) * n[0] + (q[1] - p[0][1]) * n[1] + (q[2] - p[0][2]) * n[2]) / len;
        if (fabs(dist) > 1e-4) continue;
        bool inside = true;
        for (int e = 0; e < 3 && inside; e++) {
            const float *a = p[e], *b = p[(e + 1) % 3];
            double ab[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
            double aq[3] = {q[0] - a[0], q[1] - a[1], q[2] - a[2]};
            double c[3] = {ab[1] * aq[2] - ab[2] * aq[1], ab[2] * aq[0] - ab[0] * aq[2],
                           ab[0] * aq[1] - ab[1] * aq[0]};
            inside = c[0] * n[0] + c[1] * n[1] + c[2] * n[2] >= -1e-9;
        }
        if (inside) return true;
    }
    return false;
}

static void room_surfaces_have_the_right_areas(void **state) {
    (void)state;
    vt_model *m = NULL;
    assert_int_equal(vt__room_build(def, &m), VT_OK);
    const float w = def->room.width, d = def->room.depth, h = def->room.height;
    assert_float_equal(area(mesh(m, "Floor")), w * d, 1e-4);
    assert_float_equal(area(mesh(m, "Ceiling")), w * d, 1e-4);
    double windows = 0;
    for (uint32_t i = 0; i < def->room.window_count; i++)
        windows += def->room.windows[i].width * def->room.windows[i].height;
    assert_float_equal(windows, 3 * 2 + 2 * 1.5, 1e-6);
    double walls = area(mesh(m, "Walls"));
    double want = 2 * (w + d) * h - windows;
    assert_true(fabs(walls - want) < 0.01 * want);
    assert_float_equal(area(mesh(m, "Glass")), windows, 1e-3);
    /* reveals line each opening: perimeter x wall thickness */
    double reveals = 0;
    for (uint32_t i = 0; i < def->room.window_count; i++)
        reveals +=
            2 * (def->room.windows[i].width + def->room.windows[i].height) * VT_ROOM_WALL_THICKNESS;
    assert_float_equal(area(mesh(m, "Reveals")), reveals, 1e-3);
    vt_model_free(m);
}

static void room_faces_inward_with_consistent_winding(void **state) {
    (void)state;
    vt_model *m = NULL;
    assert_int_equal(vt__room_build(def, &m), VT_OK);
    const float h = def->room.height;
    check_facing(mesh(m, "Floor"), true, h);
    check_facing(mesh(m, "Ceiling"), true, h);
    check_facing(mesh(m, "Walls"), true, h);
    check_facing(mesh(m, "Glass"), true, h);
    check_facing(mesh(m, "Skirting"), false, h);
    check_facing(mesh(m, "Frames"), false, h);
    check_facing(mesh(m, "Reveals"), false, h);
    const vt_mesh_data *f = &mesh(m, "Floor")->data;
    for (uint32_t v = 0; v < f->vertex_count; v++) {
        assert_float_equal(f->normals[v * 3 + 1], 1, 0);
        /* UVs in metres: u = x, v = z */
        assert_float_equal(f->uv0[v * 2], f->positions[v * 3], 0);
        assert_float_equal(f->uv0[v * 2 + 1], f->positions[v * 3 + 2], 0);
    }
    const vt_mesh_data *c = &mesh(m, "Ceiling")->data;
    for (uint32_t v = 0; v < c->vertex_count; v++) assert_float_equal(c->normals[v * 3 + 1], -1, 0);
    assert_float_equal(m->bounds.min[1], 0, 1e-6);
    assert_float_equal(m->bounds.max[1], h, 1e-6);
    assert_float_equal(m->bounds.min[2], -def->room.depth / 2 - VT_ROOM_WALL_THICKNESS, 1e-5);
    vt_model_free(m);
}

static void windows_are_open_and_walls_closed_elsewhere(void **state) {
    (void)state;
    vt_model *m = NULL;
    assert_int_equal(vt__room_build(def, &m), VT_OK);
    const vt_model_mesh *walls = mesh(m, "Walls");
    /* north window: offset -2, width 3, sill 0.5, height 2 at z = -4 */
    assert_false(covers(walls, (float[3]){-2, 1.5f, -4}));
    assert_false(covers(walls, (float[3]){-3.4f, 0.6f, -4}));
    assert_true(covers(walls, (float[3]){-3.6f, 1.5f, -4})); /* just left of it */
    assert_true(covers(walls, (float[3]){-2, 0.4f, -4}));    /* under the sill */
    assert_true(covers(walls, (float[3]){2, 1.5f, -4}));
    /* east window: offset 1 (towards +Z), width 2, sill 0.8, height 1.5 at x = 5 */
    assert_false(covers(walls, (float[3]){5, 1.5f, 1}));
    assert_true(covers(walls, (float[3]){5, 1.5f, -1}));
    assert_true(covers(walls, (float[3]){5, 2.5f, 1}));
    /* south and west are whole */
    assert_true(covers(walls, (float[3]){0, 1.5f, 4}));
    assert_true(covers(walls, (float[3]){-5, 1.5f, 0}));
    /* the glass is in the opening, 0.1 m out */
    assert_true(covers(mesh(m, "Glass"), (float[3]){-2, 1.5f, -4.1f}));
    vt_model_free(m);
}

static void materials_are_named_and_floor_textured(void **state) {
    (void)state;
    vt_model *m = NULL;
    assert_int_equal(vt__room_build(def, &m), VT_OK);
    const char *names[] = {"Floor", "Wall", "Glass", "Frame", "Skirting", "Ceiling"};
    assert_int_equal(m->material_count, 6);
    for (int i = 0; i < 6; i++) assert_string_equal(m->materials[i].name, names[i]);
    assert_int_equal(mesh(m, "Floor")->material, 0);
    assert_int_equal(mesh(m, "Walls")->material, 1);
    assert_int_equal(mesh(m, "Glass")->material, 2);
    assert_int_equal(m->materials[2].alpha_mode, VT_ALPHA_BLEND);
    assert_true(m->materials[2].base_color[3] < 0.5f);
    /* floor colour #B89B74 in linear */
    assert_float_equal(m->materials[0].base_color[0], 0.4793202f, 1e-4);
    assert_int_equal(m->image_count, 1);
    assert_int_equal(m->materials[0].base_color_tex.image, 0);
    assert_float_equal(m->materials[0].base_color_tex.scale[0], 1 / 1.44f, 1e-6);
    assert_int_equal(m->images[0].width, 512);
    assert_non_null(m->images[0].pixels);
    assert_int_equal(m->node_count, 1);
    assert_int_equal(m->nodes[0].mesh_count, m->mesh_count);
    assert_int_equal(m->mesh_count, 7);
    /* each floor material paints something different; none leaves it plain */
    uint64_t sums[3] = {0};
    const char *kinds[3] = {"oak", "terrazzo", "concrete"};
    vt_store_def copy = *def;
    for (int k = 0; k < 3; k++) {
        snprintf(copy.room.floor_material, sizeof copy.room.floor_material, "%s", kinds[k]);
        vt_model *f = NULL;
        assert_int_equal(vt__room_build(&copy, &f), VT_OK);
        assert_int_equal(f->image_count, 1);
        const uint8_t *px = f->images[0].pixels;
        uint8_t lo = 255, hi = 0;
        for (uint32_t i = 0; i < 512 * 512 * 4; i += 4) {
            sums[k] += px[i];
            lo = px[i] < lo ? px[i] : lo;
            hi = px[i] > hi ? px[i] : hi;
        }
        assert_true(hi - lo > 40);
        vt_model_free(f);
    }
    assert_true(sums[0] != sums[1] && sums[1] != sums[2]);
    copy.room.floor_material[0] = '\0';
    vt_model *plain = NULL;
    assert_int_equal(vt__room_build(&copy, &plain), VT_OK);
    assert_int_equal(plain->image_count, 0);
    vt_model_free(plain);
    vt_model_free(m);
}

static void floor_length_window_breaks_the_skirting(void **state) {
    (void)state;
    vt_store_def copy = *def;
    vt_store_window win = {.wall = 2, .offset = 0, .width = 2, .sill = 0, .height = 2.5f};
    copy.room.windows = &win;
    copy.room.window_count = 1;
    vt_model *m = NULL;
    assert_int_equal(vt__room_build(&copy, &m), VT_OK);
    const vt_model_mesh *sk = mesh(m, "Skirting");
    /* the south skirting's front face at z = 4 - 0.015 is absent in the door gap */
    float front = 4 - VT_ROOM_SKIRTING_DEPTH;
    assert_false(covers(sk, (float[3]){0, 0.05f, front}));
    assert_true(covers(sk, (float[3]){2, 0.05f, front}));
    assert_false(covers(mesh(m, "Walls"), (float[3]){0, 0.05f, 4}));
    vt_model_free(m);
    copy.room.window_count = 0;
    assert_int_equal(vt__room_build(&copy, &m), VT_OK);
    assert_null(mesh(m, "Glass"));
    assert_null(mesh(m, "Frames"));
    assert_int_equal(m->mesh_count, 4);
    vt_model_free(m);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(room_surfaces_have_the_right_areas),
        cmocka_unit_test(room_faces_inward_with_consistent_winding),
        cmocka_unit_test(windows_are_open_and_walls_closed_elsewhere),
        cmocka_unit_test(materials_are_named_and_floor_textured),
        cmocka_unit_test(floor_length_window_breaks_the_skirting),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
