/* catalog.json: products, prices, variants and sizes (see assets/demo/FORMAT.md). */
#include "store/def_internal.h"

#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <math.h>

#define VT_VARIANTS_MAX 8
#define VT_SIZES_MAX 32
#define VT_OVERRIDES_MAX 16
#define VT_PRICE_MAX_MINOR 1000000000000000LL /* 10^15 minor units */

static const char *const kinds[] = {
    "tshirt",     "long_sleeve_shirt",
    "dress",      "skirt",
    "trousers",   "jacket",
    "shoes",      "bag",
    "hat",        "eyewear",
    "mug",        "vase",
    "bottle",     "lamp",
    "headphones", "watch",
    "jewelry",    "other",
};
/* Apparel must list its sizes; shoes may. */
static const char *const sized_kinds[] = {"tshirt", "long_sleeve_shirt", "dress",
                                          "skirt",  "trousers",          "jacket"};

static bool in_list(const char *s, const char *const *list, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0) return true;
    return false;
}

void vt__product_free(vt_product *p) {
    vt__text_free(&p->title);
    vt__text_free(&p->description);
    vt__text_free(&p->material);
    for (uint32_t i = 0; i < p->variant_count; i++) {
        vt__text_free(&p->variants[i].title);
        free(p->variants[i].overrides);
    }
    free(p->variants);
    free(p->sizes);
    free(p->garment_spec);
    memset(p, 0, sizeof *p);
}

/* A decimal amount ("29.90", 29.9) into minor units. The digits are read from
   the file's text, never through a double, so 0.1 + 0.2 stays exact. */
static vt_result parse_amount(vt__jctx *c, const char *s, size_t n, const char *currency,
                              int digits, int64_t *out) {
    size_t i = 0;
    bool neg = false;
    if (i < n && s[i] == '-') {
        neg = true;
        i++;
    }
    int64_t v = 0;
    size_t int_digits = 0, frac_digits = 0;
    bool overflow = false;
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, int_digits++) {
        if (v > (INT64_MAX - 9) / 10)
            overflow = true;
        else
            v = v * 10 + (s[i] - '0');
    }
    if (i < n && s[i] == '.') {
        i++;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, frac_digits++) {
            if (v > (INT64_MAX - 9) / 10)
                overflow = true;
            else
                v = v * 10 + (s[i] - '0');
        }
        if (!frac_digits) int_digits = 0; /* "12." is not a decimal */
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E'))
        return vt__jfail(c, VT_ERR_PARSE, "price '%.*s' has an exponent; write a plain decimal",
                         (int)(n > 40 ? 40 : n), s);
    if (i != n || int_digits == 0)
        return vt__jfail(c, VT_ERR_PARSE, "price '%.*s' is not a decimal number",
                         (int)(n > 40 ? 40 : n), s);
    if (neg) return vt__jfail(c, VT_ERR_PARSE, "price must not be negative");
    if (frac_digits > (size_t)digits)
        return vt__jfail(c, VT_ERR_PARSE, "price '%.*s' has more than %d decimal%s for %s",
                         (int)(n > 40 ? 40 : n), s, digits, digits == 1 ? "" : "s", currency);
    for (size_t k = frac_digits; k < (size_t)digits && !overflow; k++) {
        if (v > INT64_MAX / 10)
            overflow = true;
        else
            v *= 10;
    }
    if (overflow || v > VT_PRICE_MAX_MINOR)
        return vt__jfail(c, VT_ERR_LIMIT, "price '%.*s' is too large", (int)(n > 40 ? 40 : n), s);
    *out = v;
    return VT_OK;
}

static vt_result parse_price(vt__jctx *c, json_t *pj, const char *currency, vt_money *out) {
    json_t *price, *value;
    vt_result r = vt__jobject(c, pj, "price", true, &price);
    if (r != VT_OK) return r;
    vt__jpush_key(c, "price");
    char cur[4] = "";
    char got[8] = "";
    value = json_object_get(price, "value");
    if (!value) {
        r = vt__jfail_key(c, "value", VT_ERR_PARSE, "required field missing");
    } else if (json_is_string(value) || json_is_number(value)) {
        vt__jpush_key(c, "value");
        const char *s;
        size_t n;
        if (json_is_string(value)) {
            s = json_string_value(value);
            n = json_string_length(value);
        } else {
            s = c->text + vt__joffset(c);
            n = 0;
            while (s + n < c->text + c->len && (strchr("+-.0123456789eE", s[n]) && s[n])) n++;
        }
        r = parse_amount(c, s, n, currency, vt_currency_digits(currency), &out->minor);
        vt__jpop(c);
    } else {
        r = vt__jfail_key(c, "value", VT_ERR_PARSE, "a number or decimal string expected, got %s",
                          vt__json_type_name(value));
    }
    if (r == VT_OK) r = vt__jstring(c, price, "currency", true, 1, got, sizeof got);
    if (r == VT_OK) {
        memcpy(cur, got, 4);
        if (strlen(got) != 3 || vt_currency_digits(got) < 0)
            r = vt__jfail_key(c, "currency", VT_ERR_PARSE, "unknown currency '%s'", got);
        else if (strcmp(got, currency) != 0)
            r = vt__jfail_key(c, "currency", VT_ERR_PARSE,
                              "'%s' expected (the catalog currency), got '%s'", currency, got);
    }
    vt__jpop(c);
    if (r == VT_OK) memcpy(out->currency, cur, 4);
    return r;
}

static vt_result check_gtin(vt__jctx *c, const char *g) {
    size_t n = strlen(g);
    for (size_t i = 0; i < n; i++)
        if (g[i] < '0' || g[i] > '9')
            return vt__jfail_key(c, "gtin", VT_ERR_PARSE, "GTIN '%s' must hold only digits", g);
    if (n != 8 && n != 12 && n != 13 && n != 14)
        return vt__jfail_key(c, "gtin", VT_ERR_PARSE, "GTIN '%s' must have 8, 12, 13 or 14 digits",
                             g);
    int sum = 0;
    for (size_t k = 1; k < n; k++) sum += (g[n - 1 - k] - '0') * (k % 2 ? 3 : 1);
    int check = (10 - sum % 10) % 10;
    if (check != g[n - 1] - '0')
        return vt__jfail_key(c, "gtin", VT_ERR_PARSE,
                             "GTIN '%s' has a wrong check digit (%d expected)", g, check);
    return VT_OK;
}

static vt_result parse_overrides(vt__jctx *c, json_t *vj, vt_variant *v) {
    json_t *mats;
    vt_result r = vt__jobject(c, vj, "materials", false, &mats);
    if (r != VT_OK || !mats) return r;
    vt__jpush_key(c, "materials");
    size_t n = json_object_size(mats);
    if (n > VT_OVERRIDES_MAX)
        r = vt__jfail(c, VT_ERR_LIMIT, "%zu materials exceed the limit of %d", n, VT_OVERRIDES_MAX);
    if (r == VT_OK && n) {
        v->overrides = calloc(n, sizeof *v->overrides);
        if (!v->overrides) r = vt__jfail(c, VT_ERR_NOMEM, "out of memory");
    }
    const char *name;
    json_t *o;
    json_object_foreach(mats, name, o) {
        if (r != VT_OK) break;
        vt__jpush_key(c, name);
        vt_material_override *m = &v->overrides[v->override_count];
        if (!name[0] || strlen(name) >= sizeof m->material)
            r = vt__jfail(c, VT_ERR_PARSE, "material name must be 1..%zu bytes",
                          sizeof m->material - 1);
        else if (!json_is_object(o))
            r = vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(o));
        if (r == VT_OK) {
            snprintf(m->material, sizeof m->material, "%s", name);
            m->base_color[3] = 1;
            m->roughness = 1;
            if (json_object_get(o, "base_color")) {
                r = vt__jcolor(c, o, "base_color", true, true, m->base_color, &m->base_color[3]);
                m->fields |= VT_OVERRIDE_BASE_COLOR;
            }
            if (r == VT_OK && json_object_get(o, "metallic")) {
                r = vt__jnumber(c, o, "metallic", true, 0, 1, &m->metallic);
                m->fields |= VT_OVERRIDE_METALLIC;
            }
            if (r == VT_OK && json_object_get(o, "roughness")) {
                r = vt__jnumber(c, o, "roughness", true, 0, 1, &m->roughness);
                m->fields |= VT_OVERRIDE_ROUGHNESS;
            }
            if (r == VT_OK && json_object_get(o, "sheen_color")) {
                r = vt__jcolor(c, o, "sheen_color", true, true, m->sheen_color, NULL);
                m->fields |= VT_OVERRIDE_SHEEN_COLOR;
            }
            if (r == VT_OK && json_object_get(o, "emissive")) {
                r = vt__jcolor(c, o, "emissive", true, true, m->emissive, NULL);
                m->fields |= VT_OVERRIDE_EMISSIVE;
            }
            if (r == VT_OK && !m->fields)
                r = vt__jfail(c, VT_ERR_PARSE,
                              "no field to override (base_color, metallic, "
                              "roughness, sheen_color or emissive)");
            if (r == VT_OK) v->override_count++;
        }
        vt__jpop(c);
    }
    vt__jpop(c);
    return r;
}

static vt_result parse_variants(vt__jctx *c, json_t *pj, vt_product *p, const vt__idmap *ids) {
    json_t *arr;
    vt_result r = vt__jarray(c, pj, "variants", true, 1, VT_VARIANTS_MAX, &arr);
    if (r != VT_OK) return r;
    size_t n = json_array_size(arr);
    p->variants = calloc(n, sizeof *p->variants);
    if (!p->variants) return vt__jfail(c, VT_ERR_NOMEM, "out of memory");
    vt__jpush_key(c, "variants");
    for (size_t i = 0; i < n && r == VT_OK; i++) {
        json_t *vj = json_array_get(arr, i);
        vt__jpush_index(c, (uint32_t)i);
        vt__janchor(c);
        vt_variant *v = &p->variants[p->variant_count++];
        if (!json_is_object(vj)) {
            r = vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(vj));
        } else {
            r = vt__jid(c, vj, "id", true, v->id);
            if (r == VT_OK) {
                uint32_t prev = vt_product_find_variant(p, v->id);
                if (prev < p->variant_count - 1 || vt__idmap_get(ids, v->id) != UINT32_MAX)
                    r = vt__jfail_key(c, "id", VT_ERR_PARSE, "duplicate variant id '%s'", v->id);
            }
            if (r == VT_OK) r = vt__jtext(c, vj, "title", true, &v->title);
            if (r == VT_OK) r = vt__jcolor(c, vj, "color", true, false, v->color, NULL);
            if (r == VT_OK)
                r = vt__jstring(c, vj, "model_variant", false, 1, v->model_variant,
                                sizeof v->model_variant);
            if (r == VT_OK) r = parse_overrides(c, vj, v);
        }
        vt__jpop(c);
    }
    vt__jpop(c);
    return r;
}

static vt_result parse_sizes(vt__jctx *c, json_t *pj, vt_product *p) {
    bool required = in_list(p->kind, sized_kinds, VT_COUNTOF(sized_kinds));
    json_t *arr;
    vt_result r = vt__jarray(c, pj, "sizes", required, 1, VT_SIZES_MAX, &arr);
    if (r != VT_OK || !arr) return r;
    size_t n = json_array_size(arr);
    p->sizes = calloc(n, sizeof *p->sizes);
    if (!p->sizes) return vt__jfail(c, VT_ERR_NOMEM, "out of memory");
    vt__jpush_key(c, "sizes");
    for (size_t i = 0; i < n && r == VT_OK; i++) {
        vt__jpush_index(c, (uint32_t)i);
        json_t *s = json_array_get(arr, i);
        if (!json_is_string(s)) {
            r = vt__jfail(c, VT_ERR_PARSE, "a size label expected, got %s", vt__json_type_name(s));
        } else if (json_string_length(s) < 1 || json_string_length(s) > 15) {
            r = vt__jfail(c, VT_ERR_PARSE, "size label must be 1..15 bytes");
        } else if (strspn(json_string_value(s), " ") == json_string_length(s) ||
                   strpbrk(json_string_value(s), "\t\n\r\f\v\x7f") ||
                   strstr(json_string_value(s), "  ")) {
            /* scripts name sizes by their label, with single spaces between words */
            r = vt__jfail(c, VT_ERR_PARSE, "size label '%s' must be words with single spaces",
                          json_string_value(s));
        } else {
            const char *label = json_string_value(s);
            if (vt_product_find_size(p, label) != UINT32_MAX)
                r = vt__jfail(c, VT_ERR_PARSE, "duplicate size '%s'", label);
            else
                snprintf(p->sizes[p->size_count++], sizeof p->sizes[0], "%s", label);
        }
        vt__jpop(c);
    }
    vt__jpop(c);
    return r;
}

/* The fitting room drapes the product's garment in the size the shopper
   picks, so every size on sale must be in the garment's chart. */
static vt_result load_garment(vt__jctx *c, vt_product *p) {
    if (!p->size_count)
        return vt__jfail_key(c, "garment", VT_ERR_PARSE,
                             "a garment needs the product's sizes (a \"sizes\" list)");
    p->garment_spec = calloc(1, sizeof *p->garment_spec);
    if (!p->garment_spec) return vt__jfail(c, VT_ERR_NOMEM, "out of memory");
    vt_result r = vt_garment_load_json(p->garment, p->garment_spec);
    if (r != VT_OK) {
        char why[768];
        snprintf(why, sizeof why, "%s", vt_last_error());
        return vt__jfail_key(c, "garment", r == VT_ERR_IO ? VT_ERR_IO : VT_ERR_PARSE, "%s", why);
    }
    for (uint32_t i = 0; i < p->size_count; i++) {
        if (vt_garment_find_size(p->garment_spec, p->sizes[i]) >= 0) continue;
        char list[160] = "";
        for (uint32_t k = 0; k < p->garment_spec->size_count; k++) {
            size_t l = strlen(list);
            snprintf(list + l, sizeof list - l, "%s%s", k ? " " : "",
                     p->garment_spec->sizes[k].name);
        }
        return vt__jfail_key(c, "garment", VT_ERR_PARSE,
                             "size '%s' is not in the chart of %s (sizes: %s)", p->sizes[i],
                             p->garment, list);
    }
    return VT_OK;
}

static vt_result parse_product(vt__jctx *c, json_t *pj, const char *dir, const char *currency,
                               const vt_store_def_desc *d, const vt__idmap *product_ids,
                               const vt__idmap *variant_ids, vt_product *p) {
    if (!json_is_object(pj))
        return vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(pj));
    vt_result r = vt__jid(c, pj, "id", true, p->id);
    if (r == VT_OK && vt__idmap_get(product_ids, p->id) != UINT32_MAX)
        r = vt__jfail_key(c, "id", VT_ERR_PARSE, "duplicate product id '%s'", p->id);
    if (r == VT_OK) r = vt__jstring(c, pj, "kind", true, 1, p->kind, sizeof p->kind);
    if (r == VT_OK && !in_list(p->kind, kinds, VT_COUNTOF(kinds)))
        r = vt__jfail_key(c, "kind", VT_ERR_PARSE, "unknown kind '%s'", p->kind);
    if (r == VT_OK) r = vt__jtext(c, pj, "title", true, &p->title);
    if (r == VT_OK) r = vt__jtext(c, pj, "description", false, &p->description);
    if (r == VT_OK) r = vt__jtext(c, pj, "material", false, &p->material);
    if (r == VT_OK) r = vt__jstring(c, pj, "brand", true, 1, p->brand, sizeof p->brand);
    if (r == VT_OK) r = vt__jstring(c, pj, "gtin", false, 1, p->gtin, sizeof p->gtin);
    if (r == VT_OK && p->gtin[0]) r = check_gtin(c, p->gtin);
    if (r == VT_OK) r = parse_price(c, pj, currency, &p->price);
    if (r == VT_OK) r = vt__jpath_member(c, pj, "model", true, dir, p->model, sizeof p->model);
    if (r == VT_OK && !d->skip_model_check && !vt_file_exists(p->model))
        r = vt__jfail_key(c, "model", VT_ERR_IO, "model file '%s' not found", p->model);
    if (r == VT_OK)
        r = vt__jpath_member(c, pj, "garment", false, dir, p->garment, sizeof p->garment);
    if (r == VT_OK) r = parse_sizes(c, pj, p);
    if (r == VT_OK && p->garment[0]) r = load_garment(c, p);
    if (r == VT_OK) r = parse_variants(c, pj, p, variant_ids);
    return r;
}

vt_result vt__catalog_load(vt_store_def *def, const vt_store_def_desc *d, vt__idmap *dropped) {
    char *text = NULL;
    size_t len = 0;
    json_t *root = NULL;
    vt_result r = vt__jload(def->catalog_path, &text, &len, &root);
    if (r != VT_OK) return r;
    vt__jctx ctx = {.file = def->catalog_path, .text = text, .len = len};
    vt__jctx *c = &ctx;
    char dir[VT_STORE_PATH_MAX];
    vt_path_dir(def->catalog_path, dir, sizeof dir);
    vt__idmap product_ids = {0}, variant_ids = {0};
    json_t *products = NULL;
    char cur[8] = "";
    if (!json_is_object(root))
        r = vt__jfail(c, VT_ERR_PARSE, "an object expected, got %s", vt__json_type_name(root));
    if (r == VT_OK) r = vt__jstring(c, root, "currency", true, 1, cur, sizeof cur);
    if (r == VT_OK && (strlen(cur) != 3 || vt_currency_digits(cur) < 0))
        r = vt__jfail_key(c, "currency", VT_ERR_PARSE, "unknown currency '%s'", cur);
    if (r == VT_OK) {
        memcpy(def->currency, cur, 4);
        r = vt__jarray(c, root, "products", true, 1, d->max_products, &products);
    }
    size_t n = products ? json_array_size(products) : 0;
    if (r == VT_OK) {
        def->products = calloc(n, sizeof *def->products);
        if (!def->products) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", def->catalog_path);
    }
    if (r == VT_OK) vt__jpush_key(c, "products");
    for (size_t i = 0; i < n && r == VT_OK; i++) {
        vt__jpush_index(c, (uint32_t)i);
        vt__janchor(c);
        json_t *pj = json_array_get(products, i);
        vt_product *p = &def->products[def->product_count];
        vt_result pr = parse_product(c, pj, dir, def->currency, d, &product_ids, &variant_ids, p);
        bool stored = false;
        if (pr == VT_OK) {
            stored = vt__idmap_put(&product_ids, p->id, def->product_count);
            for (uint32_t k = 0; stored && k < p->variant_count; k++)
                stored = vt__idmap_put(&variant_ids, p->variants[k].id, def->product_count);
            if (!stored) pr = vt__fail(VT_ERR_NOMEM, "%s: out of memory", def->catalog_path);
        }
        if (pr == VT_OK) {
            def->product_count++;
        } else if (d->lenient && pr != VT_ERR_NOMEM) {
            if (!vt__def_add_issue(def, vt_last_error())) pr = VT_ERR_NOMEM;
            json_t *id = json_is_object(pj) ? json_object_get(pj, "id") : NULL;
            if (json_is_string(id) &&
                vt__idmap_get(&product_ids, json_string_value(id)) == UINT32_MAX &&
                vt__idmap_get(dropped, json_string_value(id)) == UINT32_MAX) {
                char *copy = strdup(json_string_value(id));
                if (!copy || !vt__idmap_put(dropped, copy, 0)) free(copy);
            }
            vt__product_free(p);
            if (pr != VT_ERR_NOMEM) pr = VT_OK;
        } else {
            vt__product_free(p);
        }
        r = pr;
        vt__jpop(c);
    }
    /* lenient with every product broken: an empty store still opens (the
       issues say why), as a room the brand can walk while fixing its files */
    vt__idmap_free(&product_ids);
    vt__idmap_free(&variant_ids);
    json_decref(root);
    free(text);
    return r;
}
