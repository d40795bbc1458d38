/* Model upload: meshes to vertex arrays, images to textures, materials to
   uniform blocks. Failures are logged and the object is skipped when drawn. */
#include "render_internal.h"

#include <math.h>
#include <meshoptimizer.h>
#include <string.h>

static bool grow(void **p, uint32_t *cap, uint64_t need, size_t elem) {
    return vt__grow(p, cap, need, elem, 16);
}

/* Which images are sampled as colour (sRGB) rather than data. */
static void mark_srgb(const vt_model *m, bool *srgb) {
    for (uint32_t i = 0; i < m->material_count; i++) {
        const vt_material *mt = &m->materials[i];
        const vt_texture_ref *refs[] = {&mt->base_color_tex, &mt->emissive_tex,
                                        &mt->sheen_color_tex};
        for (size_t k = 0; k < VT_COUNTOF(refs); k++)
            if (refs[k]->image >= 0 && (uint32_t)refs[k]->image < m->image_count)
                srgb[refs[k]->image] = true;
    }
}

static GLuint upload_image(const vt_image *img, bool srgb) {
    if (!img->pixels || !img->width || !img->height) return 0;
    GLuint t = vt__tex2d(srgb ? GL_SRGB8_ALPHA8 : GL_RGBA8, img->width, img->height, GL_RGBA,
                         GL_UNSIGNED_BYTE, img->pixels, true);
    if (!t) VT_LOGW("render", "%s: texture could not be created; drawn without it", img->name);
    return t;
}

static void tex_transform(const vt_texture_ref *t, float rows[2][4], GLuint tex) {
    float sx = t->scale[0], sy = t->scale[1];
    if (sx == 0.0f && sy == 0.0f) sx = sy = 1.0f;
    float c = cosf(t->rotation), s = sinf(t->rotation);
    /* uv' = T * R * S * uv with R = [c s; -s c] as KHR_texture_transform writes it. */
    rows[0][0] = c * sx;
    rows[0][1] = s * sy;
    rows[0][2] = t->offset[0];
    rows[0][3] = t->texcoord == 1 ? 1.0f : 0.0f;
    rows[1][0] = -s * sx;
    rows[1][1] = c * sy;
    rows[1][2] = t->offset[1];
    rows[1][3] = tex ? 1.0f : 0.0f;
}

static void upload_material(vt_renderer *r, const vt_material *mt, uint32_t tex_base,
                            uint32_t image_count, vt__gpu_material *out) {
    const vt_texture_ref *refs[VT__MAT_TEX_COUNT] = {
        [VT__TEX_BASE] = &mt->base_color_tex,
        [VT__TEX_MR] = &mt->metallic_roughness_tex,
        [VT__TEX_NORMAL] = &mt->normal_tex,
        [VT__TEX_OCCLUSION] = &mt->occlusion_tex,
        [VT__TEX_EMISSIVE] = &mt->emissive_tex,
        [VT__TEX_CLEARCOAT] = &mt->clearcoat_tex,
        [VT__TEX_CLEARCOAT_ROUGH] = &mt->clearcoat_roughness_tex,
        [VT__TEX_CLEARCOAT_NORMAL] = &mt->clearcoat_normal_tex,
        [VT__TEX_SHEEN] = &mt->sheen_color_tex,
        [VT__TEX_TRANSMISSION] = &mt->transmission_tex,
    };
    vt__material_ubo u;
    memset(&u, 0, sizeof u);
    memcpy(u.base_color, mt->base_color, sizeof u.base_color);
    float es = mt->emissive_strength > 0.0f ? mt->emissive_strength : 1.0f;
    for (int i = 0; i < 3; i++) u.emissive[i] = mt->emissive[i] * es;
    u.p0[0] = mt->metallic;
    u.p0[1] = mt->roughness;
    u.p0[2] = mt->normal_scale;
    u.p0[3] = mt->occlusion_strength;
    u.p1[0] = mt->alpha_cutoff;
    u.p1[1] = (float)mt->alpha_mode;
    u.p1[2] = mt->clearcoat;
    u.p1[3] = mt->clearcoat_roughness;
    memcpy(u.sheen, mt->sheen_color, sizeof(float) * 3);
    u.sheen[3] = mt->sheen_roughness;
    u.p2[0] = mt->transmission;
    u.p2[1] = mt->ior > 0.0f ? mt->ior : 1.5f;
    u.p2[2] = mt->unlit ? 1.0f : 0.0f;
    u.p2[3] = mt->double_sided ? 1.0f : 0.0f;
    for (int k = 0; k < VT__MAT_TEX_COUNT; k++) {
        GLuint tex = 0;
        if (refs[k]->image >= 0 && (uint32_t)refs[k]->image < image_count)
            tex = r->textures[tex_base + (uint32_t)refs[k]->image];
        out->tex[k] = tex;
        tex_transform(refs[k], u.tex[k], tex);
    }
    out->alpha_mode = mt->alpha_mode;
    out->double_sided = mt->double_sided;
    out->features = 0;
    for (int k = 0; k < VT__MAT_TEX_COUNT; k++)
        if (out->tex[k]) out->features |= 1u << k;
    if (mt->alpha_mode == VT_ALPHA_MASK) out->features |= VT__PBR_MASK;
    if (mt->unlit) out->features |= VT__PBR_UNLIT;
    if (mt->sheen_color[0] > 0.0f || mt->sheen_color[1] > 0.0f || mt->sheen_color[2] > 0.0f)
        out->features |= VT__PBR_SHEEN;
    if (mt->clearcoat > 0.0f) out->features |= VT__PBR_CLEARCOAT;
    if (mt->transmission > 0.0f) out->features |= VT__PBR_TRANSMISSION;
    glGenBuffers(1, &out->ubo);
    glBindBuffer(GL_UNIFORM_BUFFER, out->ubo);
    glBufferData(GL_UNIFORM_BUFFER, sizeof u, &u, GL_STATIC_DRAW);
    if (glGetError() != GL_NO_ERROR) {
        VT_LOGW("render", "material %s: uniform buffer could not be created", mt->name);
        glDeleteBuffers(1, &out->ubo);
        out->ubo = 0;
    }
}

/* Levels of detail for meshes worth it: each level a quarter of the
   triangles of the one before (simplified from it, so the chain costs little
   more than its first step), kept while the simplifier (or, where seams hold
   it, the sloppy one) still halves the count.
   Levels 1.. go into *out (malloc'ed, indices after the full mesh's) and
   g->lod[1..]; returns their total index count. A renderer on a GPU could do
   without, but a software rasterizer shades vertices on the calling thread:
   distant products must not cost their full mesh. */
enum { LOD_MIN_TRIANGLES = 256, LOD_FLOOR_INDICES = 3 * 24 };

static uint32_t build_lods(const vt_model_mesh *mm, vt__gpu_mesh *g, uint32_t **out) {
    const vt_mesh_data *d = &mm->data;
    *out = NULL;
    g->lod_count = 1;
    if (mm->full_detail || d->index_count < 3 * LOD_MIN_TRIANGLES) return 0;
    uint32_t *buf = malloc((size_t)d->index_count * sizeof(uint32_t)); /* each level at most half */
    if (!buf) return 0;
    float scale = meshopt_simplifyScale(d->positions, d->vertex_count, 3 * sizeof(float));
    const uint32_t *src = d->indices;
    uint32_t src_count = d->index_count, used = 0;
    while (g->lod_count < VT__MAX_LODS) {
        size_t target = src_count / 4 / 3 * 3;
        if (target < LOD_FLOOR_INDICES) break;
        float err = 0;
        uint32_t *dst = buf + used;
        size_t n = meshopt_simplify(dst, src, src_count, d->positions, d->vertex_count,
                                    3 * sizeof(float), target, 1.0f, 0, &err);
        if (n == 0 || n > src_count / 2) {
            /* Held by seams and borders (hard edges, uv cuts): the sloppy
               simplifier ignores topology, which a distant level can afford;
               its error decides when it is used like any other's. */
            n = meshopt_simplifySloppy(dst, src, src_count, d->positions, d->vertex_count,
                                       3 * sizeof(float), target, 1.0f, &err);
        }
        if (n == 0 || n > src_count / 2) break; /* stuck: more levels would not help */
        float prev = g->lod[g->lod_count - 1].error;
        g->lod[g->lod_count++] =
            (vt__lod){d->index_count + used, (uint32_t)n, fmaxf(prev, 0) + err * scale};
        used += (uint32_t)n;
        src = dst;
        src_count = (uint32_t)n;
    }
    if (!used) {
        free(buf);
        return 0;
    }
    *out = buf;
    return used;
}

/* Interleaving is not worth it here: one buffer, one block per attribute. */
static void upload_mesh(const vt_model_mesh *mm, vt__gpu_mesh *g) {
    const vt_mesh_data *d = &mm->data;
    g->failed = true;
    if (!d->positions || !d->indices || !d->vertex_count || !d->index_count || d->index_count % 3) {
        VT_LOGW("render", "mesh %s: no triangles; skipped", mm->name);
        return;
    }
    /* An index past the vertices would make the GPU read out of bounds. */
    for (uint32_t i = 0; i < d->index_count; i++)
        if (d->indices[i] >= d->vertex_count) {
            VT_LOGW("render", "mesh %s: index %u of %u refers past its %u vertices; skipped",
                    mm->name, d->indices[i], i, d->vertex_count);
            return;
        }
    vt_mesh_data tmp = {0};
    if (!d->normals) {
        /* Smooth normals for meshes that come without (STL, some OBJ). */
        tmp.vertex_count = d->vertex_count;
        tmp.index_count = d->index_count;
        tmp.positions = d->positions;
        tmp.indices = d->indices;
        if (vt_mesh_compute_normals(&tmp) != VT_OK) tmp.normals = NULL;
    }
    const float *normals = d->normals ? d->normals : tmp.normals;
    size_t nv = d->vertex_count;
    struct {
        const float *data;
        GLint comps;
    } attrs[6] = {{d->positions, 3}, {normals, 3}, {d->tangents, 4},
                  {d->uv0, 2},       {d->uv1, 2},  {d->colors, 4}};
    size_t total = 0;
    for (int i = 0; i < 6; i++)
        if (attrs[i].data) total += nv * (size_t)attrs[i].comps * sizeof(float);
    glGenVertexArrays(1, &g->vao);
    glBindVertexArray(g->vao);
    glGenBuffers(1, &g->vbo);
    glBindBuffer(GL_ARRAY_BUFFER, g->vbo);
    glBufferData(GL_ARRAY_BUFFER, (GLsizeiptr)total, NULL, GL_STATIC_DRAW);
    size_t off = 0;
    for (GLuint i = 0; i < 6; i++) {
        if (!attrs[i].data) {
            glDisableVertexAttribArray(i);
            continue;
        }
        size_t bytes = nv * (size_t)attrs[i].comps * sizeof(float);
        glBufferSubData(GL_ARRAY_BUFFER, (GLintptr)off, (GLsizeiptr)bytes, attrs[i].data);
        glEnableVertexAttribArray(i);
        glVertexAttribPointer(i, attrs[i].comps, GL_FLOAT, GL_FALSE, 0, (const void *)off);
        off += bytes;
    }
    for (GLuint i = 6; i < 10; i++) {
        glEnableVertexAttribArray(i);
        glVertexAttribDivisor(i, 1);
    }
    uint32_t *lods = NULL;
    uint32_t lod_indices = build_lods(mm, g, &lods);
    glGenBuffers(1, &g->ibo);
    glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g->ibo);
    size_t ibytes = (size_t)d->index_count * sizeof(uint32_t);
    glBufferData(GL_ELEMENT_ARRAY_BUFFER, (GLsizeiptr)(ibytes + lod_indices * sizeof(uint32_t)),
                 NULL, GL_STATIC_DRAW);
    glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, 0, (GLsizeiptr)ibytes, d->indices);
    if (lod_indices)
        glBufferSubData(GL_ELEMENT_ARRAY_BUFFER, (GLintptr)ibytes,
                        (GLsizeiptr)(lod_indices * sizeof(uint32_t)), lods);
    free(lods);
    glBindVertexArray(0);
    free(tmp.normals);
    if (glGetError() != GL_NO_ERROR) {
        VT_LOGW("render", "mesh %s: vertex buffers could not be created; skipped", mm->name);
        return;
    }
    g->index_count = d->index_count;
    g->lod[0] = (vt__lod){0, d->index_count, 0.0f};
    if (!g->lod_count) g->lod_count = 1;
    g->failed = false;
}

vt_result vt_renderer_upload_model(vt_renderer *r, const vt_model *m, uint32_t *out_mesh_base) {
    VT_ASSERT(r && m && out_mesh_base);
    *out_mesh_base = 0;
    if (!grow((void **)&r->textures, &r->texture_cap, (uint64_t)r->texture_count + m->image_count,
              sizeof(GLuint)) ||
        !grow((void **)&r->materials, &r->material_cap,
              (uint64_t)r->material_count + m->material_count + 1, sizeof(vt__gpu_material)) ||
        !grow((void **)&r->meshes, &r->mesh_cap, (uint64_t)r->mesh_count + m->mesh_count,
              sizeof(vt__gpu_mesh)) ||
        !grow((void **)&r->uploads, &r->upload_cap, (uint64_t)r->upload_count + 1,
              sizeof(vt__upload)))
        return vt__fail(VT_ERR_NOMEM, "render: out of memory uploading %s", m->path);

    uint32_t tex_base = r->texture_count;
    bool *srgb = calloc(m->image_count + 1, sizeof *srgb);
    if (!srgb) return vt__fail(VT_ERR_NOMEM, "render: out of memory uploading %s", m->path);
    mark_srgb(m, srgb);
    for (uint32_t i = 0; i < m->image_count; i++)
        r->textures[tex_base + i] = upload_image(&m->images[i], srgb[i]);
    free(srgb);
    r->texture_count += m->image_count;

    uint32_t mat_base = r->material_count;
    for (uint32_t i = 0; i < m->material_count; i++)
        upload_material(r, &m->materials[i], tex_base, m->image_count, &r->materials[mat_base + i]);
    /* A default grey material for meshes whose material index is out of range. */
    uint32_t fallback = mat_base + m->material_count;
    vt_material def = {.base_color = {0.8f, 0.8f, 0.8f, 1.0f},
                       .metallic = 0.0f,
                       .roughness = 0.5f,
                       .normal_scale = 1.0f,
                       .occlusion_strength = 1.0f,
                       .emissive_strength = 1.0f,
                       .ior = 1.5f};
    const vt_texture_ref none = {.image = -1, .scale = {1, 1}};
    def.base_color_tex = def.metallic_roughness_tex = def.normal_tex = def.occlusion_tex = none;
    def.emissive_tex = def.clearcoat_tex = def.clearcoat_roughness_tex = none;
    def.clearcoat_normal_tex = def.sheen_color_tex = def.transmission_tex = none;
    upload_material(r, &def, tex_base, 0, &r->materials[fallback]);
    r->material_count += m->material_count + 1;

    *out_mesh_base = r->mesh_count + 1;
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        const vt_model_mesh *mm = &m->meshes[i];
        vt__gpu_mesh *g = &r->meshes[r->mesh_count + i];
        memset(g, 0, sizeof *g);
        upload_mesh(mm, g);
        g->material = mm->material < m->material_count ? mat_base + mm->material : fallback;
        if (mm->variant_materials && m->variant_count) {
            g->variant_material = malloc(m->variant_count * sizeof(uint32_t));
            if (g->variant_material) {
                g->variant_count = m->variant_count;
                for (uint32_t k = 0; k < m->variant_count; k++)
                    g->variant_material[k] = mm->variant_materials[k] < m->material_count
                                                 ? mat_base + mm->variant_materials[k]
                                                 : g->material;
            }
        }
    }
    r->uploads[r->upload_count++] = (vt__upload){
        r->mesh_count, m->mesh_count, mat_base, m->material_count + 1, tex_base, m->image_count};
    r->mesh_count += m->mesh_count;
    return VT_OK;
}

static void delete_mesh(vt__gpu_mesh *g) {
    if (g->vao) glDeleteVertexArrays(1, &g->vao);
    if (g->vbo) glDeleteBuffers(1, &g->vbo);
    if (g->ibo) glDeleteBuffers(1, &g->ibo);
    free(g->variant_material);
    *g = (vt__gpu_mesh){.failed = true}; /* skipped when drawn */
}

void vt_renderer_release_model(vt_renderer *r, uint32_t mesh_base) {
    VT_ASSERT(r);
    for (uint32_t u = 0; u < r->upload_count; u++) {
        vt__upload *up = &r->uploads[u];
        if (up->mesh_first + 1 != mesh_base || !up->mesh_count) continue;
        for (uint32_t i = 0; i < up->mesh_count; i++) delete_mesh(&r->meshes[up->mesh_first + i]);
        for (uint32_t i = 0; i < up->material_count; i++) {
            vt__gpu_material *mt = &r->materials[up->material_first + i];
            if (mt->ubo) glDeleteBuffers(1, &mt->ubo);
            mt->ubo = 0;
        }
        for (uint32_t i = 0; i < up->texture_count; i++)
            vt__delete_tex(&r->textures[up->texture_first + i]);
        up->mesh_count = 0; /* released: a second call finds nothing */
        return;
    }
}

void vt__upload_destroy(vt_renderer *r) {
    for (uint32_t i = 0; i < r->mesh_count; i++) delete_mesh(&r->meshes[i]);
    for (uint32_t i = 0; i < r->material_count; i++)
        if (r->materials[i].ubo) glDeleteBuffers(1, &r->materials[i].ubo);
    for (uint32_t i = 0; i < r->texture_count; i++) vt__delete_tex(&r->textures[i]);
    free(r->meshes);
    free(r->materials);
    free(r->textures);
    free(r->uploads);
    r->uploads = NULL;
    r->upload_count = r->upload_cap = 0;
    r->meshes = NULL;
    r->materials = NULL;
    r->textures = NULL;
    r->mesh_count = r->material_count = r->texture_count = 0;
    r->mesh_cap = r->material_cap = r->texture_cap = 0;
}
