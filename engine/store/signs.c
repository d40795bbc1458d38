/* Signs: each sign's text (in the store's language) rasterized with
   vt_font_render_text into a coverage image, shown as the alpha of a white
   texture on an alpha-masked quad tinted with the sign's colour, the letters'
   height as given and the text centred on the sign's position. */
#include "store/world_internal.h"

#include "core/internal.h"
#include "vitrine/ui.h"

#include <math.h>
#include <string.h>

/* Texture pixels per letter height: crisp at a metre or two. */
#define SIGN_PIXELS 128.0f

static float srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

static vt_result add_sign(vt_model *m, vt_font *font, const vt_store_sign *s, const char *text) {
    uint32_t i = m->mesh_count;
    vt_text_image ti;
    vt_result r = vt_font_render_text(font, text, SIGN_PIXELS, &ti);
    if (r != VT_OK) return r;
    vt_image *img = &m->images[i];
    snprintf(img->name, sizeof img->name, "sign %u", i);
    img->width = ti.width;
    img->height = ti.height;
    img->channels = 4;
    img->pixels = malloc((size_t)ti.width * ti.height * 4);
    if (!img->pixels) {
        free(ti.pixels);
        return vt__fail(VT_ERR_NOMEM, "signs: out of memory");
    }
    for (size_t p = 0; p < (size_t)ti.width * ti.height; p++) {
        img->pixels[4 * p] = img->pixels[4 * p + 1] = img->pixels[4 * p + 2] = 255;
        img->pixels[4 * p + 3] = ti.pixels[p];
    }
    free(ti.pixels);
    m->image_count = i + 1;

    float mpp = (s->height > 0 ? s->height : 0.2f) / SIGN_PIXELS; /* metres per pixel */
    vt_model_mesh *mesh = &m->meshes[i];
    r = vt_mesh_plane((float)ti.width * mpp, (float)ti.height * mpp, &mesh->data);
    if (r != VT_OK) return r;
    snprintf(mesh->name, sizeof mesh->name, "sign-%u", i);
    mesh->material = i;
    mesh->bounds = vt_mesh_bounds(&mesh->data);
    m->mesh_count = i + 1;

    vt_material *mat = &m->materials[i];
    memset(mat, 0, sizeof *mat);
    snprintf(mat->name, sizeof mat->name, "sign-%u", i);
    for (int k = 0; k < 3; k++) mat->base_color[k] = srgb_to_linear(s->color[k]);
    mat->base_color[3] = 1.0f;
    mat->roughness = 0.6f;
    mat->normal_scale = mat->occlusion_strength = mat->emissive_strength = 1.0f;
    mat->alpha_mode = VT_ALPHA_MASK;
    mat->alpha_cutoff = 0.5f;
    mat->ior = 1.5f;
    const vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    mat->metallic_roughness_tex = mat->normal_tex = mat->occlusion_tex = none;
    mat->emissive_tex = mat->clearcoat_tex = mat->clearcoat_roughness_tex = none;
    mat->clearcoat_normal_tex = mat->sheen_color_tex = mat->transmission_tex = none;
    mat->base_color_tex = (vt_texture_ref){.image = (int32_t)i, .scale = {1, 1}};
    m->material_count = i + 1;

    vt_model_node *n = &m->nodes[i];
    snprintf(n->name, sizeof n->name, "sign-%u", i);
    n->parent = -1;
    n->light = -1;
    /* The image's centre is the text's centre (equal margins). */
    n->local = (vt_transform){.translation = {s->position[0], s->position[1], s->position[2]},
                              .scale = {1, 1, 1}};
    vt__yaw_quat(s->yaw, n->local.rotation);
    n->meshes = malloc(sizeof(uint32_t));
    if (!n->meshes) return vt__fail(VT_ERR_NOMEM, "signs: out of memory");
    n->meshes[0] = i;
    n->mesh_count = 1;
    m->node_count = i + 1;
    vt_aabb b = vt__world_place_bounds(&mesh->bounds, s->position, s->yaw, 1.0f);
    vt_aabb_merge(&m->bounds, &b);
    return VT_OK;
}

vt_result vt__world_signs_build(const vt_store_def *def, const char *lang, vt_model **out) {
    *out = NULL;
    if (!def->sign_count) return VT_OK;
    vt_font *font = NULL;
    vt_result r = vt_font_create(&(vt_font_desc){0}, &font);
    if (r != VT_OK) {
        VT_LOGW("store", "%s: signs not shown: %s", def->path, vt_last_error());
        return r;
    }
    uint32_t n = def->sign_count;
    vt_model *m = calloc(1, sizeof *m);
    if (m) {
        m->meshes = calloc(n, sizeof *m->meshes);
        m->nodes = calloc(n, sizeof *m->nodes);
        m->materials = calloc(n, sizeof *m->materials);
        m->images = calloc(n, sizeof *m->images);
    }
    if (!m || !m->meshes || !m->nodes || !m->materials || !m->images) {
        vt_model_free(m);
        vt_font_destroy(font);
        return vt__fail(VT_ERR_NOMEM, "signs: out of memory");
    }
    snprintf(m->path, sizeof m->path, "signs");
    m->unit_scale = 1.0f;
    m->bounds = vt_aabb_empty();
    for (uint32_t i = 0; i < n && r == VT_OK; i++) {
        const char *text = vt_text_get(&def->signs[i].text, lang);
        r = add_sign(m, font, &def->signs[i], text[0] ? text : " ");
    }
    vt_font_destroy(font);
    if (r != VT_OK) {
        VT_LOGW("store", "%s: signs not shown: %s", def->path, vt_last_error());
        vt_model_free(m);
        return r;
    }
    *out = m;
    return VT_OK;
}

/* The fitting room's mirror: one quad facing the room (+Z after its yaw), a
   hair in front of the mirror fixture's glass, drawn by the renderer as a
   planar mirror (vt_frame_desc.mirror). */
vt_result vt__world_mirror_build(const vt_fitting_room *fr, vt_model **out, vt_transform *place) {
    *out = NULL;
    if (!fr->present || !(fr->mirror_size[0] > 0.0f) || !(fr->mirror_size[1] > 0.0f)) return VT_OK;
    vt_model *m = calloc(1, sizeof *m);
    if (!m) return vt__fail(VT_ERR_NOMEM, "mirror: out of memory");
    m->meshes = calloc(1, sizeof *m->meshes);
    m->nodes = calloc(1, sizeof *m->nodes);
    m->materials = calloc(1, sizeof *m->materials);
    if (!m->meshes || !m->nodes || !m->materials) {
        vt_model_free(m);
        return vt__fail(VT_ERR_NOMEM, "mirror: out of memory");
    }
    snprintf(m->path, sizeof m->path, "fitting-room mirror");
    vt_model_mesh *mesh = &m->meshes[0];
    m->mesh_count = 1;
    vt_result r = vt_mesh_plane(fr->mirror_size[0], fr->mirror_size[1], &mesh->data);
    if (r != VT_OK) {
        vt_model_free(m);
        return r;
    }
    snprintf(mesh->name, sizeof mesh->name, "mirror");
    mesh->bounds = vt_mesh_bounds(&mesh->data);

    vt_material *mat = &m->materials[0];
    m->material_count = 1;
    snprintf(mat->name, sizeof mat->name, "Mirror");
    /* Silvered glass reflects about 90% and tints a little green. */
    const float tint[4] = {0.88f, 0.91f, 0.90f, 1.0f};
    memcpy(mat->base_color, tint, sizeof tint);
    mat->metallic = 1.0f;
    mat->roughness = 0.02f;
    mat->normal_scale = mat->occlusion_strength = mat->emissive_strength = 1.0f;
    mat->alpha_cutoff = 0.5f;
    mat->ior = 1.5f;
    const vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    mat->base_color_tex = mat->metallic_roughness_tex = mat->normal_tex = none;
    mat->occlusion_tex = mat->emissive_tex = mat->clearcoat_tex = none;
    mat->clearcoat_roughness_tex = mat->clearcoat_normal_tex = none;
    mat->sheen_color_tex = mat->transmission_tex = none;

    vt_model_node *n = &m->nodes[0];
    m->node_count = 1;
    snprintf(n->name, sizeof n->name, "mirror");
    n->parent = -1;
    n->light = -1;
    /* The renderer takes the mirror's plane from the node it is given, so the
       placement goes on that node (the instance root) and the quad stays at
       its origin. */
    float front[3], z[3] = {0, 0, 0.03f};
    *place = (vt_transform){.scale = {1, 1, 1}};
    vt__yaw_quat(fr->mirror_yaw, place->rotation);
    vt__quat_rotate(place->rotation, z, front);
    for (int k = 0; k < 3; k++) place->translation[k] = fr->mirror_position[k] + front[k];
    n->local = (vt_transform){.scale = {1, 1, 1}};
    n->meshes = malloc(sizeof(uint32_t));
    if (!n->meshes) {
        vt_model_free(m);
        return vt__fail(VT_ERR_NOMEM, "mirror: out of memory");
    }
    n->meshes[0] = 0;
    n->mesh_count = 1;
    m->bounds = mesh->bounds;
    *out = m;
    return VT_OK;
}
