/* vt_store_def_load: a good store loads with exact values; each kind of bad
   catalog or store gives its own error at the exact file:line:column and JSON
   path; lenient mode opens the rest and lists what it left out. */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "store/json_loc.h"
#include "vitrine/core.h"
#include "vitrine/fit.h"
#include "vitrine/store.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char good_dir[512];
static char tmp[256];
static char *good_catalog, *good_store;

static char *read_text(const char *path) {
    void *data = NULL;
    assert_int_equal(vt_file_read(path, 1 << 20, &data, NULL), VT_OK);
    return data;
}

static void write_text(const char *name, const char *text) {
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmp, name);
    assert_int_equal(vt_file_write(path, text, strlen(text)), VT_OK);
}

static int setup(void **state) {
    (void)state;
    const char *data = getenv("VT_TEST_DATA");
    snprintf(good_dir, sizeof good_dir, "%s/store/good", data ? data : "tests/data");
    snprintf(tmp, sizeof tmp, "/tmp/vt_store_def_XXXXXX");
    if (!mkdtemp(tmp)) return -1;
    char path[1024];
    snprintf(path, sizeof path, "%s/models", tmp);
    mkdir(path, 0755);
    const char *models[] = {"tee", "mug", "sneaker", "table"};
    for (int i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/models/%s.glb", tmp, models[i]);
        vt_file_write(path, "glb", 3);
    }
    /* the tee's garment.json, beside the catalog as the catalog names it */
    snprintf(path, sizeof path, "%s/garments", tmp);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/garments/tee.json", good_dir);
    char *garment = read_text(path);
    write_text("garments/tee.json", garment);
    free(garment);
    snprintf(path, sizeof path, "%s/catalog.json", good_dir);
    good_catalog = read_text(path);
    snprintf(path, sizeof path, "%s/store.json", good_dir);
    good_store = read_text(path);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    free(good_catalog);
    free(good_store);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : -1;
}

/* text with the only occurrence of `from` replaced; *at = offset of the
   replacement plus `skip` bytes (to point inside it). */
static char *replace(const char *text, const char *from, const char *to, size_t skip, size_t *at) {
    const char *p = strstr(text, from);
    assert_non_null(p);
    assert_null(strstr(p + 1, from));
    size_t pre = (size_t)(p - text), fl = strlen(from), tl = strlen(to);
    char *out = malloc(strlen(text) - fl + tl + 1);
    memcpy(out, text, pre);
    memcpy(out + pre, to, tl);
    strcpy(out + pre + tl, p + fl);
    if (at) *at = pre + skip;
    return out;
}

/* Line and column (characters) of a byte offset, counted here independently. */
static void line_col(const char *text, size_t off, unsigned *line, unsigned *col) {
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

static vt_result load(const char *catalog, const char *store, bool lenient, vt_store_def **def) {
    write_text("catalog.json", catalog);
    write_text("store.json", store);
    char path[512];
    snprintf(path, sizeof path, "%s/store.json", tmp);
    vt_store_def_desc d = {.lenient = lenient};
    return vt_store_def_load(path, &d, def);
}

/* Loads with one replacement in the catalog (or the store) and checks the
   whole message: "DIR/FILE:LINE:COL: PATH: CAUSE". */
static void expect_error(bool in_catalog, const char *from, const char *to, size_t skip,
                         vt_result want, const char *path, const char *cause) {
    size_t at;
    char *bad = replace(in_catalog ? good_catalog : good_store, from, to, skip, &at);
    vt_store_def *def = (vt_store_def *)1;
    vt_result r =
        in_catalog ? load(bad, good_store, false, &def) : load(good_catalog, bad, false, &def);
    unsigned line, col;
    line_col(bad, at, &line, &col);
    char want_msg[1024];
    snprintf(want_msg, sizeof want_msg, "%s/%s:%u:%u: %s: %s", tmp,
             in_catalog ? "catalog.json" : "store.json", line, col, path, cause);
    assert_string_equal(vt_last_error(), want_msg);
    assert_int_equal(r, want);
    assert_null(def);
    free(bad);
}

static void good_store_loads_exact_values(void **state) {
    (void)state;
    vt_store_def *def = NULL;
    assert_int_equal(load(good_catalog, good_store, false, &def), VT_OK);
    assert_string_equal(vt_text_get(&def->name, "zh"), "测试精品店");
    assert_string_equal(def->currency, "EUR");
    assert_int_equal(def->product_count, 3);
    const vt_product *tee = &def->products[0];
    assert_string_equal(tee->id, "tee-organic");
    assert_string_equal(tee->kind, "tshirt");
    assert_string_equal(vt_text_get(&tee->title, "zh-CN"), "有机棉T恤");
    assert_string_equal(vt_text_get(&tee->title, "fr"), "Organic tee");
    assert_string_equal(vt_text_get(&tee->material, "en"), "100% organic cotton");
    assert_string_equal(tee->brand, "Nordlys");
    assert_string_equal(tee->gtin, "04012345678901");
    assert_int_equal(tee->price.minor, 2990);
    assert_string_equal(tee->price.currency, "EUR");
    char want[600];
    snprintf(want, sizeof want, "%s/models/tee.glb", tmp);
    assert_string_equal(tee->model, want);
    snprintf(want, sizeof want, "%s/garments/tee.json", tmp);
    assert_string_equal(tee->garment, want);
    assert_non_null(tee->garment_spec);
    assert_int_equal(tee->garment_spec->size_count, 4); /* the chart may hold sizes not on sale */
    assert_null(def->products[1].garment_spec);
    assert_int_equal(tee->size_count, 3);
    assert_string_equal(tee->sizes[1], "M");
    assert_int_equal(vt_product_find_size(tee, "L"), 2);
    assert_int_equal(vt_product_find_size(tee, "XL"), UINT32_MAX);
    assert_int_equal(tee->variant_count, 2);
    const vt_variant *ecru = &tee->variants[0];
    assert_string_equal(ecru->id, "tee-organic-ecru");
    assert_string_equal(vt_text_get(&ecru->title, "zh"), "本白");
    assert_float_equal(ecru->color[0], 0xED / 255.0f, 1e-6);
    assert_int_equal(ecru->override_count, 1);
    assert_string_equal(ecru->overrides[0].material, "Fabric");
    assert_int_equal(ecru->overrides[0].fields, VT_OVERRIDE_BASE_COLOR | VT_OVERRIDE_ROUGHNESS);
    /* #808080 = 128/255 sRGB = 0.2158605 linear */
    assert_float_equal(ecru->overrides[0].base_color[0], 0.2158605f, 1e-5);
    assert_float_equal(ecru->overrides[0].base_color[3], 1.0f, 0);
    assert_float_equal(ecru->overrides[0].roughness, 0.9f, 1e-6);
    const vt_material_override *all = &tee->variants[1].overrides[0];
    assert_string_equal(all->material, "*");
    assert_int_equal(all->fields, VT_OVERRIDE_BASE_COLOR | VT_OVERRIDE_METALLIC |
                                      VT_OVERRIDE_SHEEN_COLOR | VT_OVERRIDE_EMISSIVE);
    assert_float_equal(all->base_color[0], 0.2140411f, 1e-5); /* 0.5 sRGB */
    assert_float_equal(all->base_color[3], 0.8f, 1e-6);
    assert_float_equal(all->sheen_color[1], 1.0f, 1e-6);

    const vt_product *mug = &def->products[1];
    assert_int_equal(mug->price.minor, 1450);
    assert_string_equal(vt_text_get(&mug->title, "zh"), "Glazed mug");
    assert_string_equal(vt_text_get(&mug->description, "en"), "");
    assert_null(mug->sizes);
    assert_string_equal(mug->variants[0].model_variant, "Glaze blue");
    assert_float_equal(mug->variants[0].color[1], 0.4f, 1e-6);
    assert_int_equal(def->products[2].price.minor, 129900);
    assert_int_equal(vt_store_def_find_product(def, "sneaker-run"), 2);
    assert_int_equal(vt_store_def_find_product(def, "nope"), UINT32_MAX);
    assert_int_equal(vt_product_find_variant(&def->products[2], "sneaker-run-black"), 1);

    assert_float_equal(def->room.width, 10, 0);
    assert_float_equal(def->room.depth, 8, 0);
    assert_float_equal(def->room.height, 3, 0);
    assert_string_equal(def->room.floor_material, "oak");
    assert_float_equal(def->room.floor_color[0], 0xB8 / 255.0f, 1e-6);
    assert_int_equal(def->room.window_count, 2);
    assert_int_equal(def->room.windows[1].wall, 1);
    assert_float_equal(def->room.windows[1].offset, 1, 0);
    assert_float_equal(def->room.windows[1].sill, 0.8f, 1e-6);
    assert_float_equal(def->spawn[0], 0, 0);
    assert_float_equal(def->spawn[1], 1.6f, 1e-6);
    assert_float_equal(def->spawn[2], 3, 0);
    assert_float_equal(def->spawn_yaw, (float)M_PI / 2, 1e-6);
    assert_float_equal(def->env_intensity, 0.8f, 1e-6);
    assert_int_equal(def->light_count, 3);
    assert_int_equal(def->lights[2].type, 1);
    assert_float_equal(def->lights[2].intensity, 3, 0); /* unset: 3 lux */
    assert_float_equal(def->lights[1].intensity, 50, 0);
    assert_int_equal(def->lights[0].type, 3);
    assert_true(def->lights[0].cast_shadow);
    assert_float_equal(def->lights[0].cone, 30 * (float)M_PI / 180, 1e-6);
    assert_int_equal(def->lights[1].type, 2);
    assert_float_equal(def->lights[1].color[0], 1, 0);
    assert_int_equal(def->fixture_count, 2);
    assert_true(def->fixtures[0].collide);
    assert_false(def->fixtures[1].collide);
    assert_float_equal(def->fixtures[1].yaw, (float)M_PI / 4, 1e-6);
    snprintf(want, sizeof want, "%s/models/table.glb", tmp);
    assert_string_equal(def->fixtures[0].model, want);
    assert_int_equal(def->sign_count, 1);
    assert_string_equal(vt_text_get(&def->signs[0].text, "zh"), "新品");
    assert_float_equal(def->signs[0].height, 0.3f, 1e-6);
    assert_int_equal(def->placement_count, 3);
    assert_int_equal(def->placements[0].product, 0);
    assert_int_equal(def->placements[0].variant, 1);
    assert_float_equal(def->placements[0].yaw, (float)M_PI, 1e-6);
    assert_int_equal(def->placements[1].variant, 0);
    assert_float_equal(def->placements[1].scale, 1.5f, 0);
    assert_float_equal(def->placements[2].scale, 1.0f, 0);
    assert_true(def->fitting_room.present);
    assert_float_equal(def->fitting_room.mirror_size[0], 0.8f, 1e-6);
    assert_float_equal(def->fitting_room.mirror_position[2], -3.9f, 1e-6);
    assert_int_equal(def->issue_count, 0);
    vt_store_def_free(def);
}

static void a_byte_order_mark_is_accepted(void **state) {
    (void)state;
    size_t n = strlen(good_catalog);
    char *bom = malloc(n + 4);
    memcpy(bom, "\xEF\xBB\xBF", 3);
    memcpy(bom + 3, good_catalog, n + 1);
    vt_store_def *def = NULL;
    assert_int_equal(load(bom, good_store, false, &def), VT_OK);
    assert_int_equal(def->product_count, 3);
    vt_store_def_free(def);
    free(bom);
}

static void the_repository_test_store_loads(void **state) {
    (void)state;
    char path[600];
    snprintf(path, sizeof path, "%s/store.json", good_dir);
    vt_store_def *def = NULL;
    assert_int_equal(vt_store_def_load(path, NULL, &def), VT_OK);
    assert_int_equal(def->product_count, 3);
    vt_store_def_free(def);
}

static void duplicate_ids_are_refused(void **state) {
    (void)state;
    expect_error(true, "\"id\": \"sneaker-run\",", "\"id\": \"mug-glaze\",", 6, VT_ERR_PARSE,
                 "products[2].id", "duplicate product id 'mug-glaze'");
    expect_error(true, "\"id\": \"sneaker-run-black\"", "\"id\": \"tee-organic-ecru\"", 6,
                 VT_ERR_PARSE, "products[2].variants[1].id",
                 "duplicate variant id 'tee-organic-ecru'");
    expect_error(true, "\"sizes\": [\"S\", \"M\", \"L\"]", "\"sizes\": [\"S\", \"M\", \"S\"]", 20,
                 VT_ERR_PARSE, "products[0].sizes[2]", "duplicate size 'S'");
    expect_error(true, "\"sizes\": [\"S\", \"M\", \"L\"]", "\"sizes\": [\"S\", \"M\", \"X\\tL\"]",
                 20, VT_ERR_PARSE, "products[0].sizes[2]",
                 "size label 'X\tL' must be words with single spaces");
}

static void placements_must_name_known_products_and_variants(void **state) {
    (void)state;
    expect_error(false, "\"product\": \"mug-glaze\"", "\"product\": \"mug-nope\"", 11, VT_ERR_PARSE,
                 "placements[1].product", "unknown product 'mug-nope'");
    expect_error(false, "\"variant\": \"sneaker-run-black\"", "\"variant\": \"sneaker-run-red\"",
                 11, VT_ERR_PARSE, "placements[2].variant",
                 "unknown variant 'sneaker-run-red' of product 'sneaker-run'");
    expect_error(false, "[-3, 0, 2]", "[-30, 0, 2]", 0, VT_ERR_PARSE, "placements[2].position",
                 "(-30, 0, 2) is outside the room (x -5..5, y 0..3, z -4..4)");
}

static void missing_model_files_are_named(void **state) {
    (void)state;
    char cause[600];
    snprintf(cause, sizeof cause, "model file '%s/models/nope.glb' not found", tmp);
    expect_error(true, "\"models/mug.glb\"", "\"models/nope.glb\"", 0, VT_ERR_IO,
                 "products[1].model", cause);
    expect_error(false, "\"models/table.glb\", \"position\": [3",
                 "\"models/nope.glb\", \"position\": [3", 0, VT_ERR_IO, "fixtures[1].model", cause);
}

/* The garment a product names is read at load: a missing or broken file, a
   size on sale that its chart lacks, or a garment on a product without sizes
   is an error at the product's "garment" member. */
static void bad_garment_references_are_refused(void **state) {
    (void)state;
    char cause[800];
    snprintf(cause, sizeof cause, "%s/garments/nope.json: cannot open", tmp);
    expect_error(true, "\"garments/tee.json\"", "\"garments/nope.json\"", 0, VT_ERR_IO,
                 "products[0].garment", cause);
    write_text("garments/small.json",
               "{\"kind\": \"tshirt\", \"sizes\": ["
               "{\"size\": \"S\", \"chest\": 96, \"length\": 68, \"sleeve_length\": 20},"
               "{\"size\": \"M\", \"chest\": 104, \"length\": 70, \"sleeve_length\": 21}],"
               "\"ease\": {\"chest\": [2, 14]}, \"fabric\": \"cotton_jersey\"}");
    snprintf(cause, sizeof cause,
             "size 'L' is not in the chart of %s/garments/small.json (sizes: S M)", tmp);
    expect_error(true, "\"garments/tee.json\"", "\"garments/small.json\"", 0, VT_ERR_PARSE,
                 "products[0].garment", cause);
    write_text("garments/bad.json",
               "{\"kind\": \"tshirt\", \"sizes\": ["
               "{\"size\": \"S\", \"chest\": -4, \"length\": 68, \"sleeve_length\": 20}],"
               "\"ease\": {\"chest\": [2, 14]}, \"fabric\": \"cotton_jersey\"}");
    snprintf(cause, sizeof cause,
             "%s/garments/bad.json: $.sizes[0].chest: -4 cm is outside 50..250 cm", tmp);
    expect_error(true, "\"garments/tee.json\"", "\"garments/bad.json\"", 0, VT_ERR_PARSE,
                 "products[0].garment", cause);
    expect_error(true, "\"model\": \"models/mug.glb\",",
                 "\"model\": \"models/mug.glb\", \"garment\": \"garments/tee.json\",", 38,
                 VT_ERR_PARSE, "products[1].garment",
                 "a garment needs the product's sizes (a \"sizes\" list)");
}

static void bad_prices_are_refused(void **state) {
    (void)state;
    expect_error(true, "\"value\": 14.5", "\"value\": -14.5", 9, VT_ERR_PARSE,
                 "products[1].price.value", "price must not be negative");
    expect_error(true, "\"29.90\"", "\"29.999\"", 0, VT_ERR_PARSE, "products[0].price.value",
                 "price '29.999' has more than 2 decimals for EUR");
    expect_error(true, "\"29.90\"", "\"NaN\"", 0, VT_ERR_PARSE, "products[0].price.value",
                 "price 'NaN' is not a decimal number");
    expect_error(true, "\"29.90\"", "\"12.\"", 0, VT_ERR_PARSE, "products[0].price.value",
                 "price '12.' is not a decimal number");
    expect_error(true, "\"value\": 14.5", "\"value\": true", 9, VT_ERR_PARSE,
                 "products[1].price.value", "a number or decimal string expected, got a boolean");
    expect_error(true, "\"29.90\"", "\"99999999999999999999.00\"", 0, VT_ERR_LIMIT,
                 "products[0].price.value", "price '99999999999999999999.00' is too large");
    expect_error(true, "\"value\": 14.5", "\"value\": 1.45e1", 9, VT_ERR_PARSE,
                 "products[1].price.value",
                 "price '1.45e1' has an exponent; write a plain decimal");
}

static void bad_currencies_are_refused(void **state) {
    (void)state;
    expect_error(true, "\"value\": 14.5, \"currency\": \"EUR\"",
                 "\"value\": 14.5, \"currency\": \"USD\"", 27, VT_ERR_PARSE,
                 "products[1].price.currency", "'EUR' expected (the catalog currency), got 'USD'");
    expect_error(true, "\"currency\": \"EUR\",\n", "\"currency\": \"XYZ\",\n", 12, VT_ERR_PARSE,
                 "currency", "unknown currency 'XYZ'");
    expect_error(true, "\"value\": 14.5, \"currency\": \"EUR\"",
                 "\"value\": 14.5, \"currency\": \"EURO\"", 27, VT_ERR_PARSE,
                 "products[1].price.currency", "unknown currency 'EURO'");
}

static void bad_colours_and_variants_are_refused(void **state) {
    (void)state;
    expect_error(true, "\"#1F2A44\"", "\"#1F2A4G\"", 0, VT_ERR_PARSE,
                 "products[0].variants[1].color", "colour '#1F2A4G' is not \"#RRGGBB\" hex");
    expect_error(true, "[0.2, 0.4, 0.8]", "[0.2, 1.4, 0.8]", 6, VT_ERR_PARSE,
                 "products[1].variants[0].color[1]", "1.4 is out of range [0, 1]");
    expect_error(true, "\"color\": [0.2, 0.4, 0.8]", "\"color\": 7", 9, VT_ERR_PARSE,
                 "products[1].variants[0].color",
                 "a colour (\"#RRGGBB\" or [r, g, b]) expected, got a number");
    size_t at;
    char *nov = replace(good_catalog, "\"mug-glaze-blue\"", "\"\"", 0, &at);
    vt_store_def *def;
    assert_int_equal(load(nov, good_store, false, &def), VT_ERR_PARSE);
    assert_non_null(strstr(vt_last_error(), ": products[1].variants[0].id: must not be empty"));
    free(nov);
    const char *mug_variants = "[\n        {\"id\": \"mug-glaze-blue\", \"title\": {\"en\": "
                               "\"Blue\"}, \"color\": [0.2, 0.4, 0.8],\n         "
                               "\"model_variant\": \"Glaze blue\"}\n      ]";
    expect_error(true, mug_variants, "[]", 0, VT_ERR_PARSE, "products[1].variants",
                 "at least 1 entry expected, got 0");
    expect_error(true, "\"title\": \"Glazed mug\"", "\"title\": 42", 9, VT_ERR_PARSE,
                 "products[1].title",
                 "text expected (a string or {\"en\": ..., \"zh\": ...}), got a number");
    expect_error(true, "\"roughness\": 0.9", "\"roughness\": \"0.9\"", 13, VT_ERR_PARSE,
                 "products[0].variants[0].materials.Fabric.roughness",
                 "a number expected, got a string");
    expect_error(true, "\"Fabric\": {\"base_color\": \"#808080\", \"roughness\": 0.9}",
                 "\"Fabric\": {\"shine\": 1}", 10, VT_ERR_PARSE,
                 "products[0].variants[0].materials.Fabric",
                 "no field to override (base_color, metallic, roughness, sheen_color or emissive)");
    expect_error(true, "\"kind\": \"mug\"", "\"kind\": \"spoon\"", 8, VT_ERR_PARSE,
                 "products[1].kind", "unknown kind 'spoon'");
    expect_error(true, "\"gtin\": \"04012345678901\"", "\"gtin\": \"04012345678902\"", 8,
                 VT_ERR_PARSE, "products[0].gtin",
                 "GTIN '04012345678902' has a wrong check digit (1 expected)");
}

static void missing_required_fields_point_at_their_object(void **state) {
    (void)state;
    /* The mug lacks its brand: the place is the mug's object (line 24, column 5), the
       path names the missing field. */
    vt_store_def *def;
    char want[700];
    char *bad = replace(good_catalog, "      \"brand\": \"Keramik\",\n", "", 0, NULL);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_PARSE);
    snprintf(want, sizeof want, "%s/catalog.json:24:5: products[1].brand: required field missing",
             tmp);
    assert_string_equal(vt_last_error(), want);
    free(bad);
    bad = replace(good_catalog, "      \"sizes\": [\"S\", \"M\", \"L\"],\n", "", 0, NULL);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_PARSE);
    snprintf(want, sizeof want, "%s/catalog.json:4:5: products[0].sizes: required field missing",
             tmp);
    assert_string_equal(vt_last_error(), want);
    free(bad);
}

static void room_and_lights_are_bounded(void **state) {
    (void)state;
    expect_error(false, "\"width\": 10", "\"width\": 500", 9, VT_ERR_PARSE, "room.width",
                 "500 is out of range [2, 200]");
    expect_error(false, "\"height\": 3,", "\"height\": 1,", 10, VT_ERR_PARSE, "room.height",
                 "1 is out of range [2, 20]");
    expect_error(false, "\"offset\": -2, \"width\": 3", "\"offset\": -4, \"width\": 3", 23,
                 VT_ERR_PARSE, "room.windows[0].width",
                 "the window (offset -4, width 3) runs past the 10 m wall's end");
    expect_error(false, "\"wall\": \"east\"", "\"wall\": \"up\"", 8, VT_ERR_PARSE,
                 "room.windows[1].wall", "'up' is not a wall (north, east, south or west)");
    char lights[2048] = "\"lights\": [";
    for (int i = 0; i < 9; i++)
        strcat(lights, i ? ", {\"type\": \"point\", \"position\": [0, 2, 0], \"intensity\": 5}"
                         : "{\"type\": \"point\", \"position\": [0, 2, 0], \"intensity\": 5}");
    strcat(lights, "],\n  \"old_lights\": [");
    expect_error(false, "\"lights\": [", lights, 10, VT_ERR_LIMIT, "lights",
                 "9 entries exceed the limit of 8");
    expect_error(false, "\"type\": \"point\"", "\"type\": \"laser\"", 8, VT_ERR_PARSE,
                 "lights[1].type", "unknown light type 'laser' (directional, point or spot)");
    expect_error(false, "{\"wall\": \"east\", \"offset\": 1,",
                 "{\"wall\": \"north\", \"offset\": 0,", 0, VT_ERR_PARSE, "room.windows[1]",
                 "overlaps windows[0]");
    expect_error(false, "\"id\": \"table-2\"", "\"id\": \"table-1\"", 6, VT_ERR_PARSE,
                 "fixtures[1].id", "duplicate fixture id 'table-1'");
    expect_error(false, "\"material\": \"oak\"", "\"material\": \"marble\"", 12, VT_ERR_PARSE,
                 "room.floor.material",
                 "unknown floor material 'marble' (oak, terrazzo or concrete)");
    expect_error(false, "\"position\": [4, 0, -3]", "\"position\": [4, 0, -30]", 12, VT_ERR_PARSE,
                 "fitting_room.position",
                 "(4, 0, -30) is outside the room (x -5..5, y 0..3, z -4..4)");
    expect_error(false, "{\"type\": \"directional\", \"position\": [0, 10, 5]",
                 "{\"type\": \"directional\", \"position\": [0, 0, 0]", 0, VT_ERR_PARSE,
                 /* no target given: placed at the light, whose default target it equals */
                 "lights[2].target", "target equals position: no direction");
    expect_error(false, "\"position\": [0, 3]", "\"position\": [0, 9]", 12, VT_ERR_PARSE,
                 "spawn.position", "(0, 9) is outside the room (x -5..5, z -4..4)");
}

/* Syntax errors come from jansson: its column is that of the last character
   it read, i.e. the end of the offending token. */
static void syntax_errors_name_line_and_column(void **state) {
    (void)state;
    vt_store_def *def;
    char *bad = replace(good_catalog, "\"model\": \"models/mug.glb\",",
                        "\"model\": \"models/mug.glb\",,", 0, NULL);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_PARSE);
    char want[700];
    snprintf(want, sizeof want, "%s/catalog.json:30:33: string or '}' expected near ','", tmp);
    assert_string_equal(vt_last_error(), want);
    free(bad);
    bad = replace(good_catalog, "\"brand\": \"Keramik\",",
                  "\"brand\": \"Keramik\", \"brand\": \"K\",", 0, NULL);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_PARSE);
    snprintf(want, sizeof want, "%s/catalog.json:28:33: duplicate object key near '\"brand\"'",
             tmp);
    assert_string_equal(vt_last_error(), want);
    free(bad);
}

static void hostile_input_is_bounded(void **state) {
    (void)state;
    vt_store_def *def;
    char want[700];
    /* 1e400 overflows a double: jansson refuses it with its place. */
    char *bad = replace(good_catalog, "\"value\": 14.5", "\"value\": 1e400", 0, NULL);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_PARSE);
    snprintf(want, sizeof want, "%s/catalog.json:29:30: real number overflow near '1e400'", tmp);
    assert_string_equal(vt_last_error(), want);
    free(bad);
    /* nesting deeper than 32 is refused before parsing */
    char deep[200] = "\"future_field\": ";
    for (int i = 0; i < 40; i++) strcat(deep, "[");
    for (int i = 0; i < 40; i++) strcat(deep, "]");
    size_t at;
    bad = replace(good_catalog, "\"future_field\": {\"ignored\": true}", deep, 16 + 29, &at);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_LIMIT);
    unsigned line, col;
    line_col(bad, at, &line, &col);
    snprintf(want, sizeof want, "%s/catalog.json:%u:%u: nesting deeper than 32 levels", tmp, line,
             col);
    assert_string_equal(vt_last_error(), want);
    free(bad);
    /* a 5000-byte title */
    char *lng = malloc(5100);
    strcpy(lng, "\"title\": \"");
    memset(lng + 10, 'a', 5000);
    strcpy(lng + 5010, "\"");
    expect_error(true, "\"title\": \"Glazed mug\"", lng, 9, VT_ERR_LIMIT, "products[1].title",
                 "5000 bytes exceed the limit of 4096");
    free(lng);
    /* invalid UTF-8 */
    bad = replace(good_catalog, "Glazed mug", "Glazed \xff mug", 0, NULL);
    assert_int_equal(load(bad, good_store, false, &def), VT_ERR_PARSE);
    assert_non_null(strstr(vt_last_error(), "/catalog.json:27:"));
    assert_non_null(strstr(vt_last_error(), "unable to decode byte 0xff"));
    free(bad);
    /* more products than allowed */
    write_text("catalog.json", good_catalog);
    write_text("store.json", good_store);
    char path[512];
    snprintf(path, sizeof path, "%s/store.json", tmp);
    vt_store_def_desc d = {.max_products = 2};
    assert_int_equal(vt_store_def_load(path, &d, &def), VT_ERR_LIMIT);
    snprintf(want, sizeof want, "%s/catalog.json:3:15: products: 3 entries exceed the limit of 2",
             tmp);
    assert_string_equal(vt_last_error(), want);
    /* a 65 MiB file is refused unread (sparse: costs no disk) */
    snprintf(path, sizeof path, "%s/big.json", tmp);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(ftruncate(fileno(f), (off_t)65 << 20), 0);
    fclose(f);
    assert_int_equal(vt_store_def_load(path, NULL, &def), VT_ERR_LIMIT);
    snprintf(want, sizeof want, "%s: 68157440 bytes exceeds the 67108864-byte limit", path);
    assert_string_equal(vt_last_error(), want);
    /* a missing store file */
    snprintf(path, sizeof path, "%s/none.json", tmp);
    assert_int_equal(vt_store_def_load(path, NULL, &def), VT_ERR_IO);
}

static void lenient_opens_the_rest_and_lists_issues(void **state) {
    (void)state;
    size_t at_price, at_ghost;
    char *cat = replace(good_catalog, "\"value\": 14.5", "\"value\": -14.5", 9, &at_price);
    char *store = replace(good_store, "\"product\": \"sneaker-run\"", "\"product\": \"ghost\"", 11,
                          &at_ghost);
    vt_store_def *def = NULL;
    assert_int_equal(load(cat, store, true, &def), VT_OK);
    assert_int_equal(def->product_count, 2);
    assert_string_equal(def->products[1].id, "sneaker-run");
    assert_int_equal(def->placement_count, 1);
    assert_int_equal(def->placements[0].product, 0);
    assert_int_equal(def->issue_count, 3);
    unsigned l, c;
    char want[700];
    line_col(cat, at_price, &l, &c);
    snprintf(want, sizeof want,
             "%s/catalog.json:%u:%u: products[1].price.value: price must not be negative", tmp, l,
             c);
    assert_string_equal(def->issues[0], want);
    assert_non_null(strstr(
        def->issues[1],
        ": placements[1].product: product 'mug-glaze' was left out (broken in the catalog)"));
    line_col(store, at_ghost, &l, &c);
    snprintf(want, sizeof want,
             "%s/store.json:%u:%u: placements[2].product: unknown product 'ghost'", tmp, l, c);
    assert_string_equal(def->issues[2], want);
    vt_store_def_free(def);
    /* strict mode fails on the first */
    assert_int_equal(load(cat, store, false, &def), VT_ERR_PARSE);
    free(store);
    /* every product broken: the room still opens, empty, with one issue per product
       and per placement */
    char *none = strdup(good_catalog);
    for (char *k = strstr(none, "\"kind\": \""); k; k = strstr(k + 1, "\"kind\": \"")) k[9] = 'X';
    assert_int_equal(load(none, good_store, true, &def), VT_OK);
    assert_int_equal(def->product_count, 0);
    assert_int_equal(def->placement_count, 0);
    assert_int_equal(def->issue_count, 6);
    assert_non_null(strstr(def->issues[0], ": products[0].kind: unknown kind 'Xshirt'"));
    assert_non_null(strstr(def->issues[5], ": placements[2].product: product 'sneaker-run' was "
                                           "left out (broken in the catalog)"));
    vt_store_def_free(def);
    assert_int_equal(load(none, good_store, false, &def), VT_ERR_PARSE);
    free(none);
    /* a broken room still fails in lenient mode */
    store = replace(good_store, "\"width\": 10", "\"width\": \"wide\"", 0, NULL);
    assert_int_equal(load(good_catalog, store, true, &def), VT_ERR_PARSE);
    assert_non_null(strstr(vt_last_error(), "room.width: a number expected, got a string"));
    free(store);
    free(cat);
}

static void json_locator_counts_characters(void **state) {
    (void)state;
    const char *t = "{\n  \"a\": {\"名前\": \"有机\", \"b\": [1, {\"c\": 2}]},\n  \"a b\": 3\n}";
    vt__json_loc l = vt__json_locate_path(t, strlen(t), "a.b[1].c");
    assert_true(l.complete);
    assert_int_equal(l.line, 2);
    assert_int_equal(l.column, 36); /* 名前 and 有机 count one column per character */
    assert_int_equal(t[l.offset], '2');
    l = vt__json_locate_path(t, strlen(t), "[\"a b\"]");
    assert_true(l.complete);
    assert_int_equal(l.line, 3);
    assert_int_equal(l.column, 10);
    l = vt__json_locate_path(t, strlen(t), "a.b[5]");
    assert_false(l.complete);
    assert_int_equal(l.found, 2);
    assert_int_equal(t[l.offset], '[');
    vt__json_step steps[] = {{"a", 0}, {"名前", 0}};
    l = vt__json_locate(t, strlen(t), steps, 2);
    assert_true(l.complete);
    assert_int_equal(l.column, 15);
    char p[64];
    vt__json_step s2[] = {{"products", 0}, {NULL, 3}, {"odd key", 0}};
    assert_string_equal(vt__json_path_format(s2, 3, p, sizeof p), "products[3][\"odd key\"]");
}

/* Sixty products with numeric prices: the loader's element anchors must give
   the same places as a scan from the start, deep into the file. */
static void errors_deep_in_a_big_catalog_are_placed_exactly(void **state) {
    (void)state;
    size_t cap = 64 * 1024, n = 0;
    char *cat = malloc(cap);
    n += (size_t)snprintf(cat + n, cap - n, "{\"currency\": \"EUR\", \"products\": [\n");
    for (int i = 0; i < 60; i++)
        n += (size_t)snprintf(
            cat + n, cap - n,
            "%s  {\"id\": \"p%d\", \"kind\": \"vase\", \"title\": \"Vase %d\", \"brand\": \"B\",\n"
            "   \"price\": {\"value\": %d.%d, \"currency\": \"EUR\"}, \"model\": "
            "\"models/mug.glb\",\n"
            "   \"variants\": [{\"id\": \"p%d-a\", \"title\": \"A\", \"color\": \"#102030\"},\n"
            "                {\"id\": \"p%d-b\", \"title\": \"B\", \"color\": \"%s\"}]}",
            i ? ",\n" : "", i, i, 10 + i, i % 10, i, i, i == 45 ? "#ZZ0000" : "#405060");
    n += (size_t)snprintf(cat + n, cap - n, "\n]}\n");
    const char *store = "{\"name\": \"S\", \"catalog\": \"catalog.json\",\n"
                        " \"room\": {\"width\": 10, \"depth\": 8, \"height\": 3}}\n";
    vt_store_def *def;
    assert_int_equal(load(cat, store, false, &def), VT_ERR_PARSE);
    unsigned line, col;
    line_col(cat, (size_t)(strstr(cat, "\"#ZZ0000\"") - cat), &line, &col);
    char want[700];
    snprintf(want, sizeof want,
             "%s/catalog.json:%u:%u: products[45].variants[1].color: colour '#ZZ0000' is not "
             "\"#RRGGBB\" hex",
             tmp, line, col);
    assert_string_equal(vt_last_error(), want);
    assert_int_equal(line, 2 + 45 * 4 + 3);
    /* lenient: the other 59 load with their prices read from the text */
    assert_int_equal(load(cat, store, true, &def), VT_OK);
    assert_int_equal(def->product_count, 59);
    assert_int_equal(def->products[44].price.minor, 5440);
    assert_int_equal(def->products[45].price.minor, 5660); /* p46: 56.6 */
    assert_string_equal(def->issues[0], want);
    vt_store_def_free(def);
    free(cat);
}

/* Random byte changes to a good catalog or store: every load either succeeds
   or fails with a one-line message naming the file; none crashes or leaks. */
static void mutate_and_load(bool catalog, int iterations, uint32_t seed) {
    const char *good = catalog ? good_catalog : good_store;
    size_t len = strlen(good);
    char *buf = malloc(len + 1);
    int ok = 0;
    const char alphabet[] = "{}[]\",:0-9.e\\ \n\xff\xc3";
    for (int iter = 0; iter < iterations; iter++) {
        memcpy(buf, good, len + 1);
        int edits = 1 + iter % 4;
        for (int e = 0; e < edits; e++) {
            seed = seed * 1664525u + 1013904223u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1664525u + 1013904223u;
            buf[at] = alphabet[(seed >> 8) % (sizeof alphabet - 1)];
        }
        vt_store_def *def = NULL;
        vt_result r = catalog ? load(buf, good_store, iter % 2 == 0, &def)
                              : load(good_catalog, buf, iter % 2 == 0, &def);
        if (r == VT_OK) {
            ok++;
            vt_store_def_free(def);
        } else {
            assert_null(def);
            assert_non_null(strstr(vt_last_error(), tmp));
            assert_null(strchr(vt_last_error(), '\n'));
        }
    }
    assert_true(ok > 0 && ok < iterations);
    free(buf);
}

static void mutated_catalogs_never_crash(void **state) {
    (void)state;
    mutate_and_load(true, 1500, 12345);
}

static void mutated_stores_never_crash(void **state) {
    (void)state;
    mutate_and_load(false, 1500, 777);
}

static void missing_catalog_and_huge_arrays_are_reported(void **state) {
    (void)state;
    char cause[600];
    snprintf(cause, sizeof cause, "catalog file '%s/nope.json' not found", tmp);
    expect_error(false, "\"catalog\": \"catalog.json\"", "\"catalog\": \"nope.json\"", 11,
                 VT_ERR_IO, "catalog", cause);
    /* 8,000,001 values: refused by the pre-scan before jansson builds them */
    const char *prefix = "{\"currency\": \"EUR\", \"x\": [";
    size_t pl = strlen(prefix), n = 8000001;
    char *big = malloc(pl + 2 * n + 8);
    memcpy(big, prefix, pl);
    for (size_t i = 0; i < n; i++) memcpy(big + pl + 2 * i, "0,", 2);
    strcpy(big + pl + 2 * n, "0]}");
    vt_store_def *def;
    assert_int_equal(load(big, good_store, false, &def), VT_ERR_LIMIT);
    char want[700];
    /* the 8,000,000th comma (the prefix holds the first): the array's 7,999,999th, at
       byte pl + 2 * 7999999 - 1, column one more */
    snprintf(want, sizeof want, "%s/catalog.json:1:%zu: more than 8000000 values", tmp,
             pl + 2 * (size_t)7999999);
    assert_string_equal(vt_last_error(), want);
    free(big);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(good_store_loads_exact_values),
        cmocka_unit_test(the_repository_test_store_loads),
        cmocka_unit_test(a_byte_order_mark_is_accepted),
        cmocka_unit_test(duplicate_ids_are_refused),
        cmocka_unit_test(placements_must_name_known_products_and_variants),
        cmocka_unit_test(missing_model_files_are_named),
        cmocka_unit_test(bad_garment_references_are_refused),
        cmocka_unit_test(bad_prices_are_refused),
        cmocka_unit_test(bad_currencies_are_refused),
        cmocka_unit_test(bad_colours_and_variants_are_refused),
        cmocka_unit_test(missing_required_fields_point_at_their_object),
        cmocka_unit_test(room_and_lights_are_bounded),
        cmocka_unit_test(syntax_errors_name_line_and_column),
        cmocka_unit_test(hostile_input_is_bounded),
        cmocka_unit_test(lenient_opens_the_rest_and_lists_issues),
        cmocka_unit_test(json_locator_counts_characters),
        cmocka_unit_test(errors_deep_in_a_big_catalog_are_placed_exactly),
        cmocka_unit_test(mutated_catalogs_never_crash),
        cmocka_unit_test(mutated_stores_never_crash),
        cmocka_unit_test(missing_catalog_and_huge_arrays_are_reported),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
