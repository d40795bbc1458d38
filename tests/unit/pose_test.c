/* tests/unit/pose_test.c — the walk cycle: the legs, knees and arms move
   the way a walk does; the walker's frame is the same for any thread
   count; vt_fit_pose(VT_POSE_WALK) leaves body and garment at mid-stride;
   bad bodies are refused; and a t-shirt and trousers draped on a female and
   a male body stay outside the body over the cycle (>= 99.5 % of vertices,
   deepest <= 2 mm), judged
   independently of the walker: ray parity through the posed body mesh and
   the exact distance to its nearest triangle. Garments are draft-sized (as
   `vitrine fit --draft`) so the sanitizer build stays quick;
   tests/bench/walk_bench.c times the full size. VT_POSE_DEBUG=1 prints the
   figures and the vertices found inside. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "fit_judge.h"
#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEST_VERTICES 1500
#define TEST_FRAMES 60
#define PHASES 12

static vt_body *male, *female;

static int setup(void **state) {
    (void)state;
    male = vt_test_preset_body("male-m");
    female = vt_test_preset_body("female-m");
    return male && female ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vt_body_free(male);
    vt_body_free(female);
    return 0;
}

static vt_garment *draped(const char *kind, const char *size, const vt_body *b) {
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/garments/%s.json", src ? src : ".", kind);
    vt_garment_spec spec;
    assert_int_equal(vt_garment_load_json(p, &spec), VT_OK);
    int32_t s = vt_garment_find_size(&spec, size);
    assert_true(s >= 0);
    vt_garment *g = NULL;
    assert_int_equal(vt_garment_build(&spec, (uint32_t)s,
                                      &(vt_garment_desc){.target_vertices = TEST_VERTICES}, &g),
                     VT_OK);
    vt_drape_stats st;
    assert_int_equal(vt_drape(g, b, &(vt_drape_desc){.max_frames = TEST_FRAMES}, &st), VT_OK);
    return g;
}

static float angle_deg(const float *a, const float *b, const float *c) {
    float u[3], v[3];
    for (int k = 0; k < 3; k++) u[k] = b[k] - a[k], v[k] = c[k] - b[k];
    float d = u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    float l = sqrtf((u[0] * u[0] + u[1] * u[1] + u[2] * u[2]) *
                    (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
    return acosf(fminf(1, fmaxf(-1, d / l))) * 57.29578f;
}

/* Over the walk (PHASES frames of the walker), judged against the posed
   body: a t-shirt and trousers keep >= 99.5 % of their vertices outside
   and none deeper than 2 mm, as they do at rest (checked first). A garment
   left at rest while the body walks fails (the judge sees poke-through when
   there is some). */
static void garments_stay_outside_the_body_over_the_walk(void **state) {
    (void)state;
    static const struct {
        const char *kind;
        int female;
    } cases[] = {{"tshirt", 1}, {"tshirt", 0}, {"trousers", 1}, {"trousers", 0}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        const vt_body *b = cases[c].female ? female : male;
        vt_garment *g = draped(cases[c].kind, "M", b);
        bool *was_inside = malloc(g->mesh.vertex_count * sizeof *was_inside);
        assert_non_null(was_inside);
        vt_test_judge j;
        assert_true(vt_test_judge_init(&j, &b->mesh));
        float rest_out, rest_deep;
        vt_test_judge_garment(&j, g, NULL, was_inside, &rest_out, &rest_deep);
        vt_test_judge_free(&j);
        if (!(rest_out >= 0.995f && rest_deep <= 2.0f))
            fail_msg("%s on the %s body at rest: %.4f outside, %.2f mm deepest", cases[c].kind,
                     cases[c].female ? "female" : "male", (double)rest_out, (double)rest_deep);
        vt_fit_walker *w = NULL;
        assert_int_equal(vt_fit_walker_create(b, (const vt_garment *const *)&g, 1, NULL, &w),
                         VT_OK);
        vt_mesh_data posed = b->mesh;
        posed.positions = malloc(b->mesh.vertex_count * 3 * sizeof(float));
        float *gp = malloc(g->mesh.vertex_count * 3 * sizeof(float));
        assert_non_null(posed.positions);
        assert_non_null(gp);
        vt_garment pg = *g;
        pg.mesh.positions = gp;
        float worst_out = 1, worst_deep = 0, frozen_out = 1, frozen_deep = 0;
        for (int k = 0; k < PHASES; k++) {
            vt_fit_walker_frame(w, (float)k / PHASES, posed.positions, &gp);
            assert_true(vt_test_judge_init(&j, &posed));
            float o, d;
            vt_test_judge_garment(&j, &pg, NULL, NULL, &o, &d);
            if (getenv("VT_POSE_DEBUG"))
                for (uint32_t v = 0; v < g->mesh.vertex_count; v++)
                    if (!was_inside[v] && vt_test_judge_inside(&j, gp + 3 * v))
                        printf("phase %d: %u (%s) at %.3f %.3f %.3f\n", k, v,
                               g->panels[g->panel_of[v]].name, (double)gp[3 * v],
                               (double)gp[3 * v + 1], (double)gp[3 * v + 2]);
            worst_out = fminf(worst_out, o);
            worst_deep = fmaxf(worst_deep, d);
            vt_test_judge_garment(&j, g, NULL, NULL, &o, &d);
            frozen_out = fminf(frozen_out, o);
            frozen_deep = fmaxf(frozen_deep, d);
            vt_test_judge_free(&j);
        }
        const float need = 0.995f;
        if (!(worst_out >= need && worst_deep <= 2.0f))
            fail_msg("%s on the %s body: at rest %.4f outside (%.2f mm), over the walk %.4f "
                     "outside, %.2f mm deepest",
                     cases[c].kind, cases[c].female ? "female" : "male", (double)rest_out,
                     (double)rest_deep, (double)worst_out, (double)worst_deep);
        if (!(frozen_out < need || frozen_deep > 2.0f))
            fail_msg("%s on the %s body: a garment left at rest passes (%.4f, %.2f mm)",
                     cases[c].kind, cases[c].female ? "female" : "male", (double)frozen_out,
                     (double)frozen_deep);
        if (getenv("VT_POSE_DEBUG"))
            printf("%s on the %s body: rest %.4f (%.2f mm), walk %.4f (%.2f mm), frozen %.4f "
                   "(%.2f mm)\n",
                   cases[c].kind, cases[c].female ? "female" : "male", (double)rest_out,
                   (double)rest_deep, (double)worst_out, (double)worst_deep, (double)frozen_out,
                   (double)frozen_deep);
        free(posed.positions);
        free(gp);
        free(was_inside);
        vt_fit_walker_destroy(w);
        vt_garment_free(g);
    }
}

/* The walk moves as a walk does: at phase 0 (the left heel strike) the left
   foot is in front and the right behind, at 0.5 the other way round; the
   knee bends far more in swing (phase 0.7) than at the heel strike; each
   arm swings opposite its leg; a foot stays on the floor; the cycle closes
   (phase 1 is phase 0). */
static void walk_alternates_feet_bends_knees_and_swings_arms(void **state) {
    (void)state;
    float a[VT_JOINT_COUNT][3], b[VT_JOINT_COUNT][3], c[VT_JOINT_COUNT][3], one[VT_JOINT_COUNT][3];
    vt_fit_walk_joints(female, 0, a);
    vt_fit_walk_joints(female, 0.5f, b);
    vt_fit_walk_joints(female, 0.7f, c);
    vt_fit_walk_joints(female, 1, one);
    const float rest_ankle = female->joints[VT_JOINT_LEFT_FOOT].position[2];
    /* feet: at least 20 cm apart along the walk, each way round */
    assert_true(a[VT_JOINT_LEFT_FOOT][2] > rest_ankle + 0.1f);
    assert_true(a[VT_JOINT_RIGHT_FOOT][2] < rest_ankle - 0.1f);
    assert_true(b[VT_JOINT_RIGHT_FOOT][2] > rest_ankle + 0.1f);
    assert_true(b[VT_JOINT_LEFT_FOOT][2] < rest_ankle - 0.1f);
    /* knees: nearly straight at the heel strike, bent in swing */
    float knee0 =
        angle_deg(a[VT_JOINT_LEFT_UPPER_LEG], a[VT_JOINT_LEFT_LOWER_LEG], a[VT_JOINT_LEFT_FOOT]);
    float knee7 =
        angle_deg(c[VT_JOINT_LEFT_UPPER_LEG], c[VT_JOINT_LEFT_LOWER_LEG], c[VT_JOINT_LEFT_FOOT]);
    if (!(knee0 < 10 && knee7 > 45 && knee7 < 70))
        fail_msg("left knee %.1f degrees at the heel strike, %.1f in swing", (double)knee0,
                 (double)knee7);
    /* arms: the left hand behind the right while the left foot is in front */
    assert_true(a[VT_JOINT_LEFT_HAND][2] < a[VT_JOINT_RIGHT_HAND][2] - 0.1f);
    assert_true(b[VT_JOINT_LEFT_HAND][2] > b[VT_JOINT_RIGHT_HAND][2] + 0.1f);
    /* the legs stay on their own side: no crossing */
    for (int k = 0; k < 12; k++) {
        float J[VT_JOINT_COUNT][3];
        vt_fit_walk_joints(female, (float)k / 12, J);
        for (int j = VT_JOINT_LEFT_UPPER_LEG; j <= VT_JOINT_LEFT_TOES; j++)
            assert_true(J[j][0] > 0.04f && J[j + 4][0] < -0.04f);
        /* a foot on the floor: the lower ankle within 3 cm of its rest height */
        float low = fminf(J[VT_JOINT_LEFT_FOOT][1], J[VT_JOINT_RIGHT_FOOT][1]);
        assert_float_equal(low, female->joints[VT_JOINT_LEFT_FOOT].position[1], 0.03f);
    }
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int k = 0; k < 3; k++) assert_float_equal(one[j][k], a[j][k], 1e-4f);
}

/* The same frame, bit for bit, on one thread and split over job threads. */
static void walker_frame_is_the_same_for_any_thread_count(void **state) {
    (void)state;
    vt_garment *g = draped("tshirt", "S", female);
    vt_jobs *jobs = NULL;
    assert_int_equal(vt_jobs_create(2, &jobs), VT_OK);
    vt_fit_walker *w1 = NULL, *w3 = NULL;
    assert_int_equal(vt_fit_walker_create(female, (const vt_garment *const *)&g, 1, NULL, &w1),
                     VT_OK);
    assert_int_equal(vt_fit_walker_create(female, (const vt_garment *const *)&g, 1,
                                          &(vt_fit_walker_desc){.jobs = jobs, .parts = 3}, &w3),
                     VT_OK);
    uint32_t nb = female->mesh.vertex_count * 3, ng = g->mesh.vertex_count * 3;
    float *b1 = malloc(nb * sizeof(float)), *b3 = malloc(nb * sizeof(float));
    float *g1 = malloc(ng * sizeof(float)), *g3 = malloc(ng * sizeof(float));
    assert_true(b1 && b3 && g1 && g3);
    vt_fit_walker_frame(w1, 0.37f, b1, &g1);
    vt_fit_walker_frame(w3, 0.37f, b3, &g3);
    assert_memory_equal(b1, b3, nb * sizeof(float));
    assert_memory_equal(g1, g3, ng * sizeof(float));
    /* and it is a walk, not the rest pose: the body moved by more than 10 cm */
    float moved = 0;
    for (uint32_t i = 0; i < nb; i++)
        moved = fmaxf(moved, fabsf(b1[i] - female->mesh.positions[i]));
    assert_true(moved > 0.1f);
    free(b1), free(b3), free(g1), free(g3);
    vt_fit_walker_destroy(w1);
    vt_fit_walker_destroy(w3);
    vt_jobs_destroy(jobs);
    vt_garment_free(g);
}

/* vt_fit_pose(VT_POSE_WALK) leaves body, joints and garment at mid-stride
   (the walk's phase 0) and reports the cycle's worst figures. */
static void pose_walk_leaves_the_body_at_mid_stride(void **state) {
    (void)state;
    vt_body *b = vt_test_preset_body("female-m"); /* posed in place: not the shared one */
    assert_non_null(b);
    vt_garment *g = draped("tshirt", "M", b);
    float J[VT_JOINT_COUNT][3];
    vt_fit_walk_joints(b, 0, J);
    vt_fit_walker *w = NULL;
    assert_int_equal(vt_fit_walker_create(b, (const vt_garment *const *)&g, 1, NULL, &w), VT_OK);
    float *bp = malloc(b->mesh.vertex_count * 3 * sizeof(float));
    float *gp = malloc(g->mesh.vertex_count * 3 * sizeof(float));
    assert_true(bp && gp);
    vt_fit_walker_frame(w, 0, bp, &gp);
    vt_drape_stats st;
    assert_int_equal(vt_fit_pose(b, &g, 1, VT_POSE_WALK, NULL, &st), VT_OK);
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int k = 0; k < 3; k++) assert_float_equal(b->joints[j].position[k], J[j][k], 1e-6f);
    assert_memory_equal(b->mesh.positions, bp, b->mesh.vertex_count * 3 * sizeof(float));
    assert_memory_equal(g->mesh.positions, gp, g->mesh.vertex_count * 3 * sizeof(float));
    if (!(st.outside_share >= 0.995f && st.max_penetration_mm <= 2.0f && st.frames == 0))
        fail_msg("walk: %.4f outside, %.2f mm deepest, %u frames", (double)st.outside_share,
                 (double)st.max_penetration_mm, st.frames);
    free(bp);
    free(gp);
    vt_fit_walker_destroy(w);
    vt_garment_free(g);
    vt_body_free(b);
}

/* Bad input: a body without a mesh, and writing the walk of one body with
   another; each an error naming the cause, nothing written. */
static void walker_refuses_bodies_it_cannot_use(void **state) {
    (void)state;
    vt_body empty = *female;
    empty.mesh.vertex_count = 0;
    vt_fit_walker *w = NULL;
    assert_int_equal(vt_fit_walker_create(&empty, NULL, 0, NULL, &w), VT_ERR_INVALID);
    assert_null(w);
    assert_string_equal(vt_last_error(), "walk: the body has no mesh");
    assert_int_equal(vt_fit_walker_create(female, NULL, 0, NULL, &w), VT_OK);
    const char *path = "pose_test_not_written.glb";
    remove(path);
    assert_int_equal(vt_fit_walker_write_glb(w, male, NULL, NULL, NULL, path), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "pose_test_not_written.glb: the body is not the walker's");
    FILE *f = fopen(path, "rb");
    assert_null(f);
    vt_fit_walker_destroy(w);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(walk_alternates_feet_bends_knees_and_swings_arms),
        cmocka_unit_test(walker_frame_is_the_same_for_any_thread_count),
        cmocka_unit_test(walker_refuses_bodies_it_cannot_use),
        cmocka_unit_test(pose_walk_leaves_the_body_at_mid_stride),
        cmocka_unit_test(garments_stay_outside_the_body_over_the_walk),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
