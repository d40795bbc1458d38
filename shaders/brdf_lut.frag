// Split-sum BRDF table: x = NdotV, y = roughness; r = A, g = B with
// specular albedo E = F0 * A + B (height-correlated Smith, GGX, Schlick);
// b = directional albedo of the Charlie sheen lobe (Neubelt visibility) at
// sheen roughness y, sampled uniformly over the hemisphere.
#include "common.glsl"
#include "brdf.glsl"

uniform vec4 u_params; // x = size, y = samples
in vec2 v_uv;
out vec4 o_color;

void main() {
    float ndotv = max(gl_FragCoord.x / u_params.x, 1e-3);
    float rough = max(gl_FragCoord.y / u_params.x, 0.02);
    float alpha = rough * rough;
    vec3 v = vec3(sqrt(1.0 - ndotv * ndotv), 0.0, ndotv);
    uint count = uint(u_params.y);
    float a = 0.0, b = 0.0;
    for (uint i = 0u; i < count; i++) {
        vec3 h = ggx_sample(hammersley(i, count), alpha);
        float vdoth = dot(v, h);
        vec3 l = 2.0 * vdoth * h - v;
        float ndotl = l.z;
        if (ndotl <= 0.0 || vdoth <= 0.0) continue;
        float ndoth = max(h.z, 0.0);
        float g = v_smith_correlated(ndotv, ndotl, alpha) * 4.0 * ndotl * vdoth / ndoth;
        float fc = pow(1.0 - vdoth, 5.0);
        a += (1.0 - fc) * g;
        b += fc * g;
    }
    float sheen = 0.0;
    for (uint i = 0u; i < count; i++) {
        vec2 xi = hammersley(i, count);
        float phi = 2.0 * PI * xi.x;
        float ct = xi.y, st = sqrt(1.0 - ct * ct);
        vec3 l = vec3(st * cos(phi), st * sin(phi), ct);
        vec3 h = normalize(l + v);
        // pdf 1 / (2 pi): f * cos / pdf
        sheen += d_charlie(h.z, rough) * v_neubelt(ndotv, l.z) * l.z * 2.0 * PI;
    }
    o_color = vec4(a / float(count), b / float(count), sheen / float(count), 1.0);
}
