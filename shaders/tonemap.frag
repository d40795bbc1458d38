// Resolved HDR (premultiplied) over the environment background -> exposure ->
// tone map -> over a solid background colour -> sRGB. Output alpha is straight
// (PNG style). The environment is drawn here, once per pixel and only where
// the scene leaves it visible, rather than as a pass into the MSAA target.
#include "frame.glsl"
#include "common.glsl"
#include "studio.glsl"

uniform sampler2D u_source;
uniform samplerCube u_prefiltered;
uniform mat4 u_model;  // inverse view-projection
uniform vec4 u_params; // viewport x, y, width, height
out vec4 o_color;

// The environment seen along the view ray through this pixel: slightly
// blurred (a lens focused on the product); for the studio, its backdrop
// without the soft boxes (kept out of frame, as a photographer places them).
vec3 background(vec2 frag) {
    vec2 ndc = (frag - u_params.xy) / u_params.zw * 2.0 - 1.0;
    vec4 p = u_model * vec4(ndc, 1.0, 1.0);
    vec3 d = normalize(p.xyz / p.w - u_camera.xyz);
    vec3 e = vec3(u_env.y * d.x - u_env.z * d.z, d.y, u_env.z * d.x + u_env.y * d.z);
    vec3 c = u_env.w < 0.0 ? studio_backdrop(e) : textureLod(u_prefiltered, e, u_env.w).rgb;
    return c * u_env.x;
}

// Khronos PBR Neutral, reference implementation.
vec3 pbr_neutral(vec3 color) {
    const float start_compression = 0.8 - 0.04;
    const float desaturation = 0.15;
    float x = min(color.r, min(color.g, color.b));
    float offset = x < 0.08 ? x - 6.25 * x * x : 0.04;
    color -= offset;
    float peak = max(color.r, max(color.g, color.b));
    if (peak < start_compression) return color;
    const float d = 1.0 - start_compression;
    float new_peak = 1.0 - d * d / (peak + d - start_compression);
    color *= new_peak / peak;
    float g = 1.0 - 1.0 / (desaturation * (peak - new_peak) + 1.0);
    return mix(color, new_peak * vec3(1.0), g);
}

// ACES filmic fit (Narkowicz 2015).
vec3 aces(vec3 x) {
    return clamp((x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14), 0.0, 1.0);
}

void main() {
    vec4 c = texelFetch(u_source, ivec2(gl_FragCoord.xy - u_params.xy), 0);
    int bg = int(u_misc.w + 0.5);
    if (bg == 0 && c.a < 1.0) {
        c.rgb += background(gl_FragCoord.xy) * (1.0 - max(c.a, 0.0));
        c.a = 1.0;
    }
    float a = clamp(c.a, 0.0, 1.0);
    vec3 rgb = a > 0.0 ? max(c.rgb / a, vec3(0.0)) * u_misc.y : vec3(0.0);
    int mode = int(u_misc.z + 0.5);
    if (mode == 0) rgb = pbr_neutral(rgb);
    else if (mode == 1) rgb = aces(rgb);
    if (bg == 1) {
        rgb = mix(u_bg_color.rgb, clamp(rgb, 0.0, 1.0), a);
        a = 1.0;
    } else if (bg == 0) {
        a = 1.0;
    }
    o_color = vec4(srgb_encode(rgb), a);
}
