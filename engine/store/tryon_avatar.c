/* The fitting room's avatar in the world's scene: the mannequin and the
   garment as meshes built in memory and uploaded (no file between), its
   root at the fitting room and the light before it. GL thread. */
#include "store/tryon_internal.h"

#include "core/internal.h"

#include <math.h>

static float srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

void vt__tryon_drop_meshes(vt_store *s, bool body_too) {
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
        /* the cloth lies 3 mm over the skin: a coarser level of either, a
           pixel off its surface at this distance, would show through */
        m->meshes[0].full_detail = true;
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
vt_result vt__tryon_show_body(vt_store *s, const vt_body *body) {
    vt__tryon *t = s->tryon;
    vt__tryon_drop_meshes(s, true);
    vt_material mat;
    material_defaults(&mat, "mannequin");
    const float c[3] = {0.72f, 0.72f, 0.74f}; /* sRGB: a cool pale grey, apart from any cloth */
    for (int k = 0; k < 3; k++) mat.base_color[k] = srgb_to_linear(c[k]);
    mat.roughness = 0.42f;
    return show_mesh(s, &body->mesh, NULL, &mat, t->body_node, &t->body_model, &t->body_base);
}

/* The garment in the variant's swatch colour, or white under its fit map
   colours; cloth has a soft sheen (silk a brighter, tighter one). */
vt_result vt__tryon_show_garment(vt_store *s) {
    vt__tryon *t = s->tryon;
    vt__tryon_drop_meshes(s, false);
    if (!t->g) return VT_OK;
    const vt_product *p =
        (t->shown_product < s->def->product_count ? &s->def->products[t->shown_product] : NULL);
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

void vt__tryon_place_root(vt_store *s) {
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
    vt__tryon_place_root(s);
}

/* A spot at `from` shining at `at`: the rotation taking -Z (where a light
   shines) onto the direction. */
static void aim_spot(vt_scene *sc, vt_node n, const float from[3], const float at[3],
                     const vt_light *light) {
    vt_transform lt = {.translation = {from[0], from[1], from[2]}, .scale = {1, 1, 1}};
    float dir[3] = {at[0] - from[0], at[1] - from[1], at[2] - from[2]};
    float len = sqrtf(dir[0] * dir[0] + dir[1] * dir[1] + dir[2] * dir[2]);
    for (int k = 0; k < 3; k++) dir[k] /= len;
    float ax[3] = {dir[1], -dir[0], 0}; /* (0, 0, -1) x dir */
    float sn = sqrtf(ax[0] * ax[0] + ax[1] * ax[1]), cs = -dir[2];
    float ang = atan2f(sn, cs), h = sinf(ang * 0.5f);
    if (sn > 1e-6f) lt.rotation[0] = ax[0] / sn * h, lt.rotation[1] = ax[1] / sn * h;
    lt.rotation[3] = cosf(ang * 0.5f);
    vt_node_set_local(sc, n, &lt);
    vt_node_set_light(sc, n, light);
}

/* The avatar's root at the fitting room, with a key light from before it
   (the store's ceiling spots light the racks, not a figure's front) and a
   rim light from behind. A store has at most 8 lights of its own and a
   frame takes 16, so these always count. */
bool vt__tryon_ensure_nodes(vt_store *s) {
    vt__tryon *t = s->tryon;
    if (t->root.id) return true;
    vt_scene *sc = vt__world_scene(s->world);
    const vt_fitting_room *fr = &s->def->fitting_room;
    t->root = vt_node_create(sc, (vt_node){0});
    if (!t->root.id) return false;
    vt_node_set_name(sc, t->root, "fitting-room avatar");
    vt__tryon_place_root(s);
    t->body_node = vt_node_create(sc, t->root);
    t->garment_node = vt_node_create(sc, t->root);
    /* the lights stand in the room (a drag turns the avatar, not them): a
       group, shown only in the fitting room */
    t->light_node = vt_node_create(sc, (vt_node){0});
    vt_node key = vt_node_create(sc, t->light_node), rim = vt_node_create(sc, t->light_node);
    if (!t->body_node.id || !t->garment_node.id || !key.id || !rim.id) return false;
    const float *p = fr->position;
    float fx = sinf(fr->yaw), fz = cosf(fr->yaw), lx = cosf(fr->yaw), lz = -sinf(fr->yaw);
    /* key: cool white from 2.2 m before the avatar, 0.5 m to its left, 2.4 m
       up, at its chest (the store's warm spots would tint every colour) */
    aim_spot(sc, key,
             (float[3]){p[0] + 2.2f * fx + 0.5f * lx, p[1] + 2.4f, p[2] + 2.2f * fz + 0.5f * lz},
             (float[3]){p[0], p[1] + 1.2f, p[2]},
             &(vt_light){.type = VT_LIGHT_SPOT,
                         .color = {0.92f, 0.96f, 1.0f},
                         .intensity = 8.0f,
                         .range = 8.0f,
                         .inner_cone = 0.35f,
                         .outer_cone = 0.75f});
    /* rim: from behind and above, between avatar and mirror, so the back the
       mirror shows is not a black shape */
    aim_spot(sc, rim,
             (float[3]){p[0] - 0.6f * fx - 0.4f * lx, p[1] + 2.5f, p[2] - 0.6f * fz - 0.4f * lz},
             (float[3]){p[0], p[1] + 1.1f, p[2]},
             &(vt_light){.type = VT_LIGHT_SPOT,
                         .color = {1.0f, 0.97f, 0.93f},
                         .intensity = 6.0f,
                         .range = 6.0f,
                         .inner_cone = 0.4f,
                         .outer_cone = 0.8f});
    return true;
}
