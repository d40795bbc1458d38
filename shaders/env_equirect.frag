// Resamples an equirectangular image onto one cube face.
#include "common.glsl"

uniform int u_face;
uniform vec4 u_params; // x = face size
uniform sampler2D u_source;
in vec2 v_uv;
out vec4 o_color;

void main() {
    vec3 d = cube_dir(u_face, gl_FragCoord.xy / u_params.x);
    // The image centre lies along -Z (behind a product seen from the default
    // camera), +X a quarter turn to the right of it, the top row up.
    float u = atan(d.x, -d.z) / (2.0 * PI) + 0.5;
    float v = acos(clamp(d.y, -1.0, 1.0)) / PI;
    vec3 c = textureLod(u_source, vec2(u, v), 0.0).rgb;
    o_color = vec4(min(c, vec3(64000.0)), 1.0);
}
