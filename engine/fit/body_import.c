/* A user's own skinned humanoid (.glb) as the body: its bones found by their
   VRM 1.0 or Mixamo names, the mesh taken in its bind pose (the skin's inverse
   bind matrices and the hips' node give the one transform to the file's
   world), turned to our axes, scaled to metres, skin weights remapped to our
   joints, then measured with the same tape as a generated body. */
#include "core/internal.h"
#include "fit_internal.h"
#include "fit_json.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Our joints under their Mixamo names (lower case, prefix removed). */
static const char *const mixamo_names[VT_JOINT_COUNT] = {
    "hips",         "spine",     "spine1",      "spine2",      "neck",          "head",
    "leftshoulder", "leftarm",   "leftforearm", "lefthand",    "rightshoulder", "rightarm",
    "rightforearm", "righthand", "leftupleg",   "leftleg",     "leftfoot",      "lefttoebase",
    "rightupleg",   "rightleg",  "rightfoot",   "righttoebase"};

static const bool required[VT_JOINT_COUNT] = {
    [VT_JOINT_HIPS] = true,
    [VT_JOINT_SPINE] = true,
    [VT_JOINT_NECK] = true,
    [VT_JOINT_HEAD] = true,
    [VT_JOINT_LEFT_UPPER_ARM] = true,
    [VT_JOINT_LEFT_LOWER_ARM] = true,
    [VT_JOINT_RIGHT_UPPER_ARM] = true,
    [VT_JOINT_RIGHT_LOWER_ARM] = true,
    [VT_JOINT_LEFT_UPPER_LEG] = true,
    [VT_JOINT_LEFT_LOWER_LEG] = true,
    [VT_JOINT_LEFT_FOOT] = true,
    [VT_JOINT_RIGHT_UPPER_LEG] = true,
    [VT_JOINT_RIGHT_LOWER_LEG] = true,
    [VT_JOINT_RIGHT_FOOT] = true,
};

int vt__joint_from_name(const char *name) {
    if (!name) return -1;
    const char *colon = strrchr(name, ':');
    if (colon) name = colon + 1;
    char low[64];
    size_t n = 0;
    for (; name[n] && n + 1 < sizeof low; n++) low[n] = (char)tolower((unsigned char)name[n]);
    low[n] = 0;
    const char *s = low;
    if (!strncmp(s, "mixamorig_", 10)) s += 10;
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        char vrm[32];
        size_t k = 0;
        for (; vt__joint_names[j][k] && k + 1 < sizeof vrm; k++)
            vrm[k] = (char)tolower((unsigned char)vt__joint_names[j][k]);
        vrm[k] = 0;
        if (!strcmp(s, vrm) || !strcmp(s, mixamo_names[j])) return j;
    }
    return -1;
}

static void lerp3(float out[3], const float a[3], const float b[3], float t) {
    for (int k = 0; k < 3; k++) out[k] = a[k] + (b[k] - a[k]) * t;
}

/* Bones a humanoid may leave out, placed from those it has. */
static void fill_optional(float J[VT_JOINT_COUNT][3], const bool *have) {
    if (!have[VT_JOINT_CHEST])
        lerp3(J[VT_JOINT_CHEST], J[VT_JOINT_SPINE], J[VT_JOINT_NECK], 1.0f / 3);
    if (!have[VT_JOINT_UPPER_CHEST])
        lerp3(J[VT_JOINT_UPPER_CHEST], J[VT_JOINT_SPINE], J[VT_JOINT_NECK], 2.0f / 3);
    for (int s = 0; s < 2; s++) {
        int sh = s ? VT_JOINT_RIGHT_SHOULDER : VT_JOINT_LEFT_SHOULDER, ua = sh + 1, la = sh + 2,
            hand = sh + 3;
        if (!have[sh]) lerp3(J[sh], J[VT_JOINT_UPPER_CHEST], J[ua], 0.3f);
        if (!have[hand]) lerp3(J[hand], J[ua], J[la], 1.9f);
        int foot = s ? VT_JOINT_RIGHT_FOOT : VT_JOINT_LEFT_FOOT, toes = foot + 1;
        if (!have[toes]) {
            memcpy(J[toes], J[foot], sizeof J[foot]);
            J[toes][1] *= 0.3f;
        }
    }
}

/* Snaps a direction to its dominant axis: 0..2 for +x..+z, 3..5 for -x..-z. */
static int axis_of(const float d[3]) {
    int a = 0;
    for (int k = 1; k < 3; k++)
        if (fabsf(d[k]) > fabsf(d[a])) a = k;
    return d[a] < 0 ? a + 3 : a;
}

typedef struct weld_entry {
    float p[3];
    uint32_t id;
} weld_entry;

static uint64_t hash3(const float p[3]) {
    uint32_t u[3];
    memcpy(u, p, sizeof u);
    uint64_t h = 1469598103934665603ull;
    for (int k = 0; k < 3; k++) h = (h ^ u[k]) * 1099511628211ull;
    return h;
}

/* Merges vertices at the same position (files split them along UV and
   normal seams; the tape and the field need one surface) and drops
   triangles that collapse. remap: old -> new vertex. */
vt_result vt__mesh_weld(vt_mesh_data *m, uint32_t *remap, uint32_t *first_of) {
    uint32_t n = m->vertex_count, cap = 1;
    while (cap < 2 * n) cap *= 2;
    weld_entry *t = malloc((size_t)cap * sizeof *t);
    if (!t) return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    for (uint32_t i = 0; i < cap; i++) t[i].id = UINT32_MAX;
    uint32_t out = 0;
    for (uint32_t i = 0; i < n; i++) {
        const float *p = m->positions + 3 * i;
        uint64_t h = hash3(p) & (cap - 1);
        while (t[h].id != UINT32_MAX && memcmp(t[h].p, p, sizeof t[h].p)) h = (h + 1) & (cap - 1);
        if (t[h].id == UINT32_MAX) {
            memcpy(t[h].p, p, sizeof t[h].p);
            t[h].id = out;
            first_of[out] = i;
            memmove(m->positions + 3 * out, p, 3 * sizeof *p);
            out++;
        }
        remap[i] = t[h].id;
    }
    free(t);
    m->vertex_count = out;
    uint32_t k = 0;
    for (uint32_t f = 0; f + 2 < m->index_count; f += 3) {
        uint32_t a = remap[m->indices[f]], b = remap[m->indices[f + 1]],
                 c = remap[m->indices[f + 2]];
        if (a == b || b == c || a == c) continue;
        m->indices[k++] = a, m->indices[k++] = b, m->indices[k++] = c;
    }
    m->index_count = k;
    return VT_OK;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Edges used by other than two triangles: the field's inside/outside test
   (ray parity) needs a closed surface. */
static vt_result open_edges(const vt_mesh_data *m, uint32_t *out) {
    size_t ne = m->index_count;
    uint64_t *e = malloc((ne + 1) * sizeof *e);
    if (!e) return vt__fail(VT_ERR_NOMEM, "body: out of memory");
    for (size_t f = 0; f + 2 < ne; f += 3)
        for (int k = 0; k < 3; k++) {
            uint64_t a = m->indices[f + (size_t)k], b = m->indices[f + (size_t)(k + 1) % 3];
            e[f + (size_t)k] = a < b ? a << 32 | b : b << 32 | a;
        }
    qsort(e, ne, sizeof *e, cmp_u64);
    uint32_t bad = 0;
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        while (j < ne && e[j] == e[i]) j++;
        if (j - i != 2) bad++;
        i = j;
    }
    free(e);
    *out = bad;
    return VT_OK;
}

static float dist3(const float a[3], const float b[3]) {
    return sqrtf((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1]) +
                 (a[2] - b[2]) * (a[2] - b[2]));
}

void vt__body_landmarks_from_joints(const vt_body *b, float stature, vt_body_landmarks *L) {
    const vt_body_joint *J = b->joints;
    float H = stature;
    /* where our own mannequin puts them relative to its joints
       (engine/fit/body_shape.c), so that a body written and read back is
       measured at the same heights */
    L->chest_y = J[VT_JOINT_UPPER_CHEST].position[1] - 0.020f * H;
    L->waist_y = J[VT_JOINT_SPINE].position[1] + 0.0125f * H;
    L->hip_y = J[VT_JOINT_HIPS].position[1] + 0.020f * H;
    L->crotch_y = J[VT_JOINT_HIPS].position[1] - 0.035f * H;
    L->shoulder_y =
        0.5f * (J[VT_JOINT_LEFT_UPPER_ARM].position[1] + J[VT_JOINT_RIGHT_UPPER_ARM].position[1]);
    L->neck_y = J[VT_JOINT_NECK].position[1] + 0.01f * H;
}

/* Reads the skinned mesh of node `node` into body space. */
static vt_result read_skinned(const vt__glb *g, json_int_t node, vt_body *b, float *stature_out,
                              float F[16]) {
    const char *path = g->path;
    json_t *nodes = json_object_get(g->root, "nodes");
    json_t *nd = json_array_get(nodes, (size_t)node);
    json_int_t mesh_i = vt__glb_index(nd, "mesh"), skin_i = vt__glb_index(nd, "skin");
    json_t *mesh = json_array_get(json_object_get(g->root, "meshes"), (size_t)mesh_i);
    json_t *skin = json_array_get(json_object_get(g->root, "skins"), (size_t)skin_i);
    json_t *sj = json_object_get(skin, "joints");
    size_t nj = json_array_size(sj);
    if (!json_is_object(mesh) || !json_is_object(skin) || !nj || nj > 1024)
        return vt__fail(VT_ERR_PARSE,
                        "%s: $.nodes[%lld]: its mesh or skin is missing or has "
                        "no joints",
                        path, (long long)node);
    float *world = NULL, *ibm = NULL;
    int32_t *parent = NULL, *map = NULL;
    uint32_t node_count = 0, ibm_count = 0;
    vt_result r = vt__glb_world(g, &world, &parent, &node_count);
    json_int_t ibm_acc = vt__glb_index(skin, "inverseBindMatrices");
    if (r == VT_OK && ibm_acc < 0)
        r = vt__fail(VT_ERR_INVALID,
                     "%s: $.skins[%lld] has no inverseBindMatrices (the bind "
                     "pose is read from them)",
                     path, (long long)skin_i);
    if (r == VT_OK) r = vt__glb_floats(g, ibm_acc, 16, &ibm, &ibm_count);
    if (r == VT_OK && ibm && ibm_count < nj)
        r = vt__fail(VT_ERR_PARSE, "%s: $.skins[%lld]: %u inverse bind matrices for %zu joints",
                     path, (long long)skin_i, ibm_count, nj);
    map = malloc(nj * sizeof *map);
    if (r == VT_OK && !map) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    /* each skin joint -> our joint: by name, else its nearest named ancestor */
    int32_t slot_of[VT_JOINT_COUNT];
    for (int j = 0; j < VT_JOINT_COUNT; j++) slot_of[j] = -1;
    int32_t *joint_of_node = r == VT_OK ? malloc((node_count + 1) * sizeof *joint_of_node) : NULL;
    if (r == VT_OK && !joint_of_node) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    for (uint32_t i = 0; r == VT_OK && i < node_count; i++) joint_of_node[i] = -1;
    for (size_t k = 0; r == VT_OK && k < nj; k++) {
        json_t *jv = json_array_get(sj, k);
        json_int_t ni = json_is_integer(jv) ? json_integer_value(jv) : -1;
        if (ni < 0 || ni >= (json_int_t)node_count) {
            r = vt__fail(VT_ERR_PARSE, "%s: $.skins[%lld].joints[%zu] is not a node", path,
                         (long long)skin_i, k);
            break;
        }
        int j = vt__joint_from_name(
            json_string_value(json_object_get(json_array_get(nodes, (size_t)ni), "name")));
        if (j >= 0 && slot_of[j] < 0) {
            slot_of[j] = (int32_t)k;
            joint_of_node[ni] = j;
        }
    }
    for (int j = 0; r == VT_OK && j < VT_JOINT_COUNT; j++)
        if (required[j] && slot_of[j] < 0)
            r = vt__fail(VT_ERR_INVALID,
                         "%s: the skeleton has no %s bone (Mixamo: %s); a humanoid needs hips, "
                         "spine, neck, head, upper and lower arms and legs, and feet",
                         path, vt__joint_names[j], mixamo_names[j]);
    for (size_t k = 0; r == VT_OK && k < nj; k++) {
        json_int_t ni = json_integer_value(json_array_get(sj, k));
        int32_t j = -1;
        for (int32_t at = (int32_t)ni, guard = 0; at >= 0 && j < 0 && guard < 4096;
             at = parent[at], guard++)
            j = joint_of_node[at];
        map[k] = j >= 0 ? j : VT_JOINT_HIPS;
    }
    /* bind-space joint positions, and the one transform from bind space to the
       file's world: the hips' world matrix times its inverse bind matrix */
    float J[VT_JOINT_COUNT][3] = {{0}}, M[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    bool have[VT_JOINT_COUNT] = {0};
    for (int j = 0; r == VT_OK && j < VT_JOINT_COUNT; j++) {
        if (slot_of[j] < 0) continue;
        json_int_t ni = json_integer_value(json_array_get(sj, (size_t)slot_of[j]));
        float bind[16];
        if (!vt__mat4_invert(ibm + 16 * (size_t)slot_of[j], bind)) {
            r = vt__fail(VT_ERR_PARSE, "%s: the inverse bind matrix of %s is singular", path,
                         vt__joint_names[j]);
            break;
        }
        memcpy(J[j], bind + 12, sizeof J[j]);
        have[j] = true;
        if (j == VT_JOINT_HIPS) vt__mat4_mul(world + 16 * ni, ibm + 16 * (size_t)slot_of[j], M);
    }
    free(ibm);
    free(world);
    free(parent);
    free(joint_of_node);
    if (r != VT_OK) {
        free(map);
        return r;
    }

    /* the mesh: every triangle primitive, positions, joints and weights */
    json_t *prims = json_object_get(mesh, "primitives");
    vt_mesh_data *m = &b->mesh;
    uint32_t *jw_j = NULL;
    float *jw_w = NULL;
    for (size_t p = 0; r == VT_OK && p < json_array_size(prims); p++) {
        json_t *pr = json_array_get(prims, p), *at = json_object_get(pr, "attributes");
        json_int_t mode = vt__glb_index(pr, "mode");
        if (mode >= 0 && mode != 4) continue;
        float *pos = NULL, *wt = NULL;
        uint32_t *jt = NULL, *ix = NULL, np = 0, nw = 0, njt = 0, ni = 0;
        json_int_t a_pos = vt__glb_index(at, "POSITION"), a_j = vt__glb_index(at, "JOINTS_0"),
                   a_w = vt__glb_index(at, "WEIGHTS_0"), a_i = vt__glb_index(pr, "indices");
        if (a_pos < 0 || a_j < 0 || a_w < 0)
            r = vt__fail(VT_ERR_INVALID, "%s: $.meshes[%lld].primitives[%zu] has no %s", path,
                         (long long)mesh_i, p,
                         a_pos < 0 ? "POSITION"
                         : a_j < 0 ? "JOINTS_0"
                                   : "WEIGHTS_0");
        if (r == VT_OK) r = vt__glb_floats(g, a_pos, 3, &pos, &np);
        if (r == VT_OK) r = vt__glb_uints(g, a_j, 4, &jt, &njt);
        if (r == VT_OK) r = vt__glb_floats(g, a_w, 4, &wt, &nw);
        if (r == VT_OK && a_i >= 0) r = vt__glb_uints(g, a_i, 1, &ix, &ni);
        if (r == VT_OK && (njt != np || nw != np))
            r = vt__fail(VT_ERR_PARSE,
                         "%s: $.meshes[%lld].primitives[%zu]: attribute counts "
                         "differ",
                         path, (long long)mesh_i, p);
        if (r == VT_OK && a_i < 0) {
            ni = np - np % 3;
            ix = malloc(((size_t)ni + 1) * sizeof *ix);
            if (!ix) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
            for (uint32_t k = 0; ix && k < ni; k++) ix[k] = k;
        }
        for (uint32_t k = 0; r == VT_OK && k < ni; k++)
            if (ix[k] >= np)
                r = vt__fail(VT_ERR_PARSE,
                             "%s: $.meshes[%lld].primitives[%zu]: index %u past "
                             "%u vertices",
                             path, (long long)mesh_i, p, ix[k], np);
        for (uint32_t k = 0; r == VT_OK && k < 4 * np; k++)
            if (jt[k] >= nj && wt[k] > 0)
                r = vt__fail(VT_ERR_PARSE,
                             "%s: $.meshes[%lld].primitives[%zu]: joint %u past "
                             "the skin's %zu",
                             path, (long long)mesh_i, p, jt[k], nj);
        uint64_t nv = (uint64_t)m->vertex_count + np, nx = (uint64_t)m->index_count + ni - ni % 3;
        if (r == VT_OK && (nv > 4000000 || nx > 24000000))
            r = vt__fail(VT_ERR_LIMIT, "%s: more than 4 million vertices", path);
        if (r == VT_OK) {
            float *P = realloc(m->positions, (size_t)nv * 3 * sizeof *P);
            if (P) m->positions = P;
            uint32_t *I = realloc(m->indices, ((size_t)nx + 1) * sizeof *I);
            if (I) m->indices = I;
            uint32_t *JJ = realloc(jw_j, (size_t)nv * 4 * sizeof *JJ);
            if (JJ) jw_j = JJ;
            float *WW = realloc(jw_w, (size_t)nv * 4 * sizeof *WW);
            if (WW) jw_w = WW;
            if (!P || !I || !JJ || !WW) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
        }
        if (r == VT_OK) {
            uint32_t base = m->vertex_count;
            memcpy(m->positions + 3 * (size_t)base, pos, (size_t)np * 3 * sizeof *pos);
            memcpy(jw_j + 4 * (size_t)base, jt, (size_t)np * 4 * sizeof *jt);
            memcpy(jw_w + 4 * (size_t)base, wt, (size_t)np * 4 * sizeof *wt);
            for (uint32_t k = 0; k < ni - ni % 3; k++)
                m->indices[m->index_count + k] = ix[k] + base;
            m->index_count += ni - ni % 3;
            m->vertex_count = (uint32_t)nv;
        }
        free(pos), free(wt), free(jt), free(ix);
    }
    if (r == VT_OK && !m->index_count)
        r = vt__fail(VT_ERR_INVALID, "%s: the skinned mesh has no triangles", path);

    /* to the file's world, then our axes: up from hips to head, the body's
       left from its right arm to its left, front = left x up */
    float stature = 0;
    if (r == VT_OK) {
        for (uint32_t v = 0; v < m->vertex_count; v++)
            vt__mat4_point(M, m->positions + 3 * v, m->positions + 3 * v);
        for (int j = 0; j < VT_JOINT_COUNT; j++) vt__mat4_point(M, J[j], J[j]);
        float up[3], left[3];
        for (int k = 0; k < 3; k++) {
            up[k] = J[VT_JOINT_HEAD][k] - J[VT_JOINT_HIPS][k];
            left[k] = J[VT_JOINT_LEFT_UPPER_ARM][k] - J[VT_JOINT_RIGHT_UPPER_ARM][k];
        }
        int au = axis_of(up), al = axis_of(left);
        if (au % 3 == al % 3) {
            r = vt__fail(VT_ERR_INVALID,
                         "%s: the skeleton's arms do not reach sideways from "
                         "its spine (not a standing humanoid)",
                         path);
        } else {
            float R[3][3] = {{0}}; /* rows: body x (left), y (up), z (front) */
            R[0][al % 3] = al < 3 ? 1.0f : -1.0f;
            R[1][au % 3] = au < 3 ? 1.0f : -1.0f;
            R[2][0] = R[0][1] * R[1][2] - R[0][2] * R[1][1];
            R[2][1] = R[0][2] * R[1][0] - R[0][0] * R[1][2];
            R[2][2] = R[0][0] * R[1][1] - R[0][1] * R[1][0];
            float lo = INFINITY, hi = -INFINITY;
            for (uint32_t v = 0; v < m->vertex_count; v++) {
                float *q = m->positions + 3 * v, t[3];
                for (int k = 0; k < 3; k++) t[k] = R[k][0] * q[0] + R[k][1] * q[1] + R[k][2] * q[2];
                memcpy(q, t, sizeof t);
                lo = fminf(lo, t[1]), hi = fmaxf(hi, t[1]);
            }
            for (int j = 0; j < VT_JOINT_COUNT; j++) {
                float t[3];
                for (int k = 0; k < 3; k++)
                    t[k] = R[k][0] * J[j][0] + R[k][1] * J[j][1] + R[k][2] * J[j][2];
                memcpy(J[j], t, sizeof t);
            }
            /* metres, centimetres (Mixamo's FBX heritage) or millimetres */
            float h = hi - lo, unit = h >= 1.0f && h <= 2.5f         ? 1.0f
                                      : h >= 100.0f && h <= 250.0f   ? 0.01f
                                      : h >= 1000.0f && h <= 2500.0f ? 0.001f
                                                                     : 0.0f;
            if (!(unit > 0)) {
                r = vt__fail(VT_ERR_INVALID,
                             "%s: the body is %g units tall; expected a person "
                             "of 1.0..2.5 m (or that in cm or mm)",
                             path, (double)h);
            } else {
                /* the mid-plane through the hips (the tape keeps the loop
                   crossing x = 0); depth as the file has it unless the
                   body stands away from the origin */
                float cx = J[VT_JOINT_HIPS][0], cz = J[VT_JOINT_HIPS][2];
                if (fabsf(cz * unit) < 0.2f) cz = 0;
                for (uint32_t v = 0; v < m->vertex_count; v++) {
                    float *q = m->positions + 3 * v;
                    q[0] = (q[0] - cx) * unit, q[1] = (q[1] - lo) * unit, q[2] = (q[2] - cz) * unit;
                }
                for (int j = 0; j < VT_JOINT_COUNT; j++) {
                    J[j][0] = (J[j][0] - cx) * unit, J[j][1] = (J[j][1] - lo) * unit;
                    J[j][2] = (J[j][2] - cz) * unit;
                }
                stature = h * unit;
                /* F = unit (R x - c): from the file's world to the body's
                   space, for a garment modelled on it */
                float c[3] = {cx, lo, cz};
                memset(F, 0, 16 * sizeof *F);
                for (int col = 0; col < 3; col++)
                    for (int row = 0; row < 3; row++) F[col * 4 + row] = unit * R[row][col];
                for (int row = 0; row < 3; row++) F[12 + row] = -unit * c[row];
                F[15] = 1;
            }
        }
    }

    /* one surface, closed; weights onto our joints (the four largest) */
    uint32_t *remap = NULL, *first = NULL;
    if (r == VT_OK) {
        remap = malloc((size_t)m->vertex_count * sizeof *remap);
        first = malloc((size_t)m->vertex_count * sizeof *first);
        r = remap && first ? vt__mesh_weld(m, remap, first)
                           : vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    uint32_t open = 0;
    if (r == VT_OK) r = open_edges(m, &open);
    if (r == VT_OK && open)
        r = vt__fail(VT_ERR_INVALID,
                     "%s: the body mesh is not closed (%u edges not shared by "
                     "exactly two triangles); the drape needs a watertight body",
                     path, open);
    if (r == VT_OK) {
        b->skin_joints = malloc((size_t)m->vertex_count * 4 * sizeof *b->skin_joints);
        b->skin_weights = malloc((size_t)m->vertex_count * 4 * sizeof *b->skin_weights);
        if (!b->skin_joints || !b->skin_weights)
            r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    for (uint32_t v = 0; r == VT_OK && v < m->vertex_count; v++) {
        float acc[VT_JOINT_COUNT] = {0};
        uint32_t s = first[v];
        for (int k = 0; k < 4; k++) {
            uint32_t slot = jw_j[4 * (size_t)s + (size_t)k];
            float w = jw_w[4 * (size_t)s + (size_t)k];
            if (slot < nj && w > 0) acc[map[slot]] += w;
        }
        float sum = 0;
        for (int k = 0; k < 4; k++) {
            int best = 0;
            for (int j = 1; j < VT_JOINT_COUNT; j++)
                if (acc[j] > acc[best]) best = j;
            b->skin_joints[4 * v + (uint32_t)k] = (uint16_t)best;
            b->skin_weights[4 * v + (uint32_t)k] = acc[best];
            sum += acc[best];
            acc[best] = -1;
        }
        for (int k = 0; k < 4; k++)
            b->skin_weights[4 * v + (uint32_t)k] =
                sum > 0 ? fmaxf(b->skin_weights[4 * v + (uint32_t)k], 0) / sum : k == 0;
        if (!(sum > 0)) b->skin_joints[4 * v] = VT_JOINT_HIPS;
    }
    free(remap), free(first), free(jw_j), free(jw_w), free(map);
    if (r != VT_OK) return r;
    fill_optional(J, have);
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        b->joints[j].name = vt__joint_names[j];
        b->joints[j].parent = vt__joint_parents[j];
        memcpy(b->joints[j].position, J[j], sizeof J[j]);
    }
    b->joint_count = VT_JOINT_COUNT;
    *stature_out = stature;
    return vt_mesh_compute_normals(m);
}

static vt_body_type body_type_from_extras(const vt__glb *g, json_int_t node) {
    json_t *nd = json_array_get(json_object_get(g->root, "nodes"), (size_t)node);
    json_t *mesh =
        json_array_get(json_object_get(g->root, "meshes"), (size_t)vt__glb_index(nd, "mesh"));
    json_t *from[] = {nd, mesh, json_array_get(json_object_get(g->root, "scenes"), 0)};
    for (size_t i = 0; i < VT_COUNTOF(from); i++) {
        const char *t = json_string_value(json_object_get(
            json_object_get(json_object_get(from[i], "extras"), "vitrine"), "body_type"));
        if (t && !strcmp(t, "female")) return VT_BODY_FEMALE;
        if (t && !strcmp(t, "male")) return VT_BODY_MALE;
    }
    return VT_BODY_NEUTRAL;
}

/* Vertices of a node's skinned mesh (by its accessors' counts), -1 when the node
   has no mesh or no skin. */
static json_int_t skinned_vertices(const vt__glb *g, json_t *n) {
    json_int_t mi = vt__glb_index(n, "mesh");
    if (mi < 0 || vt__glb_index(n, "skin") < 0) return -1;
    json_t *prims = json_object_get(json_array_get(json_object_get(g->root, "meshes"), (size_t)mi),
                                    "primitives");
    json_t *accessors = json_object_get(g->root, "accessors");
    json_int_t count = 0;
    for (size_t p = 0; p < json_array_size(prims); p++) {
        json_int_t a =
            vt__glb_index(json_object_get(json_array_get(prims, p), "attributes"), "POSITION");
        json_int_t c = a >= 0 ? vt__glb_index(json_array_get(accessors, (size_t)a), "count") : -1;
        count += c > 0 ? c : 0;
    }
    return count;
}

vt_result vt__body_from_glb(const vt__glb *g, json_int_t node, vt_body **out, float xf[16]) {
    *out = NULL;
    json_int_t best = -1;
    const char *path = g->path;
    json_t *nodes = json_object_get(g->root, "nodes");
    /* an avatar often has several skinned meshes (eyes, teeth, hair): the
       body is the one with the most vertices */
    json_int_t most = -1;
    for (size_t i = 0; node == -1 && i < json_array_size(nodes); i++) {
        json_int_t c = skinned_vertices(g, json_array_get(nodes, i));
        if (c > most) most = c, best = (json_int_t)i;
    }
    if (node == -1) node = best;
    if (node < 0)
        return vt__fail(VT_ERR_INVALID,
                        "%s: no skinned mesh (a node with a mesh and a skin): "
                        "a body needs its skeleton",
                        path);
    vt_body *b = calloc(1, sizeof *b);
    if (!b) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    float H = 0, F[16];
    vt_result r = read_skinned(g, node, b, &H, F);
    if (r == VT_OK && xf) memcpy(xf, F, sizeof F);
    if (r != VT_OK) {
        vt_body_free(b);
        return r;
    }
    /* the tape, at heights taken from the skeleton */
    vt__body_landmarks_from_joints(b, H, &b->landmarks);
    r = vt_body_measure(&b->mesh, &b->landmarks, &b->measured);
    vt_body_measurements *q = &b->requested;
    memset(q, 0, sizeof *q);
    q->body_type = body_type_from_extras(g, node);
    q->stature = b->measured.stature;
    q->chest_girth = b->measured.chest_girth;
    q->waist_girth = b->measured.waist_girth;
    q->hip_girth = b->measured.hip_girth;
    const vt_body_joint *J = b->joints;
    for (int s = 0; s < 2; s++) {
        int ua = s ? VT_JOINT_RIGHT_UPPER_ARM : VT_JOINT_LEFT_UPPER_ARM;
        q->arm_length += 50 * (dist3(J[ua].position, J[ua + 1].position) +
                               dist3(J[ua + 1].position, J[ua + 2].position));
    }
    /* the crotch below the hip joint as on our mannequin (a ray up the
       mid-plane would stop where the thighs touch) */
    b->landmarks.crotch_y = J[VT_JOINT_HIPS].position[1] - 0.035f * H;
    q->inside_leg_length = b->landmarks.crotch_y * 100;
    if (r == VT_OK && !(q->chest_girth > 0 && q->waist_girth > 0 && q->hip_girth > 0))
        r = vt__fail(VT_ERR_INVALID,
                     "%s: the tape finds no torso section at the chest, waist "
                     "or hip (heights %.2f, %.2f, %.2f m)",
                     path, (double)b->landmarks.chest_y, (double)b->landmarks.waist_y,
                     (double)b->landmarks.hip_y);
    if (r == VT_OK) r = vt_body_complete(q, path);
    if (r != VT_OK) {
        vt_body_free(b);
        return r;
    }
    *out = b;
    return VT_OK;
}

vt_result vt_body_load_glb(const char *path, vt_body **out) {
    VT_ASSERT(path && out);
    *out = NULL;
    vt__glb g;
    vt_result r = vt__glb_open(path, &g);
    if (r != VT_OK) return r;
    r = vt__body_from_glb(&g, -1, out, NULL);
    vt__glb_close(&g);
    return r;
}
