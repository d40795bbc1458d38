/* The body as a skinned glTF 2.0 binary: one mesh node with a skin, one node
   per joint (translation only: the rest pose has no joint rotations). */
#include "core/internal.h"
#include "fit_internal.h"
#include "vitrine/asset.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct bin {
    uint8_t *data;
    size_t size, cap;
    bool oom;
} bin;

static size_t bin_add(bin *b, const void *src, size_t n) {
    size_t at = (b->size + 3) & ~(size_t)3;
    if (at + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 16;
        while (cap < at + n) cap *= 2;
        uint8_t *p = realloc(b->data, cap);
        if (!p) {
            b->oom = true;
            return 0;
        }
        b->data = p;
        b->cap = cap;
    }
    memset(b->data + b->size, 0, at - b->size);
    memcpy(b->data + at, src, n);
    b->size = at + n;
    return at;
}

/* Adds a buffer view and an accessor; returns the accessor index. */
static json_int_t accessor(json_t *views, json_t *accs, bin *b, const void *data, uint32_t count,
                           const char *type, int comps, int ctype, int target, bool bounds) {
    size_t csize = ctype == 5126 || ctype == 5125 ? 4 : 2;
    size_t len = csize * (size_t)comps * count;
    size_t off = bin_add(b, data, len);
    json_t *view = json_pack("{s:i, s:I, s:I}", "buffer", 0, "byteOffset", (json_int_t)off,
                             "byteLength", (json_int_t)len);
    if (target) json_object_set_new(view, "target", json_integer(target));
    json_array_append_new(views, view);
    json_t *acc =
        json_pack("{s:I, s:i, s:I, s:s}", "bufferView", (json_int_t)json_array_size(views) - 1,
                  "componentType", ctype, "count", (json_int_t)count, "type", type);
    if (bounds) {
        const float *f = data;
        json_t *mn = json_array(), *mx = json_array();
        for (int c = 0; c < comps; c++) {
            float lo = INFINITY, hi = -INFINITY;
            for (uint32_t i = 0; i < count; i++) {
                float v = f[(size_t)i * (size_t)comps + (size_t)c];
                lo = fminf(lo, v);
                hi = fmaxf(hi, v);
            }
            json_array_append_new(mn, json_real(lo));
            json_array_append_new(mx, json_real(hi));
        }
        json_object_set_new(acc, "min", mn);
        json_object_set_new(acc, "max", mx);
    }
    json_array_append_new(accs, acc);
    return (json_int_t)json_array_size(accs) - 1;
}

vt_result vt_body_write_glb(const vt_body *body, const char *path) {
    VT_ASSERT(body && path);
    const vt_mesh_data *m = &body->mesh;
    bin b = {0};
    json_t *views = json_array(), *accs = json_array();
    json_t *attrs = json_object();
    json_object_set_new(attrs, "POSITION",
                        json_integer(accessor(views, accs, &b, m->positions, m->vertex_count,
                                              "VEC3", 3, 5126, 34962, true)));
    if (m->normals)
        json_object_set_new(attrs, "NORMAL",
                            json_integer(accessor(views, accs, &b, m->normals, m->vertex_count,
                                                  "VEC3", 3, 5126, 34962, false)));
    json_object_set_new(attrs, "JOINTS_0",
                        json_integer(accessor(views, accs, &b, body->skin_joints, m->vertex_count,
                                              "VEC4", 4, 5123, 34962, false)));
    json_object_set_new(attrs, "WEIGHTS_0",
                        json_integer(accessor(views, accs, &b, body->skin_weights, m->vertex_count,
                                              "VEC4", 4, 5126, 34962, false)));
    json_int_t ind =
        accessor(views, accs, &b, m->indices, m->index_count, "SCALAR", 1, 5125, 34963, false);
    float ibm[VT_JOINT_COUNT][16];
    for (uint32_t j = 0; j < body->joint_count; j++) {
        static const float id[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        memcpy(ibm[j], id, sizeof id);
        for (int k = 0; k < 3; k++) ibm[j][12 + k] = -body->joints[j].position[k];
    }
    json_int_t ibm_acc =
        accessor(views, accs, &b, ibm, body->joint_count, "MAT4", 16, 5126, 0, false);

    /* Node 0: the mesh; nodes 1..: joints (joint j is node j + 1). */
    json_t *nodes = json_array(), *skin_joints = json_array();
    json_array_append_new(nodes,
                          json_pack("{s:s, s:i, s:i}", "name", "body", "mesh", 0, "skin", 0));
    for (uint32_t j = 0; j < body->joint_count; j++) {
        const vt_body_joint *jt = &body->joints[j];
        float t[3];
        for (int k = 0; k < 3; k++)
            t[k] = jt->position[k] - (jt->parent >= 0 ? body->joints[jt->parent].position[k] : 0);
        json_t *n = json_pack("{s:s, s:[f,f,f]}", "name", jt->name, "translation", (double)t[0],
                              (double)t[1], (double)t[2]);
        json_t *children = json_array();
        for (uint32_t c = 0; c < body->joint_count; c++)
            if (body->joints[c].parent == (int32_t)j)
                json_array_append_new(children, json_integer((json_int_t)c + 1));
        if (json_array_size(children))
            json_object_set_new(n, "children", children);
        else
            json_decref(children);
        json_array_append_new(nodes, n);
        json_array_append_new(skin_joints, json_integer((json_int_t)j + 1));
    }
    json_t *root = json_pack(
        "{s:{s:s, s:s}, s:i, s:[{s:[i, i]}], s:o, s:[{s:s, s:[{s:o, s:I, s:i, s:i}]}], "
        "s:[{s:s, s:{s:[f,f,f,f], s:f, s:f}}], s:[{s:s, s:I, s:o, s:i}], s:o, s:o, s:[{s:I}]}",
        "asset", "version", "2.0", "generator", "vitrine body", "scene", 0, "scenes", "nodes", 0, 1,
        "nodes", nodes, "meshes", "name", "body", "primitives", "attributes", attrs, "indices", ind,
        "material", 0, "mode", 4, "materials", "name", "mannequin", "pbrMetallicRoughness",
        "baseColorFactor", 0.80, 0.78, 0.75, 1.0, "metallicFactor", 0.0, "roughnessFactor", 0.45,
        "skins", "name", "skeleton", "inverseBindMatrices", ibm_acc, "joints", skin_joints,
        "skeleton", 1, "accessors", accs, "bufferViews", views, "buffers", "byteLength",
        (json_int_t)((b.size + 3) & ~(size_t)3));
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
