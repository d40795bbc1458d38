// A planar mirror's surface: the reflected scene, rendered beforehand from the
// mirrored camera into u_source (linear radiance / u_params.z, sRGB encoded),
// looked up where this fragment lies on screen, tinted by the base colour.
#include "frame.glsl"
#include "material.glsl"

uniform sampler2D u_source;
uniform vec4 u_params; // 1 / target width, 1 / target height, radiance scale

in vec3 v_world;
in vec3 v_normal;
in vec4 v_tangent;
in vec2 v_uv0;
in vec2 v_uv1;
in vec4 v_color;
out vec4 o_color;

vec3 srgb_decode(vec3 c) {
    vec3 lo = c / 12.92;
    vec3 hi = pow((c + 0.055) / 1.055, vec3(2.4));
    return mix(hi, lo, vec3(lessThanEqual(c, vec3(0.04045))));
}

void main() {
    vec2 uv = gl_FragCoord.xy * u_params.xy;
    vec3 reflected = srgb_decode(texture(u_source, uv).rgb) * u_params.z;
    o_color = vec4(reflected * m_base_color.rgb * v_color.rgb, 1.0);
}
