/* A GL context with no display: EGL on Mesa's surfaceless platform (or the
   default device), GL 3.3 core first, GLES 3.0 when desktop GL is missing. */
#include "vitrine/platform.h"
#include "core/internal.h"
#include "platform_internal.h"

#include <epoxy/egl.h>
#include <epoxy/gl.h>
#include <string.h>

struct vt_headless {
    EGLDisplay display;
    EGLContext context;
    bool gles;
};

static EGLDisplay open_display(void) {
    EGLDisplay d = EGL_NO_DISPLAY;
    if (epoxy_has_egl_extension(EGL_NO_DISPLAY, "EGL_MESA_platform_surfaceless"))
        d = eglGetPlatformDisplayEXT(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    if (d == EGL_NO_DISPLAY) d = eglGetDisplay(EGL_DEFAULT_DISPLAY);
    return d;
}

vt_result vt_headless_create(vt_headless **out) {
    *out = NULL;
    EGLDisplay d = open_display();
    EGLint major = 0, minor = 0;
    if (d == EGL_NO_DISPLAY || !eglInitialize(d, &major, &minor))
        return vt__fail(VT_ERR_NO_GPU,
                        "headless: no EGL display (is Mesa's libegl1-mesa installed?)");
    const char *exts = eglQueryString(d, EGL_EXTENSIONS);
    if (!exts || !strstr(exts, "EGL_KHR_surfaceless_context")) {
        eglTerminate(d);
        return vt__fail(VT_ERR_NO_GPU, "headless: EGL has no surfaceless contexts");
    }
    vt_headless *h = calloc(1, sizeof *h);
    if (!h) {
        eglTerminate(d);
        return vt__fail(VT_ERR_NOMEM, "headless: out of memory");
    }
    h->display = d;
    if (eglBindAPI(EGL_OPENGL_API)) {
        const EGLint attrs[] = {EGL_CONTEXT_MAJOR_VERSION,
                                3,
                                EGL_CONTEXT_MINOR_VERSION,
                                3,
                                EGL_CONTEXT_OPENGL_PROFILE_MASK,
                                EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                EGL_NONE};
        h->context = eglCreateContext(d, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
    }
    if (h->context == EGL_NO_CONTEXT && eglBindAPI(EGL_OPENGL_ES_API)) {
        const EGLint attrs[] = {EGL_CONTEXT_MAJOR_VERSION, 3, EGL_CONTEXT_MINOR_VERSION, 0,
                                EGL_NONE};
        h->context = eglCreateContext(d, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, attrs);
        h->gles = true;
    }
    if (h->context == EGL_NO_CONTEXT ||
        !eglMakeCurrent(d, EGL_NO_SURFACE, EGL_NO_SURFACE, h->context)) {
        EGLint err = eglGetError();
        vt_headless_destroy(h);
        return vt__fail(VT_ERR_NO_GPU, "headless: no GL 3.3 or GLES 3.0 context (EGL error 0x%x)",
                        (unsigned)err);
    }
    vt__platform_pin_gl_driver();
    *out = h;
    return VT_OK;
}

void vt_headless_destroy(vt_headless *h) {
    if (!h) return;
    eglMakeCurrent(h->display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
    if (h->context != EGL_NO_CONTEXT) eglDestroyContext(h->display, h->context);
    eglTerminate(h->display);
    eglReleaseThread();
    free(h);
}

const char *vt_headless_renderer_name(const vt_headless *h) {
    (void)h;
    const GLubyte *s = glGetString(GL_RENDERER);
    return s ? (const char *)s : "";
}
