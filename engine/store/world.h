/* engine/store/world.h — the store's 3D world, shared by the files of the
   store module, never installed.

   The world owns the scene of a store: the room (from vt_store_def.room), the
   fixtures, the signs, the lights, and one node per placement whose product
   model is imported on job threads and uploaded on the GL thread within a
   per-frame time budget (products appear as they load; repeated models are
   uploaded once and instanced). It answers the questions the session asks:
   where a placement is, what a ray hits, how far the shopper may walk.

   Contract between world.c (world, loading, collision, picking) and the
   session (session.c, panels, scripts): change it only together.

   Threads: everything here runs on the GL thread except the loads it starts.

   Details the session can rely on (world.c, loader.c, walk.c):
   - vt__world_create sets the renderer's environment (studio, intensity
     def->env_intensity) and builds the room with vt__room_build (room.h).
   - A fixture's position is its model's origin; a placement's position is its
     model's bounds' bottom centre (FORMAT.md). A placement node's own
     transform need not sit at the position (a one-mesh model carries its mesh
     on the placement node); use vt__world_placement_bounds for where it is.
   - vt__world_pending counts failed placements too: loading is over when
     pending == failed.
   - vt__world_update(w, budget_ms) finishes at least one model per call and
     more while the next upload's predicted time fits the budget; 30..40 ms
     keeps a loading frame within 50 ms of a normal one and loads the demo
     store in a third of the frames 8 ms needs.
   - Walking blocks fixtures with collide set and products standing on the
     floor (bounds bottom below 0.1 m) at least 0.9 m tall, as oriented boxes
     of their model bounds; boxes wholly above 1.9 m or below 0.05 m do not
     block.
   - vt__world_inspect_node returns the node visible (and hides the inspect
     node of the product shown before). */
#ifndef VT_STORE_WORLD_H
#define VT_STORE_WORLD_H

#include "vitrine/geom.h"
#include "vitrine/render.h"
#include "vitrine/scene.h"
#include "vitrine/store.h"

typedef struct vt__world vt__world;

/* vt__world_desc: zero fields take defaults.
     .def            required, borrowed for the world's life
     .renderer       required, borrowed (its GL context current)
     .lang           "en": the language of signs
     .load_threads   0 = cores - 1, min 1
     .sandbox        false: the store's model files are its own, imported in
                     process on the job threads (in parallel); true imports
                     them in the bounded worker process (one at a time)     */
typedef struct vt__world_desc {
    const vt_store_def *def;
    vt_renderer *renderer;
    const char *lang;
    uint32_t load_threads;
    bool sandbox;
} vt__world_desc;

/* Builds room, fixtures, signs and lights at once and queues every product
   model for loading. Fails only on a broken room or fixture file. */
vt_result vt__world_create(const vt__world_desc *desc, vt__world **out);
void vt__world_destroy(vt__world *w); /* waits for running loads; NULL is fine */

/* GL thread, once a frame: uploads finished loads for at most budget_ms,
   instantiates their placements, then vt_scene_update(). */
void vt__world_update(vt__world *w, double budget_ms);
/* Placements whose model is not in the scene yet (loading or failed). */
uint32_t vt__world_pending(const vt__world *w);
/* Placements whose model failed to load; their messages went to the log. */
uint32_t vt__world_failed(const vt__world *w);

vt_scene *vt__world_scene(vt__world *w);

/* The placement's node (0 until loaded) and world bounds (false until loaded). */
vt_node vt__world_placement_node(const vt__world *w, uint32_t placement);
bool vt__world_placement_bounds(const vt__world *w, uint32_t placement, vt_aabb *out);
/* The first placement of product, or UINT32_MAX. */
uint32_t vt__world_find_placement(const vt__world *w, uint32_t product);
/* Shows catalog variant `variant` of the placement's product. */
void vt__world_set_variant(vt__world *w, uint32_t placement, uint32_t variant);

/* Nearest placement the ray hits (room, fixtures and other products occlude);
   UINT32_MAX if none. *dist along the ray in units of |dir|, may be NULL. */
uint32_t vt__world_pick(const vt__world *w, const vt_ray *ray, float *dist);
/* Where the ray meets the walkable floor; false if it does not. */
bool vt__world_floor_point(const vt__world *w, const vt_ray *ray, float out_xz[2]);

/* Moves a walker of radius r (metres) on the floor from `from` towards `to`
   (x, z), stopping at walls and colliding fixtures and sliding along them;
   writes where it ends. */
void vt__world_move(const vt__world *w, const float from[2], const float to[2], float r,
                    float out[2]);

/* The fitting room's mirror (a planar mirror quad for vt_frame_desc.mirror),
   0 when the store has none. */
vt_node vt__world_mirror_node(const vt__world *w);

/* Inspect mode: a node showing product/variant, owned by the world, placed by
   the session with vt_node_set_local (model centred on the node origin, true
   scale). 0 while its model is not loaded. Hide it with vt_node_set_visible. */
vt_node vt__world_inspect_node(vt__world *w, uint32_t product, uint32_t variant);

#endif
