/* engine/store/world_internal.h — what the world's files (world.c, loader.c,
   variants.c, walk.c, signs.c, world_lights.c) share; the session sees only
   world.h.

   A distinct model file is a vt__wmodel: imported once on a job thread (the
   catalog variants of every product using it are turned into model variants
   there, see variants.c), uploaded once on the GL thread, and instanced by
   every placement of every product naming it. An instance is the placement
   node plus one child per mesh (a model with one mesh puts it on the
   placement node itself), built from the model's template: each mesh with
   its transform relative to the model's bottom centre, flattened so a
   placement costs as few scene nodes as the model has meshes. */
#ifndef VT_STORE_WORLD_INTERNAL_H
#define VT_STORE_WORLD_INTERNAL_H

#include "store/world.h"

#include "vitrine/asset.h"
#include "vitrine/core.h"

#include <pthread.h>

enum { VT__WM_QUEUED = 0, VT__WM_READY, VT__WM_FAILED, VT__WM_UPLOADED };

/* One mesh of a model instance: mesh index and transform relative to the
   model's bottom centre (the centre of its bounds' bottom face). */
typedef struct vt__wmesh {
    uint32_t mesh;
    vt_transform local;
} vt__wmesh;

typedef struct vt__wmodel {
    char path[VT_STORE_PATH_MAX];
    struct vt__world *world;
    uint32_t *products; /* products naming this file, in catalog order */
    uint32_t product_count;
    uint32_t *placements; /* their placements */
    uint32_t placement_count;
    float priority; /* distance of the nearest placement from the spawn */
    /* written by the job, read on the GL thread once state leaves QUEUED */
    vt_model *model;
    vt__wmesh *tmpl;
    uint32_t tmpl_count;
    uint32_t *variant_base; /* per entry of products: node variant of its catalog variant k
                               is variant_base + k + 1 */
    char error[768];
    double load_ms;
    int state; /* VT__WM_*, under world->lock until READY/FAILED is taken */
    struct vt__wmodel *next_done;
    /* GL thread */
    uint32_t mesh_base;
    bool uploaded; /* state is the job's until taken; this is the GL thread's copy */
} vt__wmodel;

typedef struct vt__wproduct {
    uint32_t model; /* index into models; UINT32_MAX when the product is not placed */
    uint32_t slot;  /* index into the model's products (its variant range) */
    vt_node inspect;
    uint32_t inspect_first, inspect_count; /* mesh nodes of the inspect instance */
} vt__wproduct;

typedef struct vt__wplacement {
    vt_node node;
    uint32_t first, count; /* mesh nodes in world->mesh_nodes */
    uint32_t variant;      /* catalog variant shown */
    vt_aabb bounds;        /* world */
    bool failed;
} vt__wplacement;

/* An oriented box the walker cannot enter: centre, half extents along its
   own x and z, rotation (cos, sin of yaw), and its world-space xz box. */
typedef struct vt__obstacle {
    float c[2], half[2], cs, sn;
    float lo[2], hi[2];
} vt__obstacle;

struct vt__world {
    const vt_store_def *def;
    vt_renderer *r;
    vt_scene *scene;
    char lang[16];
    bool sandbox;

    vt_model *room;
    uint32_t room_base;
    vt_model **fixture_models; /* distinct fixture files */
    uint32_t *fixture_bases;
    uint32_t fixture_model_count;
    vt_model *signs;
    uint32_t signs_base;
    vt_model *mirror; /* the fitting room's mirror quad, or NULL */
    uint32_t mirror_base;
    vt_node mirror_node;

    vt__wmodel *models;
    uint32_t model_count;
    vt__wproduct *products;
    vt__wplacement *placements;
    vt_node *mesh_nodes;
    uint32_t mesh_node_count, mesh_node_cap;
    uint32_t inspect_shown; /* product whose inspect node is visible, or UINT32_MAX */

    /* node id of a placement node -> placement (open addressing, 0 = empty) */
    uint32_t *map_keys, *map_vals;
    uint32_t map_cap;

    vt__obstacle *obstacles;
    uint32_t obstacle_count, obstacle_cap;

    vt_jobs *jobs;
    pthread_mutex_t lock;
    vt__wmodel *done_head, *done_tail;
    bool cancel;

    uint32_t pending, failed;
    double upload_ms_max;      /* the slowest single upload so far */
    double upload_ms_per_byte; /* recent upload rate, leaning to the slowest (0 = not known) */
};

/* loader.c */
/* Groups the placements by model file and queues the imports, nearest to the
   spawn first. */
vt_result vt__world_loader_start(vt__world *w, uint32_t threads);
/* Stops queued imports from starting, waits for running ones, frees models. */
void vt__world_loader_stop(vt__world *w);
/* The next finished import, or NULL. */
vt__wmodel *vt__world_loader_take(vt__world *w);
/* Imports path (trusted: in process unless sandbox) and builds its template;
   on the calling thread. */
vt_result vt__world_model_prepare(const char *path, bool sandbox, vt_model **model,
                                  vt__wmesh **tmpl, uint32_t *tmpl_count);
/* Drops what the GPU copy and picking no longer need (images, normals, uvs). */
void vt__world_model_trim(vt_model *m);

/* variants.c */
/* Appends the catalog variants of products[0..count) to m's model variants:
   out_base[i] = index of product i's first variant minus nothing (see
   vt__wmodel.variant_base). Warnings name the product and the variant. */
vt_result vt__world_variants_apply(vt_model *m, const vt_store_def *def, const uint32_t *products,
                                   uint32_t count, uint32_t *out_base);

/* walk.c */
/* Adds an obstacle: model-space bounds b under translation pos, yaw, scale. */
void vt__world_add_obstacle(vt__world *w, const vt_aabb *b, const float pos[3], float yaw,
                            float scale);

/* world_lights.c */
/* Scene lights of def->lights. */
void vt__world_add_lights(vt__world *w);

/* signs.c */
/* One model holding a textured quad per sign (text in lang); NULL when the
   store has no signs or no font is found (logged). */
vt_result vt__world_signs_build(const vt_store_def *def, const char *lang, vt_model **out);
/* NULL in *out when the store has no fitting-room mirror. */
vt_result vt__world_mirror_build(const vt_fitting_room *fr, vt_model **out, vt_transform *place);

/* world.c: shared math */
void vt__yaw_quat(float yaw, float q[4]);
void vt__quat_mul(const float a[4], const float b[4], float out[4]);
void vt__quat_rotate(const float q[4], const float v[3], float out[3]);
/* World bounds of box b under translation pos, yaw and uniform scale. */
vt_aabb vt__world_place_bounds(const vt_aabb *b, const float pos[3], float yaw, float scale);

#endif
