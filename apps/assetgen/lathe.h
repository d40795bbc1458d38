/* Surfaces of revolution and swept tubes for generated products. */
#ifndef VT_ASSETGEN_LATHE_H
#define VT_ASSETGEN_LATHE_H

#include "vitrine/vitrine.h"

#define VT_COUNTOF_2D(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

/* Revolves a (radius, height) polyline about +Y. Each profile segment is
   subdivided `subdiv` times; normals are smooth along the profile. */
void lathe(const float (*profile)[2], uint32_t count, uint32_t segments, uint32_t subdiv,
           vt_mesh_data *out);

/* The stoneware mug's profile, (radius, height) in metres: the body from the
   foot round the outside, over the rim and down the inside (9.6 cm tall, 8.4 cm
   across), and the foot ring under it. */
#define AG_MUG_BODY_POINTS 15u
#define AG_MUG_FOOT_POINTS 7u
extern const float ag_mug_body[AG_MUG_BODY_POINTS][2];
extern const float ag_mug_foot[AG_MUG_FOOT_POINTS][2];

/* A mug handle: an elliptical tube of radii (tube_w, tube_d) swept along a half
   ellipse in the x/y plane from the wall at radius `wall`, centred at height y0,
   reaching out by `reach` and spanning +-half_h vertically. */
void handle_sweep(float wall, float y0, float reach, float half_h, float tube_w, float tube_d,
                  uint32_t steps, uint32_t sides, vt_mesh_data *out);

#endif
