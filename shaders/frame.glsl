// Per-frame block: keep in step with vt__frame_ubo in engine/render/render_internal.h.
layout(std140) uniform Frame {
    mat4 u_view_proj;
    mat4 u_shadow_mat;
    mat4 u_contact_mat;
    vec4 u_camera;        // xyz, w = prefiltered max lod
    vec4 u_env;           // intensity, cos rotation, sin rotation, background lod
    vec4 u_shadow;        // casting light (-1 none), filter radius (uv), normal bias (per metre from a spot), enabled
    vec4 u_ground;        // y, extent radius, key shadow strength, contact height
    vec4 u_ground_center; // xz centre in .xz, contact strength in .w
    vec4 u_misc;          // light count, exposure scale, tonemap mode, background mode
    vec4 u_bg_color;      // linear rgb, w = PCF taps on objects (9)
    vec4 u_key;           // studio key box: direction towards it, w = its diffuse radiance at cos 1
    vec4 u_light_pos[16];  // xyz, type (1 directional, 2 point, 3 spot)
    vec4 u_light_dir[16];  // xyz where the light shines, range
    vec4 u_light_color[16];
    vec4 u_light_cone[16]; // spot scale, offset
};
