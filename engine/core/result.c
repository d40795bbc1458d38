/* Results, the thread-local error detail and the logger. */
#include "internal.h"

#include <stdarg.h>
#include <string.h>

static _Thread_local char last_error[1024];

const char *vt_result_str(vt_result r) {
    switch (r) {
#define VT_RESULT_CASE(name, value, text)                                                          \
    case VT_##name:                                                                                \
        return text;
        VT_RESULT_LIST(VT_RESULT_CASE)
#undef VT_RESULT_CASE
    }
    return "unknown result";
}

const char *vt_last_error(void) {
    return last_error;
}

void vt_clear_error(void) {
    last_error[0] = '\0';
}

vt_result vt__fail(vt_result r, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    /* One line: the message is printed as-is by tools and must not span lines. */
    for (char *p = last_error; *p; p++)
        if (*p == '\n' || *p == '\r') *p = ' ';
    return r;
}

static vt_log_fn log_fn;
static void *log_user;
static vt_log_level log_min = VT_LOG_WARN;

void vt_log_set_handler(vt_log_fn fn, void *user) {
    log_fn = fn;
    log_user = user;
}

void vt_log_set_level(vt_log_level min_level) {
    log_min = min_level;
}

void vt_log(vt_log_level level, const char *module, const char *fmt, ...) {
    if (level < log_min) return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (log_fn) {
        log_fn(level, module, msg, log_user);
        return;
    }
    static const char *names[] = {"debug: ", "", "warning: ", "error: "};
    int idx = (int)level + 1;
    fprintf(stderr, "%s: %s%s\n", module ? module : "vitrine",
            (idx >= 0 && idx < 4) ? names[idx] : "", msg);
}
