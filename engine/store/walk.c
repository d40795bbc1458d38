/* Walking: a circle on the floor against the room's walls (its rectangle) and
   the footprints of colliding fixtures and tall floor-standing products
   (oriented boxes). A move is cut into steps shorter than the radius, and
   after each step the circle is pushed out of whatever it overlaps: pushing
   along the contact normal keeps the tangential part of the motion, which is
   the slide along a wall, and short steps mean a thin obstacle is never
   jumped over (no tunnelling) however long the move. */
#include "store/world_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

/* Footprints whose box lies entirely above this (signs, shelves on a wall
   above head height) or below the ankle (rugs) do not block. */
#define BLOCK_BELOW 1.9f
#define BLOCK_ABOVE 0.05f
#define MAX_STEPS 8192u

void vt__world_add_obstacle(vt__world *w, const vt_aabb *b, const float pos[3], float yaw,
                            float scale) {
    if (vt_aabb_is_empty(b)) return;
    float y0 = pos[1] + b->min[1] * scale, y1 = pos[1] + b->max[1] * scale;
    if (y0 > BLOCK_BELOW || y1 < BLOCK_ABOVE) return;
    if (!vt__grow((void **)&w->obstacles, &w->obstacle_cap, (uint64_t)w->obstacle_count + 1,
                  sizeof *w->obstacles, 16))
        return;
    vt__obstacle *o = &w->obstacles[w->obstacle_count++];
    o->cs = cosf(yaw);
    o->sn = sinf(yaw);
    float lx = 0.5f * (b->min[0] + b->max[0]) * scale, lz = 0.5f * (b->min[2] + b->max[2]) * scale;
    /* yaw about +Y: (x, z) -> (x cos + z sin, -x sin + z cos) */
    o->c[0] = pos[0] + lx * o->cs + lz * o->sn;
    o->c[1] = pos[2] - lx * o->sn + lz * o->cs;
    o->half[0] = 0.5f * (b->max[0] - b->min[0]) * scale;
    o->half[1] = 0.5f * (b->max[2] - b->min[2]) * scale;
    float ex = fabsf(o->cs) * o->half[0] + fabsf(o->sn) * o->half[1];
    float ez = fabsf(o->sn) * o->half[0] + fabsf(o->cs) * o->half[1];
    o->lo[0] = o->c[0] - ex;
    o->hi[0] = o->c[0] + ex;
    o->lo[1] = o->c[1] - ez;
    o->hi[1] = o->c[1] + ez;
}

/* Pushes p (radius r) out of o; true if it moved. */
static bool push_out(const vt__obstacle *o, float r, float p[2]) {
    float dx = p[0] - o->c[0], dz = p[1] - o->c[1];
    /* into the box's frame: the inverse of the yaw */
    float q[2] = {dx * o->cs - dz * o->sn, dx * o->sn + dz * o->cs};
    float k[2] = {fmaxf(-o->half[0], fminf(o->half[0], q[0])),
                  fmaxf(-o->half[1], fminf(o->half[1], q[1]))};
    float ox = q[0] - k[0], oz = q[1] - k[1];
    float d2 = ox * ox + oz * oz;
    if (d2 >= r * r) return false;
    if (d2 > 1e-12f) {
        float d = sqrtf(d2);
        q[0] = k[0] + ox / d * r;
        q[1] = k[1] + oz / d * r;
    } else { /* centre inside: out through the nearest side */
        float px = o->half[0] - fabsf(q[0]), pz = o->half[1] - fabsf(q[1]);
        if (px < pz)
            q[0] = (q[0] < 0 ? -1.0f : 1.0f) * (o->half[0] + r);
        else
            q[1] = (q[1] < 0 ? -1.0f : 1.0f) * (o->half[1] + r);
    }
    p[0] = o->c[0] + q[0] * o->cs + q[1] * o->sn;
    p[1] = o->c[1] - q[0] * o->sn + q[1] * o->cs;
    return true;
}

static void clamp_room(const vt_store_room *room, float r, float p[2]) {
    float hx = 0.5f * room->width - r, hz = 0.5f * room->depth - r;
    p[0] = hx > 0 ? fmaxf(-hx, fminf(hx, p[0])) : 0.0f;
    p[1] = hz > 0 ? fmaxf(-hz, fminf(hz, p[1])) : 0.0f;
}

static void resolve(const vt__world *w, const uint32_t *near, uint32_t n, float r, float p[2]) {
    for (int iter = 0; iter < 4; iter++) {
        bool moved = false;
        for (uint32_t i = 0; i < n; i++) moved |= push_out(&w->obstacles[near[i]], r, p);
        clamp_room(&w->def->room, r, p);
        if (!moved) break;
    }
}

void vt__world_move(const vt__world *w, const float from[2], const float to[2], float r,
                    float out[2]) {
    if (!(r > 0)) r = 0.01f;
    float p[2] = {from[0], from[1]};
    float d[2] = {to[0] - from[0], to[1] - from[1]};
    if (!isfinite(d[0]) || !isfinite(d[1]) || !isfinite(p[0]) || !isfinite(p[1])) {
        out[0] = isfinite(from[0]) ? from[0] : 0;
        out[1] = isfinite(from[1]) ? from[1] : 0;
        return;
    }
    /* Only obstacles the swept circle can reach. */
    float m = 3.0f * r; /* pushes may carry the circle a little off the segment */
    float lo[2] = {fminf(from[0], to[0]) - m, fminf(from[1], to[1]) - m};
    float hi[2] = {fmaxf(from[0], to[0]) + m, fmaxf(from[1], to[1]) + m};
    uint32_t stack[64], *near = stack, n = 0;
    if (w->obstacle_count > VT_COUNTOF(stack)) {
        near = malloc(w->obstacle_count * sizeof *near);
        if (!near) near = stack; /* falls back to the first 64 */
    }
    uint32_t cap = near == stack ? (uint32_t)VT_COUNTOF(stack) : w->obstacle_count;
    for (uint32_t i = 0; i < w->obstacle_count && n < cap; i++) {
        const vt__obstacle *o = &w->obstacles[i];
        if (o->hi[0] < lo[0] || o->lo[0] > hi[0] || o->hi[1] < lo[1] || o->lo[1] > hi[1]) continue;
        near[n++] = i;
    }
    float len = sqrtf(d[0] * d[0] + d[1] * d[1]);
    /* Past twice the room's perimeter a straight push has long reached a wall
       or corner and slid as far as it can: the rest changes nothing. */
    float longest = 4.0f * (w->def->room.width + w->def->room.depth);
    if (len > longest) {
        d[0] *= longest / len;
        d[1] *= longest / len;
        len = longest;
    }
    uint32_t steps = (uint32_t)ceilf(len / (0.25f * r));
    if (steps < 1) steps = 1;
    if (steps > MAX_STEPS) steps = MAX_STEPS;
    resolve(w, near, n, r, p);
    for (uint32_t s = 0; s < steps; s++) {
        p[0] += d[0] / (float)steps;
        p[1] += d[1] / (float)steps;
        resolve(w, near, n, r, p);
    }
    if (near != stack) free(near);
    out[0] = p[0];
    out[1] = p[1];
}
