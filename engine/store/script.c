/* The shopper script: plain text, one action a line, '#' starts a comment. */
#include "core/internal.h"
#include "vitrine/core.h"
#include "vitrine/store.h"

#include <math.h>

#define VT_SCRIPT_FILE_MAX ((size_t)1 << 20)
#define VT_SCRIPT_LINE_MAX 1024
#define VT_SCRIPT_ACTIONS_MAX 100000
#define VT_SCRIPT_ARGS_MAX 4

typedef enum arg_kind { ARG_NONE, ARG_ID, ARG_LABEL, ARG_NAME, ARG_PATH, ARG_ON_OFF } arg_kind;

typedef struct action_spec {
    const char *word;
    vt_action_kind kind;
    arg_kind text;     /* the text argument, if any */
    uint32_t numbers;  /* numeric arguments after it */
    uint32_t optional; /* how many trailing numbers may be left out */
    double min, max;   /* range of the numbers */
    const char *usage;
} action_spec;

static const action_spec specs[] = {
    {"walk", VT_ACTION_WALK, ARG_NONE, 2, 0, -1000, 1000, "walk X Z"},
    {"look", VT_ACTION_LOOK, ARG_ID, 0, 0, 0, 0, "look ID"},
    {"click", VT_ACTION_CLICK, ARG_ID, 0, 0, 0, 0, "click ID"},
    {"variant", VT_ACTION_VARIANT, ARG_ID, 0, 0, 0, 0, "variant VID"},
    {"size", VT_ACTION_SIZE, ARG_LABEL, 0, 0, 0, 0, "size LABEL"}, /* LABEL may hold spaces */
    {"add", VT_ACTION_ADD, ARG_NONE, 1, 1, 1, 999, "add [QUANTITY]"},
    {"remove", VT_ACTION_REMOVE, ARG_ID, 0, 0, 0, 0, "remove ID"},
    {"cart", VT_ACTION_CART, ARG_NONE, 0, 0, 0, 0, "cart"},
    {"checkout", VT_ACTION_CHECKOUT, ARG_NONE, 0, 0, 0, 0, "checkout"},
    {"back", VT_ACTION_BACK, ARG_NONE, 0, 0, 0, 0, "back"},
    {"wait", VT_ACTION_WAIT, ARG_NONE, 1, 0, 0, 600, "wait SECONDS"},
    {"shot", VT_ACTION_SHOT, ARG_NAME, 0, 0, 0, 0, "shot NAME"},
    {"turn", VT_ACTION_TURN, ARG_NONE, 1, 0, -3600, 3600, "turn DEGREES"},
    {"point", VT_ACTION_POINT, ARG_NONE, 2, 0, 0, 100000, "point X Y"},
    {"tap", VT_ACTION_TAP, ARG_NONE, 2, 0, 0, 100000, "tap X Y"},
    {"load", VT_ACTION_LOAD, ARG_NONE, 0, 0, 0, 0, "load"},
    {"tryon", VT_ACTION_TRYON, ARG_ID, 0, 0, 0, 0, "tryon ID"},
    {"body", VT_ACTION_BODY, ARG_PATH, 0, 0, 0, 0, "body PRESET|PATH"},
    {"fitmap", VT_ACTION_FITMAP, ARG_ON_OFF, 0, 0, 0, 0, "fitmap on|off"},
};

static bool parse_number(const char *s, double *out) {
    /* strtod alone would take "nan", "inf" and hex */
    for (const char *p = s; *p; p++)
        if (!strchr("0123456789+-.eE", *p)) return false;
    char *end;
    double d = strtod(s, &end);
    if (end == s || *end || !isfinite(d)) return false;
    *out = d;
    return true;
}

static bool id_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n >= VT_STORE_ID_MAX) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* A screenshot name becomes DIR/NAME.png: no directories, no "..". */
static bool name_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n > 100 || s[0] == '.' || strstr(s, "..")) return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
              *s == '.' || *s == '_' || *s == '-'))
            return false;
    return true;
}

/* A body: a preset name or a file path of printable bytes (no spaces). */
static bool path_ok(const char *s) {
    size_t n = strlen(s);
    if (n == 0 || n >= 128) return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x21 || *s == 0x7F) return false;
    return true;
}

/* A script's word as an error message shows it: at most max bytes, control
   bytes (and with ascii, every byte above 0x7E) as \xNN, so a hostile line
   cannot send escape sequences to a terminal. */
static const char *shown(const char *t, size_t max, bool ascii, char *buf, size_t size) {
    size_t o = 0;
    for (size_t i = 0; t[i] && i < max && o + 5 < size; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0x20 || c == 0x7F || (ascii && c > 0x7E))
            o += (size_t)snprintf(buf + o, size - o, "\\x%02X", c);
        else
            buf[o++] = (char)c;
    }
    buf[o] = '\0';
    return buf;
}

static vt_result parse_line(const char *name, uint32_t line_no, char *line, vt_action *a,
                            bool *empty) {
    char *hash = strchr(line, '#');
    if (hash) *hash = '\0';
    char *tok[VT_SCRIPT_ARGS_MAX + 2];
    uint32_t n = 0;
    for (char *p = line; *p;) {
        while (*p == ' ' || *p == '\t' || *p == '\r') *p++ = '\0';
        if (!*p) break;
        if (n == VT_COUNTOF(tok))
            return vt__fail(VT_ERR_PARSE, "%s:%u: too many arguments", name, line_no);
        tok[n++] = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r') p++;
    }
    *empty = n == 0;
    if (!n) return VT_OK;
    const action_spec *sp = NULL;
    for (size_t i = 0; i < VT_COUNTOF(specs); i++)
        if (strcmp(tok[0], specs[i].word) == 0) sp = &specs[i];
    char show[256];
    if (!sp)
        return vt__fail(VT_ERR_PARSE, "%s:%u: unknown action '%s'", name, line_no,
                        shown(tok[0], 40, true, show, sizeof show));
    /* "wait drape": until the fitting room's drape is done (not a time) */
    if (sp->kind == VT_ACTION_WAIT && n == 2 && !strcmp(tok[1], "drape")) {
        memset(a, 0, sizeof *a);
        a->kind = VT_ACTION_WAIT_DRAPE;
        a->line = line_no;
        return VT_OK;
    }
    /* a size label may hold spaces ("EU 42"): the rest of the line, spaces collapsed */
    char label[VT_SCRIPT_LINE_MAX];
    if (sp->text == ARG_LABEL && n > 2) {
        size_t o = 0;
        for (uint32_t k = 1; k < n; k++) {
            int w = snprintf(label + o, sizeof label - o, "%s%s", k > 1 ? " " : "", tok[k]);
            if (w < 0 || (size_t)w >= sizeof label - o) break;
            o += (size_t)w;
        }
        tok[1] = label;
        n = 2;
    }
    uint32_t want_max = (sp->text != ARG_NONE) + sp->numbers;
    uint32_t want_min = want_max - sp->optional;
    uint32_t got = n - 1;
    if (got < want_min || got > want_max) {
        if (want_max == 0)
            return vt__fail(VT_ERR_PARSE, "%s:%u: %s takes no argument, got %u", name, line_no,
                            sp->word, got);
        return vt__fail(VT_ERR_PARSE, "%s:%u: %s: %s argument%s (usage: %s)", name, line_no,
                        sp->word, got < want_min ? "missing" : "extra",
                        (got < want_min ? want_min - got : got - want_max) == 1 ? "" : "s",
                        sp->usage);
    }
    memset(a, 0, sizeof *a);
    a->kind = sp->kind;
    a->line = line_no;
    uint32_t k = 1;
    if (sp->text != ARG_NONE) {
        const char *t = tok[k++];
        bool ok = sp->text == ARG_ID       ? id_ok(t)
                  : sp->text == ARG_NAME   ? name_ok(t)
                  : sp->text == ARG_PATH   ? path_ok(t)
                  : sp->text == ARG_ON_OFF ? !strcmp(t, "on") || !strcmp(t, "off")
                                           : strlen(t) <= 15;
        if (!ok) {
            if (sp->text == ARG_ON_OFF)
                return vt__fail(VT_ERR_PARSE, "%s:%u: %s: '%s' is not on or off", name, line_no,
                                sp->word, shown(t, 40, true, show, sizeof show));
            if (sp->text == ARG_PATH)
                return vt__fail(VT_ERR_PARSE, "%s:%u: %s: '%s' is not a preset or a file path",
                                name, line_no, sp->word, shown(t, 60, true, show, sizeof show));
            if (sp->text == ARG_NAME)
                return vt__fail(VT_ERR_PARSE,
                                "%s:%u: shot name '%s' must be a plain file name (letters, "
                                "digits, '.', '_', '-'; no '/', no '..')",
                                name, line_no, shown(t, 60, true, show, sizeof show));
            if (sp->text == ARG_ID)
                return vt__fail(VT_ERR_PARSE, "%s:%u: %s: '%s' is not an id", name, line_no,
                                sp->word, shown(t, 60, true, show, sizeof show));
            return vt__fail(VT_ERR_PARSE, "%s:%u: %s: label '%s' is longer than 15 bytes", name,
                            line_no, sp->word, shown(t, 60, false, show, sizeof show));
        }
        snprintf(a->arg, sizeof a->arg, "%s", t);
    }
    float nums[2] = {1, 0}; /* add's default quantity */
    for (uint32_t i = 0; k < n; i++, k++) {
        double d;
        if (!parse_number(tok[k], &d))
            return vt__fail(VT_ERR_PARSE, "%s:%u: %s: '%s' is not a number", name, line_no,
                            sp->word, shown(tok[k], 40, true, show, sizeof show));
        if (d < sp->min || d > sp->max)
            return vt__fail(VT_ERR_PARSE, "%s:%u: %s: %g is out of range [%g, %g]", name, line_no,
                            sp->word, d, sp->min, sp->max);
        if (sp->kind == VT_ACTION_ADD && d != floor(d))
            return vt__fail(VT_ERR_PARSE, "%s:%u: add: quantity %g is not a whole number", name,
                            line_no, d);
        nums[i] = (float)d;
    }
    if (sp->numbers) {
        a->x = nums[0];
        a->y = nums[1];
    }
    return VT_OK;
}

vt_result vt_script_parse(const char *name, const char *text, vt_script **out) {
    VT_ASSERT(name && text && out);
    *out = NULL;
    vt_script *s = calloc(1, sizeof *s);
    if (!s) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", name);
    snprintf(s->path, sizeof s->path, "%s", name);
    uint32_t cap = 0;
    vt_result r = VT_OK;
    char line[VT_SCRIPT_LINE_MAX + 1];
    uint32_t line_no = 0;
    for (const char *p = text; *p && r == VT_OK;) {
        const char *end = strchr(p, '\n');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        line_no++;
        if (len > VT_SCRIPT_LINE_MAX) {
            r = vt__fail(VT_ERR_LIMIT, "%s:%u: line longer than %d bytes", name, line_no,
                         VT_SCRIPT_LINE_MAX);
            break;
        }
        memcpy(line, p, len);
        line[len] = '\0';
        p = end ? end + 1 : p + len;
        vt_action a;
        bool empty = false;
        r = parse_line(name, line_no, line, &a, &empty);
        if (r != VT_OK || empty) continue;
        if (s->action_count >= VT_SCRIPT_ACTIONS_MAX) {
            r = vt__fail(VT_ERR_LIMIT, "%s:%u: more than %d actions", name, line_no,
                         VT_SCRIPT_ACTIONS_MAX);
        } else if (!vt__grow((void **)&s->actions, &cap, (uint64_t)s->action_count + 1,
                             sizeof *s->actions, 16)) {
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", name);
        } else {
            s->actions[s->action_count++] = a;
        }
    }
    if (r != VT_OK) {
        vt_script_free(s);
        return r;
    }
    *out = s;
    return VT_OK;
}

vt_result vt_script_load(const char *path, vt_script **out) {
    VT_ASSERT(path && out);
    *out = NULL;
    void *data = NULL;
    size_t size = 0;
    vt_result r = vt_file_read(path, VT_SCRIPT_FILE_MAX, &data, &size);
    if (r != VT_OK) return r;
    if (memchr(data, '\0', size)) {
        free(data);
        return vt__fail(VT_ERR_PARSE, "%s: a NUL byte in a text file", path);
    }
    r = vt_script_parse(path, data, out);
    free(data);
    return r;
}

void vt_script_free(vt_script *s) {
    if (!s) return;
    free(s->actions);
    free(s);
}
