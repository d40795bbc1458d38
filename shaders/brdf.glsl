// GGX normal distribution, alpha = roughness^2.
float d_ggx(float ndoth, float alpha) {
    float a2 = alpha * alpha;
    float f = (ndoth * a2 - ndoth) * ndoth + 1.0;
    return a2 / (PI * f * f);
}

// Height-correlated Smith visibility (G / (4 NdotL NdotV)).
float v_smith_correlated(float ndotv, float ndotl, float alpha) {
    float a2 = alpha * alpha;
    float gv = ndotl * sqrt(ndotv * ndotv * (1.0 - a2) + a2);
    float gl = ndotv * sqrt(ndotl * ndotl * (1.0 - a2) + a2);
    return 0.5 / max(gv + gl, 1e-6);
}

vec3 f_schlick(vec3 f0, float vdoth) {
    float m = 1.0 - vdoth; // (1 - v.h)^5 by products: llvmpipe's pow is exp2(log2)
    float m2 = m * m;
    float f = m2 * m2 * m;
    return f0 + (1.0 - f0) * f;
}

// Charlie sheen distribution and Neubelt visibility.
float d_charlie(float ndoth, float roughness) {
    float a = max(roughness * roughness, 1e-3);
    float inv = 1.0 / a;
    float s2 = max(1.0 - ndoth * ndoth, 0.0);
    return (2.0 + inv) * pow(s2, inv * 0.5) / (2.0 * PI);
}

float v_neubelt(float ndotv, float ndotl) {
    return 1.0 / max(4.0 * (ndotl + ndotv - ndotl * ndotv), 1e-4);
}
