// 2D overlay: rectangles and glyph quads in pixels, origin top left, y down.
// a_shape.x: 0 = text (a_uv in atlas texels), 1 = rectangle (a_uv relative to
// its centre in pixels; a_shape.yz half size, a_shape.w corner radius).
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
layout(location = 2) in vec4 a_shape;
layout(location = 3) in vec4 a_color;

uniform vec2 u_pixel_to_ndc; // 2 / width, 2 / height

out vec2 v_uv;
out vec4 v_shape;
out vec4 v_color;

void main() {
    v_uv = a_uv;
    v_shape = a_shape;
    v_color = a_color;
    gl_Position = vec4(a_pos.x * u_pixel_to_ndc.x - 1.0, 1.0 - a_pos.y * u_pixel_to_ndc.y, 0.0, 1.0);
}
