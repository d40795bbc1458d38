/* engine/fit/fit_json.c — the glTF buffer and accessor builder shared by the fit
   module's writers (body, body+garment). */
#include "fit_json.h"

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
