/* vitrine view FILE [options]: a model in a window with an orbit camera and a
   small statistics panel. */
#include "commands.h"
#include "options.h"
#include "stage.h"

#include <cglm/cglm.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEG 0.017453292519943295f
#define KEY_ESCAPE 27
#define MESSAGE_SECONDS 5.0
#define HINT_SECONDS 8.0

static const char *usage_text =
    "usage: vitrine view FILE [options]\n"
    "  --size WxH                      window size (default 1280x720)\n"
    "  --yaw DEG, --pitch DEG          initial camera direction (default 30 15)\n"
    "  --env studio|neutral|FILE.hdr   lighting environment (default studio)\n"
    "  --variant NAME                  material variant (KHR_materials_variants)\n"
    "  --frames N                      quit after N frames (for scripts)\n"
    "  --shot PATH                     save the last frame, overlay included, as PNG\n"
    "In the window: left drag orbits, right or middle drag pans, the wheel zooms,\n"
    "F frames the model, R resets the view, P saves ./vitrine-NNN.png (no overlay),\n"
    "Esc or Q quits; drop a file on the window to open it.\n";

typedef struct view_opts {
    const char *shot;
    uint32_t frames;
} view_opts;

static int view_option(vt_cli *c, void *opts, const char *a, const char *v) {
    view_opts *o = opts;
    if (!strcmp(a, "--frames")) {
        if (!v) return vt_cli_need_value(c, a);
        if (!vt_cli_parse_uint(v, 1, 100000000, &o->frames))
            return vt_cli_bad_usage(c, "--frames wants a count of at least 1, not '%s'", v);
    } else if (!strcmp(a, "--shot")) {
        if (!v) return vt_cli_need_value(c, a);
        o->shot = v;
    } else {
        return VT_CLI_UNKNOWN;
    }
    return VT_CLI_VALUE;
}

static int parse_args(int argc, char **argv, vt_cli *c, view_opts *o) {
    *c = (vt_cli){.name = "view",
                  .usage = usage_text,
                  .min_size = 64,
                  .max_pitch = 89,
                  .width = 1280,
                  .height = 720,
                  .env = "studio",
                  .yaw = 30,
                  .pitch = 15};
    *o = (view_opts){0};
    return vt_cli_parse(c, argc, argv, view_option, o);
}

/* ---- orbit camera ------------------------------------------------------ */

/* Yaw and pitch as vt_view_frame_bounds: 0, 0 = on the +Z side looking
   along -Z; positive pitch looks from above. */
typedef struct orbit {
    float target[3];
    float yaw, pitch, distance, fovy;
    float radius;               /* of the model's bounding sphere */
    float home_yaw, home_pitch; /* R returns here */
    float frame_distance;       /* the distance that fits the model, for the zoom limits */
} orbit;

static void bounds_center(const vt_aabb *b, float c[3], float *radius) {
    vec3 d;
    for (int i = 0; i < 3; i++) {
        c[i] = 0.5f * (b->min[i] + b->max[i]);
        d[i] = b->max[i] - b->min[i];
    }
    *radius = fmaxf(0.5f * glm_vec3_norm(d), 1e-4f);
}

/* Frames the model at the current yaw and pitch. The distance and field of
   view come from vt_view_frame_bounds, so the first frame matches what
   `vitrine render` draws; a bounding-sphere fit stands in if they are odd. */
static void orbit_frame(orbit *c, const vt_aabb *b, uint32_t w, uint32_t h) {
    bounds_center(b, c->target, &c->radius);
    vt_view v;
    memset(&v, 0, sizeof v);
    vt_view_frame_bounds(b, c->yaw, c->pitch, w, h, &v);
    float eye[3];
    for (int i = 0; i < 3; i++)
        eye[i] = -(v.view[i][0] * v.view[3][0] + v.view[i][1] * v.view[3][1] +
                   v.view[i][2] * v.view[3][2]);
    float dist = glm_vec3_distance(eye, c->target);
    float fovy = v.proj[1][1] > 0 ? 2.0f * atanf(1.0f / v.proj[1][1]) : 0;
    if (!isfinite(dist) || dist <= c->radius || !isfinite(fovy) || fovy < 5 * DEG ||
        fovy > 120 * DEG) {
        fovy = 30 * DEG;
        float aspect = (float)w / (float)(h ? h : 1);
        float half = fminf(fovy * 0.5f, atanf(tanf(fovy * 0.5f) * aspect));
        dist = c->radius / sinf(half) * 1.05f;
    }
    c->fovy = fovy;
    c->distance = c->frame_distance = dist;
}

static void orbit_reset(orbit *c, const vt_aabb *b, uint32_t w, uint32_t h) {
    c->yaw = c->home_yaw;
    c->pitch = c->home_pitch;
    orbit_frame(c, b, w, h);
}

static void orbit_view(const orbit *c, uint32_t w, uint32_t h, vt_view *out) {
    float cp = cosf(c->pitch);
    vec3 eye = {c->target[0] + c->distance * cp * sinf(c->yaw),
                c->target[1] + c->distance * sinf(c->pitch),
                c->target[2] + c->distance * cp * cosf(c->yaw)};
    vec3 target = {c->target[0], c->target[1], c->target[2]};
    /* cglm's SIMD paths want 16-byte aligned matrices; vt_view's are not. */
    mat4 view, proj;
    glm_lookat(eye, target, (vec3){0, 1, 0}, view);
    /* Tight planes around the model keep depth precision; the far plane
       leaves room for the studio ground around it. */
    float near = fmaxf(c->distance - 2.0f * c->radius, c->distance * 0.05f) * 0.5f;
    float far = c->distance + 20.0f * c->radius;
    glm_perspective(c->fovy, (float)w / (float)(h ? h : 1), near, far, proj);
    memset(out, 0, sizeof *out);
    memcpy(out->view, view, sizeof view);
    memcpy(out->proj, proj, sizeof proj);
    out->width = w;
    out->height = h;
}

static void orbit_rotate(orbit *c, float dx, float dy) {
    c->yaw -= dx * 0.008f;
    c->pitch = glm_clamp(c->pitch + dy * 0.008f, -89 * DEG, 89 * DEG);
}

/* Moves the target so the model follows the pointer. */
static void orbit_pan(orbit *c, const vt_view *v, float dx, float dy) {
    float per_pixel =
        2.0f * c->distance * tanf(c->fovy * 0.5f) / (float)(v->height ? v->height : 1);
    for (int i = 0; i < 3; i++) {
        float right = v->view[i][0], up = v->view[i][1];
        c->target[i] += (-dx * right + dy * up) * per_pixel;
    }
}

static void orbit_zoom(orbit *c, float steps) {
    c->distance = glm_clamp(c->distance * powf(0.85f, steps), c->frame_distance * 0.02f,
                            c->frame_distance * 10.0f);
}

/* ---- overlay ----------------------------------------------------------- */

typedef struct hud {
    vt_overlay *ui;
    float scale;
    char message[512];
    bool message_is_error;
    double message_until;
    double hint_until;
} hud;

static const float white[4] = {1, 1, 1, 1};
static const float dim[4] = {0.70f, 0.72f, 0.76f, 1};
static const float panel_color[4] = {0.06f, 0.065f, 0.075f, 0.72f};
static const float error_color[4] = {0.50f, 0.09f, 0.08f, 0.88f};

static void hud_message(hud *h, bool error, double now, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void hud_message(hud *h, bool error, double now, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(h->message, sizeof h->message, fmt, ap);
    va_end(ap);
    /* one line: the importer's messages may carry newlines */
    for (char *p = h->message; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    h->message_is_error = error;
    h->message_until = now + MESSAGE_SECONDS;
}

/* "1234567" -> "1,234,567" */
static void group_digits(uint64_t n, char *out, size_t size) {
    char digits[32];
    int len = snprintf(digits, sizeof digits, "%llu", (unsigned long long)n);
    size_t o = 0;
    for (int i = 0; i < len && o + 2 < size; i++) {
        if (i > 0 && (len - i) % 3 == 0) out[o++] = ',';
        out[o++] = digits[i];
    }
    out[o] = 0;
}

/* Copies text into buf, cut with an ellipsis to fit max_width pixels. */
static const char *fit_text(vt_overlay *ui, const char *text, float max_width, char *buf,
                            size_t size) {
    snprintf(buf, size, "%s", text);
    if (vt_overlay_text_width(ui, buf) <= max_width) return buf;
    size_t n = strlen(buf);
    while (n > 0) {
        n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80) n--; /* whole codepoints */
        if (n + 4 > size) continue;
        memcpy(buf + n, "\xE2\x80\xA6", 4); /* U+2026 */
        if (vt_overlay_text_width(ui, buf) <= max_width) break;
    }
    return buf;
}

static float alpha_for(double until, double now) {
    double left = until - now;
    return left <= 0 ? 0.0f : left >= 0.5 ? 1.0f : (float)(left / 0.5);
}

static void with_alpha(const float in[4], float a, float out[4]) {
    out[0] = in[0], out[1] = in[1], out[2] = in[2], out[3] = in[3] * a;
}

static void hud_draw(hud *h, uint32_t w, uint32_t height, double now, const char *file,
                     double frame_ms, const vt_frame_stats *st) {
    vt_overlay *ui = h->ui;
    float s = h->scale, pad = roundf(12 * s), margin = roundf(12 * s), gap = roundf(18 * s);
    float line = vt_overlay_line_height(ui);
    vt_overlay_begin(ui, w, height);

    char ms[32], tris[48], draws[32], name[256];
    snprintf(ms, sizeof ms, "%.1f ms", frame_ms);
    group_digits(st->triangles, tris, sizeof tris);
    snprintf(draws, sizeof draws, "%u", st->draw_calls);
    const char *labels[3] = {"frame", "triangles", "draw calls"};
    const char *values[3] = {ms, tris, draws};
    float label_w = 0, value_w = vt_overlay_text_width(ui, "000.0 ms");
    for (int i = 0; i < 3; i++) {
        label_w = fmaxf(label_w, vt_overlay_text_width(ui, labels[i]));
        value_w = fmaxf(value_w, vt_overlay_text_width(ui, values[i]));
    }
    float table_w = label_w + gap + value_w;
    float max_name = fmaxf(table_w, fminf(360 * s, (float)w - 2 * (margin + pad)));
    fit_text(ui, file, max_name, name, sizeof name);
    float inner_w = fmaxf(table_w, vt_overlay_text_width(ui, name));
    float x = margin, y = margin;
    float panel_h = pad * 2 + line * 4 + roundf(6 * s);
    vt_overlay_rect(ui, x, y, inner_w + 2 * pad, panel_h, panel_color, roundf(8 * s));
    float tx = x + pad, ty = y + pad;
    vt_overlay_text(ui, tx, ty, name, white);
    ty += line + roundf(6 * s);
    float value_right = tx + inner_w;
    for (int i = 0; i < 3; i++) {
        vt_overlay_text(ui, tx, ty, labels[i], dim);
        vt_overlay_text(ui, value_right - vt_overlay_text_width(ui, values[i]), ty, values[i],
                        white);
        ty += line;
    }

    float a = alpha_for(h->message_until, now);
    bool message = a > 0 && h->message[0];
    if (message) {
        char msg[600];
        fit_text(ui, h->message, (float)w - 2 * (margin + pad), msg, sizeof msg);
        float mw = vt_overlay_text_width(ui, msg) + 2 * pad, mh = line + pad;
        float my = (float)height - margin - mh;
        float bg[4], fg[4];
        with_alpha(h->message_is_error ? error_color : panel_color, a, bg);
        with_alpha(white, a, fg);
        vt_overlay_rect(ui, margin, my, mw, mh, bg, roundf(6 * s));
        vt_overlay_text(ui, margin + pad, my + roundf(pad * 0.5f), msg, fg);
    }

    a = alpha_for(h->hint_until, now);
    if (a > 0 && !message) { /* a message takes the bottom line */
        const char *hint = "drag orbit \xC2\xB7 right-drag pan \xC2\xB7 wheel zoom \xC2\xB7 "
                           "F frame \xC2\xB7 R reset \xC2\xB7 P screenshot";
        float hw = vt_overlay_text_width(ui, hint) + 2 * pad, hh = line + pad;
        if (hw + 2 * margin <= (float)w) {
            float hx = (float)w - margin - hw, hy = (float)height - margin - hh;
            float bg[4], fg[4];
            with_alpha(panel_color, a, bg);
            with_alpha(dim, a, fg);
            vt_overlay_rect(ui, hx, hy, hw, hh, bg, roundf(6 * s));
            vt_overlay_text(ui, hx + pad, hy + roundf(pad * 0.5f), hint, fg);
        }
    }
    vt_overlay_end(ui);
}

/* ---- screenshots ------------------------------------------------------- */

/* What the window shows now (the back buffer, before the swap). */
static vt_result save_window(const char *path, uint32_t w, uint32_t h) {
    size_t row = (size_t)w * 4;
    uint8_t *rgba = malloc(row * h), *tmp = malloc(row);
    if (!rgba || !tmp) {
        free(rgba);
        free(tmp);
        vt_app_error("out of memory for a %ux%u screenshot", w, h);
        return VT_ERR_NOMEM;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glPixelStorei(GL_PACK_ALIGNMENT, 4);
    glReadPixels(0, 0, (GLsizei)w, (GLsizei)h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    for (uint32_t y = 0; y < h / 2; y++) { /* GL rows run bottom up */
        memcpy(tmp, rgba + y * row, row);
        memcpy(rgba + y * row, rgba + (h - 1 - y) * row, row);
        memcpy(rgba + (h - 1 - y) * row, tmp, row);
    }
    for (size_t i = 3; i < row * h; i += 4) rgba[i] = 255;
    vt_result r = vt_png_write(path, w, h, rgba);
    if (r != VT_OK) vt_app_error("%s", vt_last_error());
    free(rgba);
    free(tmp);
    return r;
}

/* The model alone, rendered offscreen at window size, to ./vitrine-NNN.png. */
static vt_result save_image(vt_renderer *r, const vt_stage *st, const vt_view *v,
                            const vt_frame_desc *frame, char *path, size_t path_size) {
    for (unsigned i = 0;; i++) {
        if (i > 999) return VT_ERR_LIMIT;
        snprintf(path, path_size, "vitrine-%03u.png", i);
        if (!vt_file_exists(path)) break;
    }
    uint8_t *rgba = malloc((size_t)v->width * v->height * 4);
    if (!rgba) return VT_ERR_NOMEM;
    vt_result res = vt_renderer_render_image(r, st->scene, v, frame, rgba, NULL);
    if (res == VT_OK) res = vt_png_write(path, v->width, v->height, rgba);
    free(rgba);
    return res;
}

/* ---- the command ------------------------------------------------------- */

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

int vt_cmd_view(int argc, char **argv) {
    vt_cli c;
    view_opts o;
    int rc = parse_args(argc, argv, &c, &o);
    if (rc >= 0) return rc;

    vt_env_desc env = vt_cli_env_desc(c.env);

    /* Before the window opens, so a typo does not flash one. */
    if (vt_file_size(c.input) < 0) {
        vt_app_error("%s: no such file or not readable", c.input);
        return 2;
    }
    char title[1100];
    snprintf(title, sizeof title, "%s \xE2\x80\x94 Vitrine", base_name(c.input));
    vt_window *win = NULL;
    vt_result res = vt_window_create(
        &(vt_window_desc){.title = title, .width = c.width, .height = c.height, .vsync = true},
        &win);
    if (res == VT_ERR_NO_DISPLAY) {
        const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
        if ((d && d[0]) || (wl && wl[0]))
            fprintf(stderr,
                    "vitrine view: no display (%s); render headless with: vitrine render FILE -o "
                    "OUT.png\n",
                    vt_last_error());
        else
            fputs("vitrine view: no display (DISPLAY is unset); render headless with: vitrine "
                  "render FILE -o OUT.png\n",
                  stderr);
        return 2;
    }
    if (res != VT_OK) {
        vt_app_error("%s", vt_last_error());
        return 2;
    }

    vt_renderer *r = NULL;
    vt_stage st = {0};
    hud h = {0};
    rc = 2;
    if (vt_renderer_create(&(vt_renderer_desc){0}, &r) != VT_OK ||
        vt_renderer_set_env(r, &env) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (vt_stage_load(&st, r, c.input, c.variant) != VT_OK) {
        vt_app_error("%s", st.error);
        goto done;
    }

    uint32_t w = 0, ht = 0;
    vt_window_size(win, &w, &ht);
    h.scale = fmaxf(1.0f, roundf((float)w / (float)c.width * 4) / 4);
    if (vt_overlay_create(&(vt_overlay_desc){.scale = h.scale}, &h.ui) != VT_OK)
        vt_log(VT_LOG_WARN, "view", "running without the overlay: %s", vt_last_error());

    char name[1024];
    snprintf(name, sizeof name, "%s", base_name(c.input));
    orbit cam = {.home_yaw = c.yaw * DEG, .home_pitch = c.pitch * DEG};
    orbit_reset(&cam, &st.bounds, w, ht);

    vt_frame_desc frame = {0};
    vt_frame_stats stats = {0};
    bool orbiting = false, panning = false, running = true;
    double start = vt_time_now(), last = start, frame_ms = 0;
    h.hint_until = start + HINT_SECONDS;
    for (uint32_t n = 0; running; n++) {
        vt_window_size(win, &w, &ht);
        vt_view view;
        orbit_view(&cam, w, ht, &view);
        vt_event e;
        while (vt_window_poll(win, &e)) {
            double now = vt_time_now();
            switch (e.type) {
            case VT_EVENT_QUIT:
                running = false;
                break;
            case VT_EVENT_KEY_DOWN:
                if (e.key == KEY_ESCAPE || e.key == 'q') {
                    running = false;
                } else if (e.key == 'f') {
                    orbit_frame(&cam, &st.bounds, w, ht);
                } else if (e.key == 'r') {
                    orbit_reset(&cam, &st.bounds, w, ht);
                } else if (e.key == 'p') {
                    char path[64];
                    if (save_image(r, &st, &view, &frame, path, sizeof path) == VT_OK) {
                        printf("wrote %s (%ux%u)\n", path, w, ht);
                        fflush(stdout);
                        hud_message(&h, false, now, "saved %s", path);
                    } else {
                        vt_app_error("screenshot: %s", vt_last_error());
                        hud_message(&h, true, now, "screenshot failed: %s", vt_last_error());
                    }
                }
                break;
            case VT_EVENT_MOUSE_DOWN:
            case VT_EVENT_MOUSE_UP:
                if (e.button == VT_MOUSE_LEFT) orbiting = e.type == VT_EVENT_MOUSE_DOWN;
                if (e.button == VT_MOUSE_RIGHT || e.button == VT_MOUSE_MIDDLE)
                    panning = e.type == VT_EVENT_MOUSE_DOWN;
                break;
            case VT_EVENT_MOUSE_MOVE:
                if (orbiting)
                    orbit_rotate(&cam, e.dx, e.dy);
                else if (panning)
                    orbit_pan(&cam, &view, e.dx, e.dy);
                break;
            case VT_EVENT_WHEEL:
                orbit_zoom(&cam, e.dy);
                break;
            case VT_EVENT_DROP_FILE: {
                vt_stage next;
                if (vt_stage_load(&next, r, e.path, NULL) == VT_OK) {
                    vt_renderer_release_model(r, st.mesh_base);
                    vt_stage_free(&st);
                    st = next;
                    snprintf(name, sizeof name, "%s", base_name(e.path));
                    snprintf(title, sizeof title, "%s \xE2\x80\x94 Vitrine", name);
                    vt_window_set_title(win, title);
                    orbit_reset(&cam, &st.bounds, w, ht);
                    h.message[0] = 0;
                } else {
                    vt_app_error("%s", next.error);
                    hud_message(&h, true, now, "%s", next.error);
                }
                break;
            }
            default:
                break;
            }
        }
        /* Quitting with --shot draws one more frame to save. */
        bool final = !running || (o.frames && n + 1 >= o.frames);
        if (!running && !o.shot) break;
        orbit_view(&cam, w, ht, &view);
        if (vt_renderer_render(r, st.scene, &view, &frame, &stats) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            goto done;
        }
        double now = vt_time_now();
        double dt_ms = (now - last) * 1000.0;
        last = now;
        frame_ms = n <= 1 ? dt_ms : frame_ms + 0.1 * (dt_ms - frame_ms);
        if (h.ui) hud_draw(&h, w, ht, now, name, frame_ms, &stats);
        if (final && o.shot) {
            if (save_window(o.shot, w, ht) != VT_OK) goto done;
            printf("wrote %s (%ux%u)\n", o.shot, w, ht);
        }
        vt_window_swap(win);
        if (final) running = false;
    }
    rc = 0;
done:
    vt_overlay_destroy(h.ui);
    vt_stage_free(&st);
    vt_renderer_destroy(r);
    vt_window_destroy(win);
    return rc;
}
