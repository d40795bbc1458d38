/* The fitting room: the body, the drape job, the avatar's meshes and the
   eye before the mirror (see tryon.h). */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "store/tryon.h"

#include "core/internal.h"
#include "vitrine/asset.h"
#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <math.h>
#include <stdatomic.h>
#include <time.h>

#define NONE UINT32_MAX
#define WAIT_TIMEOUT_S 600.0

static const char *const type_names[VT__TRYON_BODY_TYPES] = {"female", "male", "neutral"};
static const char *const size_names[VT__TRYON_BODY_SIZES] = {"xs", "s", "m", "l", "xl", "xxl"};

/* One drape: inputs copied in, results handed back; the GL thread reads
   the results only once done is set. */
typedef struct job {
    /* in */
    bool build_body;
    vt_body_measurements m;
    const vt_body *body; /* when !build_body: the current body, kept alive meanwhile */
    vt_garment_spec spec;
    int32_t size; /* chart index; -1 = the recommended one */
    bool sold[VT_GARMENT_MAX_SIZES];
    vt_lang lang;
    bool draft;
    uint32_t product;
    /* out */
    vt_body *new_body;
    vt_garment *g;
    float *stretch;
    vt_fit_advice advice;
    vt_drape_stats st;
    int32_t size_done;
    vt_result r;
    char error[256];
    atomic_int progress;    /* per mille */
    atomic_int chosen;      /* chart size being draped once known, else -1 */
    atomic_bool body_ready; /* new_body is built (and only read from now on) */
    atomic_bool done;
    bool body_shown; /* GL thread: new_body is on the avatar already */
} job;

struct vt__tryon {
    char bodies_dir[VT_STORE_PATH_MAX];
    bool draft;
    bool has_own;
    vt_body_measurements own;
    char own_name[64];

    /* the body asked for */
    char body_name[64];
    int body_type, body_size; /* 3 = own file */
    vt_body_measurements m;
    bool body_dirty; /* m differs from the built body */
    vt_body *body;   /* the built body (GL thread) */

    /* the garment asked for and the one shown */
    uint32_t product, variant;
    bool size_auto; /* no size was chosen: wear the recommended one, for any body */
    bool fitmap;
    vt_garment *g;
    float *stretch;
    vt_fit_advice advice;
    bool have_advice;
    vt_drape_stats st;
    uint32_t shown_product;
    int32_t shown_chart; /* chart index on the avatar, -1 none */
    uint32_t recommended;
    char error[256];

    vt_jobs *jobs;
    job *running;
    bool want; /* a drape is asked for that has not started */

    /* the avatar in the world's scene, turned by spin (a drag) */
    float spin;
    vt_node root, body_node, garment_node, light_node;
    vt_model *body_model, *garment_model;
    uint32_t body_base, garment_base;

    /* where the eye was before the fitting room */
    float saved_pos[2], saved_eye, saved_yaw, saved_pitch;
};

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

static float srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static vt_lang lang_of(const vt_store *s) {
    return strncmp(s->lang, "zh", 2) == 0 ? VT_LANG_ZH : VT_LANG_EN;
}

static const vt_product *product_of(const vt_store *s, uint32_t product) {
    return product < s->def->product_count ? &s->def->products[product] : NULL;
}

bool vt__tryon_possible(const vt_store *s, uint32_t product) {
    const vt_product *p = product_of(s, product);
    return s->tryon && p && p->garment_spec && s->def->fitting_room.present;
}

/* ---- life --------------------------------------------------------------- */

static vt_result load_preset(vt__tryon *t, int type, int size) {
    char name[32], path[VT_STORE_PATH_MAX + 40];
    snprintf(name, sizeof name, "%s-%s", type_names[type], size_names[size]);
    snprintf(path, sizeof path, "%s/%s.json", t->bodies_dir, name);
    vt_body_measurements m;
    vt_result r = vt_body_load_json(path, &m);
    if (r != VT_OK) return r;
    t->m = m;
    t->body_type = type, t->body_size = size;
    snprintf(t->body_name, sizeof t->body_name, "%s", name);
    t->body_dirty = true;
    return VT_OK;
}

vt_result vt__tryon_create(vt_store *s, const vt_store_desc *desc) {
    vt__tryon *t = calloc(1, sizeof *t);
    if (!t) return vt__fail(VT_ERR_NOMEM, "fitting room: out of memory");
    s->tryon = t;
    t->draft = desc->tryon_draft;
    t->product = t->shown_product = t->recommended = NONE;
    t->shown_chart = -1;
    if (desc->bodies_dir && desc->bodies_dir[0]) {
        snprintf(t->bodies_dir, sizeof t->bodies_dir, "%s", desc->bodies_dir);
    } else {
        char dir[VT_STORE_PATH_MAX];
        vt_path_dir(s->def->path, dir, sizeof dir);
        vt_path_join(dir, "../bodies", t->bodies_dir, sizeof t->bodies_dir);
    }
    t->body_type = 0, t->body_size = 2; /* female M until a file says otherwise */
    snprintf(t->body_name, sizeof t->body_name, "female-m");
    if (desc->body) {
        vt_result r = vt_body_load_json(desc->body, &t->own);
        if (r != VT_OK) return r;
        t->has_own = true;
        snprintf(t->own_name, sizeof t->own_name, "%s", base_name(desc->body));
        t->m = t->own;
        t->body_type = 3;
        snprintf(t->body_name, sizeof t->body_name, "%s", t->own_name);
        t->body_dirty = true;
    }
    /* a preset is read when the fitting room first opens: a store without
       one, or without the presets beside it, still opens */
    return VT_OK;
}

static void drop_avatar_meshes(vt_store *s, bool body_too) {
    vt__tryon *t = s->tryon;
    vt_scene *sc = vt__world_scene(s->world);
    if (t->garment_node.id) vt_node_set_mesh(sc, t->garment_node, 0, NULL);
    if (t->garment_base) vt_renderer_release_model(s->renderer, t->garment_base);
    vt_model_free(t->garment_model);
    t->garment_model = NULL, t->garment_base = 0;
    if (!body_too) return;
    if (t->body_node.id) vt_node_set_mesh(sc, t->body_node, 0, NULL);
    if (t->body_base) vt_renderer_release_model(s->renderer, t->body_base);
    vt_model_free(t->body_model);
    t->body_model = NULL, t->body_base = 0;
}

static void job_free(job *j) {
    if (!j) return;
    vt_body_free(j->new_body);
    vt_garment_free(j->g);
    free(j->stretch);
    free(j);
}

void vt__tryon_destroy(vt_store *s) {
    vt__tryon *t = s->tryon;
    if (!t) return;
    vt_jobs_destroy(t->jobs); /* waits for a running drape */
    job_free(t->running);
    drop_avatar_meshes(s, true);
    vt_garment_free(t->g);
    free(t->stretch);
    vt_body_free(t->body);
    free(t);
    s->tryon = NULL;
}

/* ---- the drape job ------------------------------------------------------ */

static void job_progress(float done, void *user) {
    job *j = user;
    float at = j->build_body ? 0.1f + 0.9f * done : done;
    atomic_store(&j->progress, (int)(at * 1000.0f));
}

/* The recommended chart size if it is sold, else the sold size nearest it
   (the larger on a tie). */
static int32_t sold_near(const job *j, int32_t want) {
    if (want >= 0 && j->sold[want]) return want;
    for (int32_t d = 1; d < VT_GARMENT_MAX_SIZES; d++) {
        if (want + d < (int32_t)j->spec.size_count && want + d >= 0 && j->sold[want + d])
            return want + d;
        if (want - d >= 0 && j->sold[want - d]) return want - d;
    }
    return 0;
}

static void job_run(void *arg) {
    job *j = arg;
    const vt_body *body = j->body;
    vt_result r = VT_OK;
    if (j->build_body) {
        r = vt_body_build(&j->m, &j->new_body);
        if (r == VT_OK) atomic_store(&j->body_ready, true);
        body = j->new_body;
        atomic_store(&j->progress, 100);
    }
    float cm[VT_REGION_COUNT];
    if (r == VT_OK) {
        vt_fit_body_values(body, cm);
        r = vt_fit_advise(&j->spec, cm, j->lang, &j->advice);
    }
    if (r == VT_OK) {
        j->size_done = j->size >= 0 ? j->size : sold_near(j, j->advice.recommended);
        atomic_store(&j->chosen, j->size_done);
        vt_garment_desc gd = {.target_vertices = j->draft ? 1500 : 0};
        r = vt_garment_build(&j->spec, (uint32_t)j->size_done, &gd, &j->g);
    }
    if (r == VT_OK) {
        vt_drape_desc dd = {.progress = job_progress, .user = j};
        /* a coarse cloth's flat triangles cut through a curved body between
           their vertices: keep it further off the skin */
        if (j->draft) dd.max_frames = 60, dd.skin_offset = 0.008f;
        r = vt_drape(j->g, body, &dd, &j->st);
    }
    if (r == VT_OK) {
        j->stretch = malloc(sizeof *j->stretch * j->g->mesh.vertex_count);
        r = j->stretch ? vt_garment_stretch(j->g, j->stretch) : VT_ERR_NOMEM;
    }
    if (r != VT_OK) snprintf(j->error, sizeof j->error, "%s", vt_last_error());
    j->r = r;
    atomic_store(&j->progress, 1000);
    atomic_store(&j->done, true);
}

/* Starts the drape asked for, when none runs. */
static void start(vt_store *s) {
    vt__tryon *t = s->tryon;
    if (t->running || !t->want) return;
    const vt_product *p = product_of(s, t->product);
    if (!p || !p->garment_spec) {
        t->want = false;
        return;
    }
    if (!t->jobs && vt_jobs_create(1, &t->jobs) != VT_OK) {
        snprintf(t->error, sizeof t->error, "%s", vt_last_error());
        t->want = false;
        return;
    }
    job *j = calloc(1, sizeof *j);
    if (!j) {
        snprintf(t->error, sizeof t->error, "out of memory");
        t->want = false;
        return;
    }
    j->build_body = t->body_dirty || !t->body;
    j->m = t->m;
    j->body = t->body;
    j->spec = *p->garment_spec;
    j->size = !t->size_auto && s->insp_size < p->size_count
                  ? vt_garment_find_size(p->garment_spec, p->sizes[s->insp_size])
                  : -1;
    for (uint32_t i = 0; i < p->size_count; i++) {
        int32_t k = vt_garment_find_size(p->garment_spec, p->sizes[i]);
        if (k >= 0) j->sold[k] = true;
    }
    j->lang = lang_of(s);
    j->draft = t->draft;
    j->product = t->product;
    atomic_init(&j->progress, 0);
    atomic_init(&j->chosen, -1);
    atomic_init(&j->body_ready, false);
    atomic_init(&j->done, false);
    if (vt_jobs_submit(t->jobs, job_run, j) != VT_OK) {
        snprintf(t->error, sizeof t->error, "%s", vt_last_error());
        free(j);
        t->want = false;
        return;
    }
    t->body_dirty = false;
    t->want = false;
    t->error[0] = 0;
    t->running = j;
}

static void request(vt_store *s) {
    s->tryon->want = true;
    start(s);
}

/* ---- the avatar's meshes ------------------------------------------------ */

static vt_result copy_mesh(const vt_mesh_data *src, const float *colors, vt_mesh_data *dst) {
    memset(dst, 0, sizeof *dst);
    size_t nv = src->vertex_count, ni = src->index_count;
    dst->positions = malloc(sizeof(float) * 3 * nv);
    dst->indices = malloc(sizeof(uint32_t) * ni);
    dst->colors = colors ? malloc(sizeof(float) * 4 * nv) : NULL;
    if (!dst->positions || !dst->indices || (colors && !dst->colors)) {
        vt_mesh_data_free(dst);
        return vt__fail(VT_ERR_NOMEM, "fitting room: out of memory");
    }
    memcpy(dst->positions, src->positions, sizeof(float) * 3 * nv);
    memcpy(dst->indices, src->indices, sizeof(uint32_t) * ni);
    if (colors) memcpy(dst->colors, colors, sizeof(float) * 4 * nv);
    dst->vertex_count = (uint32_t)nv, dst->index_count = (uint32_t)ni;
    return vt_mesh_compute_normals(dst);
}

static void material_defaults(vt_material *m, const char *name) {
    memset(m, 0, sizeof *m);
    snprintf(m->name, sizeof m->name, "%s", name);
    m->base_color[3] = 1.0f;
    m->normal_scale = m->occlusion_strength = m->emissive_strength = 1.0f;
    m->alpha_cutoff = 0.5f;
    m->ior = 1.5f;
    const vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    m->base_color_tex = m->metallic_roughness_tex = m->normal_tex = none;
    m->occlusion_tex = m->emissive_tex = m->clearcoat_tex = none;
    m->clearcoat_roughness_tex = m->clearcoat_normal_tex = none;
    m->sheen_color_tex = m->transmission_tex = none;
}

/* One mesh, one material: uploaded and shown on node. */
static vt_result show_mesh(vt_store *s, const vt_mesh_data *src, const float *colors,
                           const vt_material *mat, vt_node node, vt_model **model, uint32_t *base) {
    vt_model *m = calloc(1, sizeof *m);
    if (!m) return vt__fail(VT_ERR_NOMEM, "fitting room: out of memory");
    m->meshes = calloc(1, sizeof *m->meshes);
    m->materials = calloc(1, sizeof *m->materials);
    if (!m->meshes || !m->materials) {
        vt_model_free(m);
        return vt__fail(VT_ERR_NOMEM, "fitting room: out of memory");
    }
    snprintf(m->path, sizeof m->path, "fitting room %s", mat->name);
    m->unit_scale = 1.0f;
    m->mesh_count = m->material_count = 1;
    m->materials[0] = *mat;
    vt_result r = copy_mesh(src, colors, &m->meshes[0].data);
    if (r == VT_OK) {
        snprintf(m->meshes[0].name, sizeof m->meshes[0].name, "%s", mat->name);
        m->meshes[0].bounds = m->bounds = vt_mesh_bounds(&m->meshes[0].data);
        r = vt_renderer_upload_model(s->renderer, m, base);
    }
    if (r != VT_OK) {
        vt_model_free(m);
        return r;
    }
    *model = m;
    vt_node_set_mesh(vt__world_scene(s->world), node, *base, &m->bounds);
    return VT_OK;
}

/* A shop mannequin: pale grey, a little satin. */
static vt_result show_body(vt_store *s, const vt_body *body) {
    vt__tryon *t = s->tryon;
    drop_avatar_meshes(s, true);
    vt_material mat;
    material_defaults(&mat, "mannequin");
    const float c[3] = {0.72f, 0.72f, 0.74f}; /* sRGB: a cool pale grey, apart from any cloth */
    for (int k = 0; k < 3; k++) mat.base_color[k] = srgb_to_linear(c[k]);
    mat.roughness = 0.42f;
    return show_mesh(s, &body->mesh, NULL, &mat, t->body_node, &t->body_model, &t->body_base);
}

/* The garment in the variant's swatch colour, or white under its fit map
   colours; cloth has a soft sheen (silk a brighter, tighter one). */
static vt_result show_garment(vt_store *s) {
    vt__tryon *t = s->tryon;
    drop_avatar_meshes(s, false);
    if (!t->g) return VT_OK;
    const vt_product *p = product_of(s, t->shown_product);
    vt_material mat;
    material_defaults(&mat, "garment");
    mat.double_sided = true; /* the inside shows at the neck, hem and cuffs */
    float *colors = NULL;
    bool silk = !strcmp(t->g->fabric.name, "silk");
    if (t->fitmap) {
        colors = malloc(sizeof(float) * 4 * t->g->mesh.vertex_count);
        if (!colors) return vt__fail(VT_ERR_NOMEM, "fitting room: out of memory");
        vt_fit_colors(t->g, t->stretch, colors);
        mat.base_color[0] = mat.base_color[1] = mat.base_color[2] = 1.0f;
        mat.roughness = 0.8f;
    } else {
        const vt_variant *v = p && t->variant < p->variant_count ? &p->variants[t->variant] : NULL;
        for (int k = 0; k < 3; k++) {
            mat.base_color[k] = v ? srgb_to_linear(v->color[k]) : 0.5f;
            mat.sheen_color[k] = fminf(1.0f, mat.base_color[k] * 0.5f + (silk ? 0.25f : 0.04f));
        }
        mat.roughness = silk ? 0.42f : !strcmp(t->g->fabric.name, "denim") ? 0.9f : 0.82f;
        mat.sheen_roughness = silk ? 0.3f : 0.6f;
        mat.extensions |= VT_MATEXT_SHEEN;
    }
    vt_result r = show_mesh(s, &t->g->mesh, colors, &mat, t->garment_node, &t->garment_model,
                            &t->garment_base);
    free(colors);
    return r;
}

static void place_root(vt_store *s) {
    vt__tryon *t = s->tryon;
    const vt_fitting_room *fr = &s->def->fitting_room;
    vt_transform tr = {.translation = {fr->position[0], fr->position[1], fr->position[2]},
                       .scale = {1, 1, 1}};
    float yaw = fr->yaw + t->spin;
    tr.rotation[1] = sinf(yaw * 0.5f), tr.rotation[3] = cosf(yaw * 0.5f);
    vt_node_set_local(vt__world_scene(s->world), t->root, &tr);
}

void vt__tryon_spin(vt_store *s, float radians) {
    vt__tryon *t = s->tryon;
    if (!t || !t->root.id || s->mode != VT_STORE_TRYON) return;
    t->spin = fmodf(t->spin + radians, 6.2831853f);
    place_root(s);
}

/* The avatar's root at the fitting room, with a soft light from before it
   (the store's ceiling spots light the racks, not a figure's front). The
   renderer takes the first 8 lights of the scene: in a store that has 8
   already (the demo) this one is left out and the store's own fitting-room
   spot lights the avatar. */
static bool ensure_nodes(vt_store *s) {
    vt__tryon *t = s->tryon;
    if (t->root.id) return true;
    vt_scene *sc = vt__world_scene(s->world);
    const vt_fitting_room *fr = &s->def->fitting_room;
    t->root = vt_node_create(sc, (vt_node){0});
    if (!t->root.id) return false;
    vt_node_set_name(sc, t->root, "fitting-room avatar");
    place_root(s);
    t->body_node = vt_node_create(sc, t->root);
    t->garment_node = vt_node_create(sc, t->root);
    /* the light stands in the room (a drag turns the avatar, not it) */
    t->light_node = vt_node_create(sc, (vt_node){0});
    if (!t->body_node.id || !t->garment_node.id || !t->light_node.id) return false;
    /* from 2.2 m before the avatar, 0.5 m to its left and 2.4 m up, at its chest */
    float fx = sinf(fr->yaw), fz = cosf(fr->yaw), lx = cosf(fr->yaw), lz = -sinf(fr->yaw);
    vt_transform lt = {.translation = {fr->position[0] + 2.2f * fx + 0.5f * lx,
                                       fr->position[1] + 2.4f,
                                       fr->position[2] + 2.2f * fz + 0.5f * lz},
                       .scale = {1, 1, 1}};
    float dir[3] = {fr->position[0] - lt.translation[0], -1.2f,
                    fr->position[2] - lt.translation[2]};
    float len = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    for (int k = 0; k < 3; k++) dir[k] /= len;
    /* the rotation taking -Z (where a light shines) to dir */
    float ax[3] = {dir[1], -dir[0], 0}; /* (0, 0, -1) x dir */
    float sn = sqrtf(ax[0] * ax[0] + ax[1] * ax[1]), cs = -dir[2];
    float ang = atan2f(sn, cs), h = sinf(ang * 0.5f);
    if (sn > 1e-6f) lt.rotation[0] = ax[0] / sn * h, lt.rotation[1] = ax[1] / sn * h;
    lt.rotation[3] = cosf(ang * 0.5f);
    vt_node_set_local(sc, t->light_node, &lt);
    vt_node_set_light(sc, t->light_node,
                      &(vt_light){.type = VT_LIGHT_SPOT,
                                  .color = {0.92f, 0.96f, 1.0f},
                                  .intensity = 20.0f,
                                  .range = 8.0f,
                                  .inner_cone = 0.35f,
                                  .outer_cone = 0.75f});
    return true;
}

static void take(vt_store *s) {
    vt__tryon *t = s->tryon;
    job *j = t->running;
    if (!j || !atomic_load(&j->done)) return;
    t->running = NULL;
    if (j->r != VT_OK) {
        snprintf(t->error, sizeof t->error, "%s", j->error);
        VT_LOGW("store", "fitting room: %s", j->error);
        vt__store_notice(s, true, "%s", j->error);
        if (j->build_body) t->body_dirty = true;
        job_free(j);
        start(s);
        return;
    }
    bool new_body = j->new_body != NULL, j_body_shown = j->body_shown;
    if (new_body) {
        vt_body_free(t->body);
        t->body = j->new_body;
        j->new_body = NULL;
    }
    vt_garment_free(t->g);
    free(t->stretch);
    t->g = j->g, t->stretch = j->stretch;
    j->g = NULL, j->stretch = NULL;
    t->advice = j->advice;
    t->have_advice = true;
    t->st = j->st;
    t->shown_product = j->product;
    t->shown_chart = j->size_done;
    const vt_product *p = product_of(s, j->product);
    t->recommended = NONE;
    if (p && j->advice.recommended >= 0)
        t->recommended = vt_product_find_size(p, j->spec.sizes[j->advice.recommended].name);
    /* no size chosen: the shopper now wears (and would buy) the one shown */
    if (p && s->insp_product == j->product && t->size_auto)
        s->insp_size = vt_product_find_size(p, j->spec.sizes[j->size_done].name);
    job_free(j);
    if (ensure_nodes(s)) {
        bool shown = j_body_shown;
        vt_result r = (new_body && !shown) || !t->body_model ? show_body(s, t->body) : VT_OK;
        if (r == VT_OK) r = show_garment(s);
        if (r != VT_OK) snprintf(t->error, sizeof t->error, "%s", vt_last_error());
    }
    start(s);
}

/* The new body stands in the fitting room as soon as it is built, while
   its garment is still draping (the job only reads it from then on). */
static void show_new_body(vt_store *s) {
    vt__tryon *t = s->tryon;
    job *j = t->running;
    if (!j || j->body_shown || !atomic_load(&j->body_ready) || !ensure_nodes(s)) return;
    j->body_shown = true;
    drop_avatar_meshes(s, false); /* the old garment does not fit the new body */
    if (show_body(s, j->new_body) != VT_OK)
        snprintf(t->error, sizeof t->error, "%s", vt_last_error());
}

void vt__tryon_update(vt_store *s) {
    if (!s->tryon) return;
    show_new_body(s);
    take(s);
    start(s);
}

/* ---- the eye ------------------------------------------------------------ */

/* Before the avatar and off to its right (the shopper's left), at a
   standing shopper's eye height, framing it head to foot: the front of the
   garment, and its back in the mirror behind, beside it (straight on, the
   avatar would hide its own reflection; and the demo's counter stands 2 m
   before the fitting room). The view turns so the avatar stands in the room
   the panel leaves on the left. */
static void place_eye(vt_store *s) {
    const vt_fitting_room *fr = &s->def->fitting_room;
    float fx = sinf(fr->yaw), fz = cosf(fr->yaw);  /* the avatar's front */
    float rx = cosf(fr->yaw), rz = -sinf(fr->yaw); /* the avatar's left (+X) */
    const float front = 1.9f, side = -1.0f;
    s->pos[0] = fr->position[0] + fx * front + rx * side;
    s->pos[1] = fr->position[2] + fz * front + rz * side;
    s->eye_height = fr->position[1] + 1.42f;
    float dx = fr->position[0] - s->pos[0], dz = fr->position[2] - s->pos[1];
    float h = sqrtf(dx * dx + dz * dz);
    s->yaw = atan2f(-dx, -dz);
    /* halfway between the feet and a little over the head */
    float up = atan2f(fr->position[1] + 1.85f - s->eye_height, h);
    float down = atan2f(fr->position[1] - 0.02f - s->eye_height, h);
    s->pitch = 0.5f * (up + down);
    float aspect = (float)s->width / (float)(s->height ? s->height : 1);
    float panel_w = fminf(440.0f * s->ui_scale, (float)s->width * 0.45f);
    float shift = panel_w / (float)s->width; /* of the half width, in NDC */
    s->yaw -= atanf(shift * tanf(VT__STORE_FOVY * 0.5f) * aspect);
}

/* ---- actions ------------------------------------------------------------ */

vt_result vt__tryon_open(vt_store *s) {
    vt__tryon *t = s->tryon;
    if (s->mode != VT_STORE_INSPECT || s->insp_product == NONE)
        return vt__fail(VT_ERR_INVALID, "no product is inspected (click one first)");
    const vt_product *p = product_of(s, s->insp_product);
    if (!s->def->fitting_room.present)
        return vt__fail(VT_ERR_INVALID, "%s has no fitting room", s->def->path);
    if (!p->garment_spec)
        return vt__fail(VT_ERR_INVALID, "%s cannot be tried on (no garment in the catalog)", p->id);
    if (!t->body && !t->body_dirty && load_preset(t, t->body_type, t->body_size) != VT_OK) {
        char msg[512];
        snprintf(msg, sizeof msg, "%s", vt_last_error());
        return vt__fail(VT_ERR_INVALID, "no body for the fitting room: %s", msg);
    }
    t->saved_pos[0] = s->pos[0], t->saved_pos[1] = s->pos[1];
    t->saved_eye = s->eye_height, t->saved_yaw = s->yaw, t->saved_pitch = s->pitch;
    vt__store_push(s, VT_STORE_TRYON);
    vt_scene *sc = vt__world_scene(s->world);
    /* the shelf shows the product again while the avatar wears it */
    vt_node home = vt__world_placement_node(s->world, s->insp_placement);
    if (home.id) vt_node_set_visible(sc, home, true);
    if (s->insp_node.id) vt_node_set_visible(sc, s->insp_node, false);
    t->spin = 0;
    if (ensure_nodes(s)) {
        place_root(s);
        vt_node_set_visible(sc, t->root, true);
        vt_node_set_visible(sc, t->light_node, true);
    }
    t->variant = s->insp_variant;
    t->size_auto = s->insp_size == NONE;
    bool same = t->product == s->insp_product && t->g &&
                (s->insp_size == NONE ||
                 t->shown_chart == vt_garment_find_size(p->garment_spec, p->sizes[s->insp_size]));
    t->product = s->insp_product;
    if (same && !t->body_dirty) {
        show_garment(s); /* the colour may have changed */
    } else {
        /* the avatar stands bare (or in its last garment) until the drape is in */
        drop_avatar_meshes(s, false);
        vt_garment_free(t->g);
        free(t->stretch);
        t->g = NULL, t->stretch = NULL;
        t->have_advice = false;
        t->shown_chart = -1;
        request(s);
    }
    place_eye(s);
    vt_scene_update(sc);
    vt_cart_line line = {.product = s->insp_product,
                         .variant = s->insp_variant,
                         .size = s->insp_size,
                         .quantity = 1};
    vt__store_emit(s, "try_on", &line, 1);
    return VT_OK;
}

void vt__tryon_leave(vt_store *s) {
    vt__tryon *t = s->tryon;
    if (!t) return;
    s->pos[0] = t->saved_pos[0], s->pos[1] = t->saved_pos[1];
    s->eye_height = t->saved_eye, s->yaw = t->saved_yaw, s->pitch = t->saved_pitch;
    if (t->root.id) vt_node_set_visible(vt__world_scene(s->world), t->root, false);
    if (t->light_node.id) vt_node_set_visible(vt__world_scene(s->world), t->light_node, false);
}

static vt_result need_mode(const vt_store *s) {
    if (s->mode != VT_STORE_TRYON)
        return vt__fail(VT_ERR_INVALID, "the fitting room is not open (tryon ID first)");
    return VT_OK;
}

vt_result vt__tryon_size(vt_store *s, uint32_t size) {
    vt_result r = need_mode(s);
    if (r != VT_OK) return r;
    const vt_product *p = product_of(s, s->insp_product);
    if (size >= p->size_count) return vt__fail(VT_ERR_INVALID, "no such size");
    if (size == s->insp_size && !s->tryon->running && s->tryon->g) return VT_OK;
    s->insp_size = size;
    s->tryon->size_auto = false;
    request(s);
    return VT_OK;
}

vt_result vt__tryon_variant(vt_store *s, uint32_t variant) {
    vt_result r = need_mode(s);
    if (r != VT_OK) return r;
    const vt_product *p = product_of(s, s->insp_product);
    if (variant >= p->variant_count) return vt__fail(VT_ERR_INVALID, "no such variant");
    s->insp_variant = s->tryon->variant = variant;
    vt__world_set_variant(s->world, s->insp_placement, variant);
    return show_garment(s);
}

vt_result vt__tryon_fitmap(vt_store *s, bool on) {
    vt_result r = need_mode(s);
    if (r != VT_OK) return r;
    if (s->tryon->fitmap == on) return VT_OK;
    s->tryon->fitmap = on;
    return show_garment(s);
}

vt_result vt__tryon_body_pick(vt_store *s, int type, int size) {
    vt__tryon *t = s->tryon;
    if (type == 3) {
        if (!t->has_own)
            return vt__fail(VT_ERR_INVALID, "no body file was given (vitrine store --body)");
        t->m = t->own;
        t->body_type = 3;
        snprintf(t->body_name, sizeof t->body_name, "%s", t->own_name);
        t->body_dirty = true;
    } else {
        if (type < 0) type = t->body_type < VT__TRYON_BODY_TYPES ? t->body_type : 0;
        if (size < 0) size = t->body_size;
        if (type >= VT__TRYON_BODY_TYPES || size < 0 || size >= VT__TRYON_BODY_SIZES)
            return vt__fail(VT_ERR_INVALID, "no such body preset");
        if (type == t->body_type && size == t->body_size && !t->body_dirty && t->body) return VT_OK;
        vt_result r = load_preset(t, type, size);
        if (r != VT_OK) return r;
    }
    if (s->mode == VT_STORE_TRYON) request(s);
    return VT_OK;
}

vt_result vt__tryon_body(vt_store *s, const char *name) {
    for (int ty = 0; ty < VT__TRYON_BODY_TYPES; ty++)
        for (int sz = 0; sz < VT__TRYON_BODY_SIZES; sz++) {
            char preset[32];
            snprintf(preset, sizeof preset, "%s-%s", type_names[ty], size_names[sz]);
            if (!strcmp(name, preset)) return vt__tryon_body_pick(s, ty, sz);
        }
    size_t n = strlen(name);
    if (!strchr(name, '/') && (n < 5 || strcmp(name + n - 5, ".json") != 0))
        return vt__fail(VT_ERR_INVALID,
                        "no body preset '%s' (female-, male- or neutral- with xs, s, m, l, xl "
                        "or xxl; or a body.json path)",
                        name);
    vt__tryon *t = s->tryon;
    vt_body_measurements m;
    vt_result r = vt_body_load_json(name, &m);
    if (r != VT_OK) return r;
    t->own = t->m = m;
    t->has_own = true;
    t->body_type = 3;
    snprintf(t->own_name, sizeof t->own_name, "%s", base_name(name));
    snprintf(t->body_name, sizeof t->body_name, "%s", t->own_name);
    t->body_dirty = true;
    if (s->mode == VT_STORE_TRYON) request(s);
    return VT_OK;
}

vt_result vt__tryon_wait(vt_store *s) {
    vt__tryon *t = s->tryon;
    double t0 = vt_time_now();
    while (t->running || t->want) {
        vt_store_update(s, 0);
        if (!t->running && !t->want) break;
        if (vt_time_now() - t0 > WAIT_TIMEOUT_S)
            return vt__fail(VT_ERR_LIMIT, "the drape is still running after %.0f s",
                            WAIT_TIMEOUT_S);
        nanosleep(&(struct timespec){.tv_nsec = 5000000}, NULL);
    }
    if (t->error[0]) return vt__fail(VT_ERR_INVALID, "the drape failed: %s", t->error);
    return VT_OK;
}

/* ---- queries ------------------------------------------------------------ */

void vt__tryon_get_view(const vt_store *s, vt__tryon_view *out) {
    const vt__tryon *t = s->tryon;
    memset(out, 0, sizeof *out);
    out->shown_size = out->recommended = NONE;
    out->chart_size = -1;
    if (!t) return;
    out->draping = t->running || t->want;
    out->progress = t->running ? (float)atomic_load(&t->running->progress) / 1000.0f : 0;
    out->draping_size = NONE;
    if (t->running) {
        job *j = t->running;
        out->building_body = j->build_body && !atomic_load(&j->body_ready);
        int32_t k = atomic_load(&j->chosen);
        const vt_product *jp = product_of(s, j->product);
        if (k >= 0 && jp) out->draping_size = vt_product_find_size(jp, j->spec.sizes[k].name);
    }
    out->fitmap = t->fitmap;
    out->has_own = t->has_own;
    out->body_type = t->body_type, out->body_size = t->body_size;
    out->body_name = t->body_name;
    out->error = t->error;
    const vt_product *p = product_of(s, t->shown_product);
    if (!p || !t->g || t->shown_product != s->insp_product) return;
    out->spec = p->garment_spec;
    out->chart_size = t->shown_chart;
    out->shown_size = vt_product_find_size(p, p->garment_spec->sizes[t->shown_chart].name);
    out->recommended = t->recommended;
    out->advice = t->have_advice ? &t->advice : NULL;
    out->reason = t->have_advice ? t->advice.reason : "";
    out->ready = !out->draping && out->shown_size == s->insp_size && !t->body_dirty;
    for (int r = 0; r < VT_REGION_COUNT; r++) {
        float mean = 0, max = 0;
        if (vt_garment_region_stretch(t->g, t->stretch, (vt_fit_region)r, &mean, &max))
            out->stretch_mean[r] = mean;
    }
    if (t->body) {
        out->hem_y = vt_fit_hem_height(p->garment_spec, (uint32_t)t->shown_chart, t->body);
        out->hem_text = vt_fit_hem_text(t->body, out->hem_y, lang_of(s));
    }
}

void vt_store_tryon(const vt_store *s, vt_store_tryon_info *out) {
    memset(out, 0, sizeof *out);
    out->product = out->variant = out->size = out->recommended = NONE;
    const vt__tryon *t = s->tryon;
    if (!t) return;
    vt__tryon_view v;
    vt__tryon_get_view(s, &v);
    out->active = s->mode == VT_STORE_TRYON;
    out->product = s->insp_product;
    out->variant = s->insp_variant;
    out->size = s->insp_size;
    out->draping = v.draping;
    out->progress = v.progress;
    out->ready = v.ready;
    out->fitmap = t->fitmap;
    snprintf(out->body, sizeof out->body, "%s", t->body_name);
    snprintf(out->error, sizeof out->error, "%s", t->error);
    if (!v.spec) return;
    out->recommended = v.recommended;
    snprintf(out->reason, sizeof out->reason, "%s", v.reason);
    for (int r = 0; r < VT_REGION_COUNT && v.advice; r++) {
        const vt_region_fit *f = &v.advice->sizes[v.chart_size].regions[r];
        out->scored[r] = f->scored;
        out->ease[r] = f->ease;
        out->stretch_mean[r] = v.stretch_mean[r];
    }
    out->outside_share = t->st.outside_share;
    out->max_penetration_mm = t->st.max_penetration_mm;
    const vt_product *p = product_of(s, t->shown_product);
    if (p && t->variant < p->variant_count)
        memcpy(out->swatch, p->variants[t->variant].color, sizeof out->swatch);
    if (t->garment_node.id) {
        vt_aabb b = vt_node_get_world_bounds(vt__world_scene(s->world), t->garment_node);
        memcpy(out->garment_min, b.min, sizeof out->garment_min);
        memcpy(out->garment_max, b.max, sizeof out->garment_max);
    }
}
