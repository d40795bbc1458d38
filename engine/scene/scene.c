/* engine/scene/scene.c — nodes in flat arrays: handles, hierarchy, local
   transforms and the dirty-driven world update. */
#include "scene/scene_internal.h"

#include "core/internal.h"

#include <math.h>
#include <string.h>

static const vt_transform identity_transform = {{0, 0, 0}, {0, 0, 0, 1}, {1, 1, 1}};

static void mat4_identity(vt_mat4 m) {
    memset(m, 0, sizeof(vt_mat4));
    m[0][0] = m[1][1] = m[2][2] = m[3][3] = 1.0f;
}

/* T * R * S; an all-zero rotation is identity and an all-zero scale is 1. */
static void compose(const vt_transform *t, vt_mat4 out) {
    float x = t->rotation[0], y = t->rotation[1], z = t->rotation[2], w = t->rotation[3];
    float len2 = x * x + y * y + z * z + w * w;
    if (len2 == 0.0f) {
        w = 1.0f;
    } else if (fabsf(len2 - 1.0f) > 1e-6f) {
        float inv = 1.0f / sqrtf(len2);
        x *= inv, y *= inv, z *= inv, w *= inv;
    }
    float sx = t->scale[0], sy = t->scale[1], sz = t->scale[2];
    if (sx == 0.0f && sy == 0.0f && sz == 0.0f) sx = sy = sz = 1.0f;
    out[0][0] = (1.0f - 2.0f * (y * y + z * z)) * sx;
    out[0][1] = (2.0f * (x * y + z * w)) * sx;
    out[0][2] = (2.0f * (x * z - y * w)) * sx;
    out[0][3] = 0.0f;
    out[1][0] = (2.0f * (x * y - z * w)) * sy;
    out[1][1] = (1.0f - 2.0f * (x * x + z * z)) * sy;
    out[1][2] = (2.0f * (y * z + x * w)) * sy;
    out[1][3] = 0.0f;
    out[2][0] = (2.0f * (x * z + y * w)) * sz;
    out[2][1] = (2.0f * (y * z - x * w)) * sz;
    out[2][2] = (1.0f - 2.0f * (x * x + y * y)) * sz;
    out[2][3] = 0.0f;
    out[3][0] = t->translation[0];
    out[3][1] = t->translation[1];
    out[3][2] = t->translation[2];
    out[3][3] = 1.0f;
}

/* a * b for affine matrices (bottom row 0 0 0 1); out may not alias. */
static void mul_affine(const vt_mat4 a, const vt_mat4 b, vt_mat4 out) {
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 3; r++) {
            out[c][r] = a[0][r] * b[c][0] + a[1][r] * b[c][1] + a[2][r] * b[c][2] +
                        (c == 3 ? a[3][r] : 0.0f);
        }
        out[c][3] = c == 3 ? 1.0f : 0.0f;
    }
}

vt_node vt__scene_handle(const vt_scene *s, uint32_t slot) {
    return (vt_node){(s->generation[slot] << VT__SLOT_BITS) | (slot + 1u)};
}

uint32_t vt__scene_slot(const vt_scene *s, vt_node node) {
    uint32_t idx = node.id & VT__MAX_SLOTS;
    if (idx == 0) return VT__NONE;
    uint32_t slot = idx - 1u;
    if (slot >= s->high || s->generation[slot] != node.id >> VT__SLOT_BITS ||
        !(s->flags[slot] & VT__ALIVE))
        return VT__NONE;
    return slot;
}

/* Setters take stale handles as a no-op with a warning: a store may still hold
   the handle of a product it just removed, and that must not end the session. */
static uint32_t slot_or_warn(const vt_scene *s, vt_node node, const char *what) {
    VT_ASSERT(s);
    uint32_t slot = vt__scene_slot(s, node);
    if (slot == VT__NONE) VT_LOGW("scene", "%s: node %#x is not valid, ignored", what, node.id);
    return slot;
}

/* Next node after n in a pre-order walk of the subtree rooted at root. */
static uint32_t next_in_subtree(const vt_scene *s, uint32_t n, uint32_t root) {
    if (s->first_child[n] != VT__NONE) return s->first_child[n];
    while (n != root) {
        if (s->next_sibling[n] != VT__NONE) return s->next_sibling[n];
        n = s->parent[n];
    }
    return VT__NONE;
}

#define GROW(field, count)                                                                         \
    do {                                                                                           \
        void *p = realloc((void *)s->field, (size_t)(count) * sizeof(*s->field));                  \
        if (!p) return false;                                                                      \
        s->field = p;                                                                              \
    } while (0)

static bool grow(vt_scene *s, uint32_t cap) {
    GROW(generation, cap);
    GROW(flags, cap);
    GROW(parent, cap);
    GROW(first_child, cap);
    GROW(last_child, cap);
    GROW(next_sibling, cap);
    GROW(prev_sibling, cap);
    GROW(local, cap);
    GROW(world, cap);
    GROW(mesh, cap);
    GROW(variant, cap);
    GROW(local_bounds, cap);
    GROW(world_bounds, cap);
    GROW(light, cap);
    GROW(name, cap);
    GROW(free_slots, cap);
    s->capacity = cap;
    return true;
}

vt_result vt_scene_create(const vt_scene_desc *desc, vt_scene **out) {
    VT_ASSERT(out);
    *out = NULL;
    vt_scene *s = calloc(1, sizeof *s);
    if (!s) return vt__fail(VT_ERR_NOMEM, "scene: out of memory");
    s->max_nodes = desc && desc->max_nodes ? desc->max_nodes : VT__MAX_SLOTS;
    if (s->max_nodes > VT__MAX_SLOTS) s->max_nodes = VT__MAX_SLOTS;
    if (!grow(s, s->max_nodes < 64 ? s->max_nodes : 64)) {
        vt_scene_destroy(s);
        return vt__fail(VT_ERR_NOMEM, "scene: out of memory");
    }
    *out = s;
    return VT_OK;
}

void vt_scene_destroy(vt_scene *s) {
    if (!s) return;
    free(s->generation);
    free(s->flags);
    free(s->parent);
    free(s->first_child);
    free(s->last_child);
    free(s->next_sibling);
    free(s->prev_sibling);
    free(s->local);
    free(s->world);
    free(s->mesh);
    free(s->variant);
    free(s->local_bounds);
    free(s->world_bounds);
    free(s->light);
    free(s->name);
    free(s->free_slots);
    free((void *)s->geometry);
    free(s);
}

static void unlink_node(vt_scene *s, uint32_t n) {
    uint32_t p = s->parent[n], prev = s->prev_sibling[n], next = s->next_sibling[n];
    if (prev != VT__NONE)
        s->next_sibling[prev] = next;
    else if (p != VT__NONE)
        s->first_child[p] = next;
    if (next != VT__NONE)
        s->prev_sibling[next] = prev;
    else if (p != VT__NONE)
        s->last_child[p] = prev;
    s->parent[n] = s->prev_sibling[n] = s->next_sibling[n] = VT__NONE;
}

/* Appends n to p's children, so children keep their creation order. */
static void link_node(vt_scene *s, uint32_t n, uint32_t p) {
    s->parent[n] = p;
    s->prev_sibling[n] = s->next_sibling[n] = VT__NONE;
    if (p == VT__NONE) return;
    uint32_t last = s->last_child[p];
    if (last == VT__NONE)
        s->first_child[p] = n;
    else
        s->next_sibling[last] = n;
    s->prev_sibling[n] = last;
    s->last_child[p] = n;
}

/* Recomputes the inherited visibility of the subtree at root. */
static void refresh_shown(vt_scene *s, uint32_t root) {
    for (uint32_t n = root; n != VT__NONE; n = next_in_subtree(s, n, root)) {
        uint32_t p = s->parent[n];
        bool shown = (s->flags[n] & VT__VISIBLE) && (p == VT__NONE || (s->flags[p] & VT__SHOWN));
        if (shown)
            s->flags[n] |= VT__SHOWN;
        else
            s->flags[n] &= (uint8_t)~VT__SHOWN;
    }
}

vt_node vt_node_create(vt_scene *s, vt_node parent) {
    VT_ASSERT(s);
    uint32_t p = VT__NONE;
    if (parent.id != 0) {
        p = vt__scene_slot(s, parent);
        if (p == VT__NONE) {
            vt__fail(VT_ERR_INVALID, "scene: parent node %#x is not valid", parent.id);
            return (vt_node){0};
        }
    }
    if (s->live >= s->max_nodes) {
        vt__fail(VT_ERR_LIMIT, "scene: %u nodes is the limit", s->max_nodes);
        return (vt_node){0};
    }
    uint32_t slot;
    if (s->free_count > 0) {
        slot = s->free_slots[--s->free_count];
    } else {
        if (s->high >= VT__MAX_SLOTS) {
            vt__fail(VT_ERR_LIMIT, "scene: all %u node slots used", VT__MAX_SLOTS);
            return (vt_node){0};
        }
        if (s->high == s->capacity) {
            uint32_t cap = s->capacity * 2u;
            if (cap > VT__MAX_SLOTS || cap < s->capacity) cap = VT__MAX_SLOTS;
            if (!grow(s, cap)) {
                vt__fail(VT_ERR_NOMEM, "scene: no memory for %u nodes", cap);
                return (vt_node){0};
            }
        }
        slot = s->high++;
        s->generation[slot] = 1;
    }
    s->live++;
    s->flags[slot] = VT__ALIVE | VT__DIRTY | VT__VISIBLE;
    s->first_child[slot] = s->last_child[slot] = VT__NONE;
    link_node(s, slot, p);
    s->local[slot] = identity_transform;
    if (p != VT__NONE)
        memcpy(s->world[slot], s->world[p], sizeof(vt_mat4));
    else
        mat4_identity(s->world[slot]);
    s->mesh[slot] = 0;
    s->variant[slot] = 0;
    s->local_bounds[slot] = vt_aabb_empty();
    s->world_bounds[slot] = vt_aabb_empty();
    memset(&s->light[slot], 0, sizeof s->light[slot]);
    s->name[slot][0] = '\0';
    refresh_shown(s, slot);
    return vt__scene_handle(s, slot);
}

void vt_node_destroy(vt_scene *s, vt_node node) {
    uint32_t root = slot_or_warn(s, node, "destroy");
    if (root == VT__NONE) return;
    unlink_node(s, root);
    /* Links inside the subtree stay intact during the walk; a slot's links
       are reset when it is reused. */
    for (uint32_t n = root; n != VT__NONE; n = next_in_subtree(s, n, root)) {
        s->flags[n] = 0;
        s->live--;
        /* A slot whose generation would overflow the handle is retired, so no
           old handle can ever match again. */
        if (++s->generation[n] <= VT__MAX_GENERATION) s->free_slots[s->free_count++] = n;
    }
}

bool vt_node_valid(const vt_scene *s, vt_node node) {
    return s && vt__scene_slot(s, node) != VT__NONE;
}

uint32_t vt_scene_node_count(const vt_scene *s) {
    VT_ASSERT(s);
    return s->live;
}

void vt_node_set_name(vt_scene *s, vt_node node, const char *name) {
    uint32_t n = slot_or_warn(s, node, "set name");
    if (n == VT__NONE) return;
    if (!name) name = "";
    size_t len = strlen(name);
    if (len >= VT__NAME_SIZE) len = VT__NAME_SIZE - 1;
    memcpy(s->name[n], name, len);
    s->name[n][len] = '\0';
}

const char *vt_node_get_name(const vt_scene *s, vt_node node) {
    VT_ASSERT(s);
    uint32_t n = vt__scene_slot(s, node);
    return n == VT__NONE ? "" : s->name[n];
}

vt_node vt_node_find(const vt_scene *s, const char *name) {
    VT_ASSERT(s);
    if (!name || !name[0]) return (vt_node){0};
    for (uint32_t n = 0; n < s->high; n++) {
        /* Stored names are cut at 63 characters; a long query matches the cut. */
        if ((s->flags[n] & VT__ALIVE) && strncmp(s->name[n], name, VT__NAME_SIZE - 1) == 0)
            return vt__scene_handle(s, n);
    }
    return (vt_node){0};
}

vt_node vt_node_get_parent(const vt_scene *s, vt_node node) {
    VT_ASSERT(s);
    uint32_t n = vt__scene_slot(s, node);
    if (n == VT__NONE || s->parent[n] == VT__NONE) return (vt_node){0};
    return vt__scene_handle(s, s->parent[n]);
}

bool vt_node_set_parent(vt_scene *s, vt_node node, vt_node parent) {
    uint32_t n = slot_or_warn(s, node, "set parent");
    if (n == VT__NONE) return false;
    uint32_t p = VT__NONE;
    if (parent.id != 0) {
        p = slot_or_warn(s, parent, "set parent");
        if (p == VT__NONE) return false;
        for (uint32_t a = p; a != VT__NONE; a = s->parent[a]) {
            if (a == n) return false; /* node would become its own ancestor */
        }
    }
    if (s->parent[n] == p) return true;
    unlink_node(s, n);
    link_node(s, n, p);
    s->flags[n] |= VT__DIRTY;
    refresh_shown(s, n);
    return true;
}

void vt_node_set_local(vt_scene *s, vt_node node, const vt_transform *t) {
    uint32_t n = slot_or_warn(s, node, "set local");
    if (n == VT__NONE) return;
    s->local[n] = t ? *t : identity_transform;
    s->flags[n] |= VT__DIRTY;
}

bool vt_node_get_local(const vt_scene *s, vt_node node, vt_transform *out) {
    VT_ASSERT(s && out);
    uint32_t n = vt__scene_slot(s, node);
    if (n == VT__NONE) return false;
    *out = s->local[n];
    return true;
}

bool vt_node_get_world(const vt_scene *s, vt_node node, vt_mat4 out) {
    VT_ASSERT(s && out);
    uint32_t n = vt__scene_slot(s, node);
    if (n == VT__NONE) return false;
    memcpy(out, s->world[n], sizeof(vt_mat4));
    return true;
}

void vt_node_set_mesh(vt_scene *s, vt_node node, uint32_t mesh, const vt_aabb *local_bounds) {
    uint32_t n = slot_or_warn(s, node, "set mesh");
    if (n == VT__NONE) return;
    s->mesh[n] = mesh;
    if (mesh == 0) {
        s->flags[n] &= (uint8_t)~VT__MESH;
        s->local_bounds[n] = s->world_bounds[n] = vt_aabb_empty();
        return;
    }
    s->flags[n] |= VT__MESH;
    s->local_bounds[n] = local_bounds ? *local_bounds : vt_aabb_empty();
    /* World bounds now if the world matrix is current, else at the update. */
    s->world_bounds[n] = vt_aabb_transform(&s->local_bounds[n], s->world[n]);
}

uint32_t vt_node_get_mesh(const vt_scene *s, vt_node node) {
    VT_ASSERT(s);
    uint32_t n = vt__scene_slot(s, node);
    return n == VT__NONE ? 0 : s->mesh[n];
}

void vt_node_set_variant(vt_scene *s, vt_node node, uint32_t variant) {
    uint32_t n = slot_or_warn(s, node, "set variant");
    if (n != VT__NONE) s->variant[n] = variant;
}

void vt_node_set_visible(vt_scene *s, vt_node node, bool visible) {
    uint32_t n = slot_or_warn(s, node, "set visible");
    if (n == VT__NONE) return;
    if (visible == !!(s->flags[n] & VT__VISIBLE)) return;
    if (visible)
        s->flags[n] |= VT__VISIBLE;
    else
        s->flags[n] &= (uint8_t)~VT__VISIBLE;
    refresh_shown(s, n);
}

vt_aabb vt_node_get_world_bounds(const vt_scene *s, vt_node node) {
    VT_ASSERT(s);
    uint32_t n = vt__scene_slot(s, node);
    if (n == VT__NONE || !(s->flags[n] & VT__MESH)) return vt_aabb_empty();
    return s->world_bounds[n];
}

void vt_node_set_light(vt_scene *s, vt_node node, const vt_light *light) {
    uint32_t n = slot_or_warn(s, node, "set light");
    if (n == VT__NONE) return;
    if (!light || light->type == VT_LIGHT_NONE) {
        memset(&s->light[n], 0, sizeof s->light[n]);
        s->flags[n] &= (uint8_t)~VT__LIGHT;
        return;
    }
    s->light[n] = *light;
    s->flags[n] |= VT__LIGHT;
}

static bool ancestor_dirty(const vt_scene *s, uint32_t n) {
    for (uint32_t a = s->parent[n]; a != VT__NONE; a = s->parent[a]) {
        if (s->flags[a] & VT__DIRTY) return true;
    }
    return false;
}

void vt_scene_update(vt_scene *s) {
    VT_ASSERT(s);
    uint32_t updated = 0;
    for (uint32_t root = 0; root < s->high; root++) {
        if ((s->flags[root] & (VT__ALIVE | VT__DIRTY)) != (VT__ALIVE | VT__DIRTY)) continue;
        /* The topmost dirty node recomputes its whole subtree once. */
        if (ancestor_dirty(s, root)) continue;
        for (uint32_t n = root; n != VT__NONE; n = next_in_subtree(s, n, root)) {
            vt_mat4 local;
            compose(&s->local[n], local);
            uint32_t p = s->parent[n];
            if (p == VT__NONE)
                memcpy(s->world[n], local, sizeof local);
            else
                mul_affine(s->world[p], local, s->world[n]);
            if (s->flags[n] & VT__MESH)
                s->world_bounds[n] = vt_aabb_transform(&s->local_bounds[n], s->world[n]);
            s->flags[n] &= (uint8_t)~VT__DIRTY;
            updated++;
        }
    }
    s->updated_count = updated;
}

uint32_t vt_scene_query_updated_count(const vt_scene *s) {
    VT_ASSERT(s);
    return s->updated_count;
}
