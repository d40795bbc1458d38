/* Levels of detail and the frame's CPU split. The test sphere (96 x 48
   segments, 9,024 triangles) seen from close by is drawn in full; 30 m away,
   about 8 pixels across, it is drawn with a quarter of the triangles or fewer
   and still covers exactly its projected disc, unless its mesh is marked
   full_detail. Frame stats split the thread's
   CPU time into parts that add up to no more than the whole. */
#include "render_support.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <cglm/cglm.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { W = 256, H = 256 };

static void far_instances_draw_fewer_triangles(void **state) {
    (void)state;
    vt_test_gl gl;
    assert_true(vt_test_gl_init(&gl));
    vt_material mat = vt_test_material();
    mat.metallic = 0;
    mat.unlit = true;
    vt_model *m = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &mat);
    assert_non_null(m);
    /* the test sphere's tessellation: a full mesh worth simplifying */
    uint32_t full = m->meshes[0].data.index_count / 3;
    assert_true(full >= 1000);
    vt_scene *s = vt_test_scene_of(&gl, m);
    assert_non_null(s);
    /* 1.2 m from the centre, 0.7 m from the surface: every level strays by more than a pixel */
    vt_scene_update(s);
    vt_view v = {.width = W, .height = H};
    glm_lookat((vec3){0, 0, 1.2f}, (vec3){0, 0, 0}, (vec3){0, 1, 0}, v.view);
    glm_perspective(glm_rad(32), 1, 0.1f, 100, v.proj);
    vt_frame_desc fd = {.background = VT_BACKGROUND_COLOR, .no_ground = true, .no_shadows = true};
    vt_frame_stats st;
    uint8_t *rgba = malloc((size_t)W * H * 4);
    assert_int_equal(vt_renderer_render_image(gl.r, s, &v, &fd, rgba, &st), VT_OK);
    assert_int_equal(st.triangles, full);
    assert_int_equal(st.instances_visible, 1);
    assert_true(st.cull_ms >= 0 && st.shadow_ms >= 0 && st.submit_ms > 0);
    assert_true(st.cull_ms + st.shadow_ms + st.submit_ms <= st.cpu_ms + 1e-6);

    /* 30 m away with a 32 degree lens: about 7 pixels across */
    vt_view far = {.width = W, .height = H};
    glm_lookat((vec3){0, 0, 30}, (vec3){0, 0, 0}, (vec3){0, 1, 0}, far.view);
    glm_perspective(glm_rad(32), 1, 1, 100, far.proj);
    assert_int_equal(vt_renderer_render_image(gl.r, s, &far, &fd, rgba, &st), VT_OK);
    print_message("sphere of %u triangles drawn with %llu far away\n", full,
                  (unsigned long long)st.triangles);
    assert_true(st.triangles * 4 <= full);
    assert_true(st.triangles >= 8);
    /* the disc it covers: radius 0.5 at 30 m */
    float px_r = 0.5f / 30.0f / tanf(glm_rad(16)) * (H / 2.0f);
    int inside = 0, covered = 0, outside_covered = 0;
    for (int y = 0; y < H; y++)
        for (int x = 0; x < W; x++) {
            float dx = x + 0.5f - W / 2.0f, dy = y + 0.5f - H / 2.0f;
            float d = sqrtf(dx * dx + dy * dy);
            bool lit = rgba[((size_t)y * W + x) * 4] > 128;
            if (d < px_r - 1) inside++, covered += lit;
            if (d > px_r + 1) outside_covered += lit;
        }
    print_message("disc radius %.1f px: %d of %d inner pixels covered, %d outside\n", px_r, covered,
                  inside, outside_covered);
    assert_int_equal(covered, inside);
    assert_int_equal(outside_covered, 0);
    free(rgba);
    vt_scene_destroy(s);
    vt_model_free(m);
    vt_test_gl_free(&gl);
}

/* A mesh marked full_detail (a body under its cloth) keeps every triangle
   however far away it is. */
static void full_detail_mesh_is_drawn_whole_far_away(void **state) {
    (void)state;
    vt_test_gl gl;
    assert_true(vt_test_gl_init(&gl));
    vt_material mat = vt_test_material();
    mat.unlit = true;
    vt_model *m = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, &mat);
    assert_non_null(m);
    m->meshes[0].full_detail = true;
    uint32_t full = m->meshes[0].data.index_count / 3;
    vt_scene *s = vt_test_scene_of(&gl, m);
    assert_non_null(s);
    vt_scene_update(s);
    vt_view far = {.width = W, .height = H};
    glm_lookat((vec3){0, 0, 30}, (vec3){0, 0, 0}, (vec3){0, 1, 0}, far.view);
    glm_perspective(glm_rad(32), 1, 1, 100, far.proj);
    vt_frame_desc fd = {.background = VT_BACKGROUND_COLOR, .no_ground = true, .no_shadows = true};
    vt_frame_stats st;
    uint8_t *rgba = malloc((size_t)W * H * 4);
    assert_int_equal(vt_renderer_render_image(gl.r, s, &far, &fd, rgba, &st), VT_OK);
    assert_int_equal(st.triangles, full);
    free(rgba);
    vt_scene_destroy(s);
    vt_model_free(m);
    vt_test_gl_free(&gl);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(far_instances_draw_fewer_triangles),
        cmocka_unit_test(full_detail_mesh_is_drawn_whole_far_away),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
