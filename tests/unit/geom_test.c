/* tests/unit/geom_test.c — bounds, frustums, rays and mesh utilities. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "assert_vec.h"

#include "vitrine/geom.h"

#include <cglm/cglm.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const float eps = 1e-5f;

#define assert_vec3(v, x, y, z) assert_vec3_near(v, x, y, z, eps)

static float dot3(const float *a, const float *b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void cross3(const float *a, const float *b, float *out) {
    out[0] = a[1] * b[2] - a[2] * b[1];
    out[1] = a[2] * b[0] - a[0] * b[2];
    out[2] = a[0] * b[1] - a[1] * b[0];
}

static void face_normal(const vt_mesh_data *m, uint32_t t, float out[3]) {
    const float *p0 = &m->positions[3 * m->indices[3 * t]];
    const float *p1 = &m->positions[3 * m->indices[3 * t + 1]];
    const float *p2 = &m->positions[3 * m->indices[3 * t + 2]];
    float e1[3] = {p1[0] - p0[0], p1[1] - p0[1], p1[2] - p0[2]};
    float e2[3] = {p2[0] - p0[0], p2[1] - p0[1], p2[2] - p0[2]};
    cross3(e1, e2, out);
}

static void aabb_extend_and_merge(void **state) {
    (void)state;
    vt_aabb b = vt_aabb_empty();
    assert_true(vt_aabb_is_empty(&b));
    vt_aabb_extend(&b, (float[3]){1, -2, 3});
    assert_false(vt_aabb_is_empty(&b));
    vt_aabb_extend(&b, (float[3]){-1, 4, 3});
    assert_vec3(b.min, -1, -2, 3);
    assert_vec3(b.max, 1, 4, 3);
    vt_aabb e = vt_aabb_empty();
    vt_aabb_merge(&b, &e); /* merging nothing changes nothing */
    assert_vec3(b.min, -1, -2, 3);
    vt_aabb other = {{0, 0, -5}, {2, 1, 0}};
    vt_aabb_merge(&b, &other);
    assert_vec3(b.min, -1, -2, -5);
    assert_vec3(b.max, 2, 4, 3);
    float c[3], s[3];
    vt_aabb_center(&b, c);
    vt_aabb_size(&b, s);
    assert_vec3(c, 0.5f, 1, -1);
    assert_vec3(s, 3, 6, 8);
    vt_aabb_size(&e, s);
    assert_vec3(s, 0, 0, 0);
}

static void aabb_transform_of_empty_stays_empty(void **state) {
    (void)state;
    vt_aabb e = vt_aabb_empty();
    mat4 m;
    glm_translate_make(m, (vec3){1, 2, 3});
    glm_rotate(m, 0.7f, (vec3){0, 1, 0});
    vt_aabb r = vt_aabb_transform(&e, m);
    assert_true(vt_aabb_is_empty(&r));
    /* An empty box on one axis only is empty too, also under a rotation
       that mixes that axis into the others. */
    vt_aabb half = {{0, 1, 0}, {1, 0, 1}};
    assert_true(vt_aabb_is_empty(&half));
    r = vt_aabb_transform(&half, m);
    assert_true(vt_aabb_is_empty(&r));
    glm_rotate(m, 0.9f, (vec3){1, 0, 0});
    r = vt_aabb_transform(&half, m);
    assert_true(vt_aabb_is_empty(&r));
}

static void aabb_transform_bounds_rotated_corners(void **state) {
    (void)state;
    vt_aabb b = {{-1, -2, -3}, {1, 2, 3}};
    mat4 m;
    glm_translate_make(m, (vec3){10, 0, 0});
    glm_rotate(m, (float)GLM_PI_4, (vec3){0, 0, 1});
    glm_scale(m, (vec3){2, 1, 1});
    vt_aabb r = vt_aabb_transform(&b, m);
    /* Reference: the 8 corners, transformed one by one. */
    vt_aabb ref = vt_aabb_empty();
    for (int c = 0; c < 8; c++) {
        vec3 p = {(c & 1) ? 1.0f : -1.0f, (c & 2) ? 2.0f : -2.0f, (c & 4) ? 3.0f : -3.0f}, q;
        glm_mat4_mulv3(m, p, 1.0f, q);
        vt_aabb_extend(&ref, q);
    }
    assert_vec3(r.min, ref.min[0], ref.min[1], ref.min[2]);
    assert_vec3(r.max, ref.max[0], ref.max[1], ref.max[2]);
    float e = (2.0f + 2.0f) * sqrtf(0.5f); /* x: 2 * 1 * cos45 + 2 * sin45 */
    assert_vec3(r.min, 10 - e, -e, -3);
}

static void frustum_planes_are_normalised_and_ordered(void **state) {
    (void)state;
    mat4 proj;
    /* An orthographic box x -2..4, y -1..1, z -1..-10 (near 1, far 10). */
    glm_ortho(-2, 4, -1, 1, 1, 10, proj);
    vt_frustum f;
    vt_frustum_from_matrix(proj, &f);
    for (int p = 0; p < 6; p++) assert_float_equal(sqrtf(dot3(f.planes[p], f.planes[p])), 1, eps);
    /* left: x >= -2 */
    assert_vec3(f.planes[0], 1, 0, 0);
    assert_float_equal(f.planes[0][3], 2, eps);
    /* right: x <= 4 */
    assert_vec3(f.planes[1], -1, 0, 0);
    assert_float_equal(f.planes[1][3], 4, eps);
    assert_vec3(f.planes[2], 0, 1, 0);  /* bottom */
    assert_vec3(f.planes[3], 0, -1, 0); /* top */
    /* near: z <= -1, far: z >= -10 */
    assert_vec3(f.planes[4], 0, 0, -1);
    assert_float_equal(f.planes[4][3], -1, eps);
    assert_vec3(f.planes[5], 0, 0, 1);
    assert_float_equal(f.planes[5][3], 10, eps);
}

static void frustum_test_aabb_sorts_inside_outside(void **state) {
    (void)state;
    mat4 proj, view, vp;
    glm_perspective((float)GLM_PI_2, 1.0f, 0.5f, 50.0f, proj);
    /* Camera at (0, 0, 10) looking at the origin. */
    glm_lookat((vec3){0, 0, 10}, (vec3){0, 0, 0}, (vec3){0, 1, 0}, view);
    glm_mat4_mul(proj, view, vp);
    vt_frustum f;
    vt_frustum_from_matrix(vp, &f);
    vt_aabb centre = {{-1, -1, -1}, {1, 1, 1}};
    vt_aabb behind = {{-1, -1, 11}, {1, 1, 12}};
    vt_aabb too_far = {{-1, -1, -45}, {1, 1, -42}};
    vt_aabb left = {{-30, -1, -1}, {-12, 1, 1}};            /* half width at z = 0 is 10 */
    vt_aabb straddle = {{-11, -1, -1}, {-9, 1, 1}};         /* crosses the left plane */
    vt_aabb around = {{-100, -100, -100}, {100, 100, 100}}; /* holds the whole frustum */
    vt_aabb empty = vt_aabb_empty();
    assert_true(vt_frustum_test_aabb(&f, &centre));
    assert_false(vt_frustum_test_aabb(&f, &behind));
    assert_false(vt_frustum_test_aabb(&f, &too_far));
    assert_false(vt_frustum_test_aabb(&f, &left));
    assert_true(vt_frustum_test_aabb(&f, &straddle));
    assert_true(vt_frustum_test_aabb(&f, &around));
    assert_false(vt_frustum_test_aabb(&f, &empty));
}

static void ray_aabb_gives_entry_distance(void **state) {
    (void)state;
    vt_aabb b = {{-1, -1, -1}, {1, 1, 1}};
    float t = -1;
    vt_ray r = {{0, 0, 5}, {0, 0, -2}};
    assert_true(vt_ray_aabb(&r, &b, &t));
    assert_float_equal(t, 2.0f, eps); /* z = 1 at t = 2 (|dir| = 2) */
    r = (vt_ray){{0.5f, 0.5f, 0}, {1, 1, 0}};
    assert_true(vt_ray_aabb(&r, &b, &t));
    assert_float_equal(t, 0.0f, 0.0f);   /* origin inside */
    r = (vt_ray){{0, 2, 5}, {0, 0, -1}}; /* parallel to z, above the box */
    assert_false(vt_ray_aabb(&r, &b, &t));
    r = (vt_ray){{0, 0, 5}, {0, 0, 1}}; /* pointing away */
    assert_false(vt_ray_aabb(&r, &b, &t));
    r = (vt_ray){{-5, -5, 0}, {1, 1, 0}}; /* diagonal, through the corner region */
    assert_true(vt_ray_aabb(&r, &b, &t));
    assert_float_equal(t, 4.0f, eps);
    r = (vt_ray){{-5, -7.1f, 0}, {1, 1, 0}}; /* diagonal, just past the corner */
    assert_false(vt_ray_aabb(&r, &b, &t));
    /* A flat box (a plane's bounds) is still hit. */
    vt_aabb flat = {{-1, -1, 0}, {1, 1, 0}};
    r = (vt_ray){{0, 0, 3}, {0, 0, -1}};
    assert_true(vt_ray_aabb(&r, &flat, &t));
    assert_float_equal(t, 3.0f, eps);
}

static const float ta[3] = {0, 0, 0}, tb[3] = {2, 0, 0}, tc[3] = {0, 2, 0}; /* CCW from +Z */

static void ray_triangle_front_hit_gives_barycentrics(void **state) {
    (void)state;
    vt_ray r = {{0.5f, 0.25f, 3}, {0, 0, -1}};
    float t = 0, u = 0, v = 0;
    assert_true(vt_ray_triangle(&r, ta, tb, tc, &t, &u, &v));
    assert_float_equal(t, 3.0f, eps);
    assert_float_equal(u, 0.25f, eps);  /* weight of b */
    assert_float_equal(v, 0.125f, eps); /* weight of c */
}

static void ray_triangle_backface_hits(void **state) {
    (void)state;
    vt_ray r = {{0.5f, 0.5f, -4}, {0, 0, 2}}; /* from behind, |dir| = 2 */
    float t = 0, u = 0, v = 0;
    assert_true(vt_ray_triangle(&r, ta, tb, tc, &t, &u, &v));
    assert_float_equal(t, 2.0f, eps);
    assert_float_equal(u, 0.25f, eps);
    assert_float_equal(v, 0.25f, eps);
}

static void ray_triangle_misses(void **state) {
    (void)state;
    float t;
    vt_ray outside = {{1.5f, 1.5f, 3}, {0, 0, -1}}; /* beyond the hypotenuse */
    assert_false(vt_ray_triangle(&outside, ta, tb, tc, &t, NULL, NULL));
    vt_ray behind = {{0.5f, 0.5f, 3}, {0, 0, 1}}; /* triangle behind the origin */
    assert_false(vt_ray_triangle(&behind, ta, tb, tc, &t, NULL, NULL));
    vt_ray parallel = {{-1, 0.5f, 0}, {1, 0, 0}}; /* in the triangle's plane */
    assert_false(vt_ray_triangle(&parallel, ta, tb, tc, &t, NULL, NULL));
    const float d[3] = {4, 0, 0}; /* a, b, d collinear: no area */
    vt_ray down = {{1, 0, 3}, {0, 0, -1}};
    assert_false(vt_ray_triangle(&down, ta, tb, d, &t, NULL, NULL));
}

/* Directed edges of the mesh after welding equal positions: closed and
   consistently wound means every edge a->b is matched by exactly one b->a. */
static void assert_closed(const vt_mesh_data *m) {
    uint32_t *weld = malloc(m->vertex_count * sizeof *weld);
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        weld[i] = i;
        for (uint32_t j = 0; j < i; j++) {
            const float *a = &m->positions[3 * i], *b = &m->positions[3 * j];
            if (fabsf(a[0] - b[0]) < 1e-6f && fabsf(a[1] - b[1]) < 1e-6f &&
                fabsf(a[2] - b[2]) < 1e-6f) {
                weld[i] = weld[j];
                break;
            }
        }
    }
    uint32_t edges = m->index_count;
    for (uint32_t e = 0; e < edges; e++) {
        uint32_t t = e / 3, k = e % 3;
        uint32_t a = weld[m->indices[3 * t + k]], b = weld[m->indices[3 * t + (k + 1) % 3]];
        uint32_t same = 0, reverse = 0;
        for (uint32_t f = 0; f < edges; f++) {
            uint32_t g = f / 3, l = f % 3;
            uint32_t c = weld[m->indices[3 * g + l]], d = weld[m->indices[3 * g + (l + 1) % 3]];
            if (c == a && d == b) same++;
            if (c == b && d == a) reverse++;
        }
        assert_int_equal(same, 1);
        assert_int_equal(reverse, 1);
    }
    free(weld);
}

/* Front faces point away from the centre, and vertex normals agree. */
static void assert_outward(const vt_mesh_data *m) {
    double volume = 0;
    for (uint32_t t = 0; t < m->index_count / 3; t++) {
        float n[3], c[3] = {0, 0, 0};
        face_normal(m, t, n);
        for (int k = 0; k < 3; k++) {
            const float *p = &m->positions[3 * m->indices[3 * t + k]];
            for (int i = 0; i < 3; i++) c[i] += p[i] / 3.0f;
            const float *vn = &m->normals[3 * m->indices[3 * t + k]];
            assert_true(dot3(vn, n) > 0.0f);
        }
        assert_true(dot3(n, c) > 0.0f);
        volume += dot3(c, n) / 6.0; /* divergence theorem: sum of cone volumes */
    }
    assert_true(volume > 0.0);
}

static void sphere_mesh_is_closed_and_outward(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_sphere(0.5f, 16, 8, &m), VT_OK);
    assert_int_equal(m.vertex_count, 17 * 9);
    assert_int_equal(m.index_count, 3 * 2 * 16 * 7);
    assert_non_null(m.normals);
    assert_non_null(m.tangents);
    assert_non_null(m.uv0);
    assert_closed(&m);
    assert_outward(&m);
    assert_int_equal(vt_mesh_count_degenerate(&m), 0);
    for (uint32_t v = 0; v < m.vertex_count; v++) {
        assert_float_equal(sqrtf(dot3(&m.positions[3 * v], &m.positions[3 * v])), 0.5f, eps);
        assert_true(m.uv0[2 * v] >= 0.0f && m.uv0[2 * v] <= 1.0f);
    }
    vt_aabb b = vt_mesh_bounds(&m);
    assert_vec3(b.min, -0.5f, -0.5f, -0.5f);
    assert_vec3(b.max, 0.5f, 0.5f, 0.5f);
    /* Top of the texture at the north pole; u = 0 faces +Z. */
    assert_vec3(&m.positions[0], 0, 0.5f, 0);
    assert_float_equal(m.uv0[1], 0.0f, 0.0f);
    assert_vec3(&m.positions[3 * 17 * 4], 0, 0, 0.5f); /* ring 4 = equator, column 0 */
    vt_mesh_data_free(&m);

    assert_int_equal(vt_mesh_sphere(1, 2, 8, &m), VT_ERR_INVALID);
    assert_null(m.positions);
    assert_int_equal(vt_mesh_sphere(-1, 16, 8, &m), VT_ERR_INVALID);
}

static void box_mesh_is_closed_and_outward(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_box((float[3]){1, 2, 4}, &m), VT_OK);
    assert_int_equal(m.vertex_count, 24);
    assert_int_equal(m.index_count, 36);
    assert_closed(&m);
    assert_outward(&m);
    vt_aabb b = vt_mesh_bounds(&m);
    assert_vec3(b.min, -0.5f, -1, -2);
    assert_vec3(b.max, 0.5f, 1, 2);
    assert_int_equal(vt_mesh_count_degenerate(&m), 0);
    /* Flat faces: each vertex normal is its face's axis. */
    for (uint32_t v = 0; v < 24; v++) {
        const float *n = &m.normals[3 * v];
        assert_float_equal(fabsf(n[0]) + fabsf(n[1]) + fabsf(n[2]), 1.0f, 0.0f);
    }
    vt_mesh_data_free(&m);
    assert_int_equal(vt_mesh_box((float[3]){1, 0, 1}, &m), VT_ERR_INVALID);
}

static void plane_faces_plus_z_with_gltf_tangents(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_plane(2, 1, &m), VT_OK);
    assert_int_equal(m.vertex_count, 4);
    assert_int_equal(m.index_count, 6);
    for (uint32_t t = 0; t < 2; t++) {
        float n[3];
        face_normal(&m, t, n);
        assert_true(n[2] > 0.0f && fabsf(n[0]) < eps && fabsf(n[1]) < eps);
    }
    for (uint32_t v = 0; v < 4; v++) {
        assert_vec3(&m.normals[3 * v], 0, 0, 1);
        /* u grows along +X; the bitangent cross(n, t) * w points up the
           texture (+Y, where v falls), so w = +1 as in glTF. */
        assert_vec3(&m.tangents[4 * v], 1, 0, 0);
        assert_float_equal(m.tangents[4 * v + 3], 1.0f, 0.0f);
        const float *p = &m.positions[3 * v];
        assert_float_equal(m.uv0[2 * v], p[0] / 2.0f + 0.5f, eps);
        assert_float_equal(m.uv0[2 * v + 1], 0.5f - p[1], eps); /* v = 0 at the top */
    }
    vt_aabb b = vt_mesh_bounds(&m);
    assert_vec3(b.min, -1, -0.5f, 0);
    assert_vec3(b.max, 1, 0.5f, 0);
    vt_mesh_data_free(&m);
}

static void tangents_orthogonal_to_normals(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_sphere(2.0f, 24, 12, &m), VT_OK);
    /* Recompute over the builder's tangents to test the function itself. */
    free(m.tangents);
    m.tangents = NULL;
    assert_int_equal(vt_mesh_compute_tangents(&m), VT_OK);
    for (uint32_t v = 0; v < m.vertex_count; v++) {
        const float *n = &m.normals[3 * v], *t = &m.tangents[4 * v], *p = &m.positions[3 * v];
        assert_float_equal(dot3(n, t), 0.0f, 1e-5f);
        assert_float_equal(dot3(t, t), 1.0f, 1e-5f);
        /* u grows eastward and v southward: the tangent points east and
           w = +1 (the bitangent cross(n, t) points north, up the texture). */
        float east[3] = {p[2], 0, -p[0]};
        if (dot3(east, east) > 1e-6f) assert_true(dot3(t, east) > 0.0f);
        assert_float_equal(t[3], 1.0f, 0.0f);
        /* Away from the seam, where triangles lie on both sides, the sum is
           east within the tilt of the chords of the neighbouring rings. */
        float u = m.uv0[2 * v];
        if (u > 0.0f && u < 1.0f && fabsf(p[1]) < 1.9f) {
            float len = sqrtf(dot3(east, east));
            assert_true(dot3(t, east) / len > 0.999f);
        }
    }
    vt_mesh_data_free(&m);
}

static void sphere_tangents_point_east(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_sphere(1.0f, 12, 6, &m), VT_OK);
    for (uint32_t v = 0; v < m.vertex_count; v++) {
        /* Exact: d position / d u, also on the seam and at the poles. */
        float phi = m.uv0[2 * v] * 2.0f * (float)GLM_PI;
        assert_vec3(&m.tangents[4 * v], cosf(phi), 0, -sinf(phi));
        assert_float_equal(m.tangents[4 * v + 3], 1.0f, 0.0f);
    }
    vt_mesh_data_free(&m);
}

static void tangents_flip_sign_for_mirrored_uv(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_plane(1, 1, &m), VT_OK);
    for (uint32_t v = 0; v < 4; v++) m.uv0[2 * v + 1] = 1.0f - m.uv0[2 * v + 1]; /* mirror v */
    assert_int_equal(vt_mesh_compute_tangents(&m), VT_OK);
    for (uint32_t v = 0; v < 4; v++) {
        assert_vec3(&m.tangents[4 * v], 1, 0, 0);
        assert_float_equal(m.tangents[4 * v + 3], -1.0f, 0.0f);
    }
    vt_mesh_data_free(&m);
}

static void tangents_need_uv_and_normals(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_plane(1, 1, &m), VT_OK);
    free(m.uv0);
    m.uv0 = NULL;
    assert_int_equal(vt_mesh_compute_tangents(&m), VT_ERR_INVALID);
    assert_non_null(strstr(vt_last_error(), "uv0"));
    vt_mesh_data_free(&m);
    assert_int_equal(vt_mesh_plane(1, 1, &m), VT_OK);
    free(m.normals);
    m.normals = NULL;
    assert_int_equal(vt_mesh_compute_tangents(&m), VT_ERR_INVALID);
    assert_non_null(strstr(vt_last_error(), "normals"));
    vt_mesh_data_free(&m);
}

/* A malloc'ed mesh as other modules build one. */
static vt_mesh_data make_mesh(const float *pos, uint32_t vertices, const uint32_t *idx,
                              uint32_t indices) {
    vt_mesh_data m = {0};
    m.vertex_count = vertices;
    m.index_count = indices;
    m.positions = malloc(vertices * 3 * sizeof(float));
    memcpy(m.positions, pos, vertices * 3 * sizeof(float));
    m.indices = malloc(indices * sizeof(uint32_t));
    memcpy(m.indices, idx, indices * sizeof(uint32_t));
    return m;
}

static void normals_are_area_weighted(void **state) {
    (void)state;
    /* Vertex 0 is shared by a big triangle facing +Z (area 8) and a small
       one facing +X (area 0.5): its normal leans toward +Z by 8 : 0.5. */
    const float pos[] = {0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 1, 0, 0, 0, -1};
    const uint32_t idx[] = {0, 1, 2, 0, 4, 3};
    vt_mesh_data m = make_mesh(pos, 5, idx, 6);
    assert_int_equal(vt_mesh_compute_normals(&m), VT_OK);
    float len = sqrtf(8.0f * 8.0f + 0.5f * 0.5f);
    assert_vec3(&m.normals[0], 0.5f / len, 0, 8.0f / len);
    assert_vec3(&m.normals[3], 0, 0, 1);
    assert_vec3(&m.normals[9], 1, 0, 0);
    /* Out of range indices are refused, not read. */
    m.indices[4] = 99;
    assert_int_equal(vt_mesh_compute_normals(&m), VT_ERR_INVALID);
    assert_non_null(strstr(vt_last_error(), "99"));
    vt_mesh_data_free(&m);
}

static void degenerate_triangles_counted(void **state) {
    (void)state;
    const float pos[] = {
        0,     0,     0,     1, 0,     0, 0, 1, 0, /* 0-2: a fine triangle */
        2,     1e-6f, 0,                           /* 3: a micrometre off the line 0-1 */
        0,     0,     1e-7f,                       /* 4: a tenth of a micrometre from 0 */
        0,     1e-7f, 1e-7f,                       /* 5 */
        1e-3f, 0,     0,     0, 1e-3f, 0,          /* 6, 7: a fine millimetre triangle */
    };
    const uint32_t idx[] = {
        0, 1, 2, /* fine */
        0, 0, 2, /* repeated index */
        0, 1, 3, /* a sliver: collinear but for a micrometre over 2 m */
        0, 4, 5, /* tiny */
        2, 1, 0, /* fine (reversed) */
        0, 6, 7, /* small but fine */
    };
    vt_mesh_data m = make_mesh(pos, 8, idx, 18);
    assert_int_equal(vt_mesh_count_degenerate(&m), 3);
    m.index_count = 3;
    assert_int_equal(vt_mesh_count_degenerate(&m), 0);
    vt_mesh_data_free(&m);
}

static void mesh_optimize_keeps_triangles(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_sphere(1, 24, 12, &m), VT_OK);
    uint32_t n = m.index_count;
    uint32_t *before = malloc(n * sizeof *before);
    memcpy(before, m.indices, n * sizeof *before);
    vt_mesh_optimize(&m);
    assert_int_equal(m.index_count, n);
    /* Each triangle is still there, possibly rotated (same winding). */
    for (uint32_t t = 0; t < n / 3; t++) {
        const uint32_t *a = &before[3 * t];
        int found = 0;
        for (uint32_t u = 0; u < n / 3 && !found; u++) {
            const uint32_t *b = &m.indices[3 * u];
            for (int r = 0; r < 3; r++) {
                if (a[0] == b[r] && a[1] == b[(r + 1) % 3] && a[2] == b[(r + 2) % 3]) found = 1;
            }
        }
        assert_true(found);
    }
    free(before);
    vt_mesh_data_free(&m);
}

static void mesh_data_free_zeroes(void **state) {
    (void)state;
    vt_mesh_data m;
    assert_int_equal(vt_mesh_box((float[3]){1, 1, 1}, &m), VT_OK);
    m.colors = malloc(4 * sizeof(float) * m.vertex_count);
    m.uv1 = malloc(2 * sizeof(float) * m.vertex_count);
    vt_mesh_data_free(&m);
    vt_mesh_data zero;
    memset(&zero, 0, sizeof zero);
    assert_memory_equal(&m, &zero, sizeof m);
    vt_mesh_data_free(&m); /* twice is fine */
    vt_mesh_data_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(aabb_extend_and_merge),
        cmocka_unit_test(aabb_transform_of_empty_stays_empty),
        cmocka_unit_test(aabb_transform_bounds_rotated_corners),
        cmocka_unit_test(frustum_planes_are_normalised_and_ordered),
        cmocka_unit_test(frustum_test_aabb_sorts_inside_outside),
        cmocka_unit_test(ray_aabb_gives_entry_distance),
        cmocka_unit_test(ray_triangle_front_hit_gives_barycentrics),
        cmocka_unit_test(ray_triangle_backface_hits),
        cmocka_unit_test(ray_triangle_misses),
        cmocka_unit_test(sphere_mesh_is_closed_and_outward),
        cmocka_unit_test(box_mesh_is_closed_and_outward),
        cmocka_unit_test(plane_faces_plus_z_with_gltf_tangents),
        cmocka_unit_test(tangents_orthogonal_to_normals),
        cmocka_unit_test(sphere_tangents_point_east),
        cmocka_unit_test(tangents_flip_sign_for_mirrored_uv),
        cmocka_unit_test(tangents_need_uv_and_normals),
        cmocka_unit_test(normals_are_area_weighted),
        cmocka_unit_test(degenerate_triangles_counted),
        cmocka_unit_test(mesh_optimize_keeps_triangles),
        cmocka_unit_test(mesh_data_free_zeroes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
