#include "frame.glsl"

in vec3 a_position;
in vec3 a_normal;
in vec4 a_tangent;
in vec2 a_uv0;
in vec2 a_uv1;
in vec4 a_color;
in mat4 a_model;

out vec3 v_world;
out vec3 v_normal;
out vec4 v_tangent;
out vec2 v_uv0;
out vec2 v_uv1;
out vec4 v_color;

void main() {
    vec4 w = a_model * vec4(a_position, 1.0);
    mat3 m = mat3(a_model);
    // Cofactor matrix: the inverse transpose up to the determinant's scale and sign.
    mat3 cof = mat3(cross(m[1], m[2]), cross(m[2], m[0]), cross(m[0], m[1]));
    float det = dot(m[0], cof[0]);
    v_world = w.xyz;
    v_normal = cof * a_normal * sign(det);
    v_tangent = vec4(m * a_tangent.xyz, a_tangent.w);
    v_uv0 = a_uv0;
    v_uv1 = a_uv1;
    v_color = a_color;
    gl_Position = u_view_proj * w;
}
