/* vitrine validate FILE [--profile web|mobile|planner] [--json] */
#include "commands.h"
#include "options.h"
#include "vitrine/vitrine.h"

#include <jansson.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *usage_text =
    "usage: vitrine validate FILE [--profile web|mobile|planner] [--json]\n"
    "  Checks a model against 3D Commerce publishing budgets (Khronos glTF Asset\n"
    "  Auditor recommendations for web; stricter for mobile; larger for planner).\n"
    "  --profile P   web (default), mobile or planner\n"
    "  --json        one JSON object on stdout\n"
    "  Exit status: 0 every check passed, 1 a check failed, 2 unreadable file or bad\n"
    "  arguments.\n";

typedef struct validate_opts {
    bool as_json;
    vt_profile profile;
} validate_opts;

static int validate_option(vt_cli *c, void *opts, const char *a, const char *v) {
    validate_opts *o = opts;
    if (!strcmp(a, "--json")) {
        o->as_json = true;
        return VT_CLI_FLAG;
    }
    bool joined = !strncmp(a, "--profile=", 10);
    if (strcmp(a, "--profile") != 0 && !joined) return VT_CLI_UNKNOWN;
    const char *p = joined ? a + 10 : v;
    if (!p) return vt_cli_bad_usage(c, "--profile needs a value (web, mobile or planner)");
    if (!strcmp(p, "web"))
        o->profile = VT_PROFILE_WEB;
    else if (!strcmp(p, "mobile"))
        o->profile = VT_PROFILE_MOBILE;
    else if (!strcmp(p, "planner"))
        o->profile = VT_PROFILE_PLANNER;
    else
        return vt_cli_bad_usage(c, "unknown profile '%s' (web, mobile or planner)", p);
    return joined ? VT_CLI_FLAG : VT_CLI_VALUE;
}

int vt_cmd_validate(int argc, char **argv) {
    validate_opts o = {.profile = VT_PROFILE_WEB};
    vt_cli cli = {.name = "validate", .usage = usage_text, .file_only = true};
    int rc = vt_cli_parse(&cli, argc, argv, validate_option, &o);
    if (rc >= 0) return rc;
    const char *file = cli.input;
    bool as_json = o.as_json;
    vt_profile profile = o.profile;
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
        json_object_set_new(root, "file", vt_cli_json_string(file));
        json_object_set_new(root, "profile", json_string(vt_profile_name(profile)));
        json_object_set_new(root, "pass", json_boolean(v.pass));
        json_object_set_new(root, "failed", json_integer(failed));
        json_t *checks = json_array();
        for (uint32_t i = 0; i < v.check_count; i++) {
            const vt_check *c = &v.checks[i];
            json_array_append_new(checks,
                                  json_pack("{s:s,s:b,s:o,s:o}", "rule", c->rule, "pass", c->pass,
                                            "message", vt_cli_json_string(c->message), "fix",
                                            vt_cli_json_string(c->fix)));
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
    rc = v.pass ? 0 : 1;
    vt_validation_free(&v);
    vt_model_free(m);
    return rc;
}
