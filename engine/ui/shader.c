/* Loads the overlay's two shaders. The render module's shader library works
   on a vt_renderer and the overlay has none, so this is a small private copy
   of its conventions: the embedded table or a folder, and the version line
   (plus default precision on GLES) added at run time. No #include support:
   the overlay shaders need none. */
#include "ui/ui_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <epoxy/gl.h>
#include <string.h>

typedef struct vt__shader_source {
    const char *name;
    const char *text;
} vt__shader_source;
extern const vt__shader_source vt__shader_sources[];

/* A malloc'ed copy of the source, or NULL with the error set. */
static char *read_source(const char *dir, const char *name) {
    if (!dir || !dir[0]) dir = getenv("VITRINE_SHADER_DIR");
    if (dir && dir[0]) {
        char path[1024];
        vt_path_join(dir, name, path, sizeof path);
        void *data = NULL;
        size_t size = 0;
        if (vt_file_read(path, 1u << 20, &data, &size) != VT_OK) return NULL;
        return data;
    }
    for (const vt__shader_source *s = vt__shader_sources; s->name; s++)
        if (!strcmp(s->name, name)) {
            size_t n = strlen(s->text) + 1;
            char *text = malloc(n);
            if (!text) vt__fail(VT_ERR_NOMEM, "ui: out of memory");
            if (text) memcpy(text, s->text, n);
            return text;
        }
    vt__fail(VT_ERR_GPU, "ui: %s: no such embedded shader", name);
    return NULL;
}

static GLuint compile(GLenum stage, const char *dir, const char *name) {
    char *text = read_source(dir, name);
    if (!text) return 0;
    const char *prefix =
        epoxy_is_desktop_gl() ? "#version 330 core\n" : "#version 300 es\nprecision highp float;\n";
    const char *src[2] = {prefix, text};
    GLuint s = glCreateShader(stage);
    glShaderSource(s, 2, src, NULL);
    glCompileShader(s);
    free(text);
    GLint ok = 0;
    glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
    if (!ok) {
        char log[1024] = "";
        glGetShaderInfoLog(s, sizeof log, NULL, log);
        glDeleteShader(s);
        vt__fail(VT_ERR_GPU, "ui: %s does not compile: %s", name, log);
        return 0;
    }
    return s;
}

vt_result vt__ui_program(const char *dir, const char *vs_name, const char *fs_name,
                         uint32_t *out_program) {
    *out_program = 0;
    GLuint vs = compile(GL_VERTEX_SHADER, dir, vs_name);
    if (!vs) return VT_ERR_GPU;
    GLuint fs = compile(GL_FRAGMENT_SHADER, dir, fs_name);
    if (!fs) {
        glDeleteShader(vs);
        return VT_ERR_GPU;
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
        char log[1024] = "";
        glGetProgramInfoLog(p, sizeof log, NULL, log);
        glDeleteProgram(p);
        return vt__fail(VT_ERR_GPU, "ui: %s + %s do not link: %s", vs_name, fs_name, log);
    }
    *out_program = p;
    return VT_OK;
}
