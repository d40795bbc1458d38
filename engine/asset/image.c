/* Images: decoding to RGBA8 (stb_image), placeholders, HDR environments, PNG output. */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <string.h>

/* Images larger than this (pixels) are refused: 16k x 16k RGBA is 1 GiB. */
#define MAX_IMAGE_PIXELS ((size_t)16384 * 16384)
#define MAX_IMAGE_FILE ((size_t)256 << 20)

static int32_t find_key(const vt__builder *b, const char *key) {
    for (uint32_t i = 0; i < b->m->image_count; i++)
        if (b->image_keys[i] && !strcmp(b->image_keys[i], key)) return (int32_t)i;
    return -1;
}

/* Appends an image slot; returns its index or -1 when out of memory. */
static int32_t add_slot(vt__builder *b, const char *key, const char *name) {
    vt_model *m = b->m;
    if (m->image_count == b->image_cap) {
        uint32_t cap = b->image_cap ? b->image_cap * 2 : 8;
        vt_image *ni = realloc(m->images, cap * sizeof *ni);
        if (!ni) return -1;
        m->images = ni;
        char **nk = realloc(b->image_keys, cap * sizeof *nk);
        if (!nk) return -1;
        b->image_keys = nk;
        b->image_cap = cap;
    }
    char *k = strdup(key);
    if (!k) return -1;
    uint32_t i = m->image_count++;
    b->image_keys[i] = k;
    vt_image *img = &m->images[i];
    memset(img, 0, sizeof *img);
    snprintf(img->name, sizeof img->name, "%s", name);
    return (int32_t)i;
}

static bool fill_placeholder(vt_image *img) {
    /* 64 x 64 pixels: an 8 x 8 checker of magenta and black, unmistakable on screen */
    const uint32_t n = 64, cell = 8;
    img->pixels = malloc((size_t)n * n * 4);
    if (!img->pixels) return false;
    for (uint32_t y = 0; y < n; y++)
        for (uint32_t x = 0; x < n; x++) {
            uint8_t *p = img->pixels + ((size_t)y * n + x) * 4;
            bool on = ((x / cell) + (y / cell)) % 2 == 0;
            p[0] = on ? 255 : 0;
            p[1] = 0;
            p[2] = on ? 255 : 0;
            p[3] = 255;
        }
    img->width = img->height = n;
    img->channels = 4;
    img->placeholder = true;
    return true;
}

int32_t vt__image_placeholder(vt__builder *b, const char *key, const char *name, const char *why) {
    int32_t found = find_key(b, key);
    if (found >= 0) return found;
    int32_t i = add_slot(b, key, name);
    if (i < 0) return -1;
    VT_LOGW("asset", "%s: texture %s missing: %s", b->path, name, why);
    if (!fill_placeholder(&b->m->images[i])) return -1;
    return i;
}

static int32_t decode_into(vt__builder *b, const char *key, const char *name, const void *mem,
                           size_t size) {
    if (size > (size_t)INT32_MAX) return vt__image_placeholder(b, key, name, "file too large");
    int w = 0, h = 0, comp = 0;
    const stbi_uc *data = mem;
    if (!stbi_info_from_memory(data, (int)size, &w, &h, &comp)) {
        char why[160];
        snprintf(why, sizeof why, "cannot decode (%s)", stbi_failure_reason());
        return vt__image_placeholder(b, key, name, why);
    }
    if (w <= 0 || h <= 0 || (size_t)w * (size_t)h > MAX_IMAGE_PIXELS) {
        char why[160];
        snprintf(why, sizeof why, "%d x %d pixels exceeds the limit", w, h);
        return vt__image_placeholder(b, key, name, why);
    }
    stbi_uc *px = stbi_load_from_memory(data, (int)size, &w, &h, &comp, 4);
    if (!px) {
        char why[160];
        snprintf(why, sizeof why, "cannot decode (%s)", stbi_failure_reason());
        return vt__image_placeholder(b, key, name, why);
    }
    int32_t i = add_slot(b, key, name);
    if (i < 0) {
        stbi_image_free(px);
        return -1;
    }
    vt_image *img = &b->m->images[i];
    /* stb allocates with malloc (STBI_MALLOC default) but hand vt_model_free
       a plain malloc'ed block to keep the ownership contract obvious */
    img->pixels = malloc((size_t)w * (size_t)h * 4);
    if (!img->pixels) {
        stbi_image_free(px);
        return -1;
    }
    memcpy(img->pixels, px, (size_t)w * (size_t)h * 4);
    stbi_image_free(px);
    img->width = (uint32_t)w;
    img->height = (uint32_t)h;
    img->channels = (uint32_t)comp;
    return i;
}

int32_t vt__image_from_memory(vt__builder *b, const char *key, const char *name, const void *mem,
                              size_t mem_size) {
    int32_t found = find_key(b, key);
    if (found >= 0) return found;
    if (!mem || !mem_size) return vt__image_placeholder(b, key, name, "no data");
    return decode_into(b, key, name, mem, mem_size);
}

int32_t vt__image_from_argb(vt__builder *b, const char *key, const char *name, const void *texels,
                            uint32_t w, uint32_t h) {
    int32_t found = find_key(b, key);
    if (found >= 0) return found;
    if (!texels || !w || !h || (size_t)w * h > MAX_IMAGE_PIXELS)
        return vt__image_placeholder(b, key, name, "bad embedded texture size");
    int32_t i = add_slot(b, key, name);
    if (i < 0) return -1;
    vt_image *img = &b->m->images[i];
    img->pixels = malloc((size_t)w * h * 4);
    if (!img->pixels) return -1;
    /* aiTexel is b, g, r, a */
    const uint8_t *s = texels;
    for (size_t p = 0; p < (size_t)w * h; p++) {
        img->pixels[p * 4 + 0] = s[p * 4 + 2];
        img->pixels[p * 4 + 1] = s[p * 4 + 1];
        img->pixels[p * 4 + 2] = s[p * 4 + 0];
        img->pixels[p * 4 + 3] = s[p * 4 + 3];
    }
    img->width = w;
    img->height = h;
    img->channels = 4;
    return i;
}

int32_t vt__image_from_file(vt__builder *b, const char *file, const char *name) {
    int32_t found = find_key(b, file);
    if (found >= 0) return found;
    void *data = NULL;
    size_t size = 0;
    if (vt_file_read(file, MAX_IMAGE_FILE, &data, &size) != VT_OK) {
        /* the core message starts with the path; keep only the cause */
        const char *why = vt_last_error();
        size_t fl = strlen(file);
        if (!strncmp(why, file, fl) && why[fl] == ':') why += fl + 1;
        while (*why == ' ') why++;
        char cause[256];
        snprintf(cause, sizeof cause, "%s", why);
        return vt__image_placeholder(b, file, name, cause);
    }
    b->extra_bytes += (long long)size;
    int32_t i = decode_into(b, file, name, data, size);
    free(data);
    return i;
}

void vt__builder_release(vt__builder *b) {
    if (b->image_keys)
        for (uint32_t i = 0; i < (b->m ? b->m->image_count : 0); i++) free(b->image_keys[i]);
    free(b->image_keys);
    b->image_keys = NULL;
    free((void *)b->ai_nodes);
    b->ai_nodes = NULL;
}

/* ---- HDR and PNG ---- */

vt_result vt_hdr_load(const char *path, vt_hdr_image *out) {
    VT_ASSERT(path && out);
    memset(out, 0, sizeof *out);
    void *data = NULL;
    size_t size = 0;
    vt_result r = vt_file_read(path, MAX_IMAGE_FILE, &data, &size);
    if (r != VT_OK) return r;
    if (size > (size_t)INT32_MAX || !stbi_is_hdr_from_memory(data, (int)size)) {
        free(data);
        return vt__fail(VT_ERR_PARSE, "%s: not a Radiance HDR (.hdr) image", path);
    }
    int w = 0, h = 0, comp = 0;
    if (!stbi_info_from_memory(data, (int)size, &w, &h, &comp) || w <= 0 || h <= 0 ||
        (size_t)w * (size_t)h > MAX_IMAGE_PIXELS) {
        free(data);
        return vt__fail(VT_ERR_PARSE, "%s: bad HDR image size", path);
    }
    float *px = stbi_loadf_from_memory(data, (int)size, &w, &h, &comp, 3);
    free(data);
    if (!px)
        return vt__fail(VT_ERR_PARSE, "%s: cannot decode HDR: %s", path, stbi_failure_reason());
    out->rgb = malloc((size_t)w * (size_t)h * 3 * sizeof(float));
    if (!out->rgb) {
        stbi_image_free(px);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory", path);
    }
    memcpy(out->rgb, px, (size_t)w * (size_t)h * 3 * sizeof(float));
    stbi_image_free(px);
    out->width = (uint32_t)w;
    out->height = (uint32_t)h;
    return VT_OK;
}

void vt_hdr_free(vt_hdr_image *img) {
    if (!img) return;
    free(img->rgb);
    memset(img, 0, sizeof *img);
}

vt_result vt_png_write(const char *path, uint32_t width, uint32_t height, const uint8_t *rgba) {
    VT_ASSERT(path && rgba);
    if (!width || !height || width > 65535 || height > 65535)
        return vt__fail(VT_ERR_INVALID, "%s: bad image size %u x %u", path, width, height);
    if (!stbi_write_png(path, (int)width, (int)height, 4, rgba, (int)(width * 4)))
        return vt__fail(VT_ERR_IO, "%s: cannot write PNG", path);
    return VT_OK;
}
