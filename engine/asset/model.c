/* vt_model: loading entry point, release, queries and scene instantiation. */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

static vt_load_desc load_desc_defaults(const vt_load_desc *desc) {
    vt_load_desc d = desc ? *desc : (vt_load_desc){0};
    if (!d.max_file_bytes) d.max_file_bytes = (size_t)512 << 20;
    if (!d.max_memory_bytes) d.max_memory_bytes = (size_t)4 << 30;
    if (!(d.timeout_s > 0)) d.timeout_s = 30.0;
    return d;
}

vt_result vt_model_load(const char *path, const vt_load_desc *desc, vt_model **out) {
    VT_ASSERT(path && out);
    *out = NULL;
    vt_load_desc d = load_desc_defaults(desc);
    struct stat st;
    if (stat(path, &st) != 0)
        return vt__fail(VT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    if (!S_ISREG(st.st_mode)) return vt__fail(VT_ERR_IO, "%s: not a regular file", path);
    if ((unsigned long long)st.st_size > d.max_file_bytes)
        return vt__fail(VT_ERR_LIMIT, "%s: %lld bytes exceeds the %zu-byte limit", path,
                        (long long)st.st_size, d.max_file_bytes);
    if (st.st_size == 0) return vt__fail(VT_ERR_PARSE, "%s: file is empty", path);
    if (strlen(path) >= sizeof((vt_model *)0)->path)
        return vt__fail(VT_ERR_INVALID, "%s: path too long", path);
    if (d.in_process) return vt__import_local(path, false, NULL, out);
    return vt__import_sandboxed(path, &d, out);
}

void vt_model_free(vt_model *m) {
    if (!m) return;
    for (uint32_t i = 0; i < m->node_count; i++) free(m->nodes[i].meshes);
    free(m->nodes);
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        vt_mesh_data_free(&m->meshes[i].data);
        free(m->meshes[i].variant_materials);
    }
    free(m->meshes);
    free(m->materials);
    for (uint32_t i = 0; i < m->image_count; i++) free(m->images[i].pixels);
    free(m->images);
    free(m->lights);
    free(m->variants);
    free(m);
}

int32_t vt_model_find_variant(const vt_model *m, const char *name) {
    if (!m || !name) return -1;
    for (uint32_t i = 0; i < m->variant_count; i++)
        if (!strcmp(m->variants[i], name)) return (int32_t)i;
    return -1;
}

vt_model_stats vt_model_query_stats(const vt_model *m) {
    vt_model_stats s;
    memset(&s, 0, sizeof s);
    s.bounds = vt_aabb_empty();
    if (!m) return s;
    s.nodes = m->node_count;
    s.meshes = m->mesh_count;
    s.materials = m->material_count;
    s.textures = m->image_count;
    s.lights = m->light_count;
    s.variants = m->variant_count;
    s.skins = m->skin_count;
    s.animations = m->animation_count;
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        s.vertices += m->meshes[i].data.vertex_count;
        s.triangles += m->meshes[i].data.index_count / 3;
    }
    for (uint32_t i = 0; i < m->node_count; i++) s.draw_calls += m->nodes[i].mesh_count;
    s.bounds = m->bounds;
    return s;
}

/* Undoes a partial vt_model_instantiate (the geometry stays registered:
   other instances of the model may use the same mesh ids). */
static vt_result scene_full(const vt_model *m, vt_scene *s, vt_node root, vt_node *map) {
    free(map);
    vt_node_destroy(s, root);
    return vt__fail(VT_ERR_LIMIT, "%s: scene is full", m->path);
}

vt_result vt_model_instantiate(const vt_model *m, vt_scene *s, vt_node parent,
                               uint32_t mesh_id_base, vt_node *out_root) {
    VT_ASSERT(m && s);
    if (out_root) *out_root = (vt_node){0};
    vt_node root = vt_node_create(s, parent);
    if (!root.id) return vt__fail(VT_ERR_LIMIT, "%s: scene is full", m->path);
    const char *base = strrchr(m->path, '/');
    vt_node_set_name(s, root, base ? base + 1 : m->path);
    vt_node *map = m->node_count ? malloc(m->node_count * sizeof *map) : NULL;
    if (m->node_count && !map) {
        vt_node_destroy(s, root);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory", m->path);
    }
    for (uint32_t i = 0; i < m->mesh_count; i++)
        vt_scene_set_mesh_geometry(s, mesh_id_base + i, &m->meshes[i].data);
    for (uint32_t i = 0; i < m->node_count; i++) {
        const vt_model_node *mn = &m->nodes[i];
        vt_node p = (mn->parent >= 0 && (uint32_t)mn->parent < i) ? map[mn->parent] : root;
        vt_node n = vt_node_create(s, p);
        if (!n.id) return scene_full(m, s, root, map);
        map[i] = n;
        vt_node_set_name(s, n, mn->name);
        vt_node_set_local(s, n, &mn->local);
        if (mn->light >= 0 && (uint32_t)mn->light < m->light_count)
            vt_node_set_light(s, n, &m->lights[mn->light]);
        /* A scene node carries one mesh instance: the first mesh goes on the
           node itself, further ones on child nodes with identity transforms. */
        for (uint32_t k = 0; k < mn->mesh_count; k++) {
            uint32_t mi = mn->meshes[k];
            if (mi >= m->mesh_count) continue;
            vt_node target = n;
            if (k > 0) {
                target = vt_node_create(s, n);
                if (!target.id) return scene_full(m, s, root, map);
                char name[VT_NAME_MAX];
                snprintf(name, sizeof name, "%.50s#%u", mn->name, k);
                vt_node_set_name(s, target, name);
            }
            vt_node_set_mesh(s, target, mesh_id_base + mi, &m->meshes[mi].bounds);
        }
    }
    free(map);
    if (out_root) *out_root = root;
    return VT_OK;
}
