/* vitrine/platform.h — GL contexts: a headless one (EGL surfaceless on Mesa)
   and desktop windows with input (SDL2).

   What it does: vt_headless_create() makes a GL 3.3 core context (GLES 3.0 as
   a fallback) with no display; vt_window_create() opens a resizable SDL2
   window with a GL context and turns SDL events into vt_event.
   What it does not: rendering (render.h).

   Ownership: create / destroy in pairs; destroy on the creating thread.

   Errors: VT_ERR_NO_DISPLAY when no window can be opened (no X11 or Wayland
   display); VT_ERR_NO_GPU when no GL context can be made.

   Example:
       vt_headless *h;
       if (vt_headless_create(&h) != VT_OK) { puts(vt_last_error()); return 1; }
       ... render ...
       vt_headless_destroy(h);
*/
#ifndef VITRINE_PLATFORM_H
#define VITRINE_PLATFORM_H

#include "vitrine/base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_headless vt_headless;
VT_API vt_result vt_headless_create(vt_headless **out); /* current on the calling thread */
VT_API void vt_headless_destroy(vt_headless *h);        /* NULL is fine */
VT_API const char *vt_headless_renderer_name(const vt_headless *h); /* GL_RENDERER */

typedef struct vt_window vt_window;

/* vt_window_desc: zero fields take defaults.
     .title    "Vitrine"
     .width    1280
     .height   720
     .vsync    false: true asks for vsync
     .hidden   false                                                        */
typedef struct vt_window_desc {
    const char *title;
    uint32_t width, height;
    bool vsync;
    bool hidden;
} vt_window_desc;

typedef enum vt_event_type {
    VT_EVENT_NONE = 0,
    VT_EVENT_QUIT,
    VT_EVENT_RESIZE,
    VT_EVENT_KEY_DOWN,
    VT_EVENT_KEY_UP,
    VT_EVENT_MOUSE_DOWN,
    VT_EVENT_MOUSE_UP,
    VT_EVENT_MOUSE_MOVE,
    VT_EVENT_WHEEL,
    VT_EVENT_DROP_FILE,
} vt_event_type;

enum {
    VT_MOUSE_LEFT = 1,
    VT_MOUSE_MIDDLE = 2,
    VT_MOUSE_RIGHT = 3,
};

typedef struct vt_event {
    vt_event_type type;
    int32_t key;            /* lower-case ASCII for letters and digits, else the SDL keycode */
    int32_t button;         /* VT_MOUSE_* */
    float x, y;             /* pointer position in pixels */
    float dx, dy;           /* motion, or wheel steps */
    uint32_t width, height; /* VT_EVENT_RESIZE */
    char path[1024];        /* VT_EVENT_DROP_FILE */
} vt_event;

VT_API vt_result vt_window_create(const vt_window_desc *desc, vt_window **out);
VT_API void vt_window_destroy(vt_window *w);             /* NULL is fine */
VT_API bool vt_window_poll(vt_window *w, vt_event *out); /* false when no event is waiting */
VT_API void vt_window_swap(vt_window *w);
VT_API void vt_window_size(const vt_window *w, uint32_t *width, uint32_t *height); /* drawable */
VT_API void vt_window_set_title(vt_window *w, const char *title);

#ifdef __cplusplus
}
#endif
#endif
