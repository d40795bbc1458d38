/* The demo catalog (products, their texts, prices and colour variants) and the
   writers of catalog.json / store.json (format: assets/demo/FORMAT.md). */
#ifndef VT_ASSETGEN_CATALOG_H
#define VT_ASSETGEN_CATALOG_H

#include "products.h"

#include <jansson.h>

typedef enum ag_sizes {
    AG_SIZES_NONE,
    AG_SIZES_APPAREL,
    AG_SIZES_DRESS,
    AG_SIZES_TROUSERS,
    AG_SIZES_SHOES
} ag_sizes;

/* A colour variant: the swatch `hex` recolours material `mat`; `mat2` (optional)
   gets `hex2` at the same time (e.g. the handles of a tote). */
typedef struct ag_variant {
    const char *suffix, *en, *zh, *hex, *mat, *mat2, *hex2;
} ag_variant;

typedef struct ag_product {
    const char *id, *kind;
    ag_gen_fn gen;
    int style;
    const char *brand, *price;
    const char *en, *zh, *desc_en, *desc_zh, *mat_en, *mat_zh;
    ag_sizes sizes;
    ag_variant v[4];
} ag_product;

extern const ag_product ag_products[];
extern const uint32_t ag_product_count;

/* {"en": en, "zh": zh} */
json_t *ag_text(const char *en, const char *zh);
/* Writes root to path (2-space indent, keys in insertion order, newline at the end). */
bool ag_json_write(json_t *root, const char *path);
/* The product's catalog entry, its model at models/<model>.glb. */
json_t *ag_product_json(const ag_product *p, const char *model, uint32_t max_variants);
/* The size labels of a size system, in order (at most cap); their count. */
uint32_t ag_size_names(ag_sizes s, const char **out, uint32_t cap);
/* garments.c: "garments/<id>.json" when the product has a garment; false if not. */
bool ag_garment_path(const char *product, char *out, size_t size);
/* Writes DIR/garments/<id>.json for every demo product that has a garment. */
bool ag_demo_garments(const char *dir);
/* Writes DIR/catalog.json (and the garments it names) for the demo. */
bool ag_demo_catalog(const char *dir);

/* Writes DIR/store.json; product_bounds[i] belongs to ag_products[i],
   fixture_bounds[f] to fixture f. */
bool ag_demo_store(const char *dir, const vt_aabb *product_bounds, const vt_aabb *fixture_bounds);

/* assetgen --stress N -o DIR */
int ag_stress(unsigned long n, const char *dir);

/* mkdir -p; on failure prints "assetgen: DIR: cannot create the folder (cause)". */
bool ag_mkdirs(const char *dir);

/* Generates one model file: DIR/NAME.glb; bounds out (may be NULL). */
bool ag_make(const char *dir, const char *name, ag_gen_fn gen, int style, vt_aabb *bounds);

#endif
