/* Walk benchmark: the per-frame cost of skinning body and garment while
   walking (issue 5's figure: at most 1 ms). The male M body and the shipped
   t-shirt, then the trousers, in size M at the product default (about 8k
   vertices), draped to rest; a vt_fit_walker made once; then --cycles
   cycles of 60 frames each timed (wall clock), on the calling thread alone
   and split in two with one job thread. Prints one JSON object: per garment
   and thread count the median and largest frame time in ms, body and
   garment vertex counts, and the walker's creation (binding) time.

   usage: walk_bench [--cycles N]   (default 5) */
#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FRAMES 60

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(const char *what) {
    fprintf(stderr, "walk_bench: %s: %s\n", what, vt_last_error());
    return 1;
}

int main(int argc, char **argv) {
    int cycles = 5;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--cycles") && i + 1 < argc) cycles = atoi(argv[++i]);
    if (cycles < 1) cycles = 1;
    if (cycles > 100) cycles = 100;
    const char *src = getenv("VT_SOURCE_DIR") ? getenv("VT_SOURCE_DIR") : ".";
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/bodies/male-m.json", src);
    vt_body_measurements m;
    vt_body *body = NULL;
    if (vt_body_load_json(path, &m) != VT_OK || vt_body_build(&m, &body) != VT_OK)
        return fail("body");
    vt_jobs *jobs = NULL;
    if (vt_jobs_create(1, &jobs) != VT_OK) return fail("jobs");
    float *bp = malloc(body->mesh.vertex_count * 3 * sizeof *bp);
    double *t = malloc((size_t)cycles * FRAMES * sizeof *t);
    if (!bp || !t) return fail("memory");
    static const char *const kinds[] = {"tshirt", "trousers"};
    printf("{\"body\": \"male-m\", \"body_vertices\": %u, \"frames_per_cycle\": %d, "
           "\"cycle_s\": %.2f, \"cycles\": %d, \"garments\": [",
           body->mesh.vertex_count, FRAMES, (double)VT_WALK_CYCLE_S, cycles);
    for (int k = 0; k < 2; k++) {
        snprintf(path, sizeof path, "%s/assets/garments/%s.json", src, kinds[k]);
        vt_garment_spec spec;
        if (vt_garment_load_json(path, &spec) != VT_OK) return fail("garment");
        vt_garment *g = NULL;
        vt_drape_stats st;
        if (vt_garment_build(&spec, (uint32_t)vt_garment_find_size(&spec, "M"), NULL, &g) !=
                VT_OK ||
            vt_drape(g, body, NULL, &st) != VT_OK)
            return fail("drape");
        float *gp = malloc(g->mesh.vertex_count * 3 * sizeof *gp);
        if (!gp) return fail("memory");
        printf("%s{\"garment\": \"%s\", \"garment_vertices\": %u, \"runs\": [", k ? ", " : "",
               kinds[k], g->mesh.vertex_count);
        for (int threads = 1; threads <= 2; threads++) {
            vt_fit_walker *w = NULL;
            double t0 = vt_time_now();
            vt_fit_walker_desc d = {.jobs = threads > 1 ? jobs : NULL, .parts = 2};
            if (vt_fit_walker_create(body, (const vt_garment *const *)&g, 1, &d, &w) != VT_OK)
                return fail("walker");
            double create_ms = (vt_time_now() - t0) * 1e3;
            vt_fit_walker_frame(w, 0, bp, &gp); /* warm the caches */
            for (int i = 0; i < cycles * FRAMES; i++) {
                double a = vt_time_now();
                vt_fit_walker_frame(w, (float)i / FRAMES, bp, &gp);
                t[i] = (vt_time_now() - a) * 1e3;
            }
            qsort(t, (size_t)cycles * FRAMES, sizeof *t, cmp);
            printf("%s{\"threads\": %d, \"create_ms\": %.1f, \"frame_ms_median\": %.3f, "
                   "\"frame_ms_max\": %.3f}",
                   threads > 1 ? ", " : "", threads, create_ms, t[cycles * FRAMES / 2],
                   t[cycles * FRAMES - 1]);
            vt_fit_walker_destroy(w);
        }
        printf("]}");
        free(gp);
        vt_garment_free(g);
    }
    printf("]}\n");
    free(bp);
    free(t);
    vt_jobs_destroy(jobs);
    vt_body_free(body);
    return 0;
}
