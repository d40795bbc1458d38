/* tests/support/box_glb.c — see box_glb.h. */
#include "box_glb.h"

#include "vitrine/asset.h"
#include "vitrine/geom.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

bool vt_test_write_box_glb(const char *path, float sx, float sy, float sz, const char *material) {
    vt_mesh_data d;
    if (vt_mesh_box((float[3]){sx, sy, sz}, &d) != VT_OK) return false;
    size_t pos = d.vertex_count * 12, idx = d.index_count * 4, len = 2 * pos + idx;
    uint8_t *bin = malloc(len);
    if (!bin) {
        vt_mesh_data_free(&d);
        return false;
    }
    memcpy(bin, d.positions, pos);
    memcpy(bin + pos, d.normals, pos);
    memcpy(bin + 2 * pos, d.indices, idx);
    vt_aabb b = vt_mesh_bounds(&d);
    char json[4096];
    int n = snprintf(
        json, sizeof json,
        "{\"asset\":{\"version\":\"2.0\"},\"scene\":0,\"scenes\":[{\"nodes\":[0]}],"
        "\"nodes\":[{\"mesh\":0}],\"meshes\":[{\"primitives\":[{\"attributes\":{\"POSITION\":0,"
        "\"NORMAL\":1},\"indices\":2,\"material\":0}]}],\"materials\":[{\"name\":\"%s\","
        "\"pbrMetallicRoughness\":{\"baseColorFactor\":[0.8,0.8,0.8,1],\"metallicFactor\":0}}],"
        "\"buffers\":[{\"byteLength\":%zu}],\"bufferViews\":[{\"buffer\":0,\"byteOffset\":0,"
        "\"byteLength\":%zu},{\"buffer\":0,\"byteOffset\":%zu,\"byteLength\":%zu},{\"buffer\":0,"
        "\"byteOffset\":%zu,\"byteLength\":%zu}],\"accessors\":[{\"bufferView\":0,"
        "\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\",\"min\":[%g,%g,%g],\"max\":[%g,%g,"
        "%g]},{\"bufferView\":1,\"componentType\":5126,\"count\":%u,\"type\":\"VEC3\"},"
        "{\"bufferView\":2,\"componentType\":5125,\"count\":%u,\"type\":\"SCALAR\"}]}",
        material, len, pos, pos, pos, 2 * pos, idx, d.vertex_count, (double)b.min[0],
        (double)b.min[1], (double)b.min[2], (double)b.max[0], (double)b.max[1], (double)b.max[2],
        d.vertex_count, d.index_count);
    bool ok =
        n > 0 && (size_t)n < sizeof json && vt_glb_write(path, json, (size_t)n, bin, len) == VT_OK;
    free(bin);
    vt_mesh_data_free(&d);
    return ok;
}
