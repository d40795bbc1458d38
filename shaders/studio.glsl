// The procedural photo studio: a neutral grey cove lit by soft boxes.
// Directions are in environment space (+Y up). Radiance is linear.

// A soft box centred on direction c, half extents (tangent of the half angles)
// `size`, roll-free (its up follows +Y), with a soft edge `soft`.
float soft_box(vec3 d, vec3 c, vec2 size, float soft) {
    float t = dot(d, c);
    if (t <= 0.0) return 0.0;
    vec3 right = normalize(cross(vec3(0.0, 1.0, 0.0), c) + vec3(1e-5, 0.0, 0.0));
    vec3 up = cross(c, right);
    vec2 p = vec2(dot(d, right), dot(d, up)) / t;
    vec2 e = smoothstep(size + soft, size - soft, abs(p));
    // Real diffusers are a little brighter in the middle.
    float hot = 1.0 - 0.25 * dot(p / (size + soft), p / (size + soft));
    return e.x * e.y * hot;
}

const vec3 STUDIO_KEY = vec3(-0.5, 0.72, 0.48);

// The cove alone: floor and walls a neutral grey, brighter towards the horizon.
// Also the backdrop seen behind the product (the boxes stay out of frame, as
// a photographer places them).
vec3 studio_backdrop(vec3 d) {
    // Continuous at the horizon, like a paper sweep: no visible seam.
    float y = d.y;
    // A darker ceiling gives chrome the contrast of a real studio.
    vec3 wall = mix(vec3(0.12), vec3(0.8), exp(-max(y, 0.0) * 3.0));
    vec3 floor_c = mix(vec3(0.4), vec3(0.8), exp(-max(-y, 0.0) * 4.0));
    return y >= 0.0 ? wall : floor_c;
}

vec3 studio_radiance(vec3 d) {
    vec3 c = studio_backdrop(d);
    // Large key box front-left and above, a fill box right, a top strip and a rim.
    c += vec3(5.0, 4.9, 4.7) * soft_box(d, normalize(STUDIO_KEY), vec2(0.55, 0.42), 0.12);
    c += vec3(1.6, 1.65, 1.7) * soft_box(d, normalize(vec3(0.85, 0.25, 0.35)), vec2(0.35, 0.6), 0.1);
    c += vec3(3.0) * soft_box(d, normalize(vec3(0.0, 1.0, 0.02)), vec2(0.8, 0.18), 0.08);
    c += vec3(2.2) * soft_box(d, normalize(vec3(0.3, 0.35, -0.9)), vec2(0.18, 0.55), 0.06);
    return c;
}
