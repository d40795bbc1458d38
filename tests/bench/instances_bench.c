/* Store-sized frame: a closed room (floor, walls, ceiling), 100 tables and
   1,000 products drawn from 15 models of 1 to 4 meshes each (spheres of 672
   triangles and boxes, each mesh its own material): 2,507 mesh instances in
   all, with 6 spot lights and a shadow-casting sun, at 1280x720 with 4x MSAA.
   The camera walks through the room at eye height, so the visible set changes
   every frame. Prints one JSON object: per-frame medians of the calling
   thread's CPU time split as vt_frame_stats reports it (cull = culling, LOD
   choice, sorting, instance upload; shadow = shadow passes; submit = camera
   passes' draw calls and state) and the frame's wall time including glFinish.

   On llvmpipe the calling thread runs the driver's vertex stage (vertex
   shading, clipping, binning into tiles); only rasterization and fragment
   shading run on its worker threads. Submission cost therefore follows the
   triangle count, which is why the renderer draws distant products at a
   coarser level of detail. mesa_glthread=true moves all of it to a driver
   thread (the figures then show only the command marshalling).

   Target (issue 3): cull_ms + submit_ms <= 2 ms. A second run holds the
   camera still. FRAMES=n frames per run (40), MSAA=1 without MSAA, SHOT=file.png
   saves the first view, GLTHREAD=1 sets mesa_glthread=true. */
#define _POSIX_C_SOURCE 200809L /* setenv */
#include "vitrine/vitrine.h"

#include <cglm/cglm.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define W 1280
#define H 720
#define MAX_FRAMES 200
#define MODELS 15
#define PRODUCTS 1000

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static vt_material material(float r, float g, float b, float metallic, float rough) {
    vt_material m = {.base_color = {r, g, b, 1},
                     .metallic = metallic,
                     .roughness = rough,
                     .normal_scale = 1,
                     .occlusion_strength = 1,
                     .emissive_strength = 1,
                     .ior = 1.5f};
    vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    m.base_color_tex = m.metallic_roughness_tex = m.normal_tex = none;
    m.occlusion_tex = m.emissive_tex = m.clearcoat_tex = none;
    m.clearcoat_roughness_tex = m.clearcoat_normal_tex = none;
    m.sheen_color_tex = m.transmission_tex = none;
    return m;
}

/* A model of `meshes` meshes, each with its own material: alternately a
   sphere (about 700 triangles) and a box, stacked. */
static vt_model *product_model(int k, uint32_t meshes) {
    vt_model *m = calloc(1, sizeof *m);
    m->meshes = calloc(meshes, sizeof *m->meshes);
    m->materials = calloc(meshes, sizeof *m->materials);
    m->mesh_count = m->material_count = meshes;
    m->bounds = vt_aabb_empty();
    for (uint32_t i = 0; i < meshes; i++) {
        vt_model_mesh *me = &m->meshes[i];
        if ((i + (uint32_t)k) % 2)
            vt_mesh_sphere(0.08f, 24, 14, &me->data);
        else
            vt_mesh_box((float[3]){0.16f, 0.1f, 0.16f}, &me->data);
        for (uint32_t v = 0; v < me->data.vertex_count; v++)
            me->data.positions[v * 3 + 1] += 0.05f + 0.12f * (float)i;
        me->bounds = vt_mesh_bounds(&me->data);
        me->material = i;
        vt_aabb_merge(&m->bounds, &me->bounds);
        float h = (float)((k * 7 + (int)i * 3) % 11) / 11.0f;
        m->materials[i] = material(0.3f + 0.6f * h, 0.5f, 0.9f - 0.6f * h, (float)(i % 2), 0.4f);
    }
    return m;
}

static vt_model *box_model(const float size[3], vt_material mat) {
    vt_model *m = calloc(1, sizeof *m);
    m->meshes = calloc(1, sizeof *m->meshes);
    m->materials = calloc(1, sizeof *m->materials);
    m->mesh_count = m->material_count = 1;
    vt_mesh_box(size, &m->meshes[0].data);
    m->meshes[0].bounds = vt_mesh_bounds(&m->meshes[0].data);
    m->materials[0] = mat;
    m->bounds = m->meshes[0].bounds;
    return m;
}

static vt_node place(vt_scene *s, vt_node parent, uint32_t mesh, const vt_aabb *b, float x, float y,
                     float z) {
    vt_node n = vt_node_create(s, parent);
    vt_node_set_local(
        s, n,
        &(vt_transform){.translation = {x, y, z}, .rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}});
    if (b) vt_node_set_mesh(s, n, mesh, b);
    return n;
}

static void light(vt_scene *s, vt_light l, float x, float y, float z, const float q[4]) {
    vt_node n = vt_node_create(s, (vt_node){0});
    vt_node_set_local(s, n,
                      &(vt_transform){.translation = {x, y, z},
                                      .rotation = {q[0], q[1], q[2], q[3]},
                                      .scale = {1, 1, 1}});
    vt_node_set_light(s, n, &l);
}

int main(void) {
    /* GLTHREAD=1: Mesa's threaded dispatch (must be set before the context exists) */
    const char *gt = getenv("GLTHREAD");
    bool glthread = gt && gt[0] == '1';
    if (glthread) setenv("mesa_glthread", "true", 1);
    vt_headless *gl;
    vt_renderer *r;
    if (vt_headless_create(&gl) != VT_OK ||
        vt_renderer_create(&(vt_renderer_desc){0}, &r) != VT_OK) {
        fprintf(stderr, "instances_bench: %s\n", vt_last_error());
        return 1;
    }
    vt_renderer_set_env(r, &(vt_env_desc){.kind = VT_ENV_STUDIO, .intensity = 0.3f});
    vt_scene *s;
    vt_scene_create(&(vt_scene_desc){0}, &s);

    /* room: 40 x 3.2 x 26 m */
    const float RX = 40, RY = 3.2f, RZ = 26;
    vt_model *room[4] = {
        box_model((float[3]){RX, 0.1f, RZ},
                  material(0.55f, 0.5f, 0.45f, 0, 0.7f)), /* floor, ceiling */
        box_model((float[3]){RX, RY, 0.1f}, material(0.8f, 0.78f, 0.74f, 0, 0.9f)), /* walls */
        box_model((float[3]){0.1f, RY, RZ}, material(0.8f, 0.78f, 0.74f, 0, 0.9f)),
        box_model((float[3]){1.6f, 0.85f, 0.8f},
                  material(0.35f, 0.25f, 0.18f, 0, 0.5f)), /* table */
    };
    uint32_t room_base[4];
    for (int i = 0; i < 4; i++) vt_renderer_upload_model(r, room[i], &room_base[i]);
    place(s, (vt_node){0}, room_base[0], &room[0]->meshes[0].bounds, 0, -0.05f, 0);
    place(s, (vt_node){0}, room_base[0], &room[0]->meshes[0].bounds, 0, RY + 0.05f, 0);
    place(s, (vt_node){0}, room_base[1], &room[1]->meshes[0].bounds, 0, RY / 2, -RZ / 2);
    place(s, (vt_node){0}, room_base[1], &room[1]->meshes[0].bounds, 0, RY / 2, RZ / 2);
    place(s, (vt_node){0}, room_base[2], &room[2]->meshes[0].bounds, -RX / 2, RY / 2, 0);
    place(s, (vt_node){0}, room_base[2], &room[2]->meshes[0].bounds, RX / 2, RY / 2, 0);

    vt_model *models[MODELS];
    uint32_t base[MODELS];
    for (int k = 0; k < MODELS; k++) {
        models[k] = product_model(k, 1 + (uint32_t)k % 4);
        vt_renderer_upload_model(r, models[k], &base[k]);
    }
    /* 100 tables in 10 rows of 10, ten products on each (two rows of five) */
    uint32_t mesh_instances = 6, p = 0;
    for (int tz = 0; tz < 10; tz++)
        for (int tx = 0; tx < 10; tx++) {
            float cx = -16.2f + 3.6f * (float)tx, cz = -10.8f + 2.4f * (float)tz;
            place(s, (vt_node){0}, room_base[3], &room[3]->meshes[0].bounds, cx, 0.425f, cz);
            mesh_instances++;
            for (int j = 0; j < 10; j++, p++) {
                int k = (int)(p * 7 % MODELS);
                vt_node prod = place(s, (vt_node){0}, 0, NULL, cx - 0.6f + 0.3f * (float)(j % 5),
                                     0.85f, cz - 0.2f + 0.4f * (float)(j / 5));
                for (uint32_t m = 0; m < models[k]->mesh_count; m++) {
                    place(s, prod, base[k] + m, &models[k]->meshes[m].bounds, 0, 0, 0);
                    mesh_instances++;
                }
            }
        }
    /* six spots down onto the tables, one sun through the windows */
    const float down[4] = {-0.70710678f, 0, 0, 0.70710678f};
    for (int i = 0; i < 6; i++)
        light(s,
              (vt_light){.type = VT_LIGHT_SPOT,
                         .color = {1, 0.95f, 0.85f},
                         .intensity = 40,
                         .range = 8,
                         .inner_cone = 0.35f,
                         .outer_cone = 0.6f},
              -12.0f + 12.0f * (float)(i % 3), 3.0f, -5.0f + 10.0f * (float)(i / 3), down);
    const float sun[4] = {-0.42f, 0.2f, 0.1f, 0.88f};
    float n = sqrtf(sun[0] * sun[0] + sun[1] * sun[1] + sun[2] * sun[2] + sun[3] * sun[3]);
    light(s,
          (vt_light){.type = VT_LIGHT_DIRECTIONAL,
                     .color = {1, 0.97f, 0.9f},
                     .intensity = 2,
                     .cast_shadow = true},
          0, 0, 0, (float[4]){sun[0] / n, sun[1] / n, sun[2] / n, sun[3] / n});
    vt_scene_update(s);

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

    /* SHOT=file.png: also save the walk's first view, to look at */
    const char *shot = getenv("SHOT");
    if (shot) {
        vt_view v = {.width = W, .height = H};
        glm_lookat((vec3){-14.0f, 1.6f, 11.0f},
                   (vec3){-14.0f - sinf(0.35f), 1.3f, 11.0f - cosf(0.35f)}, (vec3){0, 1, 0},
                   v.view);
        const char *fov = getenv("SHOT_FOV"); /* radians, to zoom in */
        glm_perspective(fov ? (float)atof(fov) : 1.0f, (float)W / H, 0.1f, 60.0f, v.proj);
        uint8_t *rgba = malloc((size_t)W * H * 4);
        if (rgba && vt_renderer_render_image(r, s, &v, &(vt_frame_desc){.no_ground = true}, rgba,
                                             NULL) == VT_OK)
            vt_png_write(shot, W, H, rgba);
        free(rgba);
    }
    printf("{\"bench\": \"instances\", \"width\": %d, \"height\": %d, \"renderer\": \"%s\", "
           "\"glthread\": %s, \"products\": %d, \"models\": %d, \"instances\": %u, \"runs\": [",
           W, H, vt_headless_renderer_name(gl), glthread ? "true" : "false", PRODUCTS, MODELS,
           mesh_instances);
    /* FRAMES=n (default 40) frames per run; MSAA=1 renders without MSAA. */
    const char *fe = getenv("FRAMES"), *me = getenv("MSAA");
    int FRAMES = fe && atoi(fe) > 0 ? (atoi(fe) < MAX_FRAMES ? atoi(fe) : MAX_FRAMES) : 40;
    uint32_t msaa = me ? (uint32_t)atoi(me) : 0;
    bool ok = true;
    for (int walking = 1; walking >= 0; walking--) {
        double cull[MAX_FRAMES], shadow[MAX_FRAMES], submit[MAX_FRAMES], cpu[MAX_FRAMES],
            wall[MAX_FRAMES];
        vt_frame_stats st = {0};
        uint32_t visible = 0, draws = 0;
        uint64_t tris = 0;
        for (int f = -3; f < FRAMES; f++) { /* three warm-up frames */
            float t = walking ? (float)(f < 0 ? 0 : f) / FRAMES : 0;
            float eye[3] = {-14.0f + 20.0f * t, 1.6f, 11.0f - 4.0f * t};
            float yaw = 0.35f - 0.9f * t; /* looking into the room, turning right */
            float at[3] = {eye[0] - sinf(yaw), 1.3f, eye[2] - cosf(yaw)};
            vt_view v = {.width = W, .height = H};
            glm_lookat(eye, at, (float[3]){0, 1, 0}, v.view);
            glm_perspective(1.0f, (float)W / H, 0.1f, 60.0f, v.proj);
            glFinish();
            double t0 = vt_time_now();
            vt_renderer_render(r, s, &v,
                               &(vt_frame_desc){.target_fbo = fbo, .no_ground = true, .msaa = msaa},
                               &st);
            glFinish();
            if (f < 0) continue;
            wall[f] = (vt_time_now() - t0) * 1e3;
            cull[f] = st.cull_ms, shadow[f] = st.shadow_ms, submit[f] = st.submit_ms;
            cpu[f] = st.cpu_ms;
            visible += st.instances_visible, draws += st.draw_calls, tris += st.triangles;
        }
        double c = median(cull, FRAMES), sh = median(shadow, FRAMES), su = median(submit, FRAMES);
        if (c + su > 2.0) ok = false;
        printf("%s{\"camera\": \"%s\", \"visible_mean\": %u, \"draw_calls_mean\": %u, "
               "\"triangles_mean\": %llu, \"cull_ms\": %.3f, \"shadow_ms\": %.3f, \"submit_ms\": "
               "%.3f, "
               "\"cull_plus_submit_ms\": %.3f, \"thread_cpu_ms\": %.3f, \"frame_ms\": %.2f}",
               walking ? "" : ", ", walking ? "walking" : "still", visible / FRAMES, draws / FRAMES,
               (unsigned long long)(tris / FRAMES), c, sh, su, c + su, median(cpu, FRAMES),
               median(wall, FRAMES));
    }
    printf("], \"target_cull_plus_submit_ms\": 2.0, \"meets_target\": %s}\n",
           ok ? "true" : "false");

    for (int k = 0; k < MODELS; k++) vt_model_free(models[k]);
    for (int i = 0; i < 4; i++) vt_model_free(room[i]);
    vt_scene_destroy(s);
    vt_renderer_destroy(r);
    vt_headless_destroy(gl);
    return ok ? 0 : 1;
}
