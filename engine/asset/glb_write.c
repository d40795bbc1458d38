/* The glTF 2.0 binary container (GLB): 12-byte header, JSON chunk, BIN chunk. */
#include "core/internal.h"
#include "vitrine/asset.h"

#include <errno.h>
#include <string.h>

vt_result vt_glb_write(const char *path, const char *json, size_t json_size, const void *bin,
                       size_t bin_size) {
    size_t jpad = (json_size + 3) & ~(size_t)3, bpad = (bin_size + 3) & ~(size_t)3;
    size_t total = 12 + 8 + jpad + (bin_size ? 8 + bpad : 0);
    if (total > UINT32_MAX)
        return vt__fail(VT_ERR_LIMIT, "%s: %zu bytes exceeds the 4 GiB a GLB can hold", path,
                        total);
    FILE *f = fopen(path, "wb");
    if (!f) return vt__fail(VT_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    const uint32_t header[3] = {0x46546C67u /* glTF */, 2, (uint32_t)total};
    const uint32_t jhead[2] = {(uint32_t)jpad, 0x4E4F534Au /* JSON */};
    const uint32_t bhead[2] = {(uint32_t)bpad, 0x004E4942u /* BIN */};
    static const char spaces[4] = {' ', ' ', ' ', ' '};
    static const uint8_t zeros[4] = {0};
    bool ok = fwrite(header, 4, 3, f) == 3 && fwrite(jhead, 4, 2, f) == 2 &&
              fwrite(json, 1, json_size, f) == json_size &&
              fwrite(spaces, 1, jpad - json_size, f) == jpad - json_size;
    if (ok && bin_size)
        ok = fwrite(bhead, 4, 2, f) == 2 && fwrite(bin, 1, bin_size, f) == bin_size &&
             fwrite(zeros, 1, bpad - bin_size, f) == bpad - bin_size;
    ok = (fclose(f) == 0) && ok;
    return ok ? VT_OK : vt__fail(VT_ERR_IO, "%s: write failed", path);
}
