/* The frame's draw list: frustum culling, a level of detail per instance,
   sorting by blend mode, material, mesh and level (a radix sort into kept
   scratch), batching runs of equal mesh, level and material into instanced
   draws, and the per-instance matrices into one buffer. */
#include "render_internal.h"

#define CGLM_ALL_UNALIGNED
#include <cglm/cglm.h>
#include <math.h>
#include <string.h>

static bool ensure(void **p, uint32_t *cap, uint64_t need, size_t elem) {
    return vt__grow(p, cap, need, elem, 256);
}

static uint64_t hash_words(uint64_t h, const void *data, size_t bytes) {
    const uint8_t *p = data;
    for (size_t i = 0; i + 4 <= bytes; i += 4) {
        uint32_t w;
        memcpy(&w, p + i, 4);
        h = (h ^ w) * 0x100000001b3ull;
    }
    return h;
}

/* Identifies what the shadow and contact maps show: instances, meshes, bounds. */
uint64_t vt__caster_key(const vt_renderer *r, uint32_t draw_count, const vt_aabb *b) {
    uint64_t h = 0xcbf29ce484222325ull;
    h = hash_words(h, r->instances, (size_t)draw_count * 16 * sizeof(float));
    for (uint32_t i = 0; i < r->batch_count; i++) {
        uint32_t w[3] = {r->batches[i].mesh, r->batches[i].first, r->batches[i].count};
        h = hash_words(h, w, sizeof w);
    }
    h = hash_words(h, b, sizeof *b);
    return h ? h : 1;
}

/* Stable LSD radix sort of draws on their 64-bit keys, one byte a pass,
   skipping bytes all keys share (most of them: the keys hold few bits that
   vary). tmp holds n draws. No allocation, unlike glibc's qsort, which
   mallocs a merge buffer for arrays of this size every frame. */
static void sort_draws(vt__draw *a, vt__draw *tmp, uint32_t n) {
    if (n < 2) return;
    uint64_t all_or = 0, all_and = ~0ull;
    for (uint32_t i = 0; i < n; i++) all_or |= a[i].key, all_and &= a[i].key;
    uint64_t varying = all_or ^ all_and;
    vt__draw *src = a, *dst = tmp;
    for (int shift = 0; shift < 64; shift += 8) {
        if (!((varying >> shift) & 0xff)) continue;
        uint32_t count[257] = {0};
        for (uint32_t i = 0; i < n; i++) count[((src[i].key >> shift) & 0xff) + 1]++;
        for (int b = 0; b < 256; b++) count[b + 1] += count[b];
        for (uint32_t i = 0; i < n; i++) dst[count[(src[i].key >> shift) & 0xff]++] = src[i];
        vt__draw *t = src;
        src = dst, dst = t;
    }
    if (src != a) memcpy(a, src, (size_t)n * sizeof *a);
}

uint32_t vt__pick_lod(const vt__gpu_mesh *g, const vt_draw_item *it, const float eye[3],
                      float px_per_unit, bool perspective) {
    if (g->lod_count < 2) return 0;
    float dist = 1.0f;
    if (perspective) {
        float r2 = 0, d2 = 0;
        for (int k = 0; k < 3; k++) {
            float half = 0.5f * (it->bounds.max[k] - it->bounds.min[k]);
            float c = it->bounds.min[k] + half - eye[k];
            r2 += half * half;
            d2 += c * c;
        }
        dist = sqrtf(d2) - sqrtf(r2);
        if (dist <= 1e-3f) return 0;
    }
    float s2 = 0;
    for (int c = 0; c < 3; c++) {
        const float *col = it->world[c];
        s2 = fmaxf(s2, col[0] * col[0] + col[1] * col[1] + col[2] * col[2]);
    }
    float px = sqrtf(s2) * px_per_unit / dist; /* pixels per mesh unit */
    uint32_t l = 0;
    while (l + 1 < g->lod_count && g->lod[l + 1].error * px <= VT__LOD_PIXELS) l++;
    return l;
}

/* Culls, sorts and writes the instance buffer; returns the number of draws. */
vt_result vt__prepare_draws(vt_renderer *r, const vt_scene *s, const mat4 vp, const vec3 eye,
                            float px_per_unit, bool perspective, vt_node mirror,
                            uint32_t *out_draws, uint32_t *out_mirror_draws) {
    *out_draws = 0;
    *out_mirror_draws = 0;
    r->batch_count = 0;
    uint32_t n = vt_scene_cull(s, (const float(*)[4])vp, r->items, r->item_cap);
    if (n > r->item_cap) {
        uint32_t cap = r->item_cap;
        if (!ensure((void **)&r->items, &cap, n, sizeof *r->items))
            return vt__fail(VT_ERR_NOMEM, "render: out of memory for %u draws", n);
        r->item_cap = cap;
        n = vt_scene_cull(s, (const float(*)[4])vp, r->items, r->item_cap);
    }
    uint32_t dcap = r->draw_cap;
    if (!ensure((void **)&r->draws, &dcap, 2 * (uint64_t)n, sizeof *r->draws)) /* + sort scratch */
        return vt__fail(VT_ERR_NOMEM, "render: out of memory for %u draws", n);
    if (dcap != r->draw_cap || !r->instances) { /* grows with the draw list, never per frame */
        float *inst = realloc(r->instances, (size_t)(dcap ? dcap : 1) * 16 * sizeof(float));
        if (!inst) return vt__fail(VT_ERR_NOMEM, "render: out of memory for %u draws", n);
        r->instances = inst;
        r->draw_cap = dcap;
    }
    if (!ensure((void **)&r->batches, &r->batch_cap, n, sizeof *r->batches))
        return vt__fail(VT_ERR_NOMEM, "render: out of memory for %u draws", n);

    uint32_t count = 0;
    for (uint32_t i = 0; i < n; i++) {
        const vt_draw_item *it = &r->items[i];
        if (it->mesh == 0 || it->mesh > r->mesh_count) continue;
        uint32_t mi = it->mesh - 1;
        const vt__gpu_mesh *g = &r->meshes[mi];
        if (g->failed) continue;
        uint32_t mat = g->material;
        if (it->variant && it->variant <= g->variant_count)
            mat = g->variant_material[it->variant - 1];
        const vt__gpu_material *m = &r->materials[mat];
        if (!m->ubo) continue;
        vt__draw *d = &r->draws[count++];
        d->item = i;
        d->mesh = mi;
        d->material = mat;
        d->lod = vt__pick_lod(g, it, eye, px_per_unit, perspective);
        if (mirror.id && vt__node_under(s, it->node, mirror)) {
            /* after the other opaque draws, whatever the material's alpha mode */
            d->key = (1ull << 61) | ((uint64_t)(mat & 0x3fffff) << 40) |
                     ((uint64_t)(mi & 0xfffff) << 20) | ((uint64_t)d->lod << 16);
            (*out_mirror_draws)++;
        } else if (m->alpha_mode == VT_ALPHA_BLEND) {
            float c[3], dist2 = 0;
            for (int k = 0; k < 3; k++) {
                c[k] = 0.5f * (it->bounds.min[k] + it->bounds.max[k]) - eye[k];
                dist2 += c[k] * c[k];
            }
            uint32_t bits;
            memcpy(&bits, &dist2, sizeof bits);
            d->key = (1ull << 63) | (uint64_t)(0xffffffffu - bits); /* far first */
        } else {
            d->key = ((uint64_t)(m->alpha_mode == VT_ALPHA_MASK) << 62) |
                     ((uint64_t)(mat & 0x3fffff) << 40) | ((uint64_t)(mi & 0xfffff) << 20) |
                     ((uint64_t)d->lod << 16);
        }
    }
    sort_draws(r->draws, r->draws + count, count);

    vt__batch *cur = NULL;
    for (uint32_t i = 0; i < count; i++) {
        const vt__draw *d = &r->draws[i];
        memcpy(r->instances + (size_t)i * 16, r->items[d->item].world, 16 * sizeof(float));
        bool blend = (d->key >> 63) != 0, mirrored = (d->key >> 61 & 1) != 0;
        if (cur && !blend && !cur->blend && cur->mesh == d->mesh && cur->material == d->material &&
            cur->lod == d->lod && cur->mirror == mirrored) {
            const vt_aabb *b = &r->items[d->item].bounds;
            for (int k = 0; k < 3; k++) {
                cur->bounds.min[k] = fminf(cur->bounds.min[k], b->min[k]);
                cur->bounds.max[k] = fmaxf(cur->bounds.max[k], b->max[k]);
            }
            cur->count++;
            continue;
        }
        cur = &r->batches[r->batch_count++];
        *cur = (vt__batch){.mesh = d->mesh,
                           .material = d->material,
                           .lod = d->lod,
                           .first = i,
                           .count = 1,
                           .bounds = r->items[d->item].bounds,
                           .blend = blend,
                           .mirror = mirrored};
    }
    glBindBuffer(GL_ARRAY_BUFFER, r->instance_vbo);
    size_t bytes = (size_t)count * 16 * sizeof(float);
    if (bytes > r->instance_cap) r->instance_cap = bytes * 2;
    /* a fresh store every frame (orphaning): no wait on last frame's draws */
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)r->instance_cap, NULL, GL_STREAM_DRAW);
    if (bytes) glBufferSubData(GL_ARRAY_BUFFER, 0, (GLsizeiptr)bytes, r->instances);
    *out_draws = count;
    return VT_OK;
}

void vt__bind_instances(vt_renderer *r, const vt__gpu_mesh *g, uint32_t first) {
    vt__bind_instances_from(r->instance_vbo, g, first);
}

void vt__bind_instances_from(GLuint vbo, const vt__gpu_mesh *g, uint32_t first) {
    glBindVertexArray(g->vao);
    glBindBuffer(GL_ARRAY_BUFFER, vbo);
    size_t base = (size_t)first * 64;
    for (GLuint c = 0; c < 4; c++)
        glVertexAttribPointer(6 + c, 4, GL_FLOAT, GL_FALSE, 64, (const void *)(base + 16 * c));
}
