/* The fitting room: the body, the drape job, the actions, the eye before the
   mirror and the queries (see tryon.h; the avatar's meshes: tryon_avatar.c). */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include "store/tryon_internal.h"

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

static const char *base_name(const char *path) {
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
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

static void job_free(vt__tryon_job *j) {
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
    vt__tryon_drop_meshes(s, true);
    vt_garment_free(t->g);
    free(t->stretch);
    vt_body_free(t->body);
    free(t);
    s->tryon = NULL;
}

/* ---- the drape job ------------------------------------------------------ */

static void job_progress(float done, void *user) {
    vt__tryon_job *j = user;
    float at = j->build_body ? 0.1f + 0.9f * done : done;
    atomic_store(&j->progress, (int)(at * 1000.0f));
}

/* The recommended chart size if it is sold, else the sold size nearest it
   (the larger on a tie). */
static int32_t sold_near(const vt__tryon_job *j, int32_t want) {
    if (want >= 0 && j->sold[want]) return want;
    for (int32_t d = 1; d < VT_GARMENT_MAX_SIZES; d++) {
        if (want + d < (int32_t)j->spec.size_count && want + d >= 0 && j->sold[want + d])
            return want + d;
        if (want - d >= 0 && j->sold[want - d]) return want - d;
    }
    return 0;
}

static void job_run(void *arg) {
    vt__tryon_job *j = arg;
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
    vt__tryon_job *j = calloc(1, sizeof *j);
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

static void take(vt_store *s) {
    vt__tryon *t = s->tryon;
    vt__tryon_job *j = t->running;
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
    if (j->product != t->product) {
        /* the shopper moved on to another garment meanwhile: keep the body,
           never show the old garment on it */
        if (new_body && !j_body_shown && vt__tryon_ensure_nodes(s)) vt__tryon_show_body(s, t->body);
        job_free(j);
        start(s);
        return;
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
    if (p && s->mode == VT_STORE_TRYON && s->insp_product == j->product && t->size_auto)
        s->insp_size = vt_product_find_size(p, j->spec.sizes[j->size_done].name);
    job_free(j);
    if (vt__tryon_ensure_nodes(s)) {
        bool shown = j_body_shown;
        vt_result r =
            (new_body && !shown) || !t->body_model ? vt__tryon_show_body(s, t->body) : VT_OK;
        if (r == VT_OK) r = vt__tryon_show_garment(s);
        t->garments_shown++;
        if (r != VT_OK) snprintf(t->error, sizeof t->error, "%s", vt_last_error());
    }
    start(s);
}

/* The new body stands in the fitting room as soon as it is built, while
   its garment is still draping (the job only reads it from then on). */
static void show_new_body(vt_store *s) {
    vt__tryon *t = s->tryon;
    vt__tryon_job *j = t->running;
    if (!j || j->body_shown || !atomic_load(&j->body_ready) || !vt__tryon_ensure_nodes(s)) return;
    j->body_shown = true;
    vt__tryon_drop_meshes(s, false); /* the old garment does not fit the new body */
    if (vt__tryon_show_body(s, j->new_body) != VT_OK)
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
    /* a tall body needs the eye further back to show head and feet */
    float top = fmaxf(1.85f, s->tryon->m.stature * 0.01f + 0.1f), k = top / 1.85f;
    const float front = 1.9f * k, side = -1.0f * k;
    s->pos[0] = fr->position[0] + fx * front + rx * side;
    s->pos[1] = fr->position[2] + fz * front + rz * side;
    s->eye_height = fr->position[1] + 1.42f;
    float dx = fr->position[0] - s->pos[0], dz = fr->position[2] - s->pos[1];
    float h = sqrtf(dx * dx + dz * dz);
    s->yaw = atan2f(-dx, -dz);
    /* halfway between the feet and a little over the head */
    float up = atan2f(fr->position[1] + top - s->eye_height, h);
    float down = atan2f(fr->position[1] - 0.02f - s->eye_height, h);
    s->pitch = 0.5f * (up + down);
    float aspect = (float)s->width / (float)(s->height ? s->height : 1);
    float panel_w = fminf(440.0f * s->ui_scale, (float)s->width * 0.45f);
    float shift = panel_w / (float)s->width; /* of the half width, in NDC */
    s->yaw -= atanf(shift * tanf(VT__STORE_FOVY * 0.5f) * aspect);
}

void vt__tryon_reframe(vt_store *s) {
    if (s->tryon && s->mode == VT_STORE_TRYON) place_eye(s);
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
    if (vt__tryon_ensure_nodes(s)) {
        vt__tryon_place_root(s);
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
        vt__tryon_show_garment(s); /* the colour may have changed */
        if (s->insp_size == NONE)  /* wears the size it wore */
            s->insp_size = vt_product_find_size(p, p->garment_spec->sizes[t->shown_chart].name);
    } else {
        /* the avatar stands bare (or in its last garment) until the drape is in */
        vt__tryon_drop_meshes(s, false);
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
    return vt__tryon_show_garment(s);
}

vt_result vt__tryon_fitmap(vt_store *s, bool on) {
    vt_result r = need_mode(s);
    if (r != VT_OK) return r;
    if (s->tryon->fitmap == on) return VT_OK;
    s->tryon->fitmap = on;
    return vt__tryon_show_garment(s);
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
        if (r != VT_OK) {
            /* the panel says why (a click has no other way to) */
            vt__store_notice(s, true, "%s", vt_last_error());
            return r;
        }
    }
    if (s->mode == VT_STORE_TRYON) {
        request(s);
        place_eye(s); /* a taller body needs the eye further back */
    }
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
    if (s->mode == VT_STORE_TRYON) {
        request(s);
        place_eye(s); /* a taller body needs the eye further back */
    }
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
        vt__tryon_job *j = t->running;
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
    out->drape_ms = t->st.ms + t->st.sdf_ms;
    out->cloth_vertices = t->g ? t->g->mesh.vertex_count : 0;
    const vt_product *p = product_of(s, t->shown_product);
    if (p && t->variant < p->variant_count)
        memcpy(out->swatch, p->variants[t->variant].color, sizeof out->swatch);
    if (t->garment_node.id) {
        vt_aabb b = vt_node_get_world_bounds(vt__world_scene(s->world), t->garment_node);
        memcpy(out->garment_min, b.min, sizeof out->garment_min);
        memcpy(out->garment_max, b.max, sizeof out->garment_max);
    }
}
