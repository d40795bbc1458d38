/* tests/unit/body_test.c — the parametric body: body.json errors, the
   mannequin's mesh (closed, outward, feet on the ground, facing +Z), its
   skeleton and skin weights, and the tape's verdict on presets and on random
   bodies across the accepted ranges. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const presets[] = {"xs", "s", "m", "l", "xl", "xxl"};
static const char *const types[] = {"female", "male", "neutral"};

static char tmpdir[256];

static int setup(void **state) {
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/vt_body_test_XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

/* Every edge used exactly once in each direction: closed, manifold along
   edges and consistently wound. */
static void assert_closed_and_outward(const vt_mesh_data *m) {
    size_t n = m->index_count;
    uint64_t *e = malloc(n * sizeof *e);
    assert_non_null(e);
    for (size_t i = 0; i < n; i += 3)
        for (size_t k = 0; k < 3; k++) {
            uint64_t a = m->indices[i + k], b = m->indices[i + (k + 1) % 3];
            assert_int_not_equal(a, b);
            e[i + k] = a << 32 | b;
        }
    qsort(e, n, sizeof *e, cmp_u64);
    for (size_t i = 0; i + 1 < n; i++) assert_true(e[i] != e[i + 1]); /* each direction once */
    for (size_t i = 0; i < n; i++) {
        uint64_t rev = (e[i] & 0xffffffffu) << 32 | e[i] >> 32;
        assert_non_null(bsearch(&rev, e, n, sizeof *e, cmp_u64)); /* its twin exists */
    }
    free(e);
    double vol = 0;
    for (size_t i = 0; i < n; i += 3) {
        const float *a = &m->positions[3 * m->indices[i]],
                    *b = &m->positions[3 * m->indices[i + 1]],
                    *c = &m->positions[3 * m->indices[i + 2]];
        vol += (a[0] * ((double)b[1] * c[2] - (double)b[2] * c[1]) -
                a[1] * ((double)b[0] * c[2] - (double)b[2] * c[0]) +
                a[2] * ((double)b[0] * c[1] - (double)b[1] * c[0])) /
               6.0;
    }
    assert_true(vol > 0.005); /* cubic metres: an adult body is 0.04..0.15 */
}

static void assert_body_valid(const vt_body *b) {
    const vt_mesh_data *m = &b->mesh;
    assert_true(m->index_count / 3 >= 10000);
    assert_closed_and_outward(m);
    float lo = INFINITY, zmax_feet = -INFINITY, zmin_feet = INFINITY;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        const float *p = &m->positions[3 * i];
        lo = fminf(lo, p[1]);
        if (p[1] < 0.05f) {
            zmax_feet = fmaxf(zmax_feet, p[2]);
            zmin_feet = fminf(zmin_feet, p[2]);
        }
    }
    assert_true(fabsf(lo) <= 0.001f); /* feet on y = 0 */
    /* Facing +Z: toes reach much further forward than heels reach back, and
       the front of the chest is at +z. */
    assert_true(zmax_feet > 2 * fabsf(zmin_feet));
    float chest_front = -INFINITY, chest_back = INFINITY;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        const float *p = &m->positions[3 * i];
        if (fabsf(p[1] - b->landmarks.chest_y) < 0.02f && fabsf(p[0]) < 0.06f) {
            chest_front = fmaxf(chest_front, p[2]);
            chest_back = fminf(chest_back, p[2]);
        }
    }
    assert_true(chest_front > 0.02f && chest_back < -0.02f);
    /* Skin: 4 joints per vertex, weights in [0, 1] summing to 1. */
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        float sum = 0;
        for (int k = 0; k < 4; k++) {
            float w = b->skin_weights[4 * i + (uint32_t)k];
            assert_true(w >= 0 && w <= 1);
            assert_true(b->skin_joints[4 * i + (uint32_t)k] < b->joint_count);
            sum += w;
        }
        assert_float_equal(sum, 1.0f, 1e-5f);
    }
}

/* ---- An independent tape ---------------------------------------------------
   The engine's tape (body_measure.c) and the builder's fit share its code;
   this one shares nothing with either: a horizontal section cut here from
   the triangles, its loops chained by sorting the mesh edges they cross,
   the torso's loop found by a ray from the mid-plane, and the hull's
   perimeter by gift wrapping. */

typedef struct cut {
    uint64_t edge[2]; /* the two mesh edges the segment crosses, lower index first */
    float p[2][2];    /* (x, z) where it crosses them */
} cut;

typedef struct edge_end {
    uint64_t edge;
    uint32_t cut;
} edge_end;

static int cmp_edge_end(const void *a, const void *b) {
    const edge_end *x = a, *y = b;
    if (x->edge != y->edge) return x->edge < y->edge ? -1 : 1;
    return (x->cut > y->cut) - (x->cut < y->cut);
}

/* Triangles of m whose height range meets [lo, hi]. */
static uint32_t *tris_between(const vt_mesh_data *m, float lo, float hi, uint32_t *count) {
    uint32_t *t = malloc((m->index_count / 3 + 1) * sizeof *t), n = 0;
    assert_non_null(t);
    for (uint32_t i = 0; i < m->index_count; i += 3) {
        float a = INFINITY, b = -INFINITY;
        for (int k = 0; k < 3; k++) {
            float y = m->positions[3 * m->indices[i + (uint32_t)k] + 1];
            a = fminf(a, y), b = fmaxf(b, y);
        }
        if (b >= lo && a <= hi) t[n++] = i;
    }
    *count = n;
    return t;
}

/* Perimeter (m) of the convex hull of the torso's loop in the section at
   height y, 0 when no loop encloses the mid-plane. */
static double torso_girth(const vt_mesh_data *m, const uint32_t *tris, uint32_t nt, float y) {
    cut *c = malloc((nt + 1) * sizeof *c);
    assert_non_null(c);
    uint32_t n = 0;
    for (uint32_t t = 0; t < nt; t++) {
        const uint32_t *ix = m->indices + tris[t];
        int got = 0;
        for (int e = 0; e < 3; e++) {
            uint32_t i = ix[e], j = ix[(e + 1) % 3];
            if (i > j) {
                uint32_t tmp = i;
                i = j, j = tmp;
            }
            const float *a = m->positions + 3 * i, *b = m->positions + 3 * j;
            if ((a[1] < y) == (b[1] < y)) continue;
            float u = (y - a[1]) / (b[1] - a[1]);
            if (got < 2) {
                c[n].edge[got] = (uint64_t)i << 32 | j;
                c[n].p[got][0] = a[0] + u * (b[0] - a[0]);
                c[n].p[got][1] = a[2] + u * (b[2] - a[2]);
            }
            got++;
        }
        if (got == 2) n++;
    }
    /* the mid-plane's extent in z, and from its middle a ray along +x: the
       nearest segment it meets is on the loop around the torso */
    float z0 = INFINITY, z1 = -INFINITY;
    for (uint32_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++)
            if (fabsf(c[i].p[k][0]) < 0.01f)
                z0 = fminf(z0, c[i].p[k][1]), z1 = fmaxf(z1, c[i].p[k][1]);
    float zc = 0.5f * (z0 + z1), near = INFINITY;
    uint32_t seed = UINT32_MAX;
    for (uint32_t i = 0; i < n && z0 < z1; i++) {
        const float *a = c[i].p[0], *b = c[i].p[1];
        if ((a[1] < zc) == (b[1] < zc)) continue;
        float x = a[0] + (zc - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
        if (x > 0 && x < near) near = x, seed = i;
    }
    double perimeter = 0;
    if (seed != UINT32_MAX) {
        /* neighbours: the two segments that cross one mesh edge */
        edge_end *ends = malloc((2 * (size_t)n + 1) * sizeof *ends);
        uint32_t *next = malloc((2 * (size_t)n + 1) * sizeof *next);
        uint8_t *seen = calloc(n + 1, 1);
        float *pts = malloc((2 * (size_t)n + 1) * 2 * sizeof *pts);
        uint32_t *stack = malloc((n + 1) * sizeof *stack);
        assert_true(ends && next && seen && pts && stack);
        for (uint32_t i = 0; i < n; i++)
            for (int k = 0; k < 2; k++) ends[2 * i + (uint32_t)k] = (edge_end){c[i].edge[k], i};
        qsort(ends, 2 * (size_t)n, sizeof *ends, cmp_edge_end);
        for (uint32_t i = 0; i < 2 * n; i++) next[i] = UINT32_MAX;
        for (uint32_t i = 0; i + 1 < 2 * n; i++)
            if (ends[i].edge == ends[i + 1].edge) {
                /* each segment end links to the segment on the other side */
                uint32_t a = ends[i].cut, b = ends[i + 1].cut;
                for (int k = 0; k < 2; k++) {
                    if (c[a].edge[k] == ends[i].edge) next[2 * a + (uint32_t)k] = b;
                    if (c[b].edge[k] == ends[i].edge) next[2 * b + (uint32_t)k] = a;
                }
            }
        uint32_t np = 0, top = 0;
        stack[top++] = seed;
        seen[seed] = 1;
        while (top) {
            uint32_t i = stack[--top];
            for (int k = 0; k < 2; k++) {
                pts[2 * np] = c[i].p[k][0], pts[2 * np + 1] = c[i].p[k][1], np++;
                uint32_t j = next[2 * i + (uint32_t)k];
                if (j != UINT32_MAX && !seen[j]) seen[j] = 1, stack[top++] = j;
            }
        }
        /* gift wrapping from the leftmost point */
        uint32_t start = 0;
        for (uint32_t i = 1; i < np; i++)
            if (pts[2 * i] < pts[2 * start]) start = i;
        uint32_t cur = start;
        for (uint32_t guard = 0; guard <= np; guard++) {
            uint32_t cand = cur == 0 ? 1 : 0;
            for (uint32_t i = 0; i < np; i++) {
                double ax = pts[2 * cand] - pts[2 * cur], az = pts[2 * cand + 1] - pts[2 * cur + 1];
                double bx = pts[2 * i] - pts[2 * cur], bz = pts[2 * i + 1] - pts[2 * cur + 1];
                double cr = ax * bz - az * bx;
                if (cr < 0 || (cr == 0 && bx * bx + bz * bz > ax * ax + az * az)) cand = i;
            }
            perimeter += hypot(pts[2 * cand] - pts[2 * cur], pts[2 * cand + 1] - pts[2 * cur + 1]);
            cur = cand;
            if (cur == start) break;
        }
        free(ends), free(next), free(seen), free(pts), free(stack);
    }
    free(c);
    return perimeter;
}

/* Largest (or smallest) torso girth in cm within VT_BODY_TAPE_WINDOW x
   stature of height y, every 2 mm. */
static float tape_extreme(const vt_mesh_data *m, float y, float stature_m, bool largest) {
    float w = VT_BODY_TAPE_WINDOW * stature_m;
    uint32_t nt;
    uint32_t *tris = tris_between(m, y - w - 0.01f, y + w + 0.01f, &nt);
    double best = largest ? 0 : INFINITY;
    for (float h = y - w; h <= y + w; h += 0.002f) {
        double g = torso_girth(m, tris, nt, h);
        if (g > 0 && (largest ? g > best : g < best)) best = g;
    }
    free(tris);
    return (float)(best * 100);
}

/* The mid-plane x = 0 meets the body nowhere from 2 cm below the crotch
   to the knees: the legs stand apart. */
static void assert_legs_apart(const vt_body *b, const char *what) {
    const vt_mesh_data *m = &b->mesh;
    float crotch = b->landmarks.crotch_y, knee = b->joints[VT_JOINT_LEFT_LOWER_LEG].position[1];
    for (uint32_t i = 0; i < m->index_count; i += 3)
        for (int e = 0; e < 3; e++) { /* where the edge crosses x = 0 */
            const float *p = m->positions + 3 * m->indices[i + (uint32_t)e],
                        *q = m->positions + 3 * m->indices[i + (uint32_t)(e + 1) % 3];
            if ((p[0] < 0) == (q[0] < 0)) continue;
            float y = p[1] + (0 - p[0]) / (q[0] - p[0]) * (q[1] - p[1]);
            if (y > knee && y < crotch - 0.02f)
                fail_msg("%s: the legs touch at x = 0, y = %.3f m (crotch %.3f m)", what, (double)y,
                         (double)crotch);
        }
}

static float worst_girth, worst_stature; /* over all bodies checked */

/* The tape of this file on the finished mesh, given only the landmark
   heights; and the engine's own tape agrees with it within 1%. */
static void assert_measures(const vt_body *b, const vt_body_measurements *want, const char *what) {
    float top = -INFINITY;
    for (uint32_t i = 0; i < b->mesh.vertex_count; i++)
        top = fmaxf(top, b->mesh.positions[3 * i + 1]);
    float H = top;
    float got[4] = {top * 100, tape_extreme(&b->mesh, b->landmarks.chest_y, H, true),
                    tape_extreme(&b->mesh, b->landmarks.waist_y, H, false),
                    tape_extreme(&b->mesh, b->landmarks.hip_y, H, true)};
    float err[3] = {got[1] / want->chest_girth - 1, got[2] / want->waist_girth - 1,
                    got[3] / want->hip_girth - 1};
    for (int k = 0; k < 3; k++) worst_girth = fmaxf(worst_girth, fabsf(err[k]));
    worst_stature = fmaxf(worst_stature, fabsf(got[0] - want->stature));
    if (fabsf(err[0]) > 0.01f || fabsf(err[1]) > 0.01f || fabsf(err[2]) > 0.01f ||
        fabsf(got[0] - want->stature) > 0.5f)
        fail_msg("%s: want stature %.1f chest %.1f waist %.1f hip %.1f; tape %.2f %.2f %.2f %.2f",
                 what, (double)want->stature, (double)want->chest_girth, (double)want->waist_girth,
                 (double)want->hip_girth, (double)got[0], (double)got[1], (double)got[2],
                 (double)got[3]);
    vt_body_tape t;
    assert_int_equal(vt_body_measure(&b->mesh, &b->landmarks, &t), VT_OK);
    if (fabsf(t.chest_girth / got[1] - 1) > 0.01f || fabsf(t.waist_girth / got[2] - 1) > 0.01f ||
        fabsf(t.hip_girth / got[3] - 1) > 0.01f)
        fail_msg("%s: the engine's tape %.2f %.2f %.2f, this one %.2f %.2f %.2f", what,
                 (double)t.chest_girth, (double)t.waist_girth, (double)t.hip_girth, (double)got[1],
                 (double)got[2], (double)got[3]);
    /* The single-height girth agrees with the search at the height it found. */
    assert_float_equal(vt_body_measure_girth(&b->mesh, t.waist_y), t.waist_girth, 1e-3f);
}

/* Lateral width (x extent) of the left leg's section at height y. */
static float leg_width(const vt_mesh_data *m, float y) {
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t i = 0; i < m->vertex_count; i++) {
        const float *p = &m->positions[3 * i];
        if (p[0] > 0.005f && fabsf(p[1] - y) < 0.006f && p[2] > -0.2f && p[2] < 0.2f) {
            lo = fminf(lo, p[0]);
            hi = fmaxf(hi, p[0]);
        }
    }
    return hi > lo ? hi - lo : 0;
}

/* A shop mannequin's leg: the upper thigh as thick as the thigh girth asks
   for, tapering to the knee; the calf fuller than the ankle. */
static void assert_legs_shaped(const vt_body *b, const char *what) {
    const vt_mesh_data *m = &b->mesh;
    float H = b->requested.stature / 100.0f, crotch = b->landmarks.crotch_y;
    float knee = b->joints[VT_JOINT_LEFT_LOWER_LEG].position[1];
    float want = b->requested.thigh_girth / 100.0f / 3.14159265f;
    float top = leg_width(m, crotch - 0.04f * H), above_knee = leg_width(m, knee + 0.04f * H);
    float calf = leg_width(m, 0.20f * H), ankle = leg_width(m, 0.06f * H);
    if (top < 0.75f * want || top > 1.25f * want || above_knee > 0.85f * top ||
        ankle > 0.85f * calf)
        fail_msg("%s: leg widths: thigh %.3f (girth asks %.3f), above knee %.3f, calf %.3f, "
                 "ankle %.3f m",
                 what, (double)top, (double)want, (double)above_knee, (double)calf, (double)ankle);
}

static void presets_measure_what_they_ask_for(void **state) {
    (void)state;
    const char *src = getenv("VT_SOURCE_DIR");
    assert_non_null(src);
    for (size_t ti = 0; ti < 3; ti++)
        for (size_t si = 0; si < 6; si++) {
            char path[512];
            snprintf(path, sizeof path, "%s/assets/bodies/%s-%s.json", src, types[ti], presets[si]);
            vt_body_measurements m;
            if (vt_body_load_json(path, &m) != VT_OK) fail_msg("%s", vt_last_error());
            vt_body *b = NULL;
            assert_int_equal(vt_body_build(&m, &b), VT_OK);
            assert_body_valid(b);
            assert_measures(b, &m, path);
            assert_legs_shaped(b, path);
            assert_legs_apart(b, path);
            vt_body_free(b);
        }
}

static uint32_t rng = 12345;
static float uniform(float lo, float hi) {
    rng = rng * 1664525u + 1013904223u;
    return lo + (hi - lo) * (float)(rng >> 8) / 16777216.0f;
}

/* 50 bodies drawn across what vt_body_complete accepts: every field in its
   range (the optional ones given or derived, half and half), the ratios
   between girths anywhere in theirs; bodies it refuses are drawn again. */
static void random_bodies_measure_what_they_ask_for(void **state) {
    (void)state;
    const int n = 50;
    for (int i = 0; i < n; i++) {
        vt_body_measurements m, check;
        int tries = 0;
        do {
            memset(&m, 0, sizeof m);
            m.body_type = (vt_body_type)(i % 3);
            m.stature = uniform(120, 220);
            m.hip_girth = uniform(60, 190);
            m.waist_girth = fminf(fmaxf(m.hip_girth * uniform(0.5f, 1.3f), 40), 200);
            m.chest_girth = fminf(fmaxf(m.hip_girth * uniform(0.6f, 1.5f), 60), 180);
            if (uniform(0, 1) < 0.5f) m.inside_leg_length = m.stature * uniform(0.38f, 0.52f);
            if (uniform(0, 1) < 0.5f) m.shoulder_width = m.stature * uniform(0.18f, 0.28f);
            if (uniform(0, 1) < 0.5f) m.arm_length = m.stature * uniform(0.28f, 0.38f);
            if (uniform(0, 1) < 0.5f) m.neck_girth = m.chest_girth * uniform(0.3f, 0.46f);
            if (uniform(0, 1) < 0.5f) m.thigh_girth = m.hip_girth * uniform(0.48f, 0.68f);
            if (uniform(0, 1) < 0.5f) m.underbust_girth = m.chest_girth * uniform(0.75f, 1.0f);
            check = m;
            assert_true(++tries < 1000);
        } while (vt_body_complete(&check, NULL) != VT_OK);
        char what[300];
        snprintf(what, sizeof what,
                 "random body %d (type %d, stature %.1f chest %.1f waist %.1f hip %.1f leg %.1f "
                 "shoulder %.1f arm %.1f neck %.1f thigh %.1f underbust %.1f)",
                 i, (int)m.body_type, (double)m.stature, (double)m.chest_girth,
                 (double)m.waist_girth, (double)m.hip_girth, (double)m.inside_leg_length,
                 (double)m.shoulder_width, (double)m.arm_length, (double)m.neck_girth,
                 (double)m.thigh_girth, (double)m.underbust_girth);
        vt_body *b = NULL;
        if (vt_body_build(&m, &b) != VT_OK) fail_msg("%s: %s", what, vt_last_error());
        assert_body_valid(b);
        assert_measures(b, &m, what);
        assert_legs_apart(b, what);
        vt_body_free(b);
    }
    print_message("worst girth error %.3f%%, worst stature error %.3f cm\n",
                  (double)worst_girth * 100, (double)worst_stature);
}

static void skeleton_has_vrm_names_and_joint_heights(void **state) {
    (void)state;
    vt_body_measurements m = {.body_type = VT_BODY_MALE,
                              .stature = 180,
                              .chest_girth = 100,
                              .waist_girth = 86,
                              .hip_girth = 100};
    vt_body *b = NULL;
    assert_int_equal(vt_body_build(&m, &b), VT_OK);
    assert_int_equal(b->joint_count, VT_JOINT_COUNT);
    assert_string_equal(b->joints[VT_JOINT_HIPS].name, "hips");
    assert_string_equal(b->joints[VT_JOINT_UPPER_CHEST].name, "upperChest");
    assert_string_equal(b->joints[VT_JOINT_LEFT_LOWER_ARM].name, "leftLowerArm");
    assert_string_equal(b->joints[VT_JOINT_RIGHT_TOES].name, "rightToes");
    assert_int_equal(b->joints[VT_JOINT_HIPS].parent, -1);
    for (uint32_t j = 1; j < b->joint_count; j++)
        assert_true(b->joints[j].parent >= 0 && (uint32_t)b->joints[j].parent < j);
    /* Heights in order, left on +X, A-pose: the hand below the shoulder and out. */
    const vt_body_joint *J = b->joints;
    assert_true(J[VT_JOINT_HEAD].position[1] > J[VT_JOINT_NECK].position[1]);
    assert_true(J[VT_JOINT_NECK].position[1] > J[VT_JOINT_CHEST].position[1]);
    assert_true(J[VT_JOINT_LEFT_UPPER_LEG].position[1] > J[VT_JOINT_LEFT_LOWER_LEG].position[1]);
    assert_true(J[VT_JOINT_LEFT_UPPER_ARM].position[0] > 0);
    assert_true(J[VT_JOINT_RIGHT_UPPER_ARM].position[0] < 0);
    float dx = J[VT_JOINT_LEFT_HAND].position[0] - J[VT_JOINT_LEFT_UPPER_ARM].position[0];
    float dy = J[VT_JOINT_LEFT_UPPER_ARM].position[1] - J[VT_JOINT_LEFT_HAND].position[1];
    assert_float_equal(atan2f(dy, dx) * 57.29578f, 45.0f, 3.0f);
    /* Skin weights change smoothly: along any edge no joint's weight jumps. */
    float worst = 0;
    const vt_mesh_data *mesh = &b->mesh;
    for (uint32_t i = 0; i < mesh->index_count; i++) {
        uint32_t a = mesh->indices[i], c = mesh->indices[i % 3 == 2 ? i - 2 : i + 1];
        float wa[VT_JOINT_COUNT] = {0}, wc[VT_JOINT_COUNT] = {0};
        for (int k = 0; k < 4; k++) {
            wa[b->skin_joints[4 * a + (uint32_t)k]] += b->skin_weights[4 * a + (uint32_t)k];
            wc[b->skin_joints[4 * c + (uint32_t)k]] += b->skin_weights[4 * c + (uint32_t)k];
        }
        for (int j = 0; j < VT_JOINT_COUNT; j++) worst = fmaxf(worst, fabsf(wa[j] - wc[j]));
    }
    if (worst > 0.4f) fail_msg("a skin weight jumps by %.2f along one edge", (double)worst);
    vt_body_free(b);
}

/* Linear blend skinning with the left arm raised 45 degrees about the
   shoulder (A-pose to T-pose): the hand comes level with the shoulder and
   nothing the arm does not weigh on moves. */
static void raising_the_left_arm_moves_the_arm_only(void **state) {
    (void)state;
    vt_body_measurements m = {.body_type = VT_BODY_FEMALE,
                              .stature = 168,
                              .chest_girth = 92,
                              .waist_girth = 76,
                              .hip_girth = 100};
    vt_body *b = NULL;
    assert_int_equal(vt_body_build(&m, &b), VT_OK);
    const float *S = b->joints[VT_JOINT_LEFT_UPPER_ARM].position;
    const float c = cosf(0.7853982f), s = sinf(0.7853982f);
    uint32_t hand = 0, still = 0;
    for (uint32_t v = 0; v < b->mesh.vertex_count; v++) {
        const float *p = &b->mesh.positions[3 * v];
        float rx = S[0] + (p[0] - S[0]) * c - (p[1] - S[1]) * s;
        float ry = S[1] + (p[0] - S[0]) * s + (p[1] - S[1]) * c;
        float arm = 0, hand_w = 0;
        for (int k = 0; k < 4; k++) {
            uint16_t j = b->skin_joints[4 * v + (uint32_t)k];
            float w = b->skin_weights[4 * v + (uint32_t)k];
            if (j >= VT_JOINT_LEFT_UPPER_ARM && j <= VT_JOINT_LEFT_HAND) arm += w;
            if (j == VT_JOINT_LEFT_HAND) hand_w += w;
        }
        float x = p[0] + (rx - p[0]) * arm, y = p[1] + (ry - p[1]) * arm;
        if (arm == 0) {
            assert_true(x == p[0] && y == p[1]);
            still++;
        }
        if (hand_w > 0.99f) {
            assert_true(fabsf(y - S[1]) < 0.06f); /* level with the shoulder */
            assert_true(x > S[0] + 0.5f);         /* and out to the side */
            hand++;
        }
        if (p[0] < 0) assert_float_equal(arm, 0, 1e-6); /* the right half ignores the left arm */
    }
    assert_true(hand > 50 && still > b->mesh.vertex_count / 2);
    vt_body_free(b);
}

/* Writes text to tmpdir/name and returns the path (static buffer). */
static const char *write_file(const char *name, const char *text) {
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void expect_error(const char *text, vt_result want, const char *message) {
    const char *path = write_file("body.json", text);
    vt_body_measurements m;
    assert_int_equal(vt_body_load_json(path, &m), want);
    char expected[1024];
    snprintf(expected, sizeof expected, "%s: %s", path, message);
    assert_string_equal(vt_last_error(), expected);
}

#define BODY(extra)                                                                                \
    "{\"body_type\": \"female\", \"stature\": 168, \"chest_girth\": 92, \"waist_girth\": 76, "     \
    "\"hip_girth\": 100" extra "}"

static void bad_body_files_name_file_path_and_cause(void **state) {
    (void)state;
    expect_error("{\"body_type\": \"female\", \"stature\": 168, \"chest_girth\": 92, "
                 "\"waist_girth\": 12, \"hip_girth\": 100}",
                 VT_ERR_INVALID, "$.waist_girth: 12 cm is outside 40..200 cm");
    expect_error(BODY(", \"stature\": -170"), VT_ERR_PARSE,
                 "invalid JSON at line 1 column 105: duplicate object key near '\"stature\"'");
    expect_error("{\"body_type\": \"male\", \"stature\": -170, \"chest_girth\": 92, "
                 "\"waist_girth\": 76, \"hip_girth\": 100}",
                 VT_ERR_INVALID, "$.stature: -170 cm is outside 120..220 cm");
    expect_error(BODY(", \"thigh_girth\": 5000"), VT_ERR_INVALID,
                 "$.thigh_girth: 5000 cm is outside 35..100 cm");
    expect_error(BODY(", \"thigh_girth\": 90"), VT_ERR_INVALID,
                 "$.thigh_girth: 90 cm is outside 48..68 cm (0.48..0.68 of hip_girth)");
    expect_error(BODY(", \"neck_girth\": 50"), VT_ERR_INVALID,
                 "$.neck_girth: 50 cm is outside 27.6..42.32 cm (0.3..0.46 of chest_girth)");
    expect_error("{\"body_type\": \"female\", \"stature\": \"168\", \"chest_girth\": 92, "
                 "\"waist_girth\": 76, \"hip_girth\": 100}",
                 VT_ERR_PARSE, "$.stature: expected a number (cm), found a string");
    expect_error(BODY(", \"neck_girth\": [33]"), VT_ERR_PARSE,
                 "$.neck_girth: expected a number (cm), found an array");
    expect_error("{\"body_type\": \"robot\", \"stature\": 168, \"chest_girth\": 92, "
                 "\"waist_girth\": 76, \"hip_girth\": 100}",
                 VT_ERR_INVALID,
                 "$.body_type: unknown body type \"robot\" (female, male or neutral)");
    expect_error("{\"body_type\": 1, \"stature\": 168}", VT_ERR_PARSE,
                 "$.body_type: expected a string, found a number");
    expect_error("{\"stature\": 168, \"chest_girth\": 92, \"waist_girth\": 76, \"hip_girth\": 100}",
                 VT_ERR_PARSE, "$.body_type: missing (female, male or neutral)");
    expect_error("{\"body_type\": \"male\", \"stature\": 168, \"chest_girth\": 92, "
                 "\"hip_girth\": 100}",
                 VT_ERR_PARSE, "$.waist_girth: missing (required, cm)");
    expect_error(BODY(", \"wasit_girth\": 70"), VT_ERR_PARSE, "$.wasit_girth: unknown member");
    expect_error("{\"body_type\": \"female\",\n \"stature\": 168,,}", VT_ERR_PARSE,
                 "invalid JSON at line 2 column 17: string or '}' expected near ','");
    expect_error("", VT_ERR_PARSE,
                 "invalid JSON at line 1 column 0: '[' or '{' expected near end of file");
    expect_error("[1, 2]", VT_ERR_PARSE, "$: expected an object, found an array");
    expect_error("{\"body_type\": \"male\", \"stature\": 200, \"chest_girth\": 150, "
                 "\"waist_girth\": 60, \"hip_girth\": 120}",
                 VT_ERR_INVALID,
                 "$.waist_girth: 60 cm is outside 82.5..225 cm (0.55..1.5 of chest_girth)");
    expect_error(BODY(", \"inside_leg_length\": 100"), VT_ERR_INVALID,
                 "$.inside_leg_length: 100 cm is outside 63.84..87.36 cm (0.38..0.52 of stature)");
    expect_error("{\"body_type\": \"male\", \"stature\": 168, \"chest_girth\": 92, "
                 "\"waist_girth\": 150, \"hip_girth\": 100}",
                 VT_ERR_INVALID,
                 "$.waist_girth: 150 cm is outside 50..130 cm (0.5..1.3 of hip_girth)");
    vt_body_measurements m;
    assert_int_equal(vt_body_load_json("/nonexistent/body.json", &m), VT_ERR_IO);
    assert_string_equal(vt_last_error(), "/nonexistent/body.json: cannot open");
}

/* A FIFO named as body.json is refused at once, not waited on for a writer.
   Run in a child with an alarm, so the old blocking open fails the test
   instead of hanging it. */
static void fifo_is_refused_without_blocking(void **state) {
    (void)state;
    char fifo[512];
    snprintf(fifo, sizeof fifo, "%s/body.fifo", tmpdir);
    remove(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        alarm(5);
        vt_body_measurements m;
        vt_result r = vt_body_load_json(fifo, &m);
        _exit(r == VT_ERR_IO && strstr(vt_last_error(), "not a regular file") ? 0 : 1);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    remove(fifo);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
}

static void missing_fields_are_derived_in_proportion(void **state) {
    (void)state;
    const char *path = write_file("ok.json", BODY(", \"name\": \"test\""));
    vt_body_measurements m;
    assert_int_equal(vt_body_load_json(path, &m), VT_OK);
    assert_int_equal(m.body_type, VT_BODY_FEMALE);
    assert_float_equal(m.inside_leg_length, 0.45f * 168, 0.01f);
    assert_float_equal(m.shoulder_width, 0.215f * 168, 0.01f);
    assert_float_equal(m.arm_length, 0.33f * 168, 0.01f);
    assert_float_equal(m.neck_girth, 0.36f * 92, 0.01f);
    assert_float_equal(m.thigh_girth, 0.58f * 100, 0.01f);
    path = write_file("ok2.json", BODY(", \"inside_leg_length\": 80"));
    assert_int_equal(vt_body_load_json(path, &m), VT_OK);
    assert_float_equal(m.inside_leg_length, 80, 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bad_body_files_name_file_path_and_cause),
        cmocka_unit_test(fifo_is_refused_without_blocking),
        cmocka_unit_test(missing_fields_are_derived_in_proportion),
        cmocka_unit_test(skeleton_has_vrm_names_and_joint_heights),
        cmocka_unit_test(raising_the_left_arm_moves_the_arm_only),
        cmocka_unit_test(presets_measure_what_they_ask_for),
        cmocka_unit_test(random_bodies_measure_what_they_ask_for),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
