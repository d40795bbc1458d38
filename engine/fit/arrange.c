/* The start of a drape: panels wrapped around the body like a dressmaker
   holds them before sewing. Torso panels lie on an elliptic cylinder around
   the body whose half-perimeter is the panel's width (so side seams start
   closed where the garment is roomy enough), sleeves on cones around the
   arms, trouser legs around the legs; whatever would start inside the body
   is pushed out along the wrap's radius. Seams then pull the panels
   together during the drape. */
#include "core/internal.h"
#include "fit/garment_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define CLEARANCE 0.012f /* m between body and cloth at the start */
#define SLEEVE_OUT 0.03f /* m along the arm past the shoulder joint for the cap */
#define LIFT 0.05f       /* m above the neck base for the top of a top's panels */

/* Semi-axis a of an ellipse with b = k a and perimeter P (Ramanujan II). */
static float ellipse_a(float P, float k) {
    float h = (1 - k) * (1 - k) / ((1 + k) * (1 + k));
    float f = (float)M_PI * (1 + k) * (1 + 3 * h / (10 + sqrtf(4 - 3 * h)));
    return P / f;
}

/* The point at arc length s from the front (t = 0, +z) towards +x. */
static void ellipse_at(float a, float b, float s, float *x, float *z) {
    float sign = s < 0 ? -1.0f : 1.0f, want = fabsf(s), acc = 0, t = 0;
    const float dt = (float)M_PI / 512;
    float px = 0, pz = b;
    while (t < 2 * (float)M_PI) {
        float nt = t + dt, nx = a * sinf(nt), nz = b * cosf(nt);
        float l = hypotf(nx - px, nz - pz);
        if (acc + l >= want) {
            float f = l > 0 ? (want - acc) / l : 0;
            *x = sign * (px + f * (nx - px));
            *z = pz + f * (nz - pz);
            return;
        }
        acc += l, t = nt, px = nx, pz = nz;
    }
    *x = sign * px, *z = pz;
}

/* Panel width (m) along y = line, from its rest outline. */
static float rest_width(const vt_garment *g, const vt_panel *p, float line) {
    float lo = INFINITY, hi = -INFINITY;
    for (uint32_t k = 0; k < p->outline_count; k++) {
        uint32_t a = g->outline[p->outline_first + k];
        uint32_t b = g->outline[p->outline_first + (k + 1) % p->outline_count];
        float ya = g->rest[2 * a + 1], yb = g->rest[2 * b + 1];
        if ((ya - line) * (yb - line) > 0 || ya == yb) continue;
        float x = g->rest[2 * a] + (line - ya) / (yb - ya) * (g->rest[2 * b] - g->rest[2 * a]);
        lo = fminf(lo, x), hi = fmaxf(hi, x);
    }
    return hi > lo ? hi - lo : 0;
}

/* The x extent of a panel's rest outline along y = line. */
static void row_span(const vt_garment *g, const vt_panel *p, float line, float *lo, float *hi) {
    *lo = INFINITY, *hi = -INFINITY;
    for (uint32_t k = 0; k < p->outline_count; k++) {
        uint32_t a = g->outline[p->outline_first + k];
        uint32_t b = g->outline[p->outline_first + (k + 1) % p->outline_count];
        float ya = g->rest[2 * a + 1], yb = g->rest[2 * b + 1];
        if ((ya - line) * (yb - line) > 0 || ya == yb) continue;
        float x = g->rest[2 * a] + (line - ya) / (yb - ya) * (g->rest[2 * b] - g->rest[2 * a]);
        *lo = fminf(*lo, x), *hi = fmaxf(*hi, x);
    }
}

/* Moves p out along dir (unit, horizontal or radial) until the body is at
   least CLEARANCE away. */
static void push_out(const vt__sdf *sdf, float p[3], const float dir[3]) {
    for (int i = 0; i < 60 && vt__sdf_sample(sdf, p, NULL) < CLEARANCE; i++)
        for (int k = 0; k < 3; k++) p[k] += 0.005f * dir[k];
}

/* Centre z of the body's section at height y along x = 0 (its inside run). */
static float centre_z(const vt__sdf *sdf, float x, float y, float fallback) {
    float best_lo = 0, best_hi = 0, lo = 0;
    bool in = false;
    for (float z = -0.4f; z <= 0.4f; z += 0.004f) {
        float p[3] = {x, y, z};
        bool inside = vt__sdf_sample(sdf, p, NULL) < 0;
        if (inside && !in) lo = z;
        if (!inside && in && z - lo > best_hi - best_lo) best_lo = lo, best_hi = z;
        in = inside;
    }
    return best_hi > best_lo ? 0.5f * (best_lo + best_hi) : fallback;
}

/* A skirt's or trousers' waistband is held where it is put (see drape.c);
   one looser than the body is gathered to the body's waist (girth plus
   the start's clearance), like a belt, and the cloth widens back to its
   own girth over the next GATHER m below. Left at its own girth, a loose
   band would stand off the body as a stiff hoop. */
#define GATHER 0.10f
static float gathered(const vt_body *body, float girth, float below_top) {
    float cap = body->measured.waist_girth / 100 + 2 * (float)M_PI * CLEARANCE;
    if (girth <= cap || below_top >= GATHER) return girth;
    return girth - (girth - cap) * (1 - below_top / GATHER);
}

vt_result vt__arrange(vt_garment *g, const vt_body *body, const vt__sdf *sdf) {
    const vt_body_landmarks *L = &body->landmarks;
    float *pos = g->mesh.positions;
    /* Trousers: the waistband sits at the natural waist unless the rise
       (waist to crotch on the panels) is shorter than the body's, as with
       mid- and low-rise jeans; then it sits lower, the crotch seam 1 cm
       below the body's crotch, so that the cloth is not pulled up into it
       (the drape holds the band where it is put). */
    float trouser_top = L->waist_y + 0.015f;
    if (g->kind == VT_GARMENT_TROUSERS)
        for (uint32_t pi = 0; pi < g->panel_count; pi++) {
            const vt_panel *pn = &g->panels[pi];
            float H = 0;
            for (uint32_t v = 0; v < pn->vertex_count; v++)
                H = fmaxf(H, g->rest[2 * (pn->first_vertex + v) + 1]);
            float rise = H - g->chart[VT_REGION_INSEAM] / 100;
            trouser_top = fminf(trouser_top, L->crotch_y - 0.03f + rise);
        }
    for (uint32_t pi = 0; pi < g->panel_count; pi++) {
        const vt_panel *pn = &g->panels[pi];
        float H = 0;
        for (uint32_t v = 0; v < pn->vertex_count; v++)
            H = fmaxf(H, g->rest[2 * (pn->first_vertex + v) + 1]);
        bool waist_down = g->kind == VT_GARMENT_SKIRT || g->kind == VT_GARMENT_TROUSERS;
        /* tops start high enough that their shoulder seams close above the
           shoulders, then settle onto them */
        float top = g->kind == VT_GARMENT_TROUSERS ? trouser_top
                    : waist_down                   ? L->waist_y + 0.015f
                                                   : L->neck_y + LIFT;
        bool sleeve = strstr(pn->name, "sleeve") != NULL;
        bool leg = g->kind == VT_GARMENT_TROUSERS;
        bool back = strstr(pn->name, "back") != NULL;
        bool right = strstr(pn->name, "right") != NULL;
        /* the widest girth of the torso panels above the chest line keeps
           the wrap clear of the shoulders and arms */
        float chest_w =
            pn->has_line[VT_REGION_CHEST] ? rest_width(g, pn, pn->line_y[VT_REGION_CHEST]) : 0;
        float sleeve_bw = 0, sleeve_ua = 0;
        for (uint32_t v = 0; v < pn->vertex_count; v++) {
            uint32_t id = pn->first_vertex + v;
            if (2 * fabsf(g->rest[2 * id]) > sleeve_bw)
                sleeve_bw = 2 * fabsf(g->rest[2 * id]), sleeve_ua = g->rest[2 * id + 1];
        }
        float *dirs = malloc((size_t)pn->vertex_count * 3 * sizeof *dirs);
        if (!dirs) return vt__fail(VT_ERR_NOMEM, "garment: out of memory");
        for (uint32_t v = 0; v < pn->vertex_count; v++) {
            uint32_t id = pn->first_vertex + v;
            float x = g->rest[2 * id], y = g->rest[2 * id + 1];
            float *p = pos + 3 * id, dir[3];
            if (sleeve) {
                const float *S =
                    body->joints[right ? VT_JOINT_RIGHT_UPPER_ARM : VT_JOINT_LEFT_UPPER_ARM]
                        .position;
                const float *E =
                    body->joints[right ? VT_JOINT_RIGHT_LOWER_ARM : VT_JOINT_LEFT_LOWER_ARM]
                        .position;
                float d[3] = {E[0] - S[0], E[1] - S[1], E[2] - S[2]};
                float dl = sqrtf(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
                for (int k = 0; k < 3; k++) d[k] /= dl;
                float u[3] = {-d[1] * d[0], 1 - d[1] * d[1], -d[1] * d[2]}; /* up minus along */
                float ul = sqrtf(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
                for (int k = 0; k < 3; k++) u[k] /= ul;
                float w[3] = {d[1] * u[2] - d[2] * u[1], d[2] * u[0] - d[0] * u[2],
                              d[0] * u[1] - d[1] * u[0]};
                if (w[2] < 0)
                    for (int k = 0; k < 3; k++) w[k] = -w[k]; /* x > 0 goes to the front */
                /* the cap is the top of the sleeve's circle: above the
                   underarm the angle is measured against the full width */
                float width = y >= sleeve_ua ? sleeve_bw : rest_width(g, pn, y);
                if (width <= 0) width = sleeve_bw;
                float psi = 2 * (float)M_PI * x / width;
                float R = width / (2 * (float)M_PI);
                float s = H - y + SLEEVE_OUT;
                for (int k = 0; k < 3; k++) {
                    dir[k] = u[k] * cosf(psi) + w[k] * sinf(psi);
                    p[k] = S[k] + d[k] * s + R * dir[k];
                }
                p[1] += LIFT;
            } else if (leg) {
                /* above the crotch the four panels wrap the pelvis like a
                   skirt (2D x is the arc from the centre line); below it
                   each leg's front and back halves wrap that leg */
                int hipj = right ? VT_JOINT_RIGHT_UPPER_LEG : VT_JOINT_LEFT_UPPER_LEG;
                float lx = body->joints[hipj].position[0];
                float y3 = top - (H - y);
                /* below the ankle the legs start gathered above it: a hem
                   that reaches the floor would start inside the foot, be
                   pushed out a hand's breadth in front of the toes, and
                   pulled back through the foot by its neighbours */
                float ankle = body->joints[VT_JOINT_LEFT_FOOT].position[1] + 0.04f;
                if (y3 < ankle) y3 = ankle + (y3 - ankle) * 0.25f;
                float crotch2d = g->chart[VT_REGION_INSEAM] / 100;
                if (y >= crotch2d) {
                    /* each panel is a quarter of the row's girth: the waist
                       row starts at the waist's size, not the hip's */
                    float lo, hi;
                    row_span(g, pn, y, &lo, &hi);
                    float hipw = g->chart[VT_REGION_HIP] / 100;
                    float girth = hi > lo ? fminf(4 * (hi - lo), hipw) : hipw;
                    float held = gathered(body, girth, H - y);
                    float a = ellipse_a(held, 0.72f), b = 0.72f * a;
                    float cz = centre_z(sdf, 0, fmaxf(y3, L->crotch_y + 0.03f), 0);
                    float ex, ez;
                    ellipse_at(a, b, x * held / girth, &ex, &ez);
                    p[0] = back ? -ex : ex;
                    p[1] = y3;
                    p[2] = cz + (back ? -ez : ez);
                    float l = hypotf(p[0], p[2] - cz);
                    dir[0] = p[0] / l, dir[1] = 0, dir[2] = (p[2] - cz) / l;
                } else {
                    float lo, hi;
                    row_span(g, pn, y, &lo, &hi);
                    float w = hi > lo ? hi - lo : 0.1f, xm = 0.5f * (lo + hi);
                    float R = w / (float)M_PI, a = (x - xm) / R;
                    float cz = centre_z(sdf, lx, fminf(y3, L->crotch_y - 0.03f), 0);
                    float sx = sinf(a), cx = cosf(a);
                    p[0] = lx + (back ? -R * sx : R * sx);
                    p[1] = y3;
                    p[2] = cz + (back ? -R * cx : R * cx);
                    dir[0] = back ? -sx : sx, dir[1] = 0, dir[2] = back ? -cx : cx;
                }
            } else {
                float y3 = top - (H - y);
                float wy = rest_width(g, pn, y);
                if (y > pn->line_y[VT_REGION_CHEST] && chest_w > 0) wy = chest_w;
                if (wy <= 0) wy = chest_w > 0 ? chest_w : 0.4f;
                float held = waist_down ? gathered(body, 2 * wy, H - y) : 2 * wy;
                float a = ellipse_a(held, 0.72f), b = 0.72f * a;
                float cz = centre_z(sdf, 0, fminf(y3, L->neck_y - 0.02f), 0);
                float ex, ez;
                ellipse_at(a, b, x * held / (2 * wy), &ex, &ez);
                p[0] = back ? -ex : ex;
                p[1] = y3;
                p[2] = cz + (back ? -ez : ez);
                float l = hypotf(p[0], p[2] - cz);
                dir[0] = p[0] / l, dir[1] = 0, dir[2] = (p[2] - cz) / l;
            }
            push_out(sdf, p, dir);
            memcpy(dirs + 3 * v, dir, sizeof dir);
        }
        /* outward winding: flip the panel's triangles if they face in */
        double facing = 0;
        uint32_t *ix = g->mesh.indices + pn->first_index;
        for (uint32_t t = 0; t < pn->index_count; t += 3) {
            const float *a = pos + 3 * ix[t], *b = pos + 3 * ix[t + 1], *c = pos + 3 * ix[t + 2];
            float e1[3] = {b[0] - a[0], b[1] - a[1], b[2] - a[2]};
            float e2[3] = {c[0] - a[0], c[1] - a[1], c[2] - a[2]};
            float n[3] = {e1[1] * e2[2] - e1[2] * e2[1], e1[2] * e2[0] - e1[0] * e2[2],
                          e1[0] * e2[1] - e1[1] * e2[0]};
            const float *o = dirs + 3 * (ix[t] - pn->first_vertex);
            facing += (double)(n[0] * o[0] + n[1] * o[1] + n[2] * o[2]);
        }
        free(dirs);
        if (facing < 0)
            for (uint32_t t = 0; t < pn->index_count; t += 3) {
                uint32_t tmp = ix[t + 1];
                ix[t + 1] = ix[t + 2];
                ix[t + 2] = tmp;
            }
    }
    return vt_mesh_compute_normals(&g->mesh);
}

vt_result vt_garment_arrange(vt_garment *g, const vt_body *body) {
    VT_ASSERT(g && body);
    vt__sdf sdf;
    vt_result r = vt__sdf_build(&sdf, &body->mesh, -INFINITY, INFINITY, 0.01f, NULL);
    if (r != VT_OK) return r;
    r = vt__arrange(g, body, &sdf);
    vt__sdf_free(&sdf);
    return r;
}
