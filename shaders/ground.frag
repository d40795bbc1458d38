// The shadow catcher: only darkening (key-light shadow and a soft contact
// shadow) over whatever background is behind; premultiplied black with alpha.
#include "frame.glsl"

uniform sampler2DShadow u_shadow_map;
uniform sampler2D u_contact_map;
in vec3 v_world;
out vec4 o_color;

const vec2 taps[12] = vec2[12](vec2(-0.326, -0.406), vec2(-0.840, -0.074), vec2(-0.696, 0.457),
                               vec2(-0.203, 0.621), vec2(0.962, -0.195), vec2(0.473, -0.480),
                               vec2(0.519, 0.767), vec2(0.185, -0.893), vec2(0.507, 0.064),
                               vec2(0.896, 0.412), vec2(-0.322, -0.933), vec2(-0.792, -0.598));

void main() {
    float occ_key = 0.0;
    if (u_shadow.w > 0.5) {
        vec4 p = u_shadow_mat * vec4(v_world, 1.0);
        vec3 s = p.xyz / p.w;
        if (all(greaterThan(s.xy, vec2(0.0))) && all(lessThan(s.xy, vec2(1.0)))) {
            float lit = 0.0;
            for (int i = 0; i < 12; i++)
                lit += texture(u_shadow_map, vec3(s.xy + taps[i] * u_shadow.y, min(s.z, 1.0)));
            occ_key = (1.0 - lit / 12.0) * u_ground.z;
        }
    }
    float occ_contact = 0.0;
    if (u_ground.w > 0.0) {
        vec4 p = u_contact_mat * vec4(v_world, 1.0);
        vec2 uv = p.xy / p.w;
        // Height of the nearest occluder above this point, then a blur that
        // widens with that height (a soft box overhead casts a soft blob).
        float h0 = 1.0;
        for (int i = 0; i < 12; i++) h0 = min(h0, texture(u_contact_map, uv + taps[i] * 0.02).r);
        float radius = 0.01 + 0.08 * h0;
        float sum = 0.0;
        for (int i = 0; i < 12; i++) {
            float h = texture(u_contact_map, uv + taps[i] * radius).r;
            sum += (1.0 - h) * (1.0 - h);
        }
        occ_contact = sum / 12.0 * u_ground_center.w;
    }
    float d = length(v_world.xz - u_ground_center.xz) / u_ground.y;
    float occ = 1.0 - (1.0 - occ_key) * (1.0 - occ_contact);
    occ *= 1.0 - smoothstep(0.5, 1.0, d);
    o_color = vec4(0.0, 0.0, 0.0, clamp(occ, 0.0, 1.0));
}
