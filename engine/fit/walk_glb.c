/* The walk as a glTF binary that plays in any viewer: the rest body and the
   walker's garments as skinned meshes sharing the body's skeleton (the
   garment with the weights the walker bound it with), and an animation
   "walk" with a rotation channel per joint and the hips' translation,
   sampled SAMPLES times over one cycle, linear, the last sample equal to
   the first so it loops. A viewer skins linearly: the walker's per-frame
   push out of the body is not in the file. */
#include "core/internal.h"
#include "fit/fit_json.h"
#include "fit/pose_internal.h"
#include "vitrine/asset.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SAMPLES 30 /* per cycle, one more to close the loop */

/* Unit quaternion (x, y, z, w) of a row-major rotation (Shepperd). */
static void quat_from(const float R[9], float q[4]) {
    float tr = R[0] + R[4] + R[8];
    if (tr > 0) {
        float s = sqrtf(tr + 1) * 2;
        q[3] = 0.25f * s;
        q[0] = (R[7] - R[5]) / s, q[1] = (R[2] - R[6]) / s, q[2] = (R[3] - R[1]) / s;
    } else if (R[0] > R[4] && R[0] > R[8]) {
        float s = sqrtf(1 + R[0] - R[4] - R[8]) * 2;
        q[3] = (R[7] - R[5]) / s;
        q[0] = 0.25f * s, q[1] = (R[1] + R[3]) / s, q[2] = (R[2] + R[6]) / s;
    } else if (R[4] > R[8]) {
        float s = sqrtf(1 + R[4] - R[0] - R[8]) * 2;
        q[3] = (R[2] - R[6]) / s;
        q[0] = (R[1] + R[3]) / s, q[1] = 0.25f * s, q[2] = (R[5] + R[7]) / s;
    } else {
        float s = sqrtf(1 + R[8] - R[0] - R[4]) * 2;
        q[3] = (R[3] - R[1]) / s;
        q[0] = (R[2] + R[6]) / s, q[1] = (R[5] + R[7]) / s, q[2] = 0.25f * s;
    }
    float l = sqrtf(q[0] * q[0] + q[1] * q[1] + q[2] * q[2] + q[3] * q[3]);
    for (int k = 0; k < 4; k++) q[k] /= l;
}

static json_t *material(const char *name, const float c[3], double roughness, bool two_sided) {
    json_t *m = json_pack("{s:s, s:{s:[f,f,f,f], s:f, s:f}}", "name", name, "pbrMetallicRoughness",
                          "baseColorFactor", (double)c[0], (double)c[1], (double)c[2], 1.0,
                          "metallicFactor", 0.0, "roughnessFactor", roughness);
    if (m && two_sided) json_object_set_new(m, "doubleSided", json_true());
    return m;
}

static json_t *attributes(json_t *views, json_t *accs, vt__glb_bin *b, const vt_mesh_data *m) {
    json_t *a = json_object();
    json_object_set_new(a, "POSITION",
                        json_integer(vt__glb_accessor(views, accs, b, m->positions, m->vertex_count,
                                                      "VEC3", 3, 5126, 34962, true)));
    json_object_set_new(a, "NORMAL",
                        json_integer(vt__glb_accessor(views, accs, b, m->normals, m->vertex_count,
                                                      "VEC3", 3, 5126, 34962, false)));
    return a;
}

vt_result vt_fit_walker_write_glb(const vt_fit_walker *w, const vt_body *body,
                                  const vt_garment *const *g, const float *const *colors,
                                  const float base_color[3], const char *path) {
    VT_ASSERT(w && body && path && (g || !w->garment_count));
    if (body->mesh.vertex_count != w->body.n)
        return vt__fail(VT_ERR_INVALID, "%s: the body is not the walker's", path);
    for (uint32_t i = 0; i < w->garment_count; i++)
        if (g[i]->mesh.vertex_count != w->garments[i].n)
            return vt__fail(VT_ERR_INVALID, "%s: garment %u is not the walker's", path, i);
    /* the rest pose, from the walker's copies (body and garments may be posed) */
    vt_body rest = *body;
    memcpy(rest.joints, w->joints_of.joints, sizeof rest.joints);
    rest.mesh.positions = w->body.rest;
    rest.mesh.normals = NULL;
    uint32_t n = w->garment_count;
    vt_mesh_data *gm = calloc(n ? n : 1, sizeof *gm);
    uint16_t **gj = calloc(n ? n : 1, sizeof *gj);
    float *times = malloc((SAMPLES + 1) * sizeof *times);
    float(*rot)[SAMPLES + 1][4] = malloc(VT_JOINT_COUNT * sizeof *rot);
    float(*lift)[3] = malloc((SAMPLES + 1) * sizeof *lift);
    vt_result r = gm && gj && times && rot && lift
                      ? vt_mesh_compute_normals(&rest.mesh)
                      : vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    for (uint32_t i = 0; i < n && r == VT_OK; i++) {
        gm[i] = g[i]->mesh;
        gm[i].positions = w->garments[i].rest;
        gm[i].normals = NULL;
        r = vt_mesh_compute_normals(&gm[i]);
        gj[i] = malloc((size_t)w->garments[i].n * 4 * sizeof **gj);
        if (r == VT_OK && !gj[i]) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
        for (uint32_t k = 0; r == VT_OK && k < w->garments[i].n * 4; k++)
            gj[i][k] = w->garments[i].joints[k];
    }
    vt__glb_bin b = {0};
    json_t *root = NULL;
    if (r == VT_OK) {
        for (int s = 0; s <= SAMPLES; s++) {
            float Q[VT_JOINT_COUNT][9], up;
            times[s] = VT_WALK_CYCLE_S * (float)s / SAMPLES;
            vt__walk_local(&rest, (float)(s % SAMPLES) / SAMPLES, Q, &up, NULL);
            for (int j = 0; j < VT_JOINT_COUNT; j++) {
                quat_from(Q[j], rot[j][s]);
                /* the short way round from the previous sample */
                if (s && rot[j][s][0] * rot[j][s - 1][0] + rot[j][s][1] * rot[j][s - 1][1] +
                                 rot[j][s][2] * rot[j][s - 1][2] + rot[j][s][3] * rot[j][s - 1][3] <
                             0)
                    for (int k = 0; k < 4; k++) rot[j][s][k] = -rot[j][s][k];
            }
            for (int k = 0; k < 3; k++)
                lift[s][k] = rest.joints[VT_JOINT_HIPS].position[k] + (k == 1 ? up : 0);
        }
        json_t *views = json_array(), *accs = json_array(), *meshes = json_array(),
               *nodes = json_array(), *roots = json_array(), *mats = json_array();
        const float skin_rgb[3] = {0.80f, 0.78f, 0.75f}, white[3] = {1, 1, 1};
        float c[3] = {0.25f, 0.38f, 0.62f};
        if (base_color) memcpy(c, base_color, sizeof c);
        json_array_append_new(mats, material("mannequin", skin_rgb, 0.45, false));
        json_array_append_new(mats, material("cloth", c, 0.85, true));
        json_array_append_new(mats, material("cloth_fitmap", white, 0.85, true));
        /* nodes: body, the garments, then the skeleton (vt__glb_body_skin) */
        json_t *body_attrs = attributes(views, accs, &b, &rest.mesh);
        json_array_append_new(meshes, json_pack("{s:s, s:[{s:o, s:I, s:i}]}", "name", "body",
                                                "primitives", "attributes", body_attrs, "indices",
                                                vt__glb_accessor(views, accs, &b, rest.mesh.indices,
                                                                 rest.mesh.index_count, "SCALAR", 1,
                                                                 5125, 34963, false),
                                                "material", 0));
        json_array_append_new(nodes,
                              json_pack("{s:s, s:i, s:i}", "name", "body", "mesh", 0, "skin", 0));
        json_array_append_new(roots, json_integer(0));
        for (uint32_t i = 0; i < n; i++) {
            json_t *a = attributes(views, accs, &b, &gm[i]);
            const float *col = colors ? colors[i] : NULL;
            if (col)
                json_object_set_new(
                    a, "COLOR_0",
                    json_integer(vt__glb_accessor(views, accs, &b, col, gm[i].vertex_count, "VEC4",
                                                  4, 5126, 34962, false)));
            json_object_set_new(
                a, "JOINTS_0",
                json_integer(vt__glb_accessor(views, accs, &b, gj[i], gm[i].vertex_count, "VEC4", 4,
                                              5123, 34962, false)));
            json_object_set_new(
                a, "WEIGHTS_0",
                json_integer(vt__glb_accessor(views, accs, &b, w->garments[i].weights,
                                              gm[i].vertex_count, "VEC4", 4, 5126, 34962, false)));
            char name[40];
            snprintf(name, sizeof name, n == 1 ? "garment" : "garment-%s", g[i]->size);
            json_array_append_new(meshes, json_pack("{s:s, s:[{s:o, s:I, s:i}]}", "name", name,
                                                    "primitives", "attributes", a, "indices",
                                                    vt__glb_accessor(views, accs, &b, gm[i].indices,
                                                                     gm[i].index_count, "SCALAR", 1,
                                                                     5125, 34963, false),
                                                    "material", col ? 2 : 1));
            json_array_append_new(
                nodes, json_pack("{s:s, s:i, s:i}", "name", name, "mesh", (int)i + 1, "skin", 0));
            json_array_append_new(roots, json_integer((json_int_t)i + 1));
        }
        json_int_t first = (json_int_t)json_array_size(nodes);
        json_t *skin = vt__glb_body_skin(views, accs, &b, &rest, body_attrs, nodes);
        json_array_append_new(roots, json_integer(first));
        /* the animation: one sampler and channel per joint, then the hips' lift */
        json_int_t input =
            vt__glb_accessor(views, accs, &b, times, SAMPLES + 1, "SCALAR", 1, 5126, 0, true);
        json_t *samplers = json_array(), *channels = json_array();
        for (int j = 0; j < VT_JOINT_COUNT; j++) {
            json_int_t out =
                vt__glb_accessor(views, accs, &b, rot[j], SAMPLES + 1, "VEC4", 4, 5126, 0, false);
            json_array_append_new(samplers, json_pack("{s:I, s:I, s:s}", "input", input, "output",
                                                      out, "interpolation", "LINEAR"));
            json_array_append_new(channels, json_pack("{s:i, s:{s:I, s:s}}", "sampler", j, "target",
                                                      "node", first + j, "path", "rotation"));
        }
        json_int_t out =
            vt__glb_accessor(views, accs, &b, lift, SAMPLES + 1, "VEC3", 3, 5126, 0, false);
        json_array_append_new(samplers, json_pack("{s:I, s:I, s:s}", "input", input, "output", out,
                                                  "interpolation", "LINEAR"));
        json_array_append_new(channels,
                              json_pack("{s:i, s:{s:I, s:s}}", "sampler", VT_JOINT_COUNT, "target",
                                        "node", first + VT_JOINT_HIPS, "path", "translation"));
        root = json_pack("{s:{s:s, s:s}, s:i, s:[{s:o}], s:o, s:o, s:o, s:[o], s:[{s:s, s:o, "
                         "s:o}], s:o, s:o, s:[{s:I}]}",
                         "asset", "version", "2.0", "generator", "vitrine fit (walk)", "scene", 0,
                         "scenes", "nodes", roots, "nodes", nodes, "meshes", meshes, "materials",
                         mats, "skins", skin, "animations", "name", "walk", "samplers", samplers,
                         "channels", channels, "accessors", accs, "bufferViews", views, "buffers",
                         "byteLength", (json_int_t)((b.size + 3) & ~(size_t)3));
        char *text = root ? json_dumps(root, JSON_COMPACT) : NULL;
        if (!text || b.oom)
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
        else
            r = vt_glb_write(path, text, strlen(text), b.data, b.size);
        free(text);
    }
    json_decref(root);
    free(b.data);
    free(rest.mesh.normals);
    for (uint32_t i = 0; i < n; i++) {
        if (gm) free(gm[i].normals);
        if (gj) free(gj[i]);
    }
    free(gm);
    free(gj);
    free(times);
    free(rot);
    free(lift);
    return r;
}
