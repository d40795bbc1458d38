/* engine/fit/fit_json.h — the glTF buffer and accessor builder shared by the fit
   module's writers, never installed. */
#ifndef VT_FIT_JSON_H
#define VT_FIT_JSON_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A glTF binary chunk being built: each part 4-byte aligned. oom is set (and
   the part dropped) when memory runs out; check it before writing. */
typedef struct vt__glb_bin {
    uint8_t *data;
    size_t size, cap;
    bool oom;
} vt__glb_bin;

/* Appends n bytes at the next 4-byte boundary; returns their offset. */
size_t vt__glb_bin_add(vt__glb_bin *b, const void *src, size_t n);
/* Adds a buffer view (target 0 = none) and an accessor of count elements of
   comps components of ctype (5126 float, 5125 uint32, 5123 uint16) with min/max
   when bounds; returns the accessor index. */
json_int_t vt__glb_accessor(json_t *views, json_t *accs, vt__glb_bin *b, const void *data,
                            uint32_t count, const char *type, int comps, int ctype, int target,
                            bool bounds);

#endif
