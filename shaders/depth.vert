// Depth only, for the shadow and contact maps. u_model is the light's view-projection.
in vec3 a_position;
in mat4 a_model;
uniform mat4 u_model;

void main() {
    gl_Position = u_model * (a_model * vec4(a_position, 1.0));
}
