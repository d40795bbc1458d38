/* GA4 ecommerce events in Google Tag Manager's dataLayer form, one line each. */
#include "core/internal.h"
#include "vitrine/store.h"

#include <stdarg.h>

typedef struct sbuf {
    char *s;
    size_t len, cap;
    bool failed;
} sbuf;

static void put(sbuf *b, const char *s, size_t n) {
    if (b->failed) return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1) cap *= 2;
        char *ns = realloc(b->s, cap);
        if (!ns) {
            b->failed = true;
            return;
        }
        b->s = ns;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

static void puts_(sbuf *b, const char *s) {
    put(b, s, strlen(s));
}

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8
   passes through (the loader has checked it). */
static void put_json_string(sbuf *b, const char *s) {
    put(b, "\"", 1);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        switch (*p) {
        case '"':
            puts_(b, "\\\"");
            break;
        case '\\':
            puts_(b, "\\\\");
            break;
        case '\n':
            puts_(b, "\\n");
            break;
        case '\r':
            puts_(b, "\\r");
            break;
        case '\t':
            puts_(b, "\\t");
            break;
        default:
            if (*p < 0x20 || *p == 0x7F) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                puts_(b, esc);
            } else {
                put(b, (const char *)p, 1);
            }
        }
    }
    put(b, "\"", 1);
}

/* An amount from minor units as the shortest exact decimal: 2990 -> 29.9,
   129900 -> 1299, 5 (JPY) -> 5. No float ever rounds it. */
static void put_amount(sbuf *b, int64_t minor, int digits) {
    char buf[48];
    bool neg = minor < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)minor : (uint64_t)minor;
    uint64_t p = 1;
    for (int i = 0; i < digits; i++) p *= 10;
    uint64_t major = v / p, frac = v % p;
    int n = snprintf(buf, sizeof buf, "%s%llu", neg ? "-" : "", (unsigned long long)major);
    if (frac && n > 0) {
        char f[48];
        if (digits > 18) digits = 18;
        snprintf(f, sizeof f, "%0*llu", digits, (unsigned long long)frac);
        size_t fl = strlen(f);
        while (fl > 0 && f[fl - 1] == '0') f[--fl] = '\0';
        snprintf(buf + n, sizeof buf - (size_t)n, ".%s", f);
    }
    puts_(b, buf);
}

char *vt_event_json(const vt_store_def *def, const char *name, const vt_cart_line *items,
                    uint32_t item_count) {
    VT_ASSERT(def && name && (items || !item_count));
    int digits = vt_currency_digits(def->currency);
    if (digits < 0) digits = 2;
    int64_t value = 0;
    for (uint32_t i = 0; i < item_count; i++) {
        const vt_cart_line *l = &items[i];
        if (l->product >= def->product_count ||
            l->variant >= def->products[l->product].variant_count ||
            (l->size != UINT32_MAX && l->size >= def->products[l->product].size_count)) {
            vt__fail(VT_ERR_INVALID, "event %s: item %u names no product, variant or size", name,
                     i);
            return NULL;
        }
        int64_t t;
        if (__builtin_mul_overflow(def->products[l->product].price.minor, (int64_t)l->quantity,
                                   &t) ||
            __builtin_add_overflow(value, t, &value)) {
            vt__fail(VT_ERR_LIMIT, "event %s: the value overflows", name);
            return NULL;
        }
    }
    sbuf b = {0};
    puts_(&b, "{\"event\":");
    put_json_string(&b, name);
    puts_(&b, ",\"ecommerce\":{\"currency\":");
    put_json_string(&b, def->currency);
    puts_(&b, ",\"value\":");
    put_amount(&b, value, digits);
    puts_(&b, ",\"items\":[");
    for (uint32_t i = 0; i < item_count; i++) {
        const vt_cart_line *l = &items[i];
        const vt_product *p = &def->products[l->product];
        char q[16];
        if (i) puts_(&b, ",");
        puts_(&b, "{\"item_id\":");
        put_json_string(&b, p->id);
        puts_(&b, ",\"item_name\":");
        put_json_string(&b, vt_text_get(&p->title, "en"));
        puts_(&b, ",\"item_brand\":");
        put_json_string(&b, p->brand);
        puts_(&b, ",\"item_category\":");
        put_json_string(&b, p->kind);
        puts_(&b, ",\"item_variant\":");
        put_json_string(&b, p->variants[l->variant].id);
        if (l->size != UINT32_MAX) {
            puts_(&b, ",\"item_size\":");
            put_json_string(&b, p->sizes[l->size]);
        }
        puts_(&b, ",\"price\":");
        put_amount(&b, p->price.minor, digits);
        snprintf(q, sizeof q, "%u", l->quantity);
        puts_(&b, ",\"quantity\":");
        puts_(&b, q);
        puts_(&b, "}");
    }
    puts_(&b, "]}}");
    if (b.failed) {
        free(b.s);
        vt__fail(VT_ERR_NOMEM, "event %s: out of memory", name);
        return NULL;
    }
    return b.s;
}
