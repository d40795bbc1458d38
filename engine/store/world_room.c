/* The room when no room builder is linked in (a plain floor, four walls and a
   ceiling in the store's colours; TEMPORARY until store/room.h's
   vt__room_build lands), and the store's lights as scene lights. */
#include "store/world_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

static float srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static vt_material plain_material(const char *name, const float srgb[3], float roughness) {
    vt_material m;
    memset(&m, 0, sizeof m);
    snprintf(m.name, sizeof m.name, "%s", name);
    for (int i = 0; i < 3; i++) m.base_color[i] = srgb_to_linear(srgb[i]);
    m.base_color[3] = 1.0f;
    m.roughness = roughness;
    m.normal_scale = m.occlusion_strength = m.emissive_strength = 1.0f;
    m.alpha_cutoff = 0.5f;
    m.ior = 1.5f;
    const vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    m.base_color_tex = m.metallic_roughness_tex = m.normal_tex = m.occlusion_tex = none;
    m.emissive_tex = m.clearcoat_tex = m.clearcoat_roughness_tex = none;
    m.clearcoat_normal_tex = m.sheen_color_tex = m.transmission_tex = none;
    return m;
}

/* Appends a box of size centred at c with material mat as mesh and node i. */
static vt_result add_box(vt_model *m, uint32_t i, const char *name, const float size[3],
                         const float c[3], uint32_t mat) {
    vt_model_mesh *mesh = &m->meshes[i];
    vt_result r = vt_mesh_box(size, &mesh->data);
    if (r != VT_OK) return r;
    snprintf(mesh->name, sizeof mesh->name, "%s", name);
    mesh->material = mat;
    mesh->bounds = vt_mesh_bounds(&mesh->data);
    vt_model_node *n = &m->nodes[i];
    snprintf(n->name, sizeof n->name, "%s", name);
    n->parent = -1;
    n->light = -1;
    n->local = (vt_transform){
        .translation = {c[0], c[1], c[2]}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}};
    n->meshes = malloc(sizeof(uint32_t));
    if (!n->meshes) return vt__fail(VT_ERR_NOMEM, "room: out of memory");
    n->meshes[0] = i;
    n->mesh_count = 1;
    vt_aabb b = mesh->bounds;
    for (int k = 0; k < 3; k++) {
        b.min[k] += c[k];
        b.max[k] += c[k];
    }
    vt_aabb_merge(&m->bounds, &b);
    m->mesh_count = i + 1;
    m->node_count = i + 1;
    return VT_OK;
}

vt_result vt__world_room_fallback(const vt_store_def *def, vt_model **out) {
    *out = NULL;
    const vt_store_room *room = &def->room;
    float w = room->width > 0 ? room->width : 10, d = room->depth > 0 ? room->depth : 10;
    float h = room->height > 0 ? room->height : 3, t = 0.2f;
    vt_model *m = calloc(1, sizeof *m);
    if (!m) return vt__fail(VT_ERR_NOMEM, "room: out of memory");
    snprintf(m->path, sizeof m->path, "room");
    m->unit_scale = 1.0f;
    m->bounds = vt_aabb_empty();
    m->meshes = calloc(6, sizeof *m->meshes);
    m->nodes = calloc(6, sizeof *m->nodes);
    m->materials = calloc(3, sizeof *m->materials);
    if (!m->meshes || !m->nodes || !m->materials) {
        vt_model_free(m);
        return vt__fail(VT_ERR_NOMEM, "room: out of memory");
    }
    static const float white[3] = {0.93f, 0.93f, 0.92f};
    m->materials[0] = plain_material("floor", room->floor_color, 0.55f);
    m->materials[1] = plain_material("wall", room->wall_color, 0.9f);
    m->materials[2] = plain_material("ceiling", white, 0.95f);
    m->material_count = 3;
    vt_result r =
        add_box(m, 0, "floor", (float[3]){w + 2 * t, t, d + 2 * t}, (float[3]){0, -0.5f * t, 0}, 0);
    if (r == VT_OK)
        r = add_box(m, 1, "wall-north", (float[3]){w + 2 * t, h, t},
                    (float[3]){0, 0.5f * h, -0.5f * (d + t)}, 1);
    if (r == VT_OK)
        r = add_box(m, 2, "wall-south", (float[3]){w + 2 * t, h, t},
                    (float[3]){0, 0.5f * h, 0.5f * (d + t)}, 1);
    if (r == VT_OK)
        r = add_box(m, 3, "wall-east", (float[3]){t, h, d}, (float[3]){0.5f * (w + t), 0.5f * h, 0},
                    1);
    if (r == VT_OK)
        r = add_box(m, 4, "wall-west", (float[3]){t, h, d},
                    (float[3]){-0.5f * (w + t), 0.5f * h, 0}, 1);
    if (r == VT_OK)
        r = add_box(m, 5, "ceiling", (float[3]){w + 2 * t, t, d + 2 * t},
                    (float[3]){0, h + 0.5f * t, 0}, 2);
    if (r != VT_OK) {
        vt_model_free(m);
        return r;
    }
    *out = m;
    return VT_OK;
}

/* The rotation taking -Z (where a light shines) to unit direction d. */
static void look_quat(const float d[3], float q[4]) {
    const float a[3] = {0, 0, -1};
    float c = a[0] * d[0] + a[1] * d[1] + a[2] * d[2];
    if (c < -0.9999f) { /* opposite: half a turn about +Y */
        q[0] = q[2] = q[3] = 0;
        q[1] = 1;
        return;
    }
    float x[3] = {a[1] * d[2] - a[2] * d[1], a[2] * d[0] - a[0] * d[2], a[0] * d[1] - a[1] * d[0]};
    float s = sqrtf(2.0f * (1.0f + c));
    q[0] = x[0] / s;
    q[1] = x[1] / s;
    q[2] = x[2] / s;
    q[3] = 0.5f * s;
}

void vt__world_add_lights(vt__world *w) {
    const vt_store_def *def = w->def;
    for (uint32_t i = 0; i < def->light_count; i++) {
        const vt_store_light *sl = &def->lights[i];
        if (sl->type < VT_LIGHT_DIRECTIONAL || sl->type > VT_LIGHT_SPOT) continue;
        vt_node n = vt_node_create(w->scene, (vt_node){0});
        if (!n.id) return;
        vt_transform t = {.translation = {sl->position[0], sl->position[1], sl->position[2]},
                          .rotation = {0, 0, 0, 1},
                          .scale = {1, 1, 1}};
        float d[3] = {sl->target[0] - sl->position[0], sl->target[1] - sl->position[1],
                      sl->target[2] - sl->position[2]};
        float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (len > 1e-6f) {
            for (int k = 0; k < 3; k++) d[k] /= len;
            look_quat(d, t.rotation);
        } else if (sl->type != VT_LIGHT_POINT) {
            look_quat((float[3]){0, -1, 0}, t.rotation); /* no target: straight down */
        }
        vt_node_set_local(w->scene, n, &t);
        char name[32];
        snprintf(name, sizeof name, "light-%u", i);
        vt_node_set_name(w->scene, n, name);
        float cone = sl->cone > 0 ? sl->cone : 0.6f;
        vt_light l = {.type = (vt_light_type)sl->type,
                      .intensity = sl->intensity,
                      .inner_cone = 0.75f * cone,
                      .outer_cone = cone,
                      .cast_shadow = sl->cast_shadow};
        memcpy(l.color, sl->color, sizeof l.color);
        if (l.color[0] == 0 && l.color[1] == 0 && l.color[2] == 0)
            l.color[0] = l.color[1] = l.color[2] = 1;
        vt_node_set_light(w->scene, n, &l);
    }
}
