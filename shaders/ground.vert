// A square on the ground plane under the scene, two triangles.
#include "frame.glsl"

out vec3 v_world;

const vec2 corners[6] = vec2[6](vec2(-1.0, -1.0), vec2(-1.0, 1.0), vec2(1.0, 1.0),
                                vec2(-1.0, -1.0), vec2(1.0, 1.0), vec2(1.0, -1.0));

void main() {
    vec2 c = corners[gl_VertexID];
    v_world = vec3(u_ground_center.x + c.x * u_ground.y, u_ground.x,
                   u_ground_center.z + c.y * u_ground.y);
    gl_Position = u_view_proj * vec4(v_world, 1.0);
}
