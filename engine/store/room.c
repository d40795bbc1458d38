/* The room as a model: floor, walls with window openings, glass, frames,
   skirting and ceiling (see room.h). */
#include "store/room.h"

#include "core/internal.h"
#include "store/def_internal.h"

#include <math.h>

enum { MAT_FLOOR, MAT_WALL, MAT_GLASS, MAT_FRAME, MAT_SKIRTING, MAT_CEILING, MAT_COUNT };

typedef struct builder {
    float *pos, *nrm, *uv;
    uint32_t *idx;
    uint32_t vcount, vcap, icount, icap;
    bool failed;
} builder;

static void sub3(const float *a, const float *b, float *o) {
    o[0] = a[0] - b[0];
    o[1] = a[1] - b[1];
    o[2] = a[2] - b[2];
}
static void cross3(const float *a, const float *b, float *o) {
    o[0] = a[1] * b[2] - a[2] * b[1];
    o[1] = a[2] * b[0] - a[0] * b[2];
    o[2] = a[0] * b[1] - a[1] * b[0];
}
static float dot3(const float *a, const float *b) {
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/* UVs in metres from the position, projected along the normal's main axis,
   so neighbouring quads of one surface continue their texture seamlessly. */
static void uv_of(const float *p, const float *n, float *uv) {
    float ax = fabsf(n[0]), ay = fabsf(n[1]), az = fabsf(n[2]);
    if (ay >= ax && ay >= az) {
        uv[0] = p[0];
        uv[1] = p[2];
    } else if (az >= ax) {
        uv[0] = n[2] > 0 ? p[0] : -p[0];
        uv[1] = -p[1];
    } else {
        uv[0] = n[0] > 0 ? -p[2] : p[2];
        uv[1] = -p[1];
    }
}

/* A quad of four corners (in order around it) facing n: wound so its
   geometric normal agrees with n. */
static void quad(builder *b, const float c[4][3], const float n[3]) {
    if (b->failed) return;
    if (!vt__grow((void **)&b->pos, &b->vcap, (uint64_t)b->vcount + 4, 3 * sizeof(float), 64)) {
        b->failed = true;
        return;
    }
    /* the three arrays grow together: the capacity of one is the others' */
    uint32_t cap = b->vcap;
    float *nn = realloc(b->nrm, (size_t)cap * 3 * sizeof(float));
    if (nn) b->nrm = nn;
    float *nu = nn ? realloc(b->uv, (size_t)cap * 2 * sizeof(float)) : NULL;
    if (nu) b->uv = nu;
    if (!nn || !nu ||
        !vt__grow((void **)&b->idx, &b->icap, (uint64_t)b->icount + 6, sizeof(uint32_t), 96)) {
        b->failed = true;
        return;
    }
    uint32_t v0 = b->vcount;
    for (int i = 0; i < 4; i++) {
        memcpy(&b->pos[(v0 + (uint32_t)i) * 3], c[i], 3 * sizeof(float));
        memcpy(&b->nrm[(v0 + (uint32_t)i) * 3], n, 3 * sizeof(float));
        uv_of(c[i], n, &b->uv[(v0 + (uint32_t)i) * 2]);
    }
    b->vcount += 4;
    float e1[3], e2[3], g[3];
    sub3(c[1], c[0], e1);
    sub3(c[2], c[0], e2);
    cross3(e1, e2, g);
    static const uint32_t ccw[6] = {0, 1, 2, 0, 2, 3}, cw[6] = {0, 2, 1, 0, 3, 2};
    const uint32_t *order = dot3(g, n) >= 0 ? ccw : cw;
    for (int i = 0; i < 6; i++) b->idx[b->icount++] = v0 + order[i];
}

/* A wall's frame: point = base + a * along + y * up + s * out. */
typedef struct wall_frame {
    float base[3], along[3], out[3];
    float length;
} wall_frame;

static wall_frame wall_of(const vt_store_room *r, uint32_t wall) {
    wall_frame f = {0};
    switch (wall) {
    case 0: /* north, -Z */
        f = (wall_frame){{0, 0, -r->depth / 2}, {1, 0, 0}, {0, 0, -1}, r->width};
        break;
    case 1: /* east, +X */
        f = (wall_frame){{r->width / 2, 0, 0}, {0, 0, 1}, {1, 0, 0}, r->depth};
        break;
    case 2: /* south, +Z */
        f = (wall_frame){{0, 0, r->depth / 2}, {1, 0, 0}, {0, 0, 1}, r->width};
        break;
    default: /* west, -X */
        f = (wall_frame){{-r->width / 2, 0, 0}, {0, 0, 1}, {-1, 0, 0}, r->depth};
        break;
    }
    return f;
}

static void wall_point(const wall_frame *f, float a, float y, float s, float *o) {
    for (int i = 0; i < 3; i++) o[i] = f->base[i] + a * f->along[i] + s * f->out[i];
    o[1] += y;
}

/* A rectangle in the wall frame at depth s (a0..a1, y0..y1) facing n. */
static void wall_rect(builder *b, const wall_frame *f, float a0, float a1, float y0, float y1,
                      float s, const float *n) {
    float c[4][3];
    wall_point(f, a0, y0, s, c[0]);
    wall_point(f, a1, y0, s, c[1]);
    wall_point(f, a1, y1, s, c[2]);
    wall_point(f, a0, y1, s, c[3]);
    quad(b, c, n);
}

/* A box in the wall frame; faces listed by bit: 1 front (into the room),
   2 back, 4 top, 8 bottom, 16 start (a0), 32 end (a1). */
static void wall_box(builder *b, const wall_frame *f, float a0, float a1, float y0, float y1,
                     float s0, float s1, unsigned faces) {
    float in[3] = {-f->out[0], -f->out[1], -f->out[2]};
    float up[3] = {0, 1, 0}, down[3] = {0, -1, 0};
    float neg_along[3] = {-f->along[0], -f->along[1], -f->along[2]};
    float c[4][3];
    if (faces & 1) wall_rect(b, f, a0, a1, y0, y1, s0, in);
    if (faces & 2) wall_rect(b, f, a0, a1, y0, y1, s1, f->out);
    if (faces & 4) {
        wall_point(f, a0, y1, s0, c[0]);
        wall_point(f, a1, y1, s0, c[1]);
        wall_point(f, a1, y1, s1, c[2]);
        wall_point(f, a0, y1, s1, c[3]);
        quad(b, c, up);
    }
    if (faces & 8) {
        wall_point(f, a0, y0, s0, c[0]);
        wall_point(f, a1, y0, s0, c[1]);
        wall_point(f, a1, y0, s1, c[2]);
        wall_point(f, a0, y0, s1, c[3]);
        quad(b, c, down);
    }
    for (int e = 0; e < 2; e++) {
        if (!(faces & (e ? 32u : 16u))) continue;
        float a = e ? a1 : a0;
        wall_point(f, a, y0, s0, c[0]);
        wall_point(f, a, y0, s1, c[1]);
        wall_point(f, a, y1, s1, c[2]);
        wall_point(f, a, y1, s0, c[3]);
        quad(b, c, e ? f->along : neg_along);
    }
}

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static uint32_t sorted_unique(float *v, uint32_t n) {
    qsort(v, n, sizeof *v, cmp_float);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!k || v[i] - v[k - 1] > 1e-5f) v[k++] = v[i];
    return k;
}

/* The wall as a grid cut at every window edge; cells inside a window are the
   openings and get no geometry. */
static void build_wall(builder *b, const vt_store_room *r, uint32_t wall) {
    wall_frame f = wall_of(r, wall);
    float xs[2 + 2 * 32], ys[2 + 2 * 32];
    uint32_t nx = 0, ny = 0;
    xs[nx++] = -f.length / 2;
    xs[nx++] = f.length / 2;
    ys[ny++] = 0;
    ys[ny++] = r->height;
    for (uint32_t i = 0; i < r->window_count && nx + 2 <= VT_COUNTOF(xs); i++) {
        const vt_store_window *w = &r->windows[i];
        if (w->wall != wall) continue;
        xs[nx++] = w->offset - w->width / 2;
        xs[nx++] = w->offset + w->width / 2;
        ys[ny++] = w->sill;
        ys[ny++] = w->sill + w->height;
    }
    nx = sorted_unique(xs, nx);
    ny = sorted_unique(ys, ny);
    float in[3] = {-f.out[0], -f.out[1], -f.out[2]};
    for (uint32_t i = 0; i + 1 < nx; i++) {
        for (uint32_t j = 0; j + 1 < ny; j++) {
            float ca = (xs[i] + xs[i + 1]) / 2, cy = (ys[j] + ys[j + 1]) / 2;
            bool open = false;
            for (uint32_t k = 0; k < r->window_count && !open; k++) {
                const vt_store_window *w = &r->windows[k];
                open = w->wall == wall && fabsf(ca - w->offset) < w->width / 2 && cy > w->sill &&
                       cy < w->sill + w->height;
            }
            if (!open) wall_rect(b, &f, xs[i], xs[i + 1], ys[j], ys[j + 1], 0, in);
        }
    }
}

static void build_window(builder *reveals, builder *glass, builder *frames, const vt_store_room *r,
                         const vt_store_window *w) {
    wall_frame f = wall_of(r, w->wall);
    const float t = VT_ROOM_WALL_THICKNESS;
    float a0 = w->offset - w->width / 2, a1 = w->offset + w->width / 2;
    float y0 = w->sill, y1 = w->sill + w->height;
    float neg_along[3] = {-f.along[0], -f.along[1], -f.along[2]};
    float up[3] = {0, 1, 0}, down[3] = {0, -1, 0};
    float in[3] = {-f.out[0], -f.out[1], -f.out[2]};
    float c[4][3];
    /* jambs face the opening's centre */
    for (int e = 0; e < 2; e++) {
        float a = e ? a1 : a0;
        wall_point(&f, a, y0, 0, c[0]);
        wall_point(&f, a, y0, t, c[1]);
        wall_point(&f, a, y1, t, c[2]);
        wall_point(&f, a, y1, 0, c[3]);
        quad(reveals, c, e ? neg_along : f.along);
    }
    for (int e = 0; e < 2; e++) {
        float y = e ? y1 : y0;
        wall_point(&f, a0, y, 0, c[0]);
        wall_point(&f, a1, y, 0, c[1]);
        wall_point(&f, a1, y, t, c[2]);
        wall_point(&f, a0, y, t, c[3]);
        quad(reveals, c, e ? down : up);
    }
    float sg = t * 0.5f;
    wall_rect(glass, &f, a0, a1, y0, y1, sg, in);
    /* slim frame around the glass, mullions every ~1.2 m */
    const float fw = 0.05f, fd = 0.03f;
    float s0 = sg - fd, s1 = sg + fd;
    wall_box(frames, &f, a0, a0 + fw, y0, y1, s0, s1, 1 | 32);
    wall_box(frames, &f, a1 - fw, a1, y0, y1, s0, s1, 1 | 16);
    wall_box(frames, &f, a0 + fw, a1 - fw, y1 - fw, y1, s0, s1, 1 | 8);
    wall_box(frames, &f, a0 + fw, a1 - fw, y0, y0 + fw, s0, s1, 1 | 4);
    int panes = (int)ceilf(w->width / 1.2f);
    for (int k = 1; k < panes; k++) {
        float a = a0 + w->width * (float)k / (float)panes;
        wall_box(frames, &f, a - 0.02f, a + 0.02f, y0 + fw, y1 - fw, s0 + 0.01f, s1 - 0.01f,
                 1 | 2 | 16 | 32);
    }
}

/* Skirting along the wall, broken where a window reaches below its top. */
static void build_skirting(builder *b, const vt_store_room *r, uint32_t wall) {
    wall_frame f = wall_of(r, wall);
    const float h = VT_ROOM_SKIRTING_HEIGHT, d = VT_ROOM_SKIRTING_DEPTH;
    /* walls along z stop at the boards of the walls along x */
    float inset = (wall % 2) ? d : 0;
    float start = -f.length / 2 + inset, end = f.length / 2 - inset;
    float gaps[64][2];
    uint32_t ng = 0;
    for (uint32_t i = 0; i < r->window_count && ng < 64; i++) {
        const vt_store_window *w = &r->windows[i];
        if (w->wall != wall || w->sill >= h) continue;
        gaps[ng][0] = w->offset - w->width / 2;
        gaps[ng][1] = w->offset + w->width / 2;
        ng++;
    }
    qsort(gaps, ng, sizeof gaps[0], cmp_float);
    float a = start;
    for (uint32_t i = 0; i <= ng; i++) {
        float stop = i < ng ? gaps[i][0] : end;
        if (stop - a > 1e-3f)
            wall_box(b, &f, a, stop, 0, h, -d, 0,
                     1 | 4 | (a > start ? 16u : 0u) | (i < ng ? 32u : 0u));
        if (i < ng && gaps[i][1] > a) a = gaps[i][1];
    }
}

static uint8_t to_byte(float v) {
    v = v < 0 ? 0 : v > 1 ? 1 : v;
    return (uint8_t)lrintf(v * 255.0f);
}

static uint32_t hash2(uint32_t x, uint32_t y, uint32_t seed) {
    uint32_t h = x * 0x8da6b343u ^ y * 0xd8163841u ^ seed * 0xcb1ab31fu;
    h ^= h >> 13;
    h *= 0x85ebca6bu;
    h ^= h >> 16;
    return h;
}

static float rand01(uint32_t x, uint32_t y, uint32_t seed) {
    return (float)(hash2(x, y, seed) & 0xFFFFFF) / (float)0xFFFFFF;
}

/* Value noise with period `period` cells, so the texture tiles. */
static float noise(float x, float y, uint32_t period, uint32_t seed) {
    float fx = floorf(x), fy = floorf(y);
    float tx = x - fx, ty = y - fy;
    tx = tx * tx * (3 - 2 * tx);
    ty = ty * ty * (3 - 2 * ty);
    uint32_t x0 = (uint32_t)((int)fx % (int)period + (int)period) % period;
    uint32_t y0 = (uint32_t)((int)fy % (int)period + (int)period) % period;
    uint32_t x1 = (x0 + 1) % period, y1 = (y0 + 1) % period;
    float a = rand01(x0, y0, seed), b = rand01(x1, y0, seed);
    float c = rand01(x0, y1, seed), d = rand01(x1, y1, seed);
    return (a + (b - a) * tx) * (1 - ty) + (c + (d - c) * tx) * ty;
}

#define TEX 512

/* Oak planks 0.18 m wide running along z, one staggered joint per plank row
   of the tile, gentle tone changes from plank to plank and flowing grain. */
static void paint_oak(uint8_t *px) {
    const int plank = TEX / 8;
    for (int y = 0; y < TEX; y++) {
        for (int x = 0; x < TEX; x++) {
            int col = x / plank, lx = x % plank;
            int joint = (int)(rand01((uint32_t)col, 7, 1) * TEX);
            int ly = (y - joint + TEX) % TEX;
            /* two boards per column per tile, the second's seam offset too */
            int seg = ly < TEX / 2 + (int)(rand01((uint32_t)col, 8, 1) * 64) - 32 ? 0 : 1;
            uint32_t board = (uint32_t)(col * 2 + seg);
            float tone = 0.88f + 0.12f * rand01(board, 1, 2);
            float warm = 0.97f + 0.03f * rand01(board, 2, 2);
            /* grain: stretched along the board, bent by low-frequency noise */
            float bend = noise((float)y / 64.0f, (float)board, 8, 3) * 6.0f;
            float gx = ((float)lx + bend) / 3.2f + (float)board * 1.7f;
            float grain = noise(gx, (float)y / 90.0f, 64, 4);
            float streak = powf(noise(gx * 0.5f, (float)y / 40.0f, 64, 6), 3.0f);
            float fine = noise((float)x / 1.5f, (float)y / 30.0f, TEX, 5);
            float v = tone * (0.92f + 0.07f * grain - 0.12f * streak + 0.03f * fine);
            if (lx == 0 || ly == 0 ||
                (seg == 1 &&
                 (y - joint + TEX) % TEX == TEX / 2 + (int)(rand01((uint32_t)col, 8, 1) * 64) - 32))
                v *= 0.6f;
            uint8_t *p = &px[(y * TEX + x) * 4];
            p[0] = to_byte(v);
            p[1] = to_byte(v * warm * 0.985f);
            p[2] = to_byte(v * warm * 0.95f);
            p[3] = 255;
        }
    }
}

/* Terrazzo: a pale matrix with marble chips of a few colours. */
static void paint_terrazzo(uint8_t *px) {
    static const float chips[5][3] = {
        {0.35f, 0.35f, 0.37f}, {0.95f, 0.93f, 0.90f}, {0.78f, 0.60f, 0.50f},
        {0.55f, 0.60f, 0.56f}, {0.20f, 0.20f, 0.22f},
    };
    const int cell = 12, cells = TEX / 12 + 1;
    for (int y = 0; y < TEX; y++) {
        for (int x = 0; x < TEX; x++) {
            float v = 0.93f + 0.05f * noise((float)x / 16, (float)y / 16, TEX / 16, 11);
            float c[3] = {v, v, v * 0.98f};
            int cx = x / cell, cy = y / cell;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int gx = cx + dx, gy = cy + dy;
                    uint32_t hx = (uint32_t)((gx % cells + cells) % cells);
                    uint32_t hy = (uint32_t)((gy % cells + cells) % cells);
                    if (rand01(hx, hy, 12) > 0.55f) continue;
                    float px0 = (float)(gx * cell) + rand01(hx, hy, 13) * (float)cell;
                    float py0 = (float)(gy * cell) + rand01(hx, hy, 14) * (float)cell;
                    float rad = 1.5f + 4.5f * rand01(hx, hy, 15) * rand01(hx, hy, 16);
                    float ddx = (float)x - px0, ddy = (float)y - py0;
                    if (ddx * ddx + ddy * ddy * 1.3f < rad * rad) {
                        const float *k = chips[hash2(hx, hy, 17) % 5];
                        memcpy(c, k, sizeof c);
                    }
                }
            }
            uint8_t *p = &px[(y * TEX + x) * 4];
            p[0] = to_byte(c[0]);
            p[1] = to_byte(c[1]);
            p[2] = to_byte(c[2]);
            p[3] = 255;
        }
    }
}

/* Polished concrete: soft cloudy mottling, pores, a saw-cut joint per tile. */
static void paint_concrete(uint8_t *px) {
    for (int y = 0; y < TEX; y++) {
        for (int x = 0; x < TEX; x++) {
            float fx = (float)x, fy = (float)y;
            float n = 0.5f * noise(fx / 64, fy / 64, TEX / 64, 21) +
                      0.3f * noise(fx / 16, fy / 16, TEX / 16, 22) +
                      0.2f * noise(fx / 4, fy / 4, TEX / 4, 23);
            float v = 0.84f + 0.16f * n;
            if (rand01((uint32_t)x, (uint32_t)y, 24) > 0.997f) v *= 0.7f;
            if (x == 0 || y == 0) v *= 0.6f;
            uint8_t *p = &px[(y * TEX + x) * 4];
            p[0] = p[1] = p[2] = to_byte(v);
            p[3] = 255;
        }
    }
}

static vt_material material(const char *name, const float *rgb, float alpha, float roughness) {
    vt_material m;
    memset(&m, 0, sizeof m);
    snprintf(m.name, sizeof m.name, "%s", name);
    for (int i = 0; i < 3; i++) m.base_color[i] = vt__store_srgb_to_linear(rgb[i]);
    m.base_color[3] = alpha;
    m.roughness = roughness;
    m.metallic = 0;
    m.normal_scale = 1;
    m.occlusion_strength = 1;
    m.emissive_strength = 1;
    m.alpha_cutoff = 0.5f;
    m.ior = 1.5f;
    vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    m.base_color_tex = m.metallic_roughness_tex = m.normal_tex = m.occlusion_tex = none;
    m.emissive_tex = m.clearcoat_tex = m.clearcoat_roughness_tex = none;
    m.clearcoat_normal_tex = m.sheen_color_tex = m.transmission_tex = none;
    return m;
}

static void builder_free(builder *b) {
    free(b->pos);
    free(b->nrm);
    free(b->uv);
    free(b->idx);
    memset(b, 0, sizeof *b);
}

vt_result vt__room_build(const vt_store_def *def, vt_model **out) {
    VT_ASSERT(def && out);
    *out = NULL;
    const vt_store_room *r = &def->room;
    if (!(r->width > 0 && r->depth > 0 && r->height > 0))
        return vt__fail(VT_ERR_INVALID, "%s: room has no size", def->path);
    static const char *const mesh_names[] = {"Floor",  "Walls",    "Reveals", "Glass",
                                             "Frames", "Skirting", "Ceiling"};
    static const uint32_t mesh_mats[] = {MAT_FLOOR, MAT_WALL,     MAT_WALL,   MAT_GLASS,
                                         MAT_FRAME, MAT_SKIRTING, MAT_CEILING};
    enum { B_FLOOR, B_WALLS, B_REVEALS, B_GLASS, B_FRAMES, B_SKIRTING, B_CEILING, B_COUNT };
    builder b[B_COUNT];
    memset(b, 0, sizeof b);

    float hw = r->width / 2, hd = r->depth / 2, h = r->height;
    const float floor_c[4][3] = {{-hw, 0, -hd}, {hw, 0, -hd}, {hw, 0, hd}, {-hw, 0, hd}};
    const float ceil_c[4][3] = {{-hw, h, -hd}, {hw, h, -hd}, {hw, h, hd}, {-hw, h, hd}};
    quad(&b[B_FLOOR], floor_c, (const float[3]){0, 1, 0});
    quad(&b[B_CEILING], ceil_c, (const float[3]){0, -1, 0});
    for (uint32_t wall = 0; wall < 4; wall++) {
        build_wall(&b[B_WALLS], r, wall);
        build_skirting(&b[B_SKIRTING], r, wall);
    }
    for (uint32_t i = 0; i < r->window_count; i++)
        build_window(&b[B_REVEALS], &b[B_GLASS], &b[B_FRAMES], r, &r->windows[i]);

    vt_model *m = calloc(1, sizeof *m);
    bool ok = m != NULL;
    for (int i = 0; i < B_COUNT; i++) ok = ok && !b[i].failed;
    if (ok) {
        snprintf(m->path, sizeof m->path, "%.500s#room", def->path);
        snprintf(m->format, sizeof m->format, "room");
        m->unit_scale = 1;
        m->bounds = vt_aabb_empty();
        m->materials = calloc(MAT_COUNT, sizeof *m->materials);
        m->meshes = calloc(B_COUNT, sizeof *m->meshes);
        m->nodes = calloc(1, sizeof *m->nodes);
        ok = m->materials && m->meshes && m->nodes;
    }
    if (ok) {
        m->node_count = 1;
        vt_model_node *n = &m->nodes[0];
        snprintf(n->name, sizeof n->name, "Room");
        n->parent = -1;
        n->light = -1;
        n->local.rotation[3] = 1;
        n->local.scale[0] = n->local.scale[1] = n->local.scale[2] = 1;
        n->meshes = calloc(B_COUNT, sizeof *n->meshes);
        ok = n->meshes != NULL;
    }
    /* the meshes take the builders' arrays */
    for (int i = 0; ok && i < B_COUNT; i++) {
        if (!b[i].icount) continue;
        vt_model_mesh *mm = &m->meshes[m->mesh_count];
        snprintf(mm->name, sizeof mm->name, "%s", mesh_names[i]);
        mm->material = mesh_mats[i];
        mm->data.vertex_count = b[i].vcount;
        mm->data.index_count = b[i].icount;
        mm->data.positions = b[i].pos;
        mm->data.normals = b[i].nrm;
        mm->data.uv0 = b[i].uv;
        mm->data.indices = b[i].idx;
        memset(&b[i], 0, sizeof b[i]);
        mm->bounds = vt_mesh_bounds(&mm->data);
        for (int k = 0; k < 3; k++) {
            m->bounds.min[k] = fminf(m->bounds.min[k], mm->bounds.min[k]);
            m->bounds.max[k] = fmaxf(m->bounds.max[k], mm->bounds.max[k]);
        }
        m->nodes[0].meshes[m->nodes[0].mesh_count++] = m->mesh_count++;
    }
    for (int i = 0; i < B_COUNT; i++) builder_free(&b[i]);
    if (!ok) {
        vt_model_free(m);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory building the room", def->path);
    }

    const float *fc = r->floor_color;
    const char *fm = r->floor_material;
    float floor_rough = !strcmp(fm, "oak") ? 0.68f : !strcmp(fm, "terrazzo") ? 0.3f : 0.75f;
    m->materials[MAT_FLOOR] = material("Floor", fc, 1, floor_rough);
    m->materials[MAT_WALL] = material("Wall", r->wall_color, 1, 0.92f);
    const float glass_c[3] = {0.86f, 0.93f, 0.97f}, frame_c[3] = {0.16f, 0.16f, 0.17f};
    m->materials[MAT_GLASS] = material("Glass", glass_c, 0.45f, 0.05f);
    m->materials[MAT_GLASS].alpha_mode = VT_ALPHA_BLEND;
    m->materials[MAT_GLASS].double_sided = true;
    /* Nothing stands outside: the glass glows like an overcast sky instead of
       showing the studio backdrop, which reads as grey cardboard. */
    const float sky[3] = {0.78f, 0.87f, 1.0f};
    memcpy(m->materials[MAT_GLASS].emissive, sky, sizeof sky);
    m->materials[MAT_GLASS].emissive_strength = 1.6f;
    m->materials[MAT_FRAME] = material("Frame", frame_c, 1, 0.45f);
    m->materials[MAT_FRAME].metallic = 0.6f;
    float skirt_c[3];
    for (int i = 0; i < 3; i++) skirt_c[i] = r->wall_color[i] * 0.96f;
    m->materials[MAT_SKIRTING] = material("Skirting", skirt_c, 1, 0.45f);
    const float ceil_col[3] = {0.95f, 0.95f, 0.94f};
    m->materials[MAT_CEILING] = material("Ceiling", ceil_col, 1, 0.95f);
    /* Image lighting has no bounce from the floor and walls, which would leave
       the ceiling a dark grey lid; a faint glow stands in for that light. */
    for (int i = 0; i < 3; i++) m->materials[MAT_CEILING].emissive[i] = 0.22f;
    m->material_count = MAT_COUNT;

    if (fm[0]) {
        m->images = calloc(1, sizeof *m->images);
        uint8_t *px = malloc((size_t)TEX * TEX * 4);
        if (!m->images || !px) {
            free(px);
            vt_model_free(m);
            return vt__fail(VT_ERR_NOMEM, "%s: out of memory building the room", def->path);
        }
        float tile;
        if (!strcmp(fm, "oak")) {
            paint_oak(px);
            tile = 1.44f; /* 8 planks of 18 cm */
        } else if (!strcmp(fm, "terrazzo")) {
            paint_terrazzo(px);
            tile = 1.0f;
        } else {
            paint_concrete(px);
            tile = 3.0f;
        }
        vt_image *img = &m->images[0];
        snprintf(img->name, sizeof img->name, "floor-%s", fm);
        img->width = img->height = TEX;
        img->channels = 3;
        img->pixels = px;
        m->image_count = 1;
        vt_texture_ref *t = &m->materials[MAT_FLOOR].base_color_tex;
        t->image = 0;
        t->scale[0] = t->scale[1] = 1.0f / tile;
    }
    *out = m;
    return VT_OK;
}
