/* Frame CPU cost: vt_renderer_render of 1, 100, 1,000 and 10,000 visible mesh
   instances at 1280x720, next to a bare frame (clear and present) measured in
   the same run. Prints one JSON object. Target: at most 2 us of CPU submission
   per visible instance.

   Two clocks per frame: wall time of the call, and the calling thread's CPU
   time (vt_frame_stats.cpu_ms: culling, sorting, uniform upload and GL calls,
   which is what a GPU driver would take from the render thread). On Mesa's
   llvmpipe the wall time also holds the rasterisation the driver does while
   the call waits on one pass before the next samples it, so the target is
   judged on thread CPU time, per instance added to a frame (the fixed passes
   of a frame - shadow, resolve, tone map - are not per instance); on a real GPU
   the two clocks are close. llvmpipe also shades vertices on the calling
   thread, so its figures are an upper bound of the submission cost. glFinish
   runs between frames, outside the timed span. */
#include "vitrine/vitrine.h"

#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 1280
#define H 720
#define FRAMES 30

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static vt_model *make_model(void) {
    vt_model *m = calloc(1, sizeof *m);
    m->meshes = calloc(1, sizeof *m->meshes);
    m->materials = calloc(1, sizeof *m->materials);
    m->mesh_count = m->material_count = 1;
    vt_mesh_box((float[3]){0.1f, 0.1f, 0.1f}, &m->meshes[0].data);
    m->meshes[0].bounds = vt_mesh_bounds(&m->meshes[0].data);
    vt_material *mat = &m->materials[0];
    *mat = (vt_material){.base_color = {0.6f, 0.3f, 0.2f, 1},
                         .roughness = 0.5f,
                         .normal_scale = 1,
                         .occlusion_strength = 1,
                         .emissive_strength = 1,
                         .ior = 1.5f};
    vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    mat->base_color_tex = mat->metallic_roughness_tex = mat->normal_tex = none;
    mat->occlusion_tex = mat->emissive_tex = mat->clearcoat_tex = none;
    mat->clearcoat_roughness_tex = mat->clearcoat_normal_tex = none;
    mat->sheen_color_tex = mat->transmission_tex = none;
    m->bounds = m->meshes[0].bounds;
    return m;
}

int main(void) {
    vt_headless *gl;
    if (vt_headless_create(&gl) != VT_OK) {
        fprintf(stderr, "frame_bench: %s\n", vt_last_error());
        return 1;
    }
    vt_renderer *r;
    if (vt_renderer_create(&(vt_renderer_desc){0}, &r) != VT_OK) {
        fprintf(stderr, "frame_bench: %s\n", vt_last_error());
        return 1;
    }
    vt_renderer_set_env(r, &(vt_env_desc){.kind = VT_ENV_STUDIO});
    vt_model *model = make_model();
    uint32_t base = 0;
    vt_renderer_upload_model(r, model, &base);

    GLuint fbo, rb[2];
    glGenFramebuffers(1, &fbo);
    glGenRenderbuffers(2, rb);
    glBindRenderbuffer(GL_RENDERBUFFER, rb[0]);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, W, H);
    glBindRenderbuffer(GL_RENDERBUFFER, rb[1]);
    glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, W, H);
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, rb[0]);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER, rb[1]);

    /* Bare frame: clear and present. */
    double bare[FRAMES];
    for (int f = 0; f < FRAMES; f++) {
        glFinish();
        double t0 = vt_time_now();
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glViewport(0, 0, W, H);
        glClearColor(0.2f, 0.2f, 0.2f, 1);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
        glFlush();
        bare[f] = (vt_time_now() - t0) * 1e3;
    }
    double bare_ms = median(bare, FRAMES);

    printf("{\"bench\": \"frame\", \"width\": %d, \"height\": %d, \"bare_frame_ms\": %.4f, "
           "\"renderer\": \"%s\", \"runs\": [",
           W, H, bare_ms, vt_headless_renderer_name(gl));
    const uint32_t counts[] = {1, 100, 1000, 10000};
    bool all_ok = true;
    double one_cpu_ms = 0; /* the 1-instance frame: the renderer's fixed cost per frame */
    for (size_t c = 0; c < 4; c++) {
        uint32_t n = counts[c];
        vt_scene *s;
        vt_scene_create(&(vt_scene_desc){0}, &s);
        uint32_t side = (uint32_t)ceilf(sqrtf((float)n));
        for (uint32_t i = 0; i < n; i++) {
            vt_node node = vt_node_create(s, (vt_node){0});
            float x = ((float)(i % side) - (float)side / 2) * 0.15f;
            float y = ((float)(i / side) - (float)side / 2) * 0.15f;
            vt_node_set_local(s, node, &(vt_transform){.translation = {x, y, 0}});
            vt_node_set_mesh(s, node, base, &model->meshes[0].bounds);
        }
        vt_scene_update(s);
        vt_aabb b;
        vt_scene_bounds(s, &b);
        vt_view view;
        vt_view_frame_bounds(&b, 0, 0, W, H, &view);
        vt_frame_desc frame = {.target_fbo = fbo};
        double cpu[FRAMES], wall[FRAMES];
        vt_frame_stats st = {0};
        for (int f = 0; f < FRAMES; f++) {
            glFinish();
            double t0 = vt_time_now();
            vt_renderer_render(r, s, &view, &frame, &st);
            glFlush();
            wall[f] = (vt_time_now() - t0) * 1e3;
            cpu[f] = st.cpu_ms;
        }
        double wall_ms = median(wall, FRAMES), cpu_ms = median(cpu, FRAMES);
        double per_us = (cpu_ms - bare_ms) * 1e3 / st.instances_visible;
        if (n == 1) one_cpu_ms = cpu_ms;
        /* what one more instance costs, the frame's fixed passes (shadow, resolve, tone
           map) set aside */
        double marginal_us = n > 1 ? (cpu_ms - one_cpu_ms) * 1e3 / (st.instances_visible - 1) : 0;
        if (n >= 1000 && marginal_us > 2.0) all_ok = false;
        double wall_per_us = (wall_ms - bare_ms) * 1e3 / st.instances_visible;

        printf("%s{\"instances\": %u, \"visible\": %u, \"draw_calls\": %u, \"wall_ms\": %.4f, "
               "\"thread_cpu_ms\": %.4f, \"cpu_us_per_visible_instance\": %.4f, "
               "\"wall_us_per_visible_instance\": %.4f, \"cpu_us_per_added_instance\": %.4f}",
               c ? ", " : "", n, st.instances_visible, st.draw_calls, wall_ms, cpu_ms, per_us,
               wall_per_us, marginal_us);
        vt_scene_destroy(s);
    }
    printf("], \"target_us_per_instance\": 2.0, \"meets_target\": %s}\n",
           all_ok ? "true" : "false");
    glDeleteFramebuffers(1, &fbo);
    glDeleteRenderbuffers(2, rb);
    vt_model_free(model);
    vt_renderer_destroy(r);
    vt_headless_destroy(gl);
    return 0;
}
