#include "stage.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void apply_variant(vt_scene *s, uint32_t variant) {
    uint32_t n = vt_scene_cull(s, NULL, NULL, 0);
    vt_draw_item *items = malloc((n ? n : 1) * sizeof *items);
    if (!items) return;
    n = vt_scene_cull(s, NULL, items, n);
    for (uint32_t i = 0; i < n; i++) vt_node_set_variant(s, items[i].node, variant);
    free(items);
}

static vt_result stage_fail(vt_stage *st, vt_result r, const char *fmt, ...) {
    char msg[sizeof st->error];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vt_stage_free(st);
    snprintf(st->error, sizeof st->error, "%s", msg);
    return r;
}

vt_result vt_stage_load(vt_stage *st, vt_renderer *r, const char *path, const char *variant) {
    memset(st, 0, sizeof *st);
    vt_result res = vt_model_load(path, NULL, &st->model);
    if (res != VT_OK) return stage_fail(st, res, "%s", vt_last_error());
    int32_t vi = -1;
    if (variant) {
        vi = vt_model_find_variant(st->model, variant);
        if (vi < 0)
            return stage_fail(st, VT_ERR_INVALID,
                              "%s: no material variant named '%s' (the model has %u)", path,
                              variant, st->model->variant_count);
    }
    if ((res = vt_scene_create(&(vt_scene_desc){0}, &st->scene)) != VT_OK ||
        (res = vt_renderer_upload_model(r, st->model, &st->mesh_base)) != VT_OK ||
        (res = vt_model_instantiate(st->model, st->scene, (vt_node){0}, st->mesh_base, NULL)) !=
            VT_OK) {
        if (st->mesh_base) vt_renderer_release_model(r, st->mesh_base);
        return stage_fail(st, res, "%s: %s", path, vt_last_error());
    }
    vt_scene_update(st->scene);
    if (vi >= 0) {
        apply_variant(st->scene, (uint32_t)vi + 1);
        vt_scene_update(st->scene);
    }
    if (!vt_scene_bounds(st->scene, &st->bounds)) {
        vt_renderer_release_model(r, st->mesh_base);
        return stage_fail(st, VT_ERR_PARSE, "%s: the model has no visible geometry", path);
    }
    return VT_OK;
}

void vt_stage_free(vt_stage *st) {
    vt_scene_destroy(st->scene);
    vt_model_free(st->model);
    memset(st, 0, sizeof *st);
}

bool vt_parse_hex_color(const char *s, float out[3]) {
    if (!s || s[0] != '#' || strlen(s) != 7) return false;
    for (int i = 0; i < 3; i++) {
        char hex[3] = {s[1 + 2 * i], s[2 + 2 * i], 0};
        char *end = NULL;
        long v = strtol(hex, &end, 16);
        if (!end || *end) return false;
        out[i] = (float)v / 255.0f;
    }
    return true;
}
