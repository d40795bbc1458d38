/* Drape benchmark: the shipped t-shirt (about 8k vertices) in size M on the
   male M body, from the arrangement around the body to rest, one thread per
   drape; then all six sizes with vt_drape_many on job threads. Prints one
   JSON object: the single drape's wall ms without the body field and CPU
   ms with it (median of --reps), frames and substeps to rest, wall ns per
   substep per vertex, the body field's build time, rest figures (kinetic
   energy, outside share, deepest penetration), and the all-sizes wall and
   CPU time and frames. The all-sizes case is the drape of `vitrine fit
   --size all` (which also renders the contact sheet): by default a job
   pool as the command makes it (cores - 1 threads), and the calling thread
   drapes too.

   usage: drape_bench [--reps N] [--threads N]   (defaults 3; 0: cores - 1) */
#include "vitrine/core.h"
#include "vitrine/fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double clock_ms(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static int fail(const char *what) {
    fprintf(stderr, "drape_bench: %s: %s\n", what, vt_last_error());
    return 1;
}

int main(int argc, char **argv) {
    int reps = 3, threads = 0;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--reps") && i + 1 < argc) reps = atoi(argv[++i]);
        if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
    }
    if (reps < 1) reps = 1;
    if (threads < 0) threads = 0;
    const char *src = getenv("VT_SOURCE_DIR") ? getenv("VT_SOURCE_DIR") : ".";
    char path[1024];
    snprintf(path, sizeof path, "%s/assets/bodies/male-m.json", src);
    vt_body_measurements m;
    vt_body *body = NULL;
    if (vt_body_load_json(path, &m) != VT_OK || vt_body_build(&m, &body) != VT_OK)
        return fail("body");
    snprintf(path, sizeof path, "%s/assets/garments/tshirt.json", src);
    vt_garment_spec spec;
    if (vt_garment_load_json(path, &spec) != VT_OK) return fail("garment");
    int32_t size_m = vt_garment_find_size(&spec, "M");
    double wall[64], cpu[64];
    vt_drape_stats st = {0};
    uint32_t verts = 0;
    for (int r = 0; r < reps && r < 64; r++) {
        vt_garment *g = NULL;
        if (vt_garment_build(&spec, (uint32_t)size_m, NULL, &g) != VT_OK) return fail("build");
        verts = g->mesh.vertex_count;
        double w0 = clock_ms(CLOCK_MONOTONIC), c0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
        if (vt_drape(g, body, NULL, &st) != VT_OK) return fail("drape");
        /* the body field is built on this thread inside vt_drape: its
           wall time comes back in st.sdf_ms, its CPU time is not known
           apart, so CPU is reported with the field */
        wall[r] = clock_ms(CLOCK_MONOTONIC) - w0 - st.sdf_ms;
        cpu[r] = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
        vt_garment_free(g);
    }
    qsort(wall, (size_t)reps, sizeof *wall, cmp);
    qsort(cpu, (size_t)reps, sizeof *cpu, cmp);
    /* every size, side by side on job threads */
    vt_jobs *jobs = NULL;
    if (!threads) { /* as vt_jobs_create chooses */
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cores > 1 ? (int)cores - 1 : 1;
    }
    if (vt_jobs_create((uint32_t)threads, &jobs) != VT_OK) return fail("jobs");
    vt_garment *all[VT_GARMENT_MAX_SIZES] = {0};
    vt_drape_stats all_st[VT_GARMENT_MAX_SIZES];
    for (uint32_t s = 0; s < spec.size_count; s++)
        if (vt_garment_build(&spec, s, NULL, &all[s]) != VT_OK) return fail("build");
    double a0 = clock_ms(CLOCK_MONOTONIC), ac0 = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
    if (vt_drape_many(all, spec.size_count, body, NULL, jobs, all_st) != VT_OK)
        return fail("drape_many");
    double all_ms = clock_ms(CLOCK_MONOTONIC) - a0;
    double all_cpu_ms = clock_ms(CLOCK_PROCESS_CPUTIME_ID) - ac0;
    vt_jobs_destroy(jobs);
    float worst_outside = 1, worst_pen = 0;
    uint32_t all_frames = 0;
    for (uint32_t s = 0; s < spec.size_count; s++) {
        all_frames += all_st[s].frames;
        worst_outside =
            all_st[s].outside_share < worst_outside ? all_st[s].outside_share : worst_outside;
        worst_pen =
            all_st[s].max_penetration_mm > worst_pen ? all_st[s].max_penetration_mm : worst_pen;
        vt_garment_free(all[s]);
    }
    printf("{\"garment\": \"tshirt M on male M\", \"vertices\": %u, \"reps\": %d,\n"
           " \"drape_wall_ms_median\": %.1f, \"drape_and_field_cpu_ms_median\": %.1f,\n"
           " \"frames\": %u, \"substeps\": %u, \"ns_per_substep_vertex\": %.1f,\n"
           " \"body_field_ms\": %.1f, \"kinetic_energy_J\": %.3g, \"rest_threshold_J\": %.3g,\n"
           " \"outside_share\": %.4f, \"max_penetration_mm\": %.2f,\n"
           " \"all_sizes\": %u, \"all_sizes_job_threads\": %d, \"all_sizes_wall_ms\": %.1f,\n"
           " \"all_sizes_cpu_ms\": %.1f, \"all_sizes_frames\": %u,\n"
           " \"all_sizes_worst_outside_share\": %.4f, \"all_sizes_worst_penetration_mm\": %.2f}\n",
           verts, reps, wall[reps / 2], cpu[reps / 2], st.frames, st.substeps,
           st.ns_per_substep_vertex, st.sdf_ms, (double)st.kinetic_energy, 5e-4 * (double)st.mass,
           (double)st.outside_share, (double)st.max_penetration_mm, spec.size_count, threads,
           all_ms, all_cpu_ms, all_frames, (double)worst_outside, (double)worst_pen);
    vt_body_free(body);
    return 0;
}
