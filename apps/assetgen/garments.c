/* The demo catalog's garments: one garment.json per garment product (format:
   include/vitrine/fit.h), so the store's fitting room can drape every one.

   Charts use the catalog's own size names. Girths are garment measurements
   (cm, flat width doubled) built on published body tables plus the ease each
   cut wants:
   - tops XS..XL on unisex chest girths 83, 89, 96, 104, 112 cm (the
     neutral bodies in assets/bodies);
   - dresses 34..42 on the EN 13402-3 women's table, bust 80..96, waist
     64..80, hip 88..104 cm in steps of 4;
   - trousers 44..54 on the German men's table, waist 78..98, hip 94..114 cm
     in steps of 4.
   Fabrics follow each product's material (presets of engine/fit/garment_json.c
   with the weight of the cloth named in the description). */
#include "catalog.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { G_CHEST, G_WAIST, G_HIP, G_LENGTH, G_SLEEVE, G_INSEAM, G_COUNT };
static const char *const region_name[G_COUNT] = {"chest",  "waist",         "hip",
                                                 "length", "sleeve_length", "inseam"};

typedef struct ag_garment {
    const char *product; /* catalog id */
    const char *name, *kind;
    float cm[G_COUNT][6]; /* per size; a region with 0 in the first size is absent */
    float ease[G_COUNT][2];
    bool scored[G_COUNT];
    const char *preset;
    float weight;          /* g/m^2; 0 = the preset's */
    float comfort_stretch; /* %; 0 = the preset's */
} ag_garment;

#define NO                                                                                         \
    { 0 }
static const ag_garment garments[] = {
    /* a regular crew tee: 8 cm over the chest */
    {"tee-organic",
     "organic crew tee",
     "tshirt",
     {{91, 97, 104, 112, 120}, NO, NO, {66, 68.5, 71, 73.5, 76}, {19, 20, 21, 22, 23}, NO},
     {{2, 14}},
     {true},
     "cotton_jersey",
     180,
     0},
    /* boxy with a dropped shoulder: 16 cm over the chest, longer sleeve */
    {"tee-heavy-pocket",
     "boxy heavyweight tee",
     "tshirt",
     {{99, 105, 112, 120, 128}, NO, NO, {66, 68, 70, 72, 74}, {21, 22, 23, 24, 25}, NO},
     {{8, 24}},
     {true},
     "cotton_jersey",
     260,
     0},
    /* a close merino base layer: a little under the body, the knit gives */
    {"merino-long-sleeve",
     "merino base layer",
     "long_sleeve_shirt",
     {{82, 88, 95, 103, 111},
      {72, 78, 85, 93, 101},
      NO,
      {64, 66, 68, 70, 72},
      {58, 59.5, 61, 62.5, 64},
      NO},
     {{-6, 4}, {-4, 10}, {0}, {0}, {-2, 6}},
     {true, true, false, false, true},
     "knit_elastane",
     200,
     0},
    /* an overshirt worn open over a tee: roomy */
    {"overshirt-twill",
     "twill overshirt",
     "long_sleeve_shirt",
     {{104, 110, 117, 125, 133},
      {100, 106, 113, 121, 129},
      NO,
      {72, 74, 76, 78, 80},
      {61, 62.5, 64, 65.5, 67},
      NO},
     {{12, 26}, {14, 34}, {0}, {0}, {0, 8}},
     {true, true, false, false, true},
     "denim",
     280,
     0},
    /* softly fitted: 8 cm at bust, waist and hip */
    {"dress-linen-midi",
     "linen midi dress",
     "dress",
     {{88, 92, 96, 100, 104},
      {72, 76, 80, 84, 88},
      {96, 100, 104, 108, 112},
      {114, 115, 116, 117, 118},
      {9, 9.5, 10, 10.5, 11},
      NO},
     {{4, 12}, {4, 14}, {4, 12}},
     {true, true, true},
     "woven_cotton",
     185,
     0},
    /* bias-cut silk skims the body */
    {"dress-silk-slip",
     "bias-cut slip dress",
     "dress",
     {{84, 88, 92, 96, 100},
      {74, 78, 82, 86, 90},
      {94, 98, 102, 106, 110},
      {108, 109, 110, 111, 112},
      NO,
      NO},
     {{2, 8}, {4, 16}, {3, 10}},
     {true, true, true},
     "silk",
     0,
     12}, /* cut on the bias, a woven silk gives about four times its straight grain */
    /* high-rise, single pleats: close waist, room over the hip */
    {"trousers-wool-pleat",
     "pleated wool trousers",
     "trousers",
     {NO,
      {80, 84, 88, 92, 96, 100},
      {104, 108, 112, 116, 120, 124},
      {104, 105, 106, 107, 108, 109},
      NO,
      {79, 80, 81, 82, 82, 83}},
     {{0}, {0, 5}, {4, 14}, {0}, {0}, {-4, 6}},
     {false, true, true, false, false, true},
     "woven_cotton",
     260,
     6},
    /* drawstring waist, wide legs */
    {"trousers-linen-wide",
     "wide linen trousers",
     "trousers",
     {NO,
      {80, 84, 88, 92, 96, 100},
      {108, 112, 116, 120, 124, 128},
      {102, 103, 104, 105, 106, 107},
      NO,
      {77, 78, 79, 80, 80, 81}},
     {{0}, {-2, 10}, {8, 24}, {0}, {0}, {-6, 6}},
     {false, true, true, false, false, true},
     "woven_cotton",
     190,
     0},
};

static const ag_garment *find(const char *product) {
    for (size_t i = 0; i < AG_COUNT(garments); i++)
        if (!strcmp(garments[i].product, product)) return &garments[i];
    return NULL;
}

bool ag_garment_path(const char *product, char *out, size_t size) {
    if (!find(product)) return false;
    snprintf(out, size, "garments/%s.json", product);
    return true;
}

/* Whole numbers print as integers ("96", not "96.0"), as people write charts. */
static json_t *number(float v) {
    return v == floorf(v) ? json_integer((json_int_t)v) : json_real(v);
}

static json_t *garment_json(const ag_garment *g, const char *const *size_names, uint32_t n) {
    json_t *sizes = json_array();
    for (uint32_t i = 0; i < n; i++) {
        json_t *s = json_pack("{s:s}", "size", size_names[i]);
        for (int r = 0; r < G_COUNT; r++)
            if (g->cm[r][0] > 0) json_object_set_new(s, region_name[r], number(g->cm[r][i]));
        json_array_append_new(sizes, s);
    }
    json_t *ease = json_object();
    for (int r = 0; r < G_COUNT; r++)
        if (g->scored[r])
            json_object_set_new(ease, region_name[r],
                                json_pack("[o,o]", number(g->ease[r][0]), number(g->ease[r][1])));
    json_t *fabric;
    if (g->weight > 0 || g->comfort_stretch > 0) {
        fabric = json_pack("{s:s}", "preset", g->preset);
        if (g->weight > 0) json_object_set_new(fabric, "weight", number(g->weight));
        if (g->comfort_stretch > 0)
            json_object_set_new(fabric, "comfort_stretch", number(g->comfort_stretch));
    } else {
        fabric = json_string(g->preset);
    }
    return json_pack("{s:s,s:s,s:o,s:o,s:o}", "name", g->name, "kind", g->kind, "sizes", sizes,
                     "ease", ease, "fabric", fabric);
}

bool ag_demo_garments(const char *dir) {
    char folder[1024];
    snprintf(folder, sizeof folder, "%s/garments", dir);
    if (!ag_mkdirs(folder)) return false;
    for (uint32_t i = 0; i < ag_product_count; i++) {
        const ag_garment *g = find(ag_products[i].id);
        if (!g) continue;
        const char *names[8];
        uint32_t n = ag_size_names(ag_products[i].sizes, names, 8);
        json_t *root = garment_json(g, names, n);
        char path[1200];
        snprintf(path, sizeof path, "%s/%s.json", folder, g->product);
        bool ok = ag_json_write(root, path);
        json_decref(root);
        if (!ok) return false;
    }
    return true;
}
