/* engine/store/def_internal.h — shared by the store definition loader's files
   (def.c, catalog.c, jvalue.c), never installed.

   A vt__jctx walks a jansson tree while remembering the JSON path, so every
   failure can be written "FILE:LINE:COLUMN: PATH: cause" with the line and
   column found in the original text (json_loc.h). Helpers read one member of
   an object: they push its key, check type and range, and pop it again. */
#ifndef VT_STORE_DEF_INTERNAL_H
#define VT_STORE_DEF_INTERNAL_H

#include "core/internal.h"
#include "store/json_loc.h"
#include "vitrine/store.h"

#include <jansson.h>

#define VT_STORE_FILE_MAX ((size_t)64 << 20) /* bytes of one store or catalog file */
#define VT_STORE_JSON_DEPTH 32               /* our formats nest at most 7 deep */
#define VT_STORE_JSON_VALUES 8000000u        /* bounds jansson's memory to a few 100 MB */
#define VT_TEXT_MAX 4096                     /* bytes of one localised string */
#define VT_TEXT_LANGS 32                     /* languages in one text */

/* Locating a value scans the text from the start; anchors remember where
   array elements begin (the loops over products, placements ... set them
   with vt__janchor) so that reading a price's digits, or a message about
   products[900], costs a scan of one element, not of the whole file. */
typedef struct vt__janchor_rec {
    bool valid;
    uint32_t parent_serial, index;
    size_t offset;
} vt__janchor_rec;

typedef struct vt__jctx {
    const char *file; /* as named in messages */
    const char *text;
    size_t len;
    vt__json_step steps[VT_JSON_PATH_MAX];
    uint32_t depth;
    uint32_t serial[VT_JSON_PATH_MAX + 1]; /* per depth: changes whenever that step is pushed */
    uint32_t counter;
    vt__janchor_rec anchor[VT_JSON_PATH_MAX + 1]; /* [d]: the value at steps[0..d) */
} vt__jctx;

void vt__jpush_key(vt__jctx *c, const char *key);
void vt__jpush_index(vt__jctx *c, uint32_t index);
void vt__jpop(vt__jctx *c);
/* After pushing an array index: remembers where that element starts. */
void vt__janchor(vt__jctx *c);
/* "FILE:LINE:COLUMN: PATH: cause" at the current path; returns r. */
vt_result vt__jfail(vt__jctx *c, vt_result r, const char *fmt, ...) VT_PRINTF(3, 4);
/* The same for the member `key` of the current value (pushed and popped). */
vt_result vt__jfail_key(vt__jctx *c, const char *key, vt_result r, const char *fmt, ...)
    VT_PRINTF(4, 5);
/* The current path as text. */
char *vt__jpath(const vt__jctx *c, char *out, size_t size);
/* Byte offset of the value at the current path (for reading a number's digits). */
size_t vt__joffset(const vt__jctx *c);

/* Reads and parses a JSON file with the limits above; syntax errors come back
   as "FILE:LINE:COLUMN: cause". On success *text (malloc'd) and *root. */
vt_result vt__jload(const char *path, char **text, size_t *len, json_t **root);

/* Members of obj: required ones fail when absent; optional ones leave *out
   as it is. Numbers accept integers and reals and must lie in [min, max]. */
vt_result vt__jobject(vt__jctx *c, json_t *obj, const char *key, bool required, json_t **out);
vt_result vt__jarray(vt__jctx *c, json_t *obj, const char *key, bool required, size_t min,
                     size_t max, json_t **out);
vt_result vt__jnumber(vt__jctx *c, json_t *obj, const char *key, bool required, double min,
                      double max, float *out);
vt_result vt__jbool(vt__jctx *c, json_t *obj, const char *key, bool *out);
/* A string of min..cap-1 bytes without control characters. */
vt_result vt__jstring(vt__jctx *c, json_t *obj, const char *key, bool required, size_t min,
                      char *out, size_t cap);
/* An id: 1..63 bytes of [A-Za-z0-9._-]. */
vt_result vt__jid(vt__jctx *c, json_t *obj, const char *key, bool required, char *out);
/* An array of n numbers, each within [min, max]. */
vt_result vt__jvec(vt__jctx *c, json_t *obj, const char *key, bool required, uint32_t n, double min,
                   double max, float *out);
/* An angle in degrees (|a| <= 3600) stored in radians. */
vt_result vt__jangle(vt__jctx *c, json_t *obj, const char *key, float *out);
/* "#RRGGBB" or [r, g, b] (or [r, g, b, a] when alpha is given) in sRGB 0..1;
   stored as sRGB, or linear when linear is set. */
vt_result vt__jcolor(vt__jctx *c, json_t *obj, const char *key, bool required, bool linear,
                     float *out, float *alpha);
/* Localised text. */
vt_result vt__jtext(vt__jctx *c, json_t *obj, const char *key, bool required, vt_text *out);
/* A path relative to base_dir, resolved into out. */
vt_result vt__jpath_member(vt__jctx *c, json_t *obj, const char *key, bool required,
                           const char *base_dir, char *out, size_t cap);

void vt__text_free(vt_text *t);
float vt__store_srgb_to_linear(float c);

/* Open-addressing map of id -> index, for duplicate checks in big catalogs. */
typedef struct vt__idmap {
    const char **keys;
    uint32_t *values;
    uint32_t cap, count;
} vt__idmap;
bool vt__idmap_put(vt__idmap *m, const char *key, uint32_t value); /* false: out of memory */
uint32_t vt__idmap_get(const vt__idmap *m, const char *key);       /* UINT32_MAX if absent */
void vt__idmap_free(vt__idmap *m);

/* Lenient loads collect issues; append one line (copies it). */
bool vt__def_add_issue(vt_store_def *def, const char *line);

/* catalog.c: reads catalog.json into def (currency, products). dropped gets the
   ids of products left out in lenient mode (so placements naming them say so). */
vt_result vt__catalog_load(vt_store_def *def, const vt_store_def_desc *d, vt__idmap *dropped);
void vt__product_free(vt_product *p);

#endif
