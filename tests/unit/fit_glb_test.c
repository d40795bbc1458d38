/* tests/unit/fit_glb_test.c — bring your own: a body written as .glb and
   read back measures the same (within 0.5 %); a Mixamo-named, centimetre,
   Z-up copy of it too; bad avatars (not a glb, no skin, a missing bone, a
   giant, an open mesh) are refused with one line naming the file and the
   cause. A tee exported on one body is carried onto others and draped:
   outside the body, sized by the body's girth, stretched by its modelled
   shape. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include "vitrine/asset.h"
#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* An ok result, or the failure with vt_last_error(). */
#define assert_ok(expr)                                                                            \
    do {                                                                                           \
        vt_result r_ = (expr);                                                                     \
        if (r_ != VT_OK) fail_msg("%s: %d %s", #expr, (int)r_, vt_last_error());                   \
    } while (0)

static vt_body *female;
static char dir[256];

static vt_body *build(const char *name) {
    char p[1024];
    const char *src = getenv("VT_SOURCE_DIR");
    snprintf(p, sizeof p, "%s/assets/bodies/%s.json", src ? src : ".", name);
    vt_body_measurements m;
    if (vt_body_load_json(p, &m) != VT_OK) return NULL;
    vt_body *b = NULL;
    return vt_body_build(&m, &b) == VT_OK ? b : NULL;
}

static void tmp_path(char *out, size_t n, const char *name) {
    snprintf(out, n, "%s/%s", dir, name);
}

static int setup(void **state) {
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vt-fit-glb-%d", (int)getpid());
    if (mkdir(dir, 0700)) return -1;
    female = build("female-m");
    return female ? 0 : -1;
}

static int teardown(void **state) {
    (void)state;
    vt_body_free(female);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void body_glb_reads_back_with_the_same_measurements(void **state) {
    (void)state;
    char p[300];
    tmp_path(p, sizeof p, "female-m.glb");
    assert_int_equal(vt_body_write_glb(female, p), VT_OK);
    vt_body *b = NULL;
    assert_ok(vt_body_load_glb(p, &b));
    const vt_body_tape *a = &female->measured, *t = &b->measured;
    assert_float_equal(t->stature, a->stature, 0.005f * a->stature);
    assert_float_equal(t->chest_girth, a->chest_girth, 0.005f * a->chest_girth);
    assert_float_equal(t->waist_girth, a->waist_girth, 0.005f * a->waist_girth);
    assert_float_equal(t->hip_girth, a->hip_girth, 0.005f * a->hip_girth);
    assert_float_equal(b->requested.stature, a->stature, 0.005f * a->stature);
    /* lengths from the skeleton and the crotch: within 3 % of the request */
    assert_float_equal(b->requested.inside_leg_length, female->requested.inside_leg_length,
                       0.03f * female->requested.inside_leg_length);
    assert_float_equal(b->requested.arm_length, female->requested.arm_length,
                       0.03f * female->requested.arm_length);
    assert_int_equal(b->requested.body_type, VT_BODY_NEUTRAL);
    assert_int_equal(b->mesh.index_count, female->mesh.index_count);
    assert_int_equal(b->joint_count, VT_JOINT_COUNT);
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int k = 0; k < 3; k++)
            assert_float_equal(b->joints[j].position[k], female->joints[j].position[k], 1e-4f);
    vt_body_free(b);
}

static const char *const mixamo[VT_JOINT_COUNT] = {
    "mixamorig:Hips",          "mixamorig:Spine",
    "mixamorig:Spine1",        "mixamorig:Spine2",
    "mixamorig:Neck",          "mixamorig:Head",
    "mixamorig:LeftShoulder",  "mixamorig:LeftArm",
    "mixamorig:LeftForeArm",   "mixamorig:LeftHand",
    "mixamorig:RightShoulder", "mixamorig:RightArm",
    "mixamorig:RightForeArm",  "mixamorig:RightHand",
    "mixamorig:LeftUpLeg",     "mixamorig:LeftLeg",
    "mixamorig:LeftFoot",      "mixamorig:LeftToeBase",
    "MIXAMORIG:RIGHTUPLEG",    "RightLeg",
    "mixamorig:RightFoot",     "mixamorig:RightToeBase"};

/* (x, y, z) metres -> (x, -z, y) centimetres: a Z-up file in cm. */
static void to_mixamo(vt_body *b) {
    for (uint32_t v = 0; v < b->mesh.vertex_count; v++) {
        float *p = b->mesh.positions + 3 * v, y = p[1], z = p[2];
        p[0] *= 100, p[1] = -z * 100, p[2] = y * 100;
    }
    for (int j = 0; j < VT_JOINT_COUNT; j++) {
        float *p = b->joints[j].position, y = p[1], z = p[2];
        p[0] *= 100, p[1] = -z * 100, p[2] = y * 100;
        b->joints[j].name = mixamo[j];
    }
}

static void mixamo_names_in_centimetres_z_up_read_the_same(void **state) {
    (void)state;
    vt_body *m = build("female-m");
    assert_non_null(m);
    to_mixamo(m);
    char p[300];
    tmp_path(p, sizeof p, "mixamo.glb");
    assert_int_equal(vt_body_write_glb(m, p), VT_OK);
    vt_body_free(m);
    vt_body *b = NULL;
    assert_ok(vt_body_load_glb(p, &b));
    const vt_body_tape *a = &female->measured, *t = &b->measured;
    assert_float_equal(t->stature, a->stature, 0.005f * a->stature);
    assert_float_equal(t->chest_girth, a->chest_girth, 0.005f * a->chest_girth);
    assert_float_equal(t->waist_girth, a->waist_girth, 0.005f * a->waist_girth);
    assert_float_equal(t->hip_girth, a->hip_girth, 0.005f * a->hip_girth);
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int k = 0; k < 3; k++)
            assert_float_equal(b->joints[j].position[k], female->joints[j].position[k], 1e-3f);
    /* the weights came through the names: same joints, same weights */
    for (uint32_t v = 0; v < b->mesh.vertex_count; v += 97) {
        assert_int_equal(b->skin_joints[4 * v], female->skin_joints[4 * v]);
        assert_float_equal(b->skin_weights[4 * v], female->skin_weights[4 * v], 1e-5f);
    }
    vt_body_free(b);
}

static void expect_error(const char *path, vt_result want, const char *cause) {
    vt_body *b = (vt_body *)1;
    assert_int_equal(vt_body_load_glb(path, &b), want);
    assert_null(b);
    const char *e = vt_last_error();
    if (strncmp(e, path, strlen(path)) || !strstr(e, cause) || strchr(e, '\n'))
        fail_msg("error '%s' should start with '%s' and say '%s'", e, path, cause);
}

static void bad_avatars_are_refused_with_one_line(void **state) {
    (void)state;
    char p[300];
    tmp_path(p, sizeof p, "text.glb");
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs("{\"asset\": {\"version\": \"2.0\"}}", f);
    fclose(f);
    expect_error(p, VT_ERR_PARSE, "not a glTF binary (.glb)");

    /* a mesh without a skin */
    tmp_path(p, sizeof p, "noskin.glb");
    static const float tri[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    const char *json = "{\"asset\":{\"version\":\"2.0\"},\"nodes\":[{\"mesh\":0}],\"meshes\":[{"
                       "\"primitives\":[{\"attributes\":{\"POSITION\":0}}]}],\"accessors\":[{"
                       "\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":\"VEC3\"}],"
                       "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36}],\"buffers\":[{"
                       "\"byteLength\":36}]}";
    assert_int_equal(vt_glb_write(p, json, strlen(json), tri, sizeof tri), VT_OK);
    expect_error(p, VT_ERR_INVALID, "no skinned mesh");

    /* a skeleton without a left lower leg */
    vt_body *m = build("female-m");
    assert_non_null(m);
    m->joints[VT_JOINT_LEFT_LOWER_LEG].name = "leftKnee";
    tmp_path(p, sizeof p, "noknee.glb");
    assert_int_equal(vt_body_write_glb(m, p), VT_OK);
    expect_error(p, VT_ERR_INVALID, "has no leftLowerLeg bone (Mixamo: leftleg)");
    m->joints[VT_JOINT_LEFT_LOWER_LEG].name = "leftLowerLeg";

    /* 17 m tall */
    for (uint32_t v = 0; v < 3 * m->mesh.vertex_count; v++) m->mesh.positions[v] *= 10;
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int k = 0; k < 3; k++) m->joints[j].position[k] *= 10;
    tmp_path(p, sizeof p, "giant.glb");
    assert_int_equal(vt_body_write_glb(m, p), VT_OK);
    expect_error(p, VT_ERR_INVALID, "units tall; expected a person of 1.0..2.5 m");
    for (uint32_t v = 0; v < 3 * m->mesh.vertex_count; v++) m->mesh.positions[v] /= 10;
    for (int j = 0; j < VT_JOINT_COUNT; j++)
        for (int k = 0; k < 3; k++) m->joints[j].position[k] /= 10;

    /* a hole: the last 30 triangles left out */
    m->mesh.index_count -= 90;
    tmp_path(p, sizeof p, "open.glb");
    assert_int_equal(vt_body_write_glb(m, p), VT_OK);
    expect_error(p, VT_ERR_INVALID, "the body mesh is not closed");
    m->mesh.index_count += 90;
    vt_body_free(m);

    tmp_path(p, sizeof p, "missing.glb");
    vt_body *b = NULL;
    assert_int_equal(vt_body_load_glb(p, &b), VT_ERR_IO);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(body_glb_reads_back_with_the_same_measurements),
        cmocka_unit_test(mixamo_names_in_centimetres_z_up_read_the_same),
        cmocka_unit_test(bad_avatars_are_refused_with_one_line),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
