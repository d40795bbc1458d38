/* Asynchronous product loading: placements are grouped by model file, each
   distinct file is imported once on a job thread (nearest to the spawn
   first), its catalog variants applied and its instance template built there;
   the GL thread takes finished imports from a queue (world.c uploads them).

   Imports run in process by default: a store's model files are its own,
   trusted content, and the sandboxed worker serialises every import behind
   one mutex (one worker process per host), so in-process imports are the
   only way the job threads run in parallel. desc.sandbox opts back in. */
#include "store/world_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

/* ---- matrices (column-major, m[column][row], as scene.c) ---------------- */

static void compose(const vt_transform *t, vt_mat4 out) {
    float x = t->rotation[0], y = t->rotation[1], z = t->rotation[2], w = t->rotation[3];
    float len2 = x * x + y * y + z * z + w * w;
    if (len2 == 0.0f) {
        w = 1.0f;
    } else {
        float inv = 1.0f / sqrtf(len2);
        x *= inv, y *= inv, z *= inv, w *= inv;
    }
    float sx = t->scale[0], sy = t->scale[1], sz = t->scale[2];
    if (sx == 0.0f && sy == 0.0f && sz == 0.0f) sx = sy = sz = 1.0f;
    out[0][0] = (1.0f - 2.0f * (y * y + z * z)) * sx;
    out[0][1] = (2.0f * (x * y + z * w)) * sx;
    out[0][2] = (2.0f * (x * z - y * w)) * sx;
    out[1][0] = (2.0f * (x * y - z * w)) * sy;
    out[1][1] = (1.0f - 2.0f * (x * x + z * z)) * sy;
    out[1][2] = (2.0f * (y * z + x * w)) * sy;
    out[2][0] = (2.0f * (x * z + y * w)) * sz;
    out[2][1] = (2.0f * (y * z - x * w)) * sz;
    out[2][2] = (1.0f - 2.0f * (x * x + y * y)) * sz;
    out[0][3] = out[1][3] = out[2][3] = 0.0f;
    out[3][0] = t->translation[0];
    out[3][1] = t->translation[1];
    out[3][2] = t->translation[2];
    out[3][3] = 1.0f;
}

static void mul_affine(const vt_mat4 a, const vt_mat4 b, vt_mat4 out) {
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 3; r++)
            out[c][r] = a[0][r] * b[c][0] + a[1][r] * b[c][1] + a[2][r] * b[c][2] +
                        (c == 3 ? a[3][r] : 0.0f);
        out[c][3] = c == 3 ? 1.0f : 0.0f;
    }
}

/* TRS of an affine matrix; false when it shears (the TRS is then the
   nearest rotation, and the mesh will look slightly off). */
static bool decompose(const vt_mat4 m, vt_transform *t) {
    float s[3], c[3][3];
    for (int i = 0; i < 3; i++) {
        t->translation[i] = m[3][i];
        s[i] = sqrtf(m[i][0] * m[i][0] + m[i][1] * m[i][1] + m[i][2] * m[i][2]);
        for (int k = 0; k < 3; k++) c[i][k] = s[i] > 0 ? m[i][k] / s[i] : (i == k ? 1.0f : 0.0f);
    }
    float det = c[0][0] * (c[1][1] * c[2][2] - c[2][1] * c[1][2]) -
                c[1][0] * (c[0][1] * c[2][2] - c[2][1] * c[0][2]) +
                c[2][0] * (c[0][1] * c[1][2] - c[1][1] * c[0][2]);
    if (det < 0) { /* a mirror: fold it into the x scale */
        s[0] = -s[0];
        for (int k = 0; k < 3; k++) c[0][k] = -c[0][k];
    }
    bool orthogonal = true;
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 3; j++)
            if (fabsf(c[i][0] * c[j][0] + c[i][1] * c[j][1] + c[i][2] * c[j][2]) > 1e-3f)
                orthogonal = false;
    /* R(row, col) = c[col][row] */
    float r00 = c[0][0], r11 = c[1][1], r22 = c[2][2], tr = r00 + r11 + r22, q[4];
    if (tr > 0) {
        float k = sqrtf(tr + 1.0f) * 2.0f;
        q[3] = 0.25f * k;
        q[0] = (c[1][2] - c[2][1]) / k;
        q[1] = (c[2][0] - c[0][2]) / k;
        q[2] = (c[0][1] - c[1][0]) / k;
    } else if (r00 > r11 && r00 > r22) {
        float k = sqrtf(1.0f + r00 - r11 - r22) * 2.0f;
        q[3] = (c[1][2] - c[2][1]) / k;
        q[0] = 0.25f * k;
        q[1] = (c[1][0] + c[0][1]) / k;
        q[2] = (c[2][0] + c[0][2]) / k;
    } else if (r11 > r22) {
        float k = sqrtf(1.0f + r11 - r00 - r22) * 2.0f;
        q[3] = (c[2][0] - c[0][2]) / k;
        q[0] = (c[1][0] + c[0][1]) / k;
        q[1] = 0.25f * k;
        q[2] = (c[2][1] + c[1][2]) / k;
    } else {
        float k = sqrtf(1.0f + r22 - r00 - r11) * 2.0f;
        q[3] = (c[0][1] - c[1][0]) / k;
        q[0] = (c[2][0] + c[0][2]) / k;
        q[1] = (c[2][1] + c[1][2]) / k;
        q[2] = 0.25f * k;
    }
    memcpy(t->rotation, q, sizeof q);
    memcpy(t->scale, s, sizeof s);
    return orthogonal;
}

/* ---- import and template ------------------------------------------------ */

vt_result vt__world_model_prepare(const char *path, bool sandbox, vt_model **model,
                                  vt__wmesh **tmpl, uint32_t *tmpl_count) {
    *model = NULL;
    *tmpl = NULL;
    *tmpl_count = 0;
    vt_model *m = NULL;
    vt_result r = vt_model_load(path, &(vt_load_desc){.in_process = !sandbox}, &m);
    if (r != VT_OK) return r;
    if (!m->mesh_count || vt_aabb_is_empty(&m->bounds)) {
        vt_model_free(m);
        return vt__fail(VT_ERR_PARSE, "%s: the model has no meshes", path);
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < m->node_count; i++) n += m->nodes[i].mesh_count;
    vt_mat4 *world = calloc(m->node_count ? m->node_count : 1, sizeof *world);
    vt__wmesh *out = calloc(n ? n : 1, sizeof *out);
    if (!world || !out) {
        free(world);
        free(out);
        vt_model_free(m);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    /* Everything relative to the bottom centre of the model's bounds. */
    vt_mat4 offset;
    compose(&(vt_transform){.translation = {-0.5f * (m->bounds.min[0] + m->bounds.max[0]),
                                            -m->bounds.min[1],
                                            -0.5f * (m->bounds.min[2] + m->bounds.max[2])}},
            offset);
    bool sheared = false;
    uint32_t k = 0;
    for (uint32_t i = 0; i < m->node_count; i++) {
        const vt_model_node *mn = &m->nodes[i];
        vt_mat4 local;
        compose(&mn->local, local);
        const float(*parent)[4] = offset;
        if (mn->parent >= 0 && (uint32_t)mn->parent < i) parent = world[mn->parent];
        mul_affine(parent, local, world[i]);
        for (uint32_t j = 0; j < mn->mesh_count; j++) {
            if (mn->meshes[j] >= m->mesh_count) continue;
            out[k].mesh = mn->meshes[j];
            if (!decompose(world[i], &out[k].local)) sheared = true;
            k++;
        }
    }
    free(world);
    if (sheared) VT_LOGW("store", "%s: a node transform shears; shown without the shear", path);
    *model = m;
    *tmpl = out;
    *tmpl_count = k;
    return VT_OK;
}

void vt__world_model_trim(vt_model *m) {
    for (uint32_t i = 0; i < m->image_count; i++) free(m->images[i].pixels);
    free(m->images);
    m->images = NULL;
    m->image_count = 0;
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        vt_mesh_data *d = &m->meshes[i].data;
        free(d->normals);
        free(d->tangents);
        free(d->uv0);
        free(d->uv1);
        free(d->colors);
        d->normals = d->tangents = d->uv0 = d->uv1 = d->colors = NULL;
    }
}

/* ---- jobs --------------------------------------------------------------- */

static void load_job(void *arg) {
    vt__wmodel *wm = arg;
    vt__world *w = wm->world;
    /* Imports yield to the GL thread: a frame must not wait for a core an
       import holds. The pool's threads are the world's own (Linux: per thread). */
    setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    pthread_mutex_lock(&w->lock);
    bool cancel = w->cancel;
    pthread_mutex_unlock(&w->lock);
    int state = VT__WM_FAILED;
    if (cancel) {
        snprintf(wm->error, sizeof wm->error, "%s: not loaded (the store closed)", wm->path);
    } else {
        double t0 = vt_time_now();
        vt_result r =
            vt__world_model_prepare(wm->path, w->sandbox, &wm->model, &wm->tmpl, &wm->tmpl_count);
        if (r == VT_OK)
            r = vt__world_variants_apply(wm->model, w->def, wm->products, wm->product_count,
                                         wm->variant_base);
        if (r == VT_OK)
            state = VT__WM_READY;
        else
            snprintf(wm->error, sizeof wm->error, "%s", vt_last_error());
        wm->load_ms = (vt_time_now() - t0) * 1e3;
    }
    pthread_mutex_lock(&w->lock);
    wm->state = state;
    wm->next_done = NULL;
    if (w->done_tail)
        w->done_tail->next_done = wm;
    else
        w->done_head = wm;
    w->done_tail = wm;
    pthread_mutex_unlock(&w->lock);
}

vt__wmodel *vt__world_loader_take(vt__world *w) {
    pthread_mutex_lock(&w->lock);
    vt__wmodel *wm = w->done_head;
    if (wm) {
        w->done_head = wm->next_done;
        if (!w->done_head) w->done_tail = NULL;
    }
    pthread_mutex_unlock(&w->lock);
    return wm;
}

static uint64_t hash_str(const char *s) {
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ull;
    return h;
}

typedef struct ranked {
    float priority;
    uint32_t model;
} ranked;

static int by_priority(const void *a, const void *b) {
    float pa = ((const ranked *)a)->priority, pb = ((const ranked *)b)->priority;
    return (pa > pb) - (pa < pb);
}

static bool push_u32(uint32_t **arr, uint32_t *count, uint32_t v) {
    /* counts are small per model; grow by doubling at powers of two */
    uint32_t n = *count;
    if ((n & (n - 1)) == 0) {
        uint32_t cap = n ? n * 2 : 1;
        uint32_t *a = realloc(*arr, cap * sizeof *a);
        if (!a) return false;
        *arr = a;
    }
    (*arr)[(*count)++] = v;
    return true;
}

vt_result vt__world_loader_start(vt__world *w, uint32_t threads) {
    const vt_store_def *def = w->def;
    w->products = calloc(def->product_count ? def->product_count : 1, sizeof *w->products);
    w->placements = calloc(def->placement_count ? def->placement_count : 1, sizeof *w->placements);
    w->models = calloc(def->product_count ? def->product_count : 1, sizeof *w->models);
    uint32_t cap = 16;
    while (cap < 2 * def->product_count) cap *= 2;
    uint32_t *table = malloc(cap * sizeof *table);
    if (!w->products || !w->placements || !w->models || !table) {
        free(table);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory for the placements", def->path);
    }
    memset(table, 0xff, cap * sizeof *table);
    for (uint32_t p = 0; p < def->product_count; p++) {
        w->products[p].model = UINT32_MAX;
        w->products[p].slot = UINT32_MAX;
    }
    bool ok = true;
    for (uint32_t i = 0; i < def->placement_count && ok; i++) {
        const vt_store_placement *pl = &def->placements[i];
        w->placements[i].variant = pl->variant;
        w->placements[i].bounds = vt_aabb_empty();
        if (pl->product >= def->product_count) { /* the loader never lets this through */
            w->placements[i].failed = true;
            w->failed++;
            w->pending++;
            continue;
        }
        vt__wproduct *wp = &w->products[pl->product];
        if (wp->model == UINT32_MAX) {
            const char *path = def->products[pl->product].model;
            uint32_t h = (uint32_t)hash_str(path) & (cap - 1);
            while (table[h] != UINT32_MAX && strcmp(w->models[table[h]].path, path))
                h = (h + 1) & (cap - 1);
            if (table[h] == UINT32_MAX) {
                table[h] = w->model_count;
                vt__wmodel *wm = &w->models[w->model_count++];
                snprintf(wm->path, sizeof wm->path, "%s", path);
                wm->world = w;
                wm->priority = INFINITY;
            }
            vt__wmodel *wm = &w->models[table[h]];
            wp->model = table[h];
            wp->slot = wm->product_count;
            ok = push_u32(&wm->products, &wm->product_count, pl->product);
        }
        vt__wmodel *wm = &w->models[wp->model];
        ok = ok && push_u32(&wm->placements, &wm->placement_count, i);
        float dx = pl->position[0] - def->spawn[0], dz = pl->position[2] - def->spawn[2];
        float d = sqrtf(dx * dx + dz * dz);
        if (d < wm->priority) wm->priority = d;
        w->pending++;
    }
    free(table);
    for (uint32_t i = 0; i < w->model_count && ok; i++) {
        w->models[i].variant_base = calloc(w->models[i].product_count, sizeof(uint32_t));
        ok = w->models[i].variant_base != NULL;
    }
    if (!ok) return vt__fail(VT_ERR_NOMEM, "%s: out of memory for the placements", def->path);
    if (!w->model_count) return VT_OK;

    vt_result r = vt_jobs_create(threads, &w->jobs);
    if (r != VT_OK) return r;
    ranked *order = malloc(w->model_count * sizeof *order);
    if (!order) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", def->path);
    for (uint32_t i = 0; i < w->model_count; i++) order[i] = (ranked){w->models[i].priority, i};
    qsort(order, w->model_count, sizeof *order, by_priority);
    for (uint32_t i = 0; i < w->model_count && r == VT_OK; i++)
        r = vt_jobs_submit(w->jobs, load_job, &w->models[order[i].model]);
    free(order);
    return r;
}

void vt__world_loader_stop(vt__world *w) {
    if (w->jobs) {
        pthread_mutex_lock(&w->lock);
        w->cancel = true;
        pthread_mutex_unlock(&w->lock);
        vt_jobs_destroy(w->jobs);
        w->jobs = NULL;
    }
    for (uint32_t i = 0; i < w->model_count; i++) {
        vt__wmodel *wm = &w->models[i];
        vt_model_free(wm->model);
        free(wm->tmpl);
        free(wm->products);
        free(wm->placements);
        free(wm->variant_base);
    }
    free(w->models);
    w->models = NULL;
    w->model_count = 0;
}
