/* assetgen: procedural demo content written as .glb.
     assetgen mug -o FILE.glb               a glazed stoneware mug, 4 glaze variants
     assetgen vase -o FILE.glb [--triangles N]   a lathe-turned vase (N ~ triangle count)
     assetgen demo -o DIR [--json DIR2]     every product and fixture of the demo store
                                            (DIR/<name>.glb, written with assimp's
                                            exporter); --json also writes
                                            DIR2/catalog.json and DIR2/store.json
     assetgen --stress N -o DIR             a store of N products (1..100000):
                                            DIR/store.json, DIR/catalog.json, DIR/models/ */
#define _POSIX_C_SOURCE 200809L
#include "catalog.h"
#include "glb.h"
#include "lathe.h"

#include <errno.h>
#include <sys/stat.h>
#include <unistd.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static glb_material glaze(const char *name, float r, float g, float b) {
    return (glb_material){.name = name,
                          .base_color = {r, g, b, 1},
                          .roughness = 0.22f,
                          .clearcoat = 0.6f,
                          .clearcoat_roughness = 0.08f};
}

static int make_mug(const char *out) {
    /* Stoneware mug, 9.6 cm tall, 8.4 cm across the body: profile (radius, height) in metres,
       from the centre of the underside round the outside, over the rim and down the inside. */
    const float(*body)[2] = ag_mug_body, (*foot)[2] = ag_mug_foot;
    vt_mesh_data body_mesh, foot_mesh, handle_mesh;
    lathe(body, AG_MUG_BODY_POINTS, 160, 4, &body_mesh);
    lathe(foot, AG_MUG_FOOT_POINTS, 160, 4, &foot_mesh);
    handle_sweep(0.0415f, 0.051f, 0.024f, 0.0255f, 0.0062f, 0.0040f, 96, 32, &handle_mesh);

    static const char *variants[] = {"Chalk", "Sage", "Terracotta", "Midnight"};
    glb_material mats[] = {
        glaze("glaze_chalk", 0.80f, 0.78f, 0.72f),
        glaze("glaze_sage", 0.30f, 0.40f, 0.29f),
        glaze("glaze_terracotta", 0.55f, 0.20f, 0.10f),
        glaze("glaze_midnight", 0.035f, 0.05f, 0.11f),
        {.name = "raw_stoneware", .base_color = {0.52f, 0.43f, 0.33f, 1}, .roughness = 0.85f},
    };
    glb_variant_mapping maps[4];
    for (uint32_t i = 0; i < 4; i++) maps[i] = (glb_variant_mapping){i, i};
    glb_primitive prims[] = {
        {&body_mesh, 0, maps, 4},
        {&handle_mesh, 0, maps, 4},
        {&foot_mesh, 4, NULL, 0},
    };
    glb_doc doc = {mats, 5, prims, 3, variants, 4, "mug"};
    bool ok = glb_write(out, &doc);
    vt_mesh_data_free(&body_mesh);
    vt_mesh_data_free(&foot_mesh);
    vt_mesh_data_free(&handle_mesh);
    return ok ? 0 : 1;
}

static int make_vase(const char *out, uint32_t triangles) {
    /* A 30 cm vase with a swelling belly and a flared neck; the profile is sampled
       finely enough that rings * segments * 2 reaches the requested triangle count. */
    uint32_t rings = (uint32_t)sqrtf((float)triangles / 4.0f);
    if (rings < 16) rings = 16;
    uint32_t segments = triangles / (2 * rings);
    if (segments < 16) segments = 16;
    float(*prof)[2] = malloc(sizeof *prof * (rings + 1));
    if (!prof) return 1;
    for (uint32_t i = 0; i <= rings; i++) {
        float t = (float)i / (float)rings; /* 0 = base, 1 = lip */
        float y = 0.30f * t;
        float belly = 0.075f * expf(-powf((t - 0.35f) / 0.28f, 2.0f));
        float neck = 0.030f + 0.018f * powf(t, 6.0f);
        prof[i][0] = neck + belly + 0.02f * (1.0f - t) * (1.0f - t);
        prof[i][1] = y;
    }
    prof[0][0] = 0.0f; /* closed base */
    vt_mesh_data mesh;
    lathe((const float(*)[2])prof, rings + 1, segments, 1, &mesh);
    free(prof);
    static const char *variants[] = {"Celadon", "Ink", "Ivory"};
    glb_material mats[] = {
        glaze("celadon", 0.42f, 0.58f, 0.50f),
        glaze("ink", 0.02f, 0.025f, 0.04f),
        glaze("ivory", 0.78f, 0.74f, 0.64f),
    };
    glb_variant_mapping maps[3] = {{0, 0}, {1, 1}, {2, 2}};
    glb_primitive prims[] = {{&mesh, 0, maps, 3}};
    glb_doc doc = {mats, 3, prims, 1, variants, 3, "vase"};
    bool ok = glb_write(out, &doc);
    vt_mesh_data_free(&mesh);
    return ok ? 0 : 1;
}

static int usage(void) {
    fputs("usage: assetgen mug -o FILE.glb\n"
          "       assetgen vase -o FILE.glb [--triangles N]\n"
          "       assetgen demo -o DIR [--json DIR]\n"
          "       assetgen --stress N -o DIR        (N from 1 to 100000)\n",
          stderr);
    return 2;
}

bool ag_make(const char *dir, const char *name, ag_gen_fn gen, int style, vt_aabb *bounds) {
    /* Written beside the final name and renamed into place: several build trees may
       regenerate the same source-tree folder at once, and a reader must never see
       half a file. */
    char path[1024], tmp[1100];
    snprintf(path, sizeof path, "%s/%s.glb", dir, name);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    ag_model m = {.name = name};
    gen(&m, style);
    vt_aabb b = ag_model_bounds(&m);
    for (uint32_t i = 0; i < m.mat_count; i++) /* bottom on y = 0: hanging garments start higher */
        if (m.parts[i].vertex_count) ag_move(&m.parts[i], 0, -b.min[1], 0);
    if (bounds) *bounds = ag_model_bounds(&m);
    if (!ag_model_write(&m, tmp)) {
        remove(tmp);
        return false;
    }
    if (rename(tmp, path) != 0) {
        fprintf(stderr, "assetgen: %s: cannot write the file (%s)\n", path, strerror(errno));
        remove(tmp);
        return false;
    }
    return true;
}

bool ag_mkdirs(const char *dir) {
    char p[1024];
    snprintf(p, sizeof p, "%s", dir);
    for (char *c = p + 1;; c++) {
        bool end = *c == 0;
        if (*c == '/' || end) {
            *c = 0;
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                fprintf(stderr, "assetgen: %s: cannot create the folder (%s)\n", dir,
                        strerror(errno));
                return false;
            }
            if (end) return true;
            *c = '/';
        }
    }
}

static int make_demo(const char *dir, const char *json_dir) {
    if (!ag_mkdirs(dir) || (json_dir && !ag_mkdirs(json_dir))) return 1;
    vt_aabb pb[64], fb[FIX_COUNT];
    for (uint32_t i = 0; i < ag_product_count; i++)
        if (!ag_make(dir, ag_products[i].id, ag_products[i].gen, ag_products[i].style, &pb[i]))
            return 1;
    for (int f = 0; f < FIX_COUNT; f++)
        if (!ag_make(dir, ag_fixture_names[f], gen_fixture, f, &fb[f])) return 1;
    if (json_dir && (!ag_demo_catalog(json_dir) || !ag_demo_store(json_dir, pb, fb))) return 1;
    return 0;
}

static int stress(int argc, char **argv) {
    /* assetgen --stress N -o DIR */
    if (argc != 5 || strcmp(argv[3], "-o")) return usage();
    char *end = NULL;
    errno = 0;
    unsigned long n = strtoul(argv[2], &end, 10);
    if (!*argv[2] || *end || errno || argv[2][0] == '-' || n < 1 || n > 100000) {
        fprintf(stderr, "assetgen: --stress %s: N must be a whole number from 1 to 100000\n",
                argv[2]);
        return 2;
    }
    return ag_stress(n, argv[4]);
}

int main(int argc, char **argv) {
    if (argc < 2) return usage();
    if (!strcmp(argv[1], "--stress")) return stress(argc, argv);
    if (!strcmp(argv[1], "demo")) {
        const char *out = NULL, *json = NULL;
        for (int i = 2; i < argc; i++) {
            if (!strcmp(argv[i], "-o") && i + 1 < argc)
                out = argv[++i];
            else if (!strcmp(argv[i], "--json") && i + 1 < argc)
                json = argv[++i];
            else
                return usage();
        }
        return out ? make_demo(out, json) : usage();
    }
    const char *out = NULL;
    unsigned long triangles = 20000;
    for (int i = 2; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            out = argv[++i];
        else if (!strcmp(argv[i], "--triangles") && i + 1 < argc) {
            char *end = NULL;
            triangles = strtoul(argv[++i], &end, 10);
            if (*end || triangles < 64 || triangles > 50000000) return usage();
        } else
            return usage();
    }
    if (!out) return usage();
    if (!strcmp(argv[1], "mug")) return make_mug(out);
    if (!strcmp(argv[1], "vase")) return make_vase(out, (uint32_t)triangles);
    return usage();
}
