// The shadow catcher: only darkening (key-light shadow and a soft contact
// shadow) over whatever background is behind; premultiplied black with alpha.
// Loop counts come from uniforms so the compiler keeps one sampling site per
// loop (llvmpipe compiles every unrolled texture fetch separately).
#include "frame.glsl"

uniform sampler2DShadow u_shadow_map;
uniform sampler2D u_contact_map;
uniform vec4 u_params; // x = taps (12)
in vec3 v_world;
out vec4 o_color;

const vec2 taps[12] = vec2[12](vec2(-0.326, -0.406), vec2(-0.840, -0.074), vec2(-0.696, 0.457),
                               vec2(-0.203, 0.621), vec2(0.962, -0.195), vec2(0.473, -0.480),
                               vec2(0.519, 0.767), vec2(0.185, -0.893), vec2(0.507, 0.064),
                               vec2(0.896, 0.412), vec2(-0.322, -0.933), vec2(-0.792, -0.598));

void main() {
    float d = length(v_world.xz - u_ground_center.xz) / u_ground.y;
    float fade = 1.0 - smoothstep(0.5, 1.0, d);
    if (fade <= 0.0) discard;
    int n = int(u_params.x);
    float occ_key = 0.0;
    if (u_shadow.w > 0.5) {
        vec4 p = u_shadow_mat * vec4(v_world, 1.0);
        vec3 s = p.xyz / p.w;
        vec2 r = vec2(u_shadow.y);
        if (all(greaterThan(s.xy, -r)) && all(lessThan(s.xy, 1.0 + r))) {
            float lit = 0.0;
            for (int i = 0; i < n; i++)
                lit += texture(u_shadow_map, vec3(s.xy + taps[i] * u_shadow.y, min(s.z, 1.0)));
            occ_key = (1.0 - lit / float(n)) * u_ground.z;
        }
    }
    float occ_contact = 0.0;
    if (u_ground_center.w > 0.0) {
        vec4 p = u_contact_mat * vec4(v_world, 1.0);
        vec2 uv = p.xy / p.w;
        if (all(greaterThan(uv, vec2(-0.1))) && all(lessThan(uv, vec2(1.1)))) {
            // Occluder heights (0 = on the ground, 1 = the contact height or
            // nothing) over two rings: a tight one for the dark core where the
            // object touches and a wide one for the soft, overhead-light falloff.
            float tight = 0.0, wide = 0.0;
            for (int i = 0; i < n; i++) {
                float h1 = texture(u_contact_map, uv + taps[i] * 0.012).r;
                float h2 = texture(u_contact_map, uv + taps[i] * 0.07).r;
                tight += (1.0 - h1) * (1.0 - h1) * (1.0 - h1);
                wide += (1.0 - h2) * sqrt(1.0 - h2);
            }
            tight /= float(n);
            wide /= float(n);
            occ_contact = (1.0 - (1.0 - 0.9 * tight) * (1.0 - 0.75 * wide)) * u_ground_center.w;
        }
    }
    float occ = 1.0 - (1.0 - occ_key) * (1.0 - occ_contact);
    o_color = vec4(0.0, 0.0, 0.0, clamp(occ * fade, 0.0, 1.0));
}
