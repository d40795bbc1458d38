/* vt_model_validate: checks a model against 3D Commerce publishing budgets.

   Where the numbers come from:
   - web: the "recommended" schema of the Khronos glTF Asset Auditor
     (github.com/KhronosGroup/gltf-asset-auditor, src/Schema.ts,
     getRecommended()): file size at most 5120 KB, at most 100,000 triangles,
     at most 5 materials, textures at most 2048 x 2048 and power-of-two sized,
     PBR-safe base colour range 30..243 (8-bit sRGB). The Khronos Real-time
     Asset Creation Guidelines (3DC-Asset-Creation, 2020) give the same
     power-of-two and 2K texture advice.
   - mobile: stricter, after Google's Scene Viewer recommendations as commonly
     quoted for AR on phones: 4 MB, 50,000 triangles, 2048 textures; material
     and draw-call budgets are ours.
   - planner (room planners and desktop configurators, larger furniture): our
     own budget: 15 MB, 250,000 triangles, 4096 textures, 10 materials.
   - every profile: a product between 1 cm and 10 m on its longest side, normals
     present, UVs wherever a texture is applied, degenerate triangles under
     0.1 %. Draw calls are our budget (the auditor has none). */
#include "asset_internal.h"
#include "core/internal.h"

#include <math.h>
#include <string.h>

typedef struct budget {
    long long file_bytes;
    uint64_t triangles;
    uint32_t draw_calls;
    uint32_t texture_size;
    uint32_t materials;
    float min_size_m, max_size_m;
    int lum_min, lum_max; /* 8-bit sRGB */
} budget;

static const budget budgets[] = {
    [VT_PROFILE_WEB] = {5120ll * 1024, 100000, 32, 2048, 5, 0.01f, 10.0f, 30, 243},
    [VT_PROFILE_MOBILE] = {4ll * 1024 * 1024, 50000, 16, 2048, 5, 0.01f, 10.0f, 30, 243},
    [VT_PROFILE_PLANNER] = {15ll * 1024 * 1024, 250000, 64, 4096, 10, 0.01f, 10.0f, 30, 243},
};

const char *vt_profile_name(vt_profile p) {
    switch (p) {
    case VT_PROFILE_WEB:
        return "web";
    case VT_PROFILE_MOBILE:
        return "mobile";
    case VT_PROFILE_PLANNER:
        return "planner";
    }
    return "unknown";
}

static vt_check *add(vt_validation *v, const char *rule, bool pass) {
    vt_check *c = &v->checks[v->check_count++];
    memset(c, 0, sizeof *c);
    snprintf(c->rule, sizeof c->rule, "%s", rule);
    c->pass = pass;
    if (!pass) v->pass = false;
    return c;
}

static bool is_pot(uint32_t x) {
    return x && !(x & (x - 1));
}

static float srgb_encode(float l) {
    if (l <= 0.0031308f) return l * 12.92f;
    return 1.055f * powf(l, 1.0f / 2.4f) - 0.055f;
}

/* Histogram of the base colour's luminance (8-bit sRGB) over a material:
   the texture (sampled) times the factor, or the factor alone. */
static void luminance_histogram(const vt_model *m, const vt_material *mt, const float lut[256],
                                uint32_t hist[256]) {
    float f[3] = {mt->base_color[0], mt->base_color[1], mt->base_color[2]};
    const vt_image *img = NULL;
    if (mt->base_color_tex.image >= 0 && (uint32_t)mt->base_color_tex.image < m->image_count) {
        img = &m->images[mt->base_color_tex.image];
        /* the real texture is missing, or its texels are (a model built by hand):
           nothing to judge */
        if (img->placeholder || !img->pixels) return;
    }
    if (!img) {
        float y = 0.2126f * f[0] + 0.7152f * f[1] + 0.0722f * f[2];
        hist[(int)lroundf(fminf(fmaxf(srgb_encode(y), 0.0f), 1.0f) * 255.0f)]++;
        return;
    }
    size_t n = (size_t)img->width * img->height;
    size_t step = n > 65536 ? n / 65536 : 1;
    for (size_t p = 0; p < n; p += step) {
        const uint8_t *px = img->pixels + p * 4;
        if (px[3] < 128) continue; /* cut-out texels are not seen */
        float y =
            0.2126f * lut[px[0]] * f[0] + 0.7152f * lut[px[1]] * f[1] + 0.0722f * lut[px[2]] * f[2];
        hist[(int)lroundf(fminf(fmaxf(srgb_encode(y), 0.0f), 1.0f) * 255.0f)]++;
    }
}

static bool material_textured(const vt_material *mt, uint32_t *max_texcoord) {
    const vt_texture_ref *refs[] = {
        &mt->base_color_tex,          &mt->metallic_roughness_tex, &mt->normal_tex,
        &mt->occlusion_tex,           &mt->emissive_tex,           &mt->clearcoat_tex,
        &mt->clearcoat_roughness_tex, &mt->clearcoat_normal_tex,   &mt->sheen_color_tex,
        &mt->transmission_tex};
    bool any = false;
    *max_texcoord = 0;
    for (size_t i = 0; i < VT_COUNTOF(refs); i++)
        if (refs[i]->image >= 0) {
            any = true;
            if (refs[i]->texcoord > *max_texcoord) *max_texcoord = refs[i]->texcoord;
        }
    return any;
}

vt_result vt_model_validate(const vt_model *m, vt_profile profile, vt_validation *out) {
    VT_ASSERT(m && out);
    memset(out, 0, sizeof *out);
    if ((unsigned)profile >= VT_COUNTOF(budgets))
        return vt__fail(VT_ERR_INVALID, "%s: unknown validation profile %d", m->path, (int)profile);
    const budget *b = &budgets[profile];
    const char *pn = vt_profile_name(profile);
    out->checks = calloc(16, sizeof *out->checks);
    if (!out->checks) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", m->path);
    out->pass = true;
    vt_model_stats st = vt_model_query_stats(m);
    vt_check *c;

    /* file_size */
    c = add(out, "file_size", m->file_bytes <= b->file_bytes);
    snprintf(c->message, sizeof c->message, "file is %.2f MB (%lld bytes); %s limit %.2f MB",
             (double)m->file_bytes / 1048576.0, m->file_bytes, pn,
             (double)b->file_bytes / 1048576.0);
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "compress textures (JPEG/WebP or KTX2), downsize them, or compress geometry "
                 "(meshopt/Draco); export as .glb");

    /* triangles */
    c = add(out, "triangles", st.triangles <= b->triangles);
    snprintf(c->message, sizeof c->message, "%llu triangles; %s limit %llu",
             (unsigned long long)st.triangles, pn, (unsigned long long)b->triangles);
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "decimate to under %llu triangles and bake the lost detail into a normal map",
                 (unsigned long long)b->triangles);

    /* draw_calls */
    c = add(out, "draw_calls", st.draw_calls <= b->draw_calls);
    snprintf(c->message, sizeof c->message, "%u draw calls (mesh instances); %s limit %u",
             st.draw_calls, pn, b->draw_calls);
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "join meshes that share a material and merge materials into a texture atlas");

    /* texture_size and texture_pot (placeholders for missing files are not the asset's) */
    uint32_t max_w = 0, max_h = 0, npot = 0, too_big = 0;
    const char *big_name = "", *npot_name = "";
    uint32_t npot_w = 0, npot_h = 0;
    for (uint32_t i = 0; i < m->image_count; i++) {
        const vt_image *img = &m->images[i];
        if (img->placeholder) continue;
        if (img->width > max_w || img->height > max_h) {
            if (img->width > b->texture_size || img->height > b->texture_size) big_name = img->name;
        }
        if (img->width > max_w) max_w = img->width;
        if (img->height > max_h) max_h = img->height;
        if (img->width > b->texture_size || img->height > b->texture_size) too_big++;
        if (!is_pot(img->width) || !is_pot(img->height)) {
            if (!npot) {
                npot_name = img->name;
                npot_w = img->width;
                npot_h = img->height;
            }
            npot++;
        }
    }
    c = add(out, "texture_size", too_big == 0);
    if (too_big)
        snprintf(c->message, sizeof c->message,
                 "%u texture(s) larger than %u px, largest %u x %u (%.80s); %s limit %u x %u",
                 too_big, b->texture_size, max_w, max_h, big_name, pn, b->texture_size,
                 b->texture_size);
    else if (max_w == 0)
        snprintf(c->message, sizeof c->message, "no textures; %s limit %u x %u", pn,
                 b->texture_size, b->texture_size);
    else
        snprintf(c->message, sizeof c->message, "largest texture %u x %u; %s limit %u x %u", max_w,
                 max_h, pn, b->texture_size, b->texture_size);
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix, "downsize textures to at most %u x %u px", b->texture_size,
                 b->texture_size);

    c = add(out, "texture_pot", npot == 0);
    if (npot)
        snprintf(c->message, sizeof c->message,
                 "%u texture(s) not a power of two in size, e.g. %.80s at %u x %u", npot, npot_name,
                 npot_w, npot_h);
    else
        snprintf(c->message, sizeof c->message, "all texture sizes are powers of two");
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "resize textures to powers of two (256, 512, 1024, 2048) so they mipmap and "
                 "compress everywhere");

    /* materials */
    c = add(out, "materials", m->material_count <= b->materials);
    snprintf(c->message, sizeof c->message, "%u materials; %s limit %u", m->material_count, pn,
             b->materials);
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "merge materials: bake them into one texture set (atlas) where they share a "
                 "shader");

    /* dimensions */
    float size[3] = {0, 0, 0};
    float longest = 0.0f;
    if (!vt_aabb_is_empty(&m->bounds)) {
        vt_aabb_size(&m->bounds, size);
        longest = fmaxf(size[0], fmaxf(size[1], size[2]));
    }
    bool dims_ok = longest >= b->min_size_m && longest <= b->max_size_m;
    c = add(out, "dimensions", dims_ok);
    snprintf(c->message, sizeof c->message,
             "%.3g x %.3g x %.3g m (longest side %.3g m); plausible products are %.2g m to %.3g m",
             (double)size[0], (double)size[1], (double)size[2], (double)longest,
             (double)b->min_size_m, (double)b->max_size_m);
    if (!c->pass) {
        if (longest > b->max_size_m && longest > 90.0f && longest < 100000.0f)
            snprintf(c->fix, sizeof c->fix,
                     "the model looks authored in centimetres: scale by 0.01 and export in "
                     "metres");
        else if (longest < b->min_size_m && longest > 0.0f)
            snprintf(c->fix, sizeof c->fix,
                     "the model looks authored in the wrong unit (kilometres?): export in metres "
                     "at real-world size");
        else
            snprintf(c->fix, sizeof c->fix, "export at real-world size in metres (1 unit = 1 m)");
    }

    /* base_color_luminance: dielectric base colours in the PBR-safe range */
    uint32_t hist[256] = {0};
    uint32_t checked = 0;
    float lut[256]; /* 8-bit sRGB to linear; per call: validation may run on several threads */
    for (int i = 0; i < 256; i++) lut[i] = vt__srgb_to_linear((float)i / 255.0f);
    for (uint32_t i = 0; i < m->material_count; i++) {
        const vt_material *mt = &m->materials[i];
        if (mt->unlit || mt->metallic >= 0.5f) continue; /* metals may be brighter */
        luminance_histogram(m, mt, lut, hist);
        checked++;
    }
    uint64_t total = 0;
    for (int i = 0; i < 256; i++) total += hist[i];
    int lo = 0, hi = 255;
    if (total) {
        /* ignore the darkest and brightest 1 % (seams, specks) */
        uint64_t cut = total / 100, acc = 0;
        for (lo = 0; lo < 255; lo++) {
            acc += hist[lo];
            if (acc > cut) break;
        }
        acc = 0;
        for (hi = 255; hi > 0; hi--) {
            acc += hist[hi];
            if (acc > cut) break;
        }
    }
    bool lum_ok = !total || (lo >= b->lum_min && hi <= b->lum_max);
    c = add(out, "base_color_luminance", lum_ok);
    if (total)
        snprintf(c->message, sizeof c->message,
                 "base colour of %u non-metal material(s) spans sRGB %d..%d; PBR-safe range "
                 "%d..%d",
                 checked, lo, hi, b->lum_min, b->lum_max);
    else
        snprintf(c->message, sizeof c->message, "no non-metal material to check");
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix, "keep non-metal base colours between sRGB %d and %d: %s",
                 b->lum_min, b->lum_max,
                 lo < b->lum_min ? "raise the darkest values (real charcoal is about 50)"
                                 : "lower the brightest values (fresh snow is about 240)");

    /* normals, uvs, degenerate_triangles */
    uint32_t no_normals = 0, no_uvs = 0;
    uint64_t degenerate = 0;
    const char *nn_name = "", *nu_name = "";
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        const vt_model_mesh *mm = &m->meshes[i];
        if (!mm->data.vertex_count) continue;
        if (!mm->data.normals) {
            if (!no_normals) nn_name = mm->name;
            no_normals++;
        }
        uint32_t tc = 0;
        if (mm->material < m->material_count &&
            material_textured(&m->materials[mm->material], &tc)) {
            bool has = tc == 0 ? mm->data.uv0 != NULL : mm->data.uv1 != NULL;
            if (!has) {
                if (!no_uvs) nu_name = mm->name;
                no_uvs++;
            }
        }
        if (mm->data.index_count) degenerate += vt_mesh_count_degenerate(&mm->data);
    }
    c = add(out, "normals", no_normals == 0);
    if (no_normals)
        snprintf(c->message, sizeof c->message, "%u mesh(es) without normals, e.g. '%.60s'",
                 no_normals, nn_name);
    else
        snprintf(c->message, sizeof c->message, "every mesh has normals");
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "export with normals (and mark hard edges) so shading does not depend on the "
                 "viewer's guess");

    c = add(out, "uvs", no_uvs == 0);
    if (no_uvs)
        snprintf(c->message, sizeof c->message,
                 "%u textured mesh(es) without the texture coordinates they need, e.g. '%.60s'",
                 no_uvs, nu_name);
    else
        snprintf(c->message, sizeof c->message, "every textured mesh has texture coordinates");
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "unwrap the mesh (UV map) before applying textures, and export the UV set");

    uint64_t allowed = st.triangles / 1000; /* 0.1 % */
    c = add(out, "degenerate_triangles", degenerate <= allowed);
    snprintf(c->message, sizeof c->message,
             "%llu degenerate (zero-area) triangle(s) of %llu; allowed %llu (0.1 %%)",
             (unsigned long long)degenerate, (unsigned long long)st.triangles,
             (unsigned long long)allowed);
    if (!c->pass)
        snprintf(c->fix, sizeof c->fix,
                 "merge by distance / clean up the mesh to remove zero-area faces");
    return VT_OK;
}

void vt_validation_free(vt_validation *v) {
    if (!v) return;
    free(v->checks);
    memset(v, 0, sizeof *v);
}
