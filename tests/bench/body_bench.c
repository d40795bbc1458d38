/* Body benchmark: vt_body_build from measurements (design, field, polygonise,
   smooth, skin, fit to the tape, normals) for a female, a male and a neutral
   body (one thread). Prints one JSON object: median and worst wall-clock ms
   per body, median CPU ms (steadier on a shared machine), triangles, and the
   largest girth error against the request.

   usage: body_bench [--reps N]   (default 9) */
#include "vitrine/fit.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double clock_ms(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv) {
    int reps = 9;
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
    if (reps < 1) reps = 1;
    const vt_body_measurements bodies[3] = {
        {.body_type = VT_BODY_FEMALE,
         .stature = 168,
         .chest_girth = 92,
         .waist_girth = 76,
         .hip_girth = 100},
        {.body_type = VT_BODY_MALE,
         .stature = 178,
         .chest_girth = 100,
         .waist_girth = 86,
         .hip_girth = 100},
        {.body_type = VT_BODY_NEUTRAL,
         .stature = 172,
         .chest_girth = 96,
         .waist_girth = 80,
         .hip_girth = 100},
    };
    double *ms = malloc(sizeof(double) * (size_t)reps * 3);
    double *cpu = malloc(sizeof(double) * (size_t)reps * 3);
    uint32_t tris = 0;
    double worst_err = 0;
    int n = 0;
    for (int r = 0; r < reps; r++)
        for (int b = 0; b < 3; b++) {
            vt_body *body = NULL;
            double t0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
            if (vt_body_build(&bodies[b], &body) != VT_OK) {
                fprintf(stderr, "body_bench: %s\n", vt_last_error());
                free(ms);
                free(cpu);
                return 1;
            }
            cpu[n] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
            ms[n++] = clock_ms(CLOCK_MONOTONIC) - t0;
            tris = body->mesh.index_count / 3 > tris ? body->mesh.index_count / 3 : tris;
            const float req[3] = {bodies[b].chest_girth, bodies[b].waist_girth,
                                  bodies[b].hip_girth};
            const float got[3] = {body->measured.chest_girth, body->measured.waist_girth,
                                  body->measured.hip_girth};
            for (int k = 0; k < 3; k++) {
                double e = fabs(got[k] / req[k] - 1) * 100;
                worst_err = e > worst_err ? e : worst_err;
            }
            vt_body_free(body);
        }
    qsort(ms, (size_t)n, sizeof *ms, cmp);
    qsort(cpu, (size_t)n, sizeof *cpu, cmp);
    printf("{\"bench\": \"body\", \"bodies\": %d, \"ms_per_body_median\": %.2f, "
           "\"ms_per_body_max\": %.2f, \"cpu_ms_per_body_median\": %.2f, \"triangles\": %u, "
           "\"worst_girth_error_pct\": %.3f}\n",
           n, ms[n / 2], ms[n - 1], cpu[n / 2], tris, worst_err);
    free(ms);
    free(cpu);
    return 0;
}
