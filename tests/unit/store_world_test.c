/* The store's world (engine/store/world.h): asynchronous instanced loading,
   failed loads, picking, walking against walls and fixtures, catalog variants
   on the GPU and the inspect instance — on a hand-built store whose models
   are small .glb boxes written by the test. */
#define _GNU_SOURCE
#include "render_support.h"
#include "store/world_internal.h"
#include "vitrine/core.h"

#include <cglm/cglm.h>
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

#define W 320
#define H 240

/* ---- a .glb of boxes -------------------------------------------------------- */

typedef struct box_spec {
    float size[3], offset[3];
    const char *material;
} box_spec;

/* Writes boxes (one node + mesh each) with materials named as given (grey). */
static void write_boxes_glb(const char *path, const box_spec *boxes, int count) {
    char json[16384], *j = json;
    size_t bin_cap = 1 << 16, bin_len = 0;
    uint8_t *bin = calloc(1, bin_cap);
    char nodes[1024] = "", meshes[4096] = "", views[4096] = "", accs[8192] = "", mats[2048] = "";
    int mat_count = 0;
    const char *mat_names[8];
    for (int i = 0; i < count; i++) {
        vt_mesh_data d;
        assert_int_equal(vt_mesh_box(boxes[i].size, &d), VT_OK);
        int mat = -1;
        for (int k = 0; k < mat_count; k++)
            if (!strcmp(mat_names[k], boxes[i].material)) mat = k;
        if (mat < 0) {
            mat = mat_count;
            mat_names[mat_count++] = boxes[i].material;
            snprintf(mats + strlen(mats), sizeof mats - strlen(mats),
                     "%s{\"name\":\"%s\",\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.8,0.8,"
                     "0.8,1],\"metallicFactor\":0,\"roughnessFactor\":0.6}}",
                     mat ? "," : "", boxes[i].material);
        }
        size_t pos_off = bin_len, nrm_off = pos_off + d.vertex_count * 12,
               idx_off = nrm_off + d.vertex_count * 12;
        memcpy(bin + pos_off, d.positions, d.vertex_count * 12);
        memcpy(bin + nrm_off, d.normals, d.vertex_count * 12);
        memcpy(bin + idx_off, d.indices, d.index_count * 4);
        bin_len = idx_off + d.index_count * 4;
        vt_aabb b = vt_mesh_bounds(&d);
        snprintf(views + strlen(views), sizeof views - strlen(views),
                 "%s{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%u},"
                 "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%u},"
                 "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%u}",
                 i ? "," : "", pos_off, d.vertex_count * 12, nrm_off, d.vertex_count * 12, idx_off,
                 d.index_count * 4);
        snprintf(accs + strlen(accs), sizeof accs - strlen(accs),
                 "%s{\"bufferView\":%d,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\","
                 "\"min\":[%g,%g,%g],\"max\":[%g,%g,%g]},"
                 "{\"bufferView\":%d,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\"},"
                 "{\"bufferView\":%d,\"componentType\":5125,\"count\":%u,\"type\":\"SCALAR\"}",
                 i ? "," : "", 3 * i, d.vertex_count, b.min[0], b.min[1], b.min[2], b.max[0],
                 b.max[1], b.max[2], 3 * i + 1, d.vertex_count, 3 * i + 2, d.index_count);
        snprintf(meshes + strlen(meshes), sizeof meshes - strlen(meshes),
                 "%s{\"primitives\":[{\"attributes\":{\"POSITION\":%d,\"NORMAL\":%d},"
                 "\"indices\":%d,\"material\":%d}]}",
                 i ? "," : "", 3 * i, 3 * i + 1, 3 * i + 2, mat);
        snprintf(nodes + strlen(nodes), sizeof nodes - strlen(nodes),
                 "%s{\"name\":\"part%d\",\"mesh\":%d,\"translation\":[%g,%g,%g]}", i ? "," : "", i,
                 i, boxes[i].offset[0], boxes[i].offset[1], boxes[i].offset[2]);
        vt_mesh_data_free(&d);
    }
    char roots[256] = "";
    for (int i = 0; i < count; i++)
        snprintf(roots + strlen(roots), sizeof roots - strlen(roots), "%s%d", i ? "," : "", i);
    j += snprintf(j, sizeof json,
                  "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[%s]}],"
                  "\"nodes\":[%s],\"meshes\":[%s],\"materials\":[%s],\"buffers\":[{"
                  "\"byteLength\":%zu}],\"bufferViews\":[%s],\"accessors\":[%s]}",
                  roots, nodes, meshes, mats, bin_len, views, accs);
    assert_int_equal(vt_glb_write(path, json, (size_t)(j - json), bin, bin_len), VT_OK);
    free(bin);
}

/* ---- the store --------------------------------------------------------------- */

enum { P_BOX, P_BOX2, P_LAMP, P_BROKEN, PRODUCT_COUNT };
enum { PL_BOX_A, PL_BOX_B, PL_BOX2, PL_LAMP, PL_BROKEN, PLACEMENT_COUNT };

typedef struct fixture {
    char dir[256];
    vt_test_gl gl;
    vt_store_def def;
    vt_product products[PRODUCT_COUNT];
    vt_variant variants[PRODUCT_COUNT][2];
    vt_material_override overrides[PRODUCT_COUNT][2];
    vt_store_placement placements[PLACEMENT_COUNT];
    vt_store_fixture fixtures[2];
    vt_store_light light;
    vt__world *world;
} fixture;

static void set_variant(vt_variant *v, vt_material_override *o, const char *id, const char *mat,
                        float r, float g, float b) {
    snprintf(v->id, sizeof v->id, "%s", id);
    snprintf(o->material, sizeof o->material, "%s", mat);
    o->fields = VT_OVERRIDE_BASE_COLOR;
    o->base_color[0] = r;
    o->base_color[1] = g;
    o->base_color[2] = b;
    o->base_color[3] = 1;
    v->overrides = o;
    v->override_count = 1;
}

static void build_def(fixture *f) {
    char path[512];
    vt_store_def *d = &f->def;
    snprintf(d->path, sizeof d->path, "%s/store.json", f->dir);
    snprintf(d->currency, sizeof d->currency, "EUR");
    d->room = (vt_store_room){.width = 10,
                              .depth = 8,
                              .height = 3,
                              .floor_color = {0.6f, 0.5f, 0.4f},
                              .wall_color = {0.9f, 0.9f, 0.88f}};
    d->spawn[0] = 0;
    d->spawn[1] = 1.6f;
    d->spawn[2] = 3;
    d->env_intensity = 1;
    const char *ids[] = {"box", "box2", "lamp", "broken"};
    const char *files[] = {"box.glb", "box.glb", "lamp.glb", "broken.glb"};
    for (int p = 0; p < PRODUCT_COUNT; p++) {
        vt_product *pr = &f->products[p];
        snprintf(pr->id, sizeof pr->id, "%s", ids[p]);
        snprintf(pr->model, sizeof pr->model, "%s/%s", f->dir, files[p]);
        pr->variants = f->variants[p];
        pr->variant_count = 2;
    }
    /* Two products share box.glb with different variant lists. */
    set_variant(&f->variants[P_BOX][0], &f->overrides[P_BOX][0], "box-red", "Body", 0.8f, 0.02f,
                0.02f);
    set_variant(&f->variants[P_BOX][1], &f->overrides[P_BOX][1], "box-blue", "Body", 0.02f, 0.02f,
                0.8f);
    set_variant(&f->variants[P_BOX2][0], &f->overrides[P_BOX2][0], "box2-green", "*", 0.02f, 0.8f,
                0.02f);
    set_variant(&f->variants[P_BOX2][1], &f->overrides[P_BOX2][1], "box2-yellow", "Body", 0.8f,
                0.8f, 0.02f);
    set_variant(&f->variants[P_LAMP][0], &f->overrides[P_LAMP][0], "lamp-white", "*", 0.8f, 0.8f,
                0.8f);
    set_variant(&f->variants[P_LAMP][1], &f->overrides[P_LAMP][1], "lamp-black", "*", 0.02f, 0.02f,
                0.02f);
    set_variant(&f->variants[P_BROKEN][0], &f->overrides[P_BROKEN][0], "broken-a", "*", 1, 1, 1);
    set_variant(&f->variants[P_BROKEN][1], &f->overrides[P_BROKEN][1], "broken-b", "*", 1, 1, 1);
    d->products = f->products;
    d->product_count = PRODUCT_COUNT;

    /* Products stand on a table-height plinth line at z = -2 (position = bottom centre). */
    f->placements[PL_BOX_A] = (vt_store_placement){P_BOX, 0, {0, 0.75f, -2}, 0, 1};
    f->placements[PL_BOX_B] = (vt_store_placement){P_BOX, 1, {1, 0.75f, -2}, 0.3f, 1};
    f->placements[PL_BOX2] = (vt_store_placement){P_BOX2, 0, {-1, 0.75f, -2}, 0, 1};
    f->placements[PL_LAMP] = (vt_store_placement){P_LAMP, 0, {3, 0, -2}, 0, 1};
    f->placements[PL_BROKEN] = (vt_store_placement){P_BROKEN, 0, {2, 0.75f, -2}, 0, 1};
    d->placements = f->placements;
    d->placement_count = PLACEMENT_COUNT;

    /* A table across the aisle at z = 1 (origin at its bottom centre), and one turned
       by 90 degrees at x = -3. */
    snprintf(path, sizeof path, "%s/table.glb", f->dir);
    f->fixtures[0] = (vt_store_fixture){.position = {0, 0, 1}, .yaw = 0, .collide = true};
    snprintf(f->fixtures[0].id, sizeof f->fixtures[0].id, "table-1");
    snprintf(f->fixtures[0].model, sizeof f->fixtures[0].model, "%s", path);
    f->fixtures[1] =
        (vt_store_fixture){.position = {-3, 0, 0}, .yaw = (float)GLM_PI_2, .collide = true};
    snprintf(f->fixtures[1].id, sizeof f->fixtures[1].id, "table-2");
    snprintf(f->fixtures[1].model, sizeof f->fixtures[1].model, "%s", path);
    d->fixtures = f->fixtures;
    d->fixture_count = 2;

    f->light = (vt_store_light){.type = 3,
                                .position = {0, 2.9f, -1},
                                .target = {0, 0.75f, -2},
                                .color = {1, 1, 1},
                                .intensity = 30,
                                .cone = 0.6f};
    d->lights = &f->light;
    d->light_count = 1;
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    *state = f;
    snprintf(f->dir, sizeof f->dir, "/tmp/vt-store-world-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    char path[512];
    snprintf(path, sizeof path, "%s/box.glb", f->dir);
    write_boxes_glb(path, (box_spec[]){{{0.4f, 0.4f, 0.4f}, {0, 0, 0}, "Body"}}, 1);
    snprintf(path, sizeof path, "%s/lamp.glb", f->dir);
    write_boxes_glb(path,
                    (box_spec[]){{{0.4f, 0.1f, 0.4f}, {0, 0.05f, 0}, "Base"},
                                 {{0.1f, 1.5f, 0.1f}, {0, 0.85f, 0}, "Stem"}},
                    2);
    snprintf(path, sizeof path, "%s/table.glb", f->dir);
    write_boxes_glb(path, (box_spec[]){{{1.0f, 0.75f, 0.6f}, {0, 0.375f, 0}, "Wood"}}, 1);
    snprintf(path, sizeof path, "%s/broken.glb", f->dir);
    assert_int_equal(vt_file_write(path, "glTF garbage", 12), VT_OK);
    build_def(f);
    if (!vt_test_gl_init(&f->gl)) return -1;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    if (!f) return 0;
    vt_test_gl_free(&f->gl);
    const char *files[] = {"box.glb", "lamp.glb", "table.glb", "broken.glb"};
    char path[512];
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", f->dir, files[i]);
        unlink(path);
    }
    rmdir(f->dir);
    free(f);
    return 0;
}

static void open_world(fixture *f) {
    assert_int_equal(
        vt__world_create(&(vt__world_desc){.def = &f->def, .renderer = f->gl.r, .load_threads = 2},
                         &f->world),
        VT_OK);
}

/* Runs frames until every load has finished (or 60 s pass). */
static void load_all(fixture *f) {
    double t0 = vt_time_now();
    while (vt__world_pending(f->world) > vt__world_failed(f->world) && vt_time_now() - t0 < 60) {
        vt__world_update(f->world, 0.0);
        usleep(1000);
    }
    vt__world_update(f->world, 8.0);
}

static void eye_view(const float eye[3], const float at[3], vt_view *v) {
    memset(v, 0, sizeof *v);
    glm_lookat((float *)eye, (float *)at, (float[3]){0, 1, 0}, v->view);
    glm_perspective(glm_rad(60.0f), (float)W / H, 0.05f, 50.0f, v->proj);
    v->width = W;
    v->height = H;
}

/* ---- tests ------------------------------------------------------------------- */

static void loads_complete_and_failed_model_counts(void **state) {
    fixture *f = *state;
    open_world(f);
    assert_int_equal(vt__world_pending(f->world), PLACEMENT_COUNT);
    for (uint32_t i = 0; i < PLACEMENT_COUNT; i++)
        assert_int_equal(vt__world_placement_node(f->world, i).id, 0);
    load_all(f);
    assert_int_equal(vt__world_failed(f->world), 1);
    assert_int_equal(vt__world_pending(f->world), 1); /* the broken one never arrives */
    assert_int_equal(vt__world_placement_node(f->world, PL_BROKEN).id, 0);
    vt_aabb b;
    assert_false(vt__world_placement_bounds(f->world, PL_BROKEN, &b));
    for (uint32_t i = 0; i < PLACEMENT_COUNT; i++)
        if (i != PL_BROKEN) assert_true(vt__world_placement_node(f->world, i).id != 0);
    /* The bounds' bottom centre stands on the placement's position. */
    assert_true(vt__world_placement_bounds(f->world, PL_BOX_A, &b));
    assert_float_equal(b.min[1], 0.75f, 1e-4f);
    assert_float_equal(b.max[1], 1.15f, 1e-4f);
    assert_float_equal(0.5f * (b.min[0] + b.max[0]), 0.0f, 1e-4f);
    assert_float_equal(0.5f * (b.min[2] + b.max[2]), -2.0f, 1e-4f);
    assert_int_equal(vt__world_find_placement(f->world, P_BOX2), PL_BOX2);
    assert_int_equal(vt__world_find_placement(f->world, 99), UINT32_MAX);
    vt__world_destroy(f->world);
    f->world = NULL;
}

/* The id the renderer's next upload gets (ids are never reused). */
static uint32_t next_mesh_id(fixture *f) {
    vt_material mat = vt_test_material();
    vt_model *probe = vt_test_model(VT_TEST_BOX, (float[3]){1, 1, 1}, &mat);
    uint32_t base = 0;
    assert_int_equal(vt_renderer_upload_model(f->gl.r, probe, &base), VT_OK);
    vt_renderer_release_model(f->gl.r, base);
    vt_model_free(probe);
    return base + 1;
}

static void repeated_model_is_uploaded_once(void **state) {
    fixture *f = *state;
    uint32_t first = next_mesh_id(f);
    open_world(f);
    load_all(f);
    vt_scene *s = vt__world_scene(f->world);
    /* One mesh per box: it sits on the placement node, and all three share it
       (two products naming the same file included). */
    uint32_t m0 = vt_node_get_mesh(s, vt__world_placement_node(f->world, PL_BOX_A));
    assert_true(m0 != 0);
    assert_int_equal(vt_node_get_mesh(s, vt__world_placement_node(f->world, PL_BOX_B)), m0);
    assert_int_equal(vt_node_get_mesh(s, vt__world_placement_node(f->world, PL_BOX2)), m0);
    /* Mesh ids used: the room's, the table once for two fixtures (1), the box once
       for three placements (1), the lamp (2); no signs in this store. */
    uint32_t room = f->world->room->mesh_count;
    assert_int_equal(next_mesh_id(f) - first, room + 1 + 1 + 2 + 1 /* the probe */);
    vt__world_destroy(f->world);
    f->world = NULL;
}

static void pick_at_projected_centre_returns_placement(void **state) {
    fixture *f = *state;
    open_world(f);
    load_all(f);
    float eye[3] = {0.3f, 1.6f, 3};
    for (uint32_t i = 0; i < PLACEMENT_COUNT; i++) {
        if (i == PL_BROKEN) continue;
        vt_aabb b;
        assert_true(vt__world_placement_bounds(f->world, i, &b));
        float c[3];
        vt_aabb_center(&b, c);
        vt_ray ray = {{eye[0], eye[1], eye[2]}, {c[0] - eye[0], c[1] - eye[1], c[2] - eye[2]}};
        float dist = -1;
        assert_int_equal(vt__world_pick(f->world, &ray, &dist), i);
        assert_true(dist > 0.8f && dist < 1.0f); /* the near face, short of the centre */
    }
    /* The table hides what is behind it; the floor is not a product. */
    vt_ray under = {{0, 0.5f, 3}, {0, 0.45f, -5}}; /* towards box A's centre, through the table */
    assert_int_equal(vt__world_pick(f->world, &under, NULL), UINT32_MAX);
    vt_ray down = {{0, 1.6f, 3}, {0, -1, -0.2f}};
    assert_int_equal(vt__world_pick(f->world, &down, NULL), UINT32_MAX);
    float xz[2];
    assert_true(vt__world_floor_point(f->world, &down, xz));
    assert_float_equal(xz[0], 0.0f, 1e-4f);
    assert_float_equal(xz[1], 3 - 0.32f, 1e-4f);
    vt_ray at_table = {{0, 1.6f, 3}, {0, -1.6f, -2}}; /* meets the floor at z = 1, under the top */
    assert_false(vt__world_floor_point(f->world, &at_table, xz));
    vt_ray up = {{0, 1.6f, 3}, {0, 1, 0}};
    assert_false(vt__world_floor_point(f->world, &up, xz));
    vt__world_destroy(f->world);
    f->world = NULL;
}

static void walking_stops_at_walls_and_fixtures(void **state) {
    fixture *f = *state;
    open_world(f);
    float out[2];
    const float r = 0.3f;
    /* East wall at x = 5: the walker stops at the radius from it. */
    vt__world_move(f->world, (float[2]){0, 3}, (float[2]){7, 3}, r, out);
    assert_float_equal(out[0], 5 - r, 1e-5f);
    assert_float_equal(out[1], 3, 1e-5f);
    /* Diagonally into the south wall (z = 4): slides along it to x = 2. */
    vt__world_move(f->world, (float[2]){0, 3}, (float[2]){2, 5}, r, out);
    assert_float_equal(out[0], 2, 1e-4f);
    assert_float_equal(out[1], 4 - r, 1e-5f);
    /* Straight into the table (z in [0.7, 1.3]): stops at its face plus the radius. */
    vt__world_move(f->world, (float[2]){0, 3}, (float[2]){0, 2}, r, out);
    assert_float_equal(out[1], 2, 1e-5f); /* not there yet */
    vt__world_move(f->world, (float[2]){0, 3}, (float[2]){0, 1.2f}, r, out);
    assert_float_equal(out[0], 0, 1e-4f);
    assert_float_equal(out[1], 1.3f + r, 1e-4f);
    /* At an angle: stopped in z, slides in x. */
    vt__world_move(f->world, (float[2]){-0.2f, 2}, (float[2]){0.3f, 1.0f}, r, out);
    assert_float_equal(out[0], 0.3f, 1e-4f);
    assert_float_equal(out[1], 1.3f + r, 1e-4f);
    /* A long move does not tunnel through the table. */
    vt__world_move(f->world, (float[2]){0, 3.5f}, (float[2]){0, -3.5f}, r, out);
    assert_float_equal(out[1], 1.3f + r, 1e-4f);
    vt__world_move(f->world, (float[2]){0, 3.5f}, (float[2]){0, -1e6f}, r, out);
    assert_float_equal(out[1], 1.3f + r, 1e-3f);
    /* The turned table at x = -3 spans x in [-3.3, -2.7] and z in [-0.5, 0.5]. */
    vt__world_move(f->world, (float[2]){0, 0}, (float[2]){-4, 0}, r, out);
    assert_float_equal(out[0], -2.7f + r, 1e-4f);
    /* Products: the floor-standing lamp (1.6 m) blocks once loaded; boxes on the
       plinth line at 0.75 m do not. */
    vt__world_move(f->world, (float[2]){3, 0}, (float[2]){3, -3}, r, out);
    assert_float_equal(out[1], -3, 1e-5f); /* not loaded yet: nothing in the way */
    load_all(f);
    vt__world_move(f->world, (float[2]){3, 0}, (float[2]){3, -3}, r, out);
    assert_float_equal(out[1], -1.8f + r, 1e-4f);
    vt__world_move(f->world, (float[2]){0, 0}, (float[2]){0, -3}, r, out);
    assert_float_equal(out[1], -3, 1e-5f);
    vt__world_destroy(f->world);
    f->world = NULL;
}

/* Mean sRGB colour inside the projected box of b. */
static void mean_colour(const uint8_t *img, const vt_view *v, const vt_aabb *b, float out[3]) {
    float x0 = W, y0 = H, x1 = 0, y1 = 0;
    for (int i = 0; i < 8; i++) {
        float p[3] = {i & 1 ? b->max[0] : b->min[0], i & 2 ? b->max[1] : b->min[1],
                      i & 4 ? b->max[2] : b->min[2]};
        float x, y;
        vt_test_project(v, p, &x, &y);
        x0 = fminf(x0, x), x1 = fmaxf(x1, x), y0 = fminf(y0, y), y1 = fmaxf(y1, y);
    }
    /* the inner half, so edges and background stay out */
    float cx = 0.5f * (x0 + x1), cy = 0.5f * (y0 + y1), hx = 0.25f * (x1 - x0),
          hy = 0.25f * (y1 - y0);
    double sum[3] = {0};
    int n = 0;
    for (int y = (int)(cy - hy); y <= (int)(cy + hy); y++)
        for (int x = (int)(cx - hx); x <= (int)(cx + hx); x++) {
            if (x < 0 || y < 0 || x >= W || y >= H) continue;
            for (int c = 0; c < 3; c++) sum[c] += img[((size_t)y * W + x) * 4 + c];
            n++;
        }
    assert_true(n > 20);
    for (int c = 0; c < 3; c++) out[c] = (float)(sum[c] / n);
}

static void variant_switch_changes_rendered_colour(void **state) {
    fixture *f = *state;
    open_world(f);
    load_all(f);
    vt_view v;
    eye_view((float[3]){0, 1.5f, 0.5f}, (float[3]){0, 0.95f, -2}, &v);
    vt_frame_desc fd = {0};
    vt_scene *s = vt__world_scene(f->world);
    uint8_t *before = vt_test_render(&f->gl, s, &v, &fd);
    assert_non_null(before);
    vt_test_write_png("store_world_variant_before", W, H, before);
    vt_aabb ba, b2;
    assert_true(vt__world_placement_bounds(f->world, PL_BOX_A, &ba));
    assert_true(vt__world_placement_bounds(f->world, PL_BOX2, &b2));
    float c0[3], g0[3];
    mean_colour(before, &v, &ba, c0);
    mean_colour(before, &v, &b2, g0);
    assert_true(c0[0] > c0[2] + 60); /* box: red */
    assert_true(g0[1] > g0[0] + 60); /* box2, same file: its own green */

    vt__world_set_variant(f->world, PL_BOX_A, 1); /* blue */
    vt__world_set_variant(f->world, PL_BOX2, 1);  /* yellow */
    vt__world_set_variant(f->world, PL_BOX2, 7);  /* out of range: ignored */
    vt__world_update(f->world, 4.0);
    uint8_t *after = vt_test_render(&f->gl, s, &v, &fd);
    assert_non_null(after);
    vt_test_write_png("store_world_variant_after", W, H, after);
    float c1[3], g1[3];
    mean_colour(after, &v, &ba, c1);
    mean_colour(after, &v, &b2, g1);
    assert_true(c1[2] > c1[0] + 60);                       /* now blue */
    assert_true(g1[0] > g1[2] + 60 && g1[1] > g1[2] + 60); /* yellow */
    /* The other placement of the same product keeps its own variant (blue, set in the layout). */
    free(before);
    free(after);
    vt__world_destroy(f->world);
    f->world = NULL;
}

/* The fitting room's mirror shows what stands in front of it where a mirror
   would: box A (red, behind the shopper) appears in the glass at its
   reflected place, and only because of the mirror. */
static void fitting_room_mirror_reflects_the_store(void **state) {
    fixture *f = *state;
    f->def.fitting_room = (vt_fitting_room){.present = true,
                                            .position = {0, 0, -3},
                                            .mirror_position = {0, 1.2f, -3.9f},
                                            .mirror_size = {1.6f, 1.8f}};
    open_world(f);
    load_all(f);
    vt_node m = vt__world_mirror_node(f->world);
    assert_true(m.id != 0);
    vt_mat4 world;
    assert_true(vt_node_get_world(vt__world_scene(f->world), m, world));
    assert_float_equal(world[3][2], -3.9f + 0.03f, 1e-4f); /* just in front of its glass */

    vt_view v;
    eye_view((float[3]){0, 1.3f, -3.0f}, (float[3]){0, 1.0f, -3.9f}, &v);
    vt_aabb a;
    assert_true(vt__world_placement_bounds(f->world, PL_BOX_A, &a));
    float plane = world[3][2];
    vt_aabb seen = a; /* box A mirrored in the plane z = plane */
    seen.min[2] = 2 * plane - a.max[2];
    seen.max[2] = 2 * plane - a.min[2];
    vt_frame_desc fd = {.no_ground = true, .mirror = m};
    uint8_t *with = vt_test_render(&f->gl, vt__world_scene(f->world), &v, &fd);
    fd.mirror = (vt_node){0};
    uint8_t *without = vt_test_render(&f->gl, vt__world_scene(f->world), &v, &fd);
    assert_non_null(with);
    assert_non_null(without);
    vt_test_write_png("store_world_mirror", W, H, with);
    float c1[3], c0[3];
    mean_colour(with, &v, &seen, c1);
    mean_colour(without, &v, &seen, c0);
    assert_true(c1[0] > c1[1] + 40 && c1[0] > c1[2] + 40);  /* red in the glass */
    assert_false(c0[0] > c0[1] + 40 && c0[0] > c0[2] + 40); /* not without the mirror */
    free(with);
    free(without);
    vt__world_destroy(f->world);
    f->world = NULL;
    f->def.fitting_room = (vt_fitting_room){0};
}

static void inspect_node_is_centred_at_true_scale(void **state) {
    fixture *f = *state;
    open_world(f);
    assert_int_equal(vt__world_inspect_node(f->world, P_LAMP, 0).id, 0); /* not loaded */
    load_all(f);
    vt_node n = vt__world_inspect_node(f->world, P_LAMP, 1);
    assert_true(n.id != 0);
    assert_int_equal(vt__world_inspect_node(f->world, P_LAMP, 0).id, n.id); /* reused */
    assert_int_equal(vt__world_inspect_node(f->world, P_BROKEN, 0).id, 0);
    vt_scene *s = vt__world_scene(f->world);
    vt_node_set_local(s, n, &(vt_transform){.translation = {0, 1.5f, 3.5f}});
    vt__world_update(f->world, 4.0);
    /* The lamp is 1.6 m tall: centred, its top is 0.8 m above the node. */
    vt_pick pk;
    vt_ray down = {{0, 2.9f, 3.5f}, {0, -1, 0}};
    assert_true(vt_scene_pick(s, &down, &pk));
    assert_float_equal(pk.point[1], 1.5f + 0.8f, 1e-3f);
    assert_int_equal(vt__world_pick(f->world, &down, NULL), UINT32_MAX); /* not a placement */
    /* Another product's inspect node hides this one. */
    vt_node other = vt__world_inspect_node(f->world, P_BOX, 0);
    assert_true(other.id != 0 && other.id != n.id);
    vt__world_update(f->world, 4.0);
    assert_false(vt_scene_pick(s, &down, &pk) && pk.point[1] > 2.0f);
    vt__world_destroy(f->world);
    f->world = NULL;
}

static void zero_budget_finishes_one_model_per_update(void **state) {
    fixture *f = *state;
    open_world(f);
    vt__world *w = f->world;
    /* Wait (no updates) until the three imports (box, lamp, broken) are queued done. */
    double t0 = vt_time_now();
    for (;;) {
        uint32_t done = 0;
        pthread_mutex_lock(&w->lock);
        for (vt__wmodel *m = w->done_head; m; m = m->next_done) done++;
        pthread_mutex_unlock(&w->lock);
        if (done == 3 || vt_time_now() - t0 > 60) break;
        usleep(1000);
    }
    assert_int_equal(w->model_count, 3);
    uint32_t before = vt__world_pending(w) - vt__world_failed(w);
    assert_int_equal(before, PLACEMENT_COUNT);
    uint32_t steps = 0;
    while (vt__world_pending(w) > vt__world_failed(w)) {
        uint32_t p = vt__world_pending(w), fl = vt__world_failed(w);
        vt__world_update(w, 0.0);
        /* exactly one model a frame: its placements (3 boxes, 1 lamp) or its failure (1) */
        uint32_t change = (p - vt__world_pending(w)) + (vt__world_failed(w) - fl);
        assert_true(change == 3 || change == 1);
        steps++;
    }
    assert_int_equal(steps, 3);
    vt__world_destroy(w);
    f->world = NULL;
}

static void sandboxed_imports_load_the_same(void **state) {
    fixture *f = *state;
    assert_int_equal(vt__world_create(&(vt__world_desc){.def = &f->def,
                                                        .renderer = f->gl.r,
                                                        .load_threads = 2,
                                                        .sandbox = true},
                                      &f->world),
                     VT_OK);
    load_all(f);
    assert_int_equal(vt__world_failed(f->world), 1);
    assert_int_equal(vt__world_pending(f->world), 1);
    vt_aabb b;
    assert_true(vt__world_placement_bounds(f->world, PL_LAMP, &b));
    assert_float_equal(b.max[1] - b.min[1], 1.6f, 1e-4f);
    vt__world_destroy(f->world);
    f->world = NULL;
}

static void missing_fixture_model_fails_create_naming_it(void **state) {
    fixture *f = *state;
    char saved[VT_STORE_PATH_MAX];
    memcpy(saved, f->fixtures[1].model, sizeof saved);
    snprintf(f->fixtures[1].model, sizeof f->fixtures[1].model, "%s/no-such-table.glb", f->dir);
    vt__world *w = (vt__world *)1;
    vt_result r = vt__world_create(
        &(vt__world_desc){.def = &f->def, .renderer = f->gl.r, .load_threads = 1}, &w);
    memcpy(f->fixtures[1].model, saved, sizeof saved);
    assert_int_equal(r, VT_ERR_IO);
    assert_null(w);
    assert_non_null(strstr(vt_last_error(), "store.json: fixture table-2: "));
    assert_non_null(strstr(vt_last_error(), "no-such-table.glb: cannot open"));
}

/* A box whose glTF offers KHR_materials_variants "Red" and "Blue" over a grey default. */
static void write_khr_glb(const char *path) {
    vt_mesh_data d;
    assert_int_equal(vt_mesh_box((float[3]){0.4f, 0.4f, 0.4f}, &d), VT_OK);
    size_t vb = d.vertex_count * 12, ib = d.index_count * 4, total = 2 * vb + ib;
    uint8_t *bin = malloc(total);
    memcpy(bin, d.positions, vb);
    memcpy(bin + vb, d.normals, vb);
    memcpy(bin + 2 * vb, d.indices, ib);
    char json[4096];
    int n = snprintf(
        json, sizeof json,
        "{\"asset\":{\"version\":\"2.0\"},\"extensionsUsed\":[\"KHR_materials_variants\"],"
        "\"extensions\":{\"KHR_materials_variants\":{\"variants\":[{\"name\":\"Red\"},{\"name\":"
        "\"Blue\"}]}},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],\"nodes\":[{\"mesh\":0}],"
        "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"NORMAL\":1},\"indices\":2,"
        "\"material\":0,\"extensions\":{\"KHR_materials_variants\":{\"mappings\":[{\"material\":1,"
        "\"variants\":[0]},{\"material\":2,\"variants\":[1]}]}}}]}],"
        "\"materials\":[{\"name\":\"Grey\",\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.5,0.5,"
        "0.5,1],\"metallicFactor\":0}},{\"name\":\"RedGlaze\",\"pbrMetallicRoughness\":{"
        "\"baseColorFactor\":[0.8,0.02,0.02,1],\"metallicFactor\":0}},{\"name\":\"BlueGlaze\","
        "\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.02,0.02,0.8,1],\"metallicFactor\":0}}],"
        "\"buffers\":[{\"byteLength\":%zu}],\"bufferViews\":[{\"buffer\":0,\"byteLength\":%zu},"
        "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu},{\"buffer\":0,\"byteOffset\":%zu,"
        "\"byteLength\":%zu}],\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":%u,"
        "\"type\":\"VEC3\",\"min\":[-0.2,-0.2,-0.2],\"max\":[0.2,0.2,0.2]},{\"bufferView\":1,"
        "\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\"},{\"bufferView\":2,"
        "\"componentType\":5125,\"count\":%u,\"type\":\"SCALAR\"}]}",
        total, vb, vb, vb, 2 * vb, ib, d.vertex_count, d.vertex_count, d.index_count);
    assert_int_equal(vt_glb_write(path, json, (size_t)n, bin, total), VT_OK);
    free(bin);
    vt_mesh_data_free(&d);
}

static void model_variant_names_pick_khr_materials(void **state) {
    fixture *f = *state;
    char path[512];
    snprintf(path, sizeof path, "%s/khr.glb", f->dir);
    write_khr_glb(path);
    /* A store of its own: one product whose catalog variants name the model's
       variants; the second also overrides the red glaze's roughness only. */
    vt_store_def d = f->def;
    vt_product p = f->products[P_BOX];
    snprintf(p.id, sizeof p.id, "khr");
    snprintf(p.model, sizeof p.model, "%s", path);
    vt_variant v[2];
    memset(v, 0, sizeof v);
    vt_material_override o = {.fields = VT_OVERRIDE_ROUGHNESS, .roughness = 0.3f};
    snprintf(o.material, sizeof o.material, "RedGlaze");
    snprintf(v[0].id, sizeof v[0].id, "khr-blue");
    snprintf(v[0].model_variant, sizeof v[0].model_variant, "Blue");
    snprintf(v[1].id, sizeof v[1].id, "khr-red");
    snprintf(v[1].model_variant, sizeof v[1].model_variant, "Red");
    v[1].overrides = &o;
    v[1].override_count = 1;
    p.variants = v;
    p.variant_count = 2;
    vt_store_placement pl = {0, 0, {0, 0.75f, -2}, 0, 1};
    d.products = &p;
    d.product_count = 1;
    d.placements = &pl;
    d.placement_count = 1;
    d.fixture_count = 0;
    vt__world *w = NULL;
    assert_int_equal(
        vt__world_create(&(vt__world_desc){.def = &d, .renderer = f->gl.r, .load_threads = 1}, &w),
        VT_OK);
    double t0 = vt_time_now();
    while (vt__world_pending(w) > vt__world_failed(w) && vt_time_now() - t0 < 60) {
        vt__world_update(w, 0.0);
        usleep(1000);
    }
    assert_int_equal(vt__world_pending(w), 0);
    vt_aabb b;
    assert_true(vt__world_placement_bounds(w, 0, &b));
    vt_view view;
    eye_view((float[3]){0, 1.3f, -0.5f}, (float[3]){0, 0.95f, -2}, &view);
    uint8_t *blue = vt_test_render(&f->gl, vt__world_scene(w), &view, &(vt_frame_desc){0});
    vt__world_set_variant(w, 0, 1);
    uint8_t *red = vt_test_render(&f->gl, vt__world_scene(w), &view, &(vt_frame_desc){0});
    assert_non_null(blue);
    assert_non_null(red);
    vt_test_write_png("store_world_khr_red", W, H, red);
    float cb[3], cr[3];
    mean_colour(blue, &view, &b, cb);
    mean_colour(red, &view, &b, cr);
    assert_true(cb[2] > cb[0] + 60);
    assert_true(cr[0] > cr[2] + 60);
    /* model variants first (Red, Blue), then the catalog's: khr-blue, khr-red */
    const vt__wmodel *wm = &w->models[0];
    assert_int_equal(wm->model->variant_count, 4);
    assert_string_equal(wm->model->variants[2], "khr-blue");
    assert_int_equal(wm->variant_base[0], 2);
    const vt_material *m =
        &wm->model->materials[wm->model->meshes[0].variant_materials[3]]; /* khr-red */
    assert_string_equal(m->name, "RedGlaze");
    assert_float_equal(m->roughness, 0.3f, 1e-6f);
    assert_float_equal(m->base_color[0], 0.8f, 1e-6f);
    free(blue);
    free(red);
    vt__world_destroy(w);
    unlink(path);
}

static void destroy_while_loading_is_clean(void **state) {
    fixture *f = *state;
    open_world(f);
    vt__world_update(f->world, 0.0);
    vt__world_destroy(f->world); /* jobs in flight: waited for, freed */
    f->world = NULL;
}

static void store_from_spawn_png(void **state) {
    fixture *f = *state;
    open_world(f);
    load_all(f);
    vt_view v;
    eye_view((float[3]){0, 1.6f, 3.5f}, (float[3]){0, 1.2f, -3}, &v);
    uint8_t *img = vt_test_render(&f->gl, vt__world_scene(f->world), &v, &(vt_frame_desc){0});
    assert_non_null(img);
    vt_test_write_png("store_world_spawn", W, H, img);
    free(img);
    vt__world_destroy(f->world);
    f->world = NULL;
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(loads_complete_and_failed_model_counts),
        cmocka_unit_test(repeated_model_is_uploaded_once),
        cmocka_unit_test(pick_at_projected_centre_returns_placement),
        cmocka_unit_test(walking_stops_at_walls_and_fixtures),
        cmocka_unit_test(variant_switch_changes_rendered_colour),
        cmocka_unit_test(inspect_node_is_centred_at_true_scale),
        cmocka_unit_test(fitting_room_mirror_reflects_the_store),
        cmocka_unit_test(zero_budget_finishes_one_model_per_update),
        cmocka_unit_test(sandboxed_imports_load_the_same),
        cmocka_unit_test(missing_fixture_model_fails_create_naming_it),
        cmocka_unit_test(model_variant_names_pick_khr_materials),
        cmocka_unit_test(destroy_while_loading_is_clean),
        cmocka_unit_test(store_from_spawn_png),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
