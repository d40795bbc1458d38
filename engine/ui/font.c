/* Fonts: UTF-8 decoding, font search, metrics, and a glyph cache that
   rasterizes on first use into a growing R8 atlas packed in shelves. */
#include "ui/ui_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <math.h>
#include <stb_truetype.h>
#include <string.h>

enum { GLYPH_METRICS = 0, GLYPH_READY = 1, GLYPH_NO_ROOM = 2 };
enum { ATLAS_START = 512, ATLAS_MAX = 4096, GLYPH_PAD = 1 };
#define EMPTY_KEY UINT32_MAX

static const char *const font_candidates[] = {
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
};
static const char *const fallback_candidates[] = {
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
};
enum { NOTO_CJK_SC = 2 };

typedef struct face {
    unsigned char *data;
    stbtt_fontinfo info;
    float scale;
    bool loaded;
} face;

typedef struct shelf {
    uint32_t y, h, x;
} shelf;

struct vt_font {
    char path[1024];
    char fallback_path[1024];
    uint32_t fallback_index;
    bool fallback_tried;
    float pixel_size;
    float em_pixels;
    face faces[2];
    vt_font_metrics metrics;

    vt__glyph *glyphs; /* open addressing on codepoint, power-of-two capacity */
    uint32_t glyph_cap, glyph_count;

    uint8_t *atlas;
    uint32_t atlas_w, atlas_h;
    uint32_t dirty_y0, dirty_y1, generation;
    shelf *shelves;
    uint32_t shelf_count, shelf_cap, shelf_next_y;
    bool warned_full;
};

uint32_t vt_utf8_decode(const char **s) {
    const unsigned char *p = (const unsigned char *)*s;
    uint32_t c = p[0];
    if (c == 0) return 0;
    if (c < 0x80) {
        *s += 1;
        return c;
    }
    uint32_t n, min;
    if ((c & 0xE0) == 0xC0) {
        n = 1, min = 0x80, c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
        n = 2, min = 0x800, c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
        n = 3, min = 0x10000, c &= 0x07;
    } else {
        *s += 1;
        return 0xFFFD;
    }
    for (uint32_t i = 1; i <= n; i++) {
        if ((p[i] & 0xC0) != 0x80) { /* also stops at the NUL */
            *s += 1;
            return 0xFFFD;
        }
        c = (c << 6) | (p[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
        *s += 1;
        return 0xFFFD;
    }
    *s += n + 1;
    return c;
}

static vt_result face_load(face *fc, const char *path, uint32_t index) {
    void *data = NULL;
    size_t size = 0;
    vt_result r = vt_file_read(path, 256u << 20, &data, &size);
    if (r != VT_OK) return r;
    int offset = size >= 12 ? stbtt_GetFontOffsetForIndex(data, (int)index) : -1;
    if (offset < 0 || !stbtt_InitFont(&fc->info, data, offset)) {
        free(data);
        return vt__fail(VT_ERR_PARSE, "ui: %s: not a TrueType/OpenType font (or no face %u)", path,
                        index);
    }
    fc->data = data;
    fc->loaded = true;
    return VT_OK;
}

static void face_free(face *fc) {
    free(fc->data);
    memset(fc, 0, sizeof *fc);
}

/* Scales a face so that its em matches the primary face's em in pixels. */
static void face_match_em(face *fc, float em_pixels) {
    fc->scale = stbtt_ScaleForMappingEmToPixels(&fc->info, em_pixels);
}

static const char *search_font(char *tried, size_t tried_size) {
    const char *env = getenv("VITRINE_FONT");
    size_t used = 0;
    tried[0] = 0;
    if (env && env[0]) return env; /* a choice, not a hint: no silent fallback */
    for (size_t i = 0; i < VT_COUNTOF(font_candidates); i++) {
        if (vt_file_exists(font_candidates[i])) return font_candidates[i];
        if (used < tried_size)
            used += (size_t)snprintf(tried + used, tried_size - used, "%s%s", used ? ", " : "",
                                     font_candidates[i]);
    }
    return NULL;
}

static bool grow_glyphs(vt_font *f) {
    uint32_t cap = f->glyph_cap ? f->glyph_cap * 2 : 256;
    vt__glyph *g = malloc(cap * sizeof *g);
    if (!g) return false;
    for (uint32_t i = 0; i < cap; i++) g[i].codepoint = EMPTY_KEY;
    for (uint32_t i = 0; i < f->glyph_cap; i++) {
        if (f->glyphs[i].codepoint == EMPTY_KEY) continue;
        uint32_t h = (f->glyphs[i].codepoint * 2654435761u) & (cap - 1);
        while (g[h].codepoint != EMPTY_KEY) h = (h + 1) & (cap - 1);
        g[h] = f->glyphs[i];
    }
    free(f->glyphs);
    f->glyphs = g;
    f->glyph_cap = cap;
    return true;
}

vt_result vt_font_create(const vt_font_desc *desc, vt_font **out) {
    *out = NULL;
    vt_font_desc d = desc ? *desc : (vt_font_desc){0};
    if (!(d.pixel_size > 0)) d.pixel_size = 16;
    if (d.pixel_size > 512)
        return vt__fail(VT_ERR_LIMIT, "ui: font pixel size %g exceeds 512", (double)d.pixel_size);
    char tried[2048];
    const char *path = d.path;
    if (!path && !(path = search_font(tried, sizeof tried)))
        return vt__fail(VT_ERR_IO,
                        "ui: no font found (tried %s); install fonts-dejavu-core or set "
                        "VITRINE_FONT",
                        tried);
    vt_font *f = calloc(1, sizeof *f);
    if (!f) return vt__fail(VT_ERR_NOMEM, "ui: out of memory");
    snprintf(f->path, sizeof f->path, "%s", path);
    vt_result r = face_load(&f->faces[0], path, d.index);
    if (r != VT_OK) {
        vt_font_destroy(f);
        if (d.path) return r;
        char why[512];
        snprintf(why, sizeof why, "%s", vt_last_error());
        return vt__fail(r, "ui: the font %s (%s)",
                        path == getenv("VITRINE_FONT") ? "named by VITRINE_FONT" : "found", why);
    }
    if (d.fallback_path) {
        snprintf(f->fallback_path, sizeof f->fallback_path, "%s", d.fallback_path);
        f->fallback_index = d.fallback_index;
    } else {
        for (size_t i = 0; i < VT_COUNTOF(fallback_candidates); i++) {
            if (!strcmp(fallback_candidates[i], f->path) || !vt_file_exists(fallback_candidates[i]))
                continue;
            snprintf(f->fallback_path, sizeof f->fallback_path, "%s", fallback_candidates[i]);
            f->fallback_index = NOTO_CJK_SC;
            break;
        }
    }

    face *p = &f->faces[0];
    f->pixel_size = d.pixel_size;
    p->scale = stbtt_ScaleForPixelHeight(&p->info, d.pixel_size);
    f->em_pixels = p->scale / stbtt_ScaleForMappingEmToPixels(&p->info, 1.0f);
    int asc = 0, desc_ = 0, gap = 0;
    stbtt_GetFontVMetrics(&p->info, &asc, &desc_, &gap);
    f->metrics.ascent = roundf((float)asc * p->scale);
    f->metrics.descent = roundf((float)desc_ * p->scale);
    f->metrics.line_gap = roundf((float)gap * p->scale);
    f->metrics.line_height = f->metrics.ascent - f->metrics.descent + f->metrics.line_gap;

    f->atlas_w = f->atlas_h = ATLAS_START;
    f->atlas = calloc((size_t)f->atlas_w * f->atlas_h, 1);
    if (!f->atlas || !grow_glyphs(f)) {
        vt_font_destroy(f);
        return vt__fail(VT_ERR_NOMEM, "ui: out of memory");
    }
    f->dirty_y0 = 0;
    f->dirty_y1 = f->atlas_h;
    f->generation = 1;
    *out = f;
    return VT_OK;
}

void vt_font_destroy(vt_font *f) {
    if (!f) return;
    face_free(&f->faces[0]);
    face_free(&f->faces[1]);
    free(f->glyphs);
    free(f->atlas);
    free(f->shelves);
    free(f);
}

const char *vt_font_path(const vt_font *f) {
    return f->path;
}

vt_font_metrics vt_font_get_metrics(const vt_font *f) {
    return f->metrics;
}

/* The fallback face is read only when a codepoint the primary lacks is asked
   for: a CJK collection is tens of megabytes. */
static face *fallback_face(vt_font *f) {
    if (!f->fallback_tried) {
        f->fallback_tried = true;
        if (f->fallback_path[0]) {
            if (face_load(&f->faces[1], f->fallback_path, f->fallback_index) == VT_OK)
                face_match_em(&f->faces[1], f->em_pixels);
            else
                VT_LOGW("ui", "fallback font unusable: %s", vt_last_error());
        }
    }
    return f->faces[1].loaded ? &f->faces[1] : NULL;
}

static vt__glyph *find_slot(vt_font *f, uint32_t cp) {
    uint32_t h = (cp * 2654435761u) & (f->glyph_cap - 1);
    while (f->glyphs[h].codepoint != EMPTY_KEY && f->glyphs[h].codepoint != cp)
        h = (h + 1) & (f->glyph_cap - 1);
    return &f->glyphs[h];
}

static vt__glyph *lookup(vt_font *f, uint32_t cp) {
    vt__glyph *g = find_slot(f, cp);
    if (g->codepoint == cp) return g;
    if ((f->glyph_count + 1) * 2 > f->glyph_cap) {
        if (!grow_glyphs(f)) return NULL;
        g = find_slot(f, cp);
    }
    memset(g, 0, sizeof *g);
    g->codepoint = cp;
    g->face = 0;
    g->index = stbtt_FindGlyphIndex(&f->faces[0].info, (int)cp);
    if (g->index == 0 && cp >= 0x80) {
        face *fb = fallback_face(f);
        int i = fb ? stbtt_FindGlyphIndex(&fb->info, (int)cp) : 0;
        if (i) {
            g->face = 1;
            g->index = i;
        }
    }
    int adv = 0, lsb = 0;
    stbtt_GetGlyphHMetrics(&f->faces[g->face].info, g->index, &adv, &lsb);
    g->advance = (float)adv * f->faces[g->face].scale;
    f->glyph_count++;
    return g;
}

static bool atlas_resize(vt_font *f, uint32_t w, uint32_t h) {
    uint8_t *a = calloc((size_t)w * h, 1);
    if (!a) return false;
    for (uint32_t y = 0; y < f->atlas_h; y++)
        memcpy(a + (size_t)y * w, f->atlas + (size_t)y * f->atlas_w, f->atlas_w);
    free(f->atlas);
    f->atlas = a;
    f->atlas_w = w;
    f->atlas_h = h;
    f->dirty_y0 = 0;
    f->dirty_y1 = h;
    f->generation++;
    return true;
}

/* Shelf packing: the shortest shelf the glyph fits on without wasting more
   than a third of it, else a new shelf, else a bigger atlas (height first,
   then width), up to ATLAS_MAX square. */
static bool atlas_place(vt_font *f, uint32_t w, uint32_t h, uint32_t *x, uint32_t *y) {
    for (;;) {
        shelf *best = NULL;
        for (uint32_t i = 0; i < f->shelf_count; i++) {
            shelf *s = &f->shelves[i];
            if (s->h < h || s->h > h + h / 3 + 2 || s->x + w > f->atlas_w) continue;
            if (!best || s->h < best->h) best = s;
        }
        if (!best && f->shelf_next_y + h <= f->atlas_h && w <= f->atlas_w) {
            if (f->shelf_count == f->shelf_cap) {
                uint32_t cap = f->shelf_cap ? f->shelf_cap * 2 : 32;
                shelf *s = realloc(f->shelves, cap * sizeof *s);
                if (!s) return false;
                f->shelves = s;
                f->shelf_cap = cap;
            }
            best = &f->shelves[f->shelf_count++];
            *best = (shelf){.y = f->shelf_next_y, .h = h, .x = 0};
            f->shelf_next_y += h;
        }
        if (best) {
            *x = best->x;
            *y = best->y;
            best->x += w;
            return true;
        }
        if (f->atlas_h < f->atlas_w) {
            if (!atlas_resize(f, f->atlas_w, f->atlas_h * 2)) return false;
        } else if (f->atlas_w < ATLAS_MAX) {
            if (!atlas_resize(f, f->atlas_w * 2, f->atlas_h)) return false;
        } else {
            return false;
        }
    }
}

static void rasterize(vt_font *f, vt__glyph *g) {
    face *fc = &f->faces[g->face];
    /* No hinting in stb_truetype: shifting the outline so its left edge falls
       on a pixel boundary keeps the first stem of most glyphs (H, n, l, |)
       one solid column instead of two half-grey ones. */
    int bx0 = 0, by0 = 0, bx1 = 0, by1 = 0;
    float shift = 0, left = 0;
    if (stbtt_GetGlyphBox(&fc->info, g->index, &bx0, &by0, &bx1, &by1)) {
        left = (float)bx0 * fc->scale;
        shift = ceilf(left) - left;
    }
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    stbtt_GetGlyphBitmapBoxSubpixel(&fc->info, g->index, fc->scale, fc->scale, shift, 0, &x0, &y0,
                                    &x1, &y1);
    uint32_t w = (uint32_t)(x1 - x0), h = (uint32_t)(y1 - y0);
    g->left = left;
    g->xoff = (int16_t)(x0 - (int)ceilf(left));
    g->yoff = (int16_t)y0;
    if (w == 0 || h == 0 || stbtt_IsGlyphEmpty(&fc->info, g->index)) {
        g->state = GLYPH_READY;
        return;
    }
    uint32_t ax = 0, ay = 0;
    if (!atlas_place(f, w + GLYPH_PAD, h + GLYPH_PAD, &ax, &ay)) {
        if (!f->warned_full)
            VT_LOGW("ui", "glyph atlas full (%ux%u): U+%04X and later glyphs are not drawn",
                    f->atlas_w, f->atlas_h, g->codepoint);
        f->warned_full = true;
        g->state = GLYPH_NO_ROOM;
        return;
    }
    stbtt_MakeGlyphBitmapSubpixel(&fc->info, f->atlas + (size_t)ay * f->atlas_w + ax, (int)w,
                                  (int)h, (int)f->atlas_w, fc->scale, fc->scale, shift, 0,
                                  g->index);
    g->ax = (uint16_t)ax;
    g->ay = (uint16_t)ay;
    g->aw = (uint16_t)w;
    g->ah = (uint16_t)h;
    g->state = GLYPH_READY;
    if (f->dirty_y0 >= f->dirty_y1) f->dirty_y0 = f->dirty_y1 = ay;
    if (ay < f->dirty_y0) f->dirty_y0 = ay;
    if (ay + h > f->dirty_y1) f->dirty_y1 = ay + h;
}

bool vt__font_glyph(vt_font *f, uint32_t cp, bool raster, vt__glyph *out) {
    vt__glyph *g = lookup(f, cp);
    if (!g) {
        memset(out, 0, sizeof *out);
        return false;
    }
    if (raster && g->state == GLYPH_METRICS) rasterize(f, g);
    *out = *g;
    return !raster || g->state == GLYPH_READY;
}

float vt__font_kern(const vt_font *f, const vt__glyph *a, const vt__glyph *b) {
    if (a->face != b->face) return 0;
    const face *fc = &f->faces[a->face];
    return (float)stbtt_GetGlyphKernAdvance(&fc->info, a->index, b->index) * fc->scale;
}

bool vt_font_has_glyph(vt_font *f, uint32_t codepoint) {
    vt__glyph g;
    vt__font_glyph(f, codepoint, false, &g);
    return g.index != 0;
}

bool vt__text_next(vt__text_walk *w) {
    if (w->pending) {
        w->pen += w->glyph.advance;
        w->prev = w->glyph;
        w->has_prev = true;
        w->pending = false;
    }
    uint32_t cp;
    while ((cp = vt_utf8_decode(&w->text)) == '\n') {
        w->widest = fmaxf(w->widest, w->pen);
        w->pen = 0;
        w->y += w->line_height;
        w->has_prev = false;
    }
    if (cp == 0) {
        w->widest = fmaxf(w->widest, w->pen);
        return false;
    }
    w->drawable = vt__font_glyph(w->font, cp, w->raster, &w->glyph);
    if (w->has_prev) w->pen += vt__font_kern(w->font, &w->prev, &w->glyph);
    w->pending = true;
    return true;
}

float vt_font_text_width(vt_font *f, const char *utf8) {
    vt__text_walk w = {.font = f, .text = utf8};
    while (vt__text_next(&w)) continue;
    return w.widest;
}

void vt__font_atlas(const vt_font *f, vt__atlas_view *out) {
    *out = (vt__atlas_view){.pixels = f->atlas,
                            .width = f->atlas_w,
                            .height = f->atlas_h,
                            .dirty_y0 = f->dirty_y0,
                            .dirty_y1 = f->dirty_y1,
                            .generation = f->generation};
}

void vt__font_atlas_clean(vt_font *f) {
    f->dirty_y0 = f->dirty_y1 = 0;
}

/* ---- text into an image ------------------------------------------------ */

/* Walks utf8 at scale k of the font's own size, calling place() for each
   glyph with its pen position (origin of the glyph, baseline y). */
typedef struct text_layout {
    vt_font *f;
    float k;
    float ascent, line_height;
    float widest;
    uint32_t lines;
} text_layout;

typedef void (*place_fn)(void *ctx, const vt__glyph *g, float pen_x, float baseline);

static void layout_text(text_layout *l, const char *utf8, place_fn place, void *ctx) {
    float pen = 0, y = l->ascent;
    vt__glyph prev, g;
    bool has_prev = false;
    l->widest = 0;
    l->lines = 1;
    uint32_t cp;
    while ((cp = vt_utf8_decode(&utf8)) != 0) {
        if (cp == '\n') {
            l->widest = fmaxf(l->widest, pen);
            pen = 0;
            y += l->line_height;
            l->lines++;
            has_prev = false;
            continue;
        }
        vt__font_glyph(l->f, cp, false, &g);
        if (has_prev) pen += vt__font_kern(l->f, &prev, &g) * l->k;
        if (place) place(ctx, &g, pen, y);
        pen += g.advance * l->k;
        prev = g;
        has_prev = true;
    }
    l->widest = fmaxf(l->widest, pen);
}

typedef struct text_raster {
    vt_font *f;
    float k;
    float ox, oy;       /* image position of the layout's origin */
    int min_x, max_x;   /* extent of the glyph boxes in layout pixels (measure pass) */
    vt_text_image *img; /* NULL in the measure pass */
    uint8_t *scratch;
    size_t scratch_cap;
    bool nomem;
} text_raster;

static void glyph_box(const text_raster *t, const vt__glyph *g, float pen, int *x0, int *y0,
                      int *x1, int *y1, float *sub) {
    const face *fc = &t->f->faces[g->face];
    float s = fc->scale * t->k;
    float x = t->ox + pen;
    float ix = floorf(x);
    *sub = x - ix;
    stbtt_GetGlyphBitmapBoxSubpixel(&fc->info, g->index, s, s, *sub, 0, x0, y0, x1, y1);
    *x0 += (int)ix;
    *x1 += (int)ix;
}

static void place_glyph(void *ctx, const vt__glyph *g, float pen, float baseline) {
    text_raster *t = ctx;
    const face *fc = &t->f->faces[g->face];
    if (stbtt_IsGlyphEmpty(&fc->info, g->index)) return;
    int x0, y0, x1, y1;
    float sub;
    glyph_box(t, g, pen, &x0, &y0, &x1, &y1, &sub);
    if (x1 <= x0 || y1 <= y0) return;
    if (!t->img) {
        if (x0 < t->min_x) t->min_x = x0;
        if (x1 > t->max_x) t->max_x = x1;
        return;
    }
    size_t w = (size_t)(x1 - x0), h = (size_t)(y1 - y0);
    if (w * h > t->scratch_cap) {
        uint8_t *p = realloc(t->scratch, w * h);
        if (!p) {
            t->nomem = true;
            return;
        }
        t->scratch = p;
        t->scratch_cap = w * h;
    }
    float s = fc->scale * t->k;
    stbtt_MakeGlyphBitmapSubpixel(&fc->info, t->scratch, (int)w, (int)h, (int)w, s, s, sub, 0,
                                  g->index);
    /* Neighbouring boxes overlap (kerning, accents): keep the larger coverage. */
    int by = (int)lroundf(t->oy + baseline) + y0;
    vt_text_image *img = t->img;
    for (size_t r = 0; r < h; r++) {
        int yy = by + (int)r;
        if (yy < 0 || yy >= (int)img->height) continue;
        for (size_t c = 0; c < w; c++) {
            int xx = x0 + (int)c;
            if (xx < 0 || xx >= (int)img->width) continue;
            uint8_t v = t->scratch[r * w + c];
            uint8_t *d = &img->pixels[(size_t)yy * img->width + (size_t)xx];
            if (v > *d) *d = v;
        }
    }
}

vt_result vt_font_render_text(vt_font *f, const char *utf8, float pixel_size, vt_text_image *out) {
    VT_ASSERT(f && utf8 && out);
    memset(out, 0, sizeof *out);
    if (!(pixel_size > 0)) pixel_size = f->pixel_size;
    if (pixel_size > 1024)
        return vt__fail(VT_ERR_LIMIT, "ui: text pixel size %g exceeds 1024", (double)pixel_size);
    text_layout l = {.f = f, .k = pixel_size / f->pixel_size};
    const face *p = &f->faces[0];
    int asc = 0, desc = 0, gap = 0;
    stbtt_GetFontVMetrics(&p->info, &asc, &desc, &gap);
    float s = p->scale * l.k;
    l.ascent = ceilf((float)asc * s);
    float below = ceilf((float)-desc * s);
    l.line_height = l.ascent + below + roundf((float)gap * s);
    uint32_t margin = (uint32_t)ceilf(pixel_size * 0.125f);
    if (margin < 2) margin = 2;

    text_raster t = {.f = f, .k = l.k, .min_x = 0, .max_x = 0};
    layout_text(&l, utf8, place_glyph, &t); /* measure: widest line and glyph overhangs */
    float right = fmaxf(ceilf(l.widest), (float)t.max_x);
    float left = (float)(t.min_x < 0 ? -t.min_x : 0);
    double w = (double)left + right + 2.0 * margin;
    double h = (double)l.ascent + below + (double)(l.lines - 1) * l.line_height + 2.0 * margin;
    if (w > 16384 || h > 16384)
        return vt__fail(VT_ERR_LIMIT, "ui: text image of %.0fx%.0f pixels exceeds 16384", w, h);
    out->width = (uint32_t)w;
    out->height = (uint32_t)h;
    out->margin = margin;
    out->origin_x = (float)margin + left;
    out->baseline = (float)margin + l.ascent;
    out->line_height = l.line_height;
    out->text_width = l.widest;
    out->pixels = calloc((size_t)out->width * out->height, 1);
    if (!out->pixels) {
        memset(out, 0, sizeof *out);
        return vt__fail(VT_ERR_NOMEM, "ui: out of memory for a %ux%u text image", (uint32_t)w,
                        (uint32_t)h);
    }
    t.ox = (float)margin + left;
    t.oy = (float)margin;
    t.img = out;
    layout_text(&l, utf8, place_glyph, &t);
    free(t.scratch);
    if (t.nomem) {
        free(out->pixels);
        memset(out, 0, sizeof *out);
        return vt__fail(VT_ERR_NOMEM, "ui: out of memory rasterizing text");
    }
    return VT_OK;
}
