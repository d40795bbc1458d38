/* Image-based light: the radiance cube (studio, neutral or an HDR file), its
   GGX-prefiltered mip chain, the irradiance cube and the split-sum BRDF table.
   Everything is computed on the GPU once per environment (the table once per
   renderer); sizes are modest so llvmpipe does it in a fraction of a second. */
#include "render_internal.h"

#include <math.h>
#include <string.h>
#include <time.h>

enum {
    LUT_SIZE = 64,
    LUT_SAMPLES = 256,
    IRRADIANCE_SIZE = 16,
    IRRADIANCE_SAMPLES = 128,
    PREFILTER_LEVELS = 6,
};

/* VITRINE_PROFILE=1 (read once, at vt_renderer_create): finish and log each step's time. */
static void prof(const vt_renderer *r, const char *what, double *t) {
    if (!r->profile) return;
    glFinish();
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    double n = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
    if (*t > 0) vt_log(VT_LOG_WARN, "render", "profile: env %-10s %7.2f ms", what, n - *t);
    *t = n;
}

typedef struct saved_state {
    GLint fbo, viewport[4];
} saved_state;

static saved_state save(void) {
    saved_state s;
    glGetIntegerv(GL_FRAMEBUFFER_BINDING, &s.fbo);
    glGetIntegerv(GL_VIEWPORT, s.viewport);
    return s;
}

static void restore(const saved_state *s) {
    glBindFramebuffer(GL_FRAMEBUFFER, (GLuint)s->fbo);
    glViewport(s->viewport[0], s->viewport[1], s->viewport[2], s->viewport[3]);
}

static void pass_state(void) {
    glDisable(GL_DEPTH_TEST);
    glDisable(GL_BLEND);
    glDisable(GL_CULL_FACE);
    glDepthMask(GL_FALSE);
}

/* Renders each face of `level` of cube `dst` with program p (uniforms set by the caller). */
static void render_faces(vt_renderer *r, const vt__program *p, GLuint fbo, GLuint dst,
                         uint32_t size, GLint level) {
    glBindFramebuffer(GL_FRAMEBUFFER, fbo);
    glViewport(0, 0, (GLsizei)size, (GLsizei)size);
    for (GLint f = 0; f < 6; f++) {
        glFramebufferTexture2D(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
                               (GLenum)(GL_TEXTURE_CUBE_MAP_POSITIVE_X + f), dst, level);
        glUniform1i(p->u_face, f);
        vt__draw_fullscreen(r);
    }
}

vt_result vt__ibl_init(vt_renderer *r) {
    const vt__program *p = vt__program_get(r, VT__PROG_BRDF_LUT);
    if (!p) return vt__fail(VT_ERR_GPU, "render: the BRDF table shader does not compile");
    saved_state st = save();
    r->brdf_lut = vt__tex2d(GL_RGBA16F, LUT_SIZE, LUT_SIZE, GL_RGBA, GL_HALF_FLOAT, NULL, false);
    if (!r->brdf_lut) return vt__fail(VT_ERR_GPU, "render: BRDF table texture failed");
    GLuint fbo = vt__fbo_color(r->brdf_lut, GL_TEXTURE_2D, 0);
    bool ok = vt__fbo_check("BRDF table");
    if (ok) {
        pass_state();
        glViewport(0, 0, LUT_SIZE, LUT_SIZE);
        glUseProgram(p->id);
        glUniform4f(p->u_params, (float)LUT_SIZE, (float)LUT_SAMPLES, 0, 0);
        vt__draw_fullscreen(r);
    }
    glDeleteFramebuffers(1, &fbo);
    restore(&st);
    return ok ? VT_OK : vt__fail(VT_ERR_GPU, "render: BRDF table framebuffer failed");
}

static void env_release(vt__env *e) {
    vt__delete_tex(&e->cube);
    vt__delete_tex(&e->prefiltered);
    vt__delete_tex(&e->irradiance);
    e->valid = false;
}

void vt__ibl_destroy(vt_renderer *r) {
    env_release(&r->env);
    vt__delete_tex(&r->brdf_lut);
}

/* Fills level 0 of env->cube from the studio function, white, or an HDR image
   (read with vt_hdr_load: Radiance files only, within its size limits). */
static vt_result fill_radiance(vt_renderer *r, const vt_env_desc *d, GLuint fbo, uint32_t size) {
    if (d->kind == VT_ENV_HDR) {
        vt_hdr_image hdr;
        vt_result res = vt_hdr_load(d->hdr_path, &hdr);
        if (res != VT_OK) return res;
        GLuint src = vt__tex2d(GL_RGB16F, hdr.width, hdr.height, GL_RGB, GL_FLOAT, hdr.rgb, false);
        vt_hdr_free(&hdr);
        const vt__program *p = vt__program_get(r, VT__PROG_ENV_EQUIRECT);
        if (!src || !p) {
            vt__delete_tex(&src);
            return vt__fail(VT_ERR_GPU, "%s: the environment could not be uploaded", d->hdr_path);
        }
        glBindTexture(GL_TEXTURE_2D, src);
        glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_REPEAT);
        glUseProgram(p->id);
        glUniform4f(p->u_params, (float)size, 0, 0, 0);
        glActiveTexture(GL_TEXTURE0 + VT__TEX_SOURCE);
        glBindTexture(GL_TEXTURE_2D, src);
        render_faces(r, p, fbo, r->env.cube, size, 0);
        vt__delete_tex(&src);
        return VT_OK;
    }
    const vt__program *p = vt__program_get(r, VT__PROG_ENV_STUDIO);
    if (!p) return vt__fail(VT_ERR_GPU, "render: the studio environment shader does not compile");
    glUseProgram(p->id);
    glUniform4f(p->u_params, (float)size, d->kind == VT_ENV_NEUTRAL ? 1.0f : 0.0f, 0, 0);
    render_faces(r, p, fbo, r->env.cube, size, 0);
    return VT_OK;
}

/* Box-filtered mip chain of a half-float cube, drawn level by level: Mesa's
   glGenerateMipmap takes a slow path for RGBA16F cubes. Each level samples the
   one above at the corner its 2x2 texels share (the bilinear average), with
   the base and max level narrowed to that level so nothing is read and
   written at once. */
static void downsample(vt_renderer *r, const vt__program *pf, GLuint fbo, GLuint cube,
                       uint32_t size, uint32_t levels) {
    glActiveTexture(GL_TEXTURE0 + VT__TEX_SOURCE);
    glBindTexture(GL_TEXTURE_CUBE_MAP, cube);
    glUseProgram(pf->id);
    glUniform1f(pf->u_roughness, 0.0f);
    for (uint32_t l = 1; l < levels; l++) {
        uint32_t s = size >> l ? size >> l : 1;
        glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_BASE_LEVEL, (GLint)l - 1);
        glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAX_LEVEL, (GLint)l - 1);
        glUniform4f(pf->u_params, (float)s, 1.0f, (float)s, 0);
        render_faces(r, pf, fbo, cube, s, (GLint)l);
    }
    glBindTexture(GL_TEXTURE_CUBE_MAP, cube);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_BASE_LEVEL, 0);
    glTexParameteri(GL_TEXTURE_CUBE_MAP, GL_TEXTURE_MAX_LEVEL, (GLint)levels - 1);
}

vt_result vt_renderer_set_env(vt_renderer *r, const vt_env_desc *desc) {
    VT_ASSERT(r);
    vt_env_desc d = desc ? *desc : (vt_env_desc){0};
    if (d.kind == VT_ENV_HDR && (!d.hdr_path || !d.hdr_path[0]))
        return vt__fail(VT_ERR_INVALID, "render: VT_ENV_HDR needs hdr_path");
    if (d.intensity <= 0.0f) d.intensity = 1.0f;

    vt__env old = r->env;
    memset(&r->env, 0, sizeof r->env);
    uint32_t size = r->desc.env_size;
    /* The neutral environment is one value everywhere: a tiny cube is exact. */
    if (d.kind == VT_ENV_NEUTRAL) size = 8;
    uint32_t levels = vt__mip_count(size);
    uint32_t pf_size = size > 128 ? 128 : size;
    uint32_t pf_levels = vt__mip_count(pf_size);
    if (pf_levels > PREFILTER_LEVELS) pf_levels = PREFILTER_LEVELS;

    double tp = 0;
    prof(r, "start", &tp);
    saved_state st = save();
    pass_state();
    vt__env *e = &r->env;
    e->cube = vt__texcube(GL_RGBA16F, size, levels);
    e->prefiltered = vt__texcube(GL_RGBA16F, pf_size, pf_levels);
    e->irradiance = vt__texcube(GL_RGBA16F, IRRADIANCE_SIZE, 1);
    GLuint fbo = 0;
    glGenFramebuffers(1, &fbo);
    vt_result res = VT_OK;
    if (!e->cube || !e->prefiltered || !e->irradiance || !fbo) {
        res = vt__fail(VT_ERR_GPU, "render: environment textures could not be created");
        goto done;
    }
    if ((res = fill_radiance(r, &d, fbo, size)) != VT_OK) goto done;
    prof(r, "radiance", &tp);

    const vt__program *pf = vt__program_get(r, VT__PROG_PREFILTER);
    const vt__program *ir = vt__program_get(r, VT__PROG_IRRADIANCE);
    if (!pf || !ir) {
        res = vt__fail(VT_ERR_GPU, "render: the prefilter shaders do not compile");
        goto done;
    }
    downsample(r, pf, fbo, e->cube, size, levels);
    prof(r, "mipmaps", &tp);
    glActiveTexture(GL_TEXTURE0 + VT__TEX_SOURCE);
    glBindTexture(GL_TEXTURE_CUBE_MAP, e->cube);
    glUseProgram(pf->id);
    for (uint32_t l = 0; l < pf_levels; l++) {
        uint32_t s = pf_size >> l;
        float rough = pf_levels > 1 ? (float)l / (float)(pf_levels - 1) : 0.0f;
        /* Filtered importance sampling keeps the count low; rough levels are small. */
        uint32_t samples = l == 0 ? 1 : (l < 3 ? 32 : 48);
        glUniform1f(pf->u_roughness, rough);
        glUniform4f(pf->u_params, (float)s, (float)samples, (float)size, 0);
        render_faces(r, pf, fbo, e->prefiltered, s, (GLint)l);
    }
    prof(r, "prefilter", &tp);
    glUseProgram(ir->id);
    glUniform4f(ir->u_params, (float)IRRADIANCE_SIZE, (float)IRRADIANCE_SAMPLES, (float)size, 0);
    render_faces(r, ir, fbo, e->irradiance, IRRADIANCE_SIZE, 0);

    prof(r, "irradiance", &tp);
    e->prefiltered_levels = pf_levels;
    e->intensity = d.intensity;
    e->rotation = d.rotation;
    e->kind = d.kind;
    /* The studio key box (shaders/studio.glsl STUDIO_KEY) rotated into the world. */
    {
        float k[3] = {-0.5f, 0.72f, 0.48f};
        float n = sqrtf(k[0] * k[0] + k[1] * k[1] + k[2] * k[2]);
        float c = cosf(d.rotation), s = sinf(d.rotation);
        /* env = Ry(-rot) world, so world = Ry(rot) env */
        float wx = c * k[0] + s * k[2], wz = -s * k[0] + c * k[2];
        e->key_dir[0] = -wx / n;
        e->key_dir[1] = -k[1] / n;
        e->key_dir[2] = -wz / n;
    }
    e->valid = true;
done:
    if (fbo) glDeleteFramebuffers(1, &fbo);
    restore(&st);
    if (res != VT_OK) {
        env_release(e);
        *e = old;
        return res;
    }
    env_release(&old);
    return VT_OK;
}
