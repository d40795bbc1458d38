/* Helpers for the headless render tests; see render_support.h. */
#define _GNU_SOURCE
#include "render_support.h"
#include "platform/platform_internal.h"

#include <stb/stb_image_write.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* For tests that make their own EGL context; vt_headless pins by itself. */
void vt_test_pin_gl_driver(void) {
    vt__platform_pin_gl_driver();
}

bool vt_test_gl_init(vt_test_gl *t) {
    memset(t, 0, sizeof *t);
    if (vt_headless_create(&t->gl) != VT_OK) {
        fprintf(stderr, "headless context: %s\n", vt_last_error());
        return false;
    }
    if (vt_renderer_create(&(vt_renderer_desc){0}, &t->r) != VT_OK) {
        fprintf(stderr, "renderer: %s\n", vt_last_error());
        vt_headless_destroy(t->gl);
        t->gl = NULL;
        return false;
    }
    return true;
}

bool vt_test_gl_init_dark(vt_test_gl *t) {
    return vt_test_gl_init(t) &&
           vt_renderer_set_env(t->r, &(vt_env_desc){.kind = VT_ENV_NEUTRAL, .intensity = 1e-6f}) ==
               VT_OK;
}

void vt_test_gl_free(vt_test_gl *t) {
    vt_renderer_destroy(t->r);
    vt_headless_destroy(t->gl);
    memset(t, 0, sizeof *t);
}

vt_texture_ref vt_test_tex(int32_t image) {
    return (vt_texture_ref){.image = image, .scale = {1, 1}};
}

vt_material vt_test_material(void) {
    vt_material m;
    memset(&m, 0, sizeof m);
    snprintf(m.name, sizeof m.name, "test");
    for (int i = 0; i < 4; i++) m.base_color[i] = 1.0f;
    m.metallic = 1.0f;
    m.roughness = 1.0f;
    m.normal_scale = 1.0f;
    m.occlusion_strength = 1.0f;
    m.emissive_strength = 1.0f;
    m.alpha_cutoff = 0.5f;
    m.ior = 1.5f;
    vt_texture_ref none = vt_test_tex(-1);
    m.base_color_tex = m.metallic_roughness_tex = m.normal_tex = m.occlusion_tex = none;
    m.emissive_tex = m.clearcoat_tex = m.clearcoat_roughness_tex = none;
    m.clearcoat_normal_tex = m.sheen_color_tex = m.transmission_tex = none;
    return m;
}

vt_model *vt_test_model(vt_test_shape shape, const float size[3], const vt_material *mat) {
    vt_model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    snprintf(m->path, sizeof m->path, "test-model");
    m->unit_scale = 1.0f;
    m->meshes = calloc(1, sizeof *m->meshes);
    m->materials = calloc(1, sizeof *m->materials);
    m->nodes = calloc(1, sizeof *m->nodes);
    if (!m->meshes || !m->materials || !m->nodes) {
        vt_model_free(m);
        return NULL;
    }
    m->mesh_count = m->material_count = m->node_count = 1;
    vt_result res;
    if (shape == VT_TEST_SPHERE)
        res = vt_mesh_sphere(size[0], 96, 48, &m->meshes[0].data);
    else if (shape == VT_TEST_PLANE)
        res = vt_mesh_plane(size[0], size[1], &m->meshes[0].data);
    else
        res = vt_mesh_box(size, &m->meshes[0].data);
    if (res != VT_OK) {
        vt_model_free(m);
        return NULL;
    }
    snprintf(m->meshes[0].name, sizeof m->meshes[0].name, "mesh");
    m->meshes[0].bounds = vt_mesh_bounds(&m->meshes[0].data);
    m->bounds = m->meshes[0].bounds;
    m->materials[0] = *mat;
    m->nodes[0].parent = -1;
    m->nodes[0].light = -1;
    m->nodes[0].local.scale[0] = m->nodes[0].local.scale[1] = m->nodes[0].local.scale[2] = 1;
    m->nodes[0].local.rotation[3] = 1;
    m->nodes[0].meshes = calloc(1, sizeof(uint32_t));
    if (m->nodes[0].meshes) m->nodes[0].mesh_count = 1;
    return m;
}

int32_t vt_test_model_add_image(vt_model *m, uint32_t w, uint32_t h, const uint8_t *rgba) {
    vt_image *imgs = realloc(m->images, (m->image_count + 1) * sizeof *imgs);
    if (!imgs) return -1;
    m->images = imgs;
    vt_image *img = &imgs[m->image_count];
    memset(img, 0, sizeof *img);
    snprintf(img->name, sizeof img->name, "test image %u", m->image_count);
    img->width = w;
    img->height = h;
    img->channels = 4;
    img->pixels = malloc((size_t)w * h * 4);
    if (!img->pixels) return -1;
    memcpy(img->pixels, rgba, (size_t)w * h * 4);
    return (int32_t)m->image_count++;
}

vt_node vt_test_place(vt_test_gl *t, vt_scene *s, const vt_model *m, const vt_transform *tr) {
    uint32_t base = 0;
    if (vt_renderer_upload_model(t->r, m, &base) != VT_OK) return (vt_node){0};
    vt_node n = vt_node_create(s, (vt_node){0});
    vt_transform id = {.rotation = {0, 0, 0, 1}, .scale = {1, 1, 1}};
    vt_node_set_local(s, n, tr ? tr : &id);
    vt_node_set_mesh(s, n, base, &m->meshes[0].bounds);
    return n;
}

vt_scene *vt_test_scene_of(vt_test_gl *t, const vt_model *m) {
    vt_scene *s = NULL;
    if (vt_scene_create(&(vt_scene_desc){0}, &s) != VT_OK) return NULL;
    vt_test_place(t, s, m, NULL);
    return s;
}

bool vt_test_frame(vt_scene *s, float yaw, float pitch, uint32_t w, uint32_t h, vt_view *view,
                   vt_aabb *bounds_out) {
    vt_scene_update(s);
    vt_aabb b;
    if (!vt_scene_bounds(s, &b)) return false;
    vt_view_frame_bounds(&b, yaw, pitch, w, h, view);
    if (bounds_out) *bounds_out = b;
    return true;
}

int vt_test_one_teardown(void **state) {
    vt_test_one *f = *state;
    if (f) {
        vt_scene_destroy(f->scene);
        vt_model_free(f->model);
        vt_test_gl_free(&f->gl);
        free(f);
    }
    *state = NULL;
    return 0;
}

int vt_test_one_setup(void **state, const vt_material *mat, uint32_t w, uint32_t h) {
    vt_test_one *f = calloc(1, sizeof *f);
    *state = f;
    if (f && vt_test_gl_init(&f->gl)) {
        f->model = vt_test_model(VT_TEST_SPHERE, (float[3]){0.5f}, mat);
        if (f->model) f->scene = vt_test_scene_of(&f->gl, f->model);
        if (f->scene && vt_test_frame(f->scene, 0, 0, w, h, &f->view, NULL)) return 0;
    }
    vt_test_one_teardown(state);
    return -1;
}

uint8_t *vt_test_render(vt_test_gl *t, const vt_scene *s, const vt_view *v,
                        const vt_frame_desc *f) {
    uint8_t *rgba = malloc((size_t)v->width * v->height * 4);
    if (!rgba) return NULL;
    if (vt_renderer_render_image(t->r, s, v, f, rgba, NULL) != VT_OK) {
        fprintf(stderr, "render: %s\n", vt_last_error());
        free(rgba);
        return NULL;
    }
    return rgba;
}

const char *vt_test_write_png(const char *name, uint32_t w, uint32_t h, const uint8_t *rgba) {
    static char path[1024];
    const char *dir = getenv("VT_BUILD_DIR");
    char out[900];
    snprintf(out, sizeof out, "%s/test-out", dir && dir[0] ? dir : ".");
    mkdir(out, 0777);
    snprintf(path, sizeof path, "%s/%s.png", out, name);
    if (!stbi_write_png(path, (int)w, (int)h, 4, rgba, (int)w * 4))
        fprintf(stderr, "could not write %s\n", path);
    return path;
}

void vt_test_project(const vt_view *v, const float p[3], float *x, float *y) {
    float e[4], c[4];
    for (int i = 0; i < 4; i++)
        e[i] = v->view[0][i] * p[0] + v->view[1][i] * p[1] + v->view[2][i] * p[2] + v->view[3][i];
    for (int i = 0; i < 4; i++)
        c[i] = v->proj[0][i] * e[0] + v->proj[1][i] * e[1] + v->proj[2][i] * e[2] +
               v->proj[3][i] * e[3];
    *x = (c[0] / c[3] * 0.5f + 0.5f) * (float)v->width;
    *y = (1.0f - (c[1] / c[3] * 0.5f + 0.5f)) * (float)v->height;
}

float vt_test_srgb_to_linear(float c) {
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

float vt_test_linear_to_srgb(float c) {
    c = c < 0 ? 0 : (c > 1 ? 1 : c);
    return c <= 0.0031308f ? c * 12.92f : 1.055f * powf(c, 1.0f / 2.4f) - 0.055f;
}
