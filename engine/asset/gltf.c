/* The glTF pass: reads the file's JSON (jansson) and restores what assimp 5.2
   drops or mangles: materials in file order (assimp only keeps the ones its
   lazy loader reached, in the order it reached them, so the materials that
   only KHR_materials_variants references are lost), KHR_materials_variants,
   KHR_materials_emissive_strength, KHR_texture_transform, clearcoat, sheen,
   transmission, ior, unlit, specular-glossiness, KHR_lights_punctual.

   Mapping: assimp builds its node tree from the default scene's nodes in file
   order (one synthetic "ROOT" when the scene has several root nodes) and gives
   a node with glTF mesh M the aiMeshes of M's primitives in order. Walking
   both trees together maps every aiMesh to (mesh M, primitive p) without
   relying on assimp's internal ordering; any disagreement disables the pass
   with a warning, and assimp's own materials stay. */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <assimp/scene.h>
#include <jansson.h>

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct gltf_doc {
    json_t *root;
    bool glb;
    int fd;              /* the open file (GLB: to read the BIN chunk on demand) */
    uint64_t bin_offset; /* GLB BIN chunk */
    uint64_t bin_length;
    uint8_t **buffers; /* decoded data: URIs, per buffer, lazily */
    size_t *buffer_sizes;
    size_t buffer_count;
    int32_t *image_map; /* glTF image -> vt image, -2 = not loaded yet */
    size_t image_count;
    struct specgloss_job *jobs; /* materials to re-bake once images are decoded */
    size_t job_count;
} gltf_doc;

typedef struct specgloss_job {
    uint32_t material;
    int32_t diffuse, sg; /* images, -1 = none */
    float diffuse_factor[4], spec_factor[3], gloss_factor;
} specgloss_job;

#define GLB_MAGIC 0x46546C67u
#define GLB_JSON 0x4E4F534Au
#define GLB_BIN 0x004E4942u
#define MAX_JSON ((size_t)256 << 20)

static uint32_t rd32(const uint8_t *p) {
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static bool pread_all(int fd, void *dst, size_t size, uint64_t off) {
    uint8_t *p = dst;
    while (size) {
        ssize_t n = pread(fd, p, size, (off_t)off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= (size_t)n;
        off += (uint64_t)n;
    }
    return true;
}

void vt__gltf_json_free(void *json) {
    gltf_doc *doc = json;
    if (!doc) return;
    json_decref(doc->root);
    if (doc->fd >= 0) close(doc->fd);
    for (size_t i = 0; i < doc->buffer_count; i++) free(doc->buffers[i]);
    free(doc->buffers);
    free(doc->buffer_sizes);
    free(doc->image_map);
    free(doc->jobs);
    free(doc);
}

vt_result vt__gltf_read_json(const char *path, void **out_json) {
    *out_json = NULL;
    gltf_doc *doc = calloc(1, sizeof *doc);
    if (!doc) return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    doc->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (doc->fd < 0) {
        free(doc);
        return vt__fail(VT_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
    }
    uint8_t head[20];
    char *text = NULL;
    size_t text_len = 0;
    ssize_t got = pread(doc->fd, head, sizeof head, 0);
    if (got >= 12 && rd32(head) == GLB_MAGIC) {
        doc->glb = true;
        uint32_t version = rd32(head + 4), length = rd32(head + 8);
        if (version != 2) {
            vt__gltf_json_free(doc);
            return vt__fail(VT_ERR_PARSE, "%s: GLB version %u is not supported (only 2)", path,
                            version);
        }
        if (got < 20 || rd32(head + 16) != GLB_JSON) {
            vt__gltf_json_free(doc);
            return vt__fail(VT_ERR_PARSE, "%s: GLB has no JSON chunk", path);
        }
        uint32_t jlen = rd32(head + 12);
        if ((uint64_t)jlen + 20 > length || jlen > MAX_JSON) {
            vt__gltf_json_free(doc);
            return vt__fail(VT_ERR_PARSE, "%s: GLB JSON chunk of %u bytes runs past the file", path,
                            jlen);
        }
        text = malloc((size_t)jlen + 1);
        if (!text || !pread_all(doc->fd, text, jlen, 20)) {
            free(text);
            vt__gltf_json_free(doc);
            return vt__fail(VT_ERR_PARSE, "%s: GLB JSON chunk is truncated", path);
        }
        text_len = jlen;
        uint64_t next = 20 + (uint64_t)((jlen + 3u) & ~3u);
        uint8_t ch[8];
        if (next + 8 <= length && pread_all(doc->fd, ch, 8, next) && rd32(ch + 4) == GLB_BIN) {
            doc->bin_offset = next + 8;
            doc->bin_length = rd32(ch);
            if (doc->bin_offset + doc->bin_length > length) doc->bin_length = 0;
        }
    } else {
        void *data;
        size_t size;
        vt_result r = vt_file_read(path, MAX_JSON, &data, &size);
        if (r != VT_OK) {
            vt__gltf_json_free(doc);
            return r;
        }
        text = data;
        text_len = size;
    }
    json_error_t err;
    doc->root = json_loadb(text, text_len, 0, &err);
    free(text);
    if (!doc->root) {
        vt__gltf_json_free(doc);
        return vt__fail(VT_ERR_PARSE, "%s: invalid glTF JSON at line %d column %d: %s", path,
                        err.line, err.column, err.text);
    }
    if (!json_is_object(doc->root)) {
        vt__gltf_json_free(doc);
        return vt__fail(VT_ERR_PARSE, "%s: glTF JSON root is not an object", path);
    }
    *out_json = doc;
    return VT_OK;
}

/* ---- checked JSON access ---- */

typedef struct pass {
    vt__builder *b;
    gltf_doc *doc;
    json_t *root;
    uint32_t warnings;
} pass;

static void warn(pass *ps, const char *fmt, ...) VT_PRINTF(2, 3);
static void warn(pass *ps, const char *fmt, ...) {
    if (++ps->warnings > 20) return; /* one bad exporter should not flood the log */
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    VT_LOGW("asset", "%s: %s", ps->b->path, msg);
}

static json_t *arr(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_array(v) ? v : NULL;
}

static json_t *obj(json_t *o, const char *key) {
    json_t *v = json_object_get(o, key);
    return json_is_object(v) ? v : NULL;
}

static json_t *ext(json_t *o, const char *name) {
    return obj(obj(o, "extensions"), name);
}

static float num(pass *ps, json_t *o, const char *key, float def, float lo, float hi,
                 const char *where) {
    json_t *v = json_object_get(o, key);
    if (!v) return def;
    if (!json_is_number(v)) {
        warn(ps, "%s.%s is not a number; using %g", where, key, (double)def);
        return def;
    }
    double d = json_number_value(v);
    if (!isfinite(d) || d < lo || d > hi) {
        warn(ps, "%s.%s = %g is out of range [%g, %g]; clamped", where, key, d, (double)lo,
             (double)hi);
        d = isfinite(d) ? (d < lo ? lo : hi) : def;
    }
    return (float)d;
}

static void vec(pass *ps, json_t *o, const char *key, float *out, size_t n, float lo, float hi,
                const char *where) {
    json_t *v = json_object_get(o, key);
    if (!v) return;
    if (!json_is_array(v) || json_array_size(v) != n) {
        warn(ps, "%s.%s is not an array of %zu numbers; ignored", where, key, n);
        return;
    }
    float tmp[4];
    for (size_t i = 0; i < n; i++) {
        json_t *e = json_array_get(v, i);
        if (!json_is_number(e) || !isfinite(json_number_value(e))) {
            warn(ps, "%s.%s[%zu] is not a number; ignored", where, key, i);
            return;
        }
        double d = json_number_value(e);
        tmp[i] = (float)(d < lo ? lo : d > hi ? hi : d);
    }
    memcpy(out, tmp, n * sizeof(float));
}

/* Index in [0, count) or -1 (with a warning when present but bad). */
static long idx(pass *ps, json_t *o, const char *key, size_t count, const char *where) {
    json_t *v = json_object_get(o, key);
    if (!v) return -1;
    if (!json_is_integer(v) || json_integer_value(v) < 0 ||
        (json_int_t)count <= json_integer_value(v)) {
        warn(ps, "%s.%s is not a valid index (0..%zu); ignored", where, key, count ? count - 1 : 0);
        return -1;
    }
    return (long)json_integer_value(v);
}

/* ---- images ---- */

static int b64val(int c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+' || c == '-') return 62;
    if (c == '/' || c == '_') return 63;
    return -1;
}

/* Decodes the payload of a base64 data: URI; NULL if it is not one. */
static uint8_t *data_uri(const char *uri, size_t *out_size) {
    if (strncmp(uri, "data:", 5) != 0) return NULL;
    const char *comma = strchr(uri, ',');
    if (!comma) return NULL;
    const char *b64 = strstr(uri, ";base64");
    if (!b64 || b64 > comma) return NULL;
    const char *s = comma + 1;
    size_t len = strlen(s);
    uint8_t *out = malloc(len / 4 * 3 + 3);
    if (!out) return NULL;
    size_t n = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < len; i++) {
        int v = b64val((unsigned char)s[i]);
        if (v < 0) {
            if (s[i] == '=') break;
            continue;
        }
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = (uint8_t)(acc >> bits);
        }
    }
    *out_size = n;
    return out;
}

static void percent_decode(const char *in, char *out, size_t cap) {
    size_t n = 0;
    for (size_t i = 0; in[i] && n + 1 < cap; i++) {
        if (in[i] == '%' && isxdigit((unsigned char)in[i + 1]) &&
            isxdigit((unsigned char)in[i + 2])) {
            char hex[3] = {in[i + 1], in[i + 2], 0};
            out[n++] = (char)strtol(hex, NULL, 16);
            i += 2;
        } else {
            out[n++] = in[i];
        }
    }
    out[n] = '\0';
}

/* Bytes of buffer view bv into a new allocation (NULL + reason on failure). */
static uint8_t *buffer_view(pass *ps, long bv, size_t *out_size, const char **why) {
    json_t *views = arr(ps->root, "bufferViews"), *buffers = arr(ps->root, "buffers");
    json_t *v = json_array_get(views, (size_t)bv);
    if (!json_is_object(v)) {
        *why = "bad bufferView";
        return NULL;
    }
    long buf = idx(ps, v, "buffer", json_array_size(buffers), "bufferView");
    json_t *off = json_object_get(v, "byteOffset"), *len = json_object_get(v, "byteLength");
    json_int_t o = json_is_integer(off) ? json_integer_value(off) : 0;
    json_int_t l = json_is_integer(len) ? json_integer_value(len) : -1;
    if (buf < 0 || o < 0 || l <= 0) {
        *why = "bad bufferView";
        return NULL;
    }
    json_t *bo = json_array_get(buffers, (size_t)buf);
    json_t *uri = json_object_get(bo, "uri");
    uint8_t *out = NULL;
    if (!uri && ps->doc->glb && buf == 0) {
        if ((uint64_t)o + (uint64_t)l > ps->doc->bin_length) {
            *why = "bufferView runs past the GLB BIN chunk";
            return NULL;
        }
        out = malloc((size_t)l);
        if (!out || !pread_all(ps->doc->fd, out, (size_t)l, ps->doc->bin_offset + (uint64_t)o)) {
            free(out);
            *why = "cannot read the GLB BIN chunk";
            return NULL;
        }
    } else if (json_is_string(uri)) {
        gltf_doc *doc = ps->doc;
        const char *u = json_string_value(uri);
        if (!strncmp(u, "data:", 5)) {
            if ((size_t)buf >= doc->buffer_count || !doc->buffers[buf]) {
                size_t sz = 0;
                uint8_t *data = data_uri(u, &sz);
                if (!data || (size_t)buf >= doc->buffer_count) {
                    free(data);
                    *why = "buffer data URI is not base64";
                    return NULL;
                }
                doc->buffers[buf] = data;
                doc->buffer_sizes[buf] = sz;
            }
            if ((uint64_t)o + (uint64_t)l > doc->buffer_sizes[buf]) {
                *why = "bufferView runs past its buffer";
                return NULL;
            }
            out = malloc((size_t)l);
            if (!out) return NULL;
            memcpy(out, doc->buffers[buf] + o, (size_t)l);
        } else {
            char rel[1024], full[1536];
            percent_decode(u, rel, sizeof rel);
            vt_path_join(ps->b->dir, rel, full, sizeof full);
            /* O_NONBLOCK: a FIFO must not stall the import; it is refused below */
            int fd = open(full, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
            if (fd < 0) {
                *why = "buffer file cannot be opened";
                return NULL;
            }
            /* the file's size bounds the allocation, not the view's byteLength */
            struct stat st;
            if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
                (uint64_t)o + (uint64_t)l > (uint64_t)st.st_size) {
                close(fd);
                *why = "bufferView runs past its buffer file";
                return NULL;
            }
            out = malloc((size_t)l);
            bool ok = out && pread_all(fd, out, (size_t)l, (uint64_t)o);
            close(fd);
            if (!ok) {
                free(out);
                *why = "bufferView runs past its buffer file";
                return NULL;
            }
        }
    } else {
        *why = "buffer has no data";
        return NULL;
    }
    *out_size = (size_t)l;
    return out;
}

static int32_t gltf_image(pass *ps, long img) {
    gltf_doc *doc = ps->doc;
    if (img < 0 || (size_t)img >= doc->image_count) return -1;
    if (doc->image_map[img] != -2) return doc->image_map[img];
    json_t *io = json_array_get(arr(ps->root, "images"), (size_t)img);
    json_t *uri = json_object_get(io, "uri");
    json_t *nm = json_object_get(io, "name");
    char key[64], name[256];
    snprintf(key, sizeof key, "gltf-image:%ld", img);
    int32_t r;
    if (json_is_string(uri) && strncmp(json_string_value(uri), "data:", 5) != 0) {
        char rel[1024], full[1536];
        percent_decode(json_string_value(uri), rel, sizeof rel);
        vt_path_join(ps->b->dir, rel, full, sizeof full);
        r = vt__image_from_file(ps->b, full, rel);
    } else {
        if (json_is_string(nm))
            snprintf(name, sizeof name, "%s", json_string_value(nm));
        else
            snprintf(name, sizeof name, "embedded #%ld", img);
        if (json_is_string(uri)) {
            size_t sz = 0;
            uint8_t *data = data_uri(json_string_value(uri), &sz);
            r = data ? vt__image_from_memory(ps->b, key, name, data, sz)
                     : vt__image_placeholder(ps->b, key, name, "data URI is not base64");
            free(data);
        } else {
            long bv =
                idx(ps, io, "bufferView", json_array_size(arr(ps->root, "bufferViews")), "image");
            const char *why = "image has neither uri nor bufferView";
            size_t sz = 0;
            uint8_t *data = bv >= 0 ? buffer_view(ps, bv, &sz, &why) : NULL;
            r = data ? vt__image_from_memory(ps->b, key, name, data, sz)
                     : vt__image_placeholder(ps->b, key, name, why);
            free(data);
        }
    }
    doc->image_map[img] = r;
    return r;
}

static void texture_info(pass *ps, json_t *ti, vt_texture_ref *out, vt_material *mt,
                         const char *where) {
    if (!ti) return;
    if (!json_is_object(ti)) {
        warn(ps, "%s is not an object; ignored", where);
        return;
    }
    json_t *textures = arr(ps->root, "textures");
    long t = idx(ps, ti, "index", json_array_size(textures), where);
    if (t < 0) {
        if (!json_object_get(ti, "index")) warn(ps, "%s has no index; ignored", where);
        return;
    }
    json_t *to = json_array_get(textures, (size_t)t);
    size_t nimg = json_array_size(arr(ps->root, "images"));
    long src = idx(ps, to, "source", nimg, "texture");
    if (src < 0) {
        /* textures with only an extension source (webp, basisu, dds) */
        json_t *exts = obj(to, "extensions");
        const char *k;
        json_t *v;
        json_object_foreach(exts, k, v) {
            if (json_is_object(v) && (src = idx(ps, v, "source", nimg, k)) >= 0) break;
        }
    }
    if (src >= 0) {
        out->image = gltf_image(ps, src);
    } else {
        char key[64];
        snprintf(key, sizeof key, "gltf-texture:%ld", t);
        out->image = vt__image_placeholder(ps->b, key, key + 5, "texture has no image");
    }
    double tc = num(ps, ti, "texCoord", 0, 0, 1e9f, where);
    out->texcoord = tc == 1.0 ? 1 : 0;
    if (tc > 1.0) warn(ps, "%s.texCoord %g: only 2 UV sets are kept; using 0", where, tc);
    json_t *tt = ext(ti, "KHR_texture_transform");
    if (tt) {
        vec(ps, tt, "offset", out->offset, 2, -1e9f, 1e9f, "KHR_texture_transform");
        vec(ps, tt, "scale", out->scale, 2, -1e9f, 1e9f, "KHR_texture_transform");
        out->rotation = num(ps, tt, "rotation", 0, -1e9f, 1e9f, "KHR_texture_transform");
        json_t *ttc = json_object_get(tt, "texCoord");
        if (json_is_integer(ttc)) out->texcoord = json_integer_value(ttc) == 1 ? 1 : 0;
        mt->extensions |= VT_MATEXT_TEXTURE_TRANSFORM;
    }
}

static void gltf_material(pass *ps, json_t *mo, size_t i, vt_material *mt) {
    vt__material_init(mt);
    char where[64];
    snprintf(where, sizeof where, "materials[%zu]", i);
    if (!json_is_object(mo)) {
        warn(ps, "%s is not an object; default material used", where);
        return;
    }
    json_t *nm = json_object_get(mo, "name");
    if (json_is_string(nm)) snprintf(mt->name, sizeof mt->name, "%s", json_string_value(nm));
    json_t *pbr = obj(mo, "pbrMetallicRoughness");
    if (pbr) {
        vec(ps, pbr, "baseColorFactor", mt->base_color, 4, 0, 1, where);
        mt->metallic = num(ps, pbr, "metallicFactor", 1, 0, 1, where);
        mt->roughness = num(ps, pbr, "roughnessFactor", 1, 0, 1, where);
        texture_info(ps, json_object_get(pbr, "baseColorTexture"), &mt->base_color_tex, mt,
                     "baseColorTexture");
        texture_info(ps, json_object_get(pbr, "metallicRoughnessTexture"),
                     &mt->metallic_roughness_tex, mt, "metallicRoughnessTexture");
    }
    json_t *nt = json_object_get(mo, "normalTexture");
    texture_info(ps, nt, &mt->normal_tex, mt, "normalTexture");
    if (json_is_object(nt)) mt->normal_scale = num(ps, nt, "scale", 1, -1e6f, 1e6f, where);
    json_t *ot = json_object_get(mo, "occlusionTexture");
    texture_info(ps, ot, &mt->occlusion_tex, mt, "occlusionTexture");
    if (json_is_object(ot)) mt->occlusion_strength = num(ps, ot, "strength", 1, 0, 1, where);
    texture_info(ps, json_object_get(mo, "emissiveTexture"), &mt->emissive_tex, mt,
                 "emissiveTexture");
    vec(ps, mo, "emissiveFactor", mt->emissive, 3, 0, 1, where);
    json_t *am = json_object_get(mo, "alphaMode");
    if (json_is_string(am)) {
        const char *s = json_string_value(am);
        if (!strcmp(s, "MASK"))
            mt->alpha_mode = VT_ALPHA_MASK;
        else if (!strcmp(s, "BLEND"))
            mt->alpha_mode = VT_ALPHA_BLEND;
        else if (strcmp(s, "OPAQUE") != 0)
            warn(ps, "%s.alphaMode \"%s\" is unknown", where, s);
    }
    mt->alpha_cutoff = num(ps, mo, "alphaCutoff", 0.5f, 0, 1e9f, where);
    json_t *ds = json_object_get(mo, "doubleSided");
    mt->double_sided = json_is_true(ds);

    json_t *e;
    if ((e = ext(mo, "KHR_materials_emissive_strength"))) {
        mt->emissive_strength =
            num(ps, e, "emissiveStrength", 1, 0, 1e9f, "KHR_materials_emissive_strength");
        mt->extensions |= VT_MATEXT_EMISSIVE_STRENGTH;
    }
    if ((e = ext(mo, "KHR_materials_unlit"))) {
        mt->unlit = true;
        mt->extensions |= VT_MATEXT_UNLIT;
    }
    if ((e = ext(mo, "KHR_materials_clearcoat"))) {
        mt->clearcoat = num(ps, e, "clearcoatFactor", 0, 0, 1, "KHR_materials_clearcoat");
        mt->clearcoat_roughness =
            num(ps, e, "clearcoatRoughnessFactor", 0, 0, 1, "KHR_materials_clearcoat");
        texture_info(ps, json_object_get(e, "clearcoatTexture"), &mt->clearcoat_tex, mt,
                     "clearcoatTexture");
        texture_info(ps, json_object_get(e, "clearcoatRoughnessTexture"),
                     &mt->clearcoat_roughness_tex, mt, "clearcoatRoughnessTexture");
        texture_info(ps, json_object_get(e, "clearcoatNormalTexture"), &mt->clearcoat_normal_tex,
                     mt, "clearcoatNormalTexture");
        mt->extensions |= VT_MATEXT_CLEARCOAT;
    }
    if ((e = ext(mo, "KHR_materials_sheen"))) {
        vec(ps, e, "sheenColorFactor", mt->sheen_color, 3, 0, 1, "KHR_materials_sheen");
        mt->sheen_roughness = num(ps, e, "sheenRoughnessFactor", 0, 0, 1, "KHR_materials_sheen");
        texture_info(ps, json_object_get(e, "sheenColorTexture"), &mt->sheen_color_tex, mt,
                     "sheenColorTexture");
        mt->extensions |= VT_MATEXT_SHEEN;
    }
    if ((e = ext(mo, "KHR_materials_transmission"))) {
        mt->transmission = num(ps, e, "transmissionFactor", 0, 0, 1, "KHR_materials_transmission");
        texture_info(ps, json_object_get(e, "transmissionTexture"), &mt->transmission_tex, mt,
                     "transmissionTexture");
        mt->extensions |= VT_MATEXT_TRANSMISSION;
    }
    if ((e = ext(mo, "KHR_materials_ior"))) {
        mt->ior = num(ps, e, "ior", 1.5f, 0, 10, "KHR_materials_ior");
        mt->extensions |= VT_MATEXT_IOR;
    }
    if (ext(mo, "KHR_materials_volume")) mt->extensions |= VT_MATEXT_VOLUME;
    if (ext(mo, "KHR_materials_specular")) mt->extensions |= VT_MATEXT_SPECULAR;
    if ((e = ext(mo, "KHR_materials_pbrSpecularGlossiness"))) {
        const char *w = "KHR_materials_pbrSpecularGlossiness";
        float diffuse[4] = {1, 1, 1, 1}, spec[3] = {1, 1, 1};
        vec(ps, e, "diffuseFactor", diffuse, 4, 0, 1, w);
        vec(ps, e, "specularFactor", spec, 3, 0, 1, w);
        float gloss = num(ps, e, "glossinessFactor", 1, 0, 1, w);
        vt__specgloss_to_metalrough(diffuse, spec, gloss, mt);
        vt__texref_init(&mt->base_color_tex);
        vt__texref_init(&mt->metallic_roughness_tex);
        texture_info(ps, json_object_get(e, "diffuseTexture"), &mt->base_color_tex, mt,
                     "diffuseTexture");
        texture_info(ps, json_object_get(e, "specularGlossinessTexture"),
                     &mt->metallic_roughness_tex, mt, "specularGlossinessTexture");
        /* With textures the conversion is per texel: baked after decoding
           (vt__gltf_finish); until then the refs hold the source images. */
        if (mt->base_color_tex.image >= 0 || mt->metallic_roughness_tex.image >= 0) {
            specgloss_job *nj = realloc(ps->doc->jobs, (ps->doc->job_count + 1) * sizeof *nj);
            if (nj) {
                ps->doc->jobs = nj;
                specgloss_job *j = &nj[ps->doc->job_count++];
                j->material = (uint32_t)i;
                j->diffuse = mt->base_color_tex.image;
                j->sg = mt->metallic_roughness_tex.image;
                memcpy(j->diffuse_factor, diffuse, sizeof diffuse);
                memcpy(j->spec_factor, spec, sizeof spec);
                j->gloss_factor = gloss;
            }
        }
    }
}

static float srgb_encode(float l) {
    l = l < 0.0f ? 0.0f : l > 1.0f ? 1.0f : l;
    return l <= 0.0031308f ? l * 12.92f : 1.055f * powf(l, 1.0f / 2.4f) - 0.055f;
}

/* Nearest texel of img at the position of (x, y) in a w x h grid. */
static const uint8_t *texel(const vt_image *img, uint32_t x, uint32_t y, uint32_t w, uint32_t h) {
    uint32_t sx = (uint32_t)((uint64_t)x * img->width / w);
    uint32_t sy = (uint32_t)((uint64_t)y * img->height / h);
    return img->pixels + ((size_t)sy * img->width + sx) * 4;
}

/* Per-texel KHR_materials_pbrSpecularGlossiness to metallic-roughness: a new
   base colour image (sRGB) and a metallic-roughness image (G roughness,
   B metallic), with the factors baked in. */
static void bake_specgloss(vt__builder *b, const specgloss_job *j) {
    vt_model *m = b->m;
    if (j->material >= m->material_count) return;
    const vt_image *di = j->diffuse >= 0 ? &m->images[j->diffuse] : NULL;
    const vt_image *si = j->sg >= 0 ? &m->images[j->sg] : NULL;
    /* a placeholder, or a slot left without texels by a failed allocation:
       keep the factor fit */
    if ((di && (di->placeholder || !di->pixels)) || (si && (si->placeholder || !si->pixels)))
        return;
    uint32_t w = 0, h = 0;
    if (di) w = di->width, h = di->height;
    if (si && (uint64_t)si->width * si->height > (uint64_t)w * h) w = si->width, h = si->height;
    if (!w || !h) return;
    uint8_t *bc = malloc((size_t)w * h * 4), *mr = malloc((size_t)w * h * 4);
    if (!bc || !mr) {
        free(bc);
        free(mr);
        return;
    }
    float lut[256]; /* not static: imports run on several threads at once */
    for (int i = 0; i < 256; i++) lut[i] = vt__srgb_to_linear((float)i / 255.0f);
    vt_material tmp;
    for (uint32_t y = 0; y < h; y++)
        for (uint32_t x = 0; x < w; x++) {
            float d[4], sp[3], g = j->gloss_factor;
            memcpy(d, j->diffuse_factor, sizeof d);
            memcpy(sp, j->spec_factor, sizeof sp);
            if (di) {
                const uint8_t *t = texel(di, x, y, w, h);
                for (int k = 0; k < 3; k++) d[k] *= lut[t[k]];
                d[3] *= (float)t[3] / 255.0f;
            }
            if (si) {
                const uint8_t *t = texel(si, x, y, w, h);
                for (int k = 0; k < 3; k++) sp[k] *= lut[t[k]];
                g *= (float)t[3] / 255.0f;
            }
            vt__specgloss_to_metalrough(d, sp, g, &tmp);
            uint8_t *o = bc + ((size_t)y * w + x) * 4, *q = mr + ((size_t)y * w + x) * 4;
            for (int k = 0; k < 3; k++)
                o[k] = (uint8_t)lroundf(srgb_encode(tmp.base_color[k]) * 255.0f);
            o[3] = (uint8_t)lroundf(fminf(fmaxf(d[3], 0.0f), 1.0f) * 255.0f);
            q[0] = 255;
            q[1] = (uint8_t)lroundf(tmp.roughness * 255.0f);
            q[2] = (uint8_t)lroundf(tmp.metallic * 255.0f);
            q[3] = 255;
        }
    char key[64], name[128];
    vt_material *mt = &m->materials[j->material];
    snprintf(key, sizeof key, "specgloss-base:%u", j->material);
    snprintf(name, sizeof name, "%.80s (base colour from spec-gloss)", mt->name);
    int32_t ib = vt__image_from_pixels(b, key, name, bc, w, h);
    snprintf(key, sizeof key, "specgloss-mr:%u", j->material);
    snprintf(name, sizeof name, "%.80s (metal-rough from spec-gloss)", mt->name);
    int32_t im = vt__image_from_pixels(b, key, name, mr, w, h);
    if (ib < 0 || im < 0) return;
    vt_texture_ref ref = di ? mt->base_color_tex : mt->metallic_roughness_tex;
    ref.image = ib;
    mt->base_color_tex = ref;
    ref.image = im;
    mt->metallic_roughness_tex = ref;
    for (int k = 0; k < 4; k++) mt->base_color[k] = 1.0f;
    mt->metallic = mt->roughness = 1.0f;
}

void vt__gltf_finish(vt__builder *b, void *json) {
    gltf_doc *doc = json;
    if (!doc) return;
    for (size_t i = 0; i < doc->job_count; i++) bake_specgloss(b, &doc->jobs[i]);
}

/* ---- the tree walk ---- */

typedef struct prim_ref {
    long mesh, prim; /* glTF mesh and primitive for each aiMesh; -1 = unmapped */
} prim_ref;

static int32_t vt_node_of(const vt__builder *b, const struct aiNode *n) {
    for (uint32_t i = 0; i < b->m->node_count; i++)
        if (b->ai_nodes[i] == n) return (int32_t)i;
    return -1;
}

typedef struct walk_item {
    long jnode;
    const struct aiNode *an;
} walk_item;

static bool map_tree(pass *ps, prim_ref *map, long *light_of_node) {
    const struct aiScene *sc = ps->b->scene;
    json_t *nodes = arr(ps->root, "nodes"), *meshes = arr(ps->root, "meshes");
    json_t *scenes = arr(ps->root, "scenes");
    size_t nscenes = json_array_size(scenes);
    long si = 0;
    json_t *sv = json_object_get(ps->root, "scene");
    if (json_is_integer(sv)) si = (long)json_integer_value(sv);
    if (si < 0 || (size_t)si >= nscenes) return false;
    json_t *roots = arr(json_array_get(scenes, (size_t)si), "nodes");
    size_t nroots = json_array_size(roots);
    const struct aiNode *ar = sc->mRootNode;
    if (!ar || !nroots) return false;
    size_t cap = (size_t)ps->b->m->node_count + nroots + 1, top = 0;
    walk_item *stack = malloc(cap * sizeof *stack);
    if (!stack) return false;
    bool ok = true;
    if (nroots == 1) {
        stack[top++] = (walk_item){(long)json_integer_value(json_array_get(roots, 0)), ar};
    } else {
        if (ar->mNumChildren != nroots) ok = false;
        for (size_t i = 0; ok && i < nroots; i++)
            stack[top++] =
                (walk_item){(long)json_integer_value(json_array_get(roots, i)), ar->mChildren[i]};
    }
    size_t visited = 0;
    while (ok && top) {
        walk_item it = stack[--top];
        if (++visited > ps->b->m->node_count) {
            ok = false;
            break;
        }
        json_t *jn = json_array_get(nodes, (size_t)it.jnode);
        if (it.jnode < 0 || !json_is_object(jn) || !it.an) {
            ok = false;
            break;
        }
        json_t *children = arr(jn, "children");
        if (json_array_size(children) != it.an->mNumChildren) {
            ok = false;
            break;
        }
        long mi = idx(ps, jn, "mesh", json_array_size(meshes), "node");
        size_t np =
            mi >= 0 ? json_array_size(arr(json_array_get(meshes, (size_t)mi), "primitives")) : 0;
        if (np != it.an->mNumMeshes) {
            ok = false;
            break;
        }
        for (size_t p = 0; p < np; p++) {
            unsigned am = it.an->mMeshes[p];
            if (am >= sc->mNumMeshes) {
                ok = false;
                break;
            }
            if (map[am].mesh >= 0 && (map[am].mesh != mi || map[am].prim != (long)p)) {
                ok = false;
                break;
            }
            map[am] = (prim_ref){mi, (long)p};
        }
        json_t *lp = ext(jn, "KHR_lights_punctual");
        if (lp) {
            json_t *li = json_object_get(lp, "light");
            int32_t vn = vt_node_of(ps->b, it.an);
            if (json_is_integer(li) && vn >= 0) light_of_node[vn] = (long)json_integer_value(li);
        }
        for (size_t c = 0; ok && c < it.an->mNumChildren; c++) {
            json_t *ci = json_array_get(children, c);
            if (!json_is_integer(ci) || top == cap) {
                ok = false;
                break;
            }
            stack[top++] = (walk_item){(long)json_integer_value(ci), it.an->mChildren[c]};
        }
    }
    free(stack);
    return ok;
}

static void gltf_lights(pass *ps, const long *light_of_node) {
    vt_model *m = ps->b->m;
    json_t *lights = arr(ext(ps->root, "KHR_lights_punctual"), "lights");
    free(m->lights);
    m->lights = NULL;
    m->light_count = 0;
    for (uint32_t i = 0; i < m->node_count; i++) m->nodes[i].light = -1;
    size_t nl = json_array_size(lights);
    if (!nl) return;
    m->lights = calloc(m->node_count, sizeof *m->lights);
    if (!m->lights) return;
    for (uint32_t i = 0; i < m->node_count; i++) {
        long li = light_of_node[i];
        if (li < 0) continue;
        json_t *lo = json_array_get(lights, (size_t)li);
        if (!json_is_object(lo)) {
            warn(ps, "node %u refers to missing light %ld", i, li);
            continue;
        }
        vt_light *l = &m->lights[m->light_count];
        memset(l, 0, sizeof *l);
        json_t *ty = json_object_get(lo, "type");
        const char *t = json_is_string(ty) ? json_string_value(ty) : "";
        if (!strcmp(t, "directional"))
            l->type = VT_LIGHT_DIRECTIONAL;
        else if (!strcmp(t, "point"))
            l->type = VT_LIGHT_POINT;
        else if (!strcmp(t, "spot"))
            l->type = VT_LIGHT_SPOT;
        else {
            warn(ps, "KHR_lights_punctual.lights[%ld].type \"%s\" is unknown", li, t);
            continue;
        }
        l->color[0] = l->color[1] = l->color[2] = 1.0f;
        vec(ps, lo, "color", l->color, 3, 0, 1e9f, "light");
        l->intensity = num(ps, lo, "intensity", 1, 0, 1e12f, "light");
        l->range = num(ps, lo, "range", 0, 0, 1e12f, "light") * m->unit_scale;
        l->inner_cone = 0.0f;
        l->outer_cone = 0.785398163f;
        json_t *spot = obj(lo, "spot");
        if (spot) {
            l->inner_cone = num(ps, spot, "innerConeAngle", 0, 0, 1.5707964f, "light.spot");
            l->outer_cone =
                num(ps, spot, "outerConeAngle", 0.785398163f, 0, 1.5707964f, "light.spot");
        }
        m->nodes[i].light = (int32_t)m->light_count++;
    }
}

static void external_bytes(pass *ps) {
    /* file_bytes: the .gltf plus its external buffers; external images were
       counted as they were read */
    json_t *buffers = arr(ps->root, "buffers");
    for (size_t i = 0; i < json_array_size(buffers); i++) {
        json_t *uri = json_object_get(json_array_get(buffers, i), "uri");
        if (!json_is_string(uri) || !strncmp(json_string_value(uri), "data:", 5)) continue;
        char rel[1024], full[1536];
        percent_decode(json_string_value(uri), rel, sizeof rel);
        vt_path_join(ps->b->dir, rel, full, sizeof full);
        long long s = vt_file_size(full);
        if (s > 0) ps->b->extra_bytes += s;
    }
}

bool vt__gltf_apply(vt__builder *b, void *json) {
    gltf_doc *doc = json;
    pass ps = {.b = b, .doc = doc, .root = doc->root};
    vt_model *m = b->m;
    json_t *asset = obj(ps.root, "asset");
    json_t *ver = json_object_get(asset, "version");
    if (!json_is_string(ver) || json_string_value(ver)[0] != '2') return false; /* glTF 1.0 */

    external_bytes(&ps);
    json_t *skins = arr(ps.root, "skins");
    m->skin_count = (uint32_t)json_array_size(skins);

    json_t *meshes = arr(ps.root, "meshes"), *materials = arr(ps.root, "materials");
    size_t nmat = json_array_size(materials);
    if (nmat > 65536) {
        warn(&ps, "%zu materials: too many for the glTF pass", nmat);
        return false;
    }
    uint32_t nmesh = m->mesh_count;
    prim_ref *map = malloc((nmesh ? nmesh : 1) * sizeof *map);
    long *light_of_node = malloc((m->node_count ? m->node_count : 1) * sizeof *light_of_node);
    if (!map || !light_of_node) {
        free(map);
        free(light_of_node);
        return false;
    }
    for (uint32_t i = 0; i < nmesh; i++) map[i] = (prim_ref){-1, -1};
    for (uint32_t i = 0; i < m->node_count; i++) light_of_node[i] = -1;
    bool ok = map_tree(&ps, map, light_of_node);
    for (uint32_t i = 0; ok && i < nmesh; i++)
        if (map[i].mesh < 0) ok = false;
    if (!ok) {
        if (nmesh)
            warn(&ps, "glTF meshes could not be matched to the import; glTF extensions "
                      "(variants, texture transforms, ...) are ignored");
        free(map);
        free(light_of_node);
        return false;
    }

    /* images referenced by index, loaded on first use */
    doc->image_count = json_array_size(arr(ps.root, "images"));
    doc->buffer_count = json_array_size(arr(ps.root, "buffers"));
    doc->image_map = malloc((doc->image_count ? doc->image_count : 1) * sizeof(int32_t));
    doc->buffers = calloc(doc->buffer_count ? doc->buffer_count : 1, sizeof *doc->buffers);
    doc->buffer_sizes = calloc(doc->buffer_count ? doc->buffer_count : 1, sizeof(size_t));
    if (!doc->image_map || !doc->buffers || !doc->buffer_sizes) {
        free(map);
        free(light_of_node);
        return false;
    }
    for (size_t i = 0; i < doc->image_count; i++) doc->image_map[i] = -2;

    /* materials in file order, plus a default one if a primitive has none */
    bool need_default = false;
    for (uint32_t i = 0; i < nmesh; i++) {
        json_t *prim = json_array_get(
            arr(json_array_get(meshes, (size_t)map[i].mesh), "primitives"), (size_t)map[i].prim);
        if (idx(&ps, prim, "material", nmat, "primitive") < 0) need_default = true;
    }
    size_t count = nmat + (need_default ? 1 : 0);
    vt_material *mats = calloc(count ? count : 1, sizeof *mats);
    if (!mats) {
        free(map);
        free(light_of_node);
        return false;
    }
    for (size_t i = 0; i < nmat; i++) gltf_material(&ps, json_array_get(materials, i), i, &mats[i]);
    if (need_default) {
        vt__material_init(&mats[nmat]);
        snprintf(mats[nmat].name, sizeof mats[nmat].name, "default");
    }
    free(m->materials);
    m->materials = mats;
    m->material_count = (uint32_t)count;

    /* KHR_materials_variants */
    json_t *vnames = arr(ext(ps.root, "KHR_materials_variants"), "variants");
    size_t nvar = json_array_size(vnames);
    if (nvar > 4096) nvar = 0;
    if (nvar) {
        m->variants = calloc(nvar, sizeof *m->variants);
        if (m->variants) {
            m->variant_count = (uint32_t)nvar;
            for (size_t v = 0; v < nvar; v++) {
                json_t *nm = json_object_get(json_array_get(vnames, v), "name");
                if (json_is_string(nm))
                    snprintf(m->variants[v], VT_NAME_MAX, "%s", json_string_value(nm));
                else {
                    snprintf(m->variants[v], VT_NAME_MAX, "variant %zu", v);
                    warn(&ps, "KHR_materials_variants.variants[%zu] has no name", v);
                }
            }
        }
    }
    for (uint32_t i = 0; i < nmesh; i++) {
        json_t *prim = json_array_get(
            arr(json_array_get(meshes, (size_t)map[i].mesh), "primitives"), (size_t)map[i].prim);
        long mat = idx(&ps, prim, "material", nmat, "primitive");
        m->meshes[i].material = mat >= 0 ? (uint32_t)mat : (uint32_t)nmat;
        json_t *mappings = arr(ext(prim, "KHR_materials_variants"), "mappings");
        if (!mappings || !m->variant_count) continue;
        uint32_t *vm = malloc(m->variant_count * sizeof *vm);
        if (!vm) continue;
        for (uint32_t v = 0; v < m->variant_count; v++) vm[v] = m->meshes[i].material;
        for (size_t k = 0; k < json_array_size(mappings); k++) {
            json_t *mp = json_array_get(mappings, k);
            long mmat = idx(&ps, mp, "material", nmat, "KHR_materials_variants.mappings");
            json_t *vars = arr(mp, "variants");
            if (mmat < 0 || !vars) {
                warn(&ps, "meshes[%ld].primitives[%ld]: variant mapping %zu is malformed",
                     map[i].mesh, map[i].prim, k);
                continue;
            }
            for (size_t j = 0; j < json_array_size(vars); j++) {
                json_t *vi = json_array_get(vars, j);
                if (!json_is_integer(vi) || json_integer_value(vi) < 0 ||
                    json_integer_value(vi) >= (json_int_t)m->variant_count) {
                    warn(&ps, "meshes[%ld].primitives[%ld]: variant index out of range",
                         map[i].mesh, map[i].prim);
                    continue;
                }
                vm[json_integer_value(vi)] = (uint32_t)mmat;
            }
        }
        m->meshes[i].variant_materials = vm;
    }
    gltf_lights(&ps, light_of_node);
    free(map);
    free(light_of_node);
    return true;
}
