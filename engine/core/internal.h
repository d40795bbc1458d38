/* engine/core/internal.h — helpers shared by engine files, never installed. */
#ifndef VT_CORE_INTERNAL_H
#define VT_CORE_INTERNAL_H

#include "vitrine/base.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Sets this thread's detail message and returns r. */
vt_result vt__fail(vt_result r, const char *fmt, ...) VT_PRINTF(2, 3);

/* Broken internal invariant or programmer error: report and abort. */
#define VT_ASSERT(cond)                                                                            \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "vitrine: assertion failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#define VT_LOGW(module, ...) vt_log(VT_LOG_WARN, module, __VA_ARGS__)
#define VT_LOGI(module, ...) vt_log(VT_LOG_INFO, module, __VA_ARGS__)
#define VT_LOGE(module, ...) vt_log(VT_LOG_ERROR, module, __VA_ARGS__)

/* "an object", "a number", ... for messages about a JSON value of the wrong type
   (v is a jansson json_t). */
struct json_t;
const char *vt__json_type_name(const struct json_t *v);

#define VT_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* Grows the array *p of *cap elements of elem bytes to hold at least need
   (capacity doubles from `first`); new elements are zeroed. false when out of
   memory or past UINT32_MAX elements, with *p and *cap unchanged. */
static inline bool vt__grow(void **p, uint32_t *cap, uint64_t need, size_t elem, uint32_t first) {
    if (need <= *cap) return true;
    if (need > UINT32_MAX) return false;
    uint64_t c = *cap ? *cap : first;
    while (c < need) c *= 2;
    if (c > UINT32_MAX) c = UINT32_MAX;
    if (c > SIZE_MAX / elem) return false;
    char *n = realloc(*p, (size_t)c * elem);
    if (!n) return false;
    memset(n + (size_t)*cap * elem, 0, (size_t)(c - *cap) * elem);
    *p = n;
    *cap = (uint32_t)c;
    return true;
}

#endif
