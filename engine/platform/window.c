/* Desktop windows and input through SDL2. */
#include "vitrine/platform.h"
#include "core/internal.h"
#include "platform_internal.h"

#include <SDL2/SDL.h>
#include <string.h>

struct vt_window {
    SDL_Window *window;
    SDL_GLContext context;
};

static bool display_available(void) {
    const char *x = getenv("DISPLAY"), *wl = getenv("WAYLAND_DISPLAY");
    return (x && x[0]) || (wl && wl[0]);
}

vt_result vt_window_create(const vt_window_desc *desc, vt_window **out) {
    *out = NULL;
    vt_window_desc d = desc ? *desc : (vt_window_desc){0};
    if (!d.title) d.title = "Vitrine";
    if (!d.width) d.width = 1280;
    if (!d.height) d.height = 720;
    if (!display_available())
        return vt__fail(VT_ERR_NO_DISPLAY, "no display: DISPLAY and WAYLAND_DISPLAY are unset");
    if (SDL_InitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
        return vt__fail(VT_ERR_NO_DISPLAY, "no display: %s", SDL_GetError());
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 3);
    SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_CORE);
    SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
    SDL_GL_SetAttribute(SDL_GL_DEPTH_SIZE, 24);
    SDL_GL_SetAttribute(SDL_GL_FRAMEBUFFER_SRGB_CAPABLE, 0);
    Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE | SDL_WINDOW_ALLOW_HIGHDPI;
    if (d.hidden) flags |= SDL_WINDOW_HIDDEN;
    vt_window *w = calloc(1, sizeof *w);
    if (!w) return vt__fail(VT_ERR_NOMEM, "window: out of memory");
    w->window = SDL_CreateWindow(d.title, SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED,
                                 (int)d.width, (int)d.height, flags);
    if (!w->window) {
        vt_result r = vt__fail(VT_ERR_NO_DISPLAY, "no window: %s", SDL_GetError());
        vt_window_destroy(w);
        return r;
    }
    w->context = SDL_GL_CreateContext(w->window);
    if (!w->context) {
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
        SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
        w->context = SDL_GL_CreateContext(w->window);
    }
    if (!w->context) {
        vt_result r = vt__fail(VT_ERR_NO_GPU, "window: no GL 3.3 context: %s", SDL_GetError());
        vt_window_destroy(w);
        return r;
    }
    SDL_GL_MakeCurrent(w->window, w->context);
    vt__platform_pin_gl_driver();
    SDL_GL_SetSwapInterval(d.vsync ? 1 : 0);
    SDL_EventState(SDL_DROPFILE, SDL_ENABLE);
    *out = w;
    return VT_OK;
}

void vt_window_destroy(vt_window *w) {
    if (!w) return;
    if (w->context) SDL_GL_DeleteContext(w->context);
    if (w->window) SDL_DestroyWindow(w->window);
    SDL_QuitSubSystem(SDL_INIT_VIDEO | SDL_INIT_EVENTS);
    SDL_Quit();
    free(w);
}

static int32_t map_button(Uint8 b) {
    switch (b) {
    case SDL_BUTTON_LEFT:
        return VT_MOUSE_LEFT;
    case SDL_BUTTON_MIDDLE:
        return VT_MOUSE_MIDDLE;
    case SDL_BUTTON_RIGHT:
        return VT_MOUSE_RIGHT;
    default:
        return 0;
    }
}

bool vt_window_poll(vt_window *w, vt_event *out) {
    (void)w;
    SDL_Event e;
    while (SDL_PollEvent(&e)) {
        memset(out, 0, sizeof *out);
        switch (e.type) {
        case SDL_QUIT:
            out->type = VT_EVENT_QUIT;
            return true;
        case SDL_WINDOWEVENT:
            if (e.window.event != SDL_WINDOWEVENT_SIZE_CHANGED) continue;
            out->type = VT_EVENT_RESIZE;
            vt_window_size(w, &out->width, &out->height);
            return true;
        case SDL_KEYDOWN:
        case SDL_KEYUP:
            out->type = e.type == SDL_KEYDOWN ? VT_EVENT_KEY_DOWN : VT_EVENT_KEY_UP;
            out->key = (int32_t)e.key.keysym.sym;
            return true;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            out->type = e.type == SDL_MOUSEBUTTONDOWN ? VT_EVENT_MOUSE_DOWN : VT_EVENT_MOUSE_UP;
            out->button = map_button(e.button.button);
            out->x = (float)e.button.x;
            out->y = (float)e.button.y;
            return true;
        case SDL_MOUSEMOTION:
            out->type = VT_EVENT_MOUSE_MOVE;
            out->x = (float)e.motion.x;
            out->y = (float)e.motion.y;
            out->dx = (float)e.motion.xrel;
            out->dy = (float)e.motion.yrel;
            return true;
        case SDL_MOUSEWHEEL:
            out->type = VT_EVENT_WHEEL;
            out->dx = e.wheel.preciseX;
            out->dy = e.wheel.preciseY;
            return true;
        case SDL_DROPFILE:
            out->type = VT_EVENT_DROP_FILE;
            snprintf(out->path, sizeof out->path, "%s", e.drop.file);
            SDL_free(e.drop.file);
            return true;
        default:
            continue;
        }
    }
    return false;
}

void vt_window_swap(vt_window *w) {
    SDL_GL_SwapWindow(w->window);
}

void vt_window_size(const vt_window *w, uint32_t *width, uint32_t *height) {
    int x = 0, y = 0;
    SDL_GL_GetDrawableSize(w->window, &x, &y);
    *width = (uint32_t)x;
    *height = (uint32_t)y;
}

void vt_window_set_title(vt_window *w, const char *title) {
    SDL_SetWindowTitle(w->window, title);
}
