/* The renderer object and the frame: cull, sort, instance (draws.c), then
   the passes (mirror, shadow, contact, opaque, ground, transparent, resolve,
   tone map with the background, highlight). */
#include "render_internal.h"

#define CGLM_ALL_UNALIGNED
#include <cglm/cglm.h>
#include <string.h>
#include <time.h>

static double now_ms(void);

/* VITRINE_PROFILE=1: finish and log the wall time of each pass (slows the
   frame); VITRINE_PROFILE=cpu: log the calling thread's CPU time per pass,
   without finishing (what each pass costs the render thread);
   VITRINE_PROFILE=proc: finish and log the CPU time of the whole process
   (llvmpipe's raster threads included): the work a pass costs, steady on a
   machine busy with other things where its wall time is not. */
static void prof(const vt_renderer *r, const char *what, double *t) {
    if (!r->profile) return;
    bool cpu = r->profile == 2;
    if (!cpu) glFinish();
    double n = 0;
    if (cpu) {
        n = now_ms();
    } else {
        struct timespec ts;
        clock_gettime(r->profile == 3 ? CLOCK_PROCESS_CPUTIME_ID : CLOCK_MONOTONIC, &ts);
        n = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
    }
    if (*t >= 0)
        vt_log(VT_LOG_WARN, "render", "profile: %-10s %7.3f ms%s", what, n - *t,
               cpu               ? " cpu"
               : r->profile == 3 ? " process cpu"
                                 : "");
    *t = n;
}

/* CPU time of the calling thread: what the call costs this thread, driver work
   on it included, time spent waiting for the GPU (llvmpipe's raster threads
   included) not. */
static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

vt_result vt_renderer_create(const vt_renderer_desc *desc, vt_renderer **out) {
    VT_ASSERT(out);
    *out = NULL;
    const GLubyte *version = glGetString(GL_VERSION);
    if (!version) return vt__fail(VT_ERR_NO_GPU, "render: no GL context is current");
    vt_renderer *r = calloc(1, sizeof *r);
    if (!r) return vt__fail(VT_ERR_NOMEM, "render: out of memory");
    if (desc) r->desc = *desc;
    if (!r->desc.shadow_map_size) r->desc.shadow_map_size = 1024;
    if (!r->desc.env_size) r->desc.env_size = 256;
    r->contact_size = 256;
    const char *pe = getenv("VITRINE_PROFILE");
    r->profile = pe && pe[0] == '1'          ? 1
                 : pe && !strcmp(pe, "cpu")  ? 2
                 : pe && !strcmp(pe, "proc") ? 3
                                             : 0;
    r->gles = !epoxy_is_desktop_gl();
    int gl_version = epoxy_gl_version();
    if ((r->gles && gl_version < 30) || (!r->gles && gl_version < 33)) {
        free(r);
        return vt__fail(VT_ERR_NO_GPU, "render: GL 3.3 or GLES 3.0 needed, the context has %s",
                        (const char *)version);
    }
    glGetIntegerv(GL_MAX_SAMPLES, &r->max_samples);
    if (!r->gles) glEnable(GL_TEXTURE_CUBE_MAP_SEAMLESS);
    glGenVertexArrays(1, &r->empty_vao);
    glGenBuffers(1, &r->frame_ubo);
    glBindBuffer(GL_UNIFORM_BUFFER, r->frame_ubo);
    glBufferData(GL_UNIFORM_BUFFER, sizeof(vt__frame_ubo), NULL, GL_DYNAMIC_DRAW);
    glGenBuffers(1, &r->instance_vbo);
    vt_result res = vt__shaders_init(r);
    if (res == VT_OK) res = vt__ibl_init(r);
    if (res != VT_OK) {
        char msg[1024];
        snprintf(msg, sizeof msg, "%s", vt_last_error());
        vt_renderer_destroy(r);
        return vt__fail(res, "%s", msg);
    }
    *out = r;
    return VT_OK;
}

static void target_release(vt__target *t) {
    GLuint fbos[] = {t->fbo_ms, t->fbo_resolve, t->fbo_out};
    GLuint rbs[] = {t->color_ms, t->depth_ms, t->depth_out};
    for (size_t i = 0; i < VT_COUNTOF(fbos); i++)
        if (fbos[i]) glDeleteFramebuffers(1, &fbos[i]);
    for (size_t i = 0; i < VT_COUNTOF(rbs); i++)
        if (rbs[i]) glDeleteRenderbuffers(1, &rbs[i]);
    vt__delete_tex(&t->color_resolve);
    vt__delete_tex(&t->color_out);
    memset(t, 0, sizeof *t);
}

void vt_renderer_destroy(vt_renderer *r) {
    if (!r) return;
    target_release(&r->target);
    vt__shadow_destroy(r);
    vt__outline_destroy(r);
    vt__mirror_destroy(r);
    target_release(&r->mirror_target);
    vt__ibl_destroy(r);
    vt__upload_destroy(r);
    vt__shaders_destroy(r);
    if (r->empty_vao) glDeleteVertexArrays(1, &r->empty_vao);
    if (r->frame_ubo) glDeleteBuffers(1, &r->frame_ubo);
    if (r->instance_vbo) glDeleteBuffers(1, &r->instance_vbo);
    free(r->items);
    free(r->draws);
    free(r->instances);
    free(r->batches);
    free(r->lights);
    free(r->highlighted);
    free(r);
}

void vt_view_frame_bounds(const vt_aabb *b, float yaw, float pitch, uint32_t width, uint32_t height,
                          vt_view *out) {
    VT_ASSERT(b && out);
    memset(out, 0, sizeof *out);
    out->width = width ? width : 1;
    out->height = height ? height : 1;
    vec3 center = {0, 0, 0};
    float radius = 0.5f;
    bool empty = !(b->min[0] <= b->max[0] && b->min[1] <= b->max[1] && b->min[2] <= b->max[2]);
    if (!empty) {
        for (int i = 0; i < 3; i++) center[i] = 0.5f * (b->min[i] + b->max[i]);
        vec3 ext = {b->max[0] - b->min[0], b->max[1] - b->min[1], b->max[2] - b->min[2]};
        radius = fmaxf(0.5f * glm_vec3_norm(ext), 1e-4f);
    }
    const float fovy = glm_rad(32.0f); /* a short telephoto, as product photos use */
    float aspect = (float)out->width / (float)out->height;
    vec3 dir = {sinf(yaw) * cosf(pitch), sinf(pitch), cosf(yaw) * cosf(pitch)};
    /* The nearest camera distance at which all eight corners of the box project inside
       92% of the frame in both directions: tall or wide products fill the picture instead
       of sitting small inside their bounding sphere. */
    vec3 up = {0, 1, 0};
    if (fabsf(cosf(pitch)) < 1e-4f) up[1] = 0, up[2] = -dir[1];
    vec3 right, cam_up;
    glm_vec3_cross(up, dir, right);
    glm_vec3_normalize(right);
    glm_vec3_cross(dir, right, cam_up);
    const float margin = 0.92f;
    float tan_v = tanf(fovy * 0.5f) * margin, tan_h = tanf(fovy * 0.5f) * aspect * margin;
    float dist = empty ? radius / tan_v : 0;
    for (int c = 0; c < 8 && !empty; c++) {
        vec3 p = {(c & 1) ? b->max[0] : b->min[0], (c & 2) ? b->max[1] : b->min[1],
                  (c & 4) ? b->max[2] : b->min[2]};
        glm_vec3_sub(p, center, p);
        float x = glm_vec3_dot(p, right), y = glm_vec3_dot(p, cam_up), z = glm_vec3_dot(p, dir);
        dist = fmaxf(dist, z + fabsf(x) / tan_h);
        dist = fmaxf(dist, z + fabsf(y) / tan_v);
    }
    vec3 eye;
    glm_vec3_scale(dir, dist, eye);
    glm_vec3_add(eye, center, eye);
    mat4 view, proj;
    glm_lookat(eye, center, up, view);
    float near_z = fmaxf(dist - radius * 1.5f, dist * 0.02f);
    float far_z = dist + radius * 12.0f;
    glm_perspective(fovy, aspect, near_z, far_z, proj);
    memcpy(out->view, view, sizeof view);
    memcpy(out->proj, proj, sizeof proj);
}

/* ---- targets ------------------------------------------------------------ */

static bool ensure_target(vt_renderer *r, uint32_t w, uint32_t h, uint32_t samples) {
    vt__target *t = &r->target;
    if (t->fbo_ms && t->width == w && t->height == h && t->samples == samples) return true;
    GLuint keep_fbo = t->fbo_out, keep_color = t->color_out, keep_depth = t->depth_out;
    uint32_t ow = t->out_width, oh = t->out_height;
    t->fbo_out = t->color_out = t->depth_out = 0;
    target_release(t);
    t->fbo_out = keep_fbo, t->color_out = keep_color, t->depth_out = keep_depth;
    t->out_width = ow, t->out_height = oh;
    t->width = w, t->height = h, t->samples = samples;

    t->color_resolve = vt__tex2d(GL_RGBA16F, w, h, GL_RGBA, GL_HALF_FLOAT, NULL, false);
    if (!t->color_resolve) goto fail;
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    t->fbo_resolve = vt__fbo_color(t->color_resolve, GL_TEXTURE_2D, 0);
    if (samples > 1) {
        if (!vt__fbo_check("resolve target")) goto fail;
        glGenRenderbuffers(1, &t->color_ms);
        glBindRenderbuffer(GL_RENDERBUFFER, t->color_ms);
        glRenderbufferStorageMultisample(GL_RENDERBUFFER, (GLsizei)samples, GL_RGBA16F, (GLsizei)w,
                                         (GLsizei)h);
        glGenFramebuffers(1, &t->fbo_ms);
        glBindFramebuffer(GL_FRAMEBUFFER, t->fbo_ms);
        glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER,
                                  t->color_ms);
    } else {
        t->fbo_ms = t->fbo_resolve;
        t->fbo_resolve = 0;
    }
    glGenRenderbuffers(1, &t->depth_ms);
    glBindRenderbuffer(GL_RENDERBUFFER, t->depth_ms);
    glRenderbufferStorageMultisample(GL_RENDERBUFFER, samples > 1 ? (GLsizei)samples : 0,
                                     GL_DEPTH_COMPONENT24, (GLsizei)w, (GLsizei)h);
    glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_ATTACHMENT, GL_RENDERBUFFER, t->depth_ms);
    if (!vt__fbo_check("HDR target")) goto fail;
    return true;
fail:
    VT_LOGW("render", "the %ux%u HDR target (%u samples) could not be created", w, h, samples);
    keep_fbo = t->fbo_out, keep_color = t->color_out, keep_depth = t->depth_out;
    t->fbo_out = t->color_out = t->depth_out = 0;
    target_release(t);
    t->fbo_out = keep_fbo, t->color_out = keep_color, t->depth_out = keep_depth;
    t->out_width = ow, t->out_height = oh;
    return false;
}

/* ---- passes ------------------------------------------------------------- */

/* GL state the batch loop changes, to skip calls that would change nothing. */
typedef struct draw_state {
    uint32_t material;
    GLuint tex[VT__MAT_TEX_COUNT];
    int cull; /* -1 unknown */
    GLuint program;
} draw_state;

static void bind_material(draw_state *ds, const vt__gpu_material *m) {
    glBindBufferBase(GL_UNIFORM_BUFFER, VT__UBO_MATERIAL, m->ubo);
    for (int k = 0; k < VT__MAT_TEX_COUNT; k++) {
        if (!m->tex[k] || ds->tex[k] == m->tex[k]) continue;
        glActiveTexture(GL_TEXTURE0 + (GLenum)k);
        glBindTexture(GL_TEXTURE_2D, m->tex[k]);
        ds->tex[k] = m->tex[k];
    }
    int cull = !m->double_sided;
    if (cull != ds->cull) {
        if (cull)
            glEnable(GL_CULL_FACE);
        else
            glDisable(GL_CULL_FACE);
        ds->cull = cull;
    }
}

/* Whether light i of the frame block can light anything in box b: a point or
   spot light's range, and a spot's cone, tested against the box's bounding
   sphere (conservative). */
static bool light_reaches(const vt__frame_ubo *u, int i, const vt_aabb *b) {
    int type = (int)(u->light_pos[i][3] + 0.5f);
    const float *c3 = u->light_color[i];
    if (c3[0] <= 0.0f && c3[1] <= 0.0f && c3[2] <= 0.0f) return false;
    if (type == VT_LIGHT_DIRECTIONAL) return true;
    float v[3], len2 = 0, rad2 = 0;
    for (int k = 0; k < 3; k++) {
        float h = 0.5f * (b->max[k] - b->min[k]);
        v[k] = b->min[k] + h - u->light_pos[i][k];
        len2 += v[k] * v[k];
        rad2 += h * h;
    }
    float len = sqrtf(len2), rad = sqrtf(rad2);
    if (len <= rad) return true; /* the light is inside */
    float range = u->light_dir[i][3];
    if (range > 0.0f && len - rad >= range) return false;
    if (type != VT_LIGHT_SPOT || u->light_cone[i][0] <= 0.0f) return true;
    float co = -u->light_cone[i][1] / u->light_cone[i][0]; /* cos of the outer cone */
    if (co <= 0.0f) return true;                           /* 90 degrees or wider */
    float si = sqrtf(fmaxf(0.0f, 1.0f - co * co));
    float a = v[0] * u->light_dir[i][0] + v[1] * u->light_dir[i][1] + v[2] * u->light_dir[i][2];
    float bd = sqrtf(fmaxf(0.0f, len2 - a * a));
    if (a < -rad) return false;    /* behind the light */
    return co * bd - a * si < rad; /* distance from the centre to the cone's side */
}

/* The batch's lights (and whether it reads the shadow map) into p's uniforms:
   the light loop of pbr.frag runs once per listed light for every fragment,
   lit or not, on llvmpipe. */
static void set_batch_lights(const vt__program *p, const vt__frame_ubo *u, const vt_aabb *b) {
    if (p->u_light_n < 0) return;
    GLint list[VT__BATCH_LIGHTS];
    int n = 0, count = (int)u->misc[0], caster = (int)u->shadow[0];
    bool caster_in = false;
    for (int i = 0; i < count && n < VT__BATCH_LIGHTS; i++) {
        if (!light_reaches(u, i, b)) continue;
        if (i == caster) caster_in = true;
        list[n++] = i;
    }
    glUniform1i(p->u_light_n, n);
    if (n) glUniform1iv(p->u_light_list, n, list);
    /* caster < 0: the studio key box's shadow, everywhere */
    bool taps = u->shadow[3] > 0.5f && (caster < 0 || caster_in);
    glUniform1i(p->u_shadow_taps, taps ? (GLint)u->bg_color[3] : 0);
}

/* Draws the opaque (mask and mirror included) or the blended batches with
   program pbr, the mirror's with the mirror program. */
static void draw_batches(vt_renderer *r, const vt__program *pbr, const vt_view *v, bool blend,
                         const vt__frame_ubo *u, vt_frame_stats *st) {
    draw_state ds = {.material = UINT32_MAX, .cull = -1, .program = pbr->id};
    const vt__program *mirror = NULL;
    for (uint32_t i = 0; i < r->batch_count; i++) {
        const vt__batch *b = &r->batches[i];
        if (b->blend != blend) continue;
        if (b->mirror && !mirror && !(mirror = vt__program_get(r, VT__PROG_MIRROR))) continue;
        const vt__gpu_material *mt = &r->materials[b->material];
        const vt__program *spec = b->mirror ? NULL : vt__pbr_program(r, mt->features);
        GLuint want = b->mirror ? mirror->id : (spec ? spec->id : pbr->id);
        if (want != ds.program) {
            if (b->mirror)
                vt__mirror_bind(r, mirror, v);
            else
                glUseProgram(want);
            ds.program = want;
        }
        if (spec) set_batch_lights(spec, u, &b->bounds);
        if (b->material != ds.material) {
            bind_material(&ds, mt);
            ds.material = b->material;
        }
        const vt__gpu_mesh *g = &r->meshes[b->mesh];
        vt__bind_instances(r, g, b->first);
        const vt__lod *l = &g->lod[b->lod];
        glDrawElementsInstanced(GL_TRIANGLES, (GLsizei)l->count, GL_UNSIGNED_INT,
                                (const void *)((size_t)l->first * sizeof(uint32_t)),
                                (GLsizei)b->count);
        st->draw_calls++;
        st->triangles += (uint64_t)(l->count / 3) * b->count;
    }
    if (ds.program != pbr->id) glUseProgram(pbr->id);
}

static void bind_env(vt_renderer *r) {
    glActiveTexture(GL_TEXTURE0 + VT__TEX_PREFILTERED);
    glBindTexture(GL_TEXTURE_CUBE_MAP, r->env.prefiltered);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_IRRADIANCE);
    glBindTexture(GL_TEXTURE_CUBE_MAP, r->env.irradiance);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_LUT);
    glBindTexture(GL_TEXTURE_2D, r->brdf_lut);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_SHADOW);
    glBindTexture(GL_TEXTURE_2D, r->shadow_tex);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_CONTACT);
    glBindTexture(GL_TEXTURE_2D, r->contact_tex);
}

static float srgb_to_linear(float c) {
    c = c < 0 ? 0 : (c > 1 ? 1 : c);
    return c <= 0.04045f ? c / 12.92f : powf((c + 0.055f) / 1.055f, 2.4f);
}

/* Lights into the frame block; returns the index of the shadow-casting light
   or -1: the first light with cast_shadow set that is directional or a spot,
   else the first directional light. *outer gets a spot's outer cone. */
static int fill_lights(vt_renderer *r, const vt_scene *s, vt__frame_ubo *u, float *outer) {
    uint32_t n = vt_scene_lights(s, r->lights, r->light_cap);
    if (n > r->light_cap) {
        uint32_t cap = r->light_cap;
        if (vt__grow((void **)&r->lights, &cap, n, sizeof *r->lights, 16)) {
            r->light_cap = cap;
            n = vt_scene_lights(s, r->lights, r->light_cap);
        } else {
            n = r->light_cap;
        }
    }
    if (n > r->light_cap) n = r->light_cap;
    int shadow = -1, first_dir = -1, count = 0;
    for (uint32_t i = 0; i < n && count < VT__MAX_LIGHTS; i++) {
        const vt_light_item *li = &r->lights[i];
        const vt_light *l = &li->light;
        if (l->type == VT_LIGHT_NONE) continue;
        memcpy(u->light_pos[count], li->position, sizeof(float) * 3);
        u->light_pos[count][3] = (float)l->type;
        memcpy(u->light_dir[count], li->direction, sizeof(float) * 3);
        u->light_dir[count][3] = l->range;
        for (int k = 0; k < 3; k++) u->light_color[count][k] = l->color[k] * l->intensity;
        if (l->type == VT_LIGHT_SPOT) {
            float co = cosf(l->outer_cone), ci = cosf(l->inner_cone);
            float scale = 1.0f / fmaxf(1e-3f, ci - co);
            u->light_cone[count][0] = scale;
            u->light_cone[count][1] = -co * scale;
        }
        if (l->type == VT_LIGHT_DIRECTIONAL && first_dir < 0) first_dir = count;
        if (l->cast_shadow && shadow < 0 &&
            (l->type == VT_LIGHT_DIRECTIONAL || l->type == VT_LIGHT_SPOT)) {
            shadow = count;
            *outer = l->outer_cone;
        }
        count++;
    }
    u->misc[0] = (float)count;
    return shadow >= 0 ? shadow : first_dir;
}

vt_result vt_renderer_render(vt_renderer *r, const vt_scene *s, const vt_view *v,
                             const vt_frame_desc *frame, vt_frame_stats *stats) {
    VT_ASSERT(r && s && v);
    double t0 = now_ms();
    vt_frame_stats st = {0};
    vt_frame_desc f = frame ? *frame : (vt_frame_desc){0};
    if (!r->env.valid) {
        vt_result res = vt_renderer_set_env(r, &(vt_env_desc){0});
        if (res != VT_OK) return res;
    }
    uint32_t w = v->width, h = v->height;
    if (!w || !h) return vt__fail(VT_ERR_INVALID, "render: the view is empty (%ux%u)", w, h);
    uint32_t samples = f.msaa ? f.msaa : 4;
    if (samples > (uint32_t)r->max_samples) samples = (uint32_t)r->max_samples;
    if (samples < 1) samples = 1;
    if (!ensure_target(r, w, h, samples)) {
        if (samples == 1 || !ensure_target(r, w, h, 1))
            return vt__fail(VT_ERR_GPU, "render: no %ux%u render target", w, h);
    }

    mat4 view, proj, vp, inv_view, inv_vp;
    memcpy(view, v->view, sizeof view);
    memcpy(proj, v->proj, sizeof proj);
    glm_mat4_mul(proj, view, vp);
    glm_mat4_inv(view, inv_view);
    glm_mat4_inv(vp, inv_vp);
    vec3 eye = {inv_view[3][0], inv_view[3][1], inv_view[3][2]};

    double tp = -1;
    prof(r, "start", &tp);
    uint32_t draw_count = 0;
    bool perspective = proj[3][3] == 0.0f;
    float px_per_unit = proj[1][1] * 0.5f * (float)h;
    /* The mirror reflects only for a camera in front of it. */
    float plane[4];
    vt_node mirror = {0};
    if (!r->in_mirror && vt__mirror_plane(s, f.mirror, plane) &&
        plane[0] * eye[0] + plane[1] * eye[1] + plane[2] * eye[2] + plane[3] > 0)
        mirror = f.mirror;
    uint32_t mirror_draws = 0;
    double t_mirror = 0;
    vt_result res = vt__prepare_draws(r, s, vp, eye, px_per_unit, perspective, mirror, &draw_count,
                                      &mirror_draws);
    if (res == VT_OK && mirror_draws) {
        /* The reflected pass reuses the per-frame arrays: the camera's draws are
           prepared again after it. */
        double tm = now_ms();
        vt__mirror_render(r, s, v, &f, plane);
        t_mirror = now_ms() - tm;
        res = vt__prepare_draws(r, s, vp, eye, px_per_unit, perspective, mirror, &draw_count,
                                &mirror_draws);
    }
    if (res == VT_OK) res = vt__outline_collect(r, s, f.highlight, draw_count);
    if (res != VT_OK) return res;
    prof(r, "prepare", &tp);
    double t_cull = now_ms();
    st.cull_ms = t_cull - t0 - t_mirror;

    vt__frame_ubo u;
    memset(&u, 0, sizeof u);
    memcpy(u.view_proj, vp, sizeof u.view_proj);
    u.camera[0] = eye[0], u.camera[1] = eye[1], u.camera[2] = eye[2];
    u.camera[3] = (float)(r->env.prefiltered_levels - 1);
    u.env[0] = r->env.intensity;
    u.env[1] = cosf(r->env.rotation);
    u.env[2] = sinf(r->env.rotation);
    u.env[3] = r->env.kind == VT_ENV_STUDIO ? -1.0f : 1.0f;
    float spot_outer = 0;
    int shadow_light = fill_lights(r, s, &u, &spot_outer);
    u.misc[1] = exp2f(f.exposure);
    u.misc[2] = (float)f.tonemap;
    u.misc[3] = (float)f.background;
    for (int k = 0; k < 3; k++) u.bg_color[k] = srgb_to_linear(f.background_color[k]);
    u.bg_color[3] = 9.0f; /* PCF taps on objects */
    u.shadow[0] = -1.0f;

    vt_aabb bounds;
    bool have_bounds = draw_count > 0 && vt_scene_bounds(s, &bounds);
    /* The ground catcher is for objects seen from outside (the viewer, thumbnails); a
       camera inside the scene's bounds stands in a room, which has its own floor. */
    bool inside = have_bounds && eye[0] > bounds.min[0] && eye[0] < bounds.max[0] &&
                  eye[1] > bounds.min[1] && eye[1] < bounds.max[1] && eye[2] > bounds.min[2] &&
                  eye[2] < bounds.max[2];
    bool ground = have_bounds && !f.no_ground && !inside && eye[1] > bounds.min[1];
    if (have_bounds && !f.no_shadows) {
        vt__shadow_light sl = {.dir = {0, -1, 0}};
        if (shadow_light >= 0) {
            sl.spot = u.light_pos[shadow_light][3] > 2.5f;
            memcpy(sl.pos, u.light_pos[shadow_light], sizeof sl.pos);
            memcpy(sl.dir, u.light_dir[shadow_light], sizeof sl.dir);
            sl.range = u.light_dir[shadow_light][3];
            sl.outer = spot_outer;
        } else if (r->env.kind == VT_ENV_STUDIO) {
            memcpy(sl.dir, r->env.key_dir, sizeof sl.dir);
        }
        bool want_map = shadow_light >= 0 || ground;
        uint64_t ckey = vt__caster_key(r, draw_count, &bounds);
        float texel = 0;
        bool have_map = want_map && vt__shadow_update(r, s, &sl, &bounds, u.shadow_mat, &texel);
        if (have_map) {
            float size = (float)r->desc.shadow_map_size;
            u.shadow[0] = (float)shadow_light;
            u.shadow[1] = shadow_light >= 0 ? 1.5f / size : 0.012f;
            float ext[3];
            for (int k = 0; k < 3; k++) ext[k] = bounds.max[k] - bounds.min[k];
            float diag = sqrtf(ext[0] * ext[0] + ext[1] * ext[1] + ext[2] * ext[2]);
            /* the soft studio filter needs a normal offset as wide as its kernel */
            u.shadow[2] = shadow_light >= 0 ? 2.0f * texel : 1.5f * u.shadow[1] * diag;
            u.shadow[3] = 1.0f;
            if (shadow_light < 0 && r->env.kind == VT_ENV_STUDIO) {
                /* 5 x the box's 0.75 sr x its 0.88 mean profile / pi (shaders/studio.glsl) */
                for (int k = 0; k < 3; k++) u.key[k] = -sl.dir[k];
                u.key[3] = 1.05f;
            }
        }
        prof(r, "shadow", &tp);
        if (ground && ckey == r->contact_key) {
            memcpy(u.contact_mat, r->contact_mat, sizeof u.contact_mat);
            u.ground_center[3] = 1.0f;
        } else if (ground) {
            r->contact_key = 0;
            if (vt__contact_render(r, &bounds, r->batch_count, u.contact_mat)) {
                r->contact_key = ckey;
                memcpy(r->contact_mat, u.contact_mat, sizeof u.contact_mat);
                u.ground_center[3] = 1.0f;
            }
        }
        prof(r, "contact", &tp);
    }
    double t_shadow = now_ms();
    st.shadow_ms = t_shadow - t_cull;
    if (ground) {
        float ext[3];
        for (int k = 0; k < 3; k++) ext[k] = bounds.max[k] - bounds.min[k];
        float radius = 0.5f * sqrtf(ext[0] * ext[0] + ext[1] * ext[1] + ext[2] * ext[2]);
        u.ground[0] = bounds.min[1];
        u.ground[1] = 4.0f * radius;
        u.ground[2] = shadow_light >= 0 ? 0.7f : 0.5f;
        u.ground[3] = 1.0f;
        u.ground_center[0] = 0.5f * (bounds.min[0] + bounds.max[0]);
        u.ground_center[2] = 0.5f * (bounds.min[2] + bounds.max[2]);
    }

    glBindBuffer(GL_UNIFORM_BUFFER, r->frame_ubo);
    glBufferSubData(GL_UNIFORM_BUFFER, 0, sizeof u, &u);
    glBindBufferBase(GL_UNIFORM_BUFFER, VT__UBO_FRAME, r->frame_ubo);

    /* Defaults for attributes a mesh does not have. */
    glVertexAttrib4f(1, 0, 0, 1, 0);
    glVertexAttrib4f(2, 0, 0, 0, 0);
    glVertexAttrib4f(3, 0, 0, 0, 0);
    glVertexAttrib4f(4, 0, 0, 0, 0);
    glVertexAttrib4f(5, 1, 1, 1, 1);

    vt__target *t = &r->target;
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo_ms);
    glViewport(0, 0, (GLsizei)w, (GLsizei)h);
    glDisable(GL_SCISSOR_TEST);
    glDepthMask(GL_TRUE);
    glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
    glClearColor(0, 0, 0, 0);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    bind_env(r);

    const vt__program *pbr = vt__program_get(r, VT__PROG_PBR);
    if (pbr) {
        glUseProgram(pbr->id);
        glEnable(GL_DEPTH_TEST);
        glDepthFunc(GL_LESS);
        glDepthMask(GL_TRUE);
        glDisable(GL_BLEND);
        glCullFace(GL_BACK);
        glFrontFace(r->in_mirror ? GL_CW : GL_CCW); /* a reflection turns the winding */
        draw_batches(r, pbr, v, false, &u, &st);
    }
    prof(r, "opaque", &tp);

    if (ground) {
        const vt__program *p = vt__program_get(r, VT__PROG_GROUND);
        if (p) {
            glUseProgram(p->id);
            glEnable(GL_DEPTH_TEST);
            glDepthMask(GL_FALSE);
            glDisable(GL_CULL_FACE);
            glEnable(GL_BLEND);
            glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
            glUniform4f(p->u_params, 12.0f, 0, 0, 0);
            /* Pushed back a little: a model's own floor at the same height wins. */
            glEnable(GL_POLYGON_OFFSET_FILL);
            glPolygonOffset(1.0f, 4.0f);
            glBindVertexArray(r->empty_vao);
            glDrawArrays(GL_TRIANGLES, 0, 6);
            glDisable(GL_POLYGON_OFFSET_FILL);
        }
    }
    prof(r, "ground", &tp);

    if (pbr) {
        glUseProgram(pbr->id);
        glEnable(GL_DEPTH_TEST);
        glDepthMask(GL_FALSE);
        glEnable(GL_BLEND);
        glBlendFunc(GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
        draw_batches(r, pbr, v, true, &u, &st);
    }
    glDisable(GL_BLEND);
    glDepthMask(GL_TRUE);
    glDisable(GL_CULL_FACE);
    glBindVertexArray(0);

    if (t->fbo_resolve) {
        glBindFramebuffer(GL_READ_FRAMEBUFFER, t->fbo_ms);
        glBindFramebuffer(GL_DRAW_FRAMEBUFFER, t->fbo_resolve);
        glBlitFramebuffer(0, 0, (GLint)w, (GLint)h, 0, 0, (GLint)w, (GLint)h, GL_COLOR_BUFFER_BIT,
                          GL_NEAREST);
    }
    prof(r, "blend+res", &tp);
    double t_submit = now_ms();
    vt__tonemap_pass(r, &f, f.target_fbo, v, (const float *)inv_vp);
    prof(r, "tonemap", &tp);
    double t_tonemap = now_ms();
    vt__outline_pass(r, &f, f.target_fbo, v, (const float *)vp);
    glBindVertexArray(0);
    prof(r, "outline", &tp);
    st.submit_ms = (t_submit - t_shadow) + (now_ms() - t_tonemap) + t_mirror;

    st.instances_visible = draw_count;
    st.cpu_ms = now_ms() - t0;
    if (stats) *stats = st;
    return VT_OK;
}

vt_result vt_renderer_render_image(vt_renderer *r, const vt_scene *s, const vt_view *v,
                                   const vt_frame_desc *frame, uint8_t *rgba,
                                   vt_frame_stats *stats) {
    VT_ASSERT(r && s && v && rgba);
    uint32_t w = v->width, h = v->height;
    if (!w || !h) return vt__fail(VT_ERR_INVALID, "render: the view is empty (%ux%u)", w, h);
    vt__target *t = &r->target;
    if (!t->fbo_out || t->out_width != w || t->out_height != h) {
        if (t->fbo_out) glDeleteFramebuffers(1, &t->fbo_out);
        vt__delete_tex(&t->color_out);
        t->fbo_out = 0;
        t->color_out = vt__tex2d(GL_RGBA8, w, h, GL_RGBA, GL_UNSIGNED_BYTE, NULL, false);
        if (!t->color_out) return vt__fail(VT_ERR_GPU, "render: no %ux%u image target", w, h);
        t->fbo_out = vt__fbo_color(t->color_out, GL_TEXTURE_2D, 0);
        if (!vt__fbo_check("image target")) {
            glDeleteFramebuffers(1, &t->fbo_out);
            t->fbo_out = 0;
            vt__delete_tex(&t->color_out);
            return vt__fail(VT_ERR_GPU, "render: no %ux%u image target", w, h);
        }
        t->out_width = w;
        t->out_height = h;
    }
    vt_frame_desc f = frame ? *frame : (vt_frame_desc){0};
    f.target_fbo = t->fbo_out;
    vt_view v0 = *v;
    v0.x = v0.y = 0;
    vt_result res = vt_renderer_render(r, s, &v0, &f, stats);
    if (res != VT_OK) return res;
    glBindFramebuffer(GL_FRAMEBUFFER, t->fbo_out);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, (GLsizei)w, (GLsizei)h, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
    size_t row = (size_t)w * 4;
    uint8_t tmp[4096];
    for (uint32_t y = 0; y < h / 2; y++) {
        uint8_t *a = rgba + (size_t)y * row, *b = rgba + (size_t)(h - 1 - y) * row;
        for (size_t o = 0; o < row; o += sizeof tmp) {
            size_t n = row - o < sizeof tmp ? row - o : sizeof tmp;
            memcpy(tmp, a + o, n);
            memcpy(a + o, b + o, n);
            memcpy(b + o, tmp, n);
        }
    }
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    return VT_OK;
}
