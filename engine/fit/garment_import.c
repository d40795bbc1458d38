/* A brand's garment model (.glb) on its reference body: read, merged into one
   surface with its panels stitched, measured for a one-size chart (the
   transfer onto another body is garment_transfer.c; see fit.h, "Bring your
   own"). */
#include "core/internal.h"
#include "fit/garment_internal.h"
#include "fit_internal.h"
#include "fit_json.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define STITCH_GAP 0.005f /* m: open edges this close are sewn */

static float dot3(const float a[3], const float b[3]) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void normalize3(float v[3]) {
    float l = sqrtf(dot3(v, v));
    if (l > 1e-12f)
        for (int k = 0; k < 3; k++) v[k] /= l;
}

/* ---- reading the model ------------------------------------------------------ */

typedef struct kind_default {
    const char *fabric;
    float ease[VT_REGION_COUNT][2];
    bool scored[VT_REGION_COUNT], chart[VT_REGION_COUNT];
} kind_default;

/* as the shipped garment.json files in assets/garments */
static const kind_default defaults[VT_GARMENT_KIND_COUNT] = {
    [VT_GARMENT_TSHIRT] = {"cotton_jersey", {{0, 10}}, {true}, {true, false, false, true, true}},
    [VT_GARMENT_LONG_SLEEVE_SHIRT] = {"woven_cotton",
                                      {{8, 16}, {0}, {0}, {0}, {1, 6}},
                                      {true, false, false, false, true},
                                      {true, false, false, true, true}},
    [VT_GARMENT_DRESS] = {"woven_cotton",
                          {{4, 10}, {3, 10}, {4, 10}},
                          {true, true, true},
                          {true, true, true, true}},
    [VT_GARMENT_SKIRT] = {"woven_cotton",
                          {{0}, {0, 4}, {2, 8}},
                          {false, true, true},
                          {false, true, true, true}},
    [VT_GARMENT_TROUSERS] = {"denim",
                             {{0}, {0, 4}, {2, 8}, {0}, {0}, {-5, 0}},
                             {false, true, true, false, false, true},
                             {false, true, true, true, false, true}},
};

static vt_result read_extras(const char *path, json_t *ex, vt_garment_spec *spec) {
    json_t *v = json_object_get(ex, "vitrine");
    const char *kind = json_string_value(json_object_get(v, "kind"));
    spec->kind = VT_GARMENT_NONE;
    for (int k = 1; kind && k < VT_GARMENT_KIND_COUNT; k++)
        if (!strcmp(kind, vt_garment_kind_name((vt_garment_kind)k)))
            spec->kind = (vt_garment_kind)k;
    if (!spec->kind)
        return vt__fail(VT_ERR_INVALID,
                        "%s: the garment's extras need vitrine.kind (tshirt, long_sleeve_shirt, "
                        "dress, skirt or trousers)%s%s%s",
                        path, kind ? "; got '" : "", kind ? kind : "", kind ? "'" : "");
    const kind_default *d = &defaults[spec->kind];
    memcpy(spec->in_chart, d->chart, sizeof spec->in_chart);
    memcpy(spec->scored, d->scored, sizeof spec->scored);
    memcpy(spec->ease, d->ease, sizeof spec->ease);
    const char *size = json_string_value(json_object_get(v, "size"));
    snprintf(spec->sizes[0].name, sizeof spec->sizes[0].name, "%s",
             size && *size ? size : "modelled");
    spec->size_count = 1;
    json_t *fab = json_object_get(v, "fabric");
    vt_result r = vt_fabric_preset(d->fabric, &spec->fabric);
    if (json_is_string(fab)) {
        if (vt_fabric_preset(json_string_value(fab), &spec->fabric) != VT_OK)
            return vt__fail(VT_ERR_INVALID, "%s: extras vitrine.fabric: unknown fabric '%s'", path,
                            json_string_value(fab));
    } else if (json_is_object(fab)) {
        const char *pre = json_string_value(json_object_get(fab, "preset"));
        if (pre && vt_fabric_preset(pre, &spec->fabric) != VT_OK)
            return vt__fail(VT_ERR_INVALID, "%s: extras vitrine.fabric.preset: unknown fabric '%s'",
                            path, pre);
        static const struct {
            const char *name;
            size_t off;
            float lo, hi;
        } f[] = {{"stretch", offsetof(vt_fabric, stretch), 1, 1e6f},
                 {"shear", offsetof(vt_fabric, shear), 0.01f, 1e5f},
                 {"bending", offsetof(vt_fabric, bending), 0.01f, 1e5f},
                 {"weight", offsetof(vt_fabric, weight), 10, 1500},
                 {"friction", offsetof(vt_fabric, friction), 0, 2},
                 {"comfort_stretch", offsetof(vt_fabric, comfort_stretch), 0, 200}};
        bool custom = false;
        for (size_t i = 0; i < VT_COUNTOF(f); i++) {
            json_t *x = json_object_get(fab, f[i].name);
            if (!x) continue;
            double val = json_number_value(x);
            if (!json_is_number(x) || !(val >= f[i].lo && val <= f[i].hi))
                return vt__fail(VT_ERR_INVALID,
                                "%s: extras vitrine.fabric.%s: expected a number in %g..%g", path,
                                f[i].name, (double)f[i].lo, (double)f[i].hi);
            float fv = (float)val;
            memcpy((char *)&spec->fabric + f[i].off, &fv, sizeof fv);
            custom = true;
        }
        if (custom && !pre) snprintf(spec->fabric.name, sizeof spec->fabric.name, "custom");
    } else if (fab) {
        return vt__fail(VT_ERR_INVALID, "%s: extras vitrine.fabric: expected a name or an object",
                        path);
    }
    json_t *ease = json_object_get(v, "ease");
    const char *key;
    json_t *val;
    json_object_foreach(ease, key, val) {
        int reg = -1;
        for (int k = 0; k < VT_REGION_COUNT; k++)
            if (!strcmp(key, vt_fit_region_name((vt_fit_region)k))) reg = k;
        double lo = json_number_value(json_array_get(val, 0)),
               hi = json_number_value(json_array_get(val, 1));
        if (reg < 0 || !spec->in_chart[reg] || reg == VT_REGION_LENGTH ||
            json_array_size(val) != 2 || !(lo >= -30 && hi <= 60 && lo <= hi))
            return vt__fail(VT_ERR_INVALID,
                            "%s: extras vitrine.ease.%s: expected [min, max] cm within -30..60 "
                            "for a region a %s is scored on",
                            path, key, kind);
        spec->ease[reg][0] = (float)lo, spec->ease[reg][1] = (float)hi;
        spec->scored[reg] = true;
    }
    return r;
}

/* Every triangle primitive of mesh `mi`, through the matrix xf. */
static vt_result read_mesh(const vt__glb *g, json_int_t mi, const float xf[16], vt_mesh_data *m) {
    json_t *mesh = json_array_get(json_object_get(g->root, "meshes"), (size_t)mi);
    json_t *prims = json_object_get(mesh, "primitives");
    vt_result r = VT_OK;
    for (size_t p = 0; r == VT_OK && p < json_array_size(prims); p++) {
        json_t *pr = json_array_get(prims, p);
        json_int_t mode = vt__glb_index(pr, "mode");
        if (mode >= 0 && mode != 4) continue;
        json_int_t a_pos = vt__glb_index(json_object_get(pr, "attributes"), "POSITION"),
                   a_i = vt__glb_index(pr, "indices");
        float *pos = NULL;
        uint32_t *ix = NULL, np = 0, ni = 0;
        if (a_pos < 0)
            return vt__fail(VT_ERR_INVALID, "%s: $.meshes[%lld].primitives[%zu] has no POSITION",
                            g->path, (long long)mi, p);
        r = vt__glb_floats(g, a_pos, 3, &pos, &np);
        if (r == VT_OK && a_i >= 0) r = vt__glb_uints(g, a_i, 1, &ix, &ni);
        if (r == VT_OK && a_i < 0) {
            ni = np - np % 3;
            ix = malloc(((size_t)ni + 1) * sizeof *ix);
            if (!ix) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", g->path);
            for (uint32_t k = 0; ix && k < ni; k++) ix[k] = k;
        }
        ni -= ni % 3;
        for (uint32_t k = 0; r == VT_OK && k < ni; k++)
            if (ix[k] >= np)
                r = vt__fail(VT_ERR_PARSE, "%s: $.meshes[%lld]: index %u past %u vertices", g->path,
                             (long long)mi, ix[k], np);
        uint64_t nv = (uint64_t)m->vertex_count + np, nx = (uint64_t)m->index_count + ni;
        if (r == VT_OK && (nv > 2000000 || nx > 12000000))
            r = vt__fail(VT_ERR_LIMIT, "%s: the garment has more than 2 million vertices", g->path);
        if (r == VT_OK) {
            float *P = realloc(m->positions, ((size_t)nv + 1) * 3 * sizeof *P);
            if (P) m->positions = P;
            uint32_t *I = realloc(m->indices, ((size_t)nx + 1) * sizeof *I);
            if (I) m->indices = I;
            if (!P || !I) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", g->path);
        }
        if (r == VT_OK) {
            for (uint32_t k = 0; k < np; k++)
                vt__mat4_point(xf, pos + 3 * k, m->positions + 3 * ((size_t)m->vertex_count + k));
            for (uint32_t k = 0; k < ni; k++)
                m->indices[m->index_count + k] = ix[k] + m->vertex_count;
            m->vertex_count = (uint32_t)nv;
            m->index_count = (uint32_t)nx;
        }
        free(pos), free(ix);
    }
    return r;
}

/* ---- measuring the model -------------------------------------------------- */

typedef struct pt2 {
    float x, z;
} pt2;

static int cmp_pt(const void *a, const void *b) {
    const pt2 *p = a, *q = b;
    return p->x < q->x ? -1 : p->x > q->x ? 1 : p->z < q->z ? -1 : p->z > q->z;
}

static float cross2(pt2 o, pt2 a, pt2 b) {
    return (a.x - o.x) * (b.z - o.z) - (a.z - o.z) * (b.x - o.x);
}

/* Perimeter of the convex hull (Andrew's monotone chain); sorts p. */
static float hull_perimeter(pt2 *p, uint32_t n, pt2 *h) {
    if (n < 3) return 0;
    qsort(p, n, sizeof *p, cmp_pt);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++) {
        while (k >= 2 && cross2(h[k - 2], h[k - 1], p[i]) <= 0) k--;
        h[k++] = p[i];
    }
    for (uint32_t i = n - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross2(h[k - 2], h[k - 1], p[i]) <= 0) k--;
        h[k++] = p[i];
    }
    float per = 0;
    for (uint32_t i = 0; i + 1 < k; i++) per += hypotf(h[i + 1].x - h[i].x, h[i + 1].z - h[i].z);
    return per;
}

/* Girth (cm) of the garment's section at height y, as the tape: the convex
   hull of the section between the shoulder joints (the sleeves hang
   outside them; nearest-bone tests cut the torso's sides at the armpit). */
static float garment_girth(const vt_mesh_data *m, const vt_body *ref, float y) {
    float xl = ref->joints[VT_JOINT_LEFT_UPPER_ARM].position[0],
          xr = ref->joints[VT_JOINT_RIGHT_UPPER_ARM].position[0];
    if (xl < xr) {
        float t = xl;
        xl = xr, xr = t;
    }
    uint32_t cap = 2 * (m->index_count / 3) + 1, n = 0;
    pt2 *p = malloc((size_t)cap * sizeof *p), *h = malloc((size_t)(cap + 1) * sizeof *h);
    float g = 0;
    if (p && h) {
        for (uint32_t f = 0; f + 2 < m->index_count; f += 3) {
            for (int k = 0; k < 3; k++) {
                const float *a = m->positions + 3 * m->indices[f + (uint32_t)k],
                            *b = m->positions + 3 * m->indices[f + (uint32_t)(k + 1) % 3];
                if ((a[1] < y) == (b[1] < y)) continue;
                float t = (y - a[1]) / (b[1] - a[1]);
                float q[3] = {a[0] + t * (b[0] - a[0]), y, a[2] + t * (b[2] - a[2])};
                if (q[0] > xl || q[0] < xr || n >= cap) continue;
                p[n++] = (pt2){q[0], q[2]};
            }
        }
        g = hull_perimeter(p, n, h) * 100;
    }
    free(p), free(h);
    return g;
}

static void measure_model(const vt_mesh_data *m, const vt_body *ref, vt_garment_spec *spec) {
    float *cm = spec->sizes[0].cm;
    memset(cm, 0, VT_REGION_COUNT * sizeof *cm);
    const vt_body_tape *t = &ref->measured;
    if (spec->in_chart[VT_REGION_CHEST]) cm[VT_REGION_CHEST] = garment_girth(m, ref, t->chest_y);
    /* a waistband may sit a little below the body's waist: then its girth
       is taken 1 cm below the garment's top */
    float top = -INFINITY;
    for (uint32_t v = 0; v < m->vertex_count; v++) top = fmaxf(top, m->positions[3 * v + 1]);
    if (spec->in_chart[VT_REGION_WAIST])
        cm[VT_REGION_WAIST] = garment_girth(m, ref, fminf(t->waist_y, top - 0.01f));
    if (spec->in_chart[VT_REGION_HIP]) cm[VT_REGION_HIP] = garment_girth(m, ref, t->hip_y);
    float lo = INFINITY, hi = -INFINITY, sleeve = 0;
    const float *sp = ref->joints[VT_JOINT_LEFT_UPPER_ARM].position,
                *ep = ref->joints[VT_JOINT_LEFT_LOWER_ARM].position;
    float dir[3] = {ep[0] - sp[0], ep[1] - sp[1], ep[2] - sp[2]};
    normalize3(dir);
    for (uint32_t v = 0; v < m->vertex_count; v++) {
        const float *p = m->positions + 3 * v;
        int j = vt__body_nearest_bone(ref, p);
        if (!vt__is_arm_joint(j)) {
            lo = fminf(lo, p[1]), hi = fmaxf(hi, p[1]);
        } else if (j <= VT_JOINT_LEFT_HAND) {
            float d[3] = {p[0] - sp[0], p[1] - sp[1], p[2] - sp[2]};
            sleeve = fmaxf(sleeve, dot3(d, dir));
        }
    }
    if (spec->in_chart[VT_REGION_LENGTH] && hi > lo) cm[VT_REGION_LENGTH] = (hi - lo) * 100;
    if (spec->in_chart[VT_REGION_SLEEVE]) cm[VT_REGION_SLEEVE] = sleeve * 100;
    if (spec->in_chart[VT_REGION_INSEAM] && hi > lo)
        cm[VT_REGION_INSEAM] = (ref->landmarks.crotch_y - lo) * 100;
}

/* ---- stitches: open edges lying on other open edges ----------------------- */

static int cmp_edge(const void *a, const void *b) {
    const uint64_t *x = a, *y = b;
    return x[0] < y[0] ? -1 : x[0] > y[0];
}

static float seg_point(const float *a, const float *b, const float *p, float *f) {
    float ab[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]},
          ap[3] = {p[0] - a[0], p[1] - a[1], p[2] - a[2]};
    float l2 = dot3(ab, ab), t = l2 > 0 ? dot3(ap, ab) / l2 : 0;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    float d[3] = {ap[0] - t * ab[0], ap[1] - t * ab[1], ap[2] - t * ab[2]};
    *f = t;
    return sqrtf(dot3(d, d));
}

static vt_result find_stitches(vt_garment_model *gm, const char *path) {
    const vt_mesh_data *m = &gm->mesh;
    size_t ne = m->index_count;
    uint64_t *e = malloc((ne + 1) * sizeof *e);
    if (!e) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    for (size_t f = 0; f + 2 < ne; f += 3)
        for (int k = 0; k < 3; k++) {
            uint64_t a = m->indices[f + (size_t)k], b = m->indices[f + (size_t)(k + 1) % 3];
            e[f + (size_t)k] = a < b ? a << 32 | b : b << 32 | a;
        }
    qsort(e, ne, sizeof *e, cmp_edge);
    uint32_t no = 0;
    for (size_t i = 0; i < ne;) {
        size_t j = i;
        while (j < ne && e[j] == e[i]) j++;
        if (j - i == 1) e[no++] = e[i];
        i = j;
    }
    /* mean open-edge length at each vertex: the gap must be well below it,
       or a dense hem would be stitched to itself */
    float *len = calloc(m->vertex_count, sizeof *len);
    uint32_t *cnt = calloc(m->vertex_count, sizeof *cnt);
    if (!len || !cnt) {
        free(e), free(len), free(cnt);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    for (uint32_t i = 0; i < no; i++) {
        uint32_t a = (uint32_t)(e[i] >> 32), b = (uint32_t)e[i];
        float f,
            l = seg_point(m->positions + 3 * a, m->positions + 3 * a, m->positions + 3 * b, &f);
        len[a] += l, len[b] += l, cnt[a]++, cnt[b]++;
    }
    vt_result r = VT_OK;
    uint32_t cap = 0;
    if (no <= 40000)
        for (uint32_t v = 0; v < m->vertex_count && r == VT_OK; v++) {
            if (!cnt[v]) continue;
            float gap = fminf(STITCH_GAP, 0.3f * len[v] / (float)cnt[v]), best = gap;
            uint32_t bi = UINT32_MAX;
            const float *p = m->positions + 3 * v;
            for (uint32_t i = 0; i < no; i++) {
                uint32_t a = (uint32_t)(e[i] >> 32), b = (uint32_t)e[i];
                if (a == v || b == v) continue;
                float f, d = seg_point(m->positions + 3 * a, m->positions + 3 * b, p, &f);
                if (d < best) best = d, bi = i;
            }
            if (bi == UINT32_MAX) continue;
            if (!vt__grow((void **)&gm->stitches, &cap, 3 * ((uint64_t)gm->stitch_count + 1),
                          sizeof *gm->stitches, 256)) {
                r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
                break;
            }
            uint32_t *s = gm->stitches + 3 * gm->stitch_count++;
            s[0] = v, s[1] = (uint32_t)(e[bi] >> 32), s[2] = (uint32_t)e[bi];
        }
    free(e), free(len), free(cnt);
    return r;
}

/* ---- loading ---------------------------------------------------------------- */

static const char *name_of(json_t *o) {
    const char *s = json_string_value(json_object_get(o, "name"));
    return s ? s : "";
}

void vt_garment_model_free(vt_garment_model *m) {
    if (!m) return;
    vt_mesh_data_free(&m->mesh);
    free(m->stitches);
    vt_body_free(m->reference);
    free(m);
}

static vt_result load_reference(const char *ref_path, vt_body **out, float xf[16]) {
    const char *ext = vt_path_ext(ref_path);
    if (!strcasecmp(ext, ".glb")) {
        vt__glb rg;
        vt_result r = vt__glb_open(ref_path, &rg);
        if (r == VT_OK) r = vt__body_from_glb(&rg, -1, out, xf);
        vt__glb_close(&rg);
        return r;
    }
    vt_body_measurements bm;
    vt_result r = vt_body_load_json(ref_path, &bm);
    if (r == VT_OK) r = vt_body_build(&bm, out);
    return r;
}

vt_result vt_garment_model_load(const char *path, const char *ref_path, vt_garment_model **out) {
    VT_ASSERT(path && out);
    *out = NULL;
    vt__glb g;
    vt_result r = vt__glb_open(path, &g);
    if (r != VT_OK) return r;
    vt_garment_model *gm = calloc(1, sizeof *gm);
    float *world = NULL;
    int32_t *parent = NULL;
    uint32_t nn = 0;
    if (!gm) r = vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    if (r == VT_OK) r = vt__glb_world(&g, &world, &parent, &nn);
    json_t *nodes = json_object_get(g.root, "nodes"), *meshes = json_object_get(g.root, "meshes");
    json_int_t garment = -1, body = -1;
    uint32_t others = 0;
    json_int_t other = -1;
    for (uint32_t i = 0; r == VT_OK && i < nn; i++) {
        json_t *n = json_array_get(nodes, i);
        json_int_t mi = vt__glb_index(n, "mesh");
        if (mi < 0) continue;
        json_t *mesh = json_array_get(meshes, (size_t)mi);
        const char *a = name_of(n), *b = name_of(mesh);
        if (!strcasecmp(a, "body") || !strcasecmp(b, "body")) {
            if (body < 0 && vt__glb_index(n, "skin") >= 0) body = i;
        } else if (!strncasecmp(a, "garment", 7) || !strncasecmp(b, "garment", 7)) {
            if (garment < 0) garment = i;
        } else if (vt__glb_index(n, "skin") < 0) {
            others++, other = i;
        }
    }
    if (r == VT_OK && garment < 0 && others == 1) garment = other;
    if (r == VT_OK && garment < 0)
        r = vt__fail(VT_ERR_INVALID,
                     "%s: no garment mesh (a mesh named \"garment\", or the only "
                     "mesh besides the body; found %u others)",
                     path, others);
    float xf[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1};
    if (r == VT_OK) {
        if (ref_path)
            r = load_reference(ref_path, &gm->reference, xf);
        else if (body >= 0)
            r = vt__body_from_glb(&g, body, &gm->reference, xf);
        else
            r = vt__fail(VT_ERR_INVALID,
                         "%s: no reference body (a skinned mesh named \"body\" "
                         "in the file, or --reference BODY.json|BODY.glb)",
                         path);
    }
    json_t *gn = json_array_get(nodes, (size_t)garment);
    json_int_t gmi = vt__glb_index(gn, "mesh");
    if (r == VT_OK) {
        json_t *ex = json_object_get(gn, "extras");
        if (!json_object_get(ex, "vitrine"))
            ex = json_object_get(json_array_get(meshes, (size_t)gmi), "extras");
        r = read_extras(path, ex, &gm->spec);
        snprintf(gm->spec.name, sizeof gm->spec.name, "%s", name_of(gn));
    }
    if (r == VT_OK) {
        float m[16];
        vt__mat4_mul(xf, world + 16 * garment, m);
        r = read_mesh(&g, gmi, m, &gm->mesh);
    }
    uint32_t *remap = NULL, *first = NULL;
    if (r == VT_OK && gm->mesh.index_count < 3)
        r = vt__fail(VT_ERR_INVALID, "%s: the garment mesh has no triangles", path);
    if (r == VT_OK) {
        remap = malloc((size_t)gm->mesh.vertex_count * sizeof *remap);
        first = malloc((size_t)gm->mesh.vertex_count * sizeof *first);
        r = remap && first ? vt__mesh_weld(&gm->mesh, remap, first)
                           : vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    free(remap), free(first);
    if (r == VT_OK) r = find_stitches(gm, path);
    if (r == VT_OK) {
        measure_model(&gm->mesh, gm->reference, &gm->spec);
        static const float lo[VT_REGION_COUNT] = {50, 40, 50, 20, 5, 20},
                           hi[VT_REGION_COUNT] = {250, 250, 260, 180, 100, 120};
        for (int k = 0; k < VT_REGION_COUNT && r == VT_OK; k++) {
            float v = gm->spec.sizes[0].cm[k];
            if (gm->spec.in_chart[k] && !(v >= lo[k] && v <= hi[k]))
                r = vt__fail(VT_ERR_INVALID,
                             "%s: the garment's %s measures %.1f cm on its reference body, "
                             "outside %g..%g cm for kind %s (does it reach that part of the body?)",
                             path, vt_fit_region_name((vt_fit_region)k), (double)v, (double)lo[k],
                             (double)hi[k], vt_garment_kind_name(gm->spec.kind));
        }
    }
    if (r == VT_OK) r = vt_mesh_compute_normals(&gm->mesh);
    free(world), free(parent);
    vt__glb_close(&g);
    if (r != VT_OK) {
        vt_garment_model_free(gm);
        return r;
    }
    *out = gm;
    return VT_OK;
}
