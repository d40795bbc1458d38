/* tests/unit/garment_json_test.c — garment.json: the shipped garments load
   with the values written in them, fabric presets, and every malformed or
   hostile file gets its exact one-line error (run under the sanitizers). */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vitrine/fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[256];

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vt_garment_test_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static const char *asset(const char *name) {
    static char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/garments/%s", src ? src : ".", name);
    return p;
}

static const char *write_tmp(const char *name, const char *text) {
    static char p[512];
    snprintf(p, sizeof p, "%s/%s", tmpdir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static void shipped_tshirt_loads_with_its_chart(void **state) {
    (void)state;
    vt_garment_spec g;
    assert_int_equal(vt_garment_load_json(asset("tshirt.json"), &g), VT_OK);
    assert_int_equal(g.kind, VT_GARMENT_TSHIRT);
    assert_string_equal(g.name, "crew-neck tee");
    assert_int_equal(g.size_count, 6);
    assert_string_equal(g.sizes[2].name, "M");
    assert_float_equal(g.sizes[2].cm[VT_REGION_CHEST], 101.5f, 1e-6f);
    assert_float_equal(g.sizes[5].cm[VT_REGION_SLEEVE], 24.0f, 1e-6f);
    assert_true(g.scored[VT_REGION_CHEST]);
    assert_false(g.scored[VT_REGION_SLEEVE]); /* a short sleeve is not scored */
    assert_false(g.scored[VT_REGION_LENGTH]);
    assert_false(g.in_chart[VT_REGION_WAIST]);
    assert_float_equal(g.ease[VT_REGION_CHEST][0], 0.0f, 1e-6f);
    assert_float_equal(g.ease[VT_REGION_CHEST][1], 10.0f, 1e-6f);
    assert_string_equal(g.fabric.name, "cotton_jersey");
    assert_float_equal(g.fabric.weight, 170.0f, 1e-6f);
    assert_int_equal(vt_garment_find_size(&g, "xxl"), 5);
    assert_int_equal(vt_garment_find_size(&g, "XXXL"), -1);
}

static void every_shipped_kind_loads(void **state) {
    (void)state;
    static const struct {
        const char *file;
        vt_garment_kind kind;
        bool scored[VT_REGION_COUNT];
    } cases[] = {
        {"tshirt.json", VT_GARMENT_TSHIRT, {1, 0, 0, 0, 0, 0}},
        {"long_sleeve_shirt.json", VT_GARMENT_LONG_SLEEVE_SHIRT, {1, 1, 0, 0, 1, 0}},
        {"dress.json", VT_GARMENT_DRESS, {1, 1, 1, 0, 0, 0}},
        {"skirt.json", VT_GARMENT_SKIRT, {0, 1, 1, 0, 0, 0}},
        {"trousers.json", VT_GARMENT_TROUSERS, {0, 1, 1, 0, 0, 1}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vt_garment_spec g;
        assert_int_equal(vt_garment_load_json(asset(cases[i].file), &g), VT_OK);
        assert_int_equal(g.kind, cases[i].kind);
        assert_int_equal(g.size_count, 6);
        assert_string_equal(g.sizes[0].name, "XS");
        assert_string_equal(g.sizes[5].name, "XXL");
        char kname[32];
        snprintf(kname, sizeof kname, "%.*s", (int)(strlen(cases[i].file) - 5), cases[i].file);
        assert_string_equal(vt_garment_kind_name(g.kind), kname);
        for (int r = 0; r < VT_REGION_COUNT; r++) assert_int_equal(g.scored[r], cases[i].scored[r]);
    }
}

static void fabric_presets_and_overrides(void **state) {
    (void)state;
    vt_fabric f;
    assert_int_equal(vt_fabric_preset("denim", &f), VT_OK);
    assert_float_equal(f.weight, 407.0f, 1e-6f);
    assert_int_equal(vt_fabric_preset("knit_elastane", &f), VT_OK);
    assert_float_equal(f.comfort_stretch, 40.0f, 1e-6f);
    assert_int_equal(vt_fabric_preset("velvet", &f), VT_ERR_INVALID);
    assert_non_null(strstr(vt_last_error(), "unknown preset \"velvet\""));
    /* dress.json: woven cotton at a heavier weight */
    vt_garment_spec g;
    assert_int_equal(vt_garment_load_json(asset("dress.json"), &g), VT_OK);
    assert_string_equal(g.fabric.name, "woven_cotton");
    assert_float_equal(g.fabric.weight, 140.0f, 1e-6f);
    assert_float_equal(g.fabric.stretch, 12000.0f, 1e-6f);
    const char *p = write_tmp(
        "custom.json",
        "{\"kind\":\"skirt\",\"sizes\":[{\"size\":\"M\",\"waist\":70,\"hip\":96,\"length\":60}],"
        "\"ease\":{\"waist\":[0,3],\"hip\":[2,6]},\"fabric\":{\"stretch\":900,\"shear\":12,"
        "\"bending\":3,\"weight\":160,\"friction\":0.4,\"comfort_stretch\":25}}");
    assert_int_equal(vt_garment_load_json(p, &g), VT_OK);
    assert_string_equal(g.fabric.name, "custom");
    assert_float_equal(g.fabric.stretch, 900.0f, 1e-6f);
    assert_float_equal(g.fabric.comfort_stretch, 25.0f, 1e-6f);
}

/* A valid skirt with one part replaced. */
#define SIZES                                                                                      \
    "[{\"size\":\"S\",\"waist\":70,\"hip\":96,\"length\":60},{\"size\":\"M\",\"waist\":76,"        \
    "\"hip\":102,\"length\":61}]"
#define EASE "{\"waist\":[0,3],\"hip\":[2,6]}"
#define SKIRT(kind, sizes, ease, fabric)                                                           \
    "{\"kind\":" kind ",\"sizes\":" sizes ",\"ease\":" ease ",\"fabric\":" fabric "}"

static void bad_files_name_path_and_cause(void **state) {
    (void)state;
    static const struct {
        const char *text;
        vt_result r;
        const char *msg; /* after "<path>: " */
    } cases[] = {
        {"{\"kind\": ", VT_ERR_PARSE, "invalid JSON at line 1 column 9: "},
        {"[1]", VT_ERR_PARSE, "$: expected an object, found an array"},
        {SKIRT("\"skirt\"", SIZES, EASE, "\"denim\"") "x", VT_ERR_PARSE, "invalid JSON at line 1"},
        {"{\"kind\":\"skirt\",\"colour\":1}", VT_ERR_PARSE, "$.colour: unknown member"},
        {"{\"sizes\":[]}", VT_ERR_PARSE,
         "$.kind: missing (tshirt, long_sleeve_shirt, dress, skirt or trousers)"},
        {SKIRT("3", SIZES, EASE, "\"denim\""), VT_ERR_PARSE,
         "$.kind: expected a string, found a number"},
        {SKIRT("\"poncho\"", SIZES, EASE, "\"denim\""), VT_ERR_INVALID,
         "$.kind: unknown kind \"poncho\" (tshirt, long_sleeve_shirt, dress, skirt or trousers)"},
        {SKIRT("\"skirt\"", "[]", EASE, "\"denim\""), VT_ERR_INVALID, "$.sizes: empty size list"},
        {SKIRT("\"skirt\"", "{}", EASE, "\"denim\""), VT_ERR_PARSE,
         "$.sizes: expected an array, found an object"},
        {"{\"kind\":\"skirt\",\"ease\":{},\"fabric\":\"denim\"}", VT_ERR_PARSE,
         "$.sizes: missing (the size chart)"},
        {SKIRT("\"skirt\"", "[7]", EASE, "\"denim\""), VT_ERR_PARSE,
         "$.sizes[0]: expected an object, found a number"},
        {SKIRT("\"skirt\"", "[{\"waist\":70,\"hip\":96,\"length\":60}]", EASE, "\"denim\""),
         VT_ERR_PARSE, "$.sizes[0].size: missing (the size's name)"},
        {SKIRT("\"skirt\"", "[{\"size\":\"\",\"waist\":70,\"hip\":96,\"length\":60}]", EASE,
               "\"denim\""),
         VT_ERR_INVALID, "$.sizes[0].size: a size name has 1..15 characters"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\\n\",\"waist\":70,\"hip\":96,\"length\":60}]", EASE,
               "\"denim\""),
         VT_ERR_INVALID, "$.sizes[0].size: control character, quote or backslash in a size name"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\",\"waist\":\"70\",\"hip\":96,\"length\":60}]", EASE,
               "\"denim\""),
         VT_ERR_PARSE, "$.sizes[0].waist: expected a number (cm), found a string"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\",\"waist\":-4,\"hip\":96,\"length\":60}]", EASE,
               "\"denim\""),
         VT_ERR_INVALID, "$.sizes[0].waist: -4 cm is outside 40..250 cm"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\",\"waist\":70,\"hip\":1e9,\"length\":60}]", EASE,
               "\"denim\""),
         VT_ERR_INVALID, "$.sizes[0].hip: 1e+09 cm is outside 50..260 cm"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\",\"waist\":70,\"length\":60}]", EASE, "\"denim\""),
         VT_ERR_INVALID, "$.sizes[0].hip: missing (a skirt's chart needs it)"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\",\"chest\":90,\"waist\":70,\"hip\":96,\"length\":60}]",
               EASE, "\"denim\""),
         VT_ERR_INVALID, "$.sizes[0].chest: a skirt has no chest"},
        {SKIRT("\"skirt\"", "[{\"size\":\"M\",\"waist\":70,\"hips\":96,\"length\":60}]", EASE,
               "\"denim\""),
         VT_ERR_PARSE, "$.sizes[0].hips: unknown member"},
        {SKIRT(
             "\"skirt\"",
             "[{\"size\":\"M\",\"waist\":70,\"hip\":96,\"length\":60},{\"size\":\"m\",\"waist\":76,"
             "\"hip\":102,\"length\":61}]",
             EASE, "\"denim\""),
         VT_ERR_INVALID, "$.sizes[1].size: \"m\" repeats $.sizes[0]"},
        {SKIRT("\"skirt\"",
               "[{\"size\":\"M\",\"waist\":76,\"hip\":102,\"length\":60},{\"size\":\"S\",\"waist\":"
               "70,"
               "\"hip\":96,\"length\":61}]",
               EASE, "\"denim\""),
         VT_ERR_INVALID,
         "$.sizes[1].waist: 70 cm is smaller than size M's 76 cm (sizes go from smallest to "
         "largest)"},
        {"{\"kind\":\"tshirt\",\"sizes\":[{\"size\":\"S\",\"chest\":90,\"length\":60,\"sleeve_"
         "length\":"
         "20},{\"size\":\"M\",\"chest\":96,\"waist\":90,\"length\":62,\"sleeve_length\":21}],"
         "\"ease\":{"
         "\"chest\":[0,8]},\"fabric\":\"cotton_jersey\"}",
         VT_ERR_INVALID, "$.sizes[1].waist: not in $.sizes[0] (every size needs the same regions)"},
        {SKIRT("\"skirt\"", SIZES, "[0,3]", "\"denim\""), VT_ERR_PARSE,
         "$.ease: expected an object, found an array"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[3,0],\"hip\":[2,6]}", "\"denim\""), VT_ERR_INVALID,
         "$.ease.waist: upside down: min 3 cm > max 0 cm"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[0,3]}", "\"denim\""), VT_ERR_PARSE,
         "$.ease.hip: missing (a [min, max] range, cm)"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[0,3,5],\"hip\":[2,6]}", "\"denim\""), VT_ERR_PARSE,
         "$.ease.waist: expected [min, max] in cm, found another array length"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[0,null],\"hip\":[2,6]}", "\"denim\""), VT_ERR_PARSE,
         "$.ease.waist[1]: expected a number (cm), found null"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[0,300],\"hip\":[2,6]}", "\"denim\""),
         VT_ERR_INVALID, "$.ease.waist[1]: 300 cm is outside -30..60 cm"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[0,3],\"hip\":[2,6],\"length\":[0,2]}", "\"denim\""),
         VT_ERR_INVALID, "$.ease.length: length is not scored for a skirt"},
        {SKIRT("\"skirt\"", SIZES, "{\"waist\":[0,3],\"hip\":[2,6],\"chest\":[0,2]}", "\"denim\""),
         VT_ERR_INVALID, "$.ease.chest: chest is not scored for a skirt without it in the chart"},
        {SKIRT("\"skirt\"", SIZES, EASE, "\"tweed\""), VT_ERR_INVALID,
         "$.fabric: unknown fabric \"tweed\" (cotton_jersey, woven_cotton, denim, silk or "
         "knit_elastane)"},
        {SKIRT("\"skirt\"", SIZES, EASE, "12"), VT_ERR_PARSE,
         "$.fabric: expected a preset name or an object, found a number"},
        {SKIRT("\"skirt\"", SIZES, EASE, "{\"preset\":\"denim\",\"weight\":-3}"), VT_ERR_INVALID,
         "$.fabric.weight: -3 is outside 10..1500"},
        {SKIRT("\"skirt\"", SIZES, EASE, "{\"preset\":\"denim\",\"friction\":true}"), VT_ERR_PARSE,
         "$.fabric.friction: expected a number, found a boolean"},
        {SKIRT("\"skirt\"", SIZES, EASE, "{\"preset\":\"denim\",\"colour\":1}"), VT_ERR_PARSE,
         "$.fabric.colour: unknown member"},
        {SKIRT("\"skirt\"", SIZES, EASE, "{\"preset\":7}"), VT_ERR_PARSE,
         "$.fabric.preset: expected a string, found a number"},
        {SKIRT("\"skirt\"", SIZES, EASE,
               "{\"stretch\":900,\"shear\":12,\"bending\":3,\"weight\":160,"
               "\"friction\":0.4}"),
         VT_ERR_PARSE, "$.fabric.comfort_stretch: missing (required without a preset)"},
        {"{\"kind\":\"skirt\",\"sizes\":" SIZES ",\"ease\":" EASE "}", VT_ERR_PARSE,
         "$.fabric: missing (a preset name or an object)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char name[32];
        snprintf(name, sizeof name, "bad%zu.json", i);
        const char *p = write_tmp(name, cases[i].text);
        vt_garment_spec g;
        vt_result r = vt_garment_load_json(p, &g);
        char want[1100];
        snprintf(want, sizeof want, "%s: %s", p, cases[i].msg);
        if (r != cases[i].r || strncmp(vt_last_error(), want, strlen(want)) != 0)
            fail_msg("case %zu: got %d \"%s\", want %d \"%s\"", i, r, vt_last_error(), cases[i].r,
                     want);
        assert_null(strchr(vt_last_error(), '\n')); /* one line */
        assert_int_equal(g.size_count, 0);          /* nothing half-filled */
    }
}

static void unreadable_and_special_files_are_io_errors(void **state) {
    (void)state;
    vt_garment_spec g;
    char p[400];
    snprintf(p, sizeof p, "%s/missing.json", tmpdir);
    assert_int_equal(vt_garment_load_json(p, &g), VT_ERR_IO);
    char want[450];
    snprintf(want, sizeof want, "%s: cannot open", p);
    assert_string_equal(vt_last_error(), want);
    assert_int_equal(vt_garment_load_json(tmpdir, &g), VT_ERR_IO);
    snprintf(want, sizeof want, "%s: not a regular file", tmpdir);
    assert_string_equal(vt_last_error(), want);
    snprintf(p, sizeof p, "%s/fifo.json", tmpdir);
    assert_int_equal(mkfifo(p, 0600), 0);
    assert_int_equal(vt_garment_load_json(p, &g), VT_ERR_IO); /* no hang waiting for a writer */
    /* 2 MiB of spaces: past the 1 MiB limit before parsing */
    snprintf(p, sizeof p, "%s/big.json", tmpdir);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    for (int i = 0; i < 2048; i++) fprintf(f, "%1024s", "");
    fclose(f);
    assert_int_equal(vt_garment_load_json(p, &g), VT_ERR_LIMIT);
    /* Deep nesting: jansson's depth limit, not a stack overflow */
    snprintf(p, sizeof p, "%s/deep.json", tmpdir);
    f = fopen(p, "wb");
    assert_non_null(f);
    for (int i = 0; i < 100000; i++) fputc('[', f);
    fclose(f);
    assert_int_equal(vt_garment_load_json(p, &g), VT_ERR_PARSE);
    /* Seventeen sizes */
    char text[4096] = "{\"kind\":\"skirt\",\"sizes\":[";
    for (int i = 0; i < 17; i++) {
        char s[96];
        snprintf(s, sizeof s, "%s{\"size\":\"s%d\",\"waist\":%d,\"hip\":%d,\"length\":60}",
                 i ? "," : "", i, 60 + i, 90 + i);
        strcat(text, s);
    }
    strcat(text, "],\"ease\":" EASE ",\"fabric\":\"denim\"}");
    const char *q = write_tmp("many.json", text);
    assert_int_equal(vt_garment_load_json(q, &g), VT_ERR_LIMIT);
    assert_non_null(strstr(vt_last_error(), "$.sizes: 17 sizes, at most 16"));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shipped_tshirt_loads_with_its_chart),
        cmocka_unit_test(every_shipped_kind_loads),
        cmocka_unit_test(fabric_presets_and_overrides),
        cmocka_unit_test(bad_files_name_path_and_cause),
        cmocka_unit_test(unreadable_and_special_files_are_io_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
