/* Importer mapping: what a glTF says ends up in vt_model, and bad input fails
   with the path and the cause. Data: tests/data/models (generate.py). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "asset/asset_internal.h"
#include "vitrine/asset.h"
#include "vitrine/core.h"
#include "vitrine/scene.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <stb_image.h>
#include <stb_image_write.h>

static char data_path[1024];

static const char *model(const char *name) {
    const char *root = getenv("VT_TEST_DATA");
    snprintf(data_path, sizeof data_path, "%s/models/%s", root ? root : "tests/data", name);
    return data_path;
}

static const char *corpus(const char *rel) {
    static char buf[1024];
    const char *root = getenv("VT_ASSIMP_MODELS");
    snprintf(buf, sizeof buf, "%s/%s", root ? root : "/usr/share/assimp/models", rel);
    return buf;
}

/* Warnings captured from the logger. */
static char warnings[8192];
static void capture(vt_log_level level, const char *module, const char *message, void *user) {
    (void)user;
    if (level < VT_LOG_WARN) return;
    size_t n = strlen(warnings);
    snprintf(warnings + n, sizeof warnings - n, "%s: %s\n", module, message);
}

static int setup(void **state) {
    (void)state;
    warnings[0] = '\0';
    vt_log_set_handler(capture, NULL);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    vt_log_set_handler(NULL, NULL);
    return 0;
}

static vt_model *load_ok(const char *path, bool in_process) {
    vt_model *m = NULL;
    vt_load_desc d = {.in_process = in_process};
    vt_result r = vt_model_load(path, &d, &m);
    if (r != VT_OK) fail_msg("%s", vt_last_error());
    assert_non_null(m);
    return m;
}

static int32_t material_named(const vt_model *m, const char *name) {
    for (uint32_t i = 0; i < m->material_count; i++)
        if (!strcmp(m->materials[i].name, name)) return (int32_t)i;
    return -1;
}

static const vt_model_mesh *mesh_with_material(const vt_model *m, const char *name) {
    int32_t mat = material_named(m, name);
    for (uint32_t i = 0; i < m->mesh_count; i++)
        if ((int32_t)m->meshes[i].material == mat) return &m->meshes[i];
    return NULL;
}

static void variants_map_onto_primitives(void **state) {
    (void)state;
    vt_model *m = load_ok(model("variants.gltf"), false);
    assert_int_equal(m->variant_count, 3);
    assert_string_equal(m->variants[0], "red");
    assert_string_equal(m->variants[1], "blue");
    assert_string_equal(m->variants[2], "navy");
    assert_int_equal(vt_model_find_variant(m, "blue"), 1);
    assert_int_equal(vt_model_find_variant(m, "green"), -1);
    /* all five glTF materials in file order (the unlit one is referenced by
       nothing: assimp drops it) plus the default for the primitive without one */
    assert_int_equal(m->material_count, 6);
    assert_string_equal(m->materials[0].name, "cloth");
    assert_string_equal(m->materials[4].name, "unused-unlit");
    assert_true(m->materials[4].unlit);
    assert_string_equal(m->materials[5].name, "default");

    const vt_model_mesh *body = mesh_with_material(m, "cloth");
    assert_non_null(body);
    assert_non_null(body->variant_materials);
    assert_int_equal(body->variant_materials[0], material_named(m, "red"));
    assert_int_equal(body->variant_materials[1], material_named(m, "blue"));
    assert_int_equal(body->variant_materials[2], material_named(m, "blue"));
    /* primitives without mappings keep their material in every variant */
    const vt_model_mesh *tag = mesh_with_material(m, "specgloss");
    assert_non_null(tag);
    assert_null(tag->variant_materials);
    const vt_model_mesh *plain = mesh_with_material(m, "default");
    assert_non_null(plain);
    assert_null(plain->variant_materials);
    vt_model_free(m);
}

static void emissive_strength_and_texture_transform_restored(void **state) {
    (void)state;
    vt_model *m = load_ok(model("variants.gltf"), false);
    const vt_material *c = &m->materials[material_named(m, "cloth")];
    assert_float_equal(c->emissive_strength, 5.0f, 1e-6f);
    assert_float_equal(c->emissive[1], 0.5f, 1e-6f);
    assert_true(c->extensions & VT_MATEXT_EMISSIVE_STRENGTH);
    assert_true(c->extensions & VT_MATEXT_TEXTURE_TRANSFORM);
    assert_int_equal(c->base_color_tex.texcoord, 1); /* the transform's texCoord wins */
    assert_float_equal(c->base_color_tex.offset[0], 0.5f, 1e-6f);
    assert_float_equal(c->base_color_tex.offset[1], 0.25f, 1e-6f);
    assert_float_equal(c->base_color_tex.scale[0], 2.0f, 1e-6f);
    assert_float_equal(c->base_color_tex.scale[1], 3.0f, 1e-6f);
    assert_float_equal(c->base_color_tex.rotation, 0.5f, 1e-6f);
    assert_float_equal(c->normal_tex.scale[0], 1.0f, 1e-6f); /* no transform: identity */
    assert_float_equal(c->normal_scale, 0.5f, 1e-6f);
    assert_int_equal(c->alpha_mode, VT_ALPHA_MASK);
    assert_float_equal(c->alpha_cutoff, 0.3f, 1e-6f);
    assert_true(c->double_sided);
    assert_true(c->extensions & VT_MATEXT_CLEARCOAT);
    assert_float_equal(c->clearcoat, 0.5f, 1e-6f);
    assert_float_equal(c->clearcoat_roughness, 0.25f, 1e-6f);
    assert_float_equal(c->metallic, 0.0f, 1e-6f);
    assert_float_equal(c->roughness, 0.7f, 1e-6f);
    /* two UV sets kept */
    const vt_model_mesh *body = mesh_with_material(m, "cloth");
    assert_non_null(body->data.uv0);
    assert_non_null(body->data.uv1);
    assert_non_null(body->data.normals);
    vt_model_free(m);
}

static void spec_gloss_converted_to_metal_rough(void **state) {
    (void)state;
    vt_model *m = load_ok(model("variants.gltf"), true);
    const vt_material *s = &m->materials[material_named(m, "specgloss")];
    assert_true(s->extensions & VT_MATEXT_SPECULAR_GLOSSINESS);
    /* a dielectric specular of 0.04 is no metal; diffuse 0.5 stays the base colour */
    assert_float_equal(s->metallic, 0.0f, 1e-4f);
    assert_float_equal(s->roughness, 0.25f, 1e-6f);
    assert_float_equal(s->base_color[0], 0.5f, 1e-3f);
    assert_float_equal(s->base_color[3], 1.0f, 1e-6f);
    vt_model_free(m);
}

static void spec_gloss_textures_baked_per_texel(void **state) {
    (void)state;
    /* diffuse texture, specular 0.2, glossiness 1 (KHR sample conversion) */
    vt_model *m =
        load_ok(corpus("glTF2/BoxTextured-glTF-pbrSpecularGlossiness/BoxTextured.gltf"), false);
    const vt_material *mt = &m->materials[0];
    assert_true(mt->extensions & VT_MATEXT_SPECULAR_GLOSSINESS);
    assert_true(mt->base_color_tex.image >= 0);
    assert_true(mt->metallic_roughness_tex.image >= 0);
    assert_float_equal(mt->metallic, 1.0f, 0); /* factors baked into the images */
    assert_float_equal(mt->roughness, 1.0f, 0);
    const vt_image *mr = &m->images[mt->metallic_roughness_tex.image];
    const vt_image *bc = &m->images[mt->base_color_tex.image];
    assert_int_equal(mr->width, bc->width);
    int lo = 255, hi = 0;
    for (size_t p = 0; p < (size_t)mr->width * mr->height; p++) {
        assert_int_equal(mr->pixels[p * 4 + 1], 0); /* glossiness 1: roughness 0 */
        int metal = mr->pixels[p * 4 + 2];
        lo = metal < lo ? metal : lo;
        hi = metal > hi ? metal : hi;
    }
    /* a specular of 0.2 makes dark diffuse texels more metal than bright ones:
       the texture varies, it is not one factor */
    assert_true(hi - lo > 40);
    const vt_image *src = &m->images[0]; /* the diffuse texture, texel 0 is light grey */
    assert_true(src->pixels[0] > 200);
    assert_true(mr->pixels[2] < hi);
    vt_model_free(m);
}

static void punctual_light_lands_on_its_node(void **state) {
    (void)state;
    vt_model *m = load_ok(model("variants.gltf"), false);
    assert_int_equal(m->light_count, 1);
    int32_t lamp = -1;
    for (uint32_t i = 0; i < m->node_count; i++)
        if (!strcmp(m->nodes[i].name, "lamp")) lamp = (int32_t)i;
    assert_true(lamp >= 0);
    assert_int_equal(m->nodes[lamp].light, 0);
    assert_int_equal(m->lights[0].type, VT_LIGHT_SPOT);
    assert_float_equal(m->lights[0].intensity, 40.0f, 1e-4f);
    assert_float_equal(m->lights[0].color[1], 0.5f, 1e-6f);
    assert_float_equal(m->lights[0].range, 10.0f, 1e-6f);
    assert_float_equal(m->lights[0].outer_cone, 0.6f, 1e-6f);
    /* parents precede children */
    for (uint32_t i = 0; i < m->node_count; i++) assert_true(m->nodes[i].parent < (int32_t)i);
    vt_model_free(m);
}

static void missing_texture_becomes_placeholder_with_warning(void **state) {
    (void)state;
    vt_model *m = load_ok(model("variants.gltf"), false);
    const vt_material *c = &m->materials[material_named(m, "cloth")];
    assert_true(c->normal_tex.image >= 0);
    const vt_image *img = &m->images[c->normal_tex.image];
    assert_true(img->placeholder);
    assert_true(img->width >= 8 && img->height >= 8);
    assert_int_equal(img->pixels[0], 255); /* magenta */
    assert_int_equal(img->pixels[1], 0);
    assert_int_equal(img->pixels[2], 255);
    assert_non_null(strstr(warnings, "texture missing_normal.png missing"));
    /* the embedded one decoded */
    const vt_image *bc = &m->images[c->base_color_tex.image];
    assert_false(bc->placeholder);
    assert_int_equal(bc->width, 4);
    assert_int_equal(bc->pixels[3], 255);
    vt_model_free(m);
}

static void sandboxed_and_in_process_loads_agree(void **state) {
    (void)state;
    vt_model *a = load_ok(model("good.glb"), false);
    vt_model *b = load_ok(model("good.glb"), true);
    assert_int_equal(a->mesh_count, b->mesh_count);
    assert_int_equal(a->node_count, b->node_count);
    assert_int_equal(a->image_count, 1);
    assert_int_equal(b->image_count, 1);
    assert_int_equal(a->meshes[0].data.vertex_count, b->meshes[0].data.vertex_count);
    assert_memory_equal(a->meshes[0].data.positions, b->meshes[0].data.positions,
                        a->meshes[0].data.vertex_count * 3 * sizeof(float));
    assert_memory_equal(a->meshes[0].data.indices, b->meshes[0].data.indices,
                        a->meshes[0].data.index_count * sizeof(uint32_t));
    assert_memory_equal(a->images[0].pixels, b->images[0].pixels, 64 * 64 * 4);
    assert_memory_equal(&a->materials[0], &b->materials[0], sizeof(vt_material));
    assert_string_equal(a->format, "glb");
    assert_float_equal(a->bounds.max[1], 0.15f, 1e-6f);
    vt_model_stats st = vt_model_query_stats(a);
    assert_int_equal(st.triangles, 12);
    assert_int_equal(st.draw_calls, 1);
    vt_model_free(a);
    vt_model_free(b);
}

static void fbx_centimetres_become_metres(void **state) {
    (void)state;
    /* cubes_with_names.fbx declares UnitScaleFactor 1 (centimetres) */
    vt_model *m = load_ok(corpus("FBX/cubes_with_names.fbx"), false);
    assert_float_equal(m->unit_scale, 0.01f, 1e-7f);
    float size[3];
    vt_aabb_size(&m->bounds, size);
    assert_true(size[0] > 0.1f && size[0] < 0.5f); /* ~0.21 m, not 21 */
    vt_model_free(m);
}

static void malformed_gltf_json_is_parse_error_naming_path(void **state) {
    (void)state;
    vt_model *m = NULL;
    const char *p = model("malformed.gltf");
    assert_int_equal(vt_model_load(p, NULL, &m), VT_ERR_PARSE);
    assert_null(m);
    assert_memory_equal(vt_last_error(), p, strlen(p));
    assert_non_null(strstr(vt_last_error(), "line 1"));
    assert_null(strchr(vt_last_error(), '\n'));
}

static void missing_file_is_io_error(void **state) {
    (void)state;
    vt_model *m = NULL;
    assert_int_equal(vt_model_load("/nonexistent/x.glb", NULL, &m), VT_ERR_IO);
    assert_string_equal(vt_last_error(),
                        "/nonexistent/x.glb: cannot open: No such file or directory");
}

static void out_of_memory_off_fails_quickly(void **state) {
    (void)state;
    vt_model *m = NULL;
    double t0 = vt_time_now();
    vt_result r = vt_model_load(corpus("invalid/OutOfMemory.off"), NULL, &m);
    double dt = vt_time_now() - t0;
    assert_null(m);
    assert_true(r == VT_ERR_LIMIT || r == VT_ERR_PARSE);
    assert_true(dt < 5.0);
    assert_non_null(strstr(vt_last_error(), "OutOfMemory.off: "));
}

static void memory_limit_kills_the_importer(void **state) {
    (void)state;
    vt_model *m = NULL;
    vt_load_desc d = {.max_memory_bytes = 1 << 20}; /* less than any process needs */
    vt_result r = vt_model_load(corpus("OBJ/spider.obj"), &d, &m);
    assert_null(m);
    if (r != VT_ERR_LIMIT ||
        !strstr(vt_last_error(), "spider.obj: import exceeded 1 MiB of memory"))
        fail_msg("%d %s", r, vt_last_error());
}

/* An n x n grid of quads as an OBJ file; returns its path. */
static const char *write_big_obj(int n) {
    const char *p = "/tmp/vt_asset_test_big.obj";
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    for (int y = 0; y <= n; y++)
        for (int x = 0; x <= n; x++) fprintf(f, "v %d %d %d\n", x, y, (x * y) % 7);
    for (int y = 0; y < n; y++)
        for (int x = 0; x < n; x++) {
            int a = y * (n + 1) + x + 1;
            fprintf(f, "f %d %d %d %d\n", a, a + 1, a + n + 2, a + n + 1);
        }
    fclose(f);
    return p;
}

static void timeout_kills_the_importer(void **state) {
    (void)state;
    /* an OBJ big enough to take well over 20 ms */
    const int n = 300;
    const char *p = write_big_obj(n);
    vt_model *m = NULL;
    vt_load_desc d = {.timeout_s = 0.02};
    assert_int_equal(vt_model_load(p, &d, &m), VT_ERR_LIMIT);
    assert_null(m);
    assert_non_null(strstr(vt_last_error(), "big.obj: import took longer than 0.02 s"));
    /* and with time it loads */
    m = load_ok(p, false);
    assert_int_equal(vt_model_query_stats(m).triangles, 2 * n * n);
    vt_model_free(m);
    remove(p);
}

static void worker_is_reused_between_imports(void **state) {
    (void)state;
    vt_model *a = load_ok(model("good.glb"), false);
    pid_t pid = vt__import_worker_pid();
    assert_true(pid > 0);
    assert_int_not_equal(pid, getpid());
    vt_model *b = load_ok(corpus("OBJ/spider.obj"), false);
    assert_int_equal(vt__import_worker_pid(), pid);
    vt_model *c = load_ok(model("good.glb"), false);
    assert_int_equal(vt__import_worker_pid(), pid);
    assert_int_equal(c->meshes[0].data.vertex_count, a->meshes[0].data.vertex_count);
    assert_memory_equal(c->meshes[0].data.positions, a->meshes[0].data.positions,
                        a->meshes[0].data.vertex_count * 3 * sizeof(float));
    assert_memory_equal(c->images[0].pixels, a->images[0].pixels, 64 * 64 * 4);
    vt_model_free(a);
    vt_model_free(b);
    vt_model_free(c);
}

static void import_after_memory_limit_starts_fresh_worker(void **state) {
    (void)state;
    vt_model_free(load_ok(model("good.glb"), false));
    pid_t before = vt__import_worker_pid();
    assert_true(before > 0);
    vt_model *m = NULL;
    const char *p = corpus("invalid/OutOfMemory.off");
    vt_result r = vt_model_load(p, NULL, &m);
    assert_null(m);
    if (r != VT_ERR_LIMIT || !strstr(vt_last_error(), "OutOfMemory.off: import exceeded"))
        fail_msg("%d %s", r, vt_last_error());
    m = load_ok(model("good.glb"), false);
    assert_int_equal(vt_model_query_stats(m).triangles, 12);
    pid_t after = vt__import_worker_pid();
    assert_true(after > 0);
    assert_int_not_equal(after, before);
    vt_model_free(m);
}

static void limits_still_apply_to_warm_worker(void **state) {
    (void)state;
    /* warm: the worker has imported the model once and kept its heap */
    vt_model_free(load_ok(corpus("OBJ/spider.obj"), false));
    vt_model_free(load_ok(corpus("OBJ/spider.obj"), false));
    pid_t warm = vt__import_worker_pid();
    assert_true(warm > 0);
    vt_model *m = NULL;
    vt_load_desc d = {.max_memory_bytes = 1 << 20};
    vt_result r = vt_model_load(corpus("OBJ/spider.obj"), &d, &m);
    assert_null(m);
    if (r != VT_ERR_LIMIT ||
        !strstr(vt_last_error(), "spider.obj: import exceeded 1 MiB of memory"))
        fail_msg("%d %s", r, vt_last_error());
    /* and again on the fresh worker that replaces it */
    r = vt_model_load(corpus("OBJ/spider.obj"), &d, &m);
    assert_int_equal(r, VT_ERR_LIMIT);
    assert_null(m);
    /* the time limit too */
    const char *p = write_big_obj(300);
    vt_model_free(load_ok(model("good.glb"), false));
    d = (vt_load_desc){.timeout_s = 0.02};
    assert_int_equal(vt_model_load(p, &d, &m), VT_ERR_LIMIT);
    assert_non_null(strstr(vt_last_error(), "big.obj: import took longer than 0.02 s"));
    vt_model_free(load_ok(model("good.glb"), false));
    remove(p);
}

typedef struct kill_later {
    pid_t pid;
    int sig;
    double delay_s;
} kill_later;

static void *kill_after(void *arg) {
    const kill_later *k = arg;
    nanosleep(&(struct timespec){.tv_nsec = (long)(k->delay_s * 1e9)}, NULL);
    kill(k->pid, k->sig);
    return NULL;
}

static void import_after_crash_recovers(void **state) {
    (void)state;
    vt_model_free(load_ok(model("good.glb"), false));
    pid_t first = vt__import_worker_pid();
    assert_true(first > 0);
    /* a worker that crashes mid-import: a parse error naming the signal */
    const char *p = write_big_obj(600);
    kill_later k = {.pid = first, .sig = SIGSEGV, .delay_s = 0.02};
    pthread_t t;
    assert_int_equal(pthread_create(&t, NULL, kill_after, &k), 0);
    vt_model *m = NULL;
    vt_result r = vt_model_load(p, NULL, &m);
    pthread_join(t, NULL);
    assert_null(m);
    if (r != VT_ERR_PARSE || !strstr(vt_last_error(), "big.obj: importer crashed (signal 11)"))
        fail_msg("%d %s", r, vt_last_error());
    remove(p);
    vt_model_free(load_ok(model("good.glb"), false));
    pid_t second = vt__import_worker_pid();
    assert_true(second > 0);
    assert_int_not_equal(second, first);
    /* one that dies between imports is replaced without an error */
    kill(second, SIGKILL);
    while (waitpid(second, NULL, 0) < 0 && errno == EINTR) {
    }
    vt_model_free(load_ok(model("good.glb"), false));
    assert_int_not_equal(vt__import_worker_pid(), second);
}

static void *load_good_on_thread(void *arg) {
    vt_model *m = NULL;
    *(vt_result *)arg = vt_model_load(model("good.glb"), NULL, &m);
    vt_model_free(m);
    return NULL;
}

static void worker_started_on_a_thread_outlives_it(void **state) {
    (void)state;
    /* a fresh worker, started by a job thread that then exits */
    vt_model *m = NULL;
    vt_load_desc d = {.timeout_s = 0.001};
    const char *p = write_big_obj(300);
    assert_int_equal(vt_model_load(p, &d, &m), VT_ERR_LIMIT);
    remove(p);
    vt_result r[2] = {VT_ERR_IO, VT_ERR_IO};
    pthread_t t[2];
    assert_int_equal(pthread_create(&t[0], NULL, load_good_on_thread, &r[0]), 0);
    pthread_join(t[0], NULL);
    assert_int_equal(r[0], VT_OK);
    pid_t pid = vt__import_worker_pid();
    assert_true(pid > 0);
    /* two threads at once share it, one after the other */
    assert_int_equal(pthread_create(&t[0], NULL, load_good_on_thread, &r[0]), 0);
    assert_int_equal(pthread_create(&t[1], NULL, load_good_on_thread, &r[1]), 0);
    pthread_join(t[0], NULL);
    pthread_join(t[1], NULL);
    assert_int_equal(r[0], VT_OK);
    assert_int_equal(r[1], VT_OK);
    vt_model_free(load_ok(model("good.glb"), false));
    assert_int_equal(vt__import_worker_pid(), pid);
}

static void forked_host_does_not_share_the_worker(void **state) {
    (void)state;
    vt_model_free(load_ok(model("good.glb"), false));
    pid_t parents = vt__import_worker_pid();
    assert_true(parents > 0);
    pid_t child = fork();
    if (child == 0) {
        /* the child forgets its parent's worker and starts its own */
        int code = vt__import_worker_pid() != 0 ? 1 : 0;
        vt_model *m = NULL;
        if (!code && vt_model_load(model("good.glb"), NULL, &m) != VT_OK) code = 2;
        pid_t own = vt__import_worker_pid();
        if (!code && (own <= 0 || own == parents)) code = 3;
        vt_model_free(m);
        _exit(code);
    }
    assert_true(child > 0);
    int status = 0;
    assert_int_equal(waitpid(child, &status, 0), child);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    vt_model_free(load_ok(model("good.glb"), false));
    assert_int_equal(vt__import_worker_pid(), parents);
}

static void malformed_extensions_are_warnings(void **state) {
    (void)state;
    vt_model *m = load_ok(model("bad_extensions.gltf"), false);
    assert_int_equal(m->variant_count, 2);
    assert_string_equal(m->variants[0], "only");
    assert_string_equal(m->variants[1], "variant 1");
    assert_non_null(m->meshes[0].variant_materials);
    assert_int_equal(m->meshes[0].variant_materials[0], 0);
    assert_float_equal(m->materials[0].emissive_strength, 1.0f, 0);
    assert_float_equal(m->materials[0].roughness, 1.0f, 0); /* 7 clamped */
    assert_non_null(strstr(warnings, "metallicFactor is not a number"));
    assert_non_null(strstr(warnings, "variant index out of range"));
    vt_model_free(m);
}

static void instantiate_builds_nodes_with_meshes_and_lights(void **state) {
    (void)state;
    vt_model *m = load_ok(model("variants.gltf"), false);
    vt_scene *s = NULL;
    assert_int_equal(vt_scene_create(&(vt_scene_desc){0}, &s), VT_OK);
    vt_node root;
    assert_int_equal(vt_model_instantiate(m, s, (vt_node){0}, 100, &root), VT_OK);
    assert_true(vt_node_valid(s, root));
    vt_node body = vt_node_find(s, "body");
    assert_true(vt_node_valid(s, body));
    assert_true(vt_node_get_mesh(s, body) >= 100);
    assert_true(vt_node_valid(s, vt_node_find(s, "lamp")));
    vt_scene_update(s);
    assert_int_equal(vt_scene_lights(s, NULL, 0), 1);
    assert_int_equal(vt_scene_cull(s, NULL, NULL, 0), vt_model_query_stats(m).draw_calls);
    vt_scene_destroy(s);
    vt_model_free(m);
}

/* A scene that fills up while a node's second mesh gets its child node: the
   whole instance is undone and the error says so, as when a node itself does
   not fit (it used to stop quietly with that mesh missing). */
static void instantiate_into_a_full_scene_fails_whole(void **state) {
    (void)state;
    vt_model *m = calloc(1, sizeof *m);
    snprintf(m->path, sizeof m->path, "two-meshes.glb");
    m->meshes = calloc(2, sizeof *m->meshes);
    m->mesh_count = 2;
    const float size[3] = {0.1f, 0.1f, 0.1f};
    for (int i = 0; i < 2; i++) {
        assert_int_equal(vt_mesh_box(size, &m->meshes[i].data), VT_OK);
        m->meshes[i].bounds = vt_mesh_bounds(&m->meshes[i].data);
    }
    m->nodes = calloc(1, sizeof *m->nodes);
    m->node_count = 1;
    m->nodes[0].parent = -1;
    m->nodes[0].light = -1;
    m->nodes[0].meshes = calloc(2, sizeof(uint32_t));
    m->nodes[0].meshes[1] = 1;
    m->nodes[0].mesh_count = 2;
    vt_scene *s = NULL;
    /* room for the model's root and its node, not for the second mesh's child */
    assert_int_equal(vt_scene_create(&(vt_scene_desc){.max_nodes = 2}, &s), VT_OK);
    vt_node root = {0};
    assert_int_equal(vt_model_instantiate(m, s, (vt_node){0}, 1, &root), VT_ERR_LIMIT);
    assert_non_null(strstr(vt_last_error(), "scene is full"));
    assert_int_equal(root.id, 0);
    assert_int_equal(vt_scene_node_count(s), 0);
    vt_scene_destroy(s);
    /* with room for all three it succeeds */
    assert_int_equal(vt_scene_create(&(vt_scene_desc){.max_nodes = 3}, &s), VT_OK);
    assert_int_equal(vt_model_instantiate(m, s, (vt_node){0}, 1, &root), VT_OK);
    assert_int_equal(vt_scene_node_count(s), 3);
    vt_scene_destroy(s);
    vt_model_free(m);
}

/* Writes path: one triangle whose texture's image only the glTF pass reads
   (the texture names it through an extension, so assimp never loads it),
   stored in the external buffer file bin under a bufferView view_len long. */
static void write_gltf_with_external_image(const char *path, const char *bin,
                                           unsigned long long view_len) {
    /* positions (36 bytes) then indices (6 + 2 padding) */
    const char *tri = "AAAAAAAAAAAAAAAAAACAPwAAAAAAAAAAAAAAAAAAgD8AAAAAAAABAAIAAAA=";
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fprintf(f,
            "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
            "\"nodes\":[{\"mesh\":0}],\"meshes\":[{\"primitives\":[{\"attributes\":"
            "{\"POSITION\":0},\"indices\":1,\"material\":0}]}],"
            "\"materials\":[{\"pbrMetallicRoughness\":{\"baseColorTexture\":{\"index\":0}}}],"
            "\"textures\":[{\"extensions\":{\"EXT_texture_webp\":{\"source\":0}}}],"
            "\"images\":[{\"bufferView\":2,\"mimeType\":\"image/webp\"}],"
            "\"buffers\":[{\"byteLength\":44,\"uri\":\"data:application/"
            "octet-stream;base64,%s\"},{\"byteLength\":%llu,\"uri\":\"%s\"}],"
            "\"bufferViews\":[{\"buffer\":0,\"byteLength\":36},{\"buffer\":0,"
            "\"byteOffset\":36,\"byteLength\":6},{\"buffer\":1,\"byteLength\":%llu}],"
            "\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,\"type\":"
            "\"VEC3\",\"min\":[0,0,0],\"max\":[1,1,0]},{\"bufferView\":1,\"componentType\":"
            "5123,\"count\":3,\"type\":\"SCALAR\"}]}",
            tri, view_len, bin, view_len);
    fclose(f);
}

/* The external buffer file, not the bufferView's byteLength, bounds what the
   glTF pass reads: a 4 TiB view into a 64-byte file is refused before any
   allocation, and a FIFO named as the buffer is refused instead of blocking
   the import (it used to wait for a writer until the time limit). */
static void external_buffer_is_checked_before_it_is_read(void **state) {
    (void)state;
    const char *bin = "/tmp/vt_asset_test_view.bin", *path = "/tmp/vt_asset_test_view.gltf";
    FILE *f = fopen(bin, "wb");
    assert_non_null(f);
    for (int i = 0; i < 64; i++) fputc(0, f);
    fclose(f);
    write_gltf_with_external_image(path, bin, 1ull << 42);
    vt_model *m = load_ok(path, true);
    assert_int_equal(m->image_count, 1);
    assert_true(m->images[0].placeholder);
    assert_non_null(strstr(warnings, "runs past its buffer file"));
    vt_model_free(m);
    remove(bin);

    const char *fifo = "/tmp/vt_asset_test_view.fifo";
    remove(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    write_gltf_with_external_image(path, fifo, 64);
    vt_load_desc d = {.timeout_s = 5};
    m = NULL;
    vt_result r = vt_model_load(path, &d, &m);
    if (r != VT_OK) fail_msg("%s", vt_last_error());
    assert_true(m->images[0].placeholder);
    vt_model_free(m);
    remove(fifo);
    remove(path);
}

/* An image URI naming a FIFO is a missing texture, not an import that waits
   for a writer until its time limit (vt_file_read opened it blocking). */
static void image_uri_naming_a_fifo_is_a_placeholder(void **state) {
    (void)state;
    const char *fifo = "/tmp/vt_asset_test_image.fifo", *path = "/tmp/vt_asset_test_fifo.gltf";
    remove(fifo);
    assert_int_equal(mkfifo(fifo, 0600), 0);
    json_error_t err;
    json_t *doc = json_load_file(model("variants.gltf"), 0, &err);
    assert_non_null(doc);
    size_t i;
    json_t *img;
    json_array_foreach(json_object_get(doc, "images"), i, img)
        json_object_set_new(img, "uri", json_string(fifo));
    assert_int_equal(json_dump_file(doc, path, 0), 0);
    json_decref(doc);
    vt_load_desc d = {.timeout_s = 5};
    vt_model *m = NULL;
    vt_result r = vt_model_load(path, &d, &m);
    if (r != VT_OK) fail_msg("%s", vt_last_error());
    assert_true(m->image_count > 0);
    for (uint32_t k = 0; k < m->image_count; k++) assert_true(m->images[k].placeholder);
    assert_non_null(strstr(warnings, "not a regular file"));
    vt_model_free(m);
    remove(fifo);
    remove(path);
}

static void hdr_load_rejects_non_hdr_and_reads_hdr(void **state) {
    (void)state;
    vt_hdr_image img;
    assert_int_equal(vt_hdr_load(model("good.glb"), &img), VT_ERR_PARSE);
    assert_non_null(strstr(vt_last_error(), "good.glb: not a Radiance HDR"));
    const char *p = "/tmp/vt_asset_test.hdr";
    float px[2 * 1 * 3] = {0.5f, 1.0f, 2.0f, 4.0f, 0.25f, 0.125f};
    assert_true(stbi_write_hdr(p, 2, 1, 3, px));
    assert_int_equal(vt_hdr_load(p, &img), VT_OK);
    assert_int_equal(img.width, 2);
    assert_float_equal(img.rgb[2], 2.0f, 0.02f);
    assert_float_equal(img.rgb[3], 4.0f, 0.05f);
    vt_hdr_free(&img);
    remove(p);
}

static void png_write_round_trips(void **state) {
    (void)state;
    const char *p = "/tmp/vt_asset_test.png";
    uint8_t px[2 * 2 * 4] = {255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 1, 2, 3, 4};
    assert_int_equal(vt_png_write(p, 2, 2, px), VT_OK);
    int w, h, c;
    uint8_t *back = stbi_load(p, &w, &h, &c, 4);
    assert_non_null(back);
    assert_memory_equal(back, px, sizeof px);
    stbi_image_free(back);
    remove(p);
    assert_int_equal(vt_png_write("/nonexistent/dir/x.png", 2, 2, px), VT_ERR_IO);
}

/* A one-triangle GLB written with vt_glb_write: chunks padded to 4 bytes (JSON
   with spaces, BIN with zeros), lengths in the header right, and it loads. */
static void glb_write_pads_chunks_and_loads(void **state) {
    (void)state;
    const char *p = "/tmp/vt_asset_test.glb";
    const float pos[9] = {0, 0, 0, 1, 0, 0, 0, 1, 0};
    const uint16_t idx[3] = {0, 1, 2}; /* 6 bytes: the BIN chunk needs 2 bytes of padding */
    uint8_t bin[42];
    memcpy(bin, pos, 36);
    memcpy(bin + 36, idx, 6);
    const char *json =
        "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
        "\"nodes\":[{\"mesh\":0}],\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0},"
        "\"indices\":1}]}],\"accessors\":[{\"bufferView\":0,\"componentType\":5126,\"count\":3,"
        "\"type\":\"VEC3\",\"min\":[0,0,0],\"max\":[1,1,0]},{\"bufferView\":1,"
        "\"componentType\":5123,\"count\":3,\"type\":\"SCALAR\"}],\"bufferViews\":[{\"buffer\":0,"
        "\"byteLength\":36},{\"buffer\":0,\"byteOffset\":36,\"byteLength\":6}],"
        "\"buffers\":[{\"byteLength\":44}]}";
    size_t jlen = strlen(json);
    assert_int_equal(vt_glb_write(p, json, jlen, bin, sizeof bin), VT_OK);
    void *data = NULL;
    size_t size = 0;
    assert_int_equal(vt_file_read(p, 0, &data, &size), VT_OK);
    const uint8_t *d = data;
    uint32_t head[5];
    memcpy(head, d, sizeof head);
    size_t jpad = (jlen + 3) & ~(size_t)3;
    assert_int_equal(head[0], 0x46546C67u);
    assert_int_equal(head[1], 2);
    assert_int_equal(head[2], size);
    assert_int_equal(head[3], jpad);
    assert_int_equal(size, 12 + 8 + jpad + 8 + 44);
    for (size_t i = jlen; i < jpad; i++) assert_int_equal(d[20 + i], ' ');
    assert_int_equal(d[size - 1], 0);
    assert_int_equal(d[size - 2], 0);
    free(data);
    vt_model *m = NULL;
    assert_int_equal(vt_model_load(p, NULL, &m), VT_OK);
    assert_int_equal(vt_model_query_stats(m).triangles, 1);
    vt_model_free(m);
    remove(p);
    assert_int_equal(vt_glb_write("/nonexistent/dir/x.glb", json, jlen, bin, sizeof bin),
                     VT_ERR_IO);
}

/* Sets the member at a JSON pointer ("/a/0/b") to v (stolen); false if a parent is missing. */
static bool set_pointer(json_t *root, const char *ptr, json_t *v) {
    char buf[256];
    snprintf(buf, sizeof buf, "%s", ptr);
    json_t *o = root;
    char *save = NULL, *tok = strtok_r(buf + 1, "/", &save);
    while (tok) {
        char *next = strtok_r(NULL, "/", &save);
        if (json_is_array(o)) {
            size_t i = (size_t)atoi(tok);
            if (!next) return json_array_set_new(o, i, v) == 0;
            o = json_array_get(o, i);
        } else if (json_is_object(o)) {
            if (!next) return json_object_set_new(o, tok, v) == 0;
            o = json_object_get(o, tok);
        } else {
            break;
        }
        if (!o) break;
        tok = next;
    }
    json_decref(v);
    return false;
}

static void mutated_gltf_fails_cleanly_or_loads(void **state) {
    (void)state;
    static const char *targets[] = {
        "/extensions/KHR_materials_variants/variants",
        "/extensions/KHR_materials_variants/variants/1",
        "/meshes/0/primitives/0/extensions/KHR_materials_variants/mappings/0/material",
        "/meshes/0/primitives/0/extensions/KHR_materials_variants/mappings/1/variants",
        "/meshes/0/primitives/0/extensions/KHR_materials_variants/mappings",
        "/materials/0/extensions/KHR_materials_emissive_strength/emissiveStrength",
        "/materials/0/pbrMetallicRoughness/baseColorTexture/extensions/KHR_texture_transform",
        "/materials/0/pbrMetallicRoughness/baseColorTexture/extensions/KHR_texture_transform/"
        "offset",
        "/materials/0/pbrMetallicRoughness/baseColorTexture/extensions/KHR_texture_transform/"
        "texCoord",
        "/materials/0/normalTexture/index",
        "/materials/0/extensions/KHR_materials_clearcoat",
        "/materials/3/extensions/KHR_materials_pbrSpecularGlossiness/diffuseFactor",
        "/materials/3/extensions/KHR_materials_pbrSpecularGlossiness",
        "/extensions/KHR_lights_punctual/lights/0/spot",
        "/extensions/KHR_lights_punctual/lights",
        "/nodes/3/extensions/KHR_lights_punctual/light",
        "/images/1/uri",
        "/images/0/uri",
        "/textures/0/source",
        "/scenes/0/nodes",
        "/nodes/0/children",
        "/asset/version",
    };
    const char *values[] = {"null", "-1", "99999", "\"x\"", "[]", "{}", "1.5", "[1, 2, 3]"};
    json_error_t err;
    json_t *orig = json_load_file(model("variants.gltf"), 0, &err);
    assert_non_null(orig);
    const char *p = "/tmp/vt_asset_test_mutated.gltf";
    unsigned loaded = 0, refused = 0;
    for (size_t t = 0; t < sizeof targets / sizeof targets[0]; t++)
        for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
            json_t *doc = json_deep_copy(orig);
            json_t *v = json_loads(values[k], JSON_DECODE_ANY, &err);
            assert_non_null(v);
            if (!set_pointer(doc, targets[t], v)) {
                json_decref(doc);
                continue;
            }
            /* relative image paths resolve next to the test data */
            json_t *imgs = json_object_get(doc, "images");
            json_t *i1 = json_array_get(imgs, 1);
            if (json_is_object(i1) && json_is_string(json_object_get(i1, "uri")))
                json_object_set_new(i1, "uri", json_string("missing_normal.png"));
            assert_int_equal(json_dump_file(doc, p, 0), 0);
            json_decref(doc);
            vt_model *m = NULL;
            vt_load_desc d = {.timeout_s = 10};
            vt_result r = vt_model_load(p, &d, &m);
            if (r == VT_OK) {
                loaded++;
                vt_validation val;
                assert_int_equal(vt_model_validate(m, VT_PROFILE_WEB, &val), VT_OK);
                vt_validation_free(&val);
                vt_model_free(m);
            } else {
                refused++;
                /* one line naming the file; never a sanitizer abort in the child */
                assert_memory_equal(vt_last_error(), p, strlen(p));
                if (strstr(vt_last_error(), "exit status") || strstr(vt_last_error(), "longer"))
                    fail_msg("%s = %s: %s", targets[t], values[k], vt_last_error());
            }
        }
    json_decref(orig);
    remove(p);
    assert_true(loaded > 0);
    assert_true(refused > 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(variants_map_onto_primitives, setup, teardown),
        cmocka_unit_test_setup_teardown(emissive_strength_and_texture_transform_restored, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(spec_gloss_converted_to_metal_rough, setup, teardown),
        cmocka_unit_test_setup_teardown(spec_gloss_textures_baked_per_texel, setup, teardown),
        cmocka_unit_test_setup_teardown(punctual_light_lands_on_its_node, setup, teardown),
        cmocka_unit_test_setup_teardown(missing_texture_becomes_placeholder_with_warning, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(sandboxed_and_in_process_loads_agree, setup, teardown),
        cmocka_unit_test_setup_teardown(fbx_centimetres_become_metres, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_gltf_json_is_parse_error_naming_path, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(missing_file_is_io_error, setup, teardown),
        cmocka_unit_test_setup_teardown(out_of_memory_off_fails_quickly, setup, teardown),
        cmocka_unit_test_setup_teardown(memory_limit_kills_the_importer, setup, teardown),
        cmocka_unit_test_setup_teardown(timeout_kills_the_importer, setup, teardown),
        cmocka_unit_test_setup_teardown(worker_is_reused_between_imports, setup, teardown),
        cmocka_unit_test_setup_teardown(import_after_memory_limit_starts_fresh_worker, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(limits_still_apply_to_warm_worker, setup, teardown),
        cmocka_unit_test_setup_teardown(import_after_crash_recovers, setup, teardown),
        cmocka_unit_test_setup_teardown(worker_started_on_a_thread_outlives_it, setup, teardown),
        cmocka_unit_test_setup_teardown(forked_host_does_not_share_the_worker, setup, teardown),
        cmocka_unit_test_setup_teardown(malformed_extensions_are_warnings, setup, teardown),
        cmocka_unit_test_setup_teardown(instantiate_builds_nodes_with_meshes_and_lights, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(instantiate_into_a_full_scene_fails_whole, setup, teardown),
        cmocka_unit_test_setup_teardown(external_buffer_is_checked_before_it_is_read, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(image_uri_naming_a_fifo_is_a_placeholder, setup, teardown),
        cmocka_unit_test_setup_teardown(hdr_load_rejects_non_hdr_and_reads_hdr, setup, teardown),
        cmocka_unit_test_setup_teardown(png_write_round_trips, setup, teardown),
        cmocka_unit_test_setup_teardown(glb_write_pads_chunks_and_loads, setup, teardown),
        cmocka_unit_test_setup_teardown(mutated_gltf_fails_cleanly_or_loads, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
