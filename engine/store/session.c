/* The live store: life, the eye, modes, cart and events. Script actions are
   in session_act.c, desktop input in input.c, the panels in panel.c. */
#include "core/internal.h"
#include "store/store_internal.h"
#include "store/tryon.h"

#include "vitrine/asset.h"

#include <cglm/cglm.h>
#include <epoxy/gl.h>
#include <math.h>
#include <stdarg.h>

#define NONE UINT32_MAX

static void copy_str(char *dst, size_t size, const char *src) {
    snprintf(dst, size, "%s", src ? src : "");
}

vt_result vt_store_create(const vt_store_desc *desc, vt_store **out) {
    VT_ASSERT(desc && desc->path && out);
    *out = NULL;
    vt_store *s = calloc(1, sizeof *s);
    if (!s) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", desc->path);
    copy_str(s->lang, sizeof s->lang, desc->lang && desc->lang[0] ? desc->lang : "en");
    copy_str(s->shot_dir, sizeof s->shot_dir, desc->shot_dir ? desc->shot_dir : ".");
    s->on_event = desc->on_event;
    s->event_user = desc->event_user;
    s->width = desc->width ? desc->width : 1280;
    s->height = desc->height ? desc->height : 720;
    s->ui_scale = desc->ui_scale > 0 ? desc->ui_scale : 1.0f;
    s->load_budget_ms = desc->load_budget_ms > 0 ? desc->load_budget_ms : 30.0;
    s->hovered = s->insp_placement = s->insp_product = NONE;
    s->insp_variant = s->insp_size = NONE;

    vt_result r =
        vt_store_def_load(desc->path, &(vt_store_def_desc){.lenient = desc->lenient}, &s->def);
    if (r != VT_OK) goto fail;
    if ((r = vt_renderer_create(&(vt_renderer_desc){0}, &s->renderer)) != VT_OK) goto fail;
    float env = s->def->env_intensity > 0 ? s->def->env_intensity : 1.0f;
    if ((r = vt_renderer_set_env(s->renderer, &(vt_env_desc){.intensity = env})) != VT_OK)
        goto fail;
    r = vt__world_create(&(vt__world_desc){.def = s->def,
                                           .renderer = s->renderer,
                                           .lang = s->lang,
                                           .load_threads = desc->load_threads},
                         &s->world);
    if (r != VT_OK) goto fail;
    if ((r = vt_cart_create(s->def, &s->cart)) != VT_OK) goto fail;
    if ((r = vt__tryon_create(s, desc)) != VT_OK) goto fail;

    float sc = s->ui_scale;
    if (vt_overlay_create(&(vt_overlay_desc){.pixel_size = 13, .scale = sc}, &s->ui_small) !=
            VT_OK ||
        vt_overlay_create(&(vt_overlay_desc){.pixel_size = 16, .scale = sc}, &s->ui_body) !=
            VT_OK ||
        vt_overlay_create(&(vt_overlay_desc){.pixel_size = 21, .scale = sc}, &s->ui_price) !=
            VT_OK ||
        vt_overlay_create(&(vt_overlay_desc){.pixel_size = 28, .scale = sc}, &s->ui_title) !=
            VT_OK) {
        VT_LOGW("store", "running without panels: %s", vt_last_error());
        vt_overlay_destroy(s->ui_small);
        vt_overlay_destroy(s->ui_body);
        vt_overlay_destroy(s->ui_price);
        vt_overlay_destroy(s->ui_title);
        s->ui_small = s->ui_body = s->ui_price = s->ui_title = NULL;
    }

    s->pos[0] = s->def->spawn[0];
    s->pos[1] = s->def->spawn[2];
    s->eye_height = s->def->spawn[1] > 0 ? s->def->spawn[1] : 1.65f;
    s->yaw = s->def->spawn_yaw;
    s->pitch = -0.06f; /* a glance down to the tables, as people walk */
    *out = s;
    return VT_OK;
fail:;
    /* keep the loader's message through the clean-up */
    char msg[1024];
    copy_str(msg, sizeof msg, vt_last_error());
    vt_store_destroy(s);
    return vt__fail(r, "%s", msg);
}

void vt_store_destroy(vt_store *s) {
    if (!s) return;
    if (s->shot_fbo) glDeleteFramebuffers(1, &s->shot_fbo);
    if (s->shot_tex) glDeleteTextures(1, &s->shot_tex);
    if (s->stage_fbo) glDeleteFramebuffers(1, &s->stage_fbo);
    if (s->stage_tex) glDeleteTextures(1, &s->stage_tex);
    if (s->comp_prog) glDeleteProgram(s->comp_prog);
    if (s->comp_vao) glDeleteVertexArrays(1, &s->comp_vao);
    vt_scene_destroy(s->stage);
    if (s->world) vt__tryon_destroy(s); /* its meshes are in the world's scene */
    vt_overlay_destroy(s->ui_small);
    vt_overlay_destroy(s->ui_body);
    vt_overlay_destroy(s->ui_price);
    vt_overlay_destroy(s->ui_title);
    vt_cart_destroy(s->cart);
    vt__world_destroy(s->world);
    vt_renderer_destroy(s->renderer);
    vt_store_def_free(s->def);
    free(s);
}

const vt_store_def *vt_store_get_def(const vt_store *s) {
    return s->def;
}
const vt_cart *vt_store_get_cart(const vt_store *s) {
    return s->cart;
}
vt_store_mode vt_store_get_mode(const vt_store *s) {
    return s->mode;
}
uint32_t vt_store_inspected(const vt_store *s) {
    return s->mode == VT_STORE_INSPECT ? s->insp_product : NONE;
}
uint32_t vt_store_hovered(const vt_store *s) {
    return s->mode == VT_STORE_WALK ? vt__store_placement_product(s, s->hovered) : NONE;
}
uint32_t vt_store_pending(const vt_store *s) {
    return vt__world_pending(s->world);
}
uint32_t vt_store_failed(const vt_store *s) {
    return vt__world_failed(s->world);
}

void vt_store_camera(const vt_store *s, float pos[3], float *yaw, float *pitch) {
    if (pos) pos[0] = s->pos[0], pos[1] = s->eye_height, pos[2] = s->pos[1];
    if (yaw) *yaw = s->yaw;
    if (pitch) *pitch = s->pitch;
}

uint32_t vt__store_placement_product(const vt_store *s, uint32_t placement) {
    return placement < s->def->placement_count ? s->def->placements[placement].product : NONE;
}

/* ---- the eye ------------------------------------------------------------ */

void vt__store_axes(const vt_store *s, float fwd[3], float right[3], float up[3]) {
    float cy = cosf(s->yaw), sy = sinf(s->yaw), cp = cosf(s->pitch), sp = sinf(s->pitch);
    /* yaw 0 looks along -Z; positive yaw turns left (about +Y) */
    fwd[0] = -sy * cp, fwd[1] = sp, fwd[2] = -cy * cp;
    right[0] = cy, right[1] = 0, right[2] = -sy;
    /* up = right x fwd */
    up[0] = right[1] * fwd[2] - right[2] * fwd[1];
    up[1] = right[2] * fwd[0] - right[0] * fwd[2];
    up[2] = right[0] * fwd[1] - right[1] * fwd[0];
}

void vt__store_view(const vt_store *s, float view[4][4], float proj[4][4]) {
    float f[3], r[3], u[3];
    vt__store_axes(s, f, r, u);
    CGLM_ALIGN_MAT mat4 v, p;
    vec3 eye = {s->pos[0], s->eye_height, s->pos[1]};
    vec3 at = {eye[0] + f[0], eye[1] + f[1], eye[2] + f[2]};
    glm_lookat(eye, at, (vec3){0, 1, 0}, v);
    float aspect = (float)s->width / (float)(s->height ? s->height : 1);
    glm_perspective(VT__STORE_FOVY, aspect, 0.05f, 200.0f, p);
    memcpy(view, v, sizeof v);
    memcpy(proj, p, sizeof p);
}

void vt__store_pixel_ray(const vt_store *s, float x, float y, vt_ray *out) {
    float f[3], r[3], u[3];
    vt__store_axes(s, f, r, u);
    float t = tanf(VT__STORE_FOVY * 0.5f);
    float aspect = (float)s->width / (float)(s->height ? s->height : 1);
    float nx = (2.0f * x / (float)s->width - 1.0f) * t * aspect;
    float ny = (1.0f - 2.0f * y / (float)s->height) * t;
    out->origin[0] = s->pos[0], out->origin[1] = s->eye_height, out->origin[2] = s->pos[1];
    for (int i = 0; i < 3; i++) out->dir[i] = f[i] + r[i] * nx + u[i] * ny;
}

bool vt__store_project(const vt_store *s, const float p[3], float out[2]) {
    float f[3], r[3], u[3];
    vt__store_axes(s, f, r, u);
    float d[3] = {p[0] - s->pos[0], p[1] - s->eye_height, p[2] - s->pos[1]};
    float z = d[0] * f[0] + d[1] * f[1] + d[2] * f[2];
    if (z < 0.05f) return false;
    float t = tanf(VT__STORE_FOVY * 0.5f);
    float aspect = (float)s->width / (float)(s->height ? s->height : 1);
    float nx = (d[0] * r[0] + d[1] * r[1] + d[2] * r[2]) / (z * t * aspect);
    float ny = (d[0] * u[0] + d[1] * u[1] + d[2] * u[2]) / (z * t);
    out[0] = (nx + 1.0f) * 0.5f * (float)s->width;
    out[1] = (1.0f - ny) * 0.5f * (float)s->height;
    return true;
}

bool vt__store_step_towards(vt_store *s, const float goal[2], float step) {
    float dx = goal[0] - s->pos[0], dz = goal[1] - s->pos[1];
    float d = sqrtf(dx * dx + dz * dz);
    if (d < 1e-4f) return false;
    float k = d > step ? step / d : 1.0f;
    float to[2] = {s->pos[0] + dx * k, s->pos[1] + dz * k}, got[2];
    vt__world_move(s->world, s->pos, to, VT__STORE_RADIUS, got);
    float before = d;
    float ax = goal[0] - got[0], az = goal[1] - got[1];
    float after = sqrtf(ax * ax + az * az);
    s->pos[0] = got[0], s->pos[1] = got[1];
    /* Sliding along a wall may still move without getting nearer. */
    return after < before - 1e-4f;
}

/* ---- the inspect stage -------------------------------------------------- */

/* Copies the mesh instances under the world's inspect node into the stage
   scene, relative to a root that stands where the inspect node stands. */
static void stage_build(vt_store *s) {
    vt_scene *ws = vt__world_scene(s->world);
    s->stage_src = s->insp_node;
    if (s->stage_root.id) vt_node_destroy(s->stage, s->stage_root);
    s->stage_root = (vt_node){0};
    s->stage_count = 0;
    if (!s->insp_node.id) return;
    if (!s->stage && vt_scene_create(&(vt_scene_desc){0}, &s->stage) != VT_OK) return;
    s->stage_root = vt_node_create(s->stage, (vt_node){0});
    if (!s->stage_root.id) return;
    /* The copy needs the node's instances as the world sees them. */
    vt_node_set_visible(ws, s->insp_node, true);
    vt_scene_update(ws);
    uint32_t n = vt_scene_cull(ws, NULL, NULL, 0);
    vt_draw_item *items = n ? malloc(sizeof *items * n) : NULL;
    if (items) n = vt_scene_cull(ws, NULL, items, n);
    CGLM_ALIGN_MAT mat4 root, inv;
    if (!items || !vt_node_get_world(ws, s->insp_node, root))
        n = 0;
    else
        glm_mat4_inv(root, inv);
    for (uint32_t i = 0; i < n; i++) {
        vt_node p = items[i].node;
        while (p.id && p.id != s->insp_node.id) p = vt_node_get_parent(ws, p);
        if (!p.id) continue;
        CGLM_ALIGN_MAT mat4 w, rel;
        memcpy(w, items[i].world, sizeof w);
        glm_mat4_mul(inv, w, rel);
        vt_transform t;
        CGLM_ALIGN_MAT mat4 rot;
        vec3 scale;
        vec4 tr;
        glm_decompose(rel, tr, rot, scale);
        CGLM_ALIGN(16) versor q;
        glm_mat4_quat(rot, q);
        memcpy(t.translation, tr, sizeof t.translation);
        memcpy(t.rotation, q, sizeof t.rotation);
        memcpy(t.scale, scale, sizeof t.scale);
        /* Local bounds: the world box brought into the copy's frame
           (conservative: a box around the moved box). */
        CGLM_ALIGN_MAT mat4 to_local;
        glm_mat4_inv(w, to_local);
        vt_aabb lb = {{INFINITY, INFINITY, INFINITY}, {-INFINITY, -INFINITY, -INFINITY}};
        const vt_aabb *wb = &items[i].bounds;
        for (int c = 0; c < 8; c++) {
            vec4 cw = {c & 1 ? wb->max[0] : wb->min[0], c & 2 ? wb->max[1] : wb->min[1],
                       c & 4 ? wb->max[2] : wb->min[2], 1.0f},
                 cl;
            glm_mat4_mulv(to_local, cw, cl);
            for (int k = 0; k < 3; k++) {
                lb.min[k] = fminf(lb.min[k], cl[k]);
                lb.max[k] = fmaxf(lb.max[k], cl[k]);
            }
        }
        vt_node c = vt_node_create(s->stage, s->stage_root);
        if (!c.id) break;
        vt_node_set_local(s->stage, c, &t);
        vt_node_set_mesh(s->stage, c, items[i].mesh, &lb);
        vt_node_set_variant(s->stage, c, items[i].variant);
        s->stage_count++;
    }
    free(items);
    vt_node_set_visible(ws, s->insp_node, false);
    vt_scene_update(ws);
}

/* A directional light of the stage shining along dir (world). */
static void stage_light(vt_store *s, vt_node *node, const float dir[3], float lux) {
    if (!node->id) {
        *node = vt_node_create(s->stage, (vt_node){0});
        if (!node->id) return;
        vt_node_set_light(s->stage, *node,
                          &(vt_light){.type = VT_LIGHT_DIRECTIONAL,
                                      .color = {1.0f, 0.97f, 0.93f},
                                      .intensity = lux});
    }
    vec3 from = {0, 0, -1}, to = {dir[0], dir[1], dir[2]};
    glm_vec3_normalize(to);
    vt_transform t = {.scale = {1, 1, 1}};
    CGLM_ALIGN(16) versor q;
    glm_quat_from_vecs(from, to, q);
    memcpy(t.rotation, q, sizeof t.rotation);
    vt_node_set_local(s->stage, *node, &t);
}

/* Puts the stage where the inspect node would stand, lights from the eye's
   upper left (key) and right (fill). */
static void stage_place(vt_store *s, const vt_transform *tr) {
    if (s->insp_node.id != s->stage_src.id) stage_build(s);
    if (!s->stage_root.id) return;
    vt_node_set_local(s->stage, s->stage_root, tr);
    float f[3], r[3], u[3], key[3], fill[3];
    vt__store_axes(s, f, r, u);
    for (int i = 0; i < 3; i++) {
        key[i] = f[i] + 0.8f * r[i] - 0.9f * u[i];
        fill[i] = 0.6f * f[i] - 1.0f * r[i] - 0.2f * u[i];
    }
    stage_light(s, &s->stage_key, key, 3.4f);
    stage_light(s, &s->stage_fill, fill, 1.2f);
    vt_scene_update(s->stage);
}

static const char *comp_vs =
    "out vec2 v_uv;\n"
    "void main() {\n"
    "    vec2 p = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));\n"
    "    v_uv = p;\n"
    "    gl_Position = vec4(p * 2.0 - 1.0, 0.0, 1.0);\n"
    "}\n";
/* The stage image (straight alpha) over a dimming veil, premultiplied. */
static const char *comp_fs = "precision mediump float;\n"
                             "uniform sampler2D u_tex;\n"
                             "uniform vec4 u_dim;\n"
                             "uniform float u_has;\n"
                             "in vec2 v_uv;\n"
                             "out vec4 o_color;\n"
                             "void main() {\n"
                             "    vec4 c = u_has > 0.5 ? texture(u_tex, v_uv) : vec4(0.0);\n"
                             "    float k = u_dim.a * (1.0 - c.a);\n"
                             "    o_color = vec4(c.rgb * c.a + u_dim.rgb * k, c.a + k);\n"
                             "}\n";

static GLuint comp_shader(GLenum kind, const char *src) {
    const char *head = epoxy_is_desktop_gl() ? "#version 330 core\n" : "#version 300 es\n";
    const char *parts[2] = {head, src};
    GLuint sh = glCreateShader(kind);
    glShaderSource(sh, 2, parts, NULL);
    glCompileShader(sh);
    GLint ok = 0;
    glGetShaderiv(sh, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[512] = "";
        glGetShaderInfoLog(sh, sizeof log, NULL, log);
        VT_LOGE("store", "inspect stage shader: %s", log);
        glDeleteShader(sh);
        return 0;
    }
    return sh;
}

static bool comp_ready(vt_store *s) {
    if (s->comp_prog) return true;
    GLuint vs = comp_shader(GL_VERTEX_SHADER, comp_vs);
    GLuint fs = comp_shader(GL_FRAGMENT_SHADER, comp_fs);
    if (!vs || !fs) {
        if (vs) glDeleteShader(vs);
        if (fs) glDeleteShader(fs);
        return false;
    }
    GLuint p = glCreateProgram();
    glAttachShader(p, vs);
    glAttachShader(p, fs);
    glLinkProgram(p);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(p, GL_LINK_STATUS, &ok);
    if (!ok) {
        VT_LOGE("store", "inspect stage shader does not link");
        glDeleteProgram(p);
        return false;
    }
    s->comp_prog = p;
    s->comp_u_tex = glGetUniformLocation(p, "u_tex");
    s->comp_u_dim = glGetUniformLocation(p, "u_dim");
    s->comp_u_has = glGetUniformLocation(p, "u_has");
    GLuint vao = 0;
    glGenVertexArrays(1, &vao);
    s->comp_vao = vao;
    return true;
}

/* An RGBA8 colour target of w x h: (re)made when the size changes. */
static bool color_target(uint32_t w, uint32_t h, uint32_t *fbo, uint32_t *tex, uint32_t *tw,
                         uint32_t *th) {
    if (*fbo && *tw == w && *th == h) return true;
    if (*fbo) glDeleteFramebuffers(1, fbo);
    if (*tex) glDeleteTextures(1, tex);
    GLuint t = 0, f = 0;
    glGenTextures(1, &t);
    glBindTexture(GL_TEXTURE_2D, t);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)w, (GLsizei)h, 0, GL_RGBA, GL_UNSIGNED_BYTE,
                 NULL);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glBindTexture(GL_TEXTURE_2D, 0);
    glGenFramebuffers(1, &f);
    glBindFramebuffer(GL_FRAMEBUFFER, f);
    glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, t, 0);
    GLenum st = glCheckFramebufferStatus(GL_FRAMEBUFFER);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    *fbo = f, *tex = t, *tw = w, *th = h;
    return st == GL_FRAMEBUFFER_COMPLETE;
}

/* Over the store already in target: a veil that dims it, and the product
   drawn alone (nothing in the store can cut through or hide it). */
static vt_result stage_render(vt_store *s, const vt_view *view, const vt_frame_desc *store_frame,
                              uint32_t target) {
    if (!comp_ready(s)) return VT_OK;
    bool product = s->mode == VT_STORE_INSPECT && s->stage_count;
    if (product && !color_target(view->width, view->height, &s->stage_fbo, &s->stage_tex,
                                 &s->stage_w, &s->stage_h))
        return vt__fail(VT_ERR_GPU, "no %ux%u target for the inspect stage", view->width,
                        view->height);
    vt_frame_desc f = *store_frame;
    f.target_fbo = product ? s->stage_fbo : 0;
    f.background = VT_BACKGROUND_TRANSPARENT;
    f.no_ground = true;
    f.no_shadows = true; /* the store's shadow map stays cached meanwhile */
    f.highlight = (vt_node){0};
    f.mirror = (vt_node){0};
    if (product) {
        vt_result r = vt_renderer_render(s->renderer, s->stage, view, &f, NULL);
        if (r != VT_OK) return r;
    }
    glBindFramebuffer(GL_FRAMEBUFFER, target);
    glViewport(0, 0, (GLsizei)view->width, (GLsizei)view->height);
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_CULL_FACE);
    glDepthMask(GL_FALSE);
    glEnable(GL_BLEND);
    glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(s->comp_prog);
    glActiveTexture(GL_TEXTURE0);
    glBindTexture(GL_TEXTURE_2D, product ? s->stage_tex : 0);
    glUniform1i(s->comp_u_tex, 0);
    glUniform1f(s->comp_u_has, product ? 1.0f : 0.0f);
    glUniform4f(s->comp_u_dim, 0.05f, 0.05f, 0.06f, 0.58f);
    glBindVertexArray(s->comp_vao);
    glDrawArrays(GL_TRIANGLES, 0, 3);
    glBindVertexArray(0);
    glBindTexture(GL_TEXTURE_2D, 0);
    glUseProgram(0);
    glDisable(GL_BLEND);
    glDepthMask(GL_TRUE);
    return VT_OK;
}

/* ---- per frame ---------------------------------------------------------- */

static void place_inspect_node(vt_store *s) {
    if (s->mode != VT_STORE_INSPECT && s->mode != VT_STORE_CART && s->mode != VT_STORE_CHECKOUT)
        return;
    if (s->insp_product == NONE) return;
    vt_scene *sc = vt__world_scene(s->world);
    /* The product's place in the store is empty only while the stage shows
       it (the cart over the store shows the shelf whole). */
    vt_node home = vt__world_placement_node(s->world, s->insp_placement);
    if (home.id) vt_node_set_visible(sc, home, s->mode != VT_STORE_INSPECT);
    if (!s->insp_node.id) {
        s->insp_node = vt__world_inspect_node(s->world, s->insp_product, s->insp_variant);
        if (!s->insp_node.id) return;
    }
    /* The world's copy stays hidden: the stage shows the product. */
    vt_node_set_visible(sc, s->insp_node, false);
    if (s->mode != VT_STORE_INSPECT) return;
    /* True scale; far enough that the whole product fits the view's height. */
    vt_aabb b;
    float radius = 0.3f;
    if (vt__world_placement_bounds(s->world, s->insp_placement, &b)) {
        float size[3];
        vt_aabb_size(&b, size);
        float sc_p = s->def->placements[s->insp_placement].scale;
        if (sc_p <= 0) sc_p = 1;
        radius = 0.5f * sqrtf(size[0] * size[0] + size[1] * size[1] + size[2] * size[2]) / sc_p;
    }
    float t = tanf(VT__STORE_FOVY * 0.5f);
    float dist = glm_clamp(radius * 1.25f / t, 0.4f, 2.4f);
    if (s->insp_zoom > 0) dist = glm_clamp(dist * s->insp_zoom, 0.35f, 2.5f);
    /* Centre it in the room the panel leaves on the left. */
    float aspect = (float)s->width / (float)(s->height ? s->height : 1);
    float panel_w = fminf(440.0f * s->ui_scale, (float)s->width * 0.45f);
    float shift_ndc = -panel_w / (float)s->width;
    float f[3], r[3], u[3];
    vt__store_axes(s, f, r, u);
    float eye[3] = {s->pos[0], s->eye_height, s->pos[1]};
    vt_transform tr = {.scale = {1, 1, 1}};
    for (int i = 0; i < 3; i++)
        tr.translation[i] = eye[i] + f[i] * dist + r[i] * shift_ndc * t * aspect * dist;
    /* Front (+Z) to the eye, then the shopper's turn and tilt. */
    CGLM_ALIGN(16) versor qy, qx, q;
    glm_quatv(qy, s->yaw + s->insp_spin, (vec3){0, 1, 0});
    glm_quatv(qx, s->insp_tilt - s->pitch * 0.5f, (vec3){1, 0, 0});
    glm_quat_mul(qy, qx, q);
    memcpy(tr.rotation, q, sizeof tr.rotation);
    vt_node_set_local(sc, s->insp_node, &tr);
    stage_place(s, &tr);
}

static void update_hover(vt_store *s) {
    s->hovered = NONE;
    if (s->mode != VT_STORE_WALK || !s->pointer_in || s->looking) return;
    if (vt__store_hit_at(s, s->px, s->py)) return;
    vt_ray ray;
    vt__store_pixel_ray(s, s->px, s->py, &ray);
    s->hovered = vt__world_pick(s->world, &ray, NULL);
}

void vt_store_update(vt_store *s, double dt) {
    if (dt < 0) dt = 0;
    if (dt > 0.25) dt = 0.25; /* a stall does not throw the shopper through a wall */
    s->time += dt;
    float fdt = (float)dt;
    if (s->mode == VT_STORE_WALK) {
        float turn = (float)(s->keys[VT__KEY_TURN_L] - s->keys[VT__KEY_TURN_R]);
        s->yaw += turn * VT__STORE_TURN_SPEED * fdt;
        float fwd = (float)(s->keys[VT__KEY_FWD] - s->keys[VT__KEY_BACK]);
        float side = (float)(s->keys[VT__KEY_RIGHT] - s->keys[VT__KEY_LEFT]);
        if (fwd != 0 || side != 0) {
            s->has_goal = false;
            float cy = cosf(s->yaw), sy = sinf(s->yaw);
            float mx = -sy * fwd + cy * side, mz = -cy * fwd - sy * side;
            float len = sqrtf(mx * mx + mz * mz);
            float step = VT__STORE_WALK_SPEED * fdt / len;
            float to[2] = {s->pos[0] + mx * step, s->pos[1] + mz * step}, got[2];
            vt__world_move(s->world, s->pos, to, VT__STORE_RADIUS, got);
            s->pos[0] = got[0], s->pos[1] = got[1];
        } else if (s->has_goal && fdt > 0) {
            if (!vt__store_step_towards(s, s->goal, VT__STORE_WALK_SPEED * fdt))
                s->has_goal = false;
        }
    }
    vt__world_update(s->world, s->load_budget_ms);
    vt__tryon_update(s);
    place_inspect_node(s);
    vt_scene_update(vt__world_scene(s->world));
    update_hover(s);
}

vt_result vt_store_render(vt_store *s, uint32_t width, uint32_t height, uint32_t target) {
    if (!width || !height) return VT_OK;
    if (width != s->width || height != s->height) {
        s->width = width, s->height = height;
        vt__tryon_reframe(s);
        place_inspect_node(s);
        vt_scene_update(vt__world_scene(s->world));
    }
    vt_view view = {.width = width, .height = height};
    vt__store_view(s, view.view, view.proj);
    /* A little under the renderer's 0 EV: the lit walls and the pale floor
       otherwise wash out under PBR Neutral, and colours read richer. */
    vt_frame_desc frame = {.target_fbo = target,
                           .no_ground = true,
                           .exposure = s->mode == VT_STORE_TRYON ? -1.2f : -0.4f,
                           .mirror = vt__world_mirror_node(s->world),
                           /* in the fitting room the mirror is what the shopper looks at */
                           .mirror_resolution = s->mode == VT_STORE_TRYON ? 1.0f : 0.0f};
    if (s->mode == VT_STORE_WALK && s->hovered != NONE)
        frame.highlight = vt__world_placement_node(s->world, s->hovered);
    vt_result r = vt_renderer_render(s->renderer, vt__world_scene(s->world), &view, &frame, NULL);
    if (r != VT_OK) return r;
    bool stage = s->mode != VT_STORE_WALK && s->mode != VT_STORE_TRYON;
    if (stage && (r = stage_render(s, &view, &frame, target)) != VT_OK) return r;
    glBindFramebuffer(GL_FRAMEBUFFER, target);
    vt__store_panels(s, true);
    return VT_OK;
}

vt_result vt_store_screenshot(vt_store *s, const char *png_path) {
    uint32_t w = s->width, h = s->height;
    if (!s->shot_fbo || s->shot_w != w || s->shot_h != h) {
        if (s->shot_fbo) glDeleteFramebuffers(1, &s->shot_fbo);
        if (s->shot_tex) glDeleteTextures(1, &s->shot_tex);
        GLuint tex = 0, fbo = 0;
        glGenTextures(1, &tex);
        glBindTexture(GL_TEXTURE_2D, tex);
        glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, (GLsizei)w, (GLsizei)h, 0, GL_RGBA,
                     GL_UNSIGNED_BYTE, NULL);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
        glBindTexture(GL_TEXTURE_2D, 0);
        glGenFramebuffers(1, &fbo);
        glBindFramebuffer(GL_FRAMEBUFFER, fbo);
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, tex, 0);
        GLenum st = glCheckFramebufferStatus(GL_FRAMEBUFFER);
        glBindFramebuffer(GL_FRAMEBUFFER, 0);
        s->shot_fbo = fbo, s->shot_tex = tex, s->shot_w = w, s->shot_h = h;
        if (st != GL_FRAMEBUFFER_COMPLETE)
            return vt__fail(VT_ERR_GPU, "%s: no %ux%u offscreen target", png_path, w, h);
    }
    vt_result r = vt_store_render(s, w, h, s->shot_fbo);
    if (r != VT_OK) return r;
    size_t row = (size_t)w * 4;
    uint8_t *rgba = malloc(row * h), *tmp = malloc(row);
    if (!rgba || !tmp) {
        free(rgba);
        free(tmp);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory for %ux%u pixels", png_path, w, h);
    }
    glBindFramebuffer(GL_FRAMEBUFFER, s->shot_fbo);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, (GLsizei)w, (GLsizei)h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    for (uint32_t y = 0; y < h / 2; y++) { /* GL rows run bottom up */
        memcpy(tmp, rgba + y * row, row);
        memcpy(rgba + y * row, rgba + (h - 1 - y) * row, row);
        memcpy(rgba + (h - 1 - y) * row, tmp, row);
    }
    for (size_t i = 3; i < row * h; i += 4) rgba[i] = 255;
    r = vt_png_write(png_path, w, h, rgba);
    free(rgba);
    free(tmp);
    return r;
}

/* ---- modes, cart and events --------------------------------------------- */

void vt__store_emit(vt_store *s, const char *name, const vt_cart_line *lines, uint32_t n) {
    if (!s->on_event) return;
    char *json = vt_event_json(s->def, name, lines, n);
    if (!json) {
        VT_LOGE("store", "%s: no memory for the event", name);
        return;
    }
    s->on_event(s->event_user, name, json);
    free(json);
}

void vt__store_notice(vt_store *s, bool error, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->notice, sizeof s->notice, fmt, ap);
    va_end(ap);
    s->notice_is_error = error;
    s->notice_until = s->time + 3.0;
}

void vt__store_push(vt_store *s, vt_store_mode m) {
    if (s->depth < VT__STORE_MODE_STACK) s->stack[s->depth++] = s->mode;
    s->mode = m;
    s->hovered = NONE;
    s->notice[0] = 0;
}

static void leave_inspect(vt_store *s) {
    vt_scene *sc = vt__world_scene(s->world);
    if (s->insp_node.id) vt_node_set_visible(sc, s->insp_node, false);
    vt_node n = vt__world_placement_node(s->world, s->insp_placement);
    if (n.id) vt_node_set_visible(sc, n, true);
    s->insp_node = s->stage_src = (vt_node){0};
    s->insp_product = s->insp_placement = s->insp_variant = s->insp_size = NONE;
}

bool vt__store_back(vt_store *s) {
    if (!s->depth) return false;
    vt_store_mode was = s->mode;
    s->mode = s->stack[--s->depth];
    s->notice[0] = 0;
    if (was == VT_STORE_TRYON) vt__tryon_leave(s);
    if (was == VT_STORE_INSPECT || s->mode == VT_STORE_WALK) {
        /* the product goes back to its place */
        if (s->mode != VT_STORE_INSPECT && s->insp_product != NONE) leave_inspect(s);
    }
    place_inspect_node(s);
    vt_scene_update(vt__world_scene(s->world));
    return true;
}

static vt_cart_line inspected_line(const vt_store *s, uint32_t quantity) {
    return (vt_cart_line){.product = s->insp_product,
                          .variant = s->insp_variant,
                          .size = s->insp_size,
                          .quantity = quantity};
}

vt_result vt__store_open_inspect(vt_store *s, uint32_t placement) {
    if (placement >= s->def->placement_count) return vt__fail(VT_ERR_INVALID, "no product there");
    if (s->mode == VT_STORE_INSPECT) vt__store_back(s);
    while (s->depth) vt__store_back(s); /* inspect opens from the floor */
    const vt_store_placement *pl = &s->def->placements[placement];
    s->insp_placement = placement;
    s->insp_product = pl->product;
    s->insp_variant = pl->variant < s->def->products[pl->product].variant_count ? pl->variant : 0;
    s->insp_size = NONE;
    s->insp_spin = 0.45f; /* a three-quarter view shows the form */
    s->insp_tilt = 0.15f;
    s->insp_zoom = 1.0f;
    s->insp_node = s->stage_src = (vt_node){0};
    vt__store_push(s, VT_STORE_INSPECT);
    vt_node n = vt__world_placement_node(s->world, placement);
    if (n.id) vt_node_set_visible(vt__world_scene(s->world), n, false);
    place_inspect_node(s);
    vt_scene_update(vt__world_scene(s->world));
    vt_cart_line line = inspected_line(s, 1);
    vt__store_emit(s, "select_item", &line, 1);
    vt__store_emit(s, "view_item", &line, 1);
    return VT_OK;
}

vt_result vt__store_choose_variant(vt_store *s, uint32_t variant) {
    if (s->mode != VT_STORE_INSPECT) return vt__fail(VT_ERR_INVALID, "no product is inspected");
    const vt_product *p = &s->def->products[s->insp_product];
    if (variant >= p->variant_count) return vt__fail(VT_ERR_INVALID, "no such variant");
    if (variant == s->insp_variant) return VT_OK;
    s->insp_variant = variant;
    /* The shelf keeps the colour chosen last. */
    vt__world_set_variant(s->world, s->insp_placement, variant);
    vt_node old = s->insp_node;
    s->insp_node = vt__world_inspect_node(s->world, s->insp_product, variant);
    s->stage_src = (vt_node){0}; /* the stage copies the new colour */
    if (old.id && old.id != s->insp_node.id)
        vt_node_set_visible(vt__world_scene(s->world), old, false);
    place_inspect_node(s);
    vt_scene_update(vt__world_scene(s->world));
    return VT_OK;
}

vt_result vt__store_choose_size(vt_store *s, uint32_t size) {
    if (s->mode != VT_STORE_INSPECT) return vt__fail(VT_ERR_INVALID, "no product is inspected");
    const vt_product *p = &s->def->products[s->insp_product];
    if (!p->size_count) return vt__fail(VT_ERR_INVALID, "%s comes in one size", p->id);
    if (size >= p->size_count) return vt__fail(VT_ERR_INVALID, "no such size");
    s->insp_size = size;
    s->notice[0] = 0;
    return VT_OK;
}

vt_result vt__store_add(vt_store *s, uint32_t quantity) {
    if (s->mode != VT_STORE_INSPECT && s->mode != VT_STORE_TRYON)
        return vt__fail(VT_ERR_INVALID, "no product is inspected (click one first)");
    const vt_product *p = &s->def->products[s->insp_product];
    if (p->size_count && s->insp_size == NONE) {
        vt__store_notice(s, true, "%s", vt__store_tr(s, "Choose a size first"));
        return vt__fail(VT_ERR_INVALID, "%s needs a size first (size LABEL)", p->id);
    }
    if (!quantity) quantity = 1;
    vt_result r = vt_cart_add(s->cart, s->insp_product, s->insp_variant, s->insp_size, quantity);
    if (r != VT_OK) return r;
    vt_cart_line line = inspected_line(s, quantity);
    vt__store_emit(s, "add_to_cart", &line, 1);
    vt__store_notice(s, false, "%s", vt__store_tr(s, "Added to your cart"));
    return VT_OK;
}

vt_result vt__store_remove(vt_store *s, uint32_t product) {
    const vt_cart_line *lines;
    uint32_t n = vt_cart_lines(s->cart, &lines), k = 0;
    vt_cart_line *removed = malloc(sizeof *removed * (n ? n : 1));
    if (!removed) return vt__fail(VT_ERR_NOMEM, "out of memory");
    for (uint32_t i = 0; i < n; i++)
        if (lines[i].product == product) removed[k++] = lines[i];
    if (!k) {
        free(removed);
        return vt__fail(VT_ERR_INVALID, "%s is not in the cart", s->def->products[product].id);
    }
    vt_result r = vt_cart_remove_product(s->cart, product);
    if (r == VT_OK) vt__store_emit(s, "remove_from_cart", removed, k);
    free(removed);
    return r;
}

vt_result vt__store_open_cart(vt_store *s) {
    if (s->mode == VT_STORE_CART) return VT_OK;
    if (s->mode == VT_STORE_CHECKOUT)
        vt__store_back(s);
    else
        vt__store_push(s, VT_STORE_CART);
    place_inspect_node(s);
    vt_scene_update(vt__world_scene(s->world));
    const vt_cart_line *lines;
    uint32_t n = vt_cart_lines(s->cart, &lines);
    vt__store_emit(s, "view_cart", lines, n);
    return VT_OK;
}

vt_result vt__store_checkout(vt_store *s) {
    const vt_cart_line *lines;
    uint32_t n = vt_cart_lines(s->cart, &lines);
    if (!n) {
        vt__store_notice(s, true, "%s", vt__store_tr(s, "Your cart is empty"));
        return vt__fail(VT_ERR_INVALID, "the cart is empty");
    }
    if (s->mode == VT_STORE_CHECKOUT) return VT_OK;
    vt__store_push(s, VT_STORE_CHECKOUT);
    place_inspect_node(s);
    vt_scene_update(vt__world_scene(s->world));
    vt__store_emit(s, "begin_checkout", lines, n);
    return VT_OK;
}
