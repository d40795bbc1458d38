/* vitrine body BODY.json -o BODY.glb [--json]
   vitrine body AVATAR.glb [-o BODY.glb] [--json] */
#include "commands.h"
#include "vitrine/vitrine.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void usage(FILE *f) {
    fputs("usage: vitrine body BODY.json -o BODY.glb [--json]\n"
          "       vitrine body AVATAR.glb [-o BODY.glb] [--json]\n"
          "  Builds a mannequin from body measurements (cm, ISO 8559-1 names; see\n"
          "  assets/bodies/README.md) and writes it as a skinned glTF binary; or reads a\n"
          "  user's own skinned humanoid (.glb, VRM or Mixamo bone names) and measures it\n"
          "  with the same tape (-o then writes it in our axes, metres and joints).\n"
          "  -o FILE   the .glb to write (required for a BODY.json)\n"
          "  --json    print requested and measured girths, landmark heights (m) and the\n"
          "            triangle count as one JSON object\n"
          "  Exit status: 0 written, 2 bad arguments or a bad body file.\n",
          f);
}

static json_t *fields(const float *stature, const float *chest, const float *waist,
                      const float *hip) {
    return json_pack("{s:f, s:f, s:f, s:f}", "stature", (double)*stature, "chest_girth",
                     (double)*chest, "waist_girth", (double)*waist, "hip_girth", (double)*hip);
}

int vt_cmd_body(int argc, char **argv) {
    const char *in = NULL, *out = NULL;
    bool as_json = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            as_json = true;
        } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
            if (i + 1 >= argc) {
                vt_app_error("body: %s needs a file name", a);
                usage(stderr);
                return 2;
            }
            out = argv[++i];
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            vt_app_error("body: unknown option '%s'", a);
            usage(stderr);
            return 2;
        } else if (in) {
            vt_app_error("body: more than one body file ('%s' and '%s')", in, a);
            usage(stderr);
            return 2;
        } else {
            in = a;
        }
    }
    bool avatar = in && !strcasecmp(vt_path_ext(in), ".glb");
    if (!in || (!out && !avatar)) {
        vt_app_error("body: %s", in ? "no -o OUT.glb given" : "no BODY.json or AVATAR.glb given");
        usage(stderr);
        return 2;
    }
    vt_body_measurements m;
    vt_body *body = NULL;
    if (avatar ? vt_body_load_glb(in, &body) != VT_OK
               : (vt_body_load_json(in, &m) != VT_OK || vt_body_build(&m, &body) != VT_OK)) {
        vt_app_error("%s", vt_last_error());
        return 2;
    }
    if (out && vt_body_write_glb(body, out) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        vt_body_free(body);
        return 2;
    }
    if (as_json) {
        const vt_body_measurements *q = &body->requested;
        const vt_body_tape *t = &body->measured;
        json_t *req = fields(&q->stature, &q->chest_girth, &q->waist_girth, &q->hip_girth);
        const struct {
            const char *name;
            float v;
        } extra[] = {
            {"underbust_girth", q->underbust_girth}, {"inside_leg_length", q->inside_leg_length},
            {"shoulder_width", q->shoulder_width},   {"arm_length", q->arm_length},
            {"neck_girth", q->neck_girth},           {"thigh_girth", q->thigh_girth}};
        for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
            json_object_set_new(req, extra[i].name, json_real(extra[i].v));
        static const char *types[] = {"neutral", "female", "male"};
        json_t *root = json_pack(
            "{s:s, s:o, s:o, s:{s:f, s:f, s:f}, s:I, s:I, s:I}", "body_type", types[q->body_type],
            "requested", req, "measured",
            fields(&t->stature, &t->chest_girth, &t->waist_girth, &t->hip_girth), "landmarks",
            "chest_girth", (double)t->chest_y, "waist_girth", (double)t->waist_y, "hip_girth",
            (double)t->hip_y, "triangles", (json_int_t)(body->mesh.index_count / 3), "vertices",
            (json_int_t)body->mesh.vertex_count, "joints", (json_int_t)body->joint_count);
        char *s = json_dumps(root, JSON_INDENT(2) | JSON_REAL_PRECISION(6));
        if (s) puts(s);
        free(s);
        json_decref(root);
    } else if (out) {
        printf("wrote %s (%u triangles, %u joints)\n", out, body->mesh.index_count / 3,
               body->joint_count);
    } else {
        const vt_body_tape *t = &body->measured;
        printf("%s: stature %.1f cm, chest %.1f, waist %.1f, hip %.1f cm\n", in, (double)t->stature,
               (double)t->chest_girth, (double)t->waist_girth, (double)t->hip_girth);
    }
    vt_body_free(body);
    return 0;
}
