/* vitrine render FILE -o OUT.png [options]: headless rendering (EGL surfaceless). */
#include "commands.h"
#include "stage.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG 0.017453292519943295f

static const char *usage_text =
    "usage: vitrine render FILE -o OUT.png [options]\n"
    "  --size WxH                      image size (default 1024x1024)\n"
    "  --yaw DEG, --pitch DEG          camera direction (0 0 = front, from +Z)\n"
    "  --env studio|neutral|FILE.hdr   lighting environment (default studio)\n"
    "  --tonemap neutral|aces|none     tone mapping (default neutral: Khronos PBR Neutral)\n"
    "  --exposure EV                   exposure compensation (default 0)\n"
    "  --background env|transparent|#RRGGBB   (default env)\n"
    "  --variant NAME                  material variant (KHR_materials_variants)\n"
    "  --msaa N                        samples: 1 (off), 2 or 4 (default 4)\n"
    "  --turntable N                   N images around the vertical axis: OUT-000.png ...\n"
    "  --no-ground, --no-shadows       studio ground and shadows off\n";

static int bad_usage(const char *fmt, const char *arg) {
    fputs("vitrine render: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    fputs(usage_text, stderr);
    return 2;
}

static bool parse_float(const char *s, float *out) {
    char *end = NULL;
    double v = strtod(s, &end);
    if (!s[0] || *end || !isfinite(v)) return false;
    *out = (float)v;
    return true;
}

static bool parse_uint(const char *s, uint32_t lo, uint32_t hi, uint32_t *out) {
    char *end = NULL;
    long v = strtol(s, &end, 10);
    if (!s[0] || *end || v < (long)lo || v > (long)hi) return false;
    *out = (uint32_t)v;
    return true;
}

typedef struct render_opts {
    const char *input, *output, *variant, *env;
    uint32_t width, height, turntable;
    float yaw, pitch;
    vt_frame_desc frame;
} render_opts;

static int parse_args(int argc, char **argv, render_opts *o) {
    *o = (render_opts){.width = 1024, .height = 1024, .env = "studio"};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_value = i + 1 < argc;
        const char *v = has_value ? argv[i + 1] : NULL;
#define NEED_VALUE                                                                                 \
    if (!has_value) return bad_usage("%s needs a value", a);                                       \
    i++;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return 0;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            NEED_VALUE o->output = v;
        } else if (!strcmp(a, "--size")) {
            NEED_VALUE
            unsigned w = 0, h = 0;
            char tail = 0;
            if (sscanf(v, "%ux%u%c", &w, &h, &tail) != 2 || w < 1 || h < 1 || w > 8192 || h > 8192)
                return bad_usage("--size wants WxH between 1x1 and 8192x8192, not '%s'", v);
            o->width = w;
            o->height = h;
        } else if (!strcmp(a, "--yaw")) {
            NEED_VALUE
            if (!parse_float(v, &o->yaw)) return bad_usage("--yaw wants degrees, not '%s'", v);
        } else if (!strcmp(a, "--pitch")) {
            NEED_VALUE
            if (!parse_float(v, &o->pitch) || fabsf(o->pitch) > 89.9f)
                return bad_usage("--pitch wants degrees between -89.9 and 89.9, not '%s'", v);
        } else if (!strcmp(a, "--env")) {
            NEED_VALUE o->env = v;
        } else if (!strcmp(a, "--tonemap")) {
            NEED_VALUE
            if (!strcmp(v, "neutral"))
                o->frame.tonemap = VT_TONEMAP_NEUTRAL;
            else if (!strcmp(v, "aces"))
                o->frame.tonemap = VT_TONEMAP_ACES;
            else if (!strcmp(v, "none"))
                o->frame.tonemap = VT_TONEMAP_NONE;
            else
                return bad_usage("--tonemap wants neutral, aces or none, not '%s'", v);
        } else if (!strcmp(a, "--exposure")) {
            NEED_VALUE
            if (!parse_float(v, &o->frame.exposure) || fabsf(o->frame.exposure) > 32)
                return bad_usage("--exposure wants EV between -32 and 32, not '%s'", v);
        } else if (!strcmp(a, "--background")) {
            NEED_VALUE
            if (!strcmp(v, "env"))
                o->frame.background = VT_BACKGROUND_ENV;
            else if (!strcmp(v, "transparent"))
                o->frame.background = VT_BACKGROUND_TRANSPARENT;
            else if (vt_parse_hex_color(v, o->frame.background_color))
                o->frame.background = VT_BACKGROUND_COLOR;
            else
                return bad_usage("--background wants env, transparent or #RRGGBB, not '%s'", v);
        } else if (!strcmp(a, "--variant")) {
            NEED_VALUE o->variant = v;
        } else if (!strcmp(a, "--msaa")) {
            NEED_VALUE
            if (!parse_uint(v, 1, 16, &o->frame.msaa) || (o->frame.msaa & (o->frame.msaa - 1)) != 0)
                return bad_usage("--msaa wants 1, 2, 4, 8 or 16, not '%s'", v);
        } else if (!strcmp(a, "--turntable")) {
            NEED_VALUE
            if (!parse_uint(v, 1, 3600, &o->turntable))
                return bad_usage("--turntable wants a count between 1 and 3600, not '%s'", v);
        } else if (!strcmp(a, "--no-ground")) {
            o->frame.no_ground = true;
        } else if (!strcmp(a, "--no-shadows")) {
            o->frame.no_shadows = true;
        } else if (a[0] == '-' && a[1]) {
            return bad_usage("unknown option '%s'", a);
        } else if (!o->input) {
            o->input = a;
        } else {
            return bad_usage("unexpected argument '%s'", a);
        }
#undef NEED_VALUE
    }
    if (!o->input) return bad_usage("%s", "no input FILE");
    if (!o->output) return bad_usage("%s", "no output: give -o OUT.png");
    return -1; /* parsed, go on */
}

/* "out.png" + 3 -> "out-003.png" */
static void turntable_name(const char *out, uint32_t i, char *buf, size_t size) {
    const char *ext = vt_path_ext(out);
    int stem = (int)(strlen(out) - strlen(ext));
    snprintf(buf, size, "%.*s-%03u%s", stem, out, i, ext[0] ? ext : ".png");
}

int vt_cmd_render(int argc, char **argv) {
    render_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) return rc;

    vt_env_desc env = {.kind = VT_ENV_STUDIO};
    if (!strcmp(o.env, "neutral"))
        env.kind = VT_ENV_NEUTRAL;
    else if (strcmp(o.env, "studio") != 0) {
        env.kind = VT_ENV_HDR;
        env.hdr_path = o.env;
    }

    vt_headless *gl = NULL;
    vt_renderer *r = NULL;
    vt_stage st = {0};
    uint8_t *rgba = NULL;
    rc = 2;
    if (vt_headless_create(&gl) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (vt_renderer_create(&(vt_renderer_desc){0}, &r) != VT_OK ||
        vt_renderer_set_env(r, &env) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (vt_stage_load(&st, r, o.input, o.variant) != VT_OK) {
        vt_app_error("%s", st.error);
        goto done;
    }
    rgba = malloc((size_t)o.width * o.height * 4);
    if (!rgba) {
        vt_app_error("out of memory for a %ux%u image", o.width, o.height);
        goto done;
    }
    uint32_t frames = o.turntable ? o.turntable : 1;
    for (uint32_t i = 0; i < frames; i++) {
        float yaw = o.yaw + 360.0f * (float)i / (float)frames;
        vt_view view;
        vt_view_frame_bounds(&st.bounds, yaw * DEG, o.pitch * DEG, o.width, o.height, &view);
        if (vt_renderer_render_image(r, st.scene, &view, &o.frame, rgba, NULL) != VT_OK) {
            vt_app_error("%s: %s", o.input, vt_last_error());
            goto done;
        }
        char name[1100];
        if (o.turntable)
            turntable_name(o.output, i, name, sizeof name);
        else
            snprintf(name, sizeof name, "%s", o.output);
        if (vt_png_write(name, o.width, o.height, rgba) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            goto done;
        }
        printf("wrote %s (%ux%u)\n", name, o.width, o.height);
    }
    rc = 0;
done:
    free(rgba);
    vt_stage_free(&st);
    vt_renderer_destroy(r);
    vt_headless_destroy(gl);
    return rc;
}
