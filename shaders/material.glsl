// Material block: keep in step with vt__material_ubo in engine/render/render_internal.h.
layout(std140) uniform Material {
    vec4 m_base_color;
    vec4 m_emissive; // rgb * emissive_strength
    vec4 m_p0;       // metallic, roughness, normal scale, occlusion strength
    vec4 m_p1;       // alpha cutoff, alpha mode (0 opaque, 1 mask, 2 blend), clearcoat, cc roughness
    vec4 m_sheen;    // rgb, roughness
    vec4 m_p2;       // transmission, ior, unlit, double sided
    vec4 m_tex[20];  // per texture slot two rows of the uv transform; .w = texcoord / present
};
