/* Images: decoding to RGBA8 (stb_image), placeholders, HDR environments, PNG output. */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <stb_image.h>
#include <stb_image_write.h>

#include <pthread.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

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

/* An encoded image waiting to be decoded: slot in m->images, owned bytes. */
typedef struct vt__pending_image {
    uint32_t slot;
    uint8_t *data;
    size_t size;
    char why[160]; /* set when decoding failed */
} vt__pending_image;

/* Records data (taken over: freed by the builder) for slot-to-be; returns the slot. */
static int32_t defer_decode(vt__builder *b, const char *key, const char *name, uint8_t *data,
                            size_t size) {
    if (b->pending_count == b->pending_cap) {
        uint32_t cap = b->pending_cap ? b->pending_cap * 2 : 8;
        vt__pending_image *np = realloc(b->pending, cap * sizeof *np);
        if (!np) {
            free(data);
            return -1;
        }
        b->pending = np;
        b->pending_cap = cap;
    }
    int32_t i = add_slot(b, key, name);
    if (i < 0) {
        free(data);
        return -1;
    }
    vt__pending_image *pi = &b->pending[b->pending_count++];
    memset(pi, 0, sizeof *pi);
    pi->slot = (uint32_t)i;
    pi->data = data;
    pi->size = size;
    return i;
}

static void decode_one(vt_image *img, vt__pending_image *pi) {
    int w = 0, h = 0, comp = 0;
    if (pi->size > (size_t)INT32_MAX) {
        snprintf(pi->why, sizeof pi->why, "file too large");
        return;
    }
    if (!stbi_info_from_memory(pi->data, (int)pi->size, &w, &h, &comp)) {
        snprintf(pi->why, sizeof pi->why, "cannot decode (%s)", stbi_failure_reason());
        return;
    }
    if (w <= 0 || h <= 0 || (size_t)w * (size_t)h > MAX_IMAGE_PIXELS) {
        snprintf(pi->why, sizeof pi->why, "%d x %d pixels exceeds the limit", w, h);
        return;
    }
    /* libstb allocates with malloc (STBI_MALLOC is not overridden), so the
       pixels go to vt_model_free's free() as they are */
    stbi_uc *px = stbi_load_from_memory(pi->data, (int)pi->size, &w, &h, &comp, 4);
    if (!px) {
        snprintf(pi->why, sizeof pi->why, "cannot decode (%s)", stbi_failure_reason());
        return;
    }
    img->pixels = px;
    img->width = (uint32_t)w;
    img->height = (uint32_t)h;
    img->channels = (uint32_t)comp;
}

typedef struct decode_work {
    vt__builder *b;
    atomic_uint next;
} decode_work;

static void *decode_worker(void *arg) {
    decode_work *w = arg;
    for (;;) {
        unsigned i = atomic_fetch_add(&w->next, 1u);
        if (i >= w->b->pending_count) return NULL;
        vt__pending_image *pi = &w->b->pending[i];
        decode_one(&w->b->m->images[pi->slot], pi);
    }
}

void vt__images_decode(vt__builder *b) {
    if (!b->pending_count) return;
    decode_work w = {.b = b};
    atomic_init(&w.next, 0u);
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    uint32_t threads = b->pending_count;
    if (cpus > 0 && threads > (uint32_t)cpus) threads = (uint32_t)cpus;
    if (threads > 8) threads = 8;
    if (b->single_thread) threads = 1;
    pthread_t tids[8];
    uint32_t started = 0;
    for (uint32_t t = 1; t < threads; t++) /* this thread is worker 0 */
        if (pthread_create(&tids[started], NULL, decode_worker, &w) == 0) started++;
    decode_worker(&w);
    for (uint32_t t = 0; t < started; t++) pthread_join(tids[t], NULL);
    /* warnings and placeholders on the calling thread, in file order */
    for (uint32_t i = 0; i < b->pending_count; i++) {
        vt__pending_image *pi = &b->pending[i];
        free(pi->data);
        pi->data = NULL;
        vt_image *img = &b->m->images[pi->slot];
        if (img->pixels) continue;
        VT_LOGW("asset", "%s: texture %s missing: %s", b->path, img->name,
                pi->why[0] ? pi->why : "out of memory");
        fill_placeholder(img);
    }
    b->pending_count = 0;
}

int32_t vt__image_from_memory(vt__builder *b, const char *key, const char *name, const void *mem,
                              size_t mem_size) {
    int32_t found = find_key(b, key);
    if (found >= 0) return found;
    if (!mem || !mem_size) return vt__image_placeholder(b, key, name, "no data");
    uint8_t *copy = malloc(mem_size);
    if (!copy) return -1;
    memcpy(copy, mem, mem_size);
    return defer_decode(b, key, name, copy, mem_size);
}

int32_t vt__image_from_pixels(vt__builder *b, const char *key, const char *name, uint8_t *rgba,
                              uint32_t w, uint32_t h) {
    int32_t i = add_slot(b, key, name);
    if (i < 0) {
        free(rgba);
        return -1;
    }
    vt_image *img = &b->m->images[i];
    img->pixels = rgba;
    img->width = w;
    img->height = h;
    img->channels = 4;
    return i;
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
    return defer_decode(b, file, name, data, size);
}

void vt__builder_release(vt__builder *b) {
    for (uint32_t i = 0; i < b->pending_count; i++) free(b->pending[i].data);
    free(b->pending);
    b->pending = NULL;
    b->pending_count = b->pending_cap = 0;
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
    out->rgb = px; /* stb's malloc, as in decode_one: vt_hdr_free's free() takes it */
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
