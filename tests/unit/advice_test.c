/* tests/unit/advice_test.c — size advice against a table of cases worked out
   by hand from issue 5's rule: all-as-intended sizes closest to the middle
   of their ranges win; else least shortfall (tight cm twice, loose once);
   ties to the larger size; the reason names the deciding region. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A garment scoring chest [4, 10] and, when waist > 0 in a size, waist [2, 8]. */
static vt_garment_spec spec(int n, const char *const names[], const float chest[],
                            const float waist[]) {
    vt_garment_spec g;
    memset(&g, 0, sizeof g);
    g.kind = VT_GARMENT_LONG_SLEEVE_SHIRT;
    g.size_count = (uint32_t)n;
    for (int i = 0; i < n; i++) {
        snprintf(g.sizes[i].name, sizeof g.sizes[i].name, "%s", names[i]);
        g.sizes[i].cm[VT_REGION_CHEST] = chest[i];
        g.sizes[i].cm[VT_REGION_WAIST] = waist ? waist[i] : 0;
    }
    g.in_chart[VT_REGION_CHEST] = g.scored[VT_REGION_CHEST] = true;
    g.ease[VT_REGION_CHEST][0] = 4;
    g.ease[VT_REGION_CHEST][1] = 10;
    if (waist) {
        g.in_chart[VT_REGION_WAIST] = g.scored[VT_REGION_WAIST] = true;
        g.ease[VT_REGION_WAIST][0] = 2;
        g.ease[VT_REGION_WAIST][1] = 8;
    }
    return g;
}

static const char *const SML[] = {"S", "M", "L"};

typedef struct hand_case {
    const char *what;
    int n;
    float chest[3], waist[3]; /* waist all 0: not in the chart */
    float body_chest, body_waist;
    int recommended;
    vt_fit_region deciding;
    const char *reason;
} hand_case;

static const hand_case cases[] = {
    /* S -1 tight; M +6 (1 from the middle 7); L +14 loose */
    {"issue example",
     3,
     {95, 102, 110},
     {0},
     96,
     0,
     1,
     VT_REGION_CHEST,
     "M: chest +6 cm as intended; S is tight at the chest (-1 cm)"},
    /* S +4 (3 off), M +7 (0 off), L +14 loose: M; S fits too, so L explains */
    {"closest to the middle",
     3,
     {100, 103, 110},
     {0},
     96,
     0,
     1,
     VT_REGION_CHEST,
     "M: chest +7 cm as intended; L is loose at the chest (+14 cm)"},
    /* S +5 and M +9 both 2 cm off the middle: tie to the larger */
    {"tie among as intended",
     2,
     {101, 105},
     {0},
     96,
     0,
     1,
     VT_REGION_CHEST,
     "M: chest +9 cm as intended, nearest the middle of +4..+10 cm; S fits too (+5 cm)"},
    /* -10, -6, -2: shortfalls 28, 20, 12 */
    {"all tight",
     3,
     {90, 94, 98},
     {0},
     100,
     0,
     2,
     VT_REGION_CHEST,
     "L: chest -2 cm, tight; no size fits as intended, L falls shortest of its ranges"},
    /* +14, +20, +26: shortfalls 4, 10, 16 */
    {"all loose",
     3,
     {110, 116, 122},
     {0},
     96,
     0,
     0,
     VT_REGION_CHEST,
     "S: chest +14 cm, loose; no size fits as intended, S falls shortest of its ranges"},
    /* S: chest +2 (tight 2 -> 4), waist +8 ok; M: chest +10 ok, waist +12 (loose 4 -> 4): tie */
    {"shortfall tie",
     2,
     {98, 106},
     {88, 92},
     96,
     80,
     1,
     VT_REGION_WAIST,
     "M: waist +12 cm, loose; no size fits as intended, M falls shortest of its ranges"},
    /* S tight 3 cm (6) vs M loose 5 cm (5): the loose one */
    {"tight counts twice",
     2,
     {97, 111},
     {0},
     96,
     0,
     1,
     VT_REGION_CHEST,
     "M: chest +15 cm, loose; no size fits as intended, M falls shortest of its ranges"},
    /* S tight 3 cm (6) vs M loose 7 cm (7): the tight one */
    {"looseness once",
     2,
     {97, 113},
     {0},
     96,
     0,
     0,
     VT_REGION_CHEST,
     "S: chest +1 cm, tight; no size fits as intended, S falls shortest of its ranges"},
    /* 102 - 96.04 = 5.96 -> 6.0 */
    {"eases round to 0.1 cm",
     1,
     {102},
     {0},
     96.04f,
     0,
     0,
     VT_REGION_CHEST,
     "S: chest +6 cm as intended"},
    /* S chest +6 ok but waist +1 tight; M chest +10 ok, waist +5 ok: the waist decides */
    {"deciding region is the neighbour's",
     2,
     {102, 106},
     {81, 85},
     96,
     80,
     1,
     VT_REGION_WAIST,
     "M: waist +5 cm as intended; S is tight at the waist (+1 cm)"},
    /* S chest +4.5 (off 2.5) waist +5 (off 0); M chest +7 (0) waist +7.5 (2.5); tie -> M,
       and chest is where M is nearer the middle */
    {"tie names the region that gained",
     2,
     {100.5f, 103},
     {85, 87.5f},
     96,
     80,
     1,
     VT_REGION_CHEST,
     "M: chest +7 cm as intended, nearest the middle of +4..+10 cm; S fits too (+4.5 cm)"},
};

static void hand_worked_table(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const hand_case *c = &cases[i];
        bool has_waist = c->waist[0] > 0;
        vt_garment_spec g = spec(c->n, SML, c->chest, has_waist ? c->waist : NULL);
        float body[VT_REGION_COUNT] = {0};
        body[VT_REGION_CHEST] = c->body_chest;
        body[VT_REGION_WAIST] = c->body_waist;
        vt_fit_advice a;
        assert_int_equal(vt_fit_advise(&g, body, VT_LANG_EN, &a), VT_OK);
        if (a.recommended != c->recommended || a.deciding != c->deciding ||
            strcmp(a.reason, c->reason) != 0)
            fail_msg("%s: got %d/%d \"%s\", want %d/%d \"%s\"", c->what, a.recommended, a.deciding,
                     a.reason, c->recommended, c->deciding, c->reason);
    }
}

static void statuses_eases_and_shortfalls(void **state) {
    (void)state;
    vt_garment_spec g = spec(3, SML, (const float[]){95, 102, 110}, NULL);
    float body[VT_REGION_COUNT] = {[VT_REGION_CHEST] = 96};
    vt_fit_advice a;
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_EN, &a), VT_OK);
    assert_int_equal(a.size_count, 3);
    const vt_region_fit *s = &a.sizes[0].regions[VT_REGION_CHEST];
    assert_true(s->scored);
    assert_float_equal(s->ease, -1.0f, 1e-5f);
    assert_int_equal(s->status, VT_FIT_TIGHT);
    assert_float_equal(s->shortfall, 5.0f, 1e-5f);
    assert_float_equal(a.sizes[0].weighted_shortfall, 10.0f, 1e-5f);
    assert_int_equal(a.sizes[1].regions[VT_REGION_CHEST].status, VT_FIT_AS_INTENDED);
    assert_true(a.sizes[1].all_as_intended);
    assert_float_equal(a.sizes[1].centre_distance, 1.0f, 1e-5f);
    assert_int_equal(a.sizes[2].regions[VT_REGION_CHEST].status, VT_FIT_LOOSE);
    assert_float_equal(a.sizes[2].weighted_shortfall, 4.0f, 1e-5f);
    assert_false(a.sizes[1].regions[VT_REGION_WAIST].scored);
    assert_string_equal(vt_fit_status_name(VT_FIT_TIGHT), "tight");
    assert_string_equal(vt_fit_status_name(VT_FIT_AS_INTENDED), "as_intended");
    assert_string_equal(vt_fit_status_name(VT_FIT_LOOSE), "loose");
    /* At the edges of the range: as intended */
    body[VT_REGION_CHEST] = 98; /* M +4 */
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_EN, &a), VT_OK);
    assert_int_equal(a.sizes[1].regions[VT_REGION_CHEST].status, VT_FIT_AS_INTENDED);
    body[VT_REGION_CHEST] = 92; /* M +10 */
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_EN, &a), VT_OK);
    assert_int_equal(a.sizes[1].regions[VT_REGION_CHEST].status, VT_FIT_AS_INTENDED);
}

static void reason_in_chinese(void **state) {
    (void)state;
    vt_garment_spec g = spec(3, SML, (const float[]){95, 102, 110}, NULL);
    float body[VT_REGION_COUNT] = {[VT_REGION_CHEST] = 96};
    vt_fit_advice a;
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_ZH, &a), VT_OK);
    assert_string_equal(a.reason, "M：胸围 +6 厘米，合适；S 胸围偏紧（-1 厘米）");
    g = spec(3, SML, (const float[]){90, 94, 98}, NULL);
    body[VT_REGION_CHEST] = 100;
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_ZH, &a), VT_OK);
    assert_string_equal(a.reason, "L：胸围 -2 厘米，偏紧；没有尺码完全合适，L 的差距最小");
}

static void body_without_a_scored_region_is_an_error(void **state) {
    (void)state;
    vt_garment_spec g = spec(3, SML, (const float[]){95, 102, 110}, NULL);
    float body[VT_REGION_COUNT] = {0};
    vt_fit_advice a;
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_EN, &a), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "advice: the body has no chest to measure against");
    assert_int_equal(a.recommended, -1);
}

/* The shipped jeans on a body given by hand: sleeve and inseam regions too. */
static void shipped_trousers_by_hand(void **state) {
    (void)state;
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/garments/trousers.json", src ? src : ".");
    vt_garment_spec g;
    assert_int_equal(vt_garment_load_json(p, &g), VT_OK);
    float body[VT_REGION_COUNT] = {0};
    body[VT_REGION_WAIST] = 86;
    body[VT_REGION_HIP] = 100;
    body[VT_REGION_INSEAM] = 81;
    vt_fit_advice a;
    assert_int_equal(vt_fit_advise(&g, body, VT_LANG_EN, &a), VT_OK);
    /* M: waist +2, hip +4, inseam -1, all as intended; S: waist -6 (12), hip -2 (8) */
    assert_int_equal(a.recommended, 2);
    assert_float_equal(a.sizes[2].regions[VT_REGION_INSEAM].ease, -1.0f, 1e-5f);
    assert_float_equal(a.sizes[2].centre_distance, 2.5f, 1e-4f);
    assert_string_equal(a.reason, "M: waist +2 cm as intended; S is tight at the waist (-6 cm)");
}

/* A built body: the tape's girths feed the eases, which equal the chart
   arithmetic on the requested measurements within 1 cm. */
static void built_body_gets_the_expected_dress(void **state) {
    (void)state;
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/bodies/female-m.json", src ? src : ".");
    vt_body_measurements m;
    assert_int_equal(vt_body_load_json(p, &m), VT_OK);
    vt_body *body = NULL;
    assert_int_equal(vt_body_build(&m, &body), VT_OK);
    float v[VT_REGION_COUNT];
    vt_fit_body_values(body, v);
    assert_float_equal(v[VT_REGION_SLEEVE], m.arm_length, 1e-5f);
    assert_float_equal(v[VT_REGION_INSEAM], m.inside_leg_length, 1e-5f);
    assert_float_equal(v[VT_REGION_LENGTH], 0.0f, 0.0f);
    snprintf(p, sizeof p, "%s/assets/garments/dress.json", src ? src : ".");
    vt_garment_spec g;
    assert_int_equal(vt_garment_load_json(p, &g), VT_OK);
    vt_fit_advice a;
    assert_int_equal(vt_fit_advise(&g, v, VT_LANG_EN, &a), VT_OK);
    assert_string_equal(g.sizes[a.recommended].name, "M");
    const float req[3] = {m.chest_girth, m.waist_girth, m.hip_girth};
    for (uint32_t i = 0; i < g.size_count; i++)
        for (int r = 0; r < 3; r++)
            assert_float_equal(a.sizes[i].regions[r].ease, g.sizes[i].cm[r] - req[r], 1.0f);
    /* where the hem falls by the chart: the knee-length dress at the knee */
    float y = vt_fit_hem_height(&g, 2, body);
    assert_float_equal(y, body->landmarks.neck_y - 0.94f, 1e-5f);
    assert_string_equal(vt_fit_hem_text(body, y, VT_LANG_EN), "at the knee");
    assert_string_equal(vt_fit_hem_text(body, y, VT_LANG_ZH), "齐膝");
    assert_string_equal(vt_fit_hem_text(body, body->landmarks.waist_y, VT_LANG_EN), "at the waist");
    assert_string_equal(vt_fit_hem_text(body, 0.0f, VT_LANG_EN), "at the floor");
    assert_string_equal(vt_fit_hem_text(body, body->landmarks.neck_y, VT_LANG_EN),
                        "above the waist");
    vt_body_free(body);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_worked_table),
        cmocka_unit_test(statuses_eases_and_shortfalls),
        cmocka_unit_test(reason_in_chinese),
        cmocka_unit_test(body_without_a_scored_region_is_an_error),
        cmocka_unit_test(shipped_trousers_by_hand),
        cmocka_unit_test(built_body_gets_the_expected_dress),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
