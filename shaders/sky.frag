// The environment behind everything, slightly blurred (a lens focused on the
// product); for the studio, its backdrop.
#include "frame.glsl"
#include "studio.glsl"

uniform samplerCube u_prefiltered;
uniform mat4 u_model; // inverse view-projection
in vec2 v_uv;
out vec4 o_color;

void main() {
    vec4 p = u_model * vec4(v_uv * 2.0 - 1.0, 1.0, 1.0);
    vec3 d = normalize(p.xyz / p.w - u_camera.xyz);
    vec3 e = vec3(u_env.y * d.x - u_env.z * d.z, d.y, u_env.z * d.x + u_env.y * d.z);
    // u_env.w < 0: the studio's backdrop without its soft boxes.
    vec3 c = u_env.w < 0.0 ? studio_backdrop(e) : textureLod(u_prefiltered, e, u_env.w).rgb;
    o_color = vec4(c * u_env.x, 1.0);
}
