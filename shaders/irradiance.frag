// Cosine-weighted average radiance (irradiance / pi) for one cube face texel,
// with filtered importance sampling.
#include "common.glsl"

uniform int u_face;
uniform vec4 u_params; // x = face size, y = samples, z = source face size
uniform samplerCube u_source;
in vec2 v_uv;
out vec4 o_color;

void main() {
    vec3 n = cube_dir(u_face, gl_FragCoord.xy / u_params.x);
    mat3 tbn = basis(n);
    uint count = uint(u_params.y);
    float omega_p = 4.0 * PI / (6.0 * u_params.z * u_params.z);
    vec3 sum = vec3(0.0);
    for (uint i = 0u; i < count; i++) {
        vec2 xi = hammersley(i, count);
        float phi = 2.0 * PI * xi.x;
        float ct = sqrt(1.0 - xi.y);
        float st = sqrt(xi.y);
        vec3 l = tbn * vec3(st * cos(phi), st * sin(phi), ct);
        float pdf = max(ct, 1e-3) / PI;
        float lod = max(0.5 * log2(1.0 / (float(count) * pdf * omega_p)) + 1.0, 0.0);
        sum += textureLod(u_source, l, lod).rgb;
    }
    o_color = vec4(sum / float(count), 1.0);
}
