const float PI = 3.14159265358979;

vec3 srgb_encode(vec3 c) {
    c = clamp(c, 0.0, 1.0);
    vec3 lo = c * 12.92;
    vec3 hi = 1.055 * pow(c, vec3(1.0 / 2.4)) - 0.055;
    return mix(hi, lo, vec3(lessThanEqual(c, vec3(0.0031308))));
}

// Direction through texel centre (s, t) in 0..1 of cube face `face` (GL face order).
vec3 cube_dir(int face, vec2 st) {
    vec2 c = st * 2.0 - 1.0;
    vec3 d;
    if (face == 0) d = vec3(1.0, -c.y, -c.x);
    else if (face == 1) d = vec3(-1.0, -c.y, c.x);
    else if (face == 2) d = vec3(c.x, 1.0, c.y);
    else if (face == 3) d = vec3(c.x, -1.0, -c.y);
    else if (face == 4) d = vec3(c.x, -c.y, 1.0);
    else d = vec3(-c.x, -c.y, -1.0);
    return normalize(d);
}

// Low-discrepancy point i of n (Hammersley).
vec2 hammersley(uint i, uint n) {
    uint b = i;
    b = (b << 16u) | (b >> 16u);
    b = ((b & 0x55555555u) << 1u) | ((b & 0xAAAAAAAAu) >> 1u);
    b = ((b & 0x33333333u) << 2u) | ((b & 0xCCCCCCCCu) >> 2u);
    b = ((b & 0x0F0F0F0Fu) << 4u) | ((b & 0xF0F0F0F0u) >> 4u);
    b = ((b & 0x00FF00FFu) << 8u) | ((b & 0xFF00FF00u) >> 8u);
    return vec2(float(i) / float(n), float(b) * 2.3283064365386963e-10);
}

// Orthonormal basis around n.
mat3 basis(vec3 n) {
    vec3 up = abs(n.y) < 0.999 ? vec3(0.0, 1.0, 0.0) : vec3(1.0, 0.0, 0.0);
    vec3 t = normalize(cross(up, n));
    return mat3(t, cross(n, t), n);
}

// GGX half vector for sample xi around +Z, alpha = roughness^2.
vec3 ggx_sample(vec2 xi, float alpha) {
    float a2 = alpha * alpha;
    float phi = 2.0 * PI * xi.x;
    float ct = sqrt((1.0 - xi.y) / (1.0 + (a2 - 1.0) * xi.y));
    float st = sqrt(max(0.0, 1.0 - ct * ct));
    return vec3(st * cos(phi), st * sin(phi), ct);
}
