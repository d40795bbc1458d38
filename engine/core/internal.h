/* engine/core/internal.h — helpers shared by engine files, never installed. */
#ifndef VT_CORE_INTERNAL_H
#define VT_CORE_INTERNAL_H

#include "vitrine/base.h"

#include <stdio.h>
#include <stdlib.h>

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

#define VT_COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

#endif
