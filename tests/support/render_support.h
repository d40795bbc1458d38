/* tests/support/render_support.h — helpers shared by the headless render tests:
   a GL context plus renderer, hand-built models (one sphere, plane or box with a
   given material), rendering to RGBA and writing PNGs into $VT_BUILD_DIR/test-out. */
#ifndef VT_RENDER_SUPPORT_H
#define VT_RENDER_SUPPORT_H

#include "vitrine/asset.h"
#include "vitrine/platform.h"
#include "vitrine/render.h"
#include "vitrine/scene.h"

typedef struct vt_test_gl {
    vt_headless *gl;
    vt_renderer *r;
} vt_test_gl;

/* Headless context and renderer; false (with a message on stderr) when either fails. */
bool vt_test_gl_init(vt_test_gl *t);
void vt_test_gl_free(vt_test_gl *t);
/* vt_test_gl_init, then a neutral environment too dim to light anything
   (radiance 1e-6): lit materials show only what they emit and punctual lights. */
bool vt_test_gl_init_dark(vt_test_gl *t);
/* Keeps Mesa's driver libraries loaded to the end of the process so that
   LeakSanitizer can name them (see tests/support/lsan.supp); call once a
   context exists. vt_test_gl_init does it. */
void vt_test_pin_gl_driver(void);

/* A material as glTF defaults it (white, metallic 1, roughness 1), no textures. */
vt_material vt_test_material(void);
/* A texture reference to image `image` with no transform. */
vt_texture_ref vt_test_tex(int32_t image);

typedef enum vt_test_shape { VT_TEST_SPHERE, VT_TEST_PLANE, VT_TEST_BOX } vt_test_shape;

/* A model with one mesh of `shape` (sphere radius size[0]; plane size[0] x size[1]
   facing +Z; box size[0..2]), one node, material `mat`; caller frees with vt_model_free. */
vt_model *vt_test_model(vt_test_shape shape, const float size[3], const vt_material *mat);
/* Appends an RGBA8 image (copied) to m; returns its index. */
int32_t vt_test_model_add_image(vt_model *m, uint32_t w, uint32_t h, const uint8_t *rgba);

/* Uploads m and adds one node showing mesh 0 of m with transform t (NULL = identity).
   Returns the node. */
vt_node vt_test_place(vt_test_gl *t, vt_scene *s, const vt_model *m, const vt_transform *tr);

/* A new scene holding m once at the origin (vt_test_place); not yet updated.
   NULL when the scene cannot be created. */
vt_scene *vt_test_scene_of(vt_test_gl *t, const vt_model *m);
/* Updates s and frames its bounds with vt_view_frame_bounds (yaw and pitch in
   radians) at w x h; bounds_out (NULL = not wanted) gets the bounds. False,
   view untouched, when s shows nothing. */
bool vt_test_frame(vt_scene *s, float yaw, float pitch, uint32_t w, uint32_t h, vt_view *view,
                   vt_aabb *bounds_out);

/* The fixture of tests about one object: a sphere of radius 0.5 in material
   mat, alone in a scene on a fresh context, framed from the front at w x h. */
typedef struct vt_test_one {
    vt_test_gl gl;
    vt_scene *scene;
    vt_model *model;
    vt_view view;
} vt_test_one;

/* cmocka group setup and teardown: *state = a new vt_test_one; setup returns
   -1 (with a message on stderr where the context failed) if any step fails. */
int vt_test_one_setup(void **state, const vt_material *mat, uint32_t w, uint32_t h);
int vt_test_one_teardown(void **state);

/* Renders into a malloc'ed w*h*4 buffer (top row first); NULL on failure. */
uint8_t *vt_test_render(vt_test_gl *t, const vt_scene *s, const vt_view *v, const vt_frame_desc *f);

/* Writes $VT_BUILD_DIR/test-out/<name>.png (or ./test-out); returns the path written. */
const char *vt_test_write_png(const char *name, uint32_t w, uint32_t h, const uint8_t *rgba);

/* Projects world point p with view v to pixel coordinates (x right, y down). */
void vt_test_project(const vt_view *v, const float p[3], float *x, float *y);

float vt_test_srgb_to_linear(float c);
float vt_test_linear_to_srgb(float c);

#endif
