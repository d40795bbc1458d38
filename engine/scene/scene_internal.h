/* engine/scene/scene_internal.h — the scene's flat arrays, shared by the
   files of the scene module. */
#ifndef VT_SCENE_INTERNAL_H
#define VT_SCENE_INTERNAL_H

#include "vitrine/scene.h"

#define VT__NONE UINT32_MAX /* no slot */
#define VT__SLOT_BITS 20u   /* handle id = generation << 20 | (slot + 1) */
#define VT__MAX_SLOTS ((1u << VT__SLOT_BITS) - 1u)
#define VT__MAX_GENERATION ((1u << (32u - VT__SLOT_BITS)) - 1u)
#define VT__NAME_SIZE 64

enum {
    VT__ALIVE = 1u << 0,
    VT__DIRTY = 1u << 1,   /* local changed (or parent changed): world is stale */
    VT__VISIBLE = 1u << 2, /* the node's own flag */
    VT__SHOWN = 1u << 3,   /* visible and every ancestor visible */
    VT__MESH = 1u << 4,
    VT__LIGHT = 1u << 5,
};

/* Structure of arrays: every per-node array has `capacity` entries; slots
   below `high` have been used at least once. Links are slot indices. */
struct vt_scene {
    uint32_t capacity, high, live, max_nodes;
    uint32_t *generation; /* current generation of each slot, 1.. */
    uint8_t *flags;
    uint32_t *parent, *first_child, *last_child, *next_sibling, *prev_sibling;
    vt_transform *local;
    vt_mat4 *world;
    uint32_t *mesh, *variant;
    vt_aabb *local_bounds, *world_bounds;
    vt_light *light;
    char (*name)[VT__NAME_SIZE];
    uint32_t *free_slots; /* stack of reusable slots */
    uint32_t free_count;
    uint32_t updated_count; /* world matrices recomputed by the last update */

    const vt_mesh_data **geometry; /* indexed by mesh id; borrowed */
    uint32_t geometry_count;
};

/* Slot of a live node, or VT__NONE. */
uint32_t vt__scene_slot(const vt_scene *s, vt_node node);
/* Handle of the node in a live slot. */
vt_node vt__scene_handle(const vt_scene *s, uint32_t slot);

#endif
