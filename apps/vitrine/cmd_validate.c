/* vitrine validate FILE [--profile web|mobile|planner] [--json] */
#include "commands.h"
#include "vitrine/vitrine.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void usage(FILE *f) {
    fputs("usage: vitrine validate FILE [--profile web|mobile|planner] [--json]\n"
          "  Checks a model against 3D Commerce publishing budgets (Khronos glTF Asset\n"
          "  Auditor recommendations for web; stricter for mobile; larger for planner).\n"
          "  --profile P   web (default), mobile or planner\n"
          "  --json        one JSON object on stdout\n"
          "  Exit status: 0 every check passed, 1 a check failed, 2 unreadable file or bad\n"
          "  arguments.\n",
          f);
}

static json_t *jstr(const char *s) {
    json_t *j = json_string(s);
    if (j) return j;
    char buf[512];
    size_t n = 0;
    for (; s[n] && n + 1 < sizeof buf; n++) buf[n] = (unsigned char)s[n] < 0x80 ? s[n] : '?';
    buf[n] = '\0';
    return json_string(buf);
}

int vt_cmd_validate(int argc, char **argv) {
    const char *file = NULL;
    bool as_json = false;
    vt_profile profile = VT_PROFILE_WEB;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--json")) {
            as_json = true;
        } else if (!strcmp(a, "--profile") || !strncmp(a, "--profile=", 10)) {
            const char *p = a[9] == '=' ? a + 10 : (i + 1 < argc ? argv[++i] : NULL);
            if (!p) {
                vt_app_error("validate: --profile needs a value (web, mobile or planner)");
                usage(stderr);
                return 2;
            }
            if (!strcmp(p, "web"))
                profile = VT_PROFILE_WEB;
            else if (!strcmp(p, "mobile"))
                profile = VT_PROFILE_MOBILE;
            else if (!strcmp(p, "planner"))
                profile = VT_PROFILE_PLANNER;
            else {
                vt_app_error("validate: unknown profile '%s' (web, mobile or planner)", p);
                usage(stderr);
                return 2;
            }
        } else if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            usage(stdout);
            return 0;
        } else if (a[0] == '-' && a[1]) {
            vt_app_error("validate: unknown option '%s'", a);
            usage(stderr);
            return 2;
        } else if (file) {
            vt_app_error("validate: more than one FILE ('%s' and '%s')", file, a);
            usage(stderr);
            return 2;
        } else {
            file = a;
        }
    }
    if (!file) {
        vt_app_error("validate: no FILE given");
        usage(stderr);
        return 2;
    }
    vt_model *m = NULL;
    if (vt_model_load(file, NULL, &m) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        return 2;
    }
    vt_validation v;
    if (vt_model_validate(m, profile, &v) != VT_OK) {
        vt_app_error("%s", vt_last_error());
        vt_model_free(m);
        return 2;
    }
    uint32_t failed = 0;
    for (uint32_t i = 0; i < v.check_count; i++) failed += !v.checks[i].pass;
    if (as_json) {
        json_t *root = json_object();
        json_object_set_new(root, "file", jstr(file));
        json_object_set_new(root, "profile", json_string(vt_profile_name(profile)));
        json_object_set_new(root, "pass", json_boolean(v.pass));
        json_object_set_new(root, "failed", json_integer(failed));
        json_t *checks = json_array();
        for (uint32_t i = 0; i < v.check_count; i++) {
            const vt_check *c = &v.checks[i];
            json_array_append_new(checks,
                                  json_pack("{s:s,s:b,s:o,s:o}", "rule", c->rule, "pass", c->pass,
                                            "message", jstr(c->message), "fix", jstr(c->fix)));
        }
        json_object_set_new(root, "checks", checks);
        char *text = json_dumps(root, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        json_decref(root);
        if (text) puts(text);
        free(text);
    } else {
        printf("%s: %s profile\n", file, vt_profile_name(profile));
        for (uint32_t i = 0; i < v.check_count; i++) {
            const vt_check *c = &v.checks[i];
            printf("  %s  %-21s %s\n", c->pass ? "PASS" : "FAIL", c->rule, c->message);
            if (!c->pass && c->fix[0]) printf("        %-21s fix: %s\n", "", c->fix);
        }
        if (v.pass)
            printf("result: PASS (%u checks)\n", v.check_count);
        else
            printf("result: FAIL (%u of %u checks failed)\n", failed, v.check_count);
    }
    int rc = v.pass ? 0 : 1;
    vt_validation_free(&v);
    vt_model_free(m);
    return rc;
}
