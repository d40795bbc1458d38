/* vitrine fit --body BODY.json --garment GARMENT.json [--size NAME|auto|all]
   [--fitmap] [--lang en|zh] [-o OUT.png] [--export OUT.glb] [--panels OUT.svg]
   [--json] */
#define _DEFAULT_SOURCE /* mkstemps */
#include "commands.h"
#include "stage.h"
#include "vitrine/vitrine.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DEG 0.017453292f

static void usage(FILE *f) {
    fputs("usage: vitrine fit --body BODY.json --garment GARMENT.json [options]\n"
          "  Drapes a garment on a body built from its measurements, scores every size and\n"
          "  recommends one (see assets/garments/README.md and assets/bodies/README.md).\n"
          "  --size NAME|auto|all  size to drape (default auto: the recommended one)\n"
          "  --fitmap              colour the garment by stretch: blue loose, green, red at\n"
          "                        the fabric's comfortable limit\n"
          "  --lang en|zh          language of the advice (default en)\n"
          "  -o OUT.png            render the draped size (with --size all: OUT-SIZE.png each)\n"
          "  --export OUT.glb      body and garment as one glTF (meshes body, garment)\n"
          "  --panels OUT.svg      the draped size's pattern panels, seams and measure lines\n"
          "  --pose a              the body's pose (only the rest A-pose so far)\n"
          "  --json                print body, advice and per-size regions and drape figures\n"
          "  Exit status: 0 done, 2 bad arguments or a bad body or garment file.\n",
          f);
}

typedef struct fit_opts {
    const char *body, *garment, *size, *out, *export_path, *panels;
    bool fitmap, as_json;
    vt_lang lang;
} fit_opts;

static int parse(int argc, char **argv, fit_opts *o) {
    memset(o, 0, sizeof *o);
    o->size = "auto";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        const char **dst = NULL;
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (!strcmp(a, "--json")) {
            o->as_json = true;
            continue;
        } else if (!strcmp(a, "--fitmap")) {
            o->fitmap = true;
            continue;
        } else if (!strcmp(a, "--body")) {
            dst = &o->body;
        } else if (!strcmp(a, "--garment")) {
            dst = &o->garment;
        } else if (!strcmp(a, "--size")) {
            dst = &o->size;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            dst = &o->out;
        } else if (!strcmp(a, "--export")) {
            dst = &o->export_path;
        } else if (!strcmp(a, "--panels")) {
            dst = &o->panels;
        } else if (!strcmp(a, "--lang") || !strcmp(a, "--pose")) {
            if (!v) {
                vt_app_error("fit: %s needs a value", a);
                usage(stderr);
                return 2;
            }
            if (!strcmp(a, "--lang") && (!strcmp(v, "en") || !strcmp(v, "zh"))) {
                o->lang = !strcmp(v, "zh") ? VT_LANG_ZH : VT_LANG_EN;
            } else if (!strcmp(a, "--pose") && !strcmp(v, "a")) {
            } else if (!strcmp(a, "--pose") && (!strcmp(v, "t") || !strcmp(v, "walk"))) {
                vt_app_error("fit: --pose %s is not supported yet (only the rest A-pose)", v);
                return 2;
            } else {
                vt_app_error("fit: %s '%s' is not one of %s", a, v,
                             !strcmp(a, "--lang") ? "en, zh" : "a, t, walk");
                usage(stderr);
                return 2;
            }
            i++;
            continue;
        } else {
            vt_app_error("fit: unknown %s '%s'", a[0] == '-' ? "option" : "argument", a);
            usage(stderr);
            return 2;
        }
        if (!v) {
            vt_app_error("fit: %s needs a value", a);
            usage(stderr);
            return 2;
        }
        *dst = v;
        i++;
    }
    if (!o->body || !o->garment) {
        vt_app_error("fit: %s",
                     o->body ? "no --garment GARMENT.json given" : "no --body BODY.json given");
        usage(stderr);
        return 2;
    }
    return -1;
}

static bool is_glb(const char *path) {
    return !strcasecmp(vt_path_ext(path), ".glb");
}

static void progress(float done, void *user) {
    (void)user;
    fprintf(stderr, "\rvitrine fit: draping %3.0f%%", (double)done * 100);
    fflush(stderr);
}

/* Renders body + garment (written to a temporary glb) to a PNG. */
static vt_result render_png(const vt_body *body, const vt_garment *g, const float *colors,
                            const char *out) {
    char tmp[] = "/tmp/vitrine-fit-XXXXXX.glb";
    int fd = mkstemps(tmp, 4);
    if (fd < 0) return VT_ERR_IO;
    close(fd);
    vt_result r = vt_fit_write_glb(body, g, colors, NULL, tmp);
    vt_headless *gl = NULL;
    vt_renderer *rd = NULL;
    vt_stage st = {0};
    uint8_t *rgba = NULL;
    const uint32_t w = 768, h = 1024;
    if (r == VT_OK) r = vt_headless_create(&gl);
    if (r == VT_OK) r = vt_renderer_create(&(vt_renderer_desc){0}, &rd);
    vt_env_desc env = {0};
    if (r == VT_OK) r = vt_renderer_set_env(rd, &env);
    if (r == VT_OK) r = vt_stage_load(&st, rd, tmp, NULL);
    if (r == VT_OK && !(rgba = malloc((size_t)w * h * 4))) r = VT_ERR_NOMEM;
    if (r == VT_OK) {
        vt_view view;
        vt_view_frame_bounds(&st.bounds, 20 * DEG, 5 * DEG, w, h, &view);
        vt_frame_desc frame = {0};
        r = vt_renderer_render_image(rd, st.scene, &view, &frame, rgba, NULL);
    }
    if (r == VT_OK) r = vt_png_write(out, w, h, rgba);
    free(rgba);
    vt_stage_free(&st);
    vt_renderer_destroy(rd);
    vt_headless_destroy(gl);
    unlink(tmp);
    return r;
}

typedef struct size_run {
    uint32_t index;
    vt_garment *g;
    vt_drape_stats st;
    float *stretch;
} size_run;

static json_t *body_json(const vt_body *b) {
    return json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "stature", (double)b->measured.stature,
                     "chest_girth", (double)b->measured.chest_girth, "waist_girth",
                     (double)b->measured.waist_girth, "hip_girth", (double)b->measured.hip_girth,
                     "arm_length", (double)b->requested.arm_length, "inside_leg_length",
                     (double)b->requested.inside_leg_length);
}

static json_t *size_json(const vt_garment_spec *spec, const vt_fit_advice *a, uint32_t i,
                         const size_run *run, const vt_body *body, vt_lang lang) {
    json_t *regions = json_object();
    for (int r = 0; r < VT_REGION_COUNT; r++) {
        const vt_region_fit *f = &a->sizes[i].regions[r];
        if (!f->scored && !(run && (r <= VT_REGION_HIP) && spec->in_chart[r])) continue;
        json_t *o = json_object();
        if (f->scored) {
            json_object_set_new(o, "ease", json_real(f->ease));
            json_object_set_new(o, "status", json_string(vt_fit_status_name(f->status)));
        }
        float mean, max;
        if (run && vt_garment_region_stretch(run->g, run->stretch, (vt_fit_region)r, &mean, &max)) {
            json_object_set_new(o, "stretch_mean", json_real(mean));
            json_object_set_new(o, "stretch_max", json_real(max));
        }
        json_object_set_new(regions, vt_fit_region_name((vt_fit_region)r), o);
    }
    json_t *o = json_pack("{s:s, s:o, s:s}", "size", spec->sizes[i].name, "regions", regions, "hem",
                          vt_fit_hem_text(body, vt_fit_hem_height(spec, i, body), lang));
    if (run)
        json_object_set_new(o, "drape",
                            json_pack("{s:f, s:i, s:f, s:f, s:f}", "ms", run->st.ms, "steps",
                                      (json_int_t)run->st.frames, "kinetic_energy",
                                      (double)run->st.kinetic_energy, "outside_share",
                                      (double)run->st.outside_share, "max_penetration_mm",
                                      (double)run->st.max_penetration_mm));
    return o;
}

int vt_cmd_fit(int argc, char **argv) {
    fit_opts o;
    int rc = parse(argc, argv, &o);
    if (rc >= 0) return rc;
    if (is_glb(o.body) || is_glb(o.garment)) {
        vt_app_error("fit: %s: a .glb %s is not supported yet (use a .json file)",
                     is_glb(o.body) ? o.body : o.garment, is_glb(o.body) ? "body" : "garment");
        return 2;
    }
    vt_body_measurements m;
    vt_garment_spec spec;
    if (vt_body_load_json(o.body, &m) != VT_OK || vt_garment_load_json(o.garment, &spec) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        return 2;
    }
    vt_body *body = NULL;
    size_run runs[VT_GARMENT_MAX_SIZES] = {0};
    uint32_t nrun = 0;
    vt_jobs *jobs = NULL;
    rc = 2;
    if (vt_body_build(&m, &body) != VT_OK) {
        vt_app_error("%s: %s", o.body, vt_last_error());
        goto done;
    }
    float values[VT_REGION_COUNT];
    vt_fit_body_values(body, values);
    vt_fit_advice advice;
    if (vt_fit_advise(&spec, values, o.lang, &advice) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    bool all = !strcmp(o.size, "all");
    if (all) {
        for (uint32_t i = 0; i < spec.size_count; i++) runs[nrun++].index = i;
    } else if (!strcmp(o.size, "auto")) {
        runs[nrun++].index = (uint32_t)advice.recommended;
    } else {
        int32_t i = vt_garment_find_size(&spec, o.size);
        if (i < 0) {
            vt_app_error("fit: %s has no size '%s'", o.garment, o.size);
            goto done;
        }
        runs[nrun++].index = (uint32_t)i;
    }
    vt_garment *gs[VT_GARMENT_MAX_SIZES];
    vt_drape_stats st[VT_GARMENT_MAX_SIZES];
    for (uint32_t k = 0; k < nrun; k++) {
        if (vt_garment_build(&spec, runs[k].index, NULL, &runs[k].g) != VT_OK) {
            vt_app_error("%s: %s", o.garment, vt_last_error());
            goto done;
        }
        gs[k] = runs[k].g;
    }
    if (vt_jobs_create(0, &jobs) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    vt_drape_desc dd = {0};
    if (nrun == 1 && isatty(2)) dd.progress = progress;
    if (vt_drape_many(gs, nrun, body, &dd, jobs, st) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (dd.progress) fputs("\n", stderr);
    for (uint32_t k = 0; k < nrun; k++) {
        runs[k].st = st[k];
        runs[k].stretch = malloc(runs[k].g->mesh.vertex_count * sizeof(float));
        if (!runs[k].stretch || vt_garment_stretch(runs[k].g, runs[k].stretch) != VT_OK) {
            vt_app_error("fit: out of memory");
            goto done;
        }
    }
    for (uint32_t k = 0; k < nrun; k++) {
        size_run *run = &runs[k];
        float *colors = NULL;
        if (o.fitmap) {
            colors = malloc(run->g->mesh.vertex_count * 4 * sizeof(float));
            if (!colors) {
                vt_app_error("fit: out of memory");
                goto done;
            }
            vt_fit_colors(run->g, run->stretch, colors);
        }
        char name[1100];
        if (o.out) {
            if (all) {
                const char *ext = vt_path_ext(o.out);
                snprintf(name, sizeof name, "%.*s-%s%s", (int)(strlen(o.out) - strlen(ext)), o.out,
                         run->g->size, ext[0] ? ext : ".png");
            } else {
                snprintf(name, sizeof name, "%s", o.out);
            }
            vt_result r = render_png(body, run->g, colors, name);
            if (r != VT_OK) {
                vt_app_error("fit: %s: %s", name, vt_last_error());
                free(colors);
                goto done;
            }
            if (!o.as_json) printf("wrote %s\n", name);
        }
        if (k == 0 && o.export_path &&
            vt_fit_write_glb(body, run->g, colors, NULL, o.export_path) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            free(colors);
            goto done;
        }
        free(colors);
        if (k == 0 && o.panels && vt_garment_write_svg(run->g, o.panels) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            goto done;
        }
    }
    if (o.as_json) {
        json_t *sizes = json_array();
        for (uint32_t i = 0; i < spec.size_count; i++) {
            const size_run *run = NULL;
            for (uint32_t k = 0; k < nrun; k++)
                if (runs[k].index == i) run = &runs[k];
            json_array_append_new(sizes, size_json(&spec, &advice, i, run, body, o.lang));
        }
        json_t *root =
            json_pack("{s:o, s:s, s:s, s:s, s:o}", "body", body_json(body), "recommended",
                      spec.sizes[advice.recommended].name, "deciding",
                      vt_fit_region_name(advice.deciding), "reason", advice.reason, "sizes", sizes);
        char *text = root ? json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(6)) : NULL;
        if (text) puts(text);
        free(text);
        json_decref(root);
    } else {
        printf("%s\n", advice.reason);
    }
    rc = 0;
done:
    for (uint32_t k = 0; k < nrun; k++) {
        vt_garment_free(runs[k].g);
        free(runs[k].stretch);
    }
    vt_jobs_destroy(jobs);
    vt_body_free(body);
    return rc;
}
