/* garment.json: kind, size chart, intended ease and fabric, checked field by
   field so a hostile file gets one line naming the JSON path and the cause. */
#include "core/internal.h"
#include "vitrine/fit.h"

#include <fcntl.h>
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_FILE_BYTES (1u << 20)

static const char *const kind_names[VT_GARMENT_KIND_COUNT] = {
    "none", "tshirt", "long_sleeve_shirt", "dress", "skirt", "trousers"};
static const char *const region_names[VT_REGION_COUNT] = {"chest",  "waist",         "hip",
                                                          "length", "sleeve_length", "inseam"};
/* Accepted garment measurements, cm. */
static const float region_lo[VT_REGION_COUNT] = {50, 40, 50, 20, 5, 20};
static const float region_hi[VT_REGION_COUNT] = {250, 250, 260, 180, 100, 120};

/* Per kind and region: 'R' required, 'o' optional, '-' not allowed; upper
   case or '*' marks a scored region (see fit.h). */
typedef struct rule {
    char use;    /* 'R', 'o', '-' */
    bool scored; /* when present */
} rule;
static const rule rules[VT_GARMENT_KIND_COUNT][VT_REGION_COUNT] = {
    [VT_GARMENT_TSHIRT] = {{'R', 1}, {'o', 1}, {'o', 1}, {'R', 0}, {'R', 0}, {'-', 0}},
    [VT_GARMENT_LONG_SLEEVE_SHIRT] = {{'R', 1}, {'o', 1}, {'o', 1}, {'R', 0}, {'R', 1}, {'-', 0}},
    [VT_GARMENT_DRESS] = {{'R', 1}, {'R', 1}, {'R', 1}, {'R', 0}, {'o', 0}, {'-', 0}},
    [VT_GARMENT_SKIRT] = {{'-', 0}, {'R', 1}, {'R', 1}, {'R', 0}, {'-', 0}, {'-', 0}},
    [VT_GARMENT_TROUSERS] = {{'-', 0}, {'R', 1}, {'R', 1}, {'o', 0}, {'-', 0}, {'R', 1}},
};

/* Fabric presets. Stiffnesses are representative mid-range KES-F figures
   (Kawabata Evaluation System; S. Kawabata and M. Niwa, "Fabric performance
   in clothing and clothing manufacture", J. Textile Inst. 80(1), 1989;
   ranges for knits, denim and silk as tabulated in B. K. Behera and P. K.
   Hari, "Woven textile structure", Woodhead 2010, ch. 14, and L. Hunter,
   "Mechanical properties of knitted fabrics", in Hu (ed.), "Fabric
   testing", Woodhead 2008), converted to SI:
     bending  B  1 gf*cm^2/cm = 9.81 uN*m
     shear    G  1 gf/(cm*deg) = 56.2 N/m per radian
     stretch     500 gf/cm (490 N/m, the KES-F tensile limit) over EMT
                 (strain at that load): woven ~3-5 %, jersey ~25-40 %.
   Weights are typical catalogue weights: jersey tee 150-180 g/m^2, poplin
   shirting 110-130, 12 oz/yd^2 denim = 407, 19 momme charmeuse = 19 x
   4.306 = 82, cotton-elastane single jersey 200-240. Friction against skin
   0.3-0.6 for cotton, lower for silk (S. Derler and L.-C. Gerhardt,
   "Tribology of skin", Tribology Letters 45, 2012). Comfortable stretch:
   the elongation a wearer does not feel as restraint, after the 2-4 %
   rigid-woven and 15-40 % knit figures used for ease allowances in
   W. Aldrich, "Metric pattern cutting" (knit patterns: "reduce by the
   stretch factor"). Rounded: a drape needs the right order, not a lab. */
static const vt_fabric presets[] = {
    /*  name            stretch  shear  bending weight friction comfort */
    {"cotton_jersey", 1500, 20, 5, 170, 0.45f, 20}, {"woven_cotton", 12000, 60, 10, 120, 0.40f, 3},
    {"denim", 20000, 250, 100, 407, 0.50f, 2},      {"silk", 8000, 15, 2, 82, 0.25f, 3},
    {"knit_elastane", 800, 10, 4, 220, 0.55f, 40},
};

typedef struct fabric_field {
    const char *name;
    size_t offset;
    float lo, hi;
} fabric_field;
#define FF(n, lo, hi)                                                                              \
    { #n, offsetof(vt_fabric, n), lo, hi }
static const fabric_field fabric_fields[] = {
    FF(stretch, 1, 1e6f), FF(shear, 0.01f, 1e5f), FF(bending, 0.01f, 1e5f),
    FF(weight, 10, 1500), FF(friction, 0, 2),     FF(comfort_stretch, 0, 200),
};
#undef FF

const char *vt_garment_kind_name(vt_garment_kind kind) {
    return (unsigned)kind < VT_GARMENT_KIND_COUNT ? kind_names[kind] : "none";
}

const char *vt_fit_region_name(vt_fit_region region) {
    return (unsigned)region < VT_REGION_COUNT ? region_names[region] : "?";
}

vt_result vt_fabric_preset(const char *name, vt_fabric *out) {
    VT_ASSERT(name && out);
    for (size_t i = 0; i < VT_COUNTOF(presets); i++)
        if (!strcmp(name, presets[i].name)) {
            *out = presets[i];
            return VT_OK;
        }
    return vt__fail(VT_ERR_INVALID,
                    "fabric: unknown preset \"%.40s\" (cotton_jersey, woven_cotton, denim, silk or "
                    "knit_elastane)",
                    name);
}

int32_t vt_garment_find_size(const vt_garment_spec *spec, const char *name) {
    VT_ASSERT(spec && name);
    for (uint32_t i = 0; i < spec->size_count; i++)
        if (!strcasecmp(spec->sizes[i].name, name)) return (int32_t)i;
    return -1;
}

static int find_region(const char *key) {
    for (int r = 0; r < VT_REGION_COUNT; r++)
        if (!strcmp(key, region_names[r])) return r;
    return -1;
}

/* The file is read once and every check below reports through `path`. */
typedef struct ctx {
    const char *path;
    vt_garment_spec *g;
} ctx;

static vt_result load_fabric(const ctx *c, const json_t *v) {
    vt_fabric *f = &c->g->fabric;
    if (json_is_string(v)) {
        if (vt_fabric_preset(json_string_value(v), f) != VT_OK)
            return vt__fail(VT_ERR_INVALID,
                            "%s: $.fabric: unknown fabric \"%.40s\" (cotton_jersey, woven_cotton, "
                            "denim, silk or knit_elastane)",
                            c->path, json_string_value(v));
        return VT_OK;
    }
    if (!json_is_object(v))
        return vt__fail(VT_ERR_PARSE, "%s: $.fabric: expected a preset name or an object, found %s",
                        c->path, vt__json_type_name(v));
    const json_t *p = json_object_get(v, "preset");
    bool have[VT_COUNTOF(fabric_fields)] = {0};
    if (p) {
        if (!json_is_string(p))
            return vt__fail(VT_ERR_PARSE, "%s: $.fabric.preset: expected a string, found %s",
                            c->path, vt__json_type_name(p));
        if (vt_fabric_preset(json_string_value(p), f) != VT_OK)
            return vt__fail(VT_ERR_INVALID,
                            "%s: $.fabric.preset: unknown fabric \"%.40s\" (cotton_jersey, "
                            "woven_cotton, denim, silk or knit_elastane)",
                            c->path, json_string_value(p));
    } else {
        memset(f, 0, sizeof *f);
        snprintf(f->name, sizeof f->name, "custom");
    }
    const char *key;
    json_t *m;
    json_object_foreach((json_t *)v, key, m) {
        if (!strcmp(key, "preset")) continue;
        size_t i = 0;
        while (i < VT_COUNTOF(fabric_fields) && strcmp(key, fabric_fields[i].name)) i++;
        if (i == VT_COUNTOF(fabric_fields))
            return vt__fail(VT_ERR_PARSE, "%s: $.fabric.%.60s: unknown member", c->path, key);
        const fabric_field *ff = &fabric_fields[i];
        if (!json_is_number(m))
            return vt__fail(VT_ERR_PARSE, "%s: $.fabric.%s: expected a number, found %s", c->path,
                            ff->name, vt__json_type_name(m));
        double d = json_number_value(m);
        if (!(d >= ff->lo && d <= ff->hi))
            return vt__fail(VT_ERR_INVALID, "%s: $.fabric.%s: %g is outside %g..%g", c->path,
                            ff->name, d, (double)ff->lo, (double)ff->hi);
        *(float *)(void *)((char *)f + ff->offset) = (float)d;
        have[i] = true;
    }
    if (!p)
        for (size_t i = 0; i < VT_COUNTOF(fabric_fields); i++)
            if (!have[i])
                return vt__fail(VT_ERR_PARSE,
                                "%s: $.fabric.%s: missing (required without a preset)", c->path,
                                fabric_fields[i].name);
    return VT_OK;
}

static vt_result load_size(const ctx *c, const json_t *v, uint32_t i) {
    vt_garment_size *s = &c->g->sizes[i];
    vt_garment_kind k = c->g->kind;
    if (!json_is_object(v))
        return vt__fail(VT_ERR_PARSE, "%s: $.sizes[%u]: expected an object, found %s", c->path, i,
                        vt__json_type_name(v));
    bool named = false;
    const char *key;
    json_t *m;
    json_object_foreach((json_t *)v, key, m) {
        if (!strcmp(key, "size")) {
            const char *n = json_string_value(m);
            if (!n)
                return vt__fail(VT_ERR_PARSE, "%s: $.sizes[%u].size: expected a string, found %s",
                                c->path, i, vt__json_type_name(m));
            size_t len = strlen(n);
            if (len == 0 || len >= sizeof s->name)
                return vt__fail(VT_ERR_INVALID,
                                "%s: $.sizes[%u].size: a size name has 1..%zu characters", c->path,
                                i, sizeof s->name - 1);
            for (size_t q = 0; q < len; q++)
                if ((unsigned char)n[q] < 0x20 || n[q] == '"' || n[q] == '\\')
                    return vt__fail(VT_ERR_INVALID,
                                    "%s: $.sizes[%u].size: control character, quote or backslash "
                                    "in a size name",
                                    c->path, i);
            memcpy(s->name, n, len + 1);
            named = true;
            continue;
        }
        int r = find_region(key);
        if (r < 0)
            return vt__fail(VT_ERR_PARSE, "%s: $.sizes[%u].%.60s: unknown member", c->path, i, key);
        if (rules[k][r].use == '-')
            return vt__fail(VT_ERR_INVALID, "%s: $.sizes[%u].%s: a %s has no %s", c->path, i, key,
                            kind_names[k], key);
        if (!json_is_number(m))
            return vt__fail(VT_ERR_PARSE, "%s: $.sizes[%u].%s: expected a number (cm), found %s",
                            c->path, i, key, vt__json_type_name(m));
        double d = json_number_value(m);
        if (!(d >= region_lo[r] && d <= region_hi[r]))
            return vt__fail(VT_ERR_INVALID, "%s: $.sizes[%u].%s: %g cm is outside %g..%g cm",
                            c->path, i, key, d, (double)region_lo[r], (double)region_hi[r]);
        s->cm[r] = (float)d;
    }
    if (!named)
        return vt__fail(VT_ERR_PARSE, "%s: $.sizes[%u].size: missing (the size's name)", c->path,
                        i);
    for (uint32_t j = 0; j < i; j++)
        if (!strcasecmp(c->g->sizes[j].name, s->name))
            return vt__fail(VT_ERR_INVALID, "%s: $.sizes[%u].size: \"%s\" repeats $.sizes[%u]",
                            c->path, i, s->name, j);
    for (int r = 0; r < VT_REGION_COUNT; r++) {
        bool here = s->cm[r] > 0;
        if (rules[k][r].use == 'R' && !here)
            return vt__fail(VT_ERR_INVALID, "%s: $.sizes[%u].%s: missing (a %s's chart needs it)",
                            c->path, i, region_names[r], kind_names[k]);
        /* The first size decides which optional regions the chart has. */
        if (i == 0) c->g->in_chart[r] = here;
        if (i > 0 && here != c->g->in_chart[r])
            return vt__fail(VT_ERR_INVALID,
                            "%s: $.sizes[%u].%s: %s (every size needs the same regions)", c->path,
                            i, region_names[r],
                            here ? "not in $.sizes[0]" : "missing, but in $.sizes[0]");
        if (i > 0 && here && r != VT_REGION_LENGTH && r != VT_REGION_SLEEVE &&
            r != VT_REGION_INSEAM && s->cm[r] < c->g->sizes[i - 1].cm[r])
            return vt__fail(VT_ERR_INVALID,
                            "%s: $.sizes[%u].%s: %g cm is smaller than size %s's %g cm (sizes go "
                            "from smallest to largest)",
                            c->path, i, region_names[r], (double)s->cm[r], c->g->sizes[i - 1].name,
                            (double)c->g->sizes[i - 1].cm[r]);
    }
    return VT_OK;
}

static vt_result load_ease(const ctx *c, const json_t *v) {
    vt_garment_spec *g = c->g;
    if (!json_is_object(v))
        return vt__fail(VT_ERR_PARSE, "%s: $.ease: expected an object, found %s", c->path,
                        vt__json_type_name(v));
    bool have[VT_REGION_COUNT] = {0};
    const char *key;
    json_t *m;
    json_object_foreach((json_t *)v, key, m) {
        int r = find_region(key);
        if (r < 0) return vt__fail(VT_ERR_PARSE, "%s: $.ease.%.60s: unknown member", c->path, key);
        if (!g->scored[r])
            return vt__fail(VT_ERR_INVALID, "%s: $.ease.%s: %s is not scored for a %s%s", c->path,
                            key, key, kind_names[g->kind],
                            g->in_chart[r] || r == VT_REGION_LENGTH || r == VT_REGION_SLEEVE
                                ? ""
                                : " without it in the chart");
        if (!json_is_array(m) || json_array_size(m) != 2)
            return vt__fail(VT_ERR_PARSE, "%s: $.ease.%s: expected [min, max] in cm, found %s",
                            c->path, key,
                            json_is_array(m) ? "another array length" : vt__json_type_name(m));
        for (size_t q = 0; q < 2; q++) {
            const json_t *e = json_array_get(m, q);
            if (!json_is_number(e))
                return vt__fail(VT_ERR_PARSE,
                                "%s: $.ease.%s[%zu]: expected a number (cm), found %s", c->path,
                                key, q, vt__json_type_name(e));
            double d = json_number_value(e);
            if (!(d >= -30 && d <= 60))
                return vt__fail(VT_ERR_INVALID, "%s: $.ease.%s[%zu]: %g cm is outside -30..60 cm",
                                c->path, key, q, d);
            g->ease[r][q] = (float)d;
        }
        if (g->ease[r][0] > g->ease[r][1])
            return vt__fail(VT_ERR_INVALID, "%s: $.ease.%s: upside down: min %g cm > max %g cm",
                            c->path, key, (double)g->ease[r][0], (double)g->ease[r][1]);
        have[r] = true;
    }
    for (int r = 0; r < VT_REGION_COUNT; r++)
        if (g->scored[r] && !have[r])
            return vt__fail(VT_ERR_PARSE, "%s: $.ease.%s: missing (a [min, max] range, cm)",
                            c->path, region_names[r]);
    return VT_OK;
}

static vt_result load_root(const ctx *c, const json_t *root) {
    vt_garment_spec *g = c->g;
    if (!json_is_object(root))
        return vt__fail(VT_ERR_PARSE, "%s: $: expected an object, found %s", c->path,
                        vt__json_type_name(root));
    const char *key;
    json_t *v;
    json_object_foreach((json_t *)root, key, v) {
        if (strcmp(key, "name") && strcmp(key, "kind") && strcmp(key, "sizes") &&
            strcmp(key, "ease") && strcmp(key, "fabric"))
            return vt__fail(VT_ERR_PARSE, "%s: $.%.60s: unknown member", c->path, key);
    }
    const json_t *name = json_object_get(root, "name");
    if (name) {
        if (!json_is_string(name))
            return vt__fail(VT_ERR_PARSE, "%s: $.name: expected a string, found %s", c->path,
                            vt__json_type_name(name));
        snprintf(g->name, sizeof g->name, "%s", json_string_value(name));
    }
    const json_t *kind = json_object_get(root, "kind");
    if (!kind)
        return vt__fail(VT_ERR_PARSE,
                        "%s: $.kind: missing (tshirt, long_sleeve_shirt, dress, skirt or trousers)",
                        c->path);
    if (!json_is_string(kind))
        return vt__fail(VT_ERR_PARSE, "%s: $.kind: expected a string, found %s", c->path,
                        vt__json_type_name(kind));
    for (int k = 1; k < VT_GARMENT_KIND_COUNT; k++)
        if (!strcmp(json_string_value(kind), kind_names[k])) g->kind = (vt_garment_kind)k;
    if (g->kind == VT_GARMENT_NONE)
        return vt__fail(VT_ERR_INVALID,
                        "%s: $.kind: unknown kind \"%.40s\" (tshirt, long_sleeve_shirt, dress, "
                        "skirt or trousers)",
                        c->path, json_string_value(kind));
    const json_t *sizes = json_object_get(root, "sizes");
    if (!sizes) return vt__fail(VT_ERR_PARSE, "%s: $.sizes: missing (the size chart)", c->path);
    if (!json_is_array(sizes))
        return vt__fail(VT_ERR_PARSE, "%s: $.sizes: expected an array, found %s", c->path,
                        vt__json_type_name(sizes));
    size_t n = json_array_size(sizes);
    if (n == 0) return vt__fail(VT_ERR_INVALID, "%s: $.sizes: empty size list", c->path);
    if (n > VT_GARMENT_MAX_SIZES)
        return vt__fail(VT_ERR_LIMIT, "%s: $.sizes: %zu sizes, at most %d", c->path, n,
                        VT_GARMENT_MAX_SIZES);
    for (uint32_t i = 0; i < n; i++) {
        vt_result r = load_size(c, json_array_get(sizes, i), i);
        if (r != VT_OK) return r;
    }
    g->size_count = (uint32_t)n;
    for (int r = 0; r < VT_REGION_COUNT; r++)
        g->scored[r] = g->in_chart[r] && rules[g->kind][r].scored;
    const json_t *ease = json_object_get(root, "ease");
    if (!ease)
        return vt__fail(VT_ERR_PARSE, "%s: $.ease: missing (intended ease per region)", c->path);
    vt_result r = load_ease(c, ease);
    if (r != VT_OK) return r;
    const json_t *fabric = json_object_get(root, "fabric");
    if (!fabric)
        return vt__fail(VT_ERR_PARSE, "%s: $.fabric: missing (a preset name or an object)",
                        c->path);
    return load_fabric(c, fabric);
}

vt_result vt_garment_load_json(const char *path, vt_garment_spec *out) {
    VT_ASSERT(path && out);
    memset(out, 0, sizeof *out);
    /* O_NONBLOCK: a FIFO must not wait for a writer; only regular files are read */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))) {
        close(fd);
        return vt__fail(VT_ERR_IO, "%s: not a regular file", path);
    }
    if (fd >= 0 && st.st_size > (off_t)MAX_FILE_BYTES) {
        close(fd);
        return vt__fail(VT_ERR_LIMIT, "%s: %lld bytes exceeds the %u-byte limit", path,
                        (long long)st.st_size, MAX_FILE_BYTES);
    }
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        if (fd >= 0) close(fd);
        return vt__fail(VT_ERR_IO, "%s: cannot open", path);
    }
    json_error_t err;
    json_t *root = json_loadf(f, JSON_REJECT_DUPLICATES, &err);
    fclose(f);
    if (!root)
        return vt__fail(VT_ERR_PARSE, "%s: invalid JSON at line %d column %d: %s", path, err.line,
                        err.column, err.text);
    vt_garment_spec *g = calloc(1, sizeof *g);
    vt_result r = VT_ERR_NOMEM;
    if (!g)
        r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    else {
        ctx c = {path, g};
        r = load_root(&c, root);
        if (r == VT_OK) *out = *g;
    }
    free(g);
    json_decref(root);
    return r;
}
