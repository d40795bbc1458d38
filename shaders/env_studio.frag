// Renders one face of the studio environment cube.
#include "common.glsl"
#include "studio.glsl"

uniform int u_face;
uniform vec4 u_params; // x = face size, y = mode (0 studio, 1 uniform white)
in vec2 v_uv;
out vec4 o_color;

void main() {
    vec3 d = cube_dir(u_face, gl_FragCoord.xy / u_params.x);
    o_color = vec4(u_params.y > 0.5 ? vec3(1.0) : studio_radiance(d), 1.0);
}
