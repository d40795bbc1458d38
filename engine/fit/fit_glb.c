/* Body and garment in one glTF binary: two meshes named "body" and
   "garment" (several garments: "garment-SIZE") in the same space (posed vertex positions), the
   garment double-sided (its inside shows at the neck and hems), with the fit map as vertex
   colours when given. The body keeps its skeleton as a skin whose bind pose is the pose written,
   and each garment node says in its extras what it is (kind, size, fabric): the file is a brand
   garment that vt_garment_model_load reads back onto another body. */
#include "fit_json.h"
#include "core/internal.h"
#include "fit/garment_internal.h"
#include "vitrine/asset.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static json_t *primitive(json_t *views, json_t *accs, vt__glb_bin *b, const vt_mesh_data *m,
                         const float *colors, int material) {
    json_t *attrs = json_object();
    json_object_set_new(attrs, "POSITION",
                        json_integer(vt__glb_accessor(views, accs, b, m->positions, m->vertex_count,
                                                      "VEC3", 3, 5126, 34962, true)));
    if (m->normals)
        json_object_set_new(
            attrs, "NORMAL",
            json_integer(vt__glb_accessor(views, accs, b, m->normals, m->vertex_count, "VEC3", 3,
                                          5126, 34962, false)));
    if (colors)
        json_object_set_new(attrs, "COLOR_0",
                            json_integer(vt__glb_accessor(views, accs, b, colors, m->vertex_count,
                                                          "VEC4", 4, 5126, 34962, false)));
    json_int_t ind = vt__glb_accessor(views, accs, b, m->indices, m->index_count, "SCALAR", 1, 5125,
                                      34963, false);
    return json_pack("{s:o, s:I, s:i, s:i}", "attributes", attrs, "indices", ind, "material",
                     material, "mode", 4);
}

static json_t *material(const char *name, const float c[3], double roughness, bool two_sided) {
    json_t *m = json_pack("{s:s, s:{s:[f,f,f,f], s:f, s:f}}", "name", name, "pbrMetallicRoughness",
                          "baseColorFactor", (double)c[0], (double)c[1], (double)c[2], 1.0,
                          "metallicFactor", 0.0, "roughnessFactor", roughness);
    if (m && two_sided) json_object_set_new(m, "doubleSided", json_true());
    return m;
}

/* {"vitrine": {"kind", "size", "fabric": {...}}}: what vt_garment_model_load reads. */
static json_t *garment_extras(const vt_garment *g) {
    const vt_fabric *f = &g->fabric;
    json_t *fabric =
        json_pack("{s:f, s:f, s:f, s:f, s:f, s:f}", "stretch", (double)f->stretch, "shear",
                  (double)f->shear, "bending", (double)f->bending, "weight", (double)f->weight,
                  "friction", (double)f->friction, "comfort_stretch", (double)f->comfort_stretch);
    vt_fabric preset;
    if (vt_fabric_preset(f->name, &preset) == VT_OK)
        json_object_set_new(fabric, "preset", json_string(f->name));
    return json_pack("{s:{s:s, s:s, s:o}}", "vitrine", "kind", vt_garment_kind_name(g->kind),
                     "size", g->size, "fabric", fabric);
}

vt_result vt_fit_write_glb_many(const vt_body *body, const vt_garment *const *g,
                                const float *const *colors, uint32_t n, const float base_color[3],
                                const char *path) {
    VT_ASSERT(body && g && n && path);
    vt__glb_bin b = {0};
    json_t *views = json_array(), *accs = json_array(), *meshes = json_array(),
           *nodes = json_array(), *roots = json_array(), *mats = json_array();
    const float skin_rgb[3] = {0.80f, 0.78f, 0.75f}, white[3] = {1, 1, 1};
    float c[3] = {0.25f, 0.38f, 0.62f};
    if (base_color) memcpy(c, base_color, sizeof c);
    json_array_append_new(mats, material("mannequin", skin_rgb, 0.45, false));
    json_array_append_new(mats, material("cloth", c, 0.85, true));
    json_array_append_new(mats, material("cloth_fitmap", white, 0.85, true));
    json_t *body_prim = primitive(views, accs, &b, &body->mesh, NULL, 0);
    json_array_append_new(meshes,
                          json_pack("{s:s, s:[O]}", "name", "body", "primitives", body_prim));
    json_array_append_new(nodes, json_pack("{s:s, s:i, s:i, s:o}", "name", "body", "mesh", 0,
                                           "skin", 0, "extras", vt__glb_body_extras(body)));
    json_array_append_new(roots, json_integer(0));
    for (uint32_t i = 0; i < n; i++) {
        const float *col = colors ? colors[i] : NULL;
        char name[40];
        snprintf(name, sizeof name, n == 1 ? "garment" : "garment-%s", g[i]->size);
        json_array_append_new(meshes,
                              json_pack("{s:s, s:[o]}", "name", name, "primitives",
                                        primitive(views, accs, &b, &g[i]->mesh, col, col ? 2 : 1)));
        json_t *node = json_pack("{s:s, s:i}", "name", name, "mesh", (int)i + 1);
        json_object_set_new(node, "extras", garment_extras(g[i]));
        json_array_append_new(nodes, node);
        json_array_append_new(roots, json_integer((json_int_t)i + 1));
    }
    json_int_t skeleton = (json_int_t)json_array_size(nodes);
    json_t *skin =
        vt__glb_body_skin(views, accs, &b, body, json_object_get(body_prim, "attributes"), nodes);
    json_decref(body_prim);
    json_array_append_new(roots, json_integer(skeleton));
    json_t *root = json_pack(
        "{s:{s:s, s:s}, s:i, s:[{s:o}], s:o, s:o, s:o, s:[o], s:o, s:o, s:[{s:I}]}", "asset",
        "version", "2.0", "generator", "vitrine fit", "scene", 0, "scenes", "nodes", roots, "nodes",
        nodes, "meshes", meshes, "materials", mats, "skins", skin, "accessors", accs, "bufferViews",
        views, "buffers", "byteLength", (json_int_t)((b.size + 3) & ~(size_t)3));
    char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;
    json_decref(root);
    if (!text || b.oom) {
        free(text);
        free(b.data);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    vt_result r = vt_glb_write(path, text, strlen(text), b.data, b.size);
    free(text);
    free(b.data);
    return r;
}

vt_result vt_fit_write_glb(const vt_body *body, const vt_garment *g, const float *colors,
                           const float base_color[3], const char *path) {
    VT_ASSERT(body && g && path);
    return vt_fit_write_glb_many(body, &g, colors ? &colors : NULL, 1, base_color, path);
}
