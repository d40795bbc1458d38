/* The shader library: sources from shaders/ (embedded, or read from a folder),
   `#include "x.glsl"` expansion, a version line per API, lazy compile and link. */
#include "render_internal.h"
#include "shader.h"
#include "vitrine/core.h"

#include <stdio.h>
#include <string.h>

typedef struct vt__shader_source {
    const char *name;
    const char *text;
} vt__shader_source;
extern const vt__shader_source vt__shader_sources[];
extern const size_t vt__shader_source_count;

static const struct {
    const char *vert, *frag;
} prog_files[VT__PROG_COUNT] = {
    [VT__PROG_PBR] = {"pbr.vert", "pbr.frag"},
    [VT__PROG_DEPTH] = {"depth.vert", "depth.frag"},
    [VT__PROG_GROUND] = {"ground.vert", "ground.frag"},
    [VT__PROG_TONEMAP] = {"fullscreen.vert", "tonemap.frag"},
    [VT__PROG_ENV_STUDIO] = {"fullscreen.vert", "env_studio.frag"},
    [VT__PROG_ENV_EQUIRECT] = {"fullscreen.vert", "env_equirect.frag"},
    [VT__PROG_PREFILTER] = {"fullscreen.vert", "prefilter.frag"},
    [VT__PROG_IRRADIANCE] = {"fullscreen.vert", "irradiance.frag"},
    [VT__PROG_BRDF_LUT] = {"fullscreen.vert", "brdf_lut.frag"},
    [VT__PROG_OUTLINE] = {"fullscreen.vert", "outline.frag"},
    [VT__PROG_MIRROR] = {"pbr.vert", "mirror.frag"},
};

/* dir if given, else $VITRINE_SHADER_DIR, else NULL for the embedded table. */
static const char *shader_dir(const char *dir) {
    if (dir && dir[0]) return dir;
    const char *e = getenv("VITRINE_SHADER_DIR");
    return e && e[0] ? e : NULL;
}

/* Returns a malloc'ed copy of the named source, or NULL (logged). */
static char *read_source(const char *dir, const char *name) {
    if (dir) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, name);
        FILE *f = fopen(path, "rb");
        if (!f) {
            VT_LOGE("render", "%s: cannot open shader", path);
            return NULL;
        }
        fseek(f, 0, SEEK_END);
        long n = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
        if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
            free(text);
            text = NULL;
        }
        fclose(f);
        if (!text) {
            VT_LOGE("render", "%s: cannot read shader", path);
            return NULL;
        }
        text[n] = '\0';
        return text;
    }
    for (size_t i = 0; i < vt__shader_source_count; i++)
        if (!strcmp(vt__shader_sources[i].name, name)) {
            size_t n = strlen(vt__shader_sources[i].text);
            char *text = malloc(n + 1);
            if (text) memcpy(text, vt__shader_sources[i].text, n + 1);
            return text;
        }
    VT_LOGE("render", "%s: no such embedded shader", name);
    return NULL;
}

/* Appends text to a growing buffer; false when out of memory. */
static bool append(char **buf, size_t *len, size_t *cap, const char *s, size_t n) {
    if (*len + n + 1 > *cap) {
        size_t c = (*cap ? *cap * 2 : 4096);
        while (c < *len + n + 1) c *= 2;
        char *b = realloc(*buf, c);
        if (!b) return false;
        *buf = b;
        *cap = c;
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
    return true;
}

static bool expand(const char *dir, const char *name, int depth, char **buf, size_t *len,
                   size_t *cap) {
    if (depth > 8) {
        VT_LOGE("render", "%s: includes nest too deep", name);
        return false;
    }
    char *text = read_source(dir, name);
    if (!text) return false;
    bool ok = true;
    const char *p = text;
    while (ok && *p) {
        const char *eol = strchr(p, '\n');
        size_t n = eol ? (size_t)(eol - p + 1) : strlen(p);
        const char *q = p;
        while (*q == ' ' || *q == '\t') q++;
        if (!strncmp(q, "#include \"", 10)) {
            const char *s = q + 10;
            const char *e = memchr(s, '"', n - (size_t)(s - p));
            char inc[128];
            if (!e || (size_t)(e - s) >= sizeof inc) {
                VT_LOGE("render", "%s: malformed #include", name);
                ok = false;
                break;
            }
            memcpy(inc, s, (size_t)(e - s));
            inc[e - s] = '\0';
            ok = expand(dir, inc, depth + 1, buf, len, cap) && append(buf, len, cap, "\n", 1);
        } else {
            ok = append(buf, len, cap, p, n);
        }
        p += n;
    }
    free(text);
    return ok;
}

static GLuint compile(const char *dir, bool gles, GLenum stage, const char *name,
                      const char *defines) {
    /* GLES defaults samplers to lowp in fragment shaders: HDR needs highp. */
    const char *prefix = gles ? "#version 300 es\n"
                                "precision highp float;\n"
                                "precision highp int;\n"
                                "precision highp sampler2D;\n"
                                "precision highp samplerCube;\n"
                                "precision highp sampler2DShadow;\n"
                              : "#version 330 core\n";
    char *buf = NULL;
    size_t len = 0, cap = 0;
    if (!append(&buf, &len, &cap, prefix, strlen(prefix)) ||
        (defines && !append(&buf, &len, &cap, defines, strlen(defines))) ||
        !expand(dir, name, 0, &buf, &len, &cap)) {
        free(buf);
        return 0;
    }
    GLuint s = glCreateShader(stage);
    const char *src = buf;
    glShaderSource(s, 1, &src, NULL);
    glCompileShader(s);
    free(buf);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[2048] = "";
        glGetShaderInfoLog(s, sizeof log, NULL, log);
        VT_LOGE("render", "%s: shader does not compile: %s", name, log);
        glDeleteShader(s);
        return 0;
    }
    return s;
}

static const char *const sampler_names[] = {
    [VT__TEX_BASE] = "u_base_tex",
    [VT__TEX_MR] = "u_mr_tex",
    [VT__TEX_NORMAL] = "u_normal_tex",
    [VT__TEX_OCCLUSION] = "u_occlusion_tex",
    [VT__TEX_EMISSIVE] = "u_emissive_tex",
    [VT__TEX_CLEARCOAT] = "u_clearcoat_tex",
    [VT__TEX_CLEARCOAT_ROUGH] = "u_clearcoat_rough_tex",
    [VT__TEX_CLEARCOAT_NORMAL] = "u_clearcoat_normal_tex",
    [VT__TEX_SHEEN] = "u_sheen_tex",
    [VT__TEX_TRANSMISSION] = "u_transmission_tex",
    [VT__TEX_PREFILTERED] = "u_prefiltered",
    [VT__TEX_IRRADIANCE] = "u_irradiance",
    [VT__TEX_LUT] = "u_brdf_lut",
    [VT__TEX_SHADOW] = "u_shadow_map",
    [VT__TEX_CONTACT] = "u_contact_map",
    [VT__TEX_SOURCE] = "u_source",
};

/* Compiles and links; 0 on failure (logged, vt_last_error set). */
static GLuint program(const char *dir, bool gles, const char *vert, const char *frag,
                      const char *defines) {
    dir = shader_dir(dir);
    GLuint vs = compile(dir, gles, GL_VERTEX_SHADER, vert, NULL);
    GLuint fs = vs ? compile(dir, gles, GL_FRAGMENT_SHADER, frag, defines) : 0;
    if (!vs || !fs) {
        if (vs) glDeleteShader(vs);
        vt__fail(VT_ERR_GPU, "render: shader %s / %s does not compile (see the log)", vert, frag);
        return 0;
    }
    GLuint id = glCreateProgram();
    glAttachShader(id, vs);
    glAttachShader(id, fs);
    glBindAttribLocation(id, 0, "a_position");
    glBindAttribLocation(id, 1, "a_normal");
    glBindAttribLocation(id, 2, "a_tangent");
    glBindAttribLocation(id, 3, "a_uv0");
    glBindAttribLocation(id, 4, "a_uv1");
    glBindAttribLocation(id, 5, "a_color");
    glBindAttribLocation(id, 6, "a_model");
    glLinkProgram(id);
    glDeleteShader(vs);
    glDeleteShader(fs);
    GLint ok = 0;
    glGetProgramiv(id, GL_LINK_STATUS, &ok);
    if (!ok) {
        char log[2048] = "";
        glGetProgramInfoLog(id, sizeof log, NULL, log);
        VT_LOGE("render", "%s + %s: program does not link: %s", vert, frag, log);
        glDeleteProgram(id);
        vt__fail(VT_ERR_GPU, "render: program %s / %s does not link (see the log)", vert, frag);
        return 0;
    }
    return id;
}

uint32_t vt__shader_program(const char *dir, const char *vert, const char *frag) {
    return program(dir, !epoxy_is_desktop_gl(), vert, frag, NULL);
}

static vt_result build_program(vt_renderer *r, vt__prog p, const char *defines, vt__program *pr) {
    GLuint id =
        program(r->desc.shader_dir, r->gles, prog_files[p].vert, prog_files[p].frag, defines);
    if (!id) {
        pr->failed = true;
        return VT_ERR_GPU;
    }
    glUseProgram(id);
    for (GLint i = 0; i < (GLint)VT_COUNTOF(sampler_names); i++) {
        GLint loc = glGetUniformLocation(id, sampler_names[i]);
        if (loc >= 0) glUniform1i(loc, i);
    }
    GLuint bi = glGetUniformBlockIndex(id, "Frame");
    if (bi != GL_INVALID_INDEX) glUniformBlockBinding(id, bi, VT__UBO_FRAME);
    bi = glGetUniformBlockIndex(id, "Material");
    if (bi != GL_INVALID_INDEX) glUniformBlockBinding(id, bi, VT__UBO_MATERIAL);
    pr->u_face = glGetUniformLocation(id, "u_face");
    pr->u_roughness = glGetUniformLocation(id, "u_roughness");
    pr->u_src_size = glGetUniformLocation(id, "u_src_size");
    pr->u_params = glGetUniformLocation(id, "u_params");
    pr->u_mode = glGetUniformLocation(id, "u_mode");
    pr->u_color = glGetUniformLocation(id, "u_color");
    pr->u_model = glGetUniformLocation(id, "u_model");
    pr->u_light_n = glGetUniformLocation(id, "u_light_n");
    pr->u_light_list = glGetUniformLocation(id, "u_light_list");
    pr->u_shadow_taps = glGetUniformLocation(id, "u_shadow_taps");
    pr->id = id;
    return VT_OK;
}

static vt_result build(vt_renderer *r, vt__prog p) {
    return build_program(r, p, NULL, &r->prog[p]);
}

const vt__program *vt__pbr_program(vt_renderer *r, uint32_t features) {
    features &= VT__PBR_ALL;
    if (features == VT__PBR_ALL) return vt__program_get(r, VT__PROG_PBR);
    for (uint32_t i = 0; i < r->pbr_var_count; i++) {
        vt__pbr_variant *pv = &r->pbr_var[i];
        if (pv->features != features) continue;
        return pv->prog.id ? &pv->prog : vt__program_get(r, VT__PROG_PBR);
    }
    if (r->pbr_var_count == VT__PBR_VARIANTS) return vt__program_get(r, VT__PROG_PBR);
    vt__pbr_variant *pv = &r->pbr_var[r->pbr_var_count++];
    *pv = (vt__pbr_variant){.features = features};
    char defines[48];
    snprintf(defines, sizeof defines, "#define VT_FEATURES %u\n", features);
    double t0 = r->profile ? vt_time_now() : 0;
    if (build_program(r, VT__PROG_PBR, defines, &pv->prog) != VT_OK) {
        VT_LOGW("render", "pbr.frag: specialisation 0x%x does not build; the general one draws",
                features);
        return vt__program_get(r, VT__PROG_PBR);
    }
    if (r->profile)
        VT_LOGW("render", "profile: pbr.frag specialisation %u (0x%x) built in %.1f ms",
                r->pbr_var_count, features, (vt_time_now() - t0) * 1e3);
    return &pv->prog;
}

const vt__program *vt__program_get(vt_renderer *r, vt__prog p) {
    vt__program *pr = &r->prog[p];
    if (pr->id) return pr;
    if (pr->failed) return NULL;
    return build(r, p) == VT_OK ? pr : NULL;
}

vt_result vt__shaders_init(vt_renderer *r) {
    /* The programs every frame needs are built now, so a broken shader is an
       error from vt_renderer_create rather than a blank frame. */
    static const vt__prog eager[] = {VT__PROG_PBR, VT__PROG_DEPTH, VT__PROG_GROUND,
                                     VT__PROG_TONEMAP};
    for (size_t i = 0; i < VT_COUNTOF(eager); i++) {
        vt_result res = build(r, eager[i]);
        if (res != VT_OK) return res;
    }
    return VT_OK;
}

void vt__shaders_destroy(vt_renderer *r) {
    for (int i = 0; i < VT__PROG_COUNT; i++) {
        if (r->prog[i].id) glDeleteProgram(r->prog[i].id);
        r->prog[i] = (vt__program){0};
    }
    for (uint32_t i = 0; i < r->pbr_var_count; i++)
        if (r->pbr_var[i].prog.id) glDeleteProgram(r->pbr_var[i].prog.id);
    r->pbr_var_count = 0;
}
