/* vitrine render FILE -o OUT.png [options]: headless rendering (EGL surfaceless). */
#include "commands.h"
#include "options.h"
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

typedef struct render_opts {
    const char *output;
    uint32_t turntable;
    vt_frame_desc frame;
} render_opts;

static int render_option(vt_cli *c, void *opts, const char *a, const char *v) {
    render_opts *o = opts;
    if (!strcmp(a, "--no-ground")) {
        o->frame.no_ground = true;
        return VT_CLI_FLAG;
    } else if (!strcmp(a, "--no-shadows")) {
        o->frame.no_shadows = true;
        return VT_CLI_FLAG;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
        if (!v) return vt_cli_need_value(c, a);
        o->output = v;
    } else if (!strcmp(a, "--tonemap")) {
        if (!v) return vt_cli_need_value(c, a);
        if (!strcmp(v, "neutral"))
            o->frame.tonemap = VT_TONEMAP_NEUTRAL;
        else if (!strcmp(v, "aces"))
            o->frame.tonemap = VT_TONEMAP_ACES;
        else if (!strcmp(v, "none"))
            o->frame.tonemap = VT_TONEMAP_NONE;
        else
            return vt_cli_bad_usage(c, "--tonemap wants neutral, aces or none, not '%s'", v);
    } else if (!strcmp(a, "--exposure")) {
        if (!v) return vt_cli_need_value(c, a);
        if (!vt_cli_parse_float(v, &o->frame.exposure) || fabsf(o->frame.exposure) > 32)
            return vt_cli_bad_usage(c, "--exposure wants EV between -32 and 32, not '%s'", v);
    } else if (!strcmp(a, "--background")) {
        if (!v) return vt_cli_need_value(c, a);
        if (!strcmp(v, "env"))
            o->frame.background = VT_BACKGROUND_ENV;
        else if (!strcmp(v, "transparent"))
            o->frame.background = VT_BACKGROUND_TRANSPARENT;
        else if (vt_parse_hex_color(v, o->frame.background_color))
            o->frame.background = VT_BACKGROUND_COLOR;
        else
            return vt_cli_bad_usage(c, "--background wants env, transparent or #RRGGBB, not '%s'",
                                    v);
    } else if (!strcmp(a, "--msaa")) {
        if (!v) return vt_cli_need_value(c, a);
        if (!vt_cli_parse_uint(v, 1, 16, &o->frame.msaa) ||
            (o->frame.msaa & (o->frame.msaa - 1)) != 0)
            return vt_cli_bad_usage(c, "--msaa wants 1, 2, 4, 8 or 16, not '%s'", v);
    } else if (!strcmp(a, "--turntable")) {
        if (!v) return vt_cli_need_value(c, a);
        if (!vt_cli_parse_uint(v, 1, 3600, &o->turntable))
            return vt_cli_bad_usage(c, "--turntable wants a count between 1 and 3600, not '%s'", v);
    } else {
        return VT_CLI_UNKNOWN;
    }
    return VT_CLI_VALUE;
}

static int parse_args(int argc, char **argv, vt_cli *c, render_opts *o) {
    *c = (vt_cli){.name = "render",
                  .usage = usage_text,
                  .min_size = 1,
                  .max_pitch = 89.9f,
                  .width = 1024,
                  .height = 1024,
                  .env = "studio"};
    *o = (render_opts){0};
    int rc = vt_cli_parse(c, argc, argv, render_option, o);
    if (rc >= 0) return rc;
    if (!o->output) return vt_cli_bad_usage(c, "%s", "no output: give -o OUT.png");
    return -1; /* parsed, go on */
}

/* "out.png" + 3 -> "out-003.png" */
static void turntable_name(const char *out, uint32_t i, char *buf, size_t size) {
    const char *ext = vt_path_ext(out);
    int stem = (int)(strlen(out) - strlen(ext));
    snprintf(buf, size, "%.*s-%03u%s", stem, out, i, ext[0] ? ext : ".png");
}

int vt_cmd_render(int argc, char **argv) {
    vt_cli c;
    render_opts o;
    int rc = parse_args(argc, argv, &c, &o);
    if (rc >= 0) return rc;

    vt_env_desc env = vt_cli_env_desc(c.env);

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
    if (vt_stage_load(&st, r, c.input, c.variant) != VT_OK) {
        vt_app_error("%s", st.error);
        goto done;
    }
    rgba = malloc((size_t)c.width * c.height * 4);
    if (!rgba) {
        vt_app_error("out of memory for a %ux%u image", c.width, c.height);
        goto done;
    }
    uint32_t frames = o.turntable ? o.turntable : 1;
    for (uint32_t i = 0; i < frames; i++) {
        float yaw = c.yaw + 360.0f * (float)i / (float)frames;
        vt_view view;
        vt_view_frame_bounds(&st.bounds, yaw * DEG, c.pitch * DEG, c.width, c.height, &view);
        if (vt_renderer_render_image(r, st.scene, &view, &o.frame, rgba, NULL) != VT_OK) {
            vt_app_error("%s: %s", c.input, vt_last_error());
            goto done;
        }
        char name[1100];
        if (o.turntable)
            turntable_name(o.output, i, name, sizeof name);
        else
            snprintf(name, sizeof name, "%s", o.output);
        if (vt_png_write(name, c.width, c.height, rgba) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            goto done;
        }
        printf("wrote %s (%ux%u)\n", name, c.width, c.height);
    }
    rc = 0;
done:
    free(rgba);
    vt_stage_free(&st);
    vt_renderer_destroy(r);
    vt_headless_destroy(gl);
    return rc;
}
