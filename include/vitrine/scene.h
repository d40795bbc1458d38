/* vitrine/scene.h — the scene graph: nodes, transforms, mesh instances, lights,
   culling and picking.

   What it does: a hierarchy of nodes kept in flat arrays. Each node has a
   local transform; vt_scene_update() recomputes world matrices only for nodes
   whose own or an ancestor's transform changed, and their world bounds. A node
   may carry a mesh instance (a renderer mesh id plus local bounds) and a light.
   vt_scene_cull() lists the visible mesh instances for a view; vt_scene_pick()
   casts a ray against the instances' triangles.
   What it does not: no GPU objects; mesh ids are opaque numbers the renderer
   gave out (vt_renderer_upload_model). Triangles for picking come from
   vt_scene_set_mesh_geometry(), borrowed.

   Handles: vt_node is {slot + generation}; 0 is never valid, a destroyed
   node's handle stays invalid (vt_node_valid() is false).
   A setter given an invalid handle does nothing and logs a warning; getters
   return false, 0, "" or an empty box. Up to 1048575 nodes at a time.

   When things take effect: local transforms, parents and mesh bounds reach
   world matrices and world bounds at the next vt_scene_update();
   visibility, names, variants, lights and registered geometry at once.
   Hidden nodes (and their descendants) are left out of cull, lights, bounds
   and pick.

   Ownership: vt_scene_create / vt_scene_destroy. Geometry registered with
   vt_scene_set_mesh_geometry() is borrowed and must outlive the scene or be
   unregistered (NULL).

   Threads: a scene is not locked; use it from one thread at a time.

   Example:
       vt_scene *s; vt_scene_create(&(vt_scene_desc){0}, &s);
       vt_node n = vt_node_create(s, (vt_node){0});
       vt_node_set_local(s, n, &(vt_transform){.translation = {0, 1, 0}});
       vt_scene_update(s);
       vt_scene_destroy(s);
*/
#ifndef VITRINE_SCENE_H
#define VITRINE_SCENE_H

#include "vitrine/base.h"
#include "vitrine/geom.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_scene vt_scene;
typedef struct vt_node {
    uint32_t id;
} vt_node; /* 0 = none */

/* vt_scene_desc: zero fields take defaults.
     .max_nodes    0 = unlimited (arrays grow)                          */
typedef struct vt_scene_desc {
    uint32_t max_nodes;
} vt_scene_desc;

VT_API vt_result vt_scene_create(const vt_scene_desc *desc, vt_scene **out);
VT_API void vt_scene_destroy(vt_scene *scene); /* NULL is fine */

VT_API vt_node vt_node_create(vt_scene *s, vt_node parent); /* parent 0 = root; 0 id when full */
VT_API void vt_node_destroy(vt_scene *s, vt_node node);     /* and all its descendants */
VT_API bool vt_node_valid(const vt_scene *s, vt_node node);
VT_API uint32_t vt_scene_node_count(const vt_scene *s); /* live nodes */

VT_API void vt_node_set_name(vt_scene *s, vt_node node, const char *name); /* copied, 63 chars */
VT_API const char *vt_node_get_name(const vt_scene *s, vt_node node);      /* "" if none */
VT_API vt_node vt_node_find(const vt_scene *s, const char *name);          /* first match */
VT_API vt_node vt_node_get_parent(const vt_scene *s, vt_node node);
/* Reparents keeping the local transform; false if it would make a cycle. */
VT_API bool vt_node_set_parent(vt_scene *s, vt_node node, vt_node parent);

VT_API void vt_node_set_local(vt_scene *s, vt_node node, const vt_transform *t);
VT_API bool vt_node_get_local(const vt_scene *s, vt_node node, vt_transform *out);
/* The world matrix as of the last vt_scene_update(). */
VT_API bool vt_node_get_world(const vt_scene *s, vt_node node, vt_mat4 out);

/* Mesh instance: mesh 0 removes it. local_bounds in the node's space; NULL means
   unknown: never culled, and picked only through registered geometry. */
VT_API void vt_node_set_mesh(vt_scene *s, vt_node node, uint32_t mesh, const vt_aabb *local_bounds);
VT_API uint32_t vt_node_get_mesh(const vt_scene *s, vt_node node);
/* Material variant: 0 = the model's default, k = variant k - 1. */
VT_API void vt_node_set_variant(vt_scene *s, vt_node node, uint32_t variant);
VT_API void vt_node_set_visible(vt_scene *s, vt_node node, bool visible); /* hides descendants */
/* World bounds of the node's mesh, as of the last update (empty if none). */
VT_API vt_aabb vt_node_get_world_bounds(const vt_scene *s, vt_node node);

typedef enum vt_light_type {
    VT_LIGHT_NONE = 0,
    VT_LIGHT_DIRECTIONAL,
    VT_LIGHT_POINT,
    VT_LIGHT_SPOT,
} vt_light_type;

/* KHR_lights_punctual semantics: a light shines along the node's -Z. Intensity
   in lux (directional) or candela (point, spot). range 0 = infinite. */
typedef struct vt_light {
    vt_light_type type;
    float color[3]; /* linear */
    float intensity;
    float range;
    float inner_cone; /* radians */
    float outer_cone; /* radians */
    bool cast_shadow;
} vt_light;

VT_API void vt_node_set_light(vt_scene *s, vt_node node, const vt_light *light); /* NULL removes */

/* Recomputes world matrices and bounds of changed nodes. */
VT_API void vt_scene_update(vt_scene *s);
/* Union of all visible mesh instances' world bounds; false if there are none. */
VT_API bool vt_scene_bounds(const vt_scene *s, vt_aabb *out);

typedef struct vt_draw_item {
    vt_node node;
    uint32_t mesh;
    uint32_t variant;
    vt_mat4 world;
    vt_aabb bounds; /* world */
} vt_draw_item;

/* Visible mesh instances inside the frustum of view_proj (NULL = all visible).
   Two-call idiom: returns the total; fills at most capacity items. */
VT_API uint32_t vt_scene_cull(const vt_scene *s, const vt_mat4 view_proj, vt_draw_item *items,
                              uint32_t capacity);

typedef struct vt_light_item {
    vt_node node;
    vt_light light;
    float position[3];  /* world */
    float direction[3]; /* world, unit: where the light shines */
} vt_light_item;

/* Lights of visible nodes. Two-call idiom, as vt_scene_cull. */
VT_API uint32_t vt_scene_lights(const vt_scene *s, vt_light_item *items, uint32_t capacity);

/* Triangles for picking mesh id `mesh` (borrowed; NULL unregisters). Ids are
   expected dense from 1, as the renderer hands them out (below 2^24). */
VT_API void vt_scene_set_mesh_geometry(vt_scene *s, uint32_t mesh, const vt_mesh_data *geometry);

typedef struct vt_pick {
    vt_node node;
    uint32_t triangle; /* index of the triangle in the mesh's index list / 3;
                          UINT32_MAX when the hit is on bounds (no geometry) */
    float point[3];    /* world */
    float distance;    /* along the ray, in units of |dir| */
} vt_pick;

/* Nearest hit of the ray against visible mesh instances (triangles where
   geometry is registered, else world bounds); false if nothing is hit. */
VT_API bool vt_scene_pick(const vt_scene *s, const vt_ray *ray, vt_pick *out);

/* World matrices recomputed by the last vt_scene_update(): the dirty nodes and
   their descendants. For tests and profiling. */
VT_API uint32_t vt_scene_query_updated_count(const vt_scene *s);

#ifdef __cplusplus
}
#endif
#endif
