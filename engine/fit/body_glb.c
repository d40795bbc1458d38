/* The body as a skinned glTF 2.0 binary: one mesh node with a skin, one node
   per joint (translation only: the rest pose has no joint rotations). */
#include "core/internal.h"
#include "fit_internal.h"
#include "fit_json.h"
#include "vitrine/asset.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

json_t *vt__glb_body_extras(const vt_body *body) {
    static const char *const types[] = {"neutral", "female", "male"};
    vt_body_type t = body->requested.body_type;
    return json_pack("{s:{s:s}}", "vitrine", "body_type",
                     types[t >= VT_BODY_NEUTRAL && t <= VT_BODY_MALE ? t : 0]);
}

json_t *vt__glb_body_skin(json_t *views, json_t *accs, vt__glb_bin *b, const vt_body *body,
                          json_t *attrs, json_t *nodes) {
    const vt_mesh_data *m = &body->mesh;
    json_object_set_new(
        attrs, "JOINTS_0",
        json_integer(vt__glb_accessor(views, accs, b, body->skin_joints, m->vertex_count, "VEC4", 4,
                                      5123, 34962, false)));
    json_object_set_new(
        attrs, "WEIGHTS_0",
        json_integer(vt__glb_accessor(views, accs, b, body->skin_weights, m->vertex_count, "VEC4",
                                      4, 5126, 34962, false)));
    float ibm[VT_JOINT_COUNT][16];
    for (uint32_t j = 0; j < body->joint_count; j++) {
        static const float id[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
        memcpy(ibm[j], id, sizeof id);
        for (int k = 0; k < 3; k++) ibm[j][12 + k] = -body->joints[j].position[k];
    }
    json_int_t ibm_acc =
        vt__glb_accessor(views, accs, b, ibm, body->joint_count, "MAT4", 16, 5126, 0, false);
    /* joint j is node first + j */
    json_int_t first = (json_int_t)json_array_size(nodes);
    json_t *skin_joints = json_array();
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
                json_array_append_new(children, json_integer((json_int_t)c + first));
        if (json_array_size(children))
            json_object_set_new(n, "children", children);
        else
            json_decref(children);
        json_array_append_new(nodes, n);
        json_array_append_new(skin_joints, json_integer((json_int_t)j + first));
    }
    return json_pack("{s:s, s:I, s:o, s:I}", "name", "skeleton", "inverseBindMatrices", ibm_acc,
                     "joints", skin_joints, "skeleton", first);
}

vt_result vt_body_write_glb(const vt_body *body, const char *path) {
    VT_ASSERT(body && path);
    const vt_mesh_data *m = &body->mesh;
    vt__glb_bin b = {0};
    json_t *views = json_array(), *accs = json_array();
    json_t *attrs = json_object();
    json_object_set_new(
        attrs, "POSITION",
        json_integer(vt__glb_accessor(views, accs, &b, m->positions, m->vertex_count, "VEC3", 3,
                                      5126, 34962, true)));
    if (m->normals)
        json_object_set_new(
            attrs, "NORMAL",
            json_integer(vt__glb_accessor(views, accs, &b, m->normals, m->vertex_count, "VEC3", 3,
                                          5126, 34962, false)));
    /* Node 0: the mesh; nodes 1..: joints (joint j is node j + 1). */
    json_t *nodes = json_array();
    json_array_append_new(nodes, json_pack("{s:s, s:i, s:i, s:o}", "name", "body", "mesh", 0,
                                           "skin", 0, "extras", vt__glb_body_extras(body)));
    json_t *skin = vt__glb_body_skin(views, accs, &b, body, attrs, nodes);
    json_int_t ind = vt__glb_accessor(views, accs, &b, m->indices, m->index_count, "SCALAR", 1,
                                      5125, 34963, false);
    json_t *root = json_pack(
        "{s:{s:s, s:s}, s:i, s:[{s:[i, i]}], s:o, s:[{s:s, s:[{s:o, s:I, s:i, s:i}]}], "
        "s:[{s:s, s:{s:[f,f,f,f], s:f, s:f}}], s:[o], s:o, s:o, s:[{s:I}]}",
        "asset", "version", "2.0", "generator", "vitrine body", "scene", 0, "scenes", "nodes", 0, 1,
        "nodes", nodes, "meshes", "name", "body", "primitives", "attributes", attrs, "indices", ind,
        "material", 0, "mode", 4, "materials", "name", "mannequin", "pbrMetallicRoughness",
        "baseColorFactor", 0.80, 0.78, 0.75, 1.0, "metallicFactor", 0.0, "roughnessFactor", 0.45,
        "skins", skin, "accessors", accs, "bufferViews", views, "buffers", "byteLength",
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
