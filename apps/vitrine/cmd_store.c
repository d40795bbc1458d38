/* vitrine store [STORE.json] [options]: the walkable store in a window, a
   headless preview, or a scripted shopper session (events and screenshots). */
#define _POSIX_C_SOURCE 200809L /* readlink */
#include "commands.h"
#include "options.h"
#include "vitrine/store.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *usage_text =
    "usage: vitrine store [STORE.json] [options]\n"
    "  (no STORE.json: the demo store, from $VITRINE_DEMO or next to the program)\n"
    "  --lang L              catalog language: en, zh, ... (default en)\n"
    "  --lenient             leave out broken products and placements, list them\n"
    "  --headless            no window: render offscreen\n"
    "  --script FILE         play a shopper script (runs headless), see below\n"
    "  --events FILE         write ecommerce events as JSON lines (default stdout)\n"
    "  --shots DIR           where screenshots go (default out/)\n"
    "  --size WxH            view size (default 1280x720)\n"
    "  --verbose             print where the shopper stands after each walk\n"
    "  --frames N            quit the window after N frames (for tests)\n"
    "  --body BODY.json      your measurements: the fitting room's body (else the\n"
    "                        preset female-m from $VITRINE_BODIES or the store's\n"
    "                        ../bodies folder)\n"
    "  --draft               coarse fitting-room drapes (quick previews and tests)\n"
    "Without a display and without a script it renders the store from the\n"
    "entrance to DIR/store.png. In the window: W/A/S/D or arrows walk, Q/E turn,\n"
    "hold the right button to look, click the floor to walk there, click a\n"
    "product to inspect it (drag turns it, the wheel brings it nearer), C opens\n"
    "the cart, Enter adds to it, Esc goes back or quits.\n"
    "Script: one action a line, # comments: walk X Z, look ID, click ID,\n"
    "variant VID, size LABEL, add [N], remove ID, cart, checkout, back,\n"
    "wait SECONDS, shot NAME, turn DEGREES, point X Y, tap X Y, load,\n"
    "tryon ID, body PRESET|PATH, fitmap on|off, wait drape.\n"
    "An action that cannot be done stops with SCRIPT:LINE: cause (exit 1).\n"
    "Exit status: 0 done, 1 a script action failed or the events could not be\n"
    "written, 2 bad arguments or an unreadable store, script or output path.\n";

typedef struct store_opts {
    vt_cli cli;
    const char *input, *lang, *script, *events, *shots, *body;
    bool lenient, headless, verbose, shots_given, draft;
    uint32_t frames;
} store_opts;

static bool valid_lang(const char *s) {
    size_t n = strlen(s);
    if (!n || n > 15) return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || s[i] == '-'))
            return false;
    return true;
}

static int parse_args(int argc, char **argv, store_opts *o) {
    *o = (store_opts){.lang = "en", .shots = "out"};
    o->cli = (vt_cli){.name = "store", .usage = usage_text, .width = 1280, .height = 720};
    vt_cli *c = &o->cli;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **value = NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            fputs(usage_text, stdout);
            return 0;
        } else if (!strcmp(a, "--lenient")) {
            o->lenient = true;
        } else if (!strcmp(a, "--headless")) {
            o->headless = true;
        } else if (!strcmp(a, "--verbose")) {
            o->verbose = true;
        } else if (!strcmp(a, "--draft")) {
            o->draft = true;
        } else if (!strcmp(a, "--lang")) {
            value = &o->lang;
        } else if (!strcmp(a, "--script")) {
            value = &o->script;
        } else if (!strcmp(a, "--events")) {
            value = &o->events;
        } else if (!strcmp(a, "--shots")) {
            value = &o->shots;
            o->shots_given = true;
        } else if (!strcmp(a, "--body")) {
            value = &o->body;
        } else if (!strcmp(a, "--size")) {
            if (!v) return vt_cli_need_value(c, a);
            unsigned w = 0, h = 0;
            char tail = 0;
            if (sscanf(v, "%ux%u%c", &w, &h, &tail) != 2 || w < 64 || h < 64 || w > 8192 ||
                h > 8192)
                return vt_cli_bad_usage(c, "--size wants WxH between 64x64 and 8192x8192, not '%s'",
                                        v);
            c->width = w, c->height = h;
            i++;
        } else if (!strcmp(a, "--frames")) {
            if (!v) return vt_cli_need_value(c, a);
            if (!vt_cli_parse_uint(v, 1, 100000000, &o->frames))
                return vt_cli_bad_usage(c, "--frames wants a count of at least 1, not '%s'", v);
            i++;
        } else if (a[0] == '-' && a[1]) {
            return vt_cli_bad_usage(c, "unknown option '%s'", a);
        } else if (!o->input) {
            o->input = a;
        } else {
            return vt_cli_bad_usage(c, "unexpected argument '%s'", a);
        }
        if (value) {
            if (!v) return vt_cli_need_value(c, a);
            *value = v;
            i++;
        }
    }
    if (!valid_lang(o->lang))
        return vt_cli_bad_usage(c, "--lang wants a language tag like en or zh-CN, not '%s'",
                                o->lang);
    if (o->body && vt_file_size(o->body) < 0) {
        vt_app_error("store: %s: no such file or not readable", o->body);
        return 2;
    }
    return -1;
}

/* The demo store: $VITRINE_DEMO (a store.json or its folder), else next to
   the program in a build tree (assets/demo generated there, or the source
   tree's ../assets/demo) or an installed prefix (../share/vitrine/demo). */
static bool find_demo(char *out, size_t size) {
    const char *env = getenv("VITRINE_DEMO");
    if (env && env[0]) {
        struct stat st;
        if (!stat(env, &st) && S_ISDIR(st.st_mode))
            snprintf(out, size, "%s/store.json", env);
        else
            snprintf(out, size, "%s", env);
        return true;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return false;
    exe[n] = 0;
    char dir[PATH_MAX];
    vt_path_dir(exe, dir, sizeof dir);
    static const char *rel[] = {"assets/demo/store.json", "../assets/demo/store.json",
                                "../share/vitrine/demo/store.json"};
    for (size_t i = 0; i < sizeof rel / sizeof rel[0]; i++) {
        vt_path_join(dir, rel[i], out, size);
        if (vt_file_exists(out)) return true;
    }
    return false;
}

static int make_dirs(const char *path) {
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1;; p++) {
        if (*p == '/' || !*p) {
            char c = *p;
            *p = 0;
            if (mkdir(buf, 0777) != 0 && errno != EEXIST) {
                vt_app_error("store: %s: cannot create the folder (%s)", buf, strerror(errno));
                return 2;
            }
            *p = c;
            if (!c) break;
        }
    }
    return 0;
}

/* ---- events ------------------------------------------------------------ */

/* Where events go; the first write error is kept for the exit status (a
   full disk must not pass for a session without events). */
typedef struct event_out {
    FILE *f;
    const char *path; /* "stdout" for stdout */
    int err;          /* errno of the first failed write, 0 if none */
} event_out;

static void write_event(void *user, const char *name, const char *json) {
    (void)name;
    event_out *o = user;
    if (o->err) return;
    errno = 0;
    if (fputs(json, o->f) < 0 || fputc('\n', o->f) == EOF || fflush(o->f) != 0)
        o->err = errno ? errno : EIO;
}

/* Closes the events file (flushes stdout); false with a message on a write
   error now or before. */
static bool close_events(event_out *o) {
    errno = 0;
    int bad = o->f == stdout ? fflush(o->f) : fclose(o->f);
    if (bad && !o->err) o->err = errno ? errno : EIO;
    if (!o->err) return true;
    vt_app_error("store: %s: cannot write the events (%s)", o->path, strerror(o->err));
    return false;
}

/* ---- script ------------------------------------------------------------ */

static int run_script(vt_store *st, const store_opts *o, const vt_script *sc) {
    int rc = 0;
    /* Products first: a script sees the whole store, as a shopper would. */
    if (vt_store_act(st, &(vt_action){.kind = VT_ACTION_LOAD}) != VT_OK) {
        fprintf(stderr, "%s: %s\n", o->script, vt_last_error());
        rc = 1;
    }
    uint32_t failed = vt_store_failed(st);
    if (!rc && failed)
        fprintf(stderr, "vitrine store: warning: %u product models did not load\n", failed);
    for (uint32_t i = 0; !rc && i < sc->action_count; i++) {
        const vt_action *a = &sc->actions[i];
        if (vt_store_act(st, a) != VT_OK) {
            fprintf(stderr, "%s:%u: %s\n", o->script, a->line, vt_last_error());
            rc = 1;
            break;
        }
        float pos[3];
        vt_store_camera(st, pos, NULL, NULL);
        if (a->kind == VT_ACTION_WALK) {
            float dx = pos[0] - a->x, dz = pos[2] - a->y;
            if (sqrtf(dx * dx + dz * dz) > 0.02f)
                fprintf(stderr,
                        "%s:%u: warning: walk to (%.2f, %.2f) stopped at (%.2f, %.2f): the way "
                        "is blocked\n",
                        o->script, a->line, (double)a->x, (double)a->y, (double)pos[0],
                        (double)pos[2]);
            if (o->verbose)
                fprintf(stderr, "%s:%u: at %.3f %.3f\n", o->script, a->line, (double)pos[0],
                        (double)pos[2]);
        }
        if (a->kind == VT_ACTION_WAIT_DRAPE && o->verbose) {
            vt_store_tryon_info t;
            vt_store_tryon(st, &t);
            const vt_product *p = &vt_store_get_def(st)->products[t.product];
            fprintf(stderr,
                    "%s:%u: %s in %s on %s: %.2f%% outside the body, deepest %.1f mm "
                    "(%u cloth vertices, %.0f ms); %s\n",
                    o->script, a->line, p->id, t.size < p->size_count ? p->sizes[t.size] : "?",
                    t.body, (double)t.outside_share * 100, (double)t.max_penetration_mm,
                    t.cloth_vertices, t.drape_ms, t.reason);
        }
        if (a->kind == VT_ACTION_SHOT && o->verbose)
            fprintf(stderr, "%s:%u: wrote %s/%s.png\n", o->script, a->line, o->shots, a->arg);
    }
    return rc;
}

/* ---- window ------------------------------------------------------------ */

static int run_window(vt_window *win, vt_store *st, const store_opts *o) {
    double last = vt_time_now();
    bool running = true;
    for (uint32_t n = 0; running; n++) {
        vt_event e;
        while (vt_window_poll(win, &e)) {
            switch (e.type) {
            case VT_EVENT_QUIT:
                running = false;
                break;
            case VT_EVENT_KEY_DOWN:
            case VT_EVENT_KEY_UP:
                if (!vt_store_key(st, e.key, e.type == VT_EVENT_KEY_DOWN) &&
                    e.type == VT_EVENT_KEY_DOWN && e.key == VT_STORE_KEY_ESCAPE)
                    running = false;
                break;
            case VT_EVENT_MOUSE_DOWN:
            case VT_EVENT_MOUSE_UP:
                vt_store_pointer_button(st, e.button, e.type == VT_EVENT_MOUSE_DOWN, e.x, e.y);
                break;
            case VT_EVENT_MOUSE_MOVE:
                vt_store_pointer_move(st, e.x, e.y);
                break;
            case VT_EVENT_WHEEL:
                vt_store_wheel(st, e.dy);
                break;
            default:
                break;
            }
        }
        double now = vt_time_now();
        vt_store_update(st, now - last);
        last = now;
        uint32_t w = 0, h = 0;
        vt_window_size(win, &w, &h);
        if (vt_store_render(st, w, h, 0) != VT_OK) {
            vt_app_error("store: %s", vt_last_error());
            return 2;
        }
        vt_window_swap(win);
        if (o->frames && n + 1 >= o->frames) running = false;
    }
    if (o->verbose) {
        float pos[3], yaw;
        vt_store_camera(st, pos, &yaw, NULL);
        printf("at %.3f %.3f yaw %.1f\n", (double)pos[0], (double)pos[2],
               (double)yaw * 57.29577951308232);
    }
    return 0;
}

/* ---- the command ------------------------------------------------------- */

int vt_cmd_store(int argc, char **argv) {
    store_opts o;
    int rc = parse_args(argc, argv, &o);
    if (rc >= 0) return rc;

    char demo[PATH_MAX];
    const char *path = o.input;
    if (!path) {
        if (!find_demo(demo, sizeof demo)) {
            vt_app_error("store: no demo store found (set VITRINE_DEMO to its store.json)");
            return 2;
        }
        path = demo;
    }
    /* The script is read before the store, so a typo fails at once. */
    vt_script *sc = NULL;
    bool shots = false;
    if (o.script) {
        if (vt_file_size(o.script) < 0) {
            vt_app_error("store: %s: no such file or not readable", o.script);
            return 2;
        }
        if (vt_script_load(o.script, &sc) != VT_OK) {
            fprintf(stderr, "%s\n", vt_last_error());
            return 2;
        }
        for (uint32_t i = 0; i < sc->action_count; i++)
            shots |= sc->actions[i].kind == VT_ACTION_SHOT;
    }

    const char *d = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    bool display = (d && d[0]) || (wl && wl[0]);
    bool headless = o.headless || o.script || !display;

    event_out events = {.f = stdout, .path = "stdout"};
    if (o.events) {
        events.path = o.events;
        if (!(events.f = fopen(o.events, "w"))) {
            vt_app_error("store: %s: cannot write (%s)", o.events, strerror(errno));
            vt_script_free(sc);
            return 2;
        }
    }
    /* the folder for screenshots, only when some will be written */
    if (((headless && !o.script) || shots) && (rc = make_dirs(o.shots)) != 0) {
        if (events.f != stdout) fclose(events.f);
        vt_script_free(sc);
        return rc;
    }

    vt_window *win = NULL;
    vt_headless *gl = NULL;
    vt_store *st = NULL;
    rc = 2;
    if (!headless) {
        vt_result r = vt_window_create(
            &(vt_window_desc){
                .title = "Vitrine", .width = o.cli.width, .height = o.cli.height, .vsync = true},
            &win);
        if (r == VT_ERR_NO_DISPLAY) {
            headless = true; /* as without DISPLAY: the preview */
            if ((rc = make_dirs(o.shots)) != 0) goto done;
            rc = 2;
        } else if (r != VT_OK) {
            vt_app_error("store: %s", vt_last_error());
            goto done;
        }
    }
    if (headless && vt_headless_create(&gl) != VT_OK) {
        vt_app_error("store: %s", vt_last_error());
        goto done;
    }

    vt_store_desc desc = {.path = path,
                          .lang = o.lang,
                          .lenient = o.lenient,
                          .on_event = write_event,
                          .event_user = &events,
                          .width = o.cli.width,
                          .height = o.cli.height,
                          .shot_dir = o.shots,
                          .body = o.body,
                          .bodies_dir = getenv("VITRINE_BODIES"),
                          .tryon_draft = o.draft};
    if (vt_store_create(&desc, &st) != VT_OK) {
        fprintf(stderr, "%s\n", vt_last_error());
        goto done;
    }
    const vt_store_def *def = vt_store_get_def(st);
    for (uint32_t i = 0; i < def->issue_count; i++) fprintf(stderr, "%s\n", def->issues[i]);
    if (def->issue_count)
        fprintf(stderr, "vitrine store: %u entr%s left out (--lenient)\n", def->issue_count,
                def->issue_count == 1 ? "y" : "ies");

    if (win) {
        char title[300];
        snprintf(title, sizeof title, "%s \xE2\x80\x94 Vitrine", vt_text_get(&def->name, o.lang));
        vt_window_set_title(win, title);
        rc = run_window(win, st, &o);
    } else if (o.script) {
        rc = run_script(st, &o, sc);
    } else {
        if (vt_store_act(st, &(vt_action){.kind = VT_ACTION_LOAD}) != VT_OK ||
            vt_store_act(st, &(vt_action){.kind = VT_ACTION_SHOT, .arg = "store"}) != VT_OK) {
            vt_app_error("store: %s", vt_last_error());
            goto done;
        }
        printf("vitrine store: %s; rendered the store from the entrance to %s/store.png "
               "(%ux%u)\n",
               o.headless ? "headless" : "no display", o.shots, o.cli.width, o.cli.height);
        rc = 0;
    }
done:
    vt_script_free(sc);
    vt_store_destroy(st);
    vt_headless_destroy(gl);
    vt_window_destroy(win);
    if (!close_events(&events) && !rc) rc = 1;
    return rc;
}
