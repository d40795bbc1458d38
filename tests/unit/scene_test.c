/* tests/unit/scene_test.c — the scene graph: handles, hierarchy, dirty world
   update, bounds, culling, lights and picking. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "assert_vec.h"

#include "vitrine/scene.h"
#include "vitrine/core.h"

#include <cglm/cglm.h>
#include <math.h>
#include <string.h>

/* Clang spells "built with AddressSanitizer" differently from GCC. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VT_TEST_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define VT_TEST_ASAN 1
#endif

static const float eps = 1e-5f;

static vt_scene *new_scene(uint32_t max_nodes) {
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){.max_nodes = max_nodes}, &s), VT_OK);
    assert_non_null(s);
    return s;
}

static void set_pos(vt_scene *s, vt_node n, float x, float y, float z) {
    vt_node_set_local(s, n, &(vt_transform){.translation = {x, y, z}});
}

/* Rotation of `angle` radians about unit axis (x, y, z). */
static vt_transform rotation(float angle, float x, float y, float z) {
    float h = sinf(angle * 0.5f);
    return (vt_transform){.rotation = {x * h, y * h, z * h, cosf(angle * 0.5f)}};
}

static vt_aabb box(float x0, float y0, float z0, float x1, float y1, float z1) {
    return (vt_aabb){{x0, y0, z0}, {x1, y1, z1}};
}

#define assert_vec3(v, x, y, z) assert_vec3_near(v, x, y, z, eps)

static void world_matrix_follows_parent_move(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node parent = vt_node_create(s, (vt_node){0});
    vt_node child = vt_node_create(s, parent);
    set_pos(s, child, 0, 1, 0);
    set_pos(s, parent, 2, 0, 0);
    vt_scene_update(s);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, child, w));
    assert_vec3(w[3], 2, 1, 0);
    set_pos(s, parent, -3, 0, 5);
    vt_scene_update(s);
    assert_true(vt_node_get_world(s, child, w));
    assert_vec3(w[3], -3, 1, 5);
    vt_scene_destroy(s);
}

static void zero_rotation_and_scale_mean_identity(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node n = vt_node_create(s, (vt_node){0});
    vt_node_set_local(s, n, &(vt_transform){0});
    vt_scene_update(s);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, n, w));
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) assert_float_equal(w[c][r], c == r ? 1.0f : 0.0f, 0.0f);
    }
    vt_scene_destroy(s);
}

static void local_is_translate_rotate_scale(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node n = vt_node_create(s, (vt_node){0});
    /* 90 degrees about +Z, scale 2 in x, then move to (1, 2, 3): local +X
       (length 2 after scaling) ends along +Y. */
    vt_transform t = rotation((float)GLM_PI_2, 0, 0, 1);
    t.scale[0] = 2;
    t.scale[1] = 1;
    t.scale[2] = 1;
    t.translation[0] = 1;
    t.translation[1] = 2;
    t.translation[2] = 3;
    vt_node_set_local(s, n, &t);
    vt_scene_update(s);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, n, w));
    assert_vec3(w[0], 0, 2, 0);  /* x axis: scaled then rotated */
    assert_vec3(w[1], -1, 0, 0); /* y axis */
    assert_vec3(w[2], 0, 0, 1);
    assert_vec3(w[3], 1, 2, 3); /* translation untouched by R and S */
    vt_transform back;
    assert_true(vt_node_get_local(s, n, &back));
    assert_memory_equal(&back, &t, sizeof t);
    vt_scene_destroy(s);
}

static void only_dirty_subtree_is_recomputed(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node root = vt_node_create(s, (vt_node){0});
    vt_node a = vt_node_create(s, root);
    vt_node a1 = vt_node_create(s, a);
    vt_node a2 = vt_node_create(s, a);
    vt_node b = vt_node_create(s, root);
    vt_node b1 = vt_node_create(s, b);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 6);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 0);

    set_pos(s, a, 1, 0, 0);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 3); /* a, a1, a2 */

    /* A dirty child under a dirty parent is still computed once. */
    set_pos(s, a2, 0, 1, 0);
    set_pos(s, a, 2, 0, 0);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 3);

    set_pos(s, b1, 0, 0, 1);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 1);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, a2, w));
    assert_vec3(w[3], 2, 1, 0);
    assert_true(vt_node_get_world(s, a1, w));
    assert_vec3(w[3], 2, 0, 0);
    assert_true(vt_node_get_world(s, b1, w));
    assert_vec3(w[3], 0, 0, 1);

    set_pos(s, root, 0, 5, 0);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 6);
    assert_true(vt_node_get_world(s, b1, w));
    assert_vec3(w[3], 0, 5, 1);

    /* A child stored before its parent (created first, moved under later)
       is still computed once, after the parent. */
    vt_node early = vt_node_create(s, (vt_node){0});
    vt_node late = vt_node_create(s, (vt_node){0});
    assert_true(vt_node_set_parent(s, early, late));
    vt_scene_update(s);
    set_pos(s, early, 0, 1, 0);
    set_pos(s, late, 7, 0, 0);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 2);
    assert_true(vt_node_get_world(s, early, w));
    assert_vec3(w[3], 7, 1, 0);
    vt_scene_destroy(s);
}

static void world_is_stale_until_update(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node n = vt_node_create(s, (vt_node){0});
    vt_scene_update(s);
    set_pos(s, n, 4, 0, 0);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, n, w));
    assert_float_equal(w[3][0], 0.0f, 0.0f);
    vt_scene_update(s);
    assert_true(vt_node_get_world(s, n, w));
    assert_float_equal(w[3][0], 4.0f, 0.0f);
    vt_scene_destroy(s);
}

static void destroyed_handle_is_invalid(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node keep = vt_node_create(s, (vt_node){0});
    vt_node parent = vt_node_create(s, (vt_node){0});
    vt_node child = vt_node_create(s, parent);
    vt_node grandchild = vt_node_create(s, child);
    assert_int_equal(vt_scene_node_count(s), 4);
    assert_true(vt_node_valid(s, grandchild));

    vt_node_destroy(s, parent);
    assert_false(vt_node_valid(s, parent));
    assert_false(vt_node_valid(s, child));
    assert_false(vt_node_valid(s, grandchild));
    assert_true(vt_node_valid(s, keep));
    assert_int_equal(vt_scene_node_count(s), 1);
    assert_false(vt_node_valid(s, (vt_node){0}));
    assert_false(vt_node_valid(s, (vt_node){0xdeadbeef}));

    vt_mat4 w;
    vt_transform t;
    assert_false(vt_node_get_world(s, child, w));
    assert_false(vt_node_get_local(s, child, &t));
    assert_int_equal(vt_node_get_mesh(s, child), 0);
    assert_string_equal(vt_node_get_name(s, child), "");
    assert_true(vt_aabb_is_empty(&(vt_aabb){0}) == false); /* sanity: {0} is a point box */
    vt_aabb b = vt_node_get_world_bounds(s, child);
    assert_true(vt_aabb_is_empty(&b));
    assert_int_equal(vt_node_get_parent(s, grandchild).id, 0);
    /* Setters on a stale handle are ignored (with a warning), not a crash. */
    vt_log_set_level(VT_LOG_SILENT);
    set_pos(s, child, 1, 1, 1);
    vt_node_destroy(s, child);
    vt_log_set_level(VT_LOG_WARN);
    assert_int_equal(vt_scene_node_count(s), 1);
    /* An invalid parent is refused. */
    assert_int_equal(vt_node_create(s, child).id, 0);
    assert_string_not_equal(vt_last_error(), "");
    vt_scene_destroy(s);
}

static void destroying_a_child_keeps_its_siblings(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node parent = vt_node_create(s, (vt_node){0});
    vt_node c1 = vt_node_create(s, parent);
    vt_node c2 = vt_node_create(s, parent);
    vt_node c3 = vt_node_create(s, parent);
    vt_scene_update(s);
    vt_node_destroy(s, c2); /* middle */
    set_pos(s, parent, 1, 0, 0);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 3); /* parent, c1, c3 */
    vt_node_destroy(s, c3);                               /* last */
    vt_node c4 = vt_node_create(s, parent);
    vt_node c5 = vt_node_create(s, parent);
    vt_node_destroy(s, c1); /* first */
    vt_scene_update(s);
    set_pos(s, parent, 2, 0, 0);
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 3); /* parent, c4, c5 */
    vt_mat4 w;
    assert_true(vt_node_get_world(s, c5, w));
    assert_float_equal(w[3][0], 2.0f, 0.0f);
    assert_true(vt_node_get_world(s, c4, w));
    assert_float_equal(w[3][0], 2.0f, 0.0f);
    assert_int_equal(vt_node_get_parent(s, c4).id, parent.id);
    assert_int_equal(vt_scene_node_count(s), 3);
    vt_scene_destroy(s);
}

static void stale_handle_not_reused(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node old = vt_node_create(s, (vt_node){0});
    vt_node_destroy(s, old);
    vt_node fresh = vt_node_create(s, (vt_node){0});
    assert_int_not_equal(fresh.id, 0);
    assert_int_not_equal(fresh.id, old.id);
    assert_false(vt_node_valid(s, old));
    assert_true(vt_node_valid(s, fresh));

    /* A write through the stale handle must not reach the new node. */
    vt_log_set_level(VT_LOG_SILENT);
    set_pos(s, old, 9, 9, 9);
    vt_node_set_name(s, old, "ghost");
    vt_log_set_level(VT_LOG_WARN);
    vt_scene_update(s);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, fresh, w));
    assert_vec3(w[3], 0, 0, 0);
    assert_string_equal(vt_node_get_name(s, fresh), "");

    /* Across many reuses of the same slot no old handle comes back, even when
       the generation counter runs out. */
    vt_node first = fresh;
    for (int i = 0; i < 5000; i++) {
        vt_node_destroy(s, fresh);
        fresh = vt_node_create(s, (vt_node){0});
        assert_int_not_equal(fresh.id, 0);
        assert_false(vt_node_valid(s, first));
        assert_false(vt_node_valid(s, old));
    }
    assert_int_equal(vt_scene_node_count(s), 1);
    vt_scene_destroy(s);
}

static void node_limit_is_reported(void **state) {
    (void)state;
    vt_scene *s = new_scene(2);
    vt_node a = vt_node_create(s, (vt_node){0});
    vt_node b = vt_node_create(s, a);
    assert_int_not_equal(b.id, 0);
    vt_clear_error();
    assert_int_equal(vt_node_create(s, (vt_node){0}).id, 0);
    assert_non_null(strstr(vt_last_error(), "limit"));
    vt_node_destroy(s, b);
    assert_int_not_equal(vt_node_create(s, a).id, 0);
    vt_scene_destroy(s);
}

static void many_nodes_grow_the_arrays(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node parent = vt_node_create(s, (vt_node){0});
    set_pos(s, parent, 0, 1, 0);
    vt_node last = {0};
    for (int i = 0; i < 3000; i++) {
        last = vt_node_create(s, parent);
        set_pos(s, last, (float)i, 0, 0);
    }
    vt_scene_update(s);
    assert_int_equal(vt_scene_node_count(s), 3001);
    assert_int_equal(vt_scene_query_updated_count(s), 3001);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, last, w));
    assert_vec3(w[3], 2999, 1, 0);
    vt_scene_destroy(s);
}

static void names_are_copied_and_found(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node a = vt_node_create(s, (vt_node){0});
    vt_node b = vt_node_create(s, a);
    char name[16] = "shelf";
    vt_node_set_name(s, b, name);
    name[0] = 'X';
    assert_string_equal(vt_node_get_name(s, b), "shelf");
    assert_int_equal(vt_node_find(s, "shelf").id, b.id);
    assert_int_equal(vt_node_find(s, "shelves").id, 0);
    assert_int_equal(vt_node_find(s, "shel").id, 0);
    char longname[100];
    memset(longname, 'a', sizeof longname - 1);
    longname[99] = '\0';
    vt_node_set_name(s, a, longname);
    assert_int_equal(strlen(vt_node_get_name(s, a)), 63);
    vt_scene_destroy(s);
}

static void reparent_rejects_cycle(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node a = vt_node_create(s, (vt_node){0});
    vt_node b = vt_node_create(s, a);
    vt_node c = vt_node_create(s, b);
    assert_false(vt_node_set_parent(s, a, c));
    assert_false(vt_node_set_parent(s, a, b));
    assert_false(vt_node_set_parent(s, b, b));
    assert_int_equal(vt_node_get_parent(s, a).id, 0);
    assert_int_equal(vt_node_get_parent(s, b).id, a.id);
    assert_int_equal(vt_node_get_parent(s, c).id, b.id);
    /* Not a cycle: moving c up to the root and a under c. */
    assert_true(vt_node_set_parent(s, c, (vt_node){0}));
    assert_true(vt_node_set_parent(s, a, c));
    assert_int_equal(vt_node_get_parent(s, a).id, c.id);
    vt_scene_destroy(s);
}

static void reparent_keeps_local_transform(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node p1 = vt_node_create(s, (vt_node){0});
    vt_node p2 = vt_node_create(s, (vt_node){0});
    vt_node n = vt_node_create(s, p1);
    set_pos(s, p1, 1, 0, 0);
    set_pos(s, p2, 0, 0, -7);
    set_pos(s, n, 0, 2, 0);
    vt_scene_update(s);
    assert_true(vt_node_set_parent(s, n, p2));
    vt_scene_update(s);
    assert_int_equal(vt_scene_query_updated_count(s), 1);
    vt_mat4 w;
    assert_true(vt_node_get_world(s, n, w));
    assert_vec3(w[3], 0, 2, -7);
    /* Destroying the old parent leaves the moved node alone. */
    vt_node_destroy(s, p1);
    assert_true(vt_node_valid(s, n));
    vt_scene_destroy(s);
}

static void world_bounds_follow_rotation(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node parent = vt_node_create(s, (vt_node){0});
    vt_node n = vt_node_create(s, parent);
    set_pos(s, n, 1, 0, 0);
    vt_aabb local = box(-2, -0.5f, -1, 2, 0.5f, 1);
    vt_node_set_mesh(s, n, 7, &local);
    vt_scene_update(s);
    vt_aabb b = vt_node_get_world_bounds(s, n);
    assert_vec3(b.min, -1, -0.5f, -1);
    assert_vec3(b.max, 3, 0.5f, 1);

    /* 90 degrees about +Y turns x extents into z extents, and the child's
       offset (1, 0, 0) to (0, 0, -1): the parent applies after the child. */
    vt_transform t = rotation((float)GLM_PI_2, 0, 1, 0);
    t.translation[1] = 3;
    vt_node_set_local(s, parent, &t);
    vt_scene_update(s);
    b = vt_node_get_world_bounds(s, n);
    assert_vec3(b.min, -1, 2.5f, -3);
    assert_vec3(b.max, 1, 3.5f, 1);

    /* 45 degrees: the box grows to hold the rotated corners. */
    t = rotation((float)GLM_PI_4, 0, 1, 0);
    vt_node_set_local(s, parent, &t);
    vt_scene_update(s);
    b = vt_node_get_world_bounds(s, n);
    float c = sqrtf(0.5f), e = 3.0f * sqrtf(0.5f);
    assert_vec3(b.min, c - e, -0.5f, -c - e);
    assert_vec3(b.max, c + e, 0.5f, -c + e);

    vt_node_set_mesh(s, n, 0, NULL);
    b = vt_node_get_world_bounds(s, n);
    assert_true(vt_aabb_is_empty(&b));
    assert_int_equal(vt_node_get_mesh(s, n), 0);
    vt_scene_destroy(s);
}

static void perspective_view_proj(vt_mat4 out) {
    mat4 proj, view, vp;
    glm_perspective((float)GLM_PI_2, 1.0f, 0.1f, 100.0f, proj);
    glm_lookat((vec3){0, 0, 0}, (vec3){0, 0, -1}, (vec3){0, 1, 0}, view);
    glm_mat4_mul(proj, view, vp);
    memcpy(out, vp, sizeof vp);
}

static vt_node add_instance(vt_scene *s, uint32_t mesh, float x, float y, float z) {
    vt_node n = vt_node_create(s, (vt_node){0});
    set_pos(s, n, x, y, z);
    vt_aabb b = box(-0.5f, -0.5f, -0.5f, 0.5f, 0.5f, 0.5f);
    vt_node_set_mesh(s, n, mesh, &b);
    return n;
}

static void frustum_culls_box_behind_camera(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node front = add_instance(s, 1, 0, 0, -5);
    add_instance(s, 2, 0, 0, 5);                    /* behind */
    add_instance(s, 3, 20, 0, -5);                  /* far to the right of a 90 degree view */
    add_instance(s, 4, 0, 0, -200);                 /* past the far plane */
    vt_node edge = add_instance(s, 5, 5.4f, 0, -5); /* straddles the right plane */
    vt_scene_update(s);
    vt_mat4 vp;
    perspective_view_proj(vp);
    vt_draw_item items[8];
    uint32_t n = vt_scene_cull(s, vp, items, 8);
    assert_int_equal(n, 2);
    assert_int_equal(items[0].node.id, front.id);
    assert_int_equal(items[0].mesh, 1);
    assert_int_equal(items[1].node.id, edge.id);
    assert_int_equal(items[1].mesh, 5);
    assert_vec3(items[0].world[3], 0, 0, -5);
    assert_vec3(items[0].bounds.min, -0.5f, -0.5f, -5.5f);
    /* Without a view every visible instance is listed. */
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 5);
    vt_scene_destroy(s);
}

static void unknown_bounds_are_never_culled(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node n = vt_node_create(s, (vt_node){0});
    set_pos(s, n, 0, 0, 50); /* behind the camera */
    vt_node_set_mesh(s, n, 9, NULL);
    vt_scene_update(s);
    vt_mat4 vp;
    perspective_view_proj(vp);
    vt_draw_item item;
    assert_int_equal(vt_scene_cull(s, vp, &item, 1), 1);
    assert_int_equal(item.mesh, 9);
    assert_true(vt_aabb_is_empty(&item.bounds));
    vt_aabb all;
    assert_false(vt_scene_bounds(s, &all)); /* nothing known to bound */
    /* Without geometry there is nothing to pick either. */
    vt_ray ray = {{0, 0, 0}, {0, 0, 1}};
    vt_pick pick;
    assert_false(vt_scene_pick(s, &ray, &pick));
    vt_scene_destroy(s);
}

static void cull_two_call_idiom(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node nodes[5];
    for (uint32_t i = 0; i < 5; i++) nodes[i] = add_instance(s, 10 + i, (float)i, 0, -3);
    vt_node_set_variant(s, nodes[1], 2);
    vt_node plain = vt_node_create(s, (vt_node){0}); /* no mesh: never listed */
    (void)plain;
    vt_scene_update(s);
    uint32_t total = vt_scene_cull(s, NULL, NULL, 0);
    assert_int_equal(total, 5);
    vt_draw_item items[5];
    memset(items, 0xab, sizeof items);
    assert_int_equal(vt_scene_cull(s, NULL, items, 2), 5);
    assert_int_equal(items[0].node.id, nodes[0].id);
    assert_int_equal(items[1].node.id, nodes[1].id);
    assert_int_equal(items[1].mesh, 11);
    assert_int_equal(items[1].variant, 2);
    assert_int_equal(items[0].variant, 0);
    /* Capacity respected: the third item untouched. */
    assert_int_equal(items[2].mesh, 0xabababab);
    assert_int_equal(vt_scene_cull(s, NULL, items, total), 5);
    assert_int_equal(items[4].mesh, 14);
    vt_scene_destroy(s);
}

static void hidden_parent_hides_children(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node parent = vt_node_create(s, (vt_node){0});
    vt_node child = vt_node_create(s, parent);
    vt_node grandchild = vt_node_create(s, child);
    vt_aabb b = box(-1, -1, -1, 1, 1, 1);
    vt_node_set_mesh(s, child, 1, &b);
    vt_node_set_mesh(s, grandchild, 2, &b);
    vt_node_set_light(s, grandchild, &(vt_light){.type = VT_LIGHT_POINT, .intensity = 1});
    vt_scene_update(s);
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 2);

    vt_node_set_visible(s, parent, false);
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 0);
    assert_int_equal(vt_scene_lights(s, NULL, 0), 0);
    vt_aabb all;
    assert_false(vt_scene_bounds(s, &all));
    vt_pick pick;
    vt_ray ray = {{0, 0, 5}, {0, 0, -1}};
    assert_false(vt_scene_pick(s, &ray, &pick));
    /* A node created under a hidden parent starts hidden. */
    vt_node late = vt_node_create(s, grandchild);
    vt_node_set_mesh(s, late, 3, &b);
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 0);

    /* The child's own flag survives the parent being shown again. */
    vt_node_set_visible(s, child, false);
    vt_node_set_visible(s, parent, true);
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 0);
    vt_node_set_visible(s, child, true);
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 3);
    assert_int_equal(vt_scene_lights(s, NULL, 0), 1);

    /* Moving a node under a hidden parent hides it. */
    vt_node hidden = vt_node_create(s, (vt_node){0});
    vt_node_set_visible(s, hidden, false);
    assert_true(vt_node_set_parent(s, child, hidden));
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), 0);
    vt_scene_destroy(s);
}

static void scene_bounds_unite_visible_instances(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_aabb b;
    assert_false(vt_scene_bounds(s, &b));
    add_instance(s, 1, -3, 0, 0);
    add_instance(s, 1, 0, 4, 1);
    vt_scene_update(s);
    assert_true(vt_scene_bounds(s, &b));
    assert_vec3(b.min, -3.5f, -0.5f, -0.5f);
    assert_vec3(b.max, 0.5f, 4.5f, 1.5f);
    vt_scene_destroy(s);
}

static double now_ms(void) {
    return vt_time_now() * 1000.0;
}

static void cull_10000_instances_is_fast(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node aisle = vt_node_create(s, (vt_node){0});
    for (int i = 0; i < 10000; i++) {
        vt_node n = vt_node_create(s, aisle);
        set_pos(s, n, (float)(i % 100) - 50.0f, 0, -(float)(i / 100));
        vt_aabb b = box(-0.3f, 0, -0.3f, 0.3f, 1.5f, 0.3f);
        vt_node_set_mesh(s, n, 1 + (uint32_t)i % 50, &b);
    }
    vt_scene_update(s);
    vt_mat4 vp;
    perspective_view_proj(vp);
    static vt_draw_item items[10000];
    uint32_t visible = vt_scene_cull(s, vp, items, 10000);
    /* Some rows ahead are in the view; none behind or beyond 100 m. */
    assert_true(visible > 100 && visible < 10000);
    double best = 1e9;
    for (int run = 0; run < 20; run++) {
        double t0 = now_ms();
        uint32_t again = vt_scene_cull(s, vp, items, 10000);
        double t = now_ms() - t0;
        assert_int_equal(again, visible);
        if (t < best) best = t;
    }
#if defined(VT_TEST_ASAN)
    const double limit_ms = 4.0; /* instrumented build: only catch gross regressions */
#else
    const double limit_ms = 1.0;
#endif
    print_message("cull of 10000 instances: %.3f ms (%u visible)\n", best, visible);
    assert_true(best < limit_ms);
    vt_scene_destroy(s);
}

static void lights_report_world_position_and_direction(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_node rig = vt_node_create(s, (vt_node){0});
    /* Tilted -90 degrees about +X: -Z turns to -Y (shining down). */
    vt_transform t = rotation(-(float)GLM_PI_2, 1, 0, 0);
    t.translation[1] = 3;
    t.scale[0] = t.scale[1] = t.scale[2] = 4; /* scale must not leak into direction */
    vt_node_set_local(s, rig, &t);
    vt_node lamp = vt_node_create(s, rig);
    set_pos(s, lamp, 0, 0, 0.5f);
    vt_light spot = {.type = VT_LIGHT_SPOT,
                     .color = {1, 0.5f, 0.25f},
                     .intensity = 800,
                     .inner_cone = 0.2f,
                     .outer_cone = 0.4f,
                     .cast_shadow = true};
    vt_node_set_light(s, lamp, &spot);
    vt_node sun = vt_node_create(s, (vt_node){0});
    vt_node_set_light(s, sun, &(vt_light){.type = VT_LIGHT_DIRECTIONAL, .intensity = 5});
    vt_scene_update(s);

    assert_int_equal(vt_scene_lights(s, NULL, 0), 2);
    vt_light_item items[2];
    assert_int_equal(vt_scene_lights(s, items, 1), 2);
    assert_int_equal(items[0].node.id, lamp.id);
    assert_int_equal(items[0].light.type, VT_LIGHT_SPOT);
    assert_float_equal(items[0].light.intensity, 800, 0);
    assert_true(items[0].light.cast_shadow);
    assert_vec3(items[0].position, 0, 5, 0); /* (0, 0, 0.5) * 4, turned to +Y, lifted 3 */
    assert_vec3(items[0].direction, 0, -1, 0);
    assert_int_equal(vt_scene_lights(s, items, 2), 2);
    assert_int_equal(items[1].node.id, sun.id);
    assert_vec3(items[1].direction, 0, 0, -1);

    vt_node_set_light(s, lamp, NULL);
    assert_int_equal(vt_scene_lights(s, items, 2), 1);
    vt_scene_destroy(s);
}

/* A 1 x 1 plane facing +Z: triangle 0 is the lower left half (x + y < 0),
   triangle 1 the upper right. */
static vt_mesh_data unit_plane(void) {
    vt_mesh_data m;
    assert_int_equal(vt_mesh_plane(1, 1, &m), VT_OK);
    return m;
}

static void picking_returns_nearest_triangle(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_mesh_data plane = unit_plane();
    vt_scene_set_mesh_geometry(s, 1, &plane);
    vt_aabb pb = vt_mesh_bounds(&plane);

    /* Far: a plain plane at z = -4. Near: the same plane doubled in size,
       turned 180 degrees about Y (seen from its back) at z = -1. Both cover
       the ray; the near one must win. */
    vt_node far = vt_node_create(s, (vt_node){0});
    set_pos(s, far, 0, 0, -4);
    vt_node_set_mesh(s, far, 1, &pb);
    vt_node near = vt_node_create(s, (vt_node){0});
    vt_transform t = rotation((float)GLM_PI, 0, 1, 0);
    t.translation[2] = -1;
    t.scale[0] = t.scale[1] = t.scale[2] = 2;
    vt_node_set_local(s, near, &t);
    vt_node_set_mesh(s, near, 1, &pb);
    vt_scene_update(s);

    /* dir of length 2: distances are in units of |dir|. World (0.3, 0.2)
       maps to local (-0.15, 0.1) in the near plane: x + y < 0, triangle 0. */
    vt_ray ray = {{0.3f, 0.2f, 5}, {0, 0, -2}};
    vt_pick pick;
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_int_equal(pick.node.id, near.id);
    assert_int_equal(pick.triangle, 0);
    assert_float_equal(pick.distance, 3.0f, eps);
    assert_vec3(pick.point, 0.3f, 0.2f, -1);

    /* Hide the near one: the far plane, where (0.3, 0.2) is triangle 1. */
    vt_node_set_visible(s, near, false);
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_int_equal(pick.node.id, far.id);
    assert_int_equal(pick.triangle, 1);
    assert_float_equal(pick.distance, 4.5f, eps);
    assert_vec3(pick.point, 0.3f, 0.2f, -4);

    /* Beside the far plane (|x| > 0.5) but inside the near one, at local
       (0.4, 0.15): triangle 1. */
    vt_node_set_visible(s, near, true);
    ray = (vt_ray){{-0.8f, 0.3f, 5}, {0, 0, -1}};
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_int_equal(pick.node.id, near.id);
    assert_int_equal(pick.triangle, 1);
    assert_float_equal(pick.distance, 6.0f, eps);
    vt_scene_destroy(s);
    vt_mesh_data_free(&plane);
}

static void picking_returns_front_face_of_closed_mesh(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_mesh_data cube;
    assert_int_equal(vt_mesh_box((float[3]){2, 2, 2}, &cube), VT_OK);
    vt_scene_set_mesh_geometry(s, 4, &cube);
    vt_aabb cb = vt_mesh_bounds(&cube);
    vt_node n = vt_node_create(s, (vt_node){0});
    set_pos(s, n, 0, 0, -10);
    vt_node_set_mesh(s, n, 4, &cb);
    vt_scene_update(s);
    /* The ray meets the +Z face (triangles 8 and 9) at z = -9, then the -Z
       face (10 and 11) at z = -11; the first is the answer. (0.5, -0.5) is
       below the face's diagonal: triangle 8. */
    vt_ray ray = {{0.5f, -0.5f, 0}, {0, 0, -1}};
    vt_pick pick;
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_int_equal(pick.node.id, n.id);
    assert_int_equal(pick.triangle, 8);
    assert_float_equal(pick.distance, 9.0f, eps);
    assert_vec3(pick.point, 0.5f, -0.5f, -9);
    /* From inside, looking toward -X: the -X face (triangles 2 and 3). */
    ray = (vt_ray){{0, 0.5f, -10}, {-1, 0, 0}};
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_true(pick.triangle == 2 || pick.triangle == 3);
    assert_float_equal(pick.distance, 1.0f, eps);
    vt_scene_destroy(s);
    vt_mesh_data_free(&cube);
}

static void picking_misses_outside(void **state) {
    (void)state;
    vt_scene *s = new_scene(0);
    vt_mesh_data sphere;
    assert_int_equal(vt_mesh_sphere(1, 32, 16, &sphere), VT_OK);
    vt_scene_set_mesh_geometry(s, 3, &sphere);
    vt_aabb sb = vt_mesh_bounds(&sphere);
    vt_node n = vt_node_create(s, (vt_node){0});
    set_pos(s, n, 0, 0, -5);
    vt_node_set_mesh(s, n, 3, &sb);
    vt_scene_update(s);
    vt_pick pick;
    /* Beside the sphere. */
    vt_ray ray = {{2, 0, 0}, {0, 0, -1}};
    assert_false(vt_scene_pick(s, &ray, &pick));
    /* Through the corner of its box but not the sphere. */
    ray = (vt_ray){{0.9f, 0.9f, 0}, {0, 0, -1}};
    assert_false(vt_scene_pick(s, &ray, &pick));
    /* Pointing away. */
    ray = (vt_ray){{0, 0, 0}, {0, 0, 1}};
    assert_false(vt_scene_pick(s, &ray, &pick));
    /* And a hit, for contrast: the front of the sphere at z = -4. */
    ray = (vt_ray){{0, 0, 0}, {0, 0, -1}};
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_float_equal(pick.distance, 4.0f, 1e-3f);
    /* Unregistered geometry: the world box is what is hit. */
    vt_scene_set_mesh_geometry(s, 3, NULL);
    ray = (vt_ray){{0.9f, 0.9f, 0}, {0, 0, -1}};
    assert_true(vt_scene_pick(s, &ray, &pick));
    assert_int_equal(pick.triangle, UINT32_MAX);
    assert_float_equal(pick.distance, 4.0f, eps);
    vt_scene_destroy(s);
    vt_mesh_data_free(&sphere);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(world_matrix_follows_parent_move),
        cmocka_unit_test(zero_rotation_and_scale_mean_identity),
        cmocka_unit_test(local_is_translate_rotate_scale),
        cmocka_unit_test(only_dirty_subtree_is_recomputed),
        cmocka_unit_test(world_is_stale_until_update),
        cmocka_unit_test(destroyed_handle_is_invalid),
        cmocka_unit_test(destroying_a_child_keeps_its_siblings),
        cmocka_unit_test(stale_handle_not_reused),
        cmocka_unit_test(node_limit_is_reported),
        cmocka_unit_test(many_nodes_grow_the_arrays),
        cmocka_unit_test(names_are_copied_and_found),
        cmocka_unit_test(reparent_rejects_cycle),
        cmocka_unit_test(reparent_keeps_local_transform),
        cmocka_unit_test(world_bounds_follow_rotation),
        cmocka_unit_test(frustum_culls_box_behind_camera),
        cmocka_unit_test(unknown_bounds_are_never_culled),
        cmocka_unit_test(cull_two_call_idiom),
        cmocka_unit_test(hidden_parent_hides_children),
        cmocka_unit_test(scene_bounds_unite_visible_instances),
        cmocka_unit_test(cull_10000_instances_is_fast),
        cmocka_unit_test(lights_report_world_position_and_direction),
        cmocka_unit_test(picking_returns_nearest_triangle),
        cmocka_unit_test(picking_returns_front_face_of_closed_mesh),
        cmocka_unit_test(picking_misses_outside),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
