/* engine/store/json_loc.h — where a value sits in JSON text, for error messages.

   jansson reports line and column only for syntax errors; a loader that finds
   a wrong value in a parsed tree needs the value's place in the text to say
   "catalog.json:12:17: products[3].price.currency: ...". These functions scan
   the original text along a JSON path without building a tree. They never
   recurse, so hostile nesting costs nothing but time linear in the text.

   Lines and columns are 1-based; a column counts UTF-8 characters (code
   points), as jansson's own syntax errors do, so a line with "有机棉" before
   the value counts 3 columns for those 9 bytes. */
#ifndef VT_STORE_JSON_LOC_H
#define VT_STORE_JSON_LOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One step of a JSON path: an object key, or an array index when key is NULL. */
typedef struct vt__json_step {
    const char *key;
    uint32_t index;
} vt__json_step;

#define VT_JSON_PATH_MAX 16

typedef struct vt__json_loc {
    size_t offset; /* byte offset of the value (or of the deepest container found) */
    uint32_t line, column;
    uint32_t found; /* steps resolved; == step count when the whole path exists */
    bool complete;  /* the whole path exists */
} vt__json_loc;

/* Locates steps[0..count) in text. When a step is missing, the result is the
   place of the deepest value that exists (the object lacking the key). */
vt__json_loc vt__json_locate(const char *text, size_t len, const vt__json_step *steps,
                             uint32_t count);
/* From the value at byte `start`, follows steps without counting lines;
   returns the offset of the deepest value found, *found = steps resolved. */
size_t vt__json_walk(const char *text, size_t len, size_t start, const vt__json_step *steps,
                     uint32_t count, uint32_t *found);
/* Offset of the array element after the one at `offset`; (size_t)-1 at the end. */
size_t vt__json_next_element(const char *text, size_t len, size_t offset);
/* The same with a dotted path: "products[3].price.currency", "a[\"odd key\"]". */
vt__json_loc vt__json_locate_path(const char *text, size_t len, const char *path);
/* Line and column of a byte offset. */
void vt__json_line_col(const char *text, size_t len, size_t offset, uint32_t *line,
                       uint32_t *column);
/* Formats steps as a path ("products[3].price"); returns out. */
char *vt__json_path_format(const vt__json_step *steps, uint32_t count, char *out, size_t size);

/* Cheap guard run before the parser: nesting deeper than max_depth or more
   than max_values values are refused; *offset gets the place. */
typedef enum vt__json_scan_result {
    VT_JSON_SCAN_OK = 0,
    VT_JSON_SCAN_TOO_DEEP,
    VT_JSON_SCAN_TOO_MANY,
} vt__json_scan_result;
vt__json_scan_result vt__json_prescan(const char *text, size_t len, uint32_t max_depth,
                                      uint64_t max_values, size_t *offset);

#endif
