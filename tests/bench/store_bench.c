/* Store world benchmark: prints one JSON object.

   usage: store_bench [DEMO_STORE.json [STRESS_STORE.json]] [--png DIR] [--sandbox]
                      [--threads N] [--budget MS] [--glthread]
   (import in the sandboxed worker; load threads; upload budget per frame, 30 ms
   as the session's default; Mesa's glthread, which takes llvmpipe's vertex
   stage off the calling thread, so submit_ms is the renderer's own cost)

   demo (default assets/demo/store.json, found from the current folder or
   $VT_SOURCE_DIR): headless 1280x720 from the spawn point, the time to the
   first frame (from before the store files are read), the time until every
   product is loaded, the worst frame while loading against the median frame
   once loaded (frame = vt__world_update with a 30 ms budget + render).
   stress (default: `assetgen --stress 1000 -o TMP`, assetgen found in the build
   folder above this binary's; a store of 1,000 products of 24 box models that
   the bench writes itself when there is no assetgen): CPU per frame split
   into world update, culling and submission (vt_frame_stats) once loaded.
   Each store runs in its own child process, so peak RSS (getrusage
   ru_maxrss) is per store. steady_max_minus_median_ms is the noise floor of
   the worst-frame figure: the same spread among frames without loading. Targets: first frame 2 s,
   all loaded 5 s, worst loading frame at most 50 ms over the median, culling + submission 2 ms. */
#define _GNU_SOURCE
#include "store/world_internal.h"
#include "vitrine/vitrine.h"

#include <cglm/cglm.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define W 1280
#define H 720
#define STEADY_FRAMES 30
#define STRESS_PRODUCTS 1000
#define STRESS_MODELS 24

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n ? v[n / 2] : 0;
}

/* ---- one store, in a child process -------------------------------------- */

static void spawn_view(const vt_store_def *def, vt_view *v) {
    float yaw = def->spawn_yaw, pitch = -0.12f;
    float eye[3] = {def->spawn[0], def->spawn[1] > 0 ? def->spawn[1] : 1.65f, def->spawn[2]};
    float fwd[3] = {-sinf(yaw) * cosf(pitch), sinf(pitch), -cosf(yaw) * cosf(pitch)};
    float at[3] = {eye[0] + fwd[0], eye[1] + fwd[1], eye[2] + fwd[2]};
    memset(v, 0, sizeof *v);
    glm_lookat(eye, at, (float[3]){0, 1, 0}, v->view);
    glm_perspective(glm_rad(70.0f), (float)W / H, 0.05f, 100.0f, v->proj);
    v->width = W;
    v->height = H;
}

static bool opt_sandbox;
static double opt_budget = 30.0; /* the session's default */
static uint32_t opt_threads;

static double peak_rss_mib(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return (double)ru.ru_maxrss / 1024.0;
}

static int run_store(const char *path, const char *png, FILE *out) {
    double t0 = vt_time_now();
    vt_store_def *def = NULL;
    if (vt_store_def_load(path, NULL, &def) != VT_OK) {
        fprintf(out, "{\"store\": \"%s\", \"error\": \"%s\"}", path, vt_last_error());
        return 1;
    }
    vt_headless *gl = NULL;
    vt_renderer *r = NULL;
    vt__world *w = NULL;
    double rss_base = 0;
    if (vt_headless_create(&gl) != VT_OK ||
        vt_renderer_create(&(vt_renderer_desc){0}, &r) != VT_OK ||
        (rss_base = peak_rss_mib()) < 0 ||
        vt__world_create(
            &(vt__world_desc){
                .def = def, .renderer = r, .sandbox = opt_sandbox, .load_threads = opt_threads},
            &w) != VT_OK) {
        fprintf(out, "{\"store\": \"%s\", \"error\": \"%s\"}", path, vt_last_error());
        vt_renderer_destroy(r);
        vt_headless_destroy(gl);
        vt_store_def_free(def);
        return 1;
    }
    double t_world = vt_time_now() - t0;
    vt_view view;
    spawn_view(def, &view);
    uint8_t *rgba = malloc((size_t)W * H * 4);
    vt_frame_desc fd = {0};
    vt_frame_stats st;
    double t_first = 0, t_loaded = 0, worst_loading = 0, worst_update = 0;
    uint32_t loading_frames = 0;
    vt_scene *scene = vt__world_scene(w);
    for (;;) {
        bool loading = vt__world_pending(w) > vt__world_failed(w);
        double f0 = vt_time_now();
        vt__world_update(w, opt_budget);
        double f1 = vt_time_now();
        vt_renderer_render_image(r, scene, &view, &fd, rgba, &st);
        double f2 = vt_time_now();
        if (!t_first) t_first = f2 - t0;
        if (loading) {
            loading_frames++;
            if (f2 - f0 > worst_loading) worst_loading = f2 - f0;
            if (f1 - f0 > worst_update) worst_update = f1 - f0;
        }
        if (!loading || f2 - t0 > 120) break;
        if (vt__world_pending(w) <= vt__world_failed(w)) t_loaded = f2 - t0;
    }
    if (!t_loaded) t_loaded = vt_time_now() - t0;
    double frame[STEADY_FRAMES], upd[STEADY_FRAMES], cull[STEADY_FRAMES], sub[STEADY_FRAMES],
        cpu[STEADY_FRAMES];
    for (int i = 0; i < STEADY_FRAMES; i++) {
        double f0 = vt_time_now();
        vt__world_update(w, opt_budget);
        double f1 = vt_time_now();
        vt_renderer_render_image(r, scene, &view, &fd, rgba, &st);
        frame[i] = (vt_time_now() - f0) * 1e3;
        upd[i] = (f1 - f0) * 1e3;
        cull[i] = st.cull_ms;
        sub[i] = st.submit_ms;
        cpu[i] = st.cpu_ms;
    }
    if (png) vt_png_write(png, W, H, rgba);
    double steady_max = 0;
    for (int i = 0; i < STEADY_FRAMES; i++)
        if (frame[i] > steady_max) steady_max = frame[i];
    double med = median(frame, STEADY_FRAMES);
    double cull_ms = median(cull, STEADY_FRAMES), sub_ms = median(sub, STEADY_FRAMES);
    fprintf(
        out,
        "{\"store\": \"%s\", \"products\": %u, \"placements\": %u, \"failed\": %u, "
        "\"scene_nodes\": %u, \"draw_calls\": %u, \"instances_visible\": %u, \"triangles\": %llu, "
        "\"world_ready_s\": %.3f, \"first_frame_s\": %.3f, \"all_loaded_s\": %.3f, "
        "\"loading_frames\": %u, \"worst_loading_frame_ms\": %.1f, "
        "\"worst_loading_update_ms\": %.1f, \"slowest_upload_ms\": %.1f, \"median_frame_ms\": "
        "%.1f, "
        "\"worst_minus_median_ms\": %.1f, \"steady_max_minus_median_ms\": %.1f, \"update_ms\": "
        "%.3f, \"cull_ms\": %.3f, "
        "\"submit_ms\": %.3f, \"cull_plus_submit_ms\": %.3f, \"render_cpu_ms\": %.3f, "
        "\"sandbox\": %s, \"peak_rss_mib\": %.1f, \"rss_before_store_mib\": %.1f",
        path, def->product_count, def->placement_count, vt__world_failed(w),
        vt_scene_node_count(scene), st.draw_calls, st.instances_visible,
        (unsigned long long)st.triangles, t_world, t_first, t_loaded, loading_frames,
        worst_loading * 1e3, worst_update * 1e3, w->upload_ms_max, med, worst_loading * 1e3 - med,
        steady_max - med, median(upd, STEADY_FRAMES), cull_ms, sub_ms, cull_ms + sub_ms,
        median(cpu, STEADY_FRAMES), opt_sandbox ? "true" : "false", peak_rss_mib(), rss_base);
    free(rgba);
    vt__world_destroy(w);
    /* The loading pipeline alone (import, variants, upload, instances) without
       frames in between, on a second world. */
    double l0 = vt_time_now(), load_only = -1;
    if (vt__world_create(
            &(vt__world_desc){
                .def = def, .renderer = r, .sandbox = opt_sandbox, .load_threads = opt_threads},
            &w) == VT_OK) {
        while (vt__world_pending(w) > vt__world_failed(w) && vt_time_now() - l0 < 120) {
            vt__world_update(w, 1e9);
            usleep(500);
        }
        load_only = vt_time_now() - l0;
        vt__world_destroy(w);
    }
    fprintf(out, ", \"load_only_s\": %.3f}", load_only);
    vt_renderer_destroy(r);
    vt_headless_destroy(gl);
    vt_store_def_free(def);
    return 0;
}

/* Runs run_store in a child so each store's peak RSS is its own. */
static void run_child(const char *path, const char *png) {
    fflush(stdout);
    int fd[2];
    if (pipe(fd) != 0) return;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        FILE *out = fdopen(fd[1], "w");
        int rc = run_store(path, png, out);
        fclose(out);
        _exit(rc);
    }
    close(fd[1]);
    char buf[8192];
    size_t n = 0;
    ssize_t k;
    while (n + 1 < sizeof buf && (k = read(fd[0], buf + n, sizeof buf - 1 - n)) > 0) n += (size_t)k;
    buf[n] = '\0';
    close(fd[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n)
        fputs(buf, stdout);
    else
        printf("{\"store\": \"%s\", \"error\": \"the child died (status %d)\"}", path, status);
}

/* ---- a stress store when there is no assetgen ---------------------------- */

static void write_model(const char *path, int variant) {
    /* A box body with a lid of another material: two meshes, like real products. */
    char json[8192];
    float sx = 0.15f + 0.02f * (float)(variant % 5), sy = 0.1f + 0.03f * (float)(variant % 7);
    vt_mesh_data a, b;
    vt_mesh_box((float[3]){sx, sy, sx}, &a);
    vt_mesh_box((float[3]){sx * 1.05f, 0.02f, sx * 1.05f}, &b);
    size_t va = a.vertex_count * 12, ia = a.index_count * 4;
    size_t vb = b.vertex_count * 12, ib = b.index_count * 4;
    size_t total = 2 * va + ia + 2 * vb + ib;
    uint8_t *bin = malloc(total), *p = bin;
    memcpy(p, a.positions, va), p += va;
    memcpy(p, a.normals, va), p += va;
    memcpy(p, a.indices, ia), p += ia;
    memcpy(p, b.positions, vb), p += vb;
    memcpy(p, b.normals, vb), p += vb;
    memcpy(p, b.indices, ib);
    int n = snprintf(
        json, sizeof json,
        "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0,1]}],"
        "\"nodes\":[{\"name\":\"body\",\"mesh\":0},{\"name\":\"lid\",\"mesh\":1,"
        "\"translation\":[0,%g,0]}],"
        "\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,\"NORMAL\":1},\"indices\":2,"
        "\"material\":0}]},{\"primitives\":[{\"attributes\":{\"POSITION\":3,\"NORMAL\":4},"
        "\"indices\":5,\"material\":1}]}],"
        "\"materials\":[{\"name\":\"Body\",\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.7,0.6,"
        "0.5,1],\"metallicFactor\":0,\"roughnessFactor\":0.5}},{\"name\":\"Lid\","
        "\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.8,0.8,0.8,1],\"metallicFactor\":1,"
        "\"roughnessFactor\":0.3}}],"
        "\"buffers\":[{\"byteLength\":%zu}],\"bufferViews\":["
        "{\"buffer\":0,\"byteOffset\":0,\"byteLength\":%zu},"
        "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu},"
        "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu},"
        "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu},"
        "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu},"
        "{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu}],"
        "\"accessors\":["
        "{\"bufferView\":0,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\",\"min\":[%g,%g,%g]"
        ","
        "\"max\":[%g,%g,%g]},"
        "{\"bufferView\":1,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\"},"
        "{\"bufferView\":2,\"componentType\":5125,\"count\":%u,\"type\":\"SCALAR\"},"
        "{\"bufferView\":3,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\",\"min\":[%g,%g,%g]"
        ","
        "\"max\":[%g,%g,%g]},"
        "{\"bufferView\":4,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\"},"
        "{\"bufferView\":5,\"componentType\":5125,\"count\":%u,\"type\":\"SCALAR\"}]}",
        0.5f * sy + 0.01f, total, va, va, va, 2 * va, ia, 2 * va + ia, vb, 2 * va + ia + vb, vb,
        2 * va + ia + 2 * vb, ib, a.vertex_count, -0.5f * sx, -0.5f * sy, -0.5f * sx, 0.5f * sx,
        0.5f * sy, 0.5f * sx, a.vertex_count, a.index_count, b.vertex_count, -0.525f * sx, -0.01f,
        -0.525f * sx, 0.525f * sx, 0.01f, 0.525f * sx, b.vertex_count, b.index_count);
    vt_glb_write(path, json, (size_t)n, bin, total);
    free(bin);
    vt_mesh_data_free(&a);
    vt_mesh_data_free(&b);
}

static bool write_stress_store(const char *dir, int count) {
    char path[1024];
    snprintf(path, sizeof path, "%s/models", dir);
    mkdir(path, 0777);
    for (int m = 0; m < STRESS_MODELS; m++) {
        snprintf(path, sizeof path, "%s/models/item-%02d.glb", dir, m);
        write_model(path, m);
    }
    snprintf(path, sizeof path, "%s/catalog.json", dir);
    FILE *c = fopen(path, "w");
    if (!c) return false;
    fprintf(c, "{\"currency\": \"EUR\", \"products\": [\n");
    for (int i = 0; i < count; i++)
        fprintf(
            c,
            "%s{\"id\": \"p%04d\", \"kind\": \"mug\", \"title\": \"Item %d\", \"brand\": "
            "\"Bench\", \"price\": {\"value\": \"9.90\", \"currency\": \"EUR\"}, \"model\": "
            "\"models/item-%02d.glb\", \"variants\": [{\"id\": \"p%04d-a\", \"title\": \"A\", "
            "\"color\": \"#B04030\", \"materials\": {\"Body\": {\"base_color\": \"#B04030\"}}}, "
            "{\"id\": \"p%04d-b\", \"title\": \"B\", \"color\": \"#3050B0\", \"materials\": "
            "{\"Body\": {\"base_color\": \"#3050B0\"}}}]}\n",
            i ? "," : "", i, i, i % STRESS_MODELS, i, i);
    fprintf(c, "]}\n");
    fclose(c);
    snprintf(path, sizeof path, "%s/store.json", dir);
    FILE *s = fopen(path, "w");
    if (!s) return false;
    /* 40 x 25 products on a grid 1 m apart in a 44 x 30 m hall. */
    fprintf(s, "{\"name\": \"Stress\", \"catalog\": \"catalog.json\", \"room\": {\"width\": 44, "
               "\"depth\": 30, \"height\": 4, \"floor\": {\"color\": \"#B89B74\"}, \"walls\": "
               "{\"color\": \"#EDE8E0\"}}, \"spawn\": {\"position\": [0, 14], \"yaw\": 0},\n"
               "\"placements\": [\n");
    for (int i = 0; i < count; i++)
        fprintf(s, "%s{\"product\": \"p%04d\", \"position\": [%g, 0, %g], \"yaw\": %d}\n",
                i ? "," : "", i, -19.5 + (double)(i % 40), -12.0 + (double)(i / 40),
                (i * 37) % 360);
    fprintf(s, "]}\n");
    fclose(s);
    return true;
}

int main(int argc, char **argv) {
    const char *demo = NULL, *stress = NULL, *png_dir = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--png") && i + 1 < argc)
            png_dir = argv[++i];
        else if (!strcmp(argv[i], "--budget") && i + 1 < argc)
            opt_budget = atof(argv[++i]);
        else if (!strcmp(argv[i], "--glthread"))
            setenv("mesa_glthread", "true", 1); /* before any context: llvmpipe's vertex stage
                                                   leaves the calling thread */
        else if (!strcmp(argv[i], "--sandbox"))
            opt_sandbox = true;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc)
            opt_threads = (uint32_t)atoi(argv[++i]);
        else if (!demo)
            demo = argv[i];
        else
            stress = argv[i];
    }
    char demo_buf[1024], stress_buf[1024], tmp[] = "/tmp/vt-store-bench-XXXXXX";
    if (!demo) {
        const char *src = getenv("VT_SOURCE_DIR");
        snprintf(demo_buf, sizeof demo_buf, "%s/assets/demo/store.json", src ? src : ".");
        demo = demo_buf;
    }
    const char *source = "given";
    if (!stress && mkdtemp(tmp)) {
        /* ${build}/assetgen: this binary lives in ${build}/tests/bench */
        char exe[1024], cmd[3072];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        exe[n > 0 ? n : 0] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        snprintf(cmd, sizeof cmd, "'%s/../../assetgen' --stress %d -o '%s' > /dev/null 2>&1", exe,
                 STRESS_PRODUCTS, tmp);
        snprintf(stress_buf, sizeof stress_buf, "%s/store.json", tmp);
        source = "assetgen";
        if (system(cmd) != 0 || access(stress_buf, R_OK) != 0) {
            source = "synthetic";
            write_stress_store(tmp, STRESS_PRODUCTS);
        }
        stress = stress_buf;
    }
    char png_demo[1200], png_stress[1200];
    if (png_dir) {
        snprintf(png_demo, sizeof png_demo, "%s/store_bench_demo.png", png_dir);
        snprintf(png_stress, sizeof png_stress, "%s/store_bench_stress.png", png_dir);
    }
    printf("{\"bench\": \"store\", \"width\": %d, \"height\": %d, \"budget_ms\": %g,\n \"demo\": ",
           W, H, opt_budget);
    if (access(demo, R_OK) == 0)
        run_child(demo, png_dir ? png_demo : NULL);
    else
        printf("{\"store\": \"%s\", \"error\": \"not found\"}", demo);
    printf(",\n \"stress_source\": \"%s\",\n \"stress\": ", source);
    run_child(stress, png_dir ? png_stress : NULL);
    printf("}\n");
    if (!strcmp(source, "given")) return 0;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    return system(cmd) == 0 ? 0 : 1;
}
