/* engine/scene/query.c — what the renderer and interaction ask of a scene:
   bounds, culled draw lists, lights and ray picks. All read the flat arrays as
   of the last vt_scene_update(). */
#include "scene/scene_internal.h"

#include "core/internal.h"

#include <cglm/cglm.h>
#include <float.h>
#include <math.h>
#include <string.h>

/* Largest mesh id that can carry picking geometry: ids are handed out densely
   from 1 by the renderer, so this only stops a wild id from allocating GBs. */
#define MAX_GEOMETRY_ID (1u << 24)

static const uint8_t drawable = VT__ALIVE | VT__MESH | VT__SHOWN;

bool vt_scene_bounds(const vt_scene *s, vt_aabb *out) {
    VT_ASSERT(s && out);
    vt_aabb b = vt_aabb_empty();
    for (uint32_t n = 0; n < s->high; n++) {
        if ((s->flags[n] & drawable) == drawable) vt_aabb_merge(&b, &s->world_bounds[n]);
    }
    *out = b;
    return !vt_aabb_is_empty(&b);
}

uint32_t vt_scene_cull(const vt_scene *s, const vt_mat4 view_proj, vt_draw_item *items,
                       uint32_t capacity) {
    VT_ASSERT(s);
    vt_frustum f;
    if (view_proj) vt_frustum_from_matrix(view_proj, &f);
    if (!items) capacity = 0;
    uint32_t total = 0;
    for (uint32_t n = 0; n < s->high; n++) {
        if ((s->flags[n] & drawable) != drawable) continue;
        const vt_aabb *b = &s->world_bounds[n];
        /* Unknown (empty) bounds cannot be culled: drawn in every view. */
        if (view_proj && !vt_aabb_is_empty(b) && !vt_frustum_test_aabb(&f, b)) continue;
        if (total < capacity) {
            vt_draw_item *it = &items[total];
            it->node = vt__scene_handle(s, n);
            it->mesh = s->mesh[n];
            it->variant = s->variant[n];
            memcpy(it->world, s->world[n], sizeof(vt_mat4));
            it->bounds = *b;
        }
        total++;
    }
    return total;
}

uint32_t vt_scene_lights(const vt_scene *s, vt_light_item *items, uint32_t capacity) {
    VT_ASSERT(s);
    const uint8_t lit = VT__ALIVE | VT__LIGHT | VT__SHOWN;
    if (!items) capacity = 0;
    uint32_t total = 0;
    for (uint32_t n = 0; n < s->high; n++) {
        if ((s->flags[n] & lit) != lit) continue;
        if (total < capacity) {
            vt_light_item *it = &items[total];
            const float(*w)[4] = s->world[n];
            it->node = vt__scene_handle(s, n);
            it->light = s->light[n];
            for (int c = 0; c < 3; c++) {
                it->position[c] = w[3][c];
                it->direction[c] = -w[2][c];
            }
            float len =
                sqrtf(it->direction[0] * it->direction[0] + it->direction[1] * it->direction[1] +
                      it->direction[2] * it->direction[2]);
            if (len > 0.0f) {
                for (int c = 0; c < 3; c++) it->direction[c] /= len;
            } else {
                it->direction[0] = it->direction[1] = 0.0f;
                it->direction[2] = -1.0f; /* zero scale on z: keep the default */
            }
        }
        total++;
    }
    return total;
}

void vt_scene_set_mesh_geometry(vt_scene *s, uint32_t mesh, const vt_mesh_data *geometry) {
    VT_ASSERT(s);
    if (mesh == 0 || mesh >= MAX_GEOMETRY_ID) {
        VT_LOGW("scene", "set mesh geometry: mesh id %u out of range, ignored", mesh);
        return;
    }
    if (mesh >= s->geometry_count) {
        if (!geometry) return;
        uint32_t count = s->geometry_count ? s->geometry_count : 64;
        while (count <= mesh) count *= 2;
        const vt_mesh_data **g = realloc((void *)s->geometry, count * sizeof *g);
        if (!g) {
            VT_LOGE("scene", "set mesh geometry: out of memory for mesh id %u", mesh);
            return;
        }
        memset((void *)(g + s->geometry_count), 0, (count - s->geometry_count) * sizeof *g);
        s->geometry = g;
        s->geometry_count = count;
    }
    s->geometry[mesh] = geometry;
}

/* Nearest triangle of g hit by the local-space ray, nearer than *t_best. */
static bool pick_triangles(const vt_mesh_data *g, const vt_ray *r, float *t_best,
                           uint32_t *tri_out) {
    bool hit = false;
    uint32_t tris = g->indices ? g->index_count / 3 : g->vertex_count / 3;
    for (uint32_t t = 0; t < tris; t++) {
        uint32_t i0 = g->indices ? g->indices[3 * t] : 3 * t;
        uint32_t i1 = g->indices ? g->indices[3 * t + 1] : 3 * t + 1;
        uint32_t i2 = g->indices ? g->indices[3 * t + 2] : 3 * t + 2;
        if (i0 >= g->vertex_count || i1 >= g->vertex_count || i2 >= g->vertex_count) continue;
        float d;
        if (vt_ray_triangle(r, &g->positions[3 * i0], &g->positions[3 * i1], &g->positions[3 * i2],
                            &d, NULL, NULL) &&
            d < *t_best) {
            *t_best = d;
            *tri_out = t;
            hit = true;
        }
    }
    return hit;
}

bool vt_scene_pick(const vt_scene *s, const vt_ray *ray, vt_pick *out) {
    VT_ASSERT(s && ray);
    float best = FLT_MAX;
    uint32_t best_node = VT__NONE, best_tri = 0;
    for (uint32_t n = 0; n < s->high; n++) {
        if ((s->flags[n] & drawable) != drawable) continue;
        uint32_t mesh = s->mesh[n];
        const vt_mesh_data *g = mesh < s->geometry_count ? s->geometry[mesh] : NULL;
        if (g && !g->positions) g = NULL;
        const vt_aabb *b = &s->world_bounds[n];
        float t_box = 0.0f;
        if (vt_aabb_is_empty(b)) {
            if (!g) continue; /* neither bounds nor triangles: nothing to hit */
        } else if (!vt_ray_aabb(ray, b, &t_box) || t_box > best) {
            continue;
        }
        if (!g) {
            /* No triangles: the box is the hit. */
            if (t_box < best) {
                best = t_box;
                best_node = n;
                best_tri = UINT32_MAX;
            }
            continue;
        }
        /* The ray in the node's space: an affine map keeps the ray parameter,
           so a local hit at t is the world point origin + t * dir. */
        mat4 w, inv;
        memcpy(w, s->world[n], sizeof w);
        if (fabsf(glm_mat4_det(w)) < 1e-30f) continue; /* flattened to nothing */
        glm_mat4_inv(w, inv);
        vt_ray local;
        for (int r = 0; r < 3; r++) {
            local.origin[r] = inv[0][r] * ray->origin[0] + inv[1][r] * ray->origin[1] +
                              inv[2][r] * ray->origin[2] + inv[3][r];
            local.dir[r] =
                inv[0][r] * ray->dir[0] + inv[1][r] * ray->dir[1] + inv[2][r] * ray->dir[2];
        }
        uint32_t tri;
        if (pick_triangles(g, &local, &best, &tri)) {
            best_node = n;
            best_tri = tri;
        }
    }
    if (best_node == VT__NONE) return false;
    if (out) {
        out->node = vt__scene_handle(s, best_node);
        out->triangle = best_tri;
        out->distance = best;
        for (int c = 0; c < 3; c++) out->point[c] = ray->origin[c] + best * ray->dir[c];
    }
    return true;
}
