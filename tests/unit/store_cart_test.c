/* Money formatting per language and currency, the cart (merge, remove,
   totals in minor units) and the exact GA4 event lines. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "vitrine/store.h"

#include <jansson.h>

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

static void check_money(int64_t minor, const char *cur, const char *lang, const char *want) {
    vt_money m = {.minor = minor};
    memcpy(m.currency, cur, 4);
    char out[64];
    assert_ptr_equal(vt_money_format(m, lang, out, sizeof out), out);
    assert_string_equal(out, want);
}

#define NBSP "\xc2\xa0"

static void money_formats_per_language(void **state) {
    (void)state;
    check_money(129900, "EUR", "en", "€1,299.00");
    check_money(129900, "EUR", "de", "1.299,00" NBSP "€");
    check_money(129900, "EUR", "de-AT", "1.299,00" NBSP "€");
    check_money(129900, "EUR", "fr", "1" NBSP "299,00" NBSP "€");
    check_money(129900, "EUR", "zh", "€1,299.00");
    check_money(129900, "EUR", "nl", "€" NBSP "1.299,00");
    check_money(2490, "EUR", "en", "€24.90");
    check_money(2490, "EUR", "de", "24,90" NBSP "€");
    check_money(1299, "JPY", "en", "¥1,299");
    check_money(1299, "JPY", "zh", "JP¥1,299");
    check_money(1299, "JPY", "de", "1.299" NBSP "¥");
    check_money(19900, "CNY", "zh-CN", "¥199.00");
    check_money(19900, "CNY", "en", "CN¥199.00");
    check_money(129900, "USD", "en", "$1,299.00");
    check_money(129900, "USD", "zh", "US$1,299.00");
    check_money(129900, "GBP", "en", "£1,299.00");
    check_money(2490, "CHF", "en", "CHF" NBSP "24.90");
    check_money(2490, "CHF", "de", "24,90" NBSP "CHF");
    check_money(1234, "KWD", "en", "KWD" NBSP "1.234");
    check_money(150000, "KRW", "ko", "₩150,000");
    check_money(0, "EUR", "en", "€0.00");
    check_money(5, "EUR", "en", "€0.05");
    check_money(-2990, "EUR", "en", "-€29.90");
    check_money(1234567890, "EUR", "en", "€12,345,678.90");
    check_money(100, "EUR", NULL, "€1.00");
    check_money(100, "XYZ", "en", "XYZ" NBSP "1.00"); /* unknown: the code as symbol */
    vt_money full = {.minor = 100};
    memcpy(full.currency, "EURO", 4); /* no terminator: read as the 4 bytes, never past */
    char out4[32];
    assert_string_equal(vt_money_format(full, "en", out4, sizeof out4), "EURO" NBSP "1.00");
    char small[5];
    vt_money m = {.minor = 129900, .currency = "EUR"};
    vt_money_format(m, "en", small, sizeof small);
    assert_int_equal(strlen(small), 4);
}

static void currencies_and_values(void **state) {
    (void)state;
    assert_int_equal(vt_currency_digits("EUR"), 2);
    assert_int_equal(vt_currency_digits("USD"), 2);
    assert_int_equal(vt_currency_digits("JPY"), 0);
    assert_int_equal(vt_currency_digits("KRW"), 0);
    assert_int_equal(vt_currency_digits("BHD"), 3);
    assert_int_equal(vt_currency_digits("SEK"), 2);
    assert_int_equal(vt_currency_digits("XXX"), -1);
    assert_int_equal(vt_currency_digits("eur"), -1);
    assert_int_equal(vt_currency_digits(NULL), -1);
    assert_true(vt_money_value((vt_money){2990, "EUR"}) == 29.9);
    assert_true(vt_money_value((vt_money){1299, "JPY"}) == 1299.0);
    assert_true(vt_money_value((vt_money){1234, "KWD"}) == 1.234);
}

static void cart_merges_removes_and_totals(void **state) {
    (void)state;
    vt_cart *c;
    assert_int_equal(vt_cart_create(def, &c), VT_OK);
    assert_int_equal(vt_cart_add(c, 0, 1, 1, 1), VT_OK);
    assert_int_equal(vt_cart_add(c, 0, 1, 1, 2), VT_OK); /* same line: merged */
    assert_int_equal(vt_cart_add(c, 0, 0, 1, 1), VT_OK); /* other variant: a new line */
    assert_int_equal(vt_cart_add(c, 2, 0, UINT32_MAX, 1), VT_OK);
    const vt_cart_line *lines;
    assert_int_equal(vt_cart_lines(c, &lines), 3);
    assert_int_equal(lines[0].quantity, 3);
    assert_int_equal(lines[1].variant, 0);
    assert_int_equal(lines[2].size, UINT32_MAX);
    vt_money t = vt_cart_total(c);
    assert_int_equal(t.minor, 2990 * 4 + 129900);
    assert_string_equal(t.currency, "EUR");
    assert_int_equal(vt_cart_remove_product(c, 0), VT_OK);
    assert_int_equal(vt_cart_lines(c, &lines), 1);
    assert_int_equal(lines[0].product, 2);
    assert_int_equal(vt_cart_total(c).minor, 129900);
    assert_int_equal(vt_cart_remove_product(c, 0), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "cart: 'tee-organic' is not in the cart");
    assert_int_equal(vt_cart_add(c, 1, 5, UINT32_MAX, 1), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "cart: product 'mug-glaze' has no variant #5");
    assert_int_equal(vt_cart_add(c, 0, 0, 7, 1), VT_ERR_INVALID);
    assert_string_equal(vt_last_error(), "cart: product 'tee-organic' has no size #7");
    assert_int_equal(vt_cart_add(c, 9, 0, UINT32_MAX, 1), VT_ERR_INVALID);
    assert_int_equal(vt_cart_add(c, 1, 0, UINT32_MAX, 0), VT_ERR_INVALID);
    assert_int_equal(vt_cart_add(c, 1, 0, UINT32_MAX, 9999), VT_OK);
    assert_int_equal(vt_cart_add(c, 1, 0, UINT32_MAX, 1), VT_ERR_LIMIT);
    assert_string_equal(vt_last_error(), "cart: more than 9999 of 'mug-glaze'");
    assert_int_equal(vt_cart_total(c).minor, 129900 + 1450 * 9999);
    vt_cart_destroy(c);
    vt_cart_destroy(NULL);
}

static void event(const char *name, const vt_cart_line *items, uint32_t n, const char *want) {
    char *json = vt_event_json(def, name, items, n);
    assert_non_null(json);
    assert_string_equal(json, want);
    /* and it is JSON a parser takes back, with the name where GTM looks for it */
    json_error_t err;
    json_t *j = json_loads(json, 0, &err);
    assert_non_null(j);
    assert_string_equal(json_string_value(json_object_get(j, "event")), name);
    json_decref(j);
    free(json);
}

static void events_are_exact_ga4_lines(void **state) {
    (void)state;
    vt_cart_line tee = {0, 0, 1, 1};
    event("add_to_cart", &tee, 1,
          "{\"event\":\"add_to_cart\",\"ecommerce\":{\"currency\":\"EUR\",\"value\":29.9,"
          "\"items\":[{\"item_id\":\"tee-organic\",\"item_name\":\"Organic tee\",\"item_brand\":"
          "\"Nordlys\",\"item_category\":\"tshirt\",\"item_variant\":\"tee-organic-ecru\","
          "\"item_size\":\"M\",\"price\":29.9,\"quantity\":1}]}}");
    vt_cart_line two[] = {{0, 1, 2, 2}, {2, 1, UINT32_MAX, 1}};
    event("view_cart", two, 2,
          "{\"event\":\"view_cart\",\"ecommerce\":{\"currency\":\"EUR\",\"value\":1358.8,"
          "\"items\":[{\"item_id\":\"tee-organic\",\"item_name\":\"Organic tee\",\"item_brand\":"
          "\"Nordlys\",\"item_category\":\"tshirt\",\"item_variant\":\"tee-organic-navy\","
          "\"item_size\":\"L\",\"price\":29.9,\"quantity\":2},{\"item_id\":\"sneaker-run\","
          "\"item_name\":\"Runner\",\"item_brand\":\"Stride\",\"item_category\":\"shoes\","
          "\"item_variant\":\"sneaker-run-black\",\"price\":1299,\"quantity\":1}]}}");
    event("begin_checkout", NULL, 0,
          "{\"event\":\"begin_checkout\",\"ecommerce\":{\"currency\":\"EUR\",\"value\":0,"
          "\"items\":[]}}");
    /* 3 x 0.10 is 0.3, never 0.30000000000000004 */
    int64_t saved = def->products[1].price.minor;
    def->products[1].price.minor = 10;
    vt_cart_line mugs = {1, 0, UINT32_MAX, 3};
    event("add_to_cart", &mugs, 1,
          "{\"event\":\"add_to_cart\",\"ecommerce\":{\"currency\":\"EUR\",\"value\":0.3,"
          "\"items\":[{\"item_id\":\"mug-glaze\",\"item_name\":\"Glazed mug\",\"item_brand\":"
          "\"Keramik\",\"item_category\":\"mug\",\"item_variant\":\"mug-glaze-blue\","
          "\"price\":0.1,\"quantity\":3}]}}");
    def->products[1].price.minor = saved;
    /* strings are escaped */
    char *old = def->products[1].title.items[0].text;
    char odd[] = "Mug \"Blue\" \\ \n\x01 有";
    def->products[1].title.items[0].text = odd;
    mugs.quantity = 1;
    event("select_item", &mugs, 1,
          "{\"event\":\"select_item\",\"ecommerce\":{\"currency\":\"EUR\",\"value\":14.5,"
          "\"items\":[{\"item_id\":\"mug-glaze\",\"item_name\":\"Mug \\\"Blue\\\" \\\\ \\n"
          "\\u0001 有\",\"item_brand\":\"Keramik\",\"item_category\":\"mug\",\"item_variant\":"
          "\"mug-glaze-blue\",\"price\":14.5,\"quantity\":1}]}}");
    def->products[1].title.items[0].text = old;
    vt_cart_line bad = {0, 7, UINT32_MAX, 1};
    assert_null(vt_event_json(def, "add_to_cart", &bad, 1));
    assert_string_equal(vt_last_error(),
                        "event add_to_cart: item 0 names no product, variant or size");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(money_formats_per_language),
        cmocka_unit_test(currencies_and_values),
        cmocka_unit_test(cart_merges_removes_and_totals),
        cmocka_unit_test(events_are_exact_ga4_lines),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
