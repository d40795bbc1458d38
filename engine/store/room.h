/* engine/store/room.h — the store's room as a model, never installed.

   vt__room_build turns vt_store_def.room into an in-memory vt_model the world
   uploads and instantiates like any imported model: a floor with a procedural
   texture for its material (oak planks, terrazzo, concrete), walls with real
   openings for the windows, window reveals, glass, slim frames, skirting
   boards and a ceiling.

   Model layout: one root node "Room" holding every mesh. Meshes (empty ones
   left out): "Floor", "Walls", "Reveals", "Glass", "Frames", "Skirting",
   "Ceiling". Materials, always all six, in this order: "Floor", "Wall",
   "Glass", "Frame", "Skirting", "Ceiling". Normals face into the room (the
   side a shopper sees), triangles wind counter-clockwise seen from that side,
   UVs are in metres (the floor texture's tile size is its base_color_tex
   scale). Walls are planes at the room's bounds; reveals, glass and frames
   sit in the wall's 0.2 m thickness outside them.

   Ownership: *out is the caller's, freed with vt_model_free. */
#ifndef VT_STORE_ROOM_H
#define VT_STORE_ROOM_H

#include "vitrine/asset.h"
#include "vitrine/store.h"

#define VT_ROOM_WALL_THICKNESS 0.2f
#define VT_ROOM_SKIRTING_HEIGHT 0.09f
#define VT_ROOM_SKIRTING_DEPTH 0.015f

vt_result vt__room_build(const vt_store_def *def, vt_model **out);

#endif
