/* Wall time of `vitrine render` of a 100k-triangle model to PNG, end to end
   (process start, context, environment, import, render, PNG). Prints JSON.
   Usage: render_bench [VITRINE [ASSETGEN]] (default: next to this binary's build dir).
   Target: at most 1.5 s on a 2-core machine with no GPU. */
#include "vitrine/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void sibling(const char *self, const char *rel, char *out, size_t n) {
    char dir[1024];
    vt_path_dir(self, dir, sizeof dir); /* build/tests/bench */
    snprintf(out, n, "%s/../../%s", dir, rel);
}

int main(int argc, char **argv) {
    char vt[1200], gen[1200], cmd[4096];
    if (argc > 1)
        snprintf(vt, sizeof vt, "%s", argv[1]);
    else
        sibling(argv[0], "vitrine", vt, sizeof vt);
    if (argc > 2)
        snprintf(gen, sizeof gen, "%s", argv[2]);
    else
        sibling(argv[0], "assetgen", gen, sizeof gen);
    const char *model = "/tmp/vt_render_bench_vase.glb", *png = "/tmp/vt_render_bench.png";
    snprintf(cmd, sizeof cmd, "'%s' vase --triangles 100000 -o %s", gen, model);
    if (system(cmd) != 0) {
        fprintf(stderr, "render_bench: could not generate %s\n", model);
        return 1;
    }
    enum { RUNS = 5 };
    double t[RUNS];
    snprintf(cmd, sizeof cmd, "'%s' render %s -o %s --size 1024x1024 >/dev/null", vt, model, png);
    for (int i = 0; i < RUNS; i++) {
        double t0 = vt_time_now();
        int rc = system(cmd);
        t[i] = vt_time_now() - t0;
        if (rc != 0) {
            fprintf(stderr, "render_bench: '%s' failed\n", cmd);
            return 1;
        }
    }
    qsort(t, RUNS, sizeof t[0], cmp_double);
    printf("{\"bench\": \"render_cli\", \"triangles\": 100000, \"size\": \"1024x1024\", "
           "\"runs\": %d, \"median_s\": %.3f, \"min_s\": %.3f, \"max_s\": %.3f, \"target_s\": 1.5, "
           "\"meets_target\": %s}\n",
           RUNS, t[RUNS / 2], t[0], t[RUNS - 1], t[RUNS / 2] <= 1.5 ? "true" : "false");
    return 0;
}
