/* Typed, located reads of JSON members for the store loader (def_internal.h). */
#include "store/def_internal.h"

#include "vitrine/core.h"

#include <math.h>
#include <stdarg.h>

void vt__jpush_key(vt__jctx *c, const char *key) {
    VT_ASSERT(c->depth < VT_JSON_PATH_MAX);
    c->steps[c->depth++] = (vt__json_step){key, 0};
    c->serial[c->depth] = ++c->counter;
}

void vt__jpush_index(vt__jctx *c, uint32_t index) {
    VT_ASSERT(c->depth < VT_JSON_PATH_MAX);
    c->steps[c->depth++] = (vt__json_step){NULL, index};
    c->serial[c->depth] = ++c->counter;
}

/* The anchor at depth d still names steps[0..d) when its parent step has not
   been pushed again since and the index matches. */
static bool anchor_ok(const vt__jctx *c, uint32_t d) {
    const vt__janchor_rec *a = &c->anchor[d];
    return a->valid && a->parent_serial == c->serial[d - 1] && !c->steps[d - 1].key &&
           a->index == c->steps[d - 1].index;
}

/* Offset of the value at the current path (or its deepest existing part). */
static size_t locate_offset(const vt__jctx *c) {
    uint32_t k = c->depth, found;
    while (k > 0 && !anchor_ok(c, k)) k--;
    size_t start = k ? c->anchor[k].offset : 0;
    return vt__json_walk(c->text, c->len, start, c->steps + k, c->depth - k, &found);
}

void vt__janchor(vt__jctx *c) {
    uint32_t d = c->depth;
    VT_ASSERT(d > 0 && !c->steps[d - 1].key);
    vt__janchor_rec *a = &c->anchor[d];
    uint32_t i = c->steps[d - 1].index;
    size_t off = (size_t)-1;
    if (a->valid && a->parent_serial == c->serial[d - 1] && a->index + 1 == i)
        off = vt__json_next_element(c->text, c->len, a->offset);
    if (off == (size_t)-1) {
        a->valid = false;
        uint32_t k = d - 1, found;
        while (k > 0 && !anchor_ok(c, k)) k--;
        off = vt__json_walk(c->text, c->len, k ? c->anchor[k].offset : 0, c->steps + k, d - k,
                            &found);
        if (found != d - k) return;
    }
    *a = (vt__janchor_rec){true, c->serial[d - 1], i, off};
}

void vt__jpop(vt__jctx *c) {
    VT_ASSERT(c->depth > 0);
    c->depth--;
}

char *vt__jpath(const vt__jctx *c, char *out, size_t size) {
    vt__json_path_format(c->steps, c->depth, out, size);
    if (!out[0]) snprintf(out, size, "(root)");
    return out;
}

size_t vt__joffset(const vt__jctx *c) {
    return locate_offset(c);
}

static vt_result vfail(vt__jctx *c, vt_result r, const char *fmt, va_list ap) {
    char cause[512], path[256];
    vsnprintf(cause, sizeof cause, fmt, ap);
    uint32_t line, column;
    vt__json_line_col(c->text, c->len, locate_offset(c), &line, &column);
    return vt__fail(r, "%s:%u:%u: %s: %s", c->file, line, column, vt__jpath(c, path, sizeof path),
                    cause);
}

vt_result vt__jfail(vt__jctx *c, vt_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vt_result res = vfail(c, r, fmt, ap);
    va_end(ap);
    return res;
}

vt_result vt__jfail_key(vt__jctx *c, const char *key, vt_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vt__jpush_key(c, key);
    vt_result res = vfail(c, r, fmt, ap);
    vt__jpop(c);
    va_end(ap);
    return res;
}

vt_result vt__jload(const char *path, char **text, size_t *len, json_t **root) {
    *text = NULL;
    *root = NULL;
    void *data = NULL;
    size_t size = 0;
    vt_result r = vt_file_read(path, VT_STORE_FILE_MAX, &data, &size);
    if (r != VT_OK) return r;
    /* a UTF-8 byte order mark (Windows editors write one) becomes blanks */
    if (size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) memset(data, ' ', 3);
    size_t at = 0;
    uint32_t line, col;
    vt__json_scan_result s =
        vt__json_prescan(data, size, VT_STORE_JSON_DEPTH, VT_STORE_JSON_VALUES, &at);
    if (s != VT_JSON_SCAN_OK) {
        vt__json_line_col(data, size, at, &line, &col);
        free(data);
        if (s == VT_JSON_SCAN_TOO_DEEP)
            return vt__fail(VT_ERR_LIMIT, "%s:%u:%u: nesting deeper than %d levels", path, line,
                            col, VT_STORE_JSON_DEPTH);
        return vt__fail(VT_ERR_LIMIT, "%s:%u:%u: more than %u values", path, line, col,
                        VT_STORE_JSON_VALUES);
    }
    json_error_t err;
    json_t *j = json_loadb(data, size, JSON_REJECT_DUPLICATES, &err);
    if (!j) {
        free(data);
        return vt__fail(VT_ERR_PARSE, "%s:%d:%d: %s", path, err.line, err.column, err.text);
    }
    *text = data;
    *len = size;
    *root = j;
    return VT_OK;
}

/* The member, or NULL; fails only when required and absent. */
static vt_result member(vt__jctx *c, json_t *obj, const char *key, bool required, json_t **out) {
    *out = json_object_get(obj, key);
    if (!*out && required) return vt__jfail_key(c, key, VT_ERR_PARSE, "required field missing");
    return VT_OK;
}

vt_result vt__jobject(vt__jctx *c, json_t *obj, const char *key, bool required, json_t **out) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    *out = NULL;
    if (r != VT_OK || !v) return r;
    if (!json_is_object(v))
        return vt__jfail_key(c, key, VT_ERR_PARSE, "an object expected, got %s",
                             vt__json_type_name(v));
    *out = v;
    return VT_OK;
}

vt_result vt__jarray(vt__jctx *c, json_t *obj, const char *key, bool required, size_t min,
                     size_t max, json_t **out) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    *out = NULL;
    if (r != VT_OK || !v) return r;
    if (!json_is_array(v))
        return vt__jfail_key(c, key, VT_ERR_PARSE, "an array expected, got %s",
                             vt__json_type_name(v));
    size_t n = json_array_size(v);
    if (n < min)
        return vt__jfail_key(c, key, VT_ERR_PARSE, "at least %zu entr%s expected, got %zu", min,
                             min == 1 ? "y" : "ies", n);
    if (n > max)
        return vt__jfail_key(c, key, VT_ERR_LIMIT, "%zu entries exceed the limit of %zu", n, max);
    *out = v;
    return VT_OK;
}

static vt_result number_value(vt__jctx *c, json_t *v, double min, double max, float *out) {
    if (!json_is_number(v))
        return vt__jfail(c, VT_ERR_PARSE, "a number expected, got %s", vt__json_type_name(v));
    double d = json_number_value(v);
    if (!isfinite(d) || d < min || d > max)
        return vt__jfail(c, VT_ERR_PARSE, "%g is out of range [%g, %g]", d, min, max);
    *out = (float)d;
    return VT_OK;
}

vt_result vt__jnumber(vt__jctx *c, json_t *obj, const char *key, bool required, double min,
                      double max, float *out) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    if (r != VT_OK || !v) return r;
    vt__jpush_key(c, key);
    r = number_value(c, v, min, max, out);
    vt__jpop(c);
    return r;
}

vt_result vt__jbool(vt__jctx *c, json_t *obj, const char *key, bool *out) {
    json_t *v = json_object_get(obj, key);
    if (!v) return VT_OK;
    if (!json_is_boolean(v))
        return vt__jfail_key(c, key, VT_ERR_PARSE, "true or false expected, got %s",
                             vt__json_type_name(v));
    *out = json_is_true(v);
    return VT_OK;
}

static vt_result string_value(vt__jctx *c, json_t *v, size_t min, char *out, size_t cap) {
    if (!json_is_string(v))
        return vt__jfail(c, VT_ERR_PARSE, "a string expected, got %s", vt__json_type_name(v));
    size_t n = json_string_length(v);
    const char *s = json_string_value(v);
    if (n < min)
        return vt__jfail(c, VT_ERR_PARSE,
                         min == 1 ? "must not be empty" : "too short (at least %zu bytes)", min);
    if (n >= cap)
        return vt__jfail(c, VT_ERR_LIMIT, "%zu bytes exceed the limit of %zu", n, cap - 1);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return vt__jfail(c, VT_ERR_PARSE, "control character in string");
    memcpy(out, s, n);
    out[n] = '\0';
    return VT_OK;
}

vt_result vt__jstring(vt__jctx *c, json_t *obj, const char *key, bool required, size_t min,
                      char *out, size_t cap) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    if (r != VT_OK || !v) return r;
    vt__jpush_key(c, key);
    r = string_value(c, v, min, out, cap);
    vt__jpop(c);
    return r;
}

vt_result vt__jid(vt__jctx *c, json_t *obj, const char *key, bool required, char *out) {
    char buf[VT_STORE_ID_MAX];
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    if (r != VT_OK || !v) return r;
    vt__jpush_key(c, key);
    r = string_value(c, v, 1, buf, sizeof buf);
    if (r == VT_OK) {
        for (const char *p = buf; *p; p++) {
            char ch = *p;
            if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                  (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-')) {
                r = vt__jfail(c, VT_ERR_PARSE,
                              "id '%s' may hold only letters, digits, '.', '_' and '-'", buf);
                break;
            }
        }
    }
    vt__jpop(c);
    if (r == VT_OK) memcpy(out, buf, sizeof buf);
    return r;
}

vt_result vt__jvec(vt__jctx *c, json_t *obj, const char *key, bool required, uint32_t n, double min,
                   double max, float *out) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    if (r != VT_OK || !v) return r;
    vt__jpush_key(c, key);
    if (!json_is_array(v) || json_array_size(v) != n) {
        r = json_is_array(v)
                ? vt__jfail(c, VT_ERR_PARSE, "%u numbers expected, got %zu", n, json_array_size(v))
                : vt__jfail(c, VT_ERR_PARSE, "an array of %u numbers expected, got %s", n,
                            vt__json_type_name(v));
    } else {
        float tmp[4];
        for (uint32_t i = 0; i < n && r == VT_OK; i++) {
            vt__jpush_index(c, i);
            r = number_value(c, json_array_get(v, i), min, max, &tmp[i]);
            vt__jpop(c);
        }
        if (r == VT_OK) memcpy(out, tmp, n * sizeof(float));
    }
    vt__jpop(c);
    return r;
}

vt_result vt__jangle(vt__jctx *c, json_t *obj, const char *key, float *out) {
    float deg = NAN;
    vt_result r = vt__jnumber(c, obj, key, false, -3600, 3600, &deg);
    if (r == VT_OK && !isnan(deg)) *out = deg * (float)(M_PI / 180.0);
    return r;
}

float vt__store_srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static int hex2(const char *s) {
    int v = 0;
    for (int i = 0; i < 2; i++) {
        char ch = s[i];
        int d = ch >= '0' && ch <= '9'   ? ch - '0'
                : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
                : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
                                         : -1;
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

vt_result vt__jcolor(vt__jctx *c, json_t *obj, const char *key, bool required, bool linear,
                     float *out, float *alpha) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    if (r != VT_OK || !v) return r;
    vt__jpush_key(c, key);
    float rgba[4] = {0, 0, 0, 1};
    if (json_is_string(v)) {
        const char *s = json_string_value(v);
        bool ok = json_string_length(v) == 7 && s[0] == '#';
        for (int i = 0; ok && i < 3; i++) {
            int h = hex2(s + 1 + 2 * i);
            if (h < 0) ok = false;
            rgba[i] = (float)h / 255.0f;
        }
        if (!ok) r = vt__jfail(c, VT_ERR_PARSE, "colour '%.40s' is not \"#RRGGBB\" hex", s);
    } else if (json_is_array(v)) {
        size_t n = json_array_size(v);
        if (n != 3 && !(n == 4 && alpha)) {
            r = vt__jfail(c, VT_ERR_PARSE, "colour needs %s numbers, got %zu",
                          alpha ? "3 or 4" : "3", n);
        }
        for (uint32_t i = 0; r == VT_OK && i < n; i++) {
            vt__jpush_index(c, i);
            r = number_value(c, json_array_get(v, i), 0, 1, &rgba[i]);
            vt__jpop(c);
        }
    } else {
        r = vt__jfail(c, VT_ERR_PARSE, "a colour (\"#RRGGBB\" or [r, g, b]) expected, got %s",
                      vt__json_type_name(v));
    }
    vt__jpop(c);
    if (r != VT_OK) return r;
    for (int i = 0; i < 3; i++) out[i] = linear ? vt__store_srgb_to_linear(rgba[i]) : rgba[i];
    if (alpha) *alpha = rgba[3];
    return VT_OK;
}

void vt__text_free(vt_text *t) {
    for (uint32_t i = 0; i < t->count; i++) free(t->items[i].text);
    free(t->items);
    t->items = NULL;
    t->count = 0;
}

static bool lang_tag_ok(const char *k) {
    size_t n = strlen(k);
    if (n == 0 || n > 15) return false;
    for (const char *p = k; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
              *p == '-' || *p == '_'))
            return false;
    return true;
}

static vt_result text_add(vt__jctx *c, vt_text *t, const char *lang, json_t *v) {
    char *buf = malloc(VT_TEXT_MAX + 1);
    if (!buf) return vt__jfail(c, VT_ERR_NOMEM, "out of memory");
    vt_result r = string_value(c, v, 1, buf, VT_TEXT_MAX + 1);
    if (r != VT_OK) {
        free(buf);
        return r;
    }
    char *s = realloc(buf, strlen(buf) + 1);
    vt_text_item *items = realloc(t->items, (t->count + 1) * sizeof *items);
    if (!items) {
        free(s ? s : buf);
        return vt__jfail(c, VT_ERR_NOMEM, "out of memory");
    }
    t->items = items;
    vt_text_item *it = &t->items[t->count++];
    memset(it, 0, sizeof *it);
    snprintf(it->lang, sizeof it->lang, "%s", lang);
    it->text = s ? s : buf;
    return VT_OK;
}

vt_result vt__jtext(vt__jctx *c, json_t *obj, const char *key, bool required, vt_text *out) {
    json_t *v;
    vt_result r = member(c, obj, key, required, &v);
    if (r != VT_OK || !v) return r;
    vt__jpush_key(c, key);
    vt_text t = {0};
    if (json_is_string(v)) {
        r = text_add(c, &t, "", v);
    } else if (json_is_object(v)) {
        if (json_object_size(v) == 0) r = vt__jfail(c, VT_ERR_PARSE, "no language in the text");
        if (json_object_size(v) > VT_TEXT_LANGS)
            r = vt__jfail(c, VT_ERR_LIMIT, "more than %d languages", VT_TEXT_LANGS);
        const char *lang;
        json_t *s;
        json_object_foreach(v, lang, s) {
            if (r != VT_OK) break;
            vt__jpush_key(c, lang);
            if (!lang_tag_ok(lang))
                r = vt__jfail(c, VT_ERR_PARSE, "'%.20s' is not a language tag", lang);
            else
                r = text_add(c, &t, lang, s);
            vt__jpop(c);
        }
    } else {
        r = vt__jfail(c, VT_ERR_PARSE,
                      "text expected (a string or {\"en\": ..., \"zh\": ...}), got %s",
                      vt__json_type_name(v));
    }
    vt__jpop(c);
    if (r != VT_OK) {
        vt__text_free(&t);
        return r;
    }
    vt__text_free(out);
    *out = t;
    return VT_OK;
}

vt_result vt__jpath_member(vt__jctx *c, json_t *obj, const char *key, bool required,
                           const char *base_dir, char *out, size_t cap) {
    char rel[VT_STORE_PATH_MAX];
    rel[0] = '\0';
    vt_result r = vt__jstring(c, obj, key, required, 1, rel, sizeof rel);
    if (r != VT_OK || !rel[0]) return r;
    char full[VT_STORE_PATH_MAX * 2];
    vt_path_join(base_dir, rel, full, sizeof full);
    if (strlen(full) >= cap)
        return vt__jfail_key(c, key, VT_ERR_LIMIT, "resolved path is longer than %zu bytes",
                             cap - 1);
    memcpy(out, full, strlen(full) + 1);
    return VT_OK;
}

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

bool vt__idmap_put(vt__idmap *m, const char *key, uint32_t value) {
    if ((uint64_t)(m->count + 1) * 2 > m->cap) {
        uint32_t ncap = m->cap ? m->cap * 2 : 64;
        const char **nk = calloc(ncap, sizeof *nk);
        uint32_t *nv = calloc(ncap, sizeof *nv);
        if (!nk || !nv) {
            free(nk);
            free(nv);
            return false;
        }
        for (uint32_t i = 0; i < m->cap; i++) {
            if (!m->keys[i]) continue;
            uint32_t j = (uint32_t)(hash_str(m->keys[i]) & (ncap - 1));
            while (nk[j]) j = (j + 1) & (ncap - 1);
            nk[j] = m->keys[i];
            nv[j] = m->values[i];
        }
        free(m->keys);
        free(m->values);
        m->keys = nk;
        m->values = nv;
        m->cap = ncap;
    }
    uint32_t j = (uint32_t)(hash_str(key) & (m->cap - 1));
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) {
            m->values[j] = value;
            return true;
        }
        j = (j + 1) & (m->cap - 1);
    }
    m->keys[j] = key;
    m->values[j] = value;
    m->count++;
    return true;
}

uint32_t vt__idmap_get(const vt__idmap *m, const char *key) {
    if (!m->cap) return UINT32_MAX;
    uint32_t j = (uint32_t)(hash_str(key) & (m->cap - 1));
    while (m->keys[j]) {
        if (strcmp(m->keys[j], key) == 0) return m->values[j];
        j = (j + 1) & (m->cap - 1);
    }
    return UINT32_MAX;
}

void vt__idmap_free(vt__idmap *m) {
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}
