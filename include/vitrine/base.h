/* vitrine/base.h — types, results, errors and the logger shared by every module.

   What it does: defines vt_result (0 = ok, negative = error), the thread-local
   detail message behind vt_last_error(), the process-wide logger, and the small
   math types the public API passes around (column-major matrices compatible
   with cglm's mat4, quaternions as x, y, z, w).

   Errors: a function that fails returns a negative vt_result and leaves a
   one-line message naming the file (where there is one) and the cause; read it
   with vt_last_error() on the same thread before the next call that may fail.

   Example:
       vt_model *m = NULL;
       if (vt_model_load("chair.glb", NULL, &m) != VT_OK)
           fprintf(stderr, "%s\n", vt_last_error());
*/
#ifndef VITRINE_BASE_H
#define VITRINE_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define VT_API __attribute__((visibility("default")))
#define VT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define VT_API
#define VT_PRINTF(fmt, args)
#endif

#define VT_RESULT_LIST(X)                                                                          \
    X(OK, 0, "ok")                                                                                 \
    X(ERR_IO, -1, "file could not be read or written")                                             \
    X(ERR_PARSE, -2, "file is malformed")                                                          \
    X(ERR_LIMIT, -3, "input exceeds a limit")                                                      \
    X(ERR_NO_GPU, -4, "no usable GL context")                                                      \
    X(ERR_NOMEM, -5, "out of memory")                                                              \
    X(ERR_INVALID, -6, "invalid argument")                                                         \
    X(ERR_UNSUPPORTED, -7, "not supported")                                                        \
    X(ERR_NO_DISPLAY, -8, "no display available")                                                  \
    X(ERR_GPU, -9, "GPU object could not be created")

typedef enum vt_result {
#define VT_RESULT_ENUM(name, value, text) VT_##name = value,
    VT_RESULT_LIST(VT_RESULT_ENUM)
#undef VT_RESULT_ENUM
} vt_result;

VT_API const char *vt_result_str(vt_result r); /* never NULL */
VT_API const char *vt_last_error(void);        /* this thread's last detail, "" if none */
VT_API void vt_clear_error(void);

/* Logger: the only process-wide setting. The default writes
   "module: message" lines to stderr for levels at or above the threshold. */
typedef enum vt_log_level {
    VT_LOG_INFO = 0,
    VT_LOG_DEBUG = -1,
    VT_LOG_WARN = 1,
    VT_LOG_ERROR = 2,
    VT_LOG_SILENT = 3,
} vt_log_level;

typedef void (*vt_log_fn)(vt_log_level level, const char *module, const char *message, void *user);

VT_API void vt_log_set_handler(vt_log_fn fn, void *user); /* NULL restores the default */
VT_API void vt_log_set_level(vt_log_level min_level);     /* default VT_LOG_WARN */
VT_API void vt_log(vt_log_level level, const char *module, const char *fmt, ...) VT_PRINTF(3, 4);

/* Math types, laid out as cglm's: vt_mat4[column][row]. */
typedef float vt_vec2[2];
typedef float vt_vec3[3];
typedef float vt_vec4[4];
typedef float vt_quat[4]; /* x, y, z, w */
typedef float vt_mat4[4][4];

/* vt_aabb: min > max on any axis means empty. */
typedef struct vt_aabb {
    float min[3];
    float max[3];
} vt_aabb;

/* A local transform: translation, rotation (unit quaternion), scale. */
typedef struct vt_transform {
    float translation[3];
    float rotation[4]; /* x, y, z, w; all zero is taken as identity */
    float scale[3];    /* all zero is taken as 1, 1, 1 */
} vt_transform;

#ifdef __cplusplus
}
#endif
#endif
