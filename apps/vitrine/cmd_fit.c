/* vitrine fit --body BODY.json|BODY.glb --garment GARMENT.json|GARMENT.glb
   [--reference BODY.json|BODY.glb] [--size NAME|auto|all]
   [--pose a|t|walk] [--fitmap] [--lang en|zh] [-o OUT.png] [--export OUT.glb] [--panels OUT.svg]
   [--json] */
#define _DEFAULT_SOURCE /* mkstemps */
#include "commands.h"
#include "stage.h"
#include "vitrine/vitrine.h"

#include <jansson.h>

#include <math.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define DEG 0.017453292f

static void usage(FILE *f) {
    fputs("usage: vitrine fit --body BODY.json|BODY.glb --garment GARMENT.json|GARMENT.glb\n"
          "                   [options]\n"
          "  Drapes a garment on a body built from its measurements, scores every size and\n"
          "  recommends one (see assets/garments/README.md and assets/bodies/README.md).\n"
          "  A .glb body is a user's own skinned humanoid (VRM or Mixamo bone names), measured\n"
          "  with the same tape. A .glb garment is a brand's model of one size on its\n"
          "  reference body (the file's skinned mesh \"body\", as --export writes it), carried\n"
          "  onto this body and draped; it takes every --pose (it has no --panels).\n"
          "  --reference BODY.json|BODY.glb  the body a .glb garment was modelled on, when\n"
          "                        the file has none\n"
          "  --size NAME|auto|all  size to drape (default auto: the recommended one)\n"
          "  --fitmap              colour the garment by stretch: blue loose, green, red at\n"
          "                        the fabric's comfortable limit\n"
          "  --lang en|zh          language of the advice (default en)\n"
          "  -o OUT.png            render the draped size, captioned with its advice (with\n"
          "                        --size all: every size side by side, a contact sheet)\n"
          "  --export OUT.glb      body and garment as one glTF (meshes body, garment)\n"
          "  --panels OUT.svg      the draped size's pattern panels, seams and measure lines\n"
          "  --pose a|t|walk       the pose: the rest A-pose (default), the T-pose (the\n"
          "                        garment is draped in the A-pose, skinned with the body,\n"
          "                        then settled again) or the walk cycle (the garment\n"
          "                        skinned with the body; -o shows four phases side by side,\n"
          "                        --json the worst figures over the cycle, --export the\n"
          "                        walk as a glTF animation)\n"
          "  --draft               a quick, coarse drape (about 1500 cloth vertices, at most\n"
          "                        60 frames, 8 mm off the skin, small images; a .glb\n"
          "                        garment keeps its vertices): previews and tests\n"
          "  --json                print body, advice and per-size regions and drape figures\n"
          "  Exit status: 0 done, 2 bad arguments or a bad body or garment file.\n",
          f);
}

typedef struct fit_opts {
    const char *body, *garment, *size, *out, *export_path, *panels, *reference;
    bool fitmap, as_json, draft;
    vt_lang lang;
    vt_pose pose;
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
        } else if (!strcmp(a, "--draft")) {
            o->draft = true;
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
        } else if (!strcmp(a, "--reference")) {
            dst = &o->reference;
        } else if (!strcmp(a, "--lang") || !strcmp(a, "--pose")) {
            if (!v) {
                vt_app_error("fit: %s needs a value", a);
                usage(stderr);
                return 2;
            }
            if (!strcmp(a, "--lang") && (!strcmp(v, "en") || !strcmp(v, "zh"))) {
                o->lang = !strcmp(v, "zh") ? VT_LANG_ZH : VT_LANG_EN;
            } else if (!strcmp(a, "--pose") &&
                       (!strcmp(v, "a") || !strcmp(v, "t") || !strcmp(v, "walk"))) {
                o->pose = !strcmp(v, "t")      ? VT_POSE_T
                          : !strcmp(v, "walk") ? VT_POSE_WALK
                                               : VT_POSE_A;
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

typedef struct size_run {
    uint32_t index;
    vt_garment *g;
    vt_drape_stats st;
    float *stretch;
    float *colors; /* with --fitmap */
} size_run;

/* A headless renderer for the command's images. */
typedef struct painter {
    vt_headless *gl;
    vt_renderer *r;
} painter;

static vt_result painter_open(painter *p) {
    memset(p, 0, sizeof *p);
    vt_result r = vt_headless_create(&p->gl);
    if (r == VT_OK) r = vt_renderer_create(&(vt_renderer_desc){0}, &p->r);
    vt_env_desc env = {0};
    if (r == VT_OK) r = vt_renderer_set_env(p->r, &env);
    return r;
}

static void painter_close(painter *p) {
    vt_renderer_destroy(p->r);
    vt_headless_destroy(p->gl);
}

/* Body and cloth at full detail: the cloth lies 3 mm over the skin, and a
   coarser level of the body, up to a pixel off its surface (4 mm at 480 px
   across the T-pose), showed through the garment in patches. */
static void full_detail(vt_model *m) {
    for (uint32_t i = 0; i < m->mesh_count; i++) m->meshes[i].full_detail = true;
}

/* A body-and-garment glb written to a temporary file, loaded, uploaded and
   placed in a scene of its own. */
typedef struct shown {
    vt_model *model;
    vt_scene *scene;
    uint32_t base;
} shown;

/* A new temporary .glb path in tmp (at least 32 bytes). */
static vt_result temp_glb(char *tmp) {
    strcpy(tmp, "/tmp/vitrine-fit-XXXXXX.glb");
    int fd = mkstemps(tmp, 4);
    if (fd < 0) return VT_ERR_IO;
    close(fd);
    return VT_OK;
}

/* Loads the glb at tmp (r: how writing it went) and removes the file. */
static vt_result show_glb(painter *p, vt_result r, const char *tmp, shown *out) {
    memset(out, 0, sizeof *out);
    /* our own file, just written: no need for the sandboxed importer */
    if (r == VT_OK) r = vt_model_load(tmp, &(vt_load_desc){.in_process = true}, &out->model);
    if (r == VT_OK) full_detail(out->model);
    unlink(tmp);
    if (r == VT_OK) r = vt_scene_create(&(vt_scene_desc){0}, &out->scene);
    if (r == VT_OK) r = vt_renderer_upload_model(p->r, out->model, &out->base);
    if (r == VT_OK) r = vt_model_instantiate(out->model, out->scene, (vt_node){0}, out->base, NULL);
    return r;
}

static void shown_free(painter *p, shown *s) {
    if (s->base) vt_renderer_release_model(p->r, s->base);
    vt_scene_destroy(s->scene);
    vt_model_free(s->model);
}

/* Copies a cell_w x cell_h image into column k of a sheet of n cells. */
static void put_cell(uint8_t *sheet, uint32_t n, uint32_t k, const uint8_t *rgba, uint32_t cell_w,
                     uint32_t cell_h) {
    for (uint32_t y = 0; y < cell_h; y++)
        memcpy(sheet + ((size_t)y * cell_w * n + (size_t)k * cell_w) * 4,
               rgba + (size_t)y * cell_w * 4, (size_t)cell_w * 4);
}

/* Renders each garment on the body into its cell of the sheet (cell_w x
   cell_h each, side by side). Body and garments reach the renderer as one
   temporary glb, the way any model does, loaded and uploaded once; each
   cell shows the body with one garment, framed on the two. */
static vt_result paint_sheet(painter *p, const vt_body *body, const size_run *runs, uint32_t n,
                             uint32_t cell_w, uint32_t cell_h, uint8_t *sheet) {
    char tmp[64];
    if (temp_glb(tmp) != VT_OK) return VT_ERR_IO;
    const vt_garment *gs[VT_GARMENT_MAX_SIZES];
    const float *cs[VT_GARMENT_MAX_SIZES];
    for (uint32_t k = 0; k < n; k++) {
        gs[k] = runs[k].g;
        cs[k] = runs[k].colors;
    }
    shown sh;
    vt_result r = show_glb(p, vt_fit_write_glb_many(body, gs, cs, n, NULL, tmp), tmp, &sh);
    vt_scene *scene = sh.scene;
    uint8_t *rgba = r == VT_OK ? malloc((size_t)cell_w * cell_h * 4) : NULL;
    if (r == VT_OK && !rgba) r = VT_ERR_NOMEM;
    for (uint32_t k = 0; k < n && r == VT_OK; k++) {
        for (uint32_t i = 0; i < n; i++) {
            char name[40];
            snprintf(name, sizeof name, n == 1 ? "garment" : "garment-%s", runs[i].g->size);
            vt_node_set_visible(scene, vt_node_find(scene, name), i == k);
        }
        vt_scene_update(scene);
        vt_aabb bounds;
        if (!vt_scene_bounds(scene, &bounds)) {
            r = VT_ERR_INVALID;
            break;
        }
        vt_view view;
        vt_view_frame_bounds(&bounds, 20 * DEG, 5 * DEG, cell_w, cell_h, &view);
        r = vt_renderer_render_image(p->r, scene, &view, &(vt_frame_desc){0}, rgba, NULL);
        if (r == VT_OK) put_cell(sheet, n, k, rgba, cell_w, cell_h);
    }
    free(rgba);
    shown_free(p, &sh);
    return r;
}

/* --pose walk -o: WALK_CELLS phases of the cycle side by side, seen by one
   camera framed on all of them from the front-left, where the legs' swing
   shows. The walker was made from the rest body and garment. */
#define WALK_CELLS 4u
static vt_result paint_walk(painter *p, vt_fit_walker *w, const vt_body *body, const size_run *run,
                            uint32_t cell_w, uint32_t cell_h, uint8_t *sheet) {
    const vt_garment *g = run->g;
    uint32_t nb = body->mesh.vertex_count, ng = g->mesh.vertex_count;
    float *bp = malloc((size_t)nb * 3 * WALK_CELLS * sizeof *bp);
    float *gp = malloc((size_t)ng * 3 * WALK_CELLS * sizeof *gp);
    uint8_t *rgba = malloc((size_t)cell_w * cell_h * 4);
    vt_result r = bp && gp && rgba ? VT_OK : VT_ERR_NOMEM;
    vt_aabb all = {{INFINITY, INFINITY, INFINITY}, {-INFINITY, -INFINITY, -INFINITY}};
    for (uint32_t k = 0; k < WALK_CELLS && r == VT_OK; k++) {
        float *gk = gp + (size_t)ng * 3 * k, *bk = bp + (size_t)nb * 3 * k;
        vt_fit_walker_frame(w, (float)k / WALK_CELLS, bk, &gk);
        for (uint32_t v = 0; v < nb; v++)
            for (int c = 0; c < 3; c++) {
                all.min[c] = fminf(all.min[c], bk[3 * v + c]);
                all.max[c] = fmaxf(all.max[c], bk[3 * v + c]);
            }
    }
    vt_view view;
    vt_view_frame_bounds(&all, -35 * DEG, 5 * DEG, cell_w, cell_h, &view);
    for (uint32_t k = 0; k < WALK_CELLS && r == VT_OK; k++) {
        vt_body pb = *body;
        vt_garment pg = *g;
        pb.mesh.positions = bp + (size_t)nb * 3 * k;
        pg.mesh.positions = gp + (size_t)ng * 3 * k;
        pb.mesh.normals = pg.mesh.normals = NULL;
        char tmp[64];
        if ((r = temp_glb(tmp)) != VT_OK) break;
        r = vt_mesh_compute_normals(&pb.mesh);
        if (r == VT_OK) r = vt_mesh_compute_normals(&pg.mesh);
        if (r == VT_OK) r = vt_fit_write_glb(&pb, &pg, run->colors, NULL, tmp);
        free(pb.mesh.normals);
        free(pg.mesh.normals);
        shown sh;
        r = show_glb(p, r, tmp, &sh);
        if (r == VT_OK) {
            vt_scene_update(sh.scene);
            r = vt_renderer_render_image(p->r, sh.scene, &view, &(vt_frame_desc){0}, rgba, NULL);
        }
        if (r == VT_OK) put_cell(sheet, WALK_CELLS, k, rgba, cell_w, cell_h);
        shown_free(p, &sh);
    }
    free(bp);
    free(gp);
    free(rgba);
    return r;
}

/* Draws text (dark grey) into rgba at (x, y) from the top left. */
static void label(vt_font *f, const char *text, float px, uint8_t *rgba, uint32_t w, uint32_t h,
                  uint32_t x, uint32_t y) {
    vt_text_image im;
    if (!f || vt_font_render_text(f, text, px, &im) != VT_OK) return;
    for (uint32_t j = 0; j < im.height && y + j < h; j++)
        for (uint32_t i = 0; i < im.width && x + i < w; i++) {
            uint32_t a = im.pixels[j * im.width + i];
            uint8_t *d = rgba + 4 * ((size_t)(y + j) * w + x + i);
            for (int k = 0; k < 3; k++) d[k] = (uint8_t)((d[k] * (255 - a) + 40 * a) / 255);
        }
    free(im.pixels);
}

/* One size's picture; --draft halves it. */
#define CELL_W 480u
#define CELL_H 800u

/* "M (recommended)\nchest +1.5 cm, as intended\nhem at mid-thigh" */
static void caption(const vt_garment_spec *spec, const vt_fit_advice *a, uint32_t i,
                    const vt_body *body, vt_lang lang, char *out, size_t n) {
    static const char *const zh_region[VT_REGION_COUNT] = {"胸围", "腰围", "臀围",
                                                           "衣长", "袖长", "内长"};
    static const char *const en_status[3] = {"as intended", "tight", "loose"};
    static const char *const zh_status[3] = {"合适", "偏紧", "偏松"};
    bool zh = lang == VT_LANG_ZH;
    size_t at =
        (size_t)snprintf(out, n, "%s%s", spec->sizes[i].name,
                         (int32_t)i == a->recommended ? (zh ? "（推荐）" : " (recommended)") : "");
    for (int r = 0; r < VT_REGION_COUNT && at < n; r++) {
        const vt_region_fit *f = &a->sizes[i].regions[r];
        if (!f->scored) continue;
        at += (size_t)snprintf(out + at, n - at, "\n%s %+.1f cm, %s",
                               zh ? zh_region[r] : vt_fit_region_name((vt_fit_region)r),
                               (double)f->ease, zh ? zh_status[f->status] : en_status[f->status]);
    }
    if (at < n)
        snprintf(out + at, n - at, "\n%s%s", zh ? "下摆" : "hem ",
                 vt_fit_hem_text(body, vt_fit_hem_height(spec, i, body), lang));
}

/* The fit map's key along the bottom: blue 0 %, green, red at the fabric's
   comfortable stretch. */
static void legend(vt_font *f, const vt_garment_spec *spec, uint8_t *rgba, uint32_t w, uint32_t h,
                   float px, vt_lang lang) {
    const uint32_t x0 = 16, y0 = h - 56, bw = w < 272 ? w - 32 : 240, bh = 14;
    vt_garment g = {0};
    g.fabric = spec->fabric;
    g.mesh.vertex_count = 1;
    for (uint32_t i = 0; i < bw; i++) {
        float s = spec->fabric.comfort_stretch * (float)i / (float)(bw - 1), c[4];
        vt_fit_colors(&g, &s, c);
        for (uint32_t j = 0; j < bh; j++) {
            uint8_t *d = rgba + 4 * ((size_t)(y0 + j) * w + x0 + i);
            for (int k = 0; k < 3; k++) {
                float v =
                    c[k] <= 0.0031308f ? 12.92f * c[k] : 1.055f * powf(c[k], 1 / 2.4f) - 0.055f;
                d[k] = (uint8_t)(v * 255 + 0.5f);
            }
        }
    }
    char text[160];
    snprintf(text, sizeof text,
             lang == VT_LANG_ZH ? "拉伸 0%%（宽松） … %.0f%%（舒适极限）"
                                : "stretch 0%% (loose) ... %.0f%% (comfort limit)",
             (double)spec->fabric.comfort_stretch);
    label(f, text, px, rgba, w, h, x0, y0 + bh + 4);
}

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
        if (run && (run->g->rest3d ? vt_garment_transferred_region_stretch(
                                         run->g, body, run->stretch, (vt_fit_region)r, &mean, &max)
                                   : vt_garment_region_stretch(run->g, run->stretch,
                                                               (vt_fit_region)r, &mean, &max))) {
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
    /* a brand's .glb garment: one size, carried from its reference body */
    bool glb_garment = is_glb(o.garment);
    const char *refuse = !glb_garment && o.reference ? "--reference is for a .glb garment"
                         : glb_garment && o.panels
                             ? "a .glb garment has no pattern panels (--panels)"
                             : NULL;
    if (refuse) {
        vt_app_error("fit: %s", refuse);
        return 2;
    }
    vt_body_measurements m;
    vt_garment_spec spec;
    vt_garment_model *model = NULL;
    vt_body *body = NULL;
    if ((is_glb(o.body) ? vt_body_load_glb(o.body, &body) : vt_body_load_json(o.body, &m)) !=
            VT_OK ||
        (glb_garment ? vt_garment_model_load(o.garment, o.reference, &model)
                     : vt_garment_load_json(o.garment, &spec)) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        vt_body_free(body);
        return 2;
    }
    if (model) spec = model->spec;
    painter pt = {0};
    uint8_t *sheet = NULL;
    vt_font *font = NULL;
    size_run runs[VT_GARMENT_MAX_SIZES] = {0};
    uint32_t nrun = 0;
    vt_jobs *jobs = NULL;
    vt_fit_walker *walker = NULL;
    rc = 2;
    if (!body && vt_body_build(&m, &body) != VT_OK) {
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
        vt_garment_desc gd = {.target_vertices = o.draft ? 1500 : 0};
        if ((model ? vt_garment_transfer(model, body, &runs[k].g)
                   : vt_garment_build(&spec, runs[k].index, &gd, &runs[k].g)) != VT_OK) {
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
    /* a coarse cloth's flat triangles cut the curved skin between vertices
       3 mm over it: a draft keeps 8 mm off (as the store's coarse drapes) */
    if (o.draft) dd.max_frames = 60, dd.skin_offset = 0.008f;
    if (nrun == 1 && isatty(2)) dd.progress = progress;
    if ((model ? vt_drape_transferred(gs[0], body, &dd, st)
               : vt_drape_many(gs, nrun, body, &dd, jobs, st)) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (dd.progress) fputs("\n", stderr);
    /* the walk's pictures and animation start from the rest pose: a walker
       keeps it (for the first size, the one exported) */
    if (o.pose == VT_POSE_WALK && ((o.out && nrun == 1) || o.export_path) &&
        vt_fit_walker_create(body, (const vt_garment *const *)gs, 1,
                             &(vt_fit_walker_desc){.jobs = jobs}, &walker) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (o.pose != VT_POSE_A) {
        vt_drape_stats ps[VT_GARMENT_MAX_SIZES];
        if (vt_fit_pose(body, gs, nrun, o.pose, jobs, ps) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            goto done;
        }
        /* the figures that matter are those of the pose shown */
        for (uint32_t k = 0; k < nrun; k++) {
            st[k].ms += ps[k].ms;
            st[k].frames += ps[k].frames;
            if (o.pose == VT_POSE_T) st[k].kinetic_energy = ps[k].kinetic_energy;
            st[k].outside_share = ps[k].outside_share;
            st[k].max_penetration_mm = ps[k].max_penetration_mm;
        }
    }
    for (uint32_t k = 0; k < nrun; k++) {
        runs[k].st = st[k];
        runs[k].stretch = malloc(runs[k].g->mesh.vertex_count * sizeof(float));
        if (!runs[k].stretch ||
            (runs[k].g->rest3d ? vt_garment_transferred_stretch(runs[k].g, runs[k].stretch)
                               : vt_garment_stretch(runs[k].g, runs[k].stretch)) != VT_OK) {
            vt_app_error("fit: out of memory");
            goto done;
        }
    }
    const uint32_t cell_w = o.draft ? CELL_W / 2 : CELL_W, cell_h = o.draft ? CELL_H / 2 : CELL_H;
    const float text_px = o.draft ? 13 : 22;
    bool strip = walker && nrun == 1;
    uint32_t sheet_w = cell_w * (strip ? WALK_CELLS : nrun);
    if (o.out) {
        if (painter_open(&pt) != VT_OK) {
            vt_app_error("fit: %s: %s", o.out, vt_last_error());
            goto done;
        }
        sheet = malloc((size_t)sheet_w * cell_h * 4);
        if (!sheet) {
            vt_app_error("fit: out of memory");
            goto done;
        }
        vt_font_create(&(vt_font_desc){0}, &font); /* no font: images without captions */
    }
    for (uint32_t k = 0; k < nrun && o.fitmap; k++) {
        size_run *run = &runs[k];
        run->colors = malloc(run->g->mesh.vertex_count * 4 * sizeof(float));
        if (!run->colors) {
            vt_app_error("fit: out of memory");
            goto done;
        }
        vt_fit_colors(run->g, run->stretch, run->colors);
    }
    if (o.out) {
        /* one image, or a contact sheet of every size side by side */
        if ((strip ? paint_walk(&pt, walker, body, &runs[0], cell_w, cell_h, sheet)
                   : paint_sheet(&pt, body, runs, nrun, cell_w, cell_h, sheet)) != VT_OK) {
            vt_app_error("fit: %s: %s", o.out, vt_last_error());
            goto done;
        }
        for (uint32_t k = 0; k < nrun; k++) {
            char text[600];
            caption(&spec, &advice, runs[k].index, body, o.lang, text, sizeof text);
            label(font, text, text_px, sheet, sheet_w, cell_h, k * cell_w + 16, 16);
        }
        for (uint32_t k = 0; strip && k < WALK_CELLS; k++) {
            char text[40];
            snprintf(text, sizeof text, "t = %.2f s",
                     (double)(VT_WALK_CYCLE_S * (float)k / WALK_CELLS));
            label(font, text, text_px, sheet, sheet_w, cell_h,
                  (k + 1) * cell_w - (uint32_t)(7 * text_px), cell_h - (uint32_t)(2 * text_px));
        }
    }
    if (o.export_path &&
        (walker
             ? vt_fit_walker_write_glb(walker, body, (const vt_garment *const *)gs,
                                       (const float *const *)&runs[0].colors, NULL, o.export_path)
             : vt_fit_write_glb(body, runs[0].g, runs[0].colors, NULL, o.export_path)) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (o.panels && vt_garment_write_svg(runs[0].g, o.panels) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        goto done;
    }
    if (o.out) {
        if (o.fitmap) legend(font, &spec, sheet, sheet_w, cell_h, o.draft ? 11 : 18, o.lang);
        if (vt_png_write(o.out, sheet_w, cell_h, sheet) != VT_OK) {
            vt_app_error("%s", vt_last_error());
            goto done;
        }
        if (!o.as_json) printf("wrote %s\n", o.out);
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
        free(runs[k].colors);
    }
    vt_fit_walker_destroy(walker);
    vt_jobs_destroy(jobs);
    vt_body_free(body);
    vt_garment_model_free(model);
    free(sheet);
    vt_font_destroy(font);
    if (pt.r) painter_close(&pt);
    return rc;
}
