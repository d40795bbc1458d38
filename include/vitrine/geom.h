/* vitrine/geom.h — bounds, frustums, rays and mesh utilities.

   What it does: axis-aligned boxes, frustum planes from a view-projection
   matrix, ray tests, CPU mesh data (vt_mesh_data) with normal / tangent
   generation, primitive builders (sphere, box, plane) and counts the
   validators need (degenerate triangles).
   What it does not: nothing here touches the GPU or the scene.

   Ownership: a vt_mesh_data filled by a function here owns its arrays; release
   them with vt_mesh_data_free(). Arrays that are NULL are absent attributes.

   Example:
       vt_mesh_data sphere;
       vt_mesh_sphere(0.5f, 64, 32, &sphere);
       vt_aabb b = vt_mesh_bounds(&sphere);
       vt_mesh_data_free(&sphere);
*/
#ifndef VITRINE_GEOM_H
#define VITRINE_GEOM_H

#include "vitrine/base.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct vt_ray {
    float origin[3];
    float dir[3]; /* need not be unit length; hit distances are in units of |dir| */
} vt_ray;

/* Six planes (a, b, c, d) with a*x + b*y + c*z + d >= 0 inside; normals unit length.
   Order: left, right, bottom, top, near, far. */
typedef struct vt_frustum {
    float planes[6][4];
} vt_frustum;

VT_API vt_aabb vt_aabb_empty(void);
VT_API bool vt_aabb_is_empty(const vt_aabb *b);
VT_API void vt_aabb_extend(vt_aabb *b, const float p[3]);
VT_API void vt_aabb_merge(vt_aabb *b, const vt_aabb *other);
VT_API void vt_aabb_center(const vt_aabb *b, float out[3]);
VT_API void vt_aabb_size(const vt_aabb *b, float out[3]);
/* Bounds of the transformed box (exact for the 8 corners); empty stays empty. */
VT_API vt_aabb vt_aabb_transform(const vt_aabb *b, const vt_mat4 m);

VT_API void vt_frustum_from_matrix(const vt_mat4 view_proj, vt_frustum *out);
VT_API bool vt_frustum_test_aabb(const vt_frustum *f, const vt_aabb *b); /* false = outside */

/* Ray against box: true and the entry distance (0 if the origin is inside). */
VT_API bool vt_ray_aabb(const vt_ray *r, const vt_aabb *b, float *t_out);
/* Ray against triangle (both faces): true, distance t > 0 and barycentrics u, v. */
VT_API bool vt_ray_triangle(const vt_ray *r, const float a[3], const float b[3], const float c[3],
                            float *t_out, float *u_out, float *v_out);

typedef struct vt_mesh_data {
    uint32_t vertex_count;
    uint32_t index_count; /* a multiple of 3: triangles */
    float *positions;     /* 3 per vertex; required */
    float *normals;       /* 3 per vertex, or NULL */
    float *tangents;      /* 4 per vertex (xyz, w = bitangent sign), or NULL */
    float *uv0;           /* 2 per vertex, or NULL */
    float *uv1;           /* 2 per vertex, or NULL */
    float *colors;        /* 4 per vertex, linear RGBA, or NULL */
    uint32_t *indices;    /* index_count entries */
} vt_mesh_data;

VT_API void vt_mesh_data_free(vt_mesh_data *m); /* frees the arrays and zeroes m; NULL is fine */
VT_API vt_aabb vt_mesh_bounds(const vt_mesh_data *m);
/* Smooth area-weighted normals; replaces existing ones. */
VT_API vt_result vt_mesh_compute_normals(vt_mesh_data *m);
/* Per-vertex tangents from uv0 (VT_ERR_INVALID without uv0 or normals).
   glTF convention: the bitangent cross(normal, tangent.xyz) * w points up the
   texture, where v falls (uv origin at the top left). */
VT_API vt_result vt_mesh_compute_tangents(vt_mesh_data *m);
/* Triangles with a repeated index or (near) zero area: under 1e-12 m², or a
   height under 1e-6 of the longest edge. Out-of-range indices count too. */
VT_API uint32_t vt_mesh_count_degenerate(const vt_mesh_data *m);
/* Reorders indices for the post-transform vertex cache (meshoptimizer). */
VT_API void vt_mesh_optimize(vt_mesh_data *m);

/* Primitive builders: normals, tangents and uv0 filled, centred on the origin.
   Front faces counter-clockwise seen from outside; on error *out is zeroed.
   The sphere's uv wraps once around Y (u = 0 facing +Z), v = 0 at the top. */
VT_API vt_result vt_mesh_sphere(float radius, uint32_t segments, uint32_t rings, vt_mesh_data *out);
VT_API vt_result vt_mesh_box(const float size[3], vt_mesh_data *out);
/* A plane in x/y facing +Z, width x height. */
VT_API vt_result vt_mesh_plane(float width, float height, vt_mesh_data *out);

#ifdef __cplusplus
}
#endif
#endif
