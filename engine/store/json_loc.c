/* Locating values in JSON text along a path (see json_loc.h). */
#include "store/json_loc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct scanner {
    const char *s;
    size_t n, i;
} scanner;

static void skip_ws(scanner *sc) {
    while (sc->i < sc->n) {
        char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        sc->i++;
    }
}

/* Past a string starting at '"'. */
static void skip_string(scanner *sc) {
    sc->i++;
    while (sc->i < sc->n) {
        char c = sc->s[sc->i++];
        if (c == '\\') {
            if (sc->i < sc->n) sc->i++;
        } else if (c == '"') {
            return;
        }
    }
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static size_t put_utf8(char *out, size_t o, size_t cap, uint32_t cp) {
    char b[4];
    size_t k;
    if (cp < 0x80) {
        b[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xC0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    for (size_t j = 0; j < k; j++)
        if (o + j < cap) out[o + j] = b[j];
    return o + k;
}

/* Reads a string at '"', decoding escapes into out (cap bytes); returns the
   decoded length (which may exceed cap: then the key cannot match). */
static size_t read_key(scanner *sc, char *out, size_t cap) {
    size_t o = 0;
    sc->i++;
    while (sc->i < sc->n) {
        char c = sc->s[sc->i++];
        if (c == '"') break;
        if (c != '\\') {
            if (o < cap) out[o] = c;
            o++;
            continue;
        }
        if (sc->i >= sc->n) break;
        char e = sc->s[sc->i++];
        uint32_t cp = (unsigned char)e;
        switch (e) {
        case 'n':
            cp = '\n';
            break;
        case 't':
            cp = '\t';
            break;
        case 'r':
            cp = '\r';
            break;
        case 'b':
            cp = '\b';
            break;
        case 'f':
            cp = '\f';
            break;
        case 'u': {
            cp = 0;
            for (int k = 0; k < 4 && sc->i < sc->n; k++) {
                int h = hexval(sc->s[sc->i++]);
                cp = cp * 16 + (uint32_t)(h < 0 ? 0 : h);
            }
            if (cp >= 0xD800 && cp < 0xDC00 && sc->i + 6 <= sc->n && sc->s[sc->i] == '\\' &&
                sc->s[sc->i + 1] == 'u') {
                uint32_t lo = 0;
                for (int k = 0; k < 4; k++) {
                    int h = hexval(sc->s[sc->i + 2 + (size_t)k]);
                    lo = lo * 16 + (uint32_t)(h < 0 ? 0 : h);
                }
                if (lo >= 0xDC00 && lo < 0xE000) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    sc->i += 6;
                }
            }
            break;
        }
        default:
            break;
        }
        o = put_utf8(out, o, cap, cp);
    }
    return o;
}

/* Past any value; containers are skipped by counting brackets, not recursing. */
static void skip_value(scanner *sc) {
    skip_ws(sc);
    if (sc->i >= sc->n) return;
    char c = sc->s[sc->i];
    if (c == '"') {
        skip_string(sc);
        return;
    }
    if (c == '{' || c == '[') {
        size_t depth = 0;
        while (sc->i < sc->n) {
            char d = sc->s[sc->i];
            if (d == '"') {
                skip_string(sc);
                continue;
            }
            sc->i++;
            if (d == '{' || d == '[')
                depth++;
            else if (d == '}' || d == ']') {
                if (--depth == 0) return;
            }
        }
        return;
    }
    while (sc->i < sc->n) {
        c = sc->s[sc->i];
        if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\t' || c == '\n' || c == '\r')
            return;
        sc->i++;
    }
}

/* At a value inside a container: moves to the member's value; false if absent. */
static bool enter(scanner *sc, const vt__json_step *st) {
    skip_ws(sc);
    if (sc->i >= sc->n) return false;
    if (st->key) {
        if (sc->s[sc->i] != '{') return false;
        sc->i++;
        size_t klen = strlen(st->key);
        char buf[256];
        size_t at_found = (size_t)-1;
        for (;;) {
            skip_ws(sc);
            if (sc->i >= sc->n || sc->s[sc->i] != '"') break;
            size_t kl = read_key(sc, buf, sizeof buf);
            skip_ws(sc);
            if (sc->i < sc->n && sc->s[sc->i] == ':') sc->i++;
            skip_ws(sc);
            /* The first occurrence: duplicates are refused before we get here. */
            if (at_found == (size_t)-1 && kl == klen && kl <= sizeof buf &&
                memcmp(buf, st->key, kl) == 0)
                at_found = sc->i;
            if (at_found != (size_t)-1) break;
            skip_value(sc);
            skip_ws(sc);
            if (sc->i < sc->n && sc->s[sc->i] == ',') {
                sc->i++;
                continue;
            }
            break;
        }
        if (at_found == (size_t)-1) return false;
        sc->i = at_found;
        return true;
    }
    if (sc->s[sc->i] != '[') return false;
    sc->i++;
    for (uint32_t k = 0;; k++) {
        skip_ws(sc);
        if (sc->i >= sc->n || sc->s[sc->i] == ']') return false;
        if (k == st->index) return true;
        skip_value(sc);
        skip_ws(sc);
        if (sc->i < sc->n && sc->s[sc->i] == ',')
            sc->i++;
        else
            return false;
    }
}

void vt__json_line_col(const char *text, size_t len, size_t offset, uint32_t *line,
                       uint32_t *column) {
    uint32_t l = 1, c = 1;
    if (offset > len) offset = len;
    for (size_t i = 0; i < offset; i++) {
        unsigned char b = (unsigned char)text[i];
        if (b == '\n') {
            l++;
            c = 1;
        } else if ((b & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *column = c;
}

size_t vt__json_walk(const char *text, size_t len, size_t start, const vt__json_step *steps,
                     uint32_t count, uint32_t *found) {
    scanner sc = {text, len, start};
    skip_ws(&sc);
    size_t offset = sc.i;
    *found = 0;
    for (uint32_t k = 0; k < count; k++) {
        scanner probe = sc;
        if (!enter(&probe, &steps[k])) break;
        sc = probe;
        offset = sc.i;
        *found = k + 1;
    }
    return offset;
}

size_t vt__json_next_element(const char *text, size_t len, size_t offset) {
    scanner sc = {text, len, offset};
    skip_value(&sc);
    skip_ws(&sc);
    if (sc.i >= sc.n || sc.s[sc.i] != ',') return (size_t)-1;
    sc.i++;
    skip_ws(&sc);
    return sc.i < sc.n ? sc.i : (size_t)-1;
}

vt__json_loc vt__json_locate(const char *text, size_t len, const vt__json_step *steps,
                             uint32_t count) {
    vt__json_loc loc = {0};
    loc.offset = vt__json_walk(text, len, 0, steps, count, &loc.found);
    loc.complete = loc.found == count;
    vt__json_line_col(text, len, loc.offset, &loc.line, &loc.column);
    return loc;
}

vt__json_loc vt__json_locate_path(const char *text, size_t len, const char *path) {
    vt__json_step steps[VT_JSON_PATH_MAX];
    char keys[VT_JSON_PATH_MAX][128];
    uint32_t n = 0;
    const char *p = path;
    while (*p && n < VT_JSON_PATH_MAX) {
        if (*p == '.') {
            p++;
            continue;
        }
        if (p[0] == '[' && p[1] == '"') {
            p += 2;
            size_t k = 0;
            while (*p && *p != '"') {
                if (*p == '\\' && p[1]) p++;
                if (k + 1 < sizeof keys[n]) keys[n][k++] = *p;
                p++;
            }
            keys[n][k] = '\0';
            if (*p == '"') p++;
            if (*p == ']') p++;
            steps[n] = (vt__json_step){keys[n], 0};
            n++;
        } else if (*p == '[') {
            p++;
            uint32_t v = 0;
            while (*p >= '0' && *p <= '9') {
                if (v < 100000000u) v = v * 10 + (uint32_t)(*p - '0');
                p++;
            }
            if (*p == ']') p++;
            steps[n++] = (vt__json_step){NULL, v};
        } else {
            size_t k = 0;
            while (*p && *p != '.' && *p != '[') {
                if (k + 1 < sizeof keys[n]) keys[n][k++] = *p;
                p++;
            }
            keys[n][k] = '\0';
            steps[n] = (vt__json_step){keys[n], 0};
            n++;
        }
    }
    return vt__json_locate(text, len, steps, n);
}

static bool plain_key(const char *k) {
    if (!*k) return false;
    for (const char *p = k; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '*'))
            return false;
    }
    return true;
}

char *vt__json_path_format(const vt__json_step *steps, uint32_t count, char *out, size_t size) {
    size_t o = 0;
    if (size) out[0] = '\0';
    for (uint32_t k = 0; k < count && o < size; k++) {
        int w;
        if (!steps[k].key)
            w = snprintf(out + o, size - o, "[%u]", steps[k].index);
        else if (plain_key(steps[k].key))
            w = snprintf(out + o, size - o, "%s%s", o ? "." : "", steps[k].key);
        else
            w = snprintf(out + o, size - o, "[\"%.60s\"]", steps[k].key);
        if (w < 0) break;
        o += (size_t)w;
    }
    return out;
}

vt__json_scan_result vt__json_prescan(const char *text, size_t len, uint32_t max_depth,
                                      uint64_t max_values, size_t *offset) {
    scanner sc = {text, len, 0};
    uint32_t depth = 0;
    uint64_t values = 1;
    while (sc.i < sc.n) {
        char c = sc.s[sc.i];
        if (c == '"') {
            skip_string(&sc);
            continue;
        }
        if (c == '{' || c == '[') {
            if (++depth > max_depth) {
                *offset = sc.i;
                return VT_JSON_SCAN_TOO_DEEP;
            }
        } else if (c == '}' || c == ']') {
            if (depth) depth--;
        } else if (c == ',') {
            if (++values > max_values) {
                *offset = sc.i;
                return VT_JSON_SCAN_TOO_MANY;
            }
        }
        sc.i++;
    }
    return VT_JSON_SCAN_OK;
}
