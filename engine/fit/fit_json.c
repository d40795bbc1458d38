/* engine/fit/fit_json.c — the glTF buffer and accessor builder shared by the fit
   module's writers (body, body+garment), and the small glTF binary reader of its
   importers (a user's avatar, a brand's garment): the fit module needs skins, inverse
   bind matrices and extras, which the asset module's model does not carry. */
#include "fit_json.h"

#include "core/internal.h"
#include "vitrine/core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t vt__glb_bin_add(vt__glb_bin *b, const void *src, size_t n) {
    size_t at = (b->size + 3) & ~(size_t)3;
    if (at + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < at + n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) {
            b->oom = true;
            return 0;
        }
        b->data = p;
        b->cap = cap;
    }
    memset(b->data + b->size, 0, at - b->size);
    memcpy(b->data + at, src, n);
    b->size = at + n;
    return at;
}

/* Adds a buffer view and an accessor; returns the accessor index. */
json_int_t vt__glb_accessor(json_t *views, json_t *accs, vt__glb_bin *b, const void *data,
                            uint32_t count, const char *type, int comps, int ctype, int target,
                            bool bounds) {
    size_t csize = ctype == 5126 || ctype == 5125 ? 4 : 2;
    size_t len = csize * (size_t)comps * count;
    size_t off = vt__glb_bin_add(b, data, len);
    json_t *view = json_pack("{s:i, s:I, s:I}", "buffer", 0, "byteOffset", (json_int_t)off,
                             "byteLength", (json_int_t)len);
    if (target) json_object_set_new(view, "target", json_integer(target));
    json_array_append_new(views, view);
    json_t *acc =
        json_pack("{s:I, s:i, s:I, s:s}", "bufferView", (json_int_t)json_array_size(views) - 1,
                  "componentType", ctype, "count", (json_int_t)count, "type", type);
    if (bounds) {
        const float *f = data;
        json_t *mn = json_array(), *mx = json_array();
        for (int c = 0; c < comps; c++) {
            float lo = INFINITY, hi = -INFINITY;
            for (uint32_t i = 0; i < count; i++) {
                float v = f[(size_t)i * (size_t)comps + (size_t)c];
                lo = fminf(lo, v);
                hi = fmaxf(hi, v);
            }
            json_array_append_new(mn, json_real(lo));
            json_array_append_new(mx, json_real(hi));
        }
        json_object_set_new(acc, "min", mn);
        json_object_set_new(acc, "max", mx);
    }
    json_array_append_new(accs, acc);
    return (json_int_t)json_array_size(accs) - 1;
}

#define GLB_MAX_BYTES ((size_t)256 << 20)

static uint32_t rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

void vt__glb_close(vt__glb *g) {
    if (!g) return;
    json_decref(g->root);
    free(g->file);
    memset(g, 0, sizeof *g);
}

vt_result vt__glb_open(const char *path, vt__glb *g) {
    memset(g, 0, sizeof *g);
    g->path = path;
    size_t size = 0;
    vt_result r = vt_file_read(path, GLB_MAX_BYTES, &g->file, &size);
    if (r != VT_OK) return r;
    const uint8_t *d = g->file;
    if (size < 20 || rd32(d) != 0x46546C67u) {
        vt__glb_close(g);
        return vt__fail(VT_ERR_PARSE, "%s: not a glTF binary (.glb)", path);
    }
    if (rd32(d + 4) != 2) {
        uint32_t v = rd32(d + 4);
        vt__glb_close(g);
        return vt__fail(VT_ERR_PARSE, "%s: glTF binary version %u (only 2 is read)", path, v);
    }
    size_t total = rd32(d + 8) < size ? rd32(d + 8) : size;
    size_t jlen = rd32(d + 12);
    if (rd32(d + 16) != 0x4E4F534Au || jlen > total - 20) {
        vt__glb_close(g);
        return vt__fail(VT_ERR_PARSE, "%s: glTF binary without a complete JSON chunk", path);
    }
    json_error_t e;
    g->root = json_loadb((const char *)d + 20, jlen, 0, &e);
    if (!g->root || !json_is_object(g->root)) {
        vt__glb_close(g);
        bool parsed = g->root != NULL;
        vt__glb_close(g);
        return vt__fail(VT_ERR_PARSE, "%s: glTF JSON chunk: %s", path,
                        parsed ? "not an object" : e.text);
    }
    size_t at = 20 + ((jlen + 3) & ~(size_t)3);
    if (at + 8 <= total && rd32(d + at + 4) == 0x004E4942u) {
        size_t blen = rd32(d + at);
        if (blen > total - at - 8) {
            vt__glb_close(g);
            return vt__fail(VT_ERR_PARSE, "%s: BIN chunk runs past the end of the file", path);
        }
        g->bin = d + at + 8;
        g->bin_size = blen;
    }
    return VT_OK;
}

json_int_t vt__glb_index(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_integer(v) && json_integer_value(v) >= 0 ? json_integer_value(v) : -1;
}

/* Where accessor acc's elements lie in the BIN chunk. */
typedef struct span {
    const uint8_t *at;
    size_t stride, csize;
    uint32_t count;
    int ctype, comps;
    bool normalized;
} span;

static vt_result accessor_span(const vt__glb *g, json_int_t acc, int comps, span *s) {
    json_t *a = json_array_get(json_object_get(g->root, "accessors"), (size_t)acc);
    if (!json_is_object(a))
        return vt__fail(VT_ERR_PARSE, "%s: $.accessors[%lld] is missing", g->path, (long long)acc);
    static const char *const types[] = {"SCALAR", "VEC2", "VEC3", "VEC4", NULL, NULL, NULL, NULL,
                                        NULL,     NULL,   NULL,   NULL,   NULL, NULL, NULL, "MAT4"};
    const char *type = json_string_value(json_object_get(a, "type"));
    int ctype = (int)vt__glb_index(a, "componentType");
    json_int_t count = vt__glb_index(a, "count"), bv = vt__glb_index(a, "bufferView");
    size_t csize = ctype == 5120 || ctype == 5121   ? 1
                   : ctype == 5122 || ctype == 5123 ? 2
                   : ctype == 5125 || ctype == 5126 ? 4
                                                    : 0;
    if (!type || comps < 1 || comps > 16 || !types[comps - 1] || strcmp(type, types[comps - 1]) ||
        !csize || count < 0 || count > (json_int_t)UINT32_MAX)
        return vt__fail(VT_ERR_PARSE, "%s: $.accessors[%lld]: expected %s, got %s of type %d",
                        g->path, (long long)acc, types[comps - 1] ? types[comps - 1] : "?",
                        type ? type : "no type", ctype);
    if (json_object_get(a, "sparse") || bv < 0)
        return vt__fail(VT_ERR_UNSUPPORTED,
                        "%s: $.accessors[%lld]: sparse or empty accessors "
                        "are not read",
                        g->path, (long long)acc);
    json_t *v = json_array_get(json_object_get(g->root, "bufferViews"), (size_t)bv);
    if (!json_is_object(v) || vt__glb_index(v, "buffer") != 0 || !g->bin)
        return vt__fail(VT_ERR_UNSUPPORTED,
                        "%s: $.accessors[%lld]: data outside the file's BIN chunk is not read",
                        g->path, (long long)acc);
    json_int_t voff = vt__glb_index(v, "byteOffset"), vlen = vt__glb_index(v, "byteLength"),
               stride = vt__glb_index(v, "byteStride"), aoff = vt__glb_index(a, "byteOffset");
    voff = voff < 0 ? 0 : voff;
    aoff = aoff < 0 ? 0 : aoff;
    size_t elem = csize * (size_t)comps;
    s->stride = stride > 0 ? (size_t)stride : elem;
    s->csize = csize;
    s->count = (uint32_t)count;
    s->ctype = ctype;
    s->comps = comps;
    s->normalized = json_is_true(json_object_get(a, "normalized"));
    size_t need = count ? (size_t)aoff + s->stride * (size_t)(count - 1) + elem : 0;
    if (vlen < 0 || (size_t)voff + (size_t)vlen > g->bin_size || need > (size_t)vlen)
        return vt__fail(VT_ERR_PARSE, "%s: $.accessors[%lld] runs past its buffer view", g->path,
                        (long long)acc);
    s->at = g->bin + voff + aoff;
    return VT_OK;
}

static double component(const span *s, const uint8_t *p) {
    switch (s->ctype) {
    case 5120:
        return s->normalized ? fmax(*(const int8_t *)p / 127.0, -1) : *(const int8_t *)p;
    case 5121:
        return s->normalized ? *p / 255.0 : *p;
    case 5122: {
        int16_t v;
        memcpy(&v, p, 2);
        return s->normalized ? fmax(v / 32767.0, -1) : v;
    }
    case 5123: {
        uint16_t v;
        memcpy(&v, p, 2);
        return s->normalized ? v / 65535.0 : v;
    }
    case 5125:
        return rd32(p);
    default: {
        float v;
        memcpy(&v, p, 4);
        return v;
    }
    }
}

vt_result vt__glb_floats(const vt__glb *g, json_int_t acc, int comps, float **out,
                         uint32_t *count) {
    *out = NULL;
    *count = 0;
    span s;
    vt_result r = accessor_span(g, acc, comps, &s);
    if (r != VT_OK) return r;
    float *f = malloc(((size_t)s.count * (size_t)comps + 1) * sizeof *f);
    if (!f) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", g->path);
    for (uint32_t i = 0; i < s.count; i++)
        for (int c = 0; c < comps; c++) {
            double v = component(&s, s.at + s.stride * i + s.csize * (size_t)c);
            if (!isfinite(v)) {
                free(f);
                return vt__fail(VT_ERR_PARSE, "%s: $.accessors[%lld] holds a non-finite number",
                                g->path, (long long)acc);
            }
            f[(size_t)i * (size_t)comps + (size_t)c] = (float)v;
        }
    *out = f;
    *count = s.count;
    return VT_OK;
}

vt_result vt__glb_uints(const vt__glb *g, json_int_t acc, int comps, uint32_t **out,
                        uint32_t *count) {
    *out = NULL;
    *count = 0;
    span s;
    vt_result r = accessor_span(g, acc, comps, &s);
    if (r != VT_OK) return r;
    if (s.ctype != 5121 && s.ctype != 5123 && s.ctype != 5125)
        return vt__fail(VT_ERR_PARSE, "%s: $.accessors[%lld]: expected unsigned integers", g->path,
                        (long long)acc);
    uint32_t *u = malloc(((size_t)s.count * (size_t)comps + 1) * sizeof *u);
    if (!u) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", g->path);
    s.normalized = false;
    for (uint32_t i = 0; i < s.count; i++)
        for (int c = 0; c < comps; c++)
            u[(size_t)i * (size_t)comps + (size_t)c] =
                (uint32_t)component(&s, s.at + s.stride * i + s.csize * (size_t)c);
    *out = u;
    *count = s.count;
    return VT_OK;
}

void vt__mat4_mul(const float a[16], const float b[16], float out[16]) {
    float t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++) {
            float v = 0;
            for (int k = 0; k < 4; k++) v += a[k * 4 + r] * b[c * 4 + k];
            t[c * 4 + r] = v;
        }
    memcpy(out, t, sizeof t);
}

void vt__mat4_point(const float m[16], const float p[3], float out[3]) {
    float t[3];
    for (int r = 0; r < 3; r++) t[r] = m[r] * p[0] + m[4 + r] * p[1] + m[8 + r] * p[2] + m[12 + r];
    memcpy(out, t, sizeof t);
}

bool vt__mat4_invert(const float m[16], float out[16]) {
    double a[4][8];
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 8; c++) a[r][c] = c < 4 ? m[c * 4 + r] : (c - 4 == r);
    for (int c = 0; c < 4; c++) {
        int best = c;
        for (int r = c + 1; r < 4; r++)
            if (fabs(a[r][c]) > fabs(a[best][c])) best = r;
        if (fabs(a[best][c]) < 1e-12) return false;
        for (int k = 0; k < 8; k++) {
            double t = a[c][k];
            a[c][k] = a[best][k];
            a[best][k] = t;
        }
        double piv = a[c][c];
        for (int k = 0; k < 8; k++) a[c][k] /= piv;
        for (int r = 0; r < 4; r++) {
            if (r == c) continue;
            double f = a[r][c];
            for (int k = 0; k < 8; k++) a[r][k] -= f * a[c][k];
        }
    }
    for (int r = 0; r < 4; r++)
        for (int c = 0; c < 4; c++) out[c * 4 + r] = (float)a[r][4 + c];
    return true;
}

static void local_matrix(json_t *n, float m[16]) {
    json_t *mat = json_object_get(n, "matrix");
    static const float id[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    memcpy(m, id, sizeof id);
    if (json_array_size(mat) == 16) {
        for (int i = 0; i < 16; i++)
            m[i] = (float)json_number_value(json_array_get(mat, (size_t)i));
        return;
    }
    float t[3] = {0, 0, 0}, q[4] = {0, 0, 0, 1}, s[3] = {1, 1, 1};
    json_t *jt = json_object_get(n, "translation"), *jr = json_object_get(n, "rotation"),
           *js = json_object_get(n, "scale");
    for (int i = 0; i < 3 && json_array_size(jt) == 3; i++)
        t[i] = (float)json_number_value(json_array_get(jt, (size_t)i));
    for (int i = 0; i < 4 && json_array_size(jr) == 4; i++)
        q[i] = (float)json_number_value(json_array_get(jr, (size_t)i));
    for (int i = 0; i < 3 && json_array_size(js) == 3; i++)
        s[i] = (float)json_number_value(json_array_get(js, (size_t)i));
    float x = q[0], y = q[1], z = q[2], w = q[3];
    float R[9] = {1 - 2 * (y * y + z * z), 2 * (x * y + z * w),     2 * (x * z - y * w),
                  2 * (x * y - z * w),     1 - 2 * (x * x + z * z), 2 * (y * z + x * w),
                  2 * (x * z + y * w),     2 * (y * z - x * w),     1 - 2 * (x * x + y * y)};
    for (int c = 0; c < 3; c++)
        for (int r = 0; r < 3; r++) m[c * 4 + r] = R[c * 3 + r] * s[c];
    for (int r = 0; r < 3; r++) m[12 + r] = t[r];
}

vt_result vt__glb_world(const vt__glb *g, float **world, int32_t **parent, uint32_t *count) {
    json_t *nodes = json_object_get(g->root, "nodes");
    size_t n = json_array_size(nodes);
    *world = NULL, *parent = NULL, *count = 0;
    if (n > 20000) /* the passes below are quadratic in the depth */
        return vt__fail(VT_ERR_LIMIT, "%s: %zu nodes (at most 20000 are read)", g->path, n);
    *world = malloc((n + 1) * 16 * sizeof(float));
    *parent = malloc((n + 1) * sizeof(int32_t));
    *count = (uint32_t)n;
    if (!*world || !*parent) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", g->path);
    for (size_t i = 0; i < n; i++) (*parent)[i] = -1;
    for (size_t i = 0; i < n; i++) {
        json_t *ch = json_object_get(json_array_get(nodes, i), "children");
        for (size_t k = 0; k < json_array_size(ch); k++) {
            json_t *c = json_array_get(ch, k);
            json_int_t ci = json_is_integer(c) ? json_integer_value(c) : -1;
            if (ci < 0 || (size_t)ci >= n || (*parent)[ci] >= 0 || (size_t)ci == i)
                return vt__fail(VT_ERR_PARSE,
                                "%s: $.nodes[%zu].children[%zu] is not a node "
                                "of its own",
                                g->path, i, k);
            (*parent)[ci] = (int32_t)i;
        }
    }
    /* depth-first from each root; a cycle leaves nodes unvisited */
    uint8_t *done = calloc(n + 1, 1);
    if (!done) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", g->path);
    size_t visited = 0;
    for (bool progress = true; progress;) {
        progress = false;
        for (size_t i = 0; i < n; i++) {
            int32_t p = (*parent)[i];
            if (done[i] || (p >= 0 && !done[p])) continue;
            float l[16];
            local_matrix(json_array_get(nodes, i), l);
            if (p >= 0)
                vt__mat4_mul(*world + 16 * (size_t)p, l, *world + 16 * i);
            else
                memcpy(*world + 16 * i, l, sizeof l);
            done[i] = 1;
            visited++;
            progress = true;
        }
    }
    free(done);
    if (visited != n) return vt__fail(VT_ERR_PARSE, "%s: the node hierarchy has a cycle", g->path);
    return VT_OK;
}
