// GGX prefiltering of the radiance cube for one mip level, with filtered
// importance sampling (lookups from a source mip matched to the sample's
// solid angle) so few samples suffice.
#include "common.glsl"
#include "brdf.glsl"

uniform int u_face;
uniform float u_roughness;
uniform vec4 u_params; // x = face size of this level, y = samples, z = source face size
uniform samplerCube u_source;
in vec2 v_uv;
out vec4 o_color;

void main() {
    vec3 n = cube_dir(u_face, gl_FragCoord.xy / u_params.x);
    if (u_roughness <= 0.0) {
        o_color = vec4(textureLod(u_source, n, log2(u_params.z / u_params.x)).rgb, 1.0);
        return;
    }
    mat3 tbn = basis(n);
    float alpha = u_roughness * u_roughness;
    uint count = uint(u_params.y);
    float omega_p = 4.0 * PI / (6.0 * u_params.z * u_params.z);
    vec3 sum = vec3(0.0);
    float weight = 0.0;
    for (uint i = 0u; i < count; i++) {
        vec3 h = tbn * ggx_sample(hammersley(i, count), alpha);
        vec3 l = 2.0 * dot(n, h) * h - n;
        float ndotl = dot(n, l);
        if (ndotl <= 0.0) continue;
        float ndoth = max(dot(n, h), 0.0);
        float pdf = d_ggx(ndoth, alpha) * 0.25;
        float omega_s = 1.0 / (float(count) * pdf + 1e-6);
        float lod = max(0.5 * log2(omega_s / omega_p) + 1.0, 0.0);
        sum += textureLod(u_source, l, lod).rgb * ndotl;
        weight += ndotl;
    }
    o_color = vec4(sum / max(weight, 1e-6), 1.0);
}
