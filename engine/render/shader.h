/* engine/render/shader.h — the shader library without a renderer, for engine
   modules that draw with their own programs (the ui overlay). Never installed. */
#ifndef VT_RENDER_SHADER_H
#define VT_RENDER_SHADER_H

#include <stdint.h>

/* Compiles and links vert + frag on the current GL context. Sources come from
   dir, else $VITRINE_SHADER_DIR, else the table embedded at build time;
   `#include "x.glsl"` is expanded and the version line (plus highp defaults on
   GLES) is added. The vertex attributes a_position, a_normal, a_tangent,
   a_uv0, a_uv1, a_color and a_model are bound to locations 0..6 unless the
   shader places them itself. Returns the program, or 0 with the compile or
   link log logged and VT_ERR_GPU naming both files in vt_last_error(). */
uint32_t vt__shader_program(const char *dir, const char *vert, const char *frag);

#endif
