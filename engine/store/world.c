/* The store's world: builds the scene (room, fixtures, signs, lights), turns
   finished imports into uploads and placement instances within the frame's
   time budget, and answers the session's questions (placements, picking,
   variants, inspect). Loading is in loader.c, catalog variants in variants.c,
   walking in walk.c, lights in world_lights.c, signs in signs.c; the room is
   room.c's. */
#include "store/world_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

#include "store/room.h"

/* Products standing on the floor at least this tall block the walker
   (mannequins, floor lamps), as fixtures do. */
#define FLOOR_PRODUCT_MAX_Y 0.1f
#define FLOOR_PRODUCT_MIN_HEIGHT 0.9f

/* ---- small math --------------------------------------------------------- */

void vt__yaw_quat(float yaw, float q[4]) {
    q[0] = 0;
    q[1] = sinf(0.5f * yaw);
    q[2] = 0;
    q[3] = cosf(0.5f * yaw);
}

void vt__quat_mul(const float a[4], const float b[4], float out[4]) {
    float r[4] = {
        a[3] * b[0] + a[0] * b[3] + a[1] * b[2] - a[2] * b[1],
        a[3] * b[1] - a[0] * b[2] + a[1] * b[3] + a[2] * b[0],
        a[3] * b[2] + a[0] * b[1] - a[1] * b[0] + a[2] * b[3],
        a[3] * b[3] - a[0] * b[0] - a[1] * b[1] - a[2] * b[2],
    };
    memcpy(out, r, sizeof r);
}

void vt__quat_rotate(const float q[4], const float v[3], float out[3]) {
    /* v + 2w (u x v) + 2 u x (u x v), u = q.xyz */
    float u[3] = {q[0], q[1], q[2]}, w = q[3];
    float t[3] = {2 * (u[1] * v[2] - u[2] * v[1]), 2 * (u[2] * v[0] - u[0] * v[2]),
                  2 * (u[0] * v[1] - u[1] * v[0])};
    float r[3] = {v[0] + w * t[0] + (u[1] * t[2] - u[2] * t[1]),
                  v[1] + w * t[1] + (u[2] * t[0] - u[0] * t[2]),
                  v[2] + w * t[2] + (u[0] * t[1] - u[1] * t[0])};
    memcpy(out, r, sizeof r);
}

/* place (uniform scale) applied after t: the single TRS of place * t. */
static vt_transform combine(const vt_transform *place, const vt_transform *t) {
    float s = place->scale[0];
    vt_transform o;
    float rt[3];
    vt__quat_rotate(place->rotation, t->translation, rt);
    for (int i = 0; i < 3; i++) {
        o.translation[i] = place->translation[i] + s * rt[i];
        o.scale[i] = s * t->scale[i];
    }
    vt__quat_mul(place->rotation, t->rotation, o.rotation);
    return o;
}

/* ---- placement map (node id -> placement) ------------------------------- */

static uint32_t map_slot(uint32_t key, uint32_t cap) {
    return (key * 2654435761u) & (cap - 1);
}

static void map_put(vt__world *w, vt_node n, uint32_t placement) {
    uint32_t h = map_slot(n.id, w->map_cap);
    while (w->map_keys[h] && w->map_keys[h] != n.id) h = (h + 1) & (w->map_cap - 1);
    w->map_keys[h] = n.id;
    w->map_vals[h] = placement;
}

static uint32_t map_get(const vt__world *w, vt_node n) {
    if (!w->map_cap || !n.id) return UINT32_MAX;
    uint32_t h = map_slot(n.id, w->map_cap);
    while (w->map_keys[h]) {
        if (w->map_keys[h] == n.id) return w->map_vals[h];
        h = (h + 1) & (w->map_cap - 1);
    }
    return UINT32_MAX;
}

/* ---- instances ---------------------------------------------------------- */

static bool push_mesh_node(vt__world *w, vt_node n) {
    if (!vt__grow((void **)&w->mesh_nodes, &w->mesh_node_cap, (uint64_t)w->mesh_node_count + 1,
                  sizeof *w->mesh_nodes, 256))
        return false;
    w->mesh_nodes[w->mesh_node_count++] = n;
    return true;
}

/* An instance of a prepared, uploaded model under parent with transform
   place (uniform scale): a model of one mesh puts it on the returned node
   itself when single is true, else one child per mesh. Mesh nodes are
   appended to w->mesh_nodes from *first. */
static vt_node instantiate(vt__world *w, const vt_model *m, const vt__wmesh *tmpl, uint32_t count,
                           uint32_t mesh_base, vt_node parent, const vt_transform *place,
                           bool single, uint32_t *first) {
    *first = w->mesh_node_count;
    vt_node top = vt_node_create(w->scene, parent);
    if (!top.id) return top;
    if (single && count == 1) {
        vt_transform t = combine(place, &tmpl[0].local);
        vt_node_set_local(w->scene, top, &t);
        vt_node_set_mesh(w->scene, top, mesh_base + tmpl[0].mesh, &m->meshes[tmpl[0].mesh].bounds);
        if (!push_mesh_node(w, top)) goto full;
        return top;
    }
    vt_node_set_local(w->scene, top, place);
    for (uint32_t i = 0; i < count; i++) {
        vt_node n = vt_node_create(w->scene, top);
        if (!n.id || !push_mesh_node(w, n)) goto full;
        vt_node_set_local(w->scene, n, &tmpl[i].local);
        vt_node_set_mesh(w->scene, n, mesh_base + tmpl[i].mesh, &m->meshes[tmpl[i].mesh].bounds);
    }
    return top;
full:
    vt_node_destroy(w->scene, top);
    w->mesh_node_count = *first;
    return (vt_node){0};
}

static void set_variant_nodes(vt__world *w, uint32_t first, uint32_t count, uint32_t v) {
    for (uint32_t i = 0; i < count; i++) vt_node_set_variant(w->scene, w->mesh_nodes[first + i], v);
}

/* Model-space bounds with the bottom centre at the origin. */
static vt_aabb bottom_centred(const vt_model *m) {
    vt_aabb b = m->bounds;
    float c[3] = {0.5f * (b.min[0] + b.max[0]), b.min[1], 0.5f * (b.min[2] + b.max[2])};
    for (int i = 0; i < 3; i++) {
        b.min[i] -= c[i];
        b.max[i] -= c[i];
    }
    return b;
}

/* World bounds of box b under translation, yaw and uniform scale. */
vt_aabb vt__world_place_bounds(const vt_aabb *b, const float pos[3], float yaw, float scale) {
    float cs = cosf(yaw), sn = sinf(yaw);
    vt_aabb out = vt_aabb_empty();
    for (int i = 0; i < 8; i++) {
        float x = (i & 1 ? b->max[0] : b->min[0]) * scale;
        float y = (i & 2 ? b->max[1] : b->min[1]) * scale;
        float z = (i & 4 ? b->max[2] : b->min[2]) * scale;
        float p[3] = {pos[0] + x * cs + z * sn, pos[1] + y, pos[2] - x * sn + z * cs};
        vt_aabb_extend(&out, p);
    }
    return out;
}

static void place_one(vt__world *w, vt__wmodel *wm, uint32_t pi) {
    const vt_store_placement *pl = &w->def->placements[pi];
    vt__wplacement *wp = &w->placements[pi];
    float scale = pl->scale > 0 ? pl->scale : 1.0f;
    vt_transform place = {.translation = {pl->position[0], pl->position[1], pl->position[2]},
                          .scale = {scale, scale, scale}};
    vt__yaw_quat(pl->yaw, place.rotation);
    wp->node = instantiate(w, wm->model, wm->tmpl, wm->tmpl_count, wm->mesh_base, (vt_node){0},
                           &place, true, &wp->first);
    if (!wp->node.id) {
        VT_LOGW("store", "placement %u (%s): the scene is full", pi,
                w->def->products[pl->product].id);
        wp->failed = true;
        w->failed++;
        return;
    }
    wp->count = w->mesh_node_count - wp->first;
    map_put(w, wp->node, pi);
    const vt__wproduct *prod = &w->products[pl->product];
    uint32_t nv = w->def->products[pl->product].variant_count;
    if (wp->variant >= nv) wp->variant = 0;
    set_variant_nodes(w, wp->first, wp->count, wm->variant_base[prod->slot] + wp->variant + 1);
    vt_aabb b = bottom_centred(wm->model);
    wp->bounds = vt__world_place_bounds(&b, pl->position, pl->yaw, scale);
    if (wp->bounds.min[1] < FLOOR_PRODUCT_MAX_Y &&
        wp->bounds.max[1] - wp->bounds.min[1] >= FLOOR_PRODUCT_MIN_HEIGHT)
        vt__world_add_obstacle(w, &b, pl->position, pl->yaw, scale);
    w->pending--;
}

static void finish_model(vt__world *w, vt__wmodel *wm) {
    if (wm->state == VT__WM_READY) {
        double t0 = vt_time_now();
        if (vt_renderer_upload_model(w->r, wm->model, &wm->mesh_base) == VT_OK) {
            wm->state = VT__WM_UPLOADED;
            wm->uploaded = true;
            double ms = (vt_time_now() - t0) * 1e3;
            if (ms > w->upload_ms_max) w->upload_ms_max = ms;
        } else {
            snprintf(wm->error, sizeof wm->error, "%s", vt_last_error());
            wm->state = VT__WM_FAILED;
        }
    }
    if (wm->state != VT__WM_UPLOADED) {
        VT_LOGW("store", "%s", wm->error);
        for (uint32_t i = 0; i < wm->placement_count; i++) {
            w->placements[wm->placements[i]].failed = true;
            w->failed++;
        }
        return;
    }
    vt__world_model_trim(wm->model);
    for (uint32_t i = 0; i < wm->model->mesh_count; i++)
        vt_scene_set_mesh_geometry(w->scene, wm->mesh_base + i, &wm->model->meshes[i].data);
    for (uint32_t i = 0; i < wm->placement_count; i++) place_one(w, wm, wm->placements[i]);
}

/* ---- fixtures ----------------------------------------------------------- */

static vt_result add_fixtures(vt__world *w) {
    const vt_store_def *def = w->def;
    if (!def->fixture_count) return VT_OK;
    w->fixture_models = calloc(def->fixture_count, sizeof *w->fixture_models);
    w->fixture_bases = calloc(def->fixture_count, sizeof *w->fixture_bases);
    vt__wmesh **tmpls = calloc(def->fixture_count, sizeof *tmpls);
    uint32_t *counts = calloc(def->fixture_count, sizeof *counts);
    const char **paths = calloc(def->fixture_count, sizeof *paths);
    vt_result r = VT_OK;
    if (!w->fixture_models || !w->fixture_bases || !tmpls || !counts || !paths)
        r = vt__fail(VT_ERR_NOMEM, "%s: out of memory for the fixtures", def->path);
    for (uint32_t i = 0; i < def->fixture_count && r == VT_OK; i++) {
        const vt_store_fixture *f = &def->fixtures[i];
        uint32_t k = 0;
        while (k < w->fixture_model_count && strcmp(paths[k], f->model)) k++;
        if (k == w->fixture_model_count) {
            r = vt__world_model_prepare(f->model, w->sandbox, &w->fixture_models[k], &tmpls[k],
                                        &counts[k]);
            if (r != VT_OK) {
                char cause[768];
                snprintf(cause, sizeof cause, "%s", vt_last_error());
                r = vt__fail(r, "%s: fixture %s: %s", def->path, f->id, cause);
                break;
            }
            paths[k] = f->model;
            w->fixture_model_count++;
            r = vt_renderer_upload_model(w->r, w->fixture_models[k], &w->fixture_bases[k]);
            if (r != VT_OK) {
                w->fixture_bases[k] = 0;
                break;
            }
            vt__world_model_trim(w->fixture_models[k]);
            for (uint32_t j = 0; j < w->fixture_models[k]->mesh_count; j++)
                vt_scene_set_mesh_geometry(w->scene, w->fixture_bases[k] + j,
                                           &w->fixture_models[k]->meshes[j].data);
        }
        const vt_model *m = w->fixture_models[k];
        /* A fixture's position is its model's origin (not its bottom centre, as
           for products): fixtures are authored in place. */
        vt_aabb b = bottom_centred(m);
        float c[3] = {m->bounds.min[0] - b.min[0], m->bounds.min[1] - b.min[1],
                      m->bounds.min[2] - b.min[2]};
        vt_transform place = {.scale = {1, 1, 1}};
        vt__yaw_quat(f->yaw, place.rotation);
        vt__quat_rotate(place.rotation, c, place.translation);
        for (int j = 0; j < 3; j++) place.translation[j] += f->position[j];
        uint32_t first;
        vt_node n = instantiate(w, m, tmpls[k], counts[k], w->fixture_bases[k], (vt_node){0},
                                &place, true, &first);
        if (!n.id) {
            r = vt__fail(VT_ERR_LIMIT, "%s: fixture %s: the scene is full", def->path, f->id);
            break;
        }
        vt_node_set_name(w->scene, n, f->id);
        w->mesh_node_count = first; /* fixtures never switch variants */
        if (f->collide) vt__world_add_obstacle(w, &m->bounds, f->position, f->yaw, 1.0f);
    }
    for (uint32_t i = 0; tmpls && i < def->fixture_count; i++) free(tmpls[i]);
    free(tmpls);
    free(counts);
    free(paths);
    return r;
}

/* ---- create / destroy --------------------------------------------------- */

static vt_result add_static_model(vt__world *w, vt_model *m, uint32_t *base, const char *name) {
    vt_result r = vt_renderer_upload_model(w->r, m, base);
    if (r != VT_OK) return r;
    vt_node root;
    r = vt_model_instantiate(m, w->scene, (vt_node){0}, *base, &root);
    if (r == VT_OK) vt_node_set_name(w->scene, root, name);
    return r;
}

static vt_result add_mirror(vt__world *w, const vt_transform *place) {
    vt_result r = vt_renderer_upload_model(w->r, w->mirror, &w->mirror_base);
    if (r != VT_OK) return r;
    r = vt_model_instantiate(w->mirror, w->scene, (vt_node){0}, w->mirror_base, &w->mirror_node);
    if (r != VT_OK) return r;
    vt_node_set_name(w->scene, w->mirror_node, "mirror");
    vt_node_set_local(w->scene, w->mirror_node, place);
    return VT_OK;
}

vt_node vt__world_mirror_node(const vt__world *w) {
    return w->mirror_node;
}

vt_result vt__world_create(const vt__world_desc *desc, vt__world **out) {
    VT_ASSERT(desc && desc->def && desc->renderer && out);
    *out = NULL;
    vt__world *w = calloc(1, sizeof *w);
    if (!w) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", desc->def->path);
    w->def = desc->def;
    w->r = desc->renderer;
    w->sandbox = desc->sandbox;
    w->inspect_shown = UINT32_MAX;
    snprintf(w->lang, sizeof w->lang, "%s", desc->lang && desc->lang[0] ? desc->lang : "en");
    pthread_mutex_init(&w->lock, NULL);
    const vt_store_def *def = w->def;

    vt_result r = vt_scene_create(&(vt_scene_desc){0}, &w->scene);
    if (r == VT_OK) {
        w->map_cap = 16;
        while (w->map_cap < 2 * def->placement_count) w->map_cap *= 2;
        w->map_keys = calloc(w->map_cap, sizeof *w->map_keys);
        w->map_vals = calloc(w->map_cap, sizeof *w->map_vals);
        if (!w->map_keys || !w->map_vals)
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", def->path);
    }
    if (r == VT_OK) {
        float e = def->env_intensity > 0 ? def->env_intensity : 1.0f;
        r = vt_renderer_set_env(w->r, &(vt_env_desc){.kind = VT_ENV_STUDIO, .intensity = e});
    }
    if (r == VT_OK) r = vt__room_build(def, &w->room);
    if (r == VT_OK) r = add_static_model(w, w->room, &w->room_base, "room");
    if (r == VT_OK) r = add_fixtures(w);
    if (r == VT_OK && def->sign_count && vt__world_signs_build(def, w->lang, &w->signs) == VT_OK &&
        w->signs)
        r = add_static_model(w, w->signs, &w->signs_base, "signs");
    vt_transform mirror_place;
    if (r == VT_OK &&
        vt__world_mirror_build(&def->fitting_room, &w->mirror, &mirror_place) == VT_OK && w->mirror)
        r = add_mirror(w, &mirror_place);
    if (r == VT_OK) {
        vt__world_add_lights(w);
        r = vt__world_loader_start(w, desc->load_threads);
    }
    if (r != VT_OK) {
        vt__world_destroy(w);
        return r;
    }
    vt_scene_update(w->scene);
    *out = w;
    return VT_OK;
}

void vt__world_destroy(vt__world *w) {
    if (!w) return;
    vt__world_loader_stop(w);
    if (w->room_base) vt_renderer_release_model(w->r, w->room_base);
    if (w->signs_base) vt_renderer_release_model(w->r, w->signs_base);
    if (w->mirror_base) vt_renderer_release_model(w->r, w->mirror_base);
    for (uint32_t i = 0; i < w->fixture_model_count; i++)
        if (w->fixture_bases[i]) vt_renderer_release_model(w->r, w->fixture_bases[i]);
    vt_scene_destroy(w->scene);
    /* models were freed by loader_stop; their uploads go with them */
    vt_model_free(w->room);
    vt_model_free(w->signs);
    vt_model_free(w->mirror);
    for (uint32_t i = 0; i < w->fixture_model_count; i++) vt_model_free(w->fixture_models[i]);
    free(w->fixture_models);
    free(w->fixture_bases);
    free(w->products);
    free(w->placements);
    free(w->mesh_nodes);
    free(w->map_keys);
    free(w->map_vals);
    free(w->obstacles);
    pthread_mutex_destroy(&w->lock);
    free(w);
}

/* ---- per frame ---------------------------------------------------------- */

/* Bytes an upload moves to the GPU, for predicting its time. */
static double upload_bytes(const vt_model *m) {
    double b = 0;
    for (uint32_t i = 0; i < m->mesh_count; i++)
        b += (double)m->meshes[i].data.vertex_count * 64.0 + m->meshes[i].data.index_count * 4.0;
    for (uint32_t i = 0; i < m->image_count; i++)
        b += (double)m->images[i].width * m->images[i].height * 4.0 * 4.0 / 3.0; /* + mips */
    return b;
}

void vt__world_update(vt__world *w, double budget_ms) {
    double t0 = vt_time_now();
    if (w->pending > w->failed) {
        /* Always at least one per frame, so a tiny budget still finishes; more
           while the next one's predicted time (from the upload rate seen so
           far) still fits. */
        for (bool first = true;; first = false) {
            pthread_mutex_lock(&w->lock);
            vt__wmodel *next = w->done_head;
            pthread_mutex_unlock(&w->lock);
            if (!next) break;
            double bytes = next->state == VT__WM_READY ? upload_bytes(next->model) : 0;
            double spent = (vt_time_now() - t0) * 1e3;
            if (!first && spent + 1.0 + bytes * w->upload_ms_per_byte > budget_ms) break;
            vt__wmodel *wm = vt__world_loader_take(w);
            double u0 = vt_time_now();
            finish_model(w, wm);
            if (bytes > 0 && wm->state == VT__WM_UPLOADED) {
                double rate = (vt_time_now() - u0) * 1e3 / bytes;
                w->upload_ms_per_byte = w->upload_ms_per_byte > 0
                                            ? fmax(rate, 0.7 * w->upload_ms_per_byte + 0.3 * rate)
                                            : rate;
            }
        }
    }
    vt_scene_update(w->scene);
}

uint32_t vt__world_pending(const vt__world *w) {
    return w->pending;
}
uint32_t vt__world_failed(const vt__world *w) {
    return w->failed;
}
vt_scene *vt__world_scene(vt__world *w) {
    return w->scene;
}

vt_node vt__world_placement_node(const vt__world *w, uint32_t placement) {
    if (placement >= w->def->placement_count) return (vt_node){0};
    return w->placements[placement].node;
}

bool vt__world_placement_bounds(const vt__world *w, uint32_t placement, vt_aabb *out) {
    if (placement >= w->def->placement_count || !w->placements[placement].node.id) return false;
    *out = w->placements[placement].bounds;
    return true;
}

uint32_t vt__world_find_placement(const vt__world *w, uint32_t product) {
    for (uint32_t i = 0; i < w->def->placement_count; i++)
        if (w->def->placements[i].product == product) return i;
    return UINT32_MAX;
}

void vt__world_set_variant(vt__world *w, uint32_t placement, uint32_t variant) {
    if (placement >= w->def->placement_count) return;
    const vt_store_placement *pl = &w->def->placements[placement];
    if (pl->product >= w->def->product_count ||
        variant >= w->def->products[pl->product].variant_count)
        return;
    vt__wplacement *wp = &w->placements[placement];
    wp->variant = variant; /* applied at load when not loaded yet */
    if (!wp->node.id) return;
    const vt__wproduct *prod = &w->products[pl->product];
    const vt__wmodel *wm = &w->models[prod->model];
    set_variant_nodes(w, wp->first, wp->count, wm->variant_base[prod->slot] + variant + 1);
}

uint32_t vt__world_pick(const vt__world *w, const vt_ray *ray, float *dist) {
    vt_pick pk;
    if (!vt_scene_pick(w->scene, ray, &pk)) return UINT32_MAX;
    for (vt_node n = pk.node; n.id; n = vt_node_get_parent(w->scene, n)) {
        uint32_t p = map_get(w, n);
        if (p != UINT32_MAX) {
            if (dist) *dist = pk.distance;
            return p;
        }
    }
    return UINT32_MAX; /* the room, a fixture, a sign or the inspect view is in front */
}

bool vt__world_floor_point(const vt__world *w, const vt_ray *ray, float out_xz[2]) {
    if (!(ray->dir[1] < 0) || ray->origin[1] <= 0) return false;
    float t = -ray->origin[1] / ray->dir[1];
    float x = ray->origin[0] + t * ray->dir[0], z = ray->origin[2] + t * ray->dir[2];
    const vt_store_room *room = &w->def->room;
    if (fabsf(x) >= 0.5f * room->width || fabsf(z) >= 0.5f * room->depth) return false;
    vt_pick pk;
    /* Something other than the floor in front (a table, a product) hides it. */
    if (vt_scene_pick(w->scene, ray, &pk) && pk.distance < t - 1e-3f * (1.0f + t)) return false;
    out_xz[0] = x;
    out_xz[1] = z;
    return true;
}

vt_node vt__world_inspect_node(vt__world *w, uint32_t product, uint32_t variant) {
    if (product >= w->def->product_count) return (vt_node){0};
    vt__wproduct *prod = &w->products[product];
    if (prod->model == UINT32_MAX) return (vt_node){0};
    const vt__wmodel *wm = &w->models[prod->model];
    if (!wm->uploaded) return (vt_node){0};
    if (!prod->inspect.id) {
        /* Centred on the node: the template is relative to the bottom centre. */
        float h = wm->model->bounds.max[1] - wm->model->bounds.min[1];
        vt_transform place = {
            .translation = {0, -0.5f * h, 0}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}};
        vt_node top = vt_node_create(w->scene, (vt_node){0});
        if (!top.id) return top;
        uint32_t first;
        vt_node inner = instantiate(w, wm->model, wm->tmpl, wm->tmpl_count, wm->mesh_base, top,
                                    &place, false, &first);
        if (!inner.id) {
            vt_node_destroy(w->scene, top);
            return (vt_node){0};
        }
        vt_node_set_name(w->scene, top, "inspect");
        prod->inspect = top;
        prod->inspect_first = first;
        prod->inspect_count = w->mesh_node_count - first;
    }
    if (variant >= w->def->products[product].variant_count) variant = 0;
    set_variant_nodes(w, prod->inspect_first, prod->inspect_count,
                      wm->variant_base[prod->slot] + variant + 1);
    if (w->inspect_shown != UINT32_MAX && w->inspect_shown != product)
        vt_node_set_visible(w->scene, w->products[w->inspect_shown].inspect, false);
    vt_node_set_visible(w->scene, prod->inspect, true);
    w->inspect_shown = product;
    return prod->inspect;
}
