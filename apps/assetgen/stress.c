/* assetgen --stress N -o DIR: a store of N products for scale tests. Twelve
   distinct models (so repeated ones can be instanced) stand eight to a table on a
   grid of tables with 1.4 m aisles; each product has 2 or 3 colour variants.
   The JSON is streamed with fprintf: 100,000 products as jansson trees would
   take gigabytes. */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *const sources[] = {
    "mug-stoneware", "vase-bottle",      "vase-moon",         "carafe-glass",
    "parfum-figue",  "sneaker-court",    "bag-crossbody",     "hat-bucket",
    "beanie-ribbed", "sunglasses-round", "headphones-studio", "lamp-mushroom",
};
#define SOURCE_COUNT AG_COUNT(sources)
#define PER_TABLE 8u
#define PITCH_X 3.2f /* table 1.8 m + aisle 1.4 m */
#define PITCH_Z 2.3f /* table 0.9 m + aisle 1.4 m */

static const ag_product *find(const char *id) {
    for (uint32_t i = 0; i < ag_product_count; i++)
        if (!strcmp(ag_products[i].id, id)) return &ag_products[i];
    return NULL;
}

/* 2 or 3 variants, alternating by product */
static uint32_t variant_count(const ag_product *p, unsigned long i) {
    return (i % 2 && p->v[2].suffix) ? 3 : 2;
}

static bool write_catalog(const char *path, unsigned long n, const ag_product *const *src) {
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "assetgen: %s: cannot write the file (%s)\n", path, strerror(errno));
        return false;
    }
    fputs("{\n  \"currency\": \"EUR\",\n  \"products\": [\n", f);
    for (unsigned long i = 0; i < n; i++) {
        const ag_product *p = src[i % SOURCE_COUNT];
        unsigned long cents = 990 + (i * 7919u) % 24000u; /* 9.90 .. 249.89, deterministic */
        uint32_t nv = variant_count(p, i);
        fprintf(f,
                "    {\"id\": \"p%06lu\", \"kind\": \"%s\", \"title\": {\"en\": \"%s No. %lu\", "
                "\"zh\": \"%s %lu号\"}, "
                "\"brand\": \"%s\", \"price\": {\"value\": \"%lu.%02lu\", \"currency\": \"EUR\"}, "
                "\"model\": \"models/%s.glb\", \"variants\": [",
                i + 1, p->kind, p->en, i + 1, p->zh, i + 1, p->brand, cents / 100, cents % 100,
                p->id);
        for (uint32_t v = 0; v < nv; v++) {
            const ag_variant *va = &p->v[v];
            fprintf(f,
                    "%s{\"id\": \"p%06lu-%s\", \"title\": {\"en\": \"%s\", \"zh\": \"%s\"}, "
                    "\"color\": \"%s\", "
                    "\"materials\": {\"%s\": {\"base_color\": \"%s\"}",
                    v ? ", " : "", i + 1, va->suffix, va->en, va->zh, va->hex, va->mat, va->hex);
            if (va->mat2) fprintf(f, ", \"%s\": {\"base_color\": \"%s\"}", va->mat2, va->hex2);
            fputs("}}", f);
        }
        fprintf(f, "]}%s\n", i + 1 < n ? "," : "");
    }
    fputs("  ]\n}\n", f);
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "assetgen: %s: cannot write the file\n", path);
        return false;
    }
    return true;
}

static bool write_store(const char *path, unsigned long n, const ag_product *const *src) {
    unsigned long tables = (n + PER_TABLE - 1) / PER_TABLE;
    /* a roughly square grid of tables */
    unsigned long cols = (unsigned long)ceil(sqrt((double)tables * PITCH_Z / PITCH_X));
    if (cols < 1) cols = 1;
    unsigned long rows = (tables + cols - 1) / cols;
    float w = (float)cols * PITCH_X + 2.0f, d = (float)rows * PITCH_Z + 4.0f;
    if (w < 8) w = 8;
    if (d < 8) d = 8;
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "assetgen: %s: cannot write the file (%s)\n", path, strerror(errno));
        return false;
    }
    fprintf(f,
            "{\n  \"name\": {\"en\": \"Stress store (%lu products)\", \"zh\": "
            "\"压力测试商店（%lu件商品）\"},\n"
            "  \"catalog\": \"catalog.json\",\n"
            "  \"room\": {\"width\": %.1f, \"depth\": %.1f, \"height\": 3.4, \"floor\": "
            "{\"color\": \"#B89B74\", "
            "\"material\": \"oak\"}, \"walls\": {\"color\": \"#EDE8E0\"}},\n"
            "  \"spawn\": {\"position\": [0, %.2f], \"yaw\": 0, \"eye_height\": 1.65},\n"
            "  \"lights\": [\n",
            n, n, (double)w, (double)d, (double)(d / 2 - 1.0f));
    for (int i = 0; i < 4; i++) /* four broad warm points over the floor */
        fprintf(f,
                "    {\"type\": \"point\", \"position\": [%.2f, 3.2, %.2f], \"color\": "
                "\"#FFE9D0\", \"intensity\": %.0f}%s\n",
                (double)(w * ((i % 2) ? 0.25f : -0.25f)), (double)(d * ((i / 2) ? 0.25f : -0.25f)),
                (double)(60.0f + w * d * 0.5f), i < 3 ? "," : "");
    fputs("  ],\n  \"fixtures\": [\n", f);
    float x0 = -(float)(cols - 1) * PITCH_X / 2, z0 = -d / 2 + 1.0f + 0.45f;
    for (unsigned long t = 0; t < tables; t++) {
        float x = x0 + (float)(t % cols) * PITCH_X, z = z0 + (float)(t / cols) * PITCH_Z;
        fprintf(f,
                "    {\"id\": \"table-%lu\", \"model\": \"models/fixture-table.glb\", "
                "\"position\": [%.2f, 0, %.2f], "
                "\"yaw\": 0, \"collide\": true}%s\n",
                t + 1, (double)x, (double)z, t + 1 < tables ? "," : "");
    }
    fputs("  ],\n  \"placements\": [\n", f);
    for (unsigned long i = 0; i < n; i++) {
        unsigned long t = i / PER_TABLE, k = i % PER_TABLE;
        float x = x0 + (float)(t % cols) * PITCH_X + ((float)(k % 4) - 1.5f) * 0.42f;
        float z = z0 + (float)(t / cols) * PITCH_Z + ((k / 4) ? 0.2f : -0.2f);
        /* neighbours of one model show different colours: every variant gets used */
        const ag_product *p = src[i % SOURCE_COUNT];
        const ag_variant *v = &p->v[(i / SOURCE_COUNT) % variant_count(p, i)];
        fprintf(
            f,
            "    {\"product\": \"p%06lu\", \"variant\": \"p%06lu-%s\", \"position\": [%.3f, %.2f, "
            "%.3f], \"yaw\": 0}%s\n",
            i + 1, i + 1, v->suffix, (double)x, (double)AG_TABLE_H, (double)z,
            i + 1 < n ? "," : "");
    }
    fputs("  ]\n}\n", f);
    if (ferror(f) | fclose(f)) {
        fprintf(stderr, "assetgen: %s: cannot write the file\n", path);
        return false;
    }
    return true;
}

int ag_stress(unsigned long n, const char *dir) {
    const ag_product *src[SOURCE_COUNT];
    char models[1024], path[1100];
    snprintf(models, sizeof models, "%s/models", dir);
    if (!ag_mkdirs(models)) return 1;
    for (uint32_t i = 0; i < SOURCE_COUNT; i++) {
        src[i] = find(sources[i]);
        if (!src[i] || !ag_make(models, src[i]->id, src[i]->gen, src[i]->style, NULL)) return 1;
    }
    if (!ag_make(models, ag_fixture_names[FIX_TABLE], gen_fixture, FIX_TABLE, NULL)) return 1;
    snprintf(path, sizeof path, "%s/catalog.json", dir);
    if (!write_catalog(path, n, src)) return 1;
    snprintf(path, sizeof path, "%s/store.json", dir);
    if (!write_store(path, n, src)) return 1;
    return 0;
}
