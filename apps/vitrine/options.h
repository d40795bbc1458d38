/* Command-line parsing shared by the subcommands: usage errors, numbers, -h,
   the input FILE, and for `render` and `view` the view options (--size, --yaw,
   --pitch, --env, --variant). A command passes a callback for its own options. */
#ifndef VT_APP_OPTIONS_H
#define VT_APP_OPTIONS_H

#include "vitrine/vitrine.h"

/* What an option callback returns besides an exit code (>= 0). */
enum {
    VT_CLI_FLAG = -1,    /* took the option alone */
    VT_CLI_VALUE = -2,   /* took the option and its value */
    VT_CLI_UNKNOWN = -3, /* not one of the command's options */
};

typedef struct vt_cli {
    /* set by the command */
    const char *name;  /* "render": messages start "vitrine render: " */
    const char *usage; /* printed on stdout for --help, on stderr after an error */
    uint32_t min_size; /* smallest side --size accepts; the largest is 8192 */
    float max_pitch;   /* largest |--pitch| in degrees */
    bool file_only;    /* no view options: only -h, FILE and the command's own */
    /* defaults set by the command, then filled in from the arguments */
    const char *input, *variant, *env;
    uint32_t width, height;
    float yaw, pitch; /* degrees */
} vt_cli;

/* A command's own options: a is the option, v the next argument or NULL.
   Returns VT_CLI_FLAG, VT_CLI_VALUE, VT_CLI_UNKNOWN, or an exit code after
   printing (use vt_cli_bad_usage). */
typedef int (*vt_cli_option_fn)(vt_cli *c, void *opts, const char *a, const char *v);

/* Parses argv[1..]; returns an exit code (0 after --help, 2 after a usage
   error) or -1 to go on. */
int vt_cli_parse(vt_cli *c, int argc, char **argv, vt_cli_option_fn option, void *opts);

/* Prints "vitrine NAME: <message>" and the usage on stderr; returns 2. */
int vt_cli_bad_usage(const vt_cli *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* For an option given without its value: "<a> needs a value"; returns 2. */
int vt_cli_need_value(const vt_cli *c, const char *a);

/* A whole finite number; false if s is empty, malformed or not finite. */
bool vt_cli_parse_float(const char *s, float *out);
/* A whole decimal integer in [lo, hi]. */
bool vt_cli_parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *out);

/* A JSON string for s; bytes that are not UTF-8 become '?' (jansson refuses them). */
struct json_t;
struct json_t *vt_cli_json_string(const char *s);

/* --env: "studio", "neutral" or the path of an .hdr file. */
vt_env_desc vt_cli_env_desc(const char *env);

#endif
