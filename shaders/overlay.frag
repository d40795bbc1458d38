// 2D overlay: glyph coverage from the R8 atlas, or an antialiased rounded
// rectangle from its signed distance. Straight alpha out; blended by the caller.
uniform sampler2D u_atlas;

in vec2 v_uv;
in vec4 v_shape;
in vec4 v_color;

out vec4 o_color;

void main() {
    float coverage;
    if (v_shape.x < 0.5) {
        coverage = texture(u_atlas, v_uv / vec2(textureSize(u_atlas, 0))).r;
    } else {
        vec2 q = abs(v_uv) - (v_shape.yz - vec2(v_shape.w));
        float d = length(max(q, 0.0)) + min(max(q.x, q.y), 0.0) - v_shape.w;
        coverage = clamp(0.5 - d, 0.0, 1.0);
    }
    o_color = vec4(v_color.rgb, v_color.a * coverage);
}
