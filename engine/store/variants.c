/* Catalog colour variants as model variants: before a model is uploaded, each
   catalog variant of each product using it becomes one model variant (after
   the model's own KHR_materials_variants), so the GPU holds every colour at
   once and vt_node_set_variant switches between them without an upload.
   A variant's material for a mesh starts from the mesh's material (or the
   model variant it names) and, where overrides name that material (or "*"),
   is a copy with the overridden fields; copies are shared by the meshes of
   one variant that start from the same material. */
#include "store/world_internal.h"

#include "core/internal.h"

#include <string.h>

static bool override_matches(const vt_material_override *o, const char *name) {
    return !strcmp(o->material, "*") || !strcmp(o->material, name);
}

static void apply_override(vt_material *m, const vt_material_override *o) {
    if (o->fields & VT_OVERRIDE_BASE_COLOR)
        memcpy(m->base_color, o->base_color, sizeof m->base_color);
    if (o->fields & VT_OVERRIDE_METALLIC) m->metallic = o->metallic;
    if (o->fields & VT_OVERRIDE_ROUGHNESS) m->roughness = o->roughness;
    if (o->fields & VT_OVERRIDE_SHEEN_COLOR) {
        memcpy(m->sheen_color, o->sheen_color, sizeof m->sheen_color);
        if (o->sheen_color[0] > 0 || o->sheen_color[1] > 0 || o->sheen_color[2] > 0)
            m->extensions |= VT_MATEXT_SHEEN;
    }
    if (o->fields & VT_OVERRIDE_EMISSIVE) memcpy(m->emissive, o->emissive, sizeof m->emissive);
}

/* An earlier copy equal to c: products sharing a model often offer the same
   colours, and every distinct material costs an upload and a shader state. */
static uint32_t find_copy(const vt_model *m, uint32_t from, const vt_material *c) {
    for (uint32_t i = from; i < m->material_count; i++) {
        const vt_material *o = &m->materials[i];
        if (!strcmp(o->name, c->name) &&
            !memcmp(o->base_color, c->base_color, sizeof c->base_color) &&
            o->metallic == c->metallic && o->roughness == c->roughness &&
            !memcmp(o->sheen_color, c->sheen_color, sizeof c->sheen_color) &&
            !memcmp(o->emissive, c->emissive, sizeof c->emissive) && o->extensions == c->extensions)
            return i;
    }
    return UINT32_MAX;
}

/* Does any override of v touch material `name`? */
static bool variant_touches(const vt_variant *v, const char *name) {
    for (uint32_t i = 0; i < v->override_count; i++)
        if (override_matches(&v->overrides[i], name)) return true;
    return false;
}

vt_result vt__world_variants_apply(vt_model *m, const vt_store_def *def, const uint32_t *products,
                                   uint32_t count, uint32_t *out_base) {
    uint32_t orig = m->variant_count, total = orig;
    for (uint32_t i = 0; i < count; i++) {
        out_base[i] = total;
        total += def->products[products[i]].variant_count;
    }
    if (total == orig) return VT_OK;

    /* Count the copies first so materials grow once. */
    uint32_t extra = 0;
    for (uint32_t i = 0; i < count; i++) {
        const vt_product *p = &def->products[products[i]];
        for (uint32_t k = 0; k < p->variant_count; k++)
            if (p->variants[k].override_count) extra += m->material_count;
    }
    char(*names)[VT_NAME_MAX] = calloc(total, sizeof *names);
    vt_material *mats = realloc(m->materials, (m->material_count + extra) * sizeof *mats);
    if (mats) m->materials = mats;
    /* copy_of[j] = index of the copy of material j for the variant in hand */
    uint32_t *copy_of = calloc(m->material_count ? m->material_count : 1, sizeof *copy_of);
    uint32_t **vm = calloc(m->mesh_count ? m->mesh_count : 1, sizeof *vm);
    bool ok = names && mats && copy_of && vm;
    for (uint32_t i = 0; ok && i < m->mesh_count; i++) {
        vm[i] = malloc(total * sizeof(uint32_t));
        ok = vm[i] != NULL;
    }
    if (!ok) {
        free(names);
        free(copy_of);
        if (vm)
            for (uint32_t i = 0; i < m->mesh_count; i++) free(vm[i]);
        free(vm);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory for catalog variants", m->path);
    }
    if (orig) memcpy(names, m->variants, orig * sizeof *names);
    for (uint32_t i = 0; i < m->mesh_count; i++)
        for (uint32_t k = 0; k < orig; k++)
            vm[i][k] = m->meshes[i].variant_materials ? m->meshes[i].variant_materials[k]
                                                      : m->meshes[i].material;

    uint32_t base_materials = m->material_count;
    for (uint32_t i = 0; i < count; i++) {
        const vt_product *p = &def->products[products[i]];
        for (uint32_t k = 0; k < p->variant_count; k++) {
            const vt_variant *v = &p->variants[k];
            uint32_t slot = out_base[i] + k;
            snprintf(names[slot], VT_NAME_MAX, "%.63s", v->id);
            int32_t mv = -1;
            if (v->model_variant[0]) {
                mv = vt_model_find_variant(m, v->model_variant);
                if (mv < 0 || (uint32_t)mv >= orig)
                    VT_LOGW("store",
                            "%s: product %s variant %s: model variant '%s' not in the model",
                            m->path, p->id, v->id, v->model_variant);
            }
            for (uint32_t j = 0; j < base_materials; j++) copy_of[j] = UINT32_MAX;
            for (uint32_t mi = 0; mi < m->mesh_count; mi++) {
                vt_model_mesh *mesh = &m->meshes[mi];
                uint32_t from = mesh->material;
                if (mv >= 0 && (uint32_t)mv < orig) from = vm[mi][mv];
                if (from >= base_materials || !variant_touches(v, m->materials[from].name)) {
                    vm[mi][slot] = from;
                    continue;
                }
                if (copy_of[from] == UINT32_MAX) {
                    vt_material c = m->materials[from];
                    for (uint32_t o = 0; o < v->override_count; o++)
                        if (override_matches(&v->overrides[o], c.name))
                            apply_override(&c, &v->overrides[o]);
                    copy_of[from] = find_copy(m, base_materials, &c);
                    if (copy_of[from] == UINT32_MAX) {
                        copy_of[from] = m->material_count;
                        m->materials[m->material_count++] = c;
                    }
                }
                vm[mi][slot] = copy_of[from];
            }
            for (uint32_t o = 0; o < v->override_count; o++) {
                bool found = false;
                for (uint32_t j = 0; j < base_materials && !found; j++)
                    found = override_matches(&v->overrides[o], m->materials[j].name);
                if (!found)
                    VT_LOGW("store", "%s: product %s variant %s: no material '%s' in the model",
                            m->path, p->id, v->id, v->overrides[o].material);
            }
        }
    }
    free(copy_of);
    free(m->variants);
    m->variants = names;
    m->variant_count = total;
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        free(m->meshes[i].variant_materials);
        m->meshes[i].variant_materials = vm[i];
    }
    free(vm);
    return VT_OK;
}
