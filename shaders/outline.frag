// Highlight outline: a ring of u_params.z pixels around the silhouette in the
// mask (1 = a highlighted instance covers the pixel), soft on its outer edge,
// never over the silhouette itself. Drawn over the tone-mapped image.
uniform sampler2D u_source; // the mask, nearest filtered, one texel per pixel
uniform vec4 u_params;      // viewport x, y, radius in pixels
uniform vec4 u_color;       // sRGB, alpha
out vec4 o_color;

void main() {
    ivec2 p = ivec2(gl_FragCoord.xy - u_params.xy);
    ivec2 size = textureSize(u_source, 0);
    if (texelFetch(u_source, p, 0).r > 0.5) discard;
    float radius = u_params.z;
    int n = int(ceil(radius));
    float best = 0.0;
    for (int y = -n; y <= n; y++) {
        for (int x = -n; x <= n; x++) {
            float d = length(vec2(float(x), float(y)));
            float w = clamp(radius + 0.5 - d, 0.0, 1.0);
            if (w <= best) continue;
            ivec2 q = clamp(p + ivec2(x, y), ivec2(0), size - 1);
            if (texelFetch(u_source, q, 0).r > 0.5) best = w;
        }
    }
    if (best <= 0.0) discard;
    o_color = vec4(u_color.rgb, u_color.a * best);
}
