/* Localised text lookup, ISO 4217 currencies and money formatting. */
#include "core/internal.h"
#include "vitrine/store.h"

#include <strings.h>

static bool lang_eq(const char *a, const char *b, size_t n) {
    return strncasecmp(a, b, n) == 0 && strlen(a) == n;
}

/* The primary subtag's length ("zh" of "zh-CN"). */
static size_t primary_len(const char *lang) {
    size_t n = 0;
    while (lang[n] && lang[n] != '-' && lang[n] != '_') n++;
    return n;
}

const char *vt_text_get(const vt_text *t, const char *lang) {
    if (!t || !t->count) return "";
    if (!lang) lang = "en";
    for (uint32_t i = 0; i < t->count; i++)
        if (lang_eq(t->items[i].lang, lang, strlen(lang))) return t->items[i].text;
    size_t pl = primary_len(lang);
    for (uint32_t i = 0; pl && i < t->count; i++)
        if (primary_len(t->items[i].lang) == pl && strncasecmp(t->items[i].lang, lang, pl) == 0)
            return t->items[i].text;
    for (uint32_t i = 0; i < t->count; i++)
        if (lang_eq(t->items[i].lang, "en", 2)) return t->items[i].text;
    return t->items[0].text ? t->items[0].text : "";
}

typedef struct currency {
    char code[4];
    int8_t digits;
    const char *symbol;    /* as written in English (and the default) */
    const char *symbol_zh; /* in Chinese, where it differs */
} currency;

/* ISO 4217 active codes most shops sell in; minor-unit digits from the standard. */
static const currency currencies[] = {
    {"AED", 2, "AED", NULL},          {"ARS", 2, "ARS", NULL},    {"AUD", 2, "A$", "AU$"},
    {"BGN", 2, "BGN", NULL},          {"BHD", 3, "BHD", NULL},    {"BRL", 2, "R$", NULL},
    {"CAD", 2, "CA$", NULL},          {"CHF", 2, "CHF", NULL},    {"CLP", 0, "CLP", NULL},
    {"CNY", 2, "CN\u00a5", "\u00a5"}, {"COP", 2, "COP", NULL},    {"CZK", 2, "CZK", NULL},
    {"DKK", 2, "DKK", NULL},          {"EGP", 2, "EGP", NULL},    {"EUR", 2, "\u20ac", NULL},
    {"GBP", 2, "\u00a3", NULL},       {"HKD", 2, "HK$", NULL},    {"HUF", 2, "HUF", NULL},
    {"IDR", 2, "IDR", NULL},          {"ILS", 2, "\u20aa", NULL}, {"INR", 2, "\u20b9", NULL},
    {"IQD", 3, "IQD", NULL},          {"ISK", 0, "ISK", NULL},    {"JOD", 3, "JOD", NULL},
    {"JPY", 0, "\u00a5", "JP\u00a5"}, {"KES", 2, "KES", NULL},    {"KRW", 0, "\u20a9", NULL},
    {"KWD", 3, "KWD", NULL},          {"LYD", 3, "LYD", NULL},    {"MAD", 2, "MAD", NULL},
    {"MXN", 2, "MX$", NULL},          {"MYR", 2, "MYR", NULL},    {"NGN", 2, "NGN", NULL},
    {"NOK", 2, "NOK", NULL},          {"NZD", 2, "NZ$", NULL},    {"OMR", 3, "OMR", NULL},
    {"PEN", 2, "PEN", NULL},          {"PHP", 2, "\u20b1", NULL}, {"PKR", 2, "PKR", NULL},
    {"PLN", 2, "PLN", NULL},          {"PYG", 0, "PYG", NULL},    {"QAR", 2, "QAR", NULL},
    {"RON", 2, "RON", NULL},          {"RSD", 2, "RSD", NULL},    {"SAR", 2, "SAR", NULL},
    {"SEK", 2, "SEK", NULL},          {"SGD", 2, "SGD", NULL},    {"THB", 2, "THB", NULL},
    {"TND", 3, "TND", NULL},          {"TRY", 2, "TRY", NULL},    {"TWD", 2, "NT$", NULL},
    {"UAH", 2, "UAH", NULL},          {"UGX", 0, "UGX", NULL},    {"USD", 2, "$", "US$"},
    {"UYU", 2, "UYU", NULL},          {"VND", 0, "\u20ab", NULL}, {"XAF", 0, "FCFA", NULL},
    {"XOF", 0, "F\u202fCFA", NULL},   {"ZAR", 2, "ZAR", NULL},
};

static const currency *find_currency(const char *code) {
    for (size_t i = 0; code && i < VT_COUNTOF(currencies); i++)
        if (strcmp(currencies[i].code, code) == 0) return &currencies[i];
    return NULL;
}

int vt_currency_digits(const char *code) {
    const currency *c = find_currency(code);
    return c ? c->digits : -1;
}

static int64_t pow10i(int d) {
    int64_t p = 1;
    while (d-- > 0) p *= 10;
    return p;
}

/* m.currency as a terminated string even when a caller filled all 4 bytes. */
static void code_of(const vt_money *m, char out[5]) {
    memcpy(out, m->currency, 4);
    out[4] = '\0';
}

double vt_money_value(vt_money m) {
    char code[5];
    code_of(&m, code);
    int d = vt_currency_digits(code);
    /* One correctly rounded division: 2990 / 100 is the double nearest 29.9. */
    return (double)m.minor / (double)pow10i(d < 0 ? 2 : d);
}

#define NBSP "\u00a0"

/* How a language writes amounts (CLDR's common patterns). */
typedef struct style {
    const char *group, *decimal;
    bool symbol_after; /* "1.299,00 €" */
    bool symbol_space; /* a no-break space between symbol and number */
} style;

static style style_for(const char *lang, bool alpha_symbol) {
    static const char *const dot_group[] = {"de", "es", "it", "pt", "da", "nl", "id", "tr"};
    static const char *const space_group[] = {"fr", "sv", "nb", "no", "nn", "fi", "pl",
                                              "cs", "sk", "ru", "uk", "hu", "bg"};
    size_t pl = lang ? primary_len(lang) : 0;
    for (size_t i = 0; i < VT_COUNTOF(dot_group); i++)
        if (pl == 2 && strncasecmp(lang, dot_group[i], 2) == 0)
            return (style){".", ",", strncasecmp(lang, "nl", 2) != 0, true};
    for (size_t i = 0; i < VT_COUNTOF(space_group); i++)
        if (pl == 2 && strncasecmp(lang, space_group[i], 2) == 0)
            return (style){NBSP, ",", true, true};
    /* en, zh, ja, ko and the rest: "€1,299.00", "CHF 1,299.00". */
    return (style){",", ".", false, alpha_symbol};
}

char *vt_money_format(vt_money m, const char *lang, char *out, size_t out_size) {
    if (!out || !out_size) return out;
    char code[5];
    code_of(&m, code);
    const currency *cur = find_currency(code);
    int digits = cur ? cur->digits : 2;
    const char *sym = cur ? cur->symbol : code;
    if (cur && cur->symbol_zh && lang && primary_len(lang) == 2 && strncasecmp(lang, "zh", 2) == 0)
        sym = cur->symbol_zh;
    bool alpha = sym[0] >= 'A' && sym[0] <= 'Z' && sym[strlen(sym) - 1] >= 'A' &&
                 sym[strlen(sym) - 1] <= 'Z';
    style st = style_for(lang, alpha);

    bool neg = m.minor < 0;
    uint64_t v = neg ? (uint64_t)0 - (uint64_t)m.minor : (uint64_t)m.minor;
    uint64_t p = (uint64_t)pow10i(digits);
    uint64_t major = v / p, minor = v % p;

    char digits_rev[32];
    size_t nd = 0;
    do {
        digits_rev[nd++] = (char)('0' + major % 10);
        major /= 10;
    } while (major && nd < sizeof digits_rev);
    char num[96];
    size_t o = 0;
    for (size_t i = 0; i < nd; i++) {
        size_t left = nd - i;
        num[o++] = digits_rev[left - 1];
        if (left > 1 && (left - 1) % 3 == 0) {
            size_t gl = strlen(st.group);
            memcpy(num + o, st.group, gl);
            o += gl;
        }
    }
    num[o] = '\0';
    char frac[192] = "";
    if (digits > 0)
        snprintf(frac, sizeof frac, "%s%0*llu", st.decimal, digits, (unsigned long long)minor);
    const char *sp = st.symbol_space ? NBSP : "";
    if (st.symbol_after)
        snprintf(out, out_size, "%s%s%s%s%s", neg ? "-" : "", num, frac, sp, sym);
    else
        snprintf(out, out_size, "%s%s%s%s%s", neg ? "-" : "", sym, sp, num, frac);
    return out;
}
