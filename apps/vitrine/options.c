#include "options.h"

#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int vt_cli_bad_usage(const vt_cli *c, const char *fmt, ...) {
    fprintf(stderr, "vitrine %s: ", c->name);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fputs(c->usage, stderr);
    return 2;
}

int vt_cli_need_value(const vt_cli *c, const char *a) {
    return vt_cli_bad_usage(c, "%s needs a value", a);
}

bool vt_cli_parse_float(const char *s, float *out) {
    char *end = NULL;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v)) return false;
    *out = (float)v;
    return true;
}

bool vt_cli_parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *out) {
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!s[0] || *end || v < (long)lo || v > (long)hi) return false;
    *out = (uint32_t)v;
    return true;
}

json_t *vt_cli_json_string(const char *s) {
    json_t *j = json_string(s);
    if (j) return j;
    char buf[512];
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof buf; n++) buf[n] = (unsigned char)s[n] < 0x80 ? s[n] : '?';
    buf[n] = '\0';
    return json_string(buf);
}

vt_env_desc vt_cli_env_desc(const char *env) {
    vt_env_desc d = {.kind = VT_ENV_STUDIO};
    if (!strcmp(env, "neutral"))
        d.kind = VT_ENV_NEUTRAL;
    else if (strcmp(env, "studio") != 0) {
        d.kind = VT_ENV_HDR;
        d.hdr_path = env;
    }
    return d;
}

/* The shared options; same returns as vt_cli_option_fn. */
static int shared_option(vt_cli *c, const char *a, const char *v) {
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
        fputs(c->usage, stdout);
        return 0;
    }
    if (!c->file_only && (!strcmp(a, "--size") || !strcmp(a, "--yaw") || !strcmp(a, "--pitch") ||
                          !strcmp(a, "--env") || !strcmp(a, "--variant"))) {
        if (!v) return vt_cli_need_value(c, a);
    } else if (a[0] == '-' && a[1]) {
        return vt_cli_bad_usage(c, "unknown option '%s'", a);
    } else if (!c->input) {
        c->input = a;
        return VT_CLI_FLAG;
    } else {
        return vt_cli_bad_usage(c, "unexpected argument '%s'", a);
    }
    if (!strcmp(a, "--size")) {
        unsigned w = 0, h = 0;
        char tail = 0;
        if (sscanf(v, "%ux%u%c", &w, &h, &tail) != 2 || w < c->min_size || h < c->min_size ||
            w > 8192 || h > 8192)
            return vt_cli_bad_usage(c, "--size wants WxH between %ux%u and 8192x8192, not '%s'",
                                    c->min_size, c->min_size, v);
        c->width = w;
        c->height = h;
    } else if (!strcmp(a, "--yaw")) {
        if (!vt_cli_parse_float(v, &c->yaw))
            return vt_cli_bad_usage(c, "--yaw wants degrees, not '%s'", v);
    } else if (!strcmp(a, "--pitch")) {
        if (!vt_cli_parse_float(v, &c->pitch) || fabsf(c->pitch) > c->max_pitch)
            return vt_cli_bad_usage(c, "--pitch wants degrees between -%g and %g, not '%s'",
                                    (double)c->max_pitch, (double)c->max_pitch, v);
    } else if (!strcmp(a, "--env")) {
        c->env = v;
    } else {
        c->variant = v;
    }
    return VT_CLI_VALUE;
}

int vt_cli_parse(vt_cli *c, int argc, char **argv, vt_cli_option_fn option, void *opts) {
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        int rc = option(c, opts, a, v);
        if (rc == VT_CLI_UNKNOWN) rc = shared_option(c, a, v);
        if (rc >= 0) return rc;
        if (rc == VT_CLI_VALUE) i++;
    }
    if (!c->input) return vt_cli_bad_usage(c, "%s", "no input FILE");
    return -1; /* parsed, go on */
}
