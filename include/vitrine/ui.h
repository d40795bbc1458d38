/* vitrine/ui.h — text and a 2D overlay drawn over the 3D view.

   What it does: vt_font loads a TrueType/OpenType font (stb_truetype), found
   at run time when no path is given, decodes UTF-8 and measures text; glyphs
   are rasterized on first use into a growing single-channel atlas, so any
   codepoint the font has (Latin, Greek, Cyrillic now, CJK titles later) can be
   drawn without baking a range up front. Codepoints the primary font lacks
   are looked up in a fallback font (Noto Sans CJK when installed), loaded the
   first time one is needed. vt_overlay batches rectangles (optionally with
   rounded corners) and text given in pixels, origin top left, y down, and
   draws them in one call with alpha blending into the framebuffer bound at
   vt_overlay_end(), restoring the GL state it changes.
   Written to the common subset of desktop GL 3.3 core and GLES 3.0.
   vt_font_render_text draws a string into an 8-bit coverage image (no GL).
   What it does not: no layout beyond lines ('\n'), no shaping (no ligatures,
   no right-to-left), no widgets; world-space panels come later.

   Threads: a vt_font may be used from any one thread at a time; a vt_overlay
   is created, used and destroyed on the thread whose GL context is current.

   Ownership: vt_font_create / vt_font_destroy and vt_overlay_create /
   vt_overlay_destroy come in pairs. Strings passed in are read during the
   call only. vt_overlay_font() is borrowed until vt_overlay_destroy().

   Colours: rgba are sRGB 0..1 with straight (not premultiplied) alpha; they
   are written as given, with no further encoding.

   Errors: VT_ERR_IO when no font is found or the file cannot be read (the
   message lists what was tried), VT_ERR_PARSE when it is not a font,
   VT_ERR_NO_GPU when no GL context is current, VT_ERR_GPU when the overlay
   shaders do not compile. Malformed UTF-8 never fails: each bad byte reads as
   U+FFFD.

   Font search (font path NULL): $VITRINE_FONT when set (then the only
   candidate), else DejaVu Sans, DejaVu Sans Mono, Liberation Sans, Noto Sans
   CJK under /usr/share/fonts.

   Example (once per frame, after the 3D view is drawn):
       vt_overlay *ui = NULL;
       if (vt_overlay_create(&(vt_overlay_desc){0}, &ui) != VT_OK)
           fprintf(stderr, "no overlay: %s\n", vt_last_error());
       ...
       static const float panel[4] = {0.05f, 0.05f, 0.06f, 0.7f};
       static const float white[4] = {1, 1, 1, 1};
       vt_overlay_begin(ui, width, height);
       vt_overlay_rect(ui, 10, 10, 200, 30, panel, 6);
       vt_overlay_text(ui, 20, 16, "chair.glb  12.3 ms", white);
       vt_overlay_end(ui);
       ...
       vt_overlay_destroy(ui);
*/
#ifndef VITRINE_UI_H
#define VITRINE_UI_H

#include "vitrine/base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Decodes the UTF-8 sequence at *s and advances *s past it. Returns 0 at the
   terminating NUL (without advancing), U+FFFD for a malformed, overlong,
   surrogate or truncated sequence (advancing one byte), else the codepoint. */
VT_API uint32_t vt_utf8_decode(const char **s);

typedef struct vt_font vt_font;

/* vt_font_desc: zero fields take defaults.
     .path            NULL: search (see above)
     .index           0: face index in a .ttc collection
     .pixel_size      16: line height in pixels (ascent - descent)
     .fallback_path   NULL: Noto Sans CJK if installed; "" = no fallback
     .fallback_index  2 with the default fallback (Noto Sans CJK SC), else 0 */
typedef struct vt_font_desc {
    const char *path;
    uint32_t index;
    float pixel_size;
    const char *fallback_path;
    uint32_t fallback_index;
} vt_font_desc;

/* Line metrics in pixels: ascent above the baseline (positive), descent below
   it (negative), line_height = ascent - descent + line_gap. */
typedef struct vt_font_metrics {
    float ascent, descent, line_gap, line_height;
} vt_font_metrics;

VT_API vt_result vt_font_create(const vt_font_desc *desc, vt_font **out);
VT_API void vt_font_destroy(vt_font *f);           /* NULL is fine */
VT_API const char *vt_font_path(const vt_font *f); /* the file in use, borrowed */
VT_API vt_font_metrics vt_font_get_metrics(const vt_font *f);
VT_API bool vt_font_has_glyph(vt_font *f, uint32_t codepoint); /* in the font or its fallback */

/* Width in pixels of the widest line of utf8 as vt_overlay_text draws it
   (advances and kerning; lines split at '\n'). Needs no GL. */
VT_API float vt_font_text_width(vt_font *f, const char *utf8);

/* Text rasterized into its own image, for text drawn as a texture in the 3D
   scene (signs, labels on shelves). */
typedef struct vt_text_image {
    uint8_t *pixels; /* width * height coverage bytes (0 = empty, 255 = inside a glyph), top
                        row first, rows tightly packed; the caller frees it with free() */
    uint32_t width, height;
    uint32_t margin;   /* empty pixels kept on every side (at least 2, pixel_size / 8) */
    float origin_x;    /* x of the pen at the start of each line */
    float baseline;    /* y of the first line's baseline, from the top */
    float line_height; /* distance between baselines */
    float text_width;  /* the widest line's advance, pixels */
} vt_text_image;

/* Rasterizes utf8 at pixel_size (line height ascent - descent in pixels; 0 =
   the font's own size) into a new 8-bit coverage image just large enough for
   it plus the margin: glyph outlines are drawn at the exact size (not scaled
   from the atlas), with the CJK fallback, kerning and '\n' line breaks as
   vt_font_text_width. Needs no GL and does not touch the glyph atlas. An
   empty string gives an empty image of one line's height. Errors:
   VT_ERR_LIMIT when pixel_size exceeds 1024 or the image 16384 pixels a side,
   VT_ERR_NOMEM; *out is then zeroed. Codepoints no face has draw as the
   primary font's missing-glyph box. */
VT_API vt_result vt_font_render_text(vt_font *f, const char *utf8, float pixel_size,
                                     vt_text_image *out);

typedef struct vt_overlay vt_overlay;

/* vt_overlay_desc: zero fields take defaults.
     .font_path     NULL: search (see above)
     .pixel_size    16 (before scale)
     .scale         1: multiplies pixel_size, e.g. 2 on a high-DPI display
     .shader_dir    NULL: $VITRINE_SHADER_DIR if set, else the embedded shaders */
typedef struct vt_overlay_desc {
    const char *font_path;
    float pixel_size;
    float scale;
    const char *shader_dir;
} vt_overlay_desc;

VT_API vt_result vt_overlay_create(const vt_overlay_desc *desc, vt_overlay **out);
VT_API void vt_overlay_destroy(vt_overlay *o); /* NULL is fine */
VT_API vt_font *vt_overlay_font(vt_overlay *o);

/* Starts a batch for a target of width x height pixels; forgets the last one. */
VT_API void vt_overlay_begin(vt_overlay *o, uint32_t width, uint32_t height);

/* A filled rectangle; radius > 0 rounds its corners (antialiased). */
VT_API void vt_overlay_rect(vt_overlay *o, float x, float y, float w, float h, const float rgba[4],
                            float radius);

/* Text whose first line box has its top left corner at x, y (the baseline is
   at y + ascent). '\n' starts a new line at x. Glyphs are snapped to whole
   pixels. Returns the width of the widest line, as vt_font_text_width. */
VT_API float vt_overlay_text(vt_overlay *o, float x, float y, const char *utf8,
                             const float rgba[4]);
VT_API float vt_overlay_text_width(vt_overlay *o, const char *utf8);
VT_API float vt_overlay_line_height(const vt_overlay *o);

/* Uploads new glyphs and draws the batch into the bound framebuffer, viewport
   0, 0, width, height. GL state it changes is restored. */
VT_API void vt_overlay_end(vt_overlay *o);

#ifdef __cplusplus
}
#endif
#endif
