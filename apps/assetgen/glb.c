#include "glb.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct bin {
    uint8_t *data;
    size_t size, cap;
} bin;

static size_t bin_add(bin *b, const void *src, size_t n) {
    size_t at = (b->size + 3) & ~(size_t)3;
    if (at + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < at + n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) abort(); /* generator tool: out of memory is fatal */
        b->data = p;
        b->cap = cap;
    }
    memset(b->data + b->size, 0, at - b->size);
    memcpy(b->data + at, src, n);
    b->size = at + n;
    return at;
}

/* Adds a buffer view + accessor and returns the accessor index. */
static size_t add_accessor(json_t *views, json_t *accessors, bin *b, const void *data,
                           uint32_t count, int comps, bool indices, bool with_bounds) {
    size_t elem = indices ? 4 : (size_t)comps * 4;
    size_t off = bin_add(b, data, elem * count);
    json_t *view =
        json_pack("{s:i, s:I, s:I, s:i}", "buffer", 0, "byteOffset", (json_int_t)off, "byteLength",
                  (json_int_t)(elem * count), "target", indices ? 34963 : 34962);
    json_array_append_new(views, view);
    static const char *types[] = {"", "SCALAR", "VEC2", "VEC3", "VEC4"};
    json_t *acc =
        json_pack("{s:I, s:i, s:I, s:s}", "bufferView", (json_int_t)(json_array_size(views) - 1),
                  "componentType", indices ? 5125 : 5126, "count", (json_int_t)count, "type",
                  types[indices ? 1 : comps]);
    if (with_bounds) {
        const float *f = data;
        json_t *mn = json_array(), *mx = json_array();
        for (int c = 0; c < comps; c++) {
            float lo = f[c], hi = f[c];
            for (uint32_t i = 1; i < count; i++) {
                float v = f[(size_t)i * (size_t)comps + (size_t)c];
                lo = v < lo ? v : lo;
                hi = v > hi ? v : hi;
            }
            json_array_append_new(mn, json_real(lo));
            json_array_append_new(mx, json_real(hi));
        }
        json_object_set_new(acc, "min", mn);
        json_object_set_new(acc, "max", mx);
    }
    json_array_append_new(accessors, acc);
    return json_array_size(accessors) - 1;
}

static json_t *material_json(const glb_material *m) {
    json_t *pbr = json_pack("{s:[f,f,f,f], s:f, s:f}", "baseColorFactor", m->base_color[0],
                            m->base_color[1], m->base_color[2], m->base_color[3], "metallicFactor",
                            m->metallic, "roughnessFactor", m->roughness);
    json_t *j = json_pack("{s:s, s:o}", "name", m->name, "pbrMetallicRoughness", pbr);
    json_t *ext = json_object();
    if (m->clearcoat > 0)
        json_object_set_new(ext, "KHR_materials_clearcoat",
                            json_pack("{s:f, s:f}", "clearcoatFactor", m->clearcoat,
                                      "clearcoatRoughnessFactor", m->clearcoat_roughness));
    if (m->sheen_color[0] + m->sheen_color[1] + m->sheen_color[2] > 0)
        json_object_set_new(ext, "KHR_materials_sheen",
                            json_pack("{s:[f,f,f], s:f}", "sheenColorFactor", m->sheen_color[0],
                                      m->sheen_color[1], m->sheen_color[2], "sheenRoughnessFactor",
                                      m->sheen_roughness));
    if (m->transmission > 0)
        json_object_set_new(ext, "KHR_materials_transmission",
                            json_pack("{s:f}", "transmissionFactor", m->transmission));
    if (m->ior > 0)
        json_object_set_new(ext, "KHR_materials_ior", json_pack("{s:f}", "ior", m->ior));
    if (json_object_size(ext))
        json_object_set_new(j, "extensions", ext);
    else
        json_decref(ext);
    if (m->emissive[0] + m->emissive[1] + m->emissive[2] > 0)
        json_object_set_new(j, "emissiveFactor",
                            json_pack("[f,f,f]", m->emissive[0], m->emissive[1], m->emissive[2]));
    if (m->double_sided) json_object_set_new(j, "doubleSided", json_true());
    if (m->blend) json_object_set_new(j, "alphaMode", json_string("BLEND"));
    return j;
}

static void note_extension(json_t *used, const char *name) {
    size_t i;
    json_t *v;
    json_array_foreach(used, i, v) if (!strcmp(json_string_value(v), name)) return;
    json_array_append_new(used, json_string(name));
}

bool glb_write(const char *path, const glb_doc *doc) {
    bin b = {0};
    json_t *views = json_array(), *accessors = json_array(), *prims = json_array();
    json_t *used = json_array();
    for (uint32_t p = 0; p < doc->primitive_count; p++) {
        const glb_primitive *pr = &doc->primitives[p];
        const vt_mesh_data *m = pr->mesh;
        json_t *attrs = json_object();
        json_object_set_new(
            attrs, "POSITION",
            json_integer((json_int_t)add_accessor(views, accessors, &b, m->positions,
                                                  m->vertex_count, 3, false, true)));
        if (m->normals)
            json_object_set_new(
                attrs, "NORMAL",
                json_integer((json_int_t)add_accessor(views, accessors, &b, m->normals,
                                                      m->vertex_count, 3, false, false)));
        if (m->tangents)
            json_object_set_new(
                attrs, "TANGENT",
                json_integer((json_int_t)add_accessor(views, accessors, &b, m->tangents,
                                                      m->vertex_count, 4, false, false)));
        if (m->uv0)
            json_object_set_new(
                attrs, "TEXCOORD_0",
                json_integer((json_int_t)add_accessor(views, accessors, &b, m->uv0, m->vertex_count,
                                                      2, false, false)));
        size_t idx = add_accessor(views, accessors, &b, m->indices, m->index_count, 1, true, false);
        json_t *prim = json_pack("{s:o, s:I, s:I, s:i}", "attributes", attrs, "indices",
                                 (json_int_t)idx, "material", (json_int_t)pr->material, "mode", 4);
        if (pr->mapping_count) {
            json_t *maps = json_array();
            for (uint32_t k = 0; k < pr->mapping_count; k++)
                json_array_append_new(maps,
                                      json_pack("{s:I, s:[I]}", "material",
                                                (json_int_t)pr->mappings[k].material, "variants",
                                                (json_int_t)pr->mappings[k].variant));
            json_object_set_new(prim, "extensions",
                                json_pack("{s:{s:o}}", "KHR_materials_variants", "mappings", maps));
        }
        json_array_append_new(prims, prim);
    }
    json_t *mats = json_array();
    for (uint32_t i = 0; i < doc->material_count; i++) {
        json_t *mj = material_json(&doc->materials[i]);
        json_t *ext = json_object_get(mj, "extensions");
        const char *key;
        json_t *val;
        json_object_foreach(ext, key, val) note_extension(used, key);
        json_array_append_new(mats, mj);
    }
    json_t *root =
        json_pack("{s:{s:s, s:s}, s:i, s:[{s:[i]}], s:[{s:s, s:i}], s:[{s:s, s:o}], s:o, s:o, s:o, "
                  "s:[{s:I}]}",
                  "asset", "version", "2.0", "generator", "vitrine assetgen", "scene", 0, "scenes",
                  "nodes", 0, "nodes", "name", doc->name, "mesh", 0, "meshes", "name", doc->name,
                  "primitives", prims, "materials", mats, "accessors", accessors, "bufferViews",
                  views, "buffers", "byteLength", (json_int_t)((b.size + 3) & ~(size_t)3));
    if (doc->variant_count) {
        json_t *vs = json_array();
        for (uint32_t i = 0; i < doc->variant_count; i++)
            json_array_append_new(vs, json_pack("{s:s}", "name", doc->variants[i]));
        json_object_set_new(root, "extensions",
                            json_pack("{s:{s:o}}", "KHR_materials_variants", "variants", vs));
        note_extension(used, "KHR_materials_variants");
    }
    if (json_array_size(used)) json_object_set(root, "extensionsUsed", used);
    json_decref(used);
    char *text = json_dumps(root, JSON_COMPACT);
    json_decref(root);
    bool ok = vt_glb_write(path, text, strlen(text), b.data, b.size) == VT_OK;
    if (!ok) fprintf(stderr, "assetgen: %s\n", vt_last_error());
    free(text);
    free(b.data);
    return ok;
}
