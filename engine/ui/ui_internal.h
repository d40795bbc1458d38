/* engine/ui/ui_internal.h — the glyph cache shared by the ui files, never installed. */
#ifndef VT_UI_INTERNAL_H
#define VT_UI_INTERNAL_H

#include "vitrine/ui.h"

/* One cached codepoint. Atlas coordinates are texels; the bitmap's top left
   corner sits at (round(pen_x + left) + xoff, baseline + yoff), y down: the
   outline was shifted so that its left edge (left pixels right of the pen)
   falls on a pixel boundary, and rounding where that edge lands keeps the
   spacing within half a pixel. */
typedef struct vt__glyph {
    uint32_t codepoint;
    int32_t index; /* glyph index in its face */
    uint8_t face;  /* 0 = primary, 1 = fallback */
    uint8_t state; /* GLYPH_* in font.c */
    uint16_t ax, ay, aw, ah;
    int16_t xoff, yoff;
    float advance;
    float left;
} vt__glyph;

/* Looks up (and caches) cp; with raster, also draws it into the atlas. Returns
   false only when raster was asked and the atlas is full (the glyph then
   draws as nothing). The copy stays valid; the cache may move. */
bool vt__font_glyph(vt_font *f, uint32_t cp, bool raster, vt__glyph *out);
float vt__font_kern(const vt_font *f, const vt__glyph *a, const vt__glyph *b);

/* Lays out UTF-8 text glyph by glyph, the same way for measuring and for
   drawing: kerning between neighbours on a line, and each '\n' starting a
   new line at pen 0, line_height further down. Set the inputs, then call
   vt__text_next until it returns false; widest then holds the widest line. */
typedef struct vt__text_walk {
    vt_font *font;
    const char *text; /* advanced as it is read */
    bool raster;      /* draw each glyph into the atlas as it is looked up */
    float y;          /* the current line's baseline; += line_height per '\n' */
    float line_height;
    /* after vt__text_next returns true: */
    vt__glyph glyph;
    bool drawable; /* vt__font_glyph's result for it */
    float pen;     /* x of the glyph's origin from the line's start, kerning applied */
    float widest;  /* the widest line so far; after the end, of all lines */
    /* private */
    vt__glyph prev;
    bool has_prev, pending;
} vt__text_walk;

bool vt__text_next(vt__text_walk *w);

/* The atlas as the overlay uploads it: R8, width x height, rows [dirty_y0,
   dirty_y1) changed since vt__font_atlas_clean; generation changes when the
   size does (the texture must then be re-created). */
typedef struct vt__atlas_view {
    const uint8_t *pixels;
    uint32_t width, height;
    uint32_t dirty_y0, dirty_y1;
    uint32_t generation;
} vt__atlas_view;

void vt__font_atlas(const vt_font *f, vt__atlas_view *out);
void vt__font_atlas_clean(vt_font *f);

#endif
