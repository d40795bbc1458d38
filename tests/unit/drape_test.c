/* tests/unit/drape_test.c — the drape: a t-shirt settles on the shoulders
   with its vertices outside the body (>= 99.5 %, deepest <= 2 mm) and its
   kinetic energy below the stated threshold within the stated frames; the
   result is bit-identical run to run and with job threads; a smaller size is
   stretched more at the chest; a skirt's waist holds above the hips. Meshes
   are coarser than the 8k-vertex product default so the sanitizer build
   stays quick; tests/bench/drape_bench.c times the full size. */
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

#define TEST_VERTICES 2500
#define REST_KE 5e-4f   /* J per kg of cloth: the drape's default */
#define MAX_FRAMES 150u /* 2.5 s of simulated time */

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

static vt_garment *garment(const char *kind, const char *size) {
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
    return g;
}

static void count_progress(float done, void *user) {
    int *n = user;
    assert_true(done > 0 && done <= 1);
    (*n)++;
}

static void tshirt_settles_on_the_shoulders_outside_the_body(void **state) {
    (void)state;
    vt_garment *g = garment("tshirt", "M");
    int calls = 0;
    vt_drape_stats st;
    vt_drape_desc d = {.max_frames = MAX_FRAMES, .progress = count_progress, .user = &calls};
    assert_int_equal(vt_drape(g, male, &d, &st), VT_OK);
    /* rest reached before the frame limit, and below the stated energy */
    assert_true(st.frames < MAX_FRAMES);
    assert_true(st.kinetic_energy < REST_KE * st.mass);
    assert_int_equal(calls, (int)st.frames);
    assert_int_equal(st.substeps, st.frames * 10);
    assert_true(st.outside_share >= 0.995f);
    assert_true(st.max_penetration_mm <= 2.0f);
    assert_float_equal(st.mass, 0.139f, 0.01f); /* 0.82 m^2 of 170 g/m^2 jersey */
    vt_test_judge j;
    assert_true(vt_test_judge_init(&j, &male->mesh));
    float outside, deepest;
    vt_test_judge_garment(&j, g, NULL, NULL, &outside, &deepest);
    if (!(outside >= 0.995f && deepest <= 2.0f))
        fail_msg("independent judge: %.4f outside, deepest %.2f mm", (double)outside,
                 (double)deepest);
    /* the judge sees a garment shrunk into the body */
    float *keep = malloc(g->mesh.vertex_count * 3 * sizeof *keep);
    assert_non_null(keep);
    memcpy(keep, g->mesh.positions, g->mesh.vertex_count * 3 * sizeof *keep);
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++) {
        g->mesh.positions[3 * v] *= 0.8f;
        g->mesh.positions[3 * v + 2] *= 0.8f;
    }
    float shrunk_out, shrunk_deep;
    vt_test_judge_garment(&j, g, NULL, NULL, &shrunk_out, &shrunk_deep);
    assert_true(shrunk_out < 0.5f && shrunk_deep > 5.0f);
    memcpy(g->mesh.positions, keep, g->mesh.vertex_count * 3 * sizeof *keep);
    free(keep);
    vt_test_judge_free(&j);
    /* it hangs from the shoulders: top near the neck base, hem near the crotch */
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t i = 0; i < g->mesh.vertex_count; i++) {
        lo = fminf(lo, g->mesh.positions[3 * i + 1]);
        hi = fmaxf(hi, g->mesh.positions[3 * i + 1]);
    }
    const vt_body_landmarks *L = &male->landmarks;
    assert_true(hi > L->shoulder_y && hi < L->neck_y + 0.05f);
    assert_true(lo > L->crotch_y - 0.15f && lo < L->hip_y);
    vt_garment_free(g);
}

static void drape_is_deterministic_with_and_without_jobs(void **state) {
    (void)state;
    vt_garment *a = garment("tshirt", "S"), *b = garment("tshirt", "S");
    vt_garment *c = garment("tshirt", "S");
    vt_drape_desc d = {.max_frames = 45};
    vt_drape_stats sa, sb[2];
    assert_int_equal(vt_drape(a, male, &d, &sa), VT_OK);
    vt_jobs *jobs = NULL;
    assert_int_equal(vt_jobs_create(2, &jobs), VT_OK);
    vt_garment *two[2] = {b, c};
    assert_int_equal(vt_drape_many(two, 2, male, &d, jobs, sb), VT_OK);
    vt_jobs_destroy(jobs);
    size_t bytes = (size_t)a->mesh.vertex_count * 3 * sizeof(float);
    assert_memory_equal(a->mesh.positions, b->mesh.positions, bytes);
    assert_memory_equal(a->mesh.positions, c->mesh.positions, bytes);
    assert_int_equal(sa.frames, sb[0].frames);
    vt_garment_free(a);
    vt_garment_free(b);
    vt_garment_free(c);
}

static void smaller_size_stretches_more_at_the_chest(void **state) {
    (void)state;
    vt_garment *s = garment("tshirt", "S"), *xl = garment("tshirt", "XL");
    vt_drape_stats st[2];
    vt_garment *both[2] = {s, xl};
    assert_int_equal(vt_drape_many(both, 2, male, NULL, NULL, st), VT_OK);
    float mean[2], max[2];
    for (int i = 0; i < 2; i++) {
        float *pct = malloc(both[i]->mesh.vertex_count * sizeof *pct);
        assert_non_null(pct);
        assert_int_equal(vt_garment_stretch(both[i], pct), VT_OK);
        assert_true(vt_garment_region_stretch(both[i], pct, VT_REGION_CHEST, &mean[i], &max[i]));
        float m2, x2;
        assert_false(vt_garment_region_stretch(both[i], pct, VT_REGION_INSEAM, &m2, &x2));
        float *rgba = malloc(both[i]->mesh.vertex_count * 4 * sizeof *rgba);
        assert_non_null(rgba);
        vt_fit_colors(both[i], pct, rgba);
        for (uint32_t v = 0; v < both[i]->mesh.vertex_count; v++) {
            assert_true(rgba[4 * v] >= 0 && rgba[4 * v] <= 1);
            assert_float_equal(rgba[4 * v + 3], 1.0f, 0.0f);
        }
        free(rgba);
        free(pct);
    }
    /* S (91.5 cm) on a 100 cm chest is stretched; XL (122 cm) hangs loose */
    assert_true(mean[0] > mean[1] + 2.0f);
    assert_true(mean[1] < 5.0f);
    vt_garment_free(s);
    vt_garment_free(xl);
}

static void skirt_waist_holds_above_the_hips(void **state) {
    (void)state;
    vt_garment *g = garment("skirt", "M");
    vt_drape_stats st;
    assert_int_equal(vt_drape(g, female, &(vt_drape_desc){.max_frames = 100}, &st), VT_OK);
    /* the waistband row (top of each panel) stays between hip and waist lines */
    for (uint32_t p = 0; p < g->panel_count; p++) {
        const vt_panel *pn = &g->panels[p];
        for (uint32_t i = 0; i <= pn->grid_u; i++) {
            uint32_t v = pn->first_vertex + pn->grid_v * (pn->grid_u + 1) + i;
            float y = g->mesh.positions[3 * v + 1];
            assert_true(y > female->landmarks.hip_y + 0.05f);
            assert_true(y < female->landmarks.waist_y + 0.03f);
        }
    }
    assert_true(st.outside_share >= 0.995f);
    assert_true(st.max_penetration_mm <= 2.0f);
    vt_garment_free(g);
}

/* Trousers hang from the waistband: it stays between the hips and the
   waist (left free, the legs' weight once slid it down over the hips to the
   thighs), the legs reach down to the ankles outside the body (the
   mannequin's thighs part at its crotch, so the inseam lies between them)
   and the drape settles. */
static void trousers_hang_from_the_waist(void **state) {
    (void)state;
    vt_garment *g = garment("trousers", "M");
    vt_drape_stats st;
    assert_int_equal(vt_drape(g, male, &(vt_drape_desc){.max_frames = MAX_FRAMES}, &st), VT_OK);
    float band_lo = INFINITY, band_hi = -INFINITY, hem_hi = -INFINITY;
    for (uint32_t p = 0; p < g->panel_count; p++) {
        const vt_panel *pn = &g->panels[p];
        for (uint32_t i = 0; i <= pn->grid_u; i++) {
            float y =
                g->mesh.positions[3 * (pn->first_vertex + pn->grid_v * (pn->grid_u + 1) + i) + 1];
            band_lo = fminf(band_lo, y), band_hi = fmaxf(band_hi, y);
            hem_hi = fmaxf(hem_hi, g->mesh.positions[3 * (pn->first_vertex + i) + 1]);
        }
    }
    if (!(band_lo > male->landmarks.hip_y + 0.08f && band_hi < male->landmarks.waist_y + 0.03f &&
          hem_hi < 0.2f && st.frames < MAX_FRAMES && st.outside_share >= 0.995f &&
          st.max_penetration_mm <= 2.0f))
        fail_msg("band %.3f..%.3f m (hip %.3f, waist %.3f), hem up to %.3f m, %u frames, %.4f "
                 "outside, %.2f mm deepest",
                 (double)band_lo, (double)band_hi, (double)male->landmarks.hip_y,
                 (double)male->landmarks.waist_y, (double)hem_hi, st.frames,
                 (double)st.outside_share, (double)st.max_penetration_mm);
    vt_test_judge j;
    assert_true(vt_test_judge_init(&j, &male->mesh));
    float outside, deepest;
    vt_test_judge_garment(&j, g, NULL, NULL, &outside, &deepest);
    vt_test_judge_free(&j);
    if (!(outside >= 0.995f && deepest <= 2.0f))
        fail_msg("trousers, independent judge: %.4f outside, deepest %.2f mm", (double)outside,
                 (double)deepest);
    vt_garment_free(g);
}

/* The T-pose: the arms turn straight out, the sleeves follow them (the
   lowest point of the cloth beyond 25 cm from the middle, the sleeve ends,
   rises by more than 3 cm) and after
   the short settle the cloth is outside the posed body again. */
static void tshirt_follows_the_body_into_the_t_pose(void **state) {
    (void)state;
    vt_body *b = vt_test_preset_body("male-m"); /* posed in place: not the shared one */
    assert_non_null(b);
    vt_garment *g = garment("tshirt", "M");
    vt_drape_stats st, ps;
    assert_int_equal(vt_drape(g, b, NULL, &st), VT_OK);
    float wide0 = INFINITY, wide1 = INFINITY; /* lowest sleeve end */
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++)
        if (fabsf(g->mesh.positions[3 * v]) > 0.25f)
            wide0 = fminf(wide0, g->mesh.positions[3 * v + 1]);
    assert_int_equal(vt_fit_pose(b, &g, 1, VT_POSE_T, NULL, &ps), VT_OK);
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++)
        if (fabsf(g->mesh.positions[3 * v]) > 0.25f)
            wide1 = fminf(wide1, g->mesh.positions[3 * v + 1]);
    for (int side = 0; side < 2; side++) {
        const float *s =
            b->joints[side ? VT_JOINT_RIGHT_UPPER_ARM : VT_JOINT_LEFT_UPPER_ARM].position;
        const float *e =
            b->joints[side ? VT_JOINT_RIGHT_LOWER_ARM : VT_JOINT_LEFT_LOWER_ARM].position;
        const float *h = b->joints[side ? VT_JOINT_RIGHT_HAND : VT_JOINT_LEFT_HAND].position;
        assert_float_equal(e[1], s[1], 1e-3f); /* the elbow level with the shoulder, */
        assert_float_equal(e[2], s[2], 1e-3f);
        assert_float_equal(h[1], s[1], 0.03f); /* the hand nearly (the forearm's bend) */
    }
    if (!(wide1 > wide0 + 0.03f && ps.frames <= 45 && ps.outside_share >= 0.995f &&
          ps.max_penetration_mm <= 2.0f))
        fail_msg("sleeve ends from %.3f to %.3f m, %u frames, %.4f outside, %.2f mm deepest",
                 (double)wide0, (double)wide1, ps.frames, (double)ps.outside_share,
                 (double)ps.max_penetration_mm);
    assert_int_equal(vt_fit_pose(b, NULL, 0, VT_POSE_A, NULL, NULL), VT_OK); /* a no-op */
    vt_garment_free(g);
    vt_body_free(b);
}

/* The other kinds that hang from the shoulders settle outside the body too. */
static void dress_and_long_sleeve_shirt_rest_outside_the_body(void **state) {
    (void)state;
    static const struct {
        const char *kind;
        int female;
    } cases[] = {{"dress", 1}, {"long_sleeve_shirt", 0}};
    for (size_t i = 0; i < 2; i++) {
        vt_garment *g = garment(cases[i].kind, "M");
        vt_drape_stats st;
        const vt_body *b = cases[i].female ? female : male;
        assert_int_equal(vt_drape(g, b, &(vt_drape_desc){.max_frames = MAX_FRAMES}, &st), VT_OK);
        if (!(st.frames < MAX_FRAMES && st.outside_share >= 0.995f &&
              st.max_penetration_mm <= 2.0f))
            fail_msg("%s: %u frames, %.4f outside, %.2f mm deepest", cases[i].kind, st.frames,
                     (double)st.outside_share, (double)st.max_penetration_mm);
        vt_test_judge j;
        assert_true(vt_test_judge_init(&j, &b->mesh));
        float outside, deepest;
        vt_test_judge_garment(&j, g, NULL, NULL, &outside, &deepest);
        vt_test_judge_free(&j);
        if (!(outside >= 0.995f && deepest <= 2.0f))
            fail_msg("%s, independent judge: %.4f outside, deepest %.2f mm", cases[i].kind,
                     (double)outside, (double)deepest);
        float hi = -INFINITY;
        for (uint32_t v = 0; v < g->mesh.vertex_count; v++)
            hi = fmaxf(hi, g->mesh.positions[3 * v + 1]);
        assert_true(hi > b->landmarks.shoulder_y && hi < b->landmarks.neck_y + 0.05f);
        vt_garment_free(g);
    }
}

/* Every kind in its smallest and largest size settles outside the female
   body within the frame limit: a tight XS does not cut into a limb (a seam
   or a hem yanked through an arm or a foot once stuck there, deeper than
   the field's band), and a loose XXL skirt or pair of trousers stays up,
   its waistband gathered at the waist, not fallen to the floor. */
static void every_kind_in_extreme_sizes_rests_outside_the_body(void **state) {
    (void)state;
    static const char *const kinds[] = {"tshirt", "long_sleeve_shirt", "dress", "skirt",
                                        "trousers"};
    vt_garment *g[10];
    vt_drape_stats st[10];
    for (int i = 0; i < 10; i++) g[i] = garment(kinds[i / 2], i % 2 ? "XXL" : "XS");
    vt_jobs *jobs = NULL;
    assert_int_equal(vt_jobs_create(2, &jobs), VT_OK);
    assert_int_equal(
        vt_drape_many(g, 10, female, &(vt_drape_desc){.max_frames = MAX_FRAMES}, jobs, st), VT_OK);
    vt_jobs_destroy(jobs);
    vt_test_judge j;
    assert_true(vt_test_judge_init(&j, &female->mesh));
    for (int i = 0; i < 10; i++) {
        float outside, deepest, top = -INFINITY;
        vt_test_judge_garment(&j, g[i], NULL, NULL, &outside, &deepest);
        for (uint32_t v = 0; v < g[i]->mesh.vertex_count; v++)
            top = fmaxf(top, g[i]->mesh.positions[3 * v + 1]);
        if (!(st[i].frames < MAX_FRAMES && st[i].outside_share >= 0.995f &&
              st[i].max_penetration_mm <= 2.0f && outside >= 0.995f && deepest <= 2.0f &&
              top > female->landmarks.hip_y + 0.05f))
            fail_msg("%s %s: %u frames, %.4f outside, %.2f mm deepest; judge %.4f, %.2f mm; "
                     "top at %.3f m (hip %.3f)",
                     kinds[i / 2], i % 2 ? "XXL" : "XS", st[i].frames, (double)st[i].outside_share,
                     (double)st[i].max_penetration_mm, (double)outside, (double)deepest,
                     (double)top, (double)female->landmarks.hip_y);
        vt_garment_free(g[i]);
    }
    vt_test_judge_free(&j);
}

/* A tight t-shirt is stretched evenly around the chest, not in vertical
   stripes: on the front panel the grid follows the deep neckline and its
   cells below it are skewed up to 60 degrees, where the warp and weft
   springs lie across the grain and only the soft shear springs held the
   girth's pull, and the long-range limits along the rows, chords shorter
   than the cloth where the body curves, held the flat centre front back:
   the columns below the neckline's ends took two to four times the centre
   front's stretch. Along the chest line of an XS on a 100 cm chest the
   standard deviation was 85 % of the mean stretch (17.7 points of 20.9);
   now 37 % (7.2 of 19.6), most of it single vertices where the fibres
   begin. */
static void tight_tshirt_stretches_evenly_around_the_chest(void **state) {
    (void)state;
    vt_garment *g = garment("tshirt", "XS");
    vt_drape_stats st;
    assert_int_equal(vt_drape(g, male, &(vt_drape_desc){.max_frames = MAX_FRAMES}, &st), VT_OK);
    float *pct = malloc(g->mesh.vertex_count * sizeof *pct);
    assert_non_null(pct);
    assert_int_equal(vt_garment_stretch(g, pct), VT_OK);
    const vt_panel *pn = NULL;
    for (uint32_t p = 0; p < g->panel_count; p++)
        if (!strcmp(g->panels[p].name, "front")) pn = &g->panels[p];
    assert_non_null(pn);
    assert_true(pn->has_line[VT_REGION_CHEST]);
    /* the grid row nearest the chest line, its middle two thirds (the
       side seams' first cells take the seams' pull) */
    uint32_t row = 0, w = pn->grid_u + 1;
    float best = INFINITY;
    for (uint32_t j = 0; j <= pn->grid_v; j++) {
        float d = fabsf(g->rest[2 * (pn->first_vertex + j * w) + 1] - pn->line_y[VT_REGION_CHEST]);
        if (d < best) best = d, row = j;
    }
    double sum = 0, sum2 = 0;
    uint32_t n = 0;
    for (uint32_t i = pn->grid_u / 6; i <= pn->grid_u - pn->grid_u / 6; i++) {
        double v = pct[pn->first_vertex + row * w + i];
        sum += v, sum2 += v * v, n++;
    }
    double mean = sum / n, sd = sqrt(fmax(sum2 / n - mean * mean, 0));
    if (!(mean > 10 && sd < 0.55 * mean))
        fail_msg("chest line of an XS on male M: mean %.1f %%, standard deviation %.1f points",
                 mean, sd);
    free(pct);
    vt_garment_free(g);
}

static void stretch_of_an_unmoved_panel_is_zero(void **state) {
    (void)state;
    vt_garment *g = garment("skirt", "S"); /* flat layout: positions are the rest shape */
    float *pct = malloc(g->mesh.vertex_count * sizeof *pct);
    assert_non_null(pct);
    assert_int_equal(vt_garment_stretch(g, pct), VT_OK);
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++) assert_float_equal(pct[v], 0.0f, 1e-3f);
    /* doubling x stretches by 100 % along it */
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++) g->mesh.positions[3 * v] *= 2;
    assert_int_equal(vt_garment_stretch(g, pct), VT_OK);
    for (uint32_t v = 0; v < g->mesh.vertex_count; v++) assert_float_equal(pct[v], 100.0f, 0.1f);
    free(pct);
    vt_garment_free(g);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stretch_of_an_unmoved_panel_is_zero),
        cmocka_unit_test(tshirt_settles_on_the_shoulders_outside_the_body),
        cmocka_unit_test(drape_is_deterministic_with_and_without_jobs),
        cmocka_unit_test(smaller_size_stretches_more_at_the_chest),
        cmocka_unit_test(tight_tshirt_stretches_evenly_around_the_chest),
        cmocka_unit_test(skirt_waist_holds_above_the_hips),
        cmocka_unit_test(trousers_hang_from_the_waist),
        cmocka_unit_test(tshirt_follows_the_body_into_the_t_pose),
        cmocka_unit_test(dress_and_long_sleeve_shirt_rest_outside_the_body),
        cmocka_unit_test(every_kind_in_extreme_sizes_rests_outside_the_body),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
