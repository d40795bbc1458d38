// glTF 2.0 metallic-roughness shading: GGX, height-correlated Smith, Schlick,
// multiple-scattering compensation (Fdez-Aguera), clearcoat, sheen,
// transmission (IBL approximation), unlit; image-based light plus
// KHR_lights_punctual with one shadowed directional light.
// VT_FEATURES (engine/render/render_internal.h, VT__PBR_*) compiles out what a
// material does not use: llvmpipe evaluates both sides of a branch.
#ifndef VT_FEATURES
#define VT_FEATURES 32767
#endif
#define VT_HAS(bit) ((VT_FEATURES & (bit)) != 0)
#define VT_MASK VT_HAS(1024)
#define VT_UNLIT VT_HAS(2048)
#define VT_SHEEN VT_HAS(4096)
#define VT_CLEARCOAT VT_HAS(8192)
#define VT_TRANSMISSION VT_HAS(16384)
#include "frame.glsl"
#include "material.glsl"
#include "common.glsl"
#include "brdf.glsl"

uniform sampler2D u_base_tex;
uniform sampler2D u_mr_tex;
uniform sampler2D u_normal_tex;
uniform sampler2D u_occlusion_tex;
uniform sampler2D u_emissive_tex;
uniform sampler2D u_clearcoat_tex;
uniform sampler2D u_clearcoat_rough_tex;
uniform sampler2D u_clearcoat_normal_tex;
uniform sampler2D u_sheen_tex;
uniform sampler2D u_transmission_tex;
uniform samplerCube u_prefiltered;
uniform samplerCube u_irradiance;
uniform sampler2D u_brdf_lut;
uniform sampler2DShadow u_shadow_map;
// Per batch (engine/render/renderer.c, set_batch_lights): the lights whose range
// and cone reach its bounds, and the PCF taps (0: the batch is out of the
// shadow-casting light's reach).
uniform int u_light_n;
uniform int u_light_list[8];
uniform int u_shadow_taps;

in vec3 v_world;
in vec3 v_normal;
in vec4 v_tangent;
in vec2 v_uv0;
in vec2 v_uv1;
in vec4 v_color;
out vec4 o_color;

bool has_tex(int s) {
    return (VT_FEATURES & (1 << s)) != 0 && m_tex[2 * s + 1].w > 0.5;
}

vec2 tex_uv(int s) {
    vec3 uv = vec3(m_tex[2 * s].w > 0.5 ? v_uv1 : v_uv0, 1.0);
    return vec2(dot(m_tex[2 * s].xyz, uv), dot(m_tex[2 * s + 1].xyz, uv));
}

vec3 env_dir(vec3 d) {
    return vec3(u_env.y * d.x - u_env.z * d.z, d.y, u_env.z * d.x + u_env.y * d.z);
}

vec3 env_specular(vec3 r, float rough) {
    return textureLod(u_prefiltered, env_dir(r), rough * u_camera.w).rgb * u_env.x;
}

vec3 env_diffuse(vec3 n) {
    return texture(u_irradiance, env_dir(n)).rgb * u_env.x;
}

// Tangent frame: from the vertex tangent, or from screen derivatives when the mesh has none.
mat3 tangent_frame(vec3 n, vec2 uv) {
    vec3 t = v_tangent.xyz;
    float w = v_tangent.w;
    if (dot(t, t) < 1e-8 || w == 0.0) {
        vec3 dp1 = dFdx(v_world), dp2 = dFdy(v_world);
        vec2 duv1 = dFdx(uv), duv2 = dFdy(uv);
        vec3 dp2perp = cross(dp2, n), dp1perp = cross(n, dp1);
        t = dp2perp * duv1.x + dp1perp * duv2.x;
        vec3 b = dp2perp * duv1.y + dp1perp * duv2.y;
        float inv = inversesqrt(max(max(dot(t, t), dot(b, b)), 1e-20));
        return mat3(t * inv, b * inv, n);
    }
    t = normalize(t - n * dot(n, t));
    return mat3(t, cross(n, t) * (w < 0.0 ? -1.0 : 1.0), n);
}

float shadow_visibility(vec3 n) {
    // A spot's map texels grow with the distance from the light: so does the offset.
    float bias = u_shadow.z;
    int caster = int(u_shadow.x);
    if (caster >= 0 && u_light_pos[caster].w > 2.5) bias *= distance(v_world, u_light_pos[caster].xyz);
    vec4 p = u_shadow_mat * vec4(v_world + n * bias, 1.0);
    if (p.w <= 0.0) return 1.0; // behind a spot's map
    vec3 s = p.xyz / p.w;
    if (any(lessThan(s.xy, vec2(0.0))) || any(greaterThan(s.xy, vec2(1.0)))) return 1.0;
    const vec2 taps[9] = vec2[9](vec2(0.0), vec2(-0.326, -0.406), vec2(-0.840, -0.074),
                                 vec2(-0.696, 0.457), vec2(-0.203, 0.621), vec2(0.962, -0.195),
                                 vec2(0.473, -0.480), vec2(0.519, 0.767), vec2(0.185, -0.893));
    // The tap count is a uniform (per batch) so the loop keeps one sampling site.
    int nt = u_shadow_taps;
    if (nt <= 0) return 1.0;
    float sum = 0.0;
    for (int i = 0; i < nt; i++)
        sum += texture(u_shadow_map, vec3(s.xy + taps[i] * u_shadow.y, min(s.z, 1.0)));
    return sum / float(nt);
}

void main() {
    vec4 base = m_base_color * v_color;
    if (has_tex(0)) base *= texture(u_base_tex, tex_uv(0));
    int alpha_mode = int(m_p1.y + 0.5);
#if VT_MASK
    if (alpha_mode == 1 && base.a < m_p1.x) discard;
#endif

    vec3 ng = normalize(v_normal);
    if (!gl_FrontFacing && m_p2.w > 0.5) ng = -ng;

#if VT_UNLIT
    if (m_p2.z > 0.5) { // unlit
        o_color = alpha_mode == 2 ? vec4(base.rgb * base.a, base.a) : vec4(base.rgb, 1.0);
        return;
    }
#endif

    float metallic = m_p0.x;
    float rough = m_p0.y;
    if (has_tex(1)) {
        vec4 mr = texture(u_mr_tex, tex_uv(1));
        rough *= mr.g;
        metallic *= mr.b;
    }
    rough = clamp(rough, 0.03, 1.0);
    metallic = clamp(metallic, 0.0, 1.0);
    float alpha = rough * rough;

    vec3 n = ng;
    if (has_tex(2)) {
        vec2 uv = tex_uv(2);
        vec3 tn = texture(u_normal_tex, uv).xyz * 2.0 - 1.0;
        tn.xy *= m_p0.z;
        n = normalize(tangent_frame(ng, uv) * tn);
    }
    vec3 v = normalize(u_camera.xyz - v_world);
    float ndotv = clamp(dot(n, v), 1e-4, 1.0);
    float ao = 1.0;
    if (has_tex(3)) ao = 1.0 + m_p0.w * (texture(u_occlusion_tex, tex_uv(3)).r - 1.0);

    vec3 f0 = mix(vec3(0.04), base.rgb, metallic);
    vec3 c_diff = base.rgb * (1.0 - metallic);
    float ior = m_p2.y;
    if (ior > 1.0 && ior != 1.5 && metallic < 1.0) {
        float r0 = (ior - 1.0) / (ior + 1.0);
        f0 = mix(vec3(r0 * r0), base.rgb, metallic);
    }

    // Image-based light with multiple-scattering compensation.
    vec2 ab = texture(u_brdf_lut, vec2(ndotv, rough)).rg;
    vec3 fss_ess = f0 * ab.x + ab.y;
    float ess = ab.x + ab.y;
    float ems = 1.0 - ess;
    vec3 f_avg = f0 + (1.0 - f0) / 21.0;
    vec3 fms_ems = ems * fss_ess * f_avg / (1.0 - ems * f_avg);
    vec3 irr = env_diffuse(n);
    vec3 r = reflect(-v, n);
    vec3 spec = fss_ess * env_specular(r, rough) + fms_ems * irr;
    vec3 k_d = c_diff * max(vec3(0.0), 1.0 - fss_ess - fms_ems);
    vec3 diffuse = k_d * irr;

    float transmission = VT_TRANSMISSION ? m_p2.x : 0.0;
    if (has_tex(9)) transmission *= texture(u_transmission_tex, tex_uv(9)).r;
    if (transmission > 0.0) {
        // Thin-walled: what is behind, seen through a slightly refracting, rough surface.
        vec3 t = refract(-v, n, 1.0 / max(ior, 1.0));
        vec3 behind = env_specular(normalize(mix(-v, t, 0.3)), rough) * base.rgb;
        diffuse = mix(diffuse, behind * (1.0 - fss_ess - fms_ems), transmission);
    }
    vec3 color = diffuse * ao + spec * ao;

    // Studio: the key box is part of the image light; where the shadow map says
    // it is blocked, take its (nearly directional) diffuse share back out.
    // The map is read at one site, once: llvmpipe runs a call inside the light
    // loop (or a branch) for every light under a lane mask, 9 taps each time.
    float shadow_vis = 1.0;
    if (u_shadow.w > 0.5 && (u_shadow.x >= 0.0 || u_key.w > 0.0)) shadow_vis = shadow_visibility(ng);
    if (u_key.w > 0.0 && u_shadow.w > 0.5 && u_shadow.x < 0.0) {
        float ndk = dot(n, u_key.xyz);
        if (ndk > 0.0) {
            float blocked = 1.0 - shadow_vis;
            color -= k_d * (u_key.w * u_env.x * ndk * blocked * ao * smoothstep(0.0, 0.25, ndk));
        }
    }

    // Sheen (KHR_materials_sheen, Charlie distribution): its directional albedo
    // comes from the BRDF table's third channel; the layer below is scaled by
    // 1 - max(sheen colour) * E as the extension specifies.
    float sheen_r = clamp(m_sheen.w, 0.03, 1.0);
    vec3 sheen = m_sheen.rgb;
    if (has_tex(8)) sheen *= texture(u_sheen_tex, tex_uv(8)).rgb;
    float sheen_max = VT_SHEEN ? max(sheen.r, max(sheen.g, sheen.b)) : 0.0;
    vec3 sheen_light = vec3(0.0);
    if (sheen_max > 0.0) {
        float e = texture(u_brdf_lut, vec2(ndotv, sheen_r)).b;
        color *= 1.0 - sheen_max * e;
        sheen_light = sheen * irr * e * ao; // a diffuse-like lobe: lit by the irradiance
    }

    // Punctual lights; energy compensation for multiple scattering on the specular lobe.
    vec3 comp = 1.0 + f0 * (1.0 / max(ess, 1e-3) - 1.0);
    for (int k = 0; k < 8; k++) {
        if (k >= u_light_n) break;
        int i = u_light_list[k];
        vec3 l;
        float att = 1.0;
        int type = int(u_light_pos[i].w + 0.5);
        if (type == 1) {
            l = -u_light_dir[i].xyz;
        } else {
            vec3 d = u_light_pos[i].xyz - v_world;
            float d2 = max(dot(d, d), 1e-8);
            l = d * inversesqrt(d2);
            att = 1.0 / d2;
            float range = u_light_dir[i].w;
            if (range > 0.0) {
                float q = d2 / (range * range);
                att *= clamp(1.0 - q * q, 0.0, 1.0);
            }
            if (type == 3) {
                float cd = dot(u_light_dir[i].xyz, -l);
                float s = clamp(cd * u_light_cone[i].x + u_light_cone[i].y, 0.0, 1.0);
                att *= s * s;
            }
        }
        float ndotl = dot(n, l);
        if (ndotl <= 0.0 || att <= 0.0) continue;
        if (float(i) == u_shadow.x) att *= shadow_vis;
        vec3 h = normalize(l + v);
        float ndoth = max(dot(n, h), 0.0);
        float vdoth = max(dot(v, h), 0.0);
        vec3 f = f_schlick(f0, vdoth);
        vec3 fs = f * d_ggx(ndoth, alpha) * v_smith_correlated(ndotv, ndotl, alpha) * comp;
        vec3 fd = (1.0 - f) * c_diff / PI * (1.0 - transmission);
        vec3 lit = fd + fs;
        if (sheen_max > 0.0) {
            float el = texture(u_brdf_lut, vec2(ndotl, sheen_r)).b;
            float ev = texture(u_brdf_lut, vec2(ndotv, sheen_r)).b;
            // the base was scaled by E(v) above; the extension scales by max(E(v), E(l))
            lit *= (1.0 - sheen_max * max(ev, el)) / max(1.0 - sheen_max * ev, 1e-3);
            lit += sheen * d_charlie(ndoth, sheen_r) * v_neubelt(ndotv, ndotl);
        }
        color += lit * u_light_color[i].rgb * (ndotl * att);
    }
    color += sheen_light;

    float cc = VT_CLEARCOAT ? m_p1.z : 0.0;
    if (has_tex(5)) cc *= texture(u_clearcoat_tex, tex_uv(5)).r;
    if (cc > 0.0) {
        float cr = m_p1.w;
        if (has_tex(6)) cr *= texture(u_clearcoat_rough_tex, tex_uv(6)).g;
        cr = clamp(cr, 0.03, 1.0);
        vec3 cn = ng;
        if (has_tex(7)) {
            vec2 uv = tex_uv(7);
            cn = normalize(tangent_frame(ng, uv) * (texture(u_clearcoat_normal_tex, uv).xyz * 2.0 - 1.0));
        }
        float cv = clamp(dot(cn, v), 1e-4, 1.0);
        vec2 cab = texture(u_brdf_lut, vec2(cv, cr)).rg;
        float fc = 0.04 + 0.96 * pow(1.0 - cv, 5.0);
        vec3 coat = env_specular(reflect(-v, cn), cr) * (0.04 * cab.x + cab.y);
        color = color * (1.0 - cc * fc) + cc * coat * ao;
    }

    vec3 emissive = m_emissive.rgb;
    if (has_tex(4)) emissive *= texture(u_emissive_tex, tex_uv(4)).rgb;
    color += emissive;

    o_color = alpha_mode == 2 ? vec4(color * base.a, base.a) : vec4(color, 1.0);
}
