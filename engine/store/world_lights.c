/* The store's lights as scene lights: a spot or directional light shines
   from its position at its target. */
#include "store/world_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

/* The rotation taking -Z (where a light shines) to unit direction d. */
static void look_quat(const float d[3], float q[4]) {
    const float a[3] = {0, 0, -1};
    float c = a[0] * d[0] + a[1] * d[1] + a[2] * d[2];
    if (c < -0.9999f) { /* opposite: half a turn about +Y */
        q[0] = q[2] = q[3] = 0;
        q[1] = 1;
        return;
    }
    float x[3] = {a[1] * d[2] - a[2] * d[1], a[2] * d[0] - a[0] * d[2], a[0] * d[1] - a[1] * d[0]};
    float s = sqrtf(2.0f * (1.0f + c));
    q[0] = x[0] / s;
    q[1] = x[1] / s;
    q[2] = x[2] / s;
    q[3] = 0.5f * s;
}

void vt__world_add_lights(vt__world *w) {
    const vt_store_def *def = w->def;
    for (uint32_t i = 0; i < def->light_count; i++) {
        const vt_store_light *sl = &def->lights[i];
        if (sl->type < VT_LIGHT_DIRECTIONAL || sl->type > VT_LIGHT_SPOT) continue;
        vt_node n = vt_node_create(w->scene, (vt_node){0});
        if (!n.id) return;
        vt_transform t = {.translation = {sl->position[0], sl->position[1], sl->position[2]},
                          .rotation = {0, 0, 0, 1},
                          .scale = {1, 1, 1}};
        float d[3] = {sl->target[0] - sl->position[0], sl->target[1] - sl->position[1],
                      sl->target[2] - sl->position[2]};
        float len = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        if (len > 1e-6f) {
            for (int k = 0; k < 3; k++) d[k] /= len;
            look_quat(d, t.rotation);
        } else if (sl->type != VT_LIGHT_POINT) {
            look_quat((float[3]){0, -1, 0}, t.rotation); /* no target: straight down */
        }
        vt_node_set_local(w->scene, n, &t);
        char name[32];
        snprintf(name, sizeof name, "light-%u", i);
        vt_node_set_name(w->scene, n, name);
        float cone = sl->cone > 0 ? sl->cone : 0.6f;
        vt_light l = {.type = (vt_light_type)sl->type,
                      .intensity = sl->intensity,
                      .inner_cone = 0.75f * cone,
                      .outer_cone = cone,
                      .cast_shadow = sl->cast_shadow};
        memcpy(l.color, sl->color, sizeof l.color);
        if (l.color[0] == 0 && l.color[1] == 0 && l.color[2] == 0)
            l.color[0] = l.color[1] = l.color[2] = 1;
        vt_node_set_light(w->scene, n, &l);
    }
}
