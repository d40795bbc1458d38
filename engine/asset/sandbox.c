/* Bounded import: assimp runs in a worker process forked from this one at the
   first sandboxed import and kept warm for the next ones (a fork server). Per
   import the parent sends the path and the memory limit on a socket; the
   worker imports, writes the finished vt_model into a memfd they share and
   replies with its length; the parent reads the model back into individually
   malloc'ed arrays, checking every index. A fresh process per import spent
   most of its time faulting in a cold heap; the worker keeps its freed heap
   mapped (mallopt) so the next import reuses warm pages.

   Limits, per import: the parent polls the worker's resident set every 5 ms
   and counts its growth over the resident set at the start of the import,
   plus the freed heap the worker holds (the import can fill that without
   growing), and checks the worker's peak (VmHWM, reset per import) once the
   reply arrives. A resource limit set before each import is the second fence
   for one huge allocation: RLIMIT_AS, or RLIMIT_DATA under AddressSanitizer,
   which reserves terabytes of address space up front. Past a limit the parent
   kills the worker and the next import starts a fresh one; so does a crash.
   A worker whose idle resident set has grown past WORKER_MAX_GROWTH (a leak in
   an importer, or heap fragmentation) or that has served
   WORKER_MAX_IMPORTS imports is retired.

   The worker is a fork of a possibly multi-threaded host: it starts no
   threads and takes no locks of ours, keeps only its own file descriptors,
   and the parent starts none around the fork (finished workers are reaped at
   the next import, not on a thread). One mutex serialises the host's threads'
   use of the worker. A child the host forks later forgets the worker (it
   belongs to the process that started it, checked with getpid()). */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <assimp/cimport.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <malloc.h>
#include <stddef.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define VT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define VT_ASAN 1
#endif
#endif
#ifdef VT_ASAN
/* from <sanitizer/allocator_interface.h>, which GCC does not install */
size_t __sanitizer_get_heap_size(void);
size_t __sanitizer_get_current_allocated_bytes(void);
#endif

/* Worker exit status meaning "over the memory limit". */
#define EXIT_OVER_MEMORY 86

#define STREAM_MAGIC 0x314d5456u /* "VTM1" */
#define REPLY_MAGIC 0x32525456u  /* "VTR2" */
#define ERR_MAX 1024

/* Retire the worker when its idle resident set has grown this much over its
   first one, or after this many imports. */
#define WORKER_MAX_GROWTH ((long long)512 << 20)
#define WORKER_MAX_IMPORTS 256u
/* A result buffer bigger than this is given back after reading. */
#define KEEP_RESULT_BYTES ((off_t)64 << 20)

typedef struct stream_header {
    uint32_t magic;
    int32_t result;
    char error[ERR_MAX];
    uint64_t log_bytes; /* log records follow: level byte, module\0, message\0 */
} stream_header;

/* Parent to worker, one datagram per import. */
typedef struct request {
    uint64_t max_memory;
    double timeout_s;
    char path[sizeof((vt_model *)0)->path];
} request;

/* Worker to parent when the result is in the memfd. */
typedef struct reply {
    uint32_t magic;
    uint32_t ok;      /* the result was written completely */
    uint32_t peak_ok; /* VmHWM was reset at the start of this import */
    uint32_t pad;
    uint64_t bytes;    /* length of the result */
    uint64_t retained; /* freed heap the worker keeps mapped */
} reply;

/* ---- worker side: write ---- */

typedef struct writer {
    int fd;
    bool ok;
    uint64_t total;
    uint8_t buf[1 << 16];
    size_t len;
} writer;

static void w_flush(writer *w) {
    size_t off = 0;
    while (w->ok && off < w->len) {
        ssize_t n = write(w->fd, w->buf + off, w->len - off);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0)
            w->ok = false;
        else
            off += (size_t)n;
    }
    w->len = 0;
}

static void w_put(writer *w, const void *data, size_t size) {
    if (!size || !w->ok) return;
    w->total += size;
    if (size > sizeof w->buf / 2) {
        w_flush(w);
        const uint8_t *p = data;
        while (w->ok && size) {
            ssize_t n = write(w->fd, p, size);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0)
                w->ok = false;
            else
                p += n, size -= (size_t)n;
        }
        return;
    }
    if (w->len + size > sizeof w->buf) w_flush(w);
    memcpy(w->buf + w->len, data, size);
    w->len += size;
}

static void w_array(writer *w, const void *p, size_t size) {
    uint8_t present = p != NULL;
    w_put(w, &present, 1);
    if (present) w_put(w, p, size);
}

static void write_model(writer *w, const vt_model *m) {
    w_put(w, m, sizeof *m);
    w_put(w, m->nodes, m->node_count * sizeof *m->nodes);
    for (uint32_t i = 0; i < m->node_count; i++)
        w_put(w, m->nodes[i].meshes, m->nodes[i].mesh_count * sizeof(uint32_t));
    w_put(w, m->meshes, m->mesh_count * sizeof *m->meshes);
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        const vt_mesh_data *d = &m->meshes[i].data;
        size_t nv = d->vertex_count;
        w_array(w, d->positions, nv * 3 * sizeof(float));
        w_array(w, d->normals, nv * 3 * sizeof(float));
        w_array(w, d->tangents, nv * 4 * sizeof(float));
        w_array(w, d->uv0, nv * 2 * sizeof(float));
        w_array(w, d->uv1, nv * 2 * sizeof(float));
        w_array(w, d->colors, nv * 4 * sizeof(float));
        w_array(w, d->indices, d->index_count * sizeof(uint32_t));
        w_array(w, m->meshes[i].variant_materials, m->variant_count * sizeof(uint32_t));
    }
    w_put(w, m->materials, m->material_count * sizeof *m->materials);
    w_put(w, m->images, m->image_count * sizeof *m->images);
    for (uint32_t i = 0; i < m->image_count; i++)
        w_array(w, m->images[i].pixels, (size_t)m->images[i].width * m->images[i].height * 4);
    w_put(w, m->lights, m->light_count * sizeof *m->lights);
    w_put(w, m->variants, m->variant_count * sizeof *m->variants);
}

typedef struct log_buf {
    char *data;
    size_t len, cap;
} log_buf;

static void child_log(vt_log_level level, const char *module, const char *message, void *user) {
    log_buf *lb = user;
    size_t ml = strlen(module ? module : "vitrine") + 1, tl = strlen(message) + 1;
    size_t need = lb->len + 1 + ml + tl;
    if (need > ((size_t)1 << 20)) return; /* enough warnings */
    if (need > lb->cap) {
        size_t cap = lb->cap ? lb->cap * 2 : 4096;
        while (cap < need) cap *= 2;
        char *nd = realloc(lb->data, cap);
        if (!nd) return;
        lb->data = nd;
        lb->cap = cap;
    }
    lb->data[lb->len++] = (char)level;
    memcpy(lb->data + lb->len, module ? module : "vitrine", ml);
    lb->len += ml;
    memcpy(lb->data + lb->len, message, tl);
    lb->len += tl;
}

/* Reads /proc/PID/FILE (PID 0 = this process) into buf, NUL-terminated; open
   and read only, so the forked worker can use it (no stdio, no malloc). */
static bool read_proc(pid_t pid, const char *file, char *buf, size_t size) {
    char p[64];
    if (pid)
        snprintf(p, sizeof p, "/proc/%d/%s", (int)pid, file);
    else
        snprintf(p, sizeof p, "/proc/self/%s", file);
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = read(fd, buf, size - 1);
    close(fd);
    if (n <= 0) return false;
    buf[n] = '\0';
    return true;
}

/* Field `index` of /proc/PID/statm (0 = VmSize, 1 = resident) in bytes, -1 if unknown. */
static long long proc_statm_bytes(pid_t pid, int index) {
    char buf[128];
    long long v[2];
    if (!read_proc(pid, "statm", buf, sizeof buf) || sscanf(buf, "%lld %lld", &v[0], &v[1]) != 2)
        return -1;
    return v[index] * (long long)sysconf(_SC_PAGESIZE);
}

/* A "Vm...:" line of /proc/PID/status in bytes, -1 if unknown. */
static long long proc_status_bytes(pid_t pid, const char *key) {
    char buf[4096], pat[32];
    if (!read_proc(pid, "status", buf, sizeof buf)) return -1;
    snprintf(pat, sizeof pat, "\n%s:", key);
    const char *at = strstr(buf, pat);
    long long kb = -1;
    if (!at || sscanf(at + strlen(pat), "%lld", &kb) != 1) return -1;
    return kb * 1024;
}

/* The second fence: the parent's RSS poll cannot see a single huge allocation
   before it is touched. The limit comes on top of what the worker has mapped
   already (a host with a GL driver maps gigabytes; the warm heap). Only the
   soft limit moves, so the next import can raise it again. */
static void set_memory_fence(uint64_t max_memory) {
    uint64_t headroom = (uint64_t)256 << 20;
    uint64_t extra = max_memory > UINT64_MAX / 2 ? UINT64_MAX / 2 : max_memory;
    struct rlimit rl;
#ifndef VT_ASAN
    long long vm = proc_statm_bytes(0, 0);
    if (vm < 0 || getrlimit(RLIMIT_AS, &rl) != 0) return;
#else
    /* ASan reserves its shadow up front, so RLIMIT_AS would stop everything;
       RLIMIT_DATA only limits new private writable mappings. The headroom
       matters: an ASan report that cannot map its own buffers deadlocks. */
    long long vm = proc_status_bytes(0, "VmData");
    if (vm < 0 || getrlimit(RLIMIT_DATA, &rl) != 0) return;
#endif
    uint64_t want = (uint64_t)vm + extra + headroom;
    if (rl.rlim_max != RLIM_INFINITY && want > (uint64_t)rl.rlim_max) want = rl.rlim_max;
    rl.rlim_cur = (rlim_t)want;
#ifndef VT_ASAN
    setrlimit(RLIMIT_AS, &rl);
#else
    setrlimit(RLIMIT_DATA, &rl);
#endif
}

/* Freed heap the worker keeps: an import can use it without its resident set
   growing, so the parent counts it as used. */
static uint64_t heap_retained(void) {
#ifdef VT_ASAN
    size_t heap = __sanitizer_get_heap_size(), used = __sanitizer_get_current_allocated_bytes();
    return heap > used ? heap - used : 0;
#else
    struct mallinfo2 mi = mallinfo2();
    return mi.fordblks;
#endif
}

/* Resets VmHWM to the current resident set (Linux 4.0). */
static bool reset_peak(void) {
    int fd = open("/proc/self/clear_refs", O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    ssize_t n = write(fd, "5", 1);
    close(fd);
    return n == 1;
}

/* Closes every descriptor but 0-2 and keep[0..1]: a long-lived worker must
   not hold the host's pipes and sockets open. */
static void close_others(const int keep[2]) {
    int a = keep[0] < keep[1] ? keep[0] : keep[1], b = keep[0] < keep[1] ? keep[1] : keep[0];
    unsigned ranges[3][2] = {
        {3, (unsigned)a - 1}, {(unsigned)a + 1, (unsigned)b - 1}, {(unsigned)b + 1, ~0u}};
    for (int i = 0; i < 3; i++) {
        if (ranges[i][0] > ranges[i][1]) continue;
        if (close_range(ranges[i][0], ranges[i][1], 0) == 0) continue;
        long max = sysconf(_SC_OPEN_MAX);
        unsigned last = ranges[i][1];
        if (max > 0 && (unsigned long)max - 1 < last) last = (unsigned)max - 1;
        if (last > 65535) last = 65535;
        for (unsigned fd = ranges[i][0]; fd <= last && fd >= ranges[i][0]; fd++) close((int)fd);
    }
}

/* No PR_SET_PDEATHSIG: it fires when the thread that forked exits, and a
   host's job thread may start the worker. When the host goes, the socket
   closes and an idle worker exits; a busy one is bounded by its fences. */
static void run_worker(int sock, int mem, int errfd) {
    /* above 0-2 first: a host without stdin may have been given fd 0 for one */
    sock = fcntl(sock, F_DUPFD_CLOEXEC, 3);
    mem = fcntl(mem, F_DUPFD_CLOEXEC, 3);
    if (errfd >= 0) errfd = fcntl(errfd, F_DUPFD_CLOEXEC, 3);
    if (sock < 0 || mem < 0) _exit(3);
    /* The worker's stderr (assimp's own prints, sanitizer reports) goes to a
       buffer the parent looks at and forwards; stdin and stdout to nowhere. */
    if (errfd >= 0) dup2(errfd, STDERR_FILENO);
    int null = open("/dev/null", O_RDWR | O_CLOEXEC);
    if (null >= 0) {
        dup2(null, STDIN_FILENO);
        dup2(null, STDOUT_FILENO);
    }
    close_others((int[2]){sock, mem});
    /* The host's handlers are not for the worker: a crash must end it (a test
       framework's handler would longjmp back into a copy of the host), and
       the terminal's ^C is for the host, which takes the worker down with it. */
    int fatal[] = {SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, SIGTERM, SIGHUP, SIGALRM};
    for (size_t i = 0; i < VT_COUNTOF(fatal); i++) signal(fatal[i], SIG_DFL);
    signal(SIGINT, SIG_IGN);
    signal(SIGQUIT, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    /* Keep freed memory mapped (warm) for the next import instead of giving
       it back to the kernel and faulting it in again. */
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    static log_buf logs;
    vt_log_set_handler(child_log, &logs);
    static writer w;
    for (;;) {
        request rq;
        ssize_t got = recv(sock, &rq, sizeof rq, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got != (ssize_t)sizeof rq) _exit(0); /* the parent closed the socket */
        rq.path[sizeof rq.path - 1] = '\0';
        set_memory_fence(rq.max_memory);
        /* the time fence, should the parent be gone: it kills at timeout_s */
        double secs = rq.timeout_s > 0 && rq.timeout_s < 86400 ? rq.timeout_s : 86400;
        alarm((unsigned)secs + 2u);
        bool peak_ok = reset_peak();
        logs.len = 0;
        vt_model *m = NULL;
        const struct aiScene *scene = NULL;
        vt_result r = vt__import_local(rq.path, true, &scene, &m);
        alarm(0);
        lseek(mem, 0, SEEK_SET);
        w.fd = mem;
        w.ok = true;
        w.total = 0;
        w.len = 0;
        stream_header h;
        memset(&h, 0, sizeof h);
        h.magic = STREAM_MAGIC;
        h.result = r;
        if (r != VT_OK) {
            const char *e = vt_last_error();
            /* assimp reports allocation failure as std::bad_alloc: that is the memory limit */
            if (strstr(e, "bad_alloc") || r == VT_ERR_NOMEM) h.result = VT_ERR_NOMEM;
            snprintf(h.error, sizeof h.error, "%s", e);
        }
        h.log_bytes = logs.len;
        w_put(&w, &h, sizeof h);
        w_put(&w, logs.data, logs.len);
        if (m) write_model(&w, m);
        w_flush(&w);
        reply rp = {.magic = REPLY_MAGIC,
                    .ok = w.ok,
                    .peak_ok = peak_ok,
                    .bytes = w.total,
                    .retained = heap_retained()};
        ssize_t n;
        do n = send(sock, &rp, sizeof rp, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        /* _exit: no atexit handlers, no stdio flush of the parent's buffers, no leak check */
        if (n != (ssize_t)sizeof rp || !w.ok) _exit(3);
        /* The parent is already reading the result: free the import's memory now, so the
           next import finds it in the warm heap. */
        vt_model_free(m);
        if (scene) aiReleaseImport(scene);
    }
}

/* ---- parent side: read ---- */

typedef struct reader {
    int fd;
    uint64_t left; /* bytes not yet read */
    bool ok;
} reader;

static bool r_get(reader *rd, void *dst, size_t size) {
    if (!rd->ok) return false;
    if (size > rd->left) {
        rd->ok = false;
        return false;
    }
    uint8_t *p = dst;
    while (size) {
        ssize_t n = read(rd->fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            rd->ok = false;
            return false;
        }
        p += n;
        size -= (size_t)n;
        rd->left -= (uint64_t)n;
    }
    return true;
}

/* Reads count elements of size into a new array; count is checked against
   the bytes left so a corrupt stream cannot ask for a giant allocation. */
static void *r_alloc(reader *rd, uint64_t count, size_t size) {
    if (!rd->ok || !count) return NULL;
    if (count > rd->left / size) {
        rd->ok = false;
        return NULL;
    }
    void *p = malloc((size_t)count * size);
    if (!p) {
        rd->ok = false;
        return NULL;
    }
    if (!r_get(rd, p, (size_t)count * size)) {
        free(p);
        return NULL;
    }
    return p;
}

static void *r_array(reader *rd, uint64_t count, size_t size) {
    uint8_t present = 0;
    if (!r_get(rd, &present, 1) || !present) return NULL;
    if (!count) return NULL;
    return r_alloc(rd, count, size);
}

static void terminate_names(vt_model *m) {
    m->path[sizeof m->path - 1] = '\0';
    m->format[sizeof m->format - 1] = '\0';
}

/* Reads the model; every index is checked so a child gone wrong cannot hand
   the renderer an out-of-range reference. */
static bool read_model(reader *rd, vt_model **out) {
    vt_model *m = calloc(1, sizeof *m);
    if (!m) return false;
    vt_model hdr;
    if (!r_get(rd, &hdr, sizeof hdr)) {
        free(m);
        return false;
    }
    *m = hdr;
    m->nodes = NULL;
    m->meshes = NULL;
    m->materials = NULL;
    m->images = NULL;
    m->lights = NULL;
    m->variants = NULL;
    m->node_count = m->mesh_count = m->material_count = m->image_count = m->light_count =
        m->variant_count = 0;
    terminate_names(m);

    m->nodes = r_alloc(rd, hdr.node_count, sizeof *m->nodes);
    if (hdr.node_count && !m->nodes) goto fail;
    m->node_count = hdr.node_count;
    for (uint32_t i = 0; i < m->node_count; i++) {
        m->nodes[i].meshes = NULL;
        m->nodes[i].name[VT_NAME_MAX - 1] = '\0';
    }
    for (uint32_t i = 0; i < m->node_count; i++) {
        vt_model_node *n = &m->nodes[i];
        uint32_t c = n->mesh_count;
        n->mesh_count = 0;
        n->meshes = r_alloc(rd, c, sizeof(uint32_t));
        if (c && !n->meshes) goto fail;
        n->mesh_count = c;
        if (n->parent >= (int32_t)i || n->parent < -1) goto fail;
        for (uint32_t k = 0; k < c; k++)
            if (n->meshes[k] >= hdr.mesh_count) goto fail;
        if (n->light >= (int32_t)hdr.light_count || n->light < -1) goto fail;
    }

    m->meshes = r_alloc(rd, hdr.mesh_count, sizeof *m->meshes);
    if (hdr.mesh_count && !m->meshes) goto fail;
    for (uint32_t i = 0; i < hdr.mesh_count; i++) {
        vt_model_mesh *mm = &m->meshes[i];
        mm->variant_materials = NULL;
        memset(&mm->data.positions, 0, sizeof(vt_mesh_data) - offsetof(vt_mesh_data, positions));
    }
    m->mesh_count = hdr.mesh_count;
    for (uint32_t i = 0; i < m->mesh_count; i++) {
        vt_model_mesh *mm = &m->meshes[i];
        vt_mesh_data *d = &mm->data;
        mm->name[VT_NAME_MAX - 1] = '\0';
        uint64_t nv = d->vertex_count;
        d->positions = r_array(rd, nv * 3, sizeof(float));
        d->normals = r_array(rd, nv * 3, sizeof(float));
        d->tangents = r_array(rd, nv * 4, sizeof(float));
        d->uv0 = r_array(rd, nv * 2, sizeof(float));
        d->uv1 = r_array(rd, nv * 2, sizeof(float));
        d->colors = r_array(rd, nv * 4, sizeof(float));
        d->indices = r_array(rd, d->index_count, sizeof(uint32_t));
        mm->variant_materials = r_array(rd, hdr.variant_count, sizeof(uint32_t));
        if (!rd->ok) goto fail;
        if ((nv && !d->positions) || (d->index_count && !d->indices) || d->index_count % 3)
            goto fail;
        if (mm->material >= hdr.material_count && hdr.material_count) goto fail;
        for (uint32_t k = 0; k < d->index_count; k++)
            if (d->indices[k] >= nv) goto fail;
        if (mm->variant_materials)
            for (uint32_t k = 0; k < hdr.variant_count; k++)
                if (mm->variant_materials[k] >= hdr.material_count) goto fail;
    }

    m->materials = r_alloc(rd, hdr.material_count, sizeof *m->materials);
    if (hdr.material_count && !m->materials) goto fail;
    m->material_count = hdr.material_count;
    for (uint32_t i = 0; i < m->material_count; i++) {
        vt_material *mt = &m->materials[i];
        mt->name[VT_NAME_MAX - 1] = '\0';
        vt_texture_ref *refs[] = {
            &mt->base_color_tex,          &mt->metallic_roughness_tex, &mt->normal_tex,
            &mt->occlusion_tex,           &mt->emissive_tex,           &mt->clearcoat_tex,
            &mt->clearcoat_roughness_tex, &mt->clearcoat_normal_tex,   &mt->sheen_color_tex,
            &mt->transmission_tex};
        for (size_t k = 0; k < VT_COUNTOF(refs); k++)
            if (refs[k]->image < -1 || refs[k]->image >= (int32_t)hdr.image_count ||
                refs[k]->texcoord > 1)
                goto fail;
    }

    m->images = r_alloc(rd, hdr.image_count, sizeof *m->images);
    if (hdr.image_count && !m->images) goto fail;
    for (uint32_t i = 0; i < hdr.image_count; i++) m->images[i].pixels = NULL;
    m->image_count = hdr.image_count;
    for (uint32_t i = 0; i < m->image_count; i++) {
        vt_image *img = &m->images[i];
        img->name[sizeof img->name - 1] = '\0';
        img->pixels = r_array(rd, (uint64_t)img->width * img->height, 4);
        if (!rd->ok || !img->pixels) goto fail;
    }
    m->lights = r_alloc(rd, hdr.light_count, sizeof *m->lights);
    if (hdr.light_count && !m->lights) goto fail;
    m->light_count = hdr.light_count;
    m->variants = r_alloc(rd, hdr.variant_count, sizeof *m->variants);
    if (hdr.variant_count && !m->variants) goto fail;
    m->variant_count = hdr.variant_count;
    for (uint32_t i = 0; i < m->variant_count; i++) m->variants[i][VT_NAME_MAX - 1] = '\0';
    if (!rd->ok) goto fail;
    *out = m;
    return true;
fail:
    vt_model_free(m);
    return false;
}

/* Copies sanitizer reports the child wrote on stderr to ours, except one
   that the allocator ran out of memory: under ASan operator new reports and
   exits instead of throwing, and that is our memory limit doing its job.
   Returns true for that case. */
static bool forward_stderr(int errfd) {
    if (errfd < 0) return false;
    struct stat st;
    if (fstat(errfd, &st) != 0 || st.st_size <= 0) return false;
    size_t n = (size_t)st.st_size < 65536 ? (size_t)st.st_size : 65536;
    char *buf = malloc(n + 1);
    if (!buf) return false;
    ssize_t got = pread(errfd, buf, n, 0);
    if (got <= 0) {
        free(buf);
        return false;
    }
    buf[got] = '\0';
    bool oom = strstr(buf, "allocator is out of memory") ||
               strstr(buf, "requested allocation size") || strstr(buf, "out-of-memory") ||
               strstr(buf, "Failed to mmap") || strstr(buf, "failed to allocate");
    /* Sanitizer reports are bugs and must stay visible; other chatter from the
       importer libraries (openddl prints parse trouble) is dropped: the
       failure, if any, is reported once by the caller. */
    bool report = strstr(buf, "Sanitizer") || strstr(buf, "runtime error:");
    if (!oom && report) {
        fwrite(buf, 1, (size_t)got, stderr);
        fflush(stderr);
    }
    free(buf);
    return oom;
}

/* Workers that were retired or killed and are still exiting. They are
   reaped at the next import rather than waited for (the teardown of a large
   import takes a while) or reaped on a thread (a thread starting or exiting
   while another thread forks can leave the child with a held lock). */
static pthread_mutex_t zombies_lock = PTHREAD_MUTEX_INITIALIZER;
static pid_t zombies[64];
static unsigned zombie_count;

static void reap_zombies(void) {
    pthread_mutex_lock(&zombies_lock);
    for (unsigned i = 0; i < zombie_count;) {
        pid_t w = waitpid(zombies[i], NULL, WNOHANG);
        if (w == zombies[i] || (w < 0 && errno == ECHILD))
            zombies[i] = zombies[--zombie_count];
        else
            i++;
    }
    pthread_mutex_unlock(&zombies_lock);
}

static void reap_later(pid_t pid) {
    reap_zombies();
    pthread_mutex_lock(&zombies_lock);
    bool queued = zombie_count < VT_COUNTOF(zombies);
    if (queued) zombies[zombie_count++] = pid;
    pthread_mutex_unlock(&zombies_lock);
    if (!queued)
        while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
        }
}

static void replay_logs(const char *logs, size_t len) {
    size_t i = 0;
    while (i < len) {
        int level = (signed char)logs[i++];
        const char *module = logs + i;
        const char *mend = memchr(module, '\0', len - i);
        if (!mend) return;
        i = (size_t)(mend - logs) + 1;
        const char *msg = logs + i;
        const char *end = memchr(msg, '\0', len - i);
        if (!end) return;
        i = (size_t)(end - logs) + 1;
        vt_log((vt_log_level)level, module, "%s", msg);
    }
}

static vt_result over_memory(const char *path, const vt_load_desc *d) {
    return vt__fail(VT_ERR_LIMIT, "%s: import exceeded %zu MiB of memory", path,
                    d->max_memory_bytes >> 20);
}

/* Reads the result the worker left in fd (bytes long). */
static vt_result read_result(int fd, uint64_t bytes, const char *path, const vt_load_desc *d,
                             vt_model **out) {
    if (bytes < sizeof(stream_header) || lseek(fd, 0, SEEK_SET) != 0)
        return vt__fail(VT_ERR_PARSE, "%s: importer returned garbage", path);
    reader rd = {.fd = fd, .left = bytes, .ok = true};
    stream_header h;
    if (!r_get(&rd, &h, sizeof h) || h.magic != STREAM_MAGIC)
        return vt__fail(VT_ERR_PARSE, "%s: importer returned garbage", path);
    h.error[ERR_MAX - 1] = '\0';
    char *logs = h.log_bytes ? r_alloc(&rd, h.log_bytes, 1) : NULL;
    if (h.result != VT_OK) {
        free(logs);
        if (h.result == VT_ERR_NOMEM) return over_memory(path, d);
        vt_result hr = (vt_result)h.result;
        if (hr > 0 || hr < VT_ERR_GPU) hr = VT_ERR_PARSE;
        return vt__fail(hr, "%s", h.error);
    }
    vt_model *m = NULL;
    bool ok = rd.ok && read_model(&rd, &m);
    if (!ok) {
        free(logs);
        vt_model_free(m);
        return vt__fail(VT_ERR_PARSE, "%s: importer returned a broken model", path);
    }
    /* warnings only for a model that loaded: a failure is one line */
    if (logs) replay_logs(logs, (size_t)h.log_bytes);
    free(logs);
    *out = m;
    return VT_OK;
}

/* ---- the worker, seen from the parent ---- */

typedef struct worker {
    pid_t pid;   /* 0: none */
    pid_t owner; /* the process that started it */
    int sock, mem, errfd;
    long long spawn_rss; /* the parent's resident set when it was forked */
    uint64_t retained;   /* freed heap it holds, from its last reply */
    unsigned imports;
} worker;

static pthread_mutex_t worker_lock = PTHREAD_MUTEX_INITIALIZER;
static worker the_worker = {.sock = -1, .mem = -1, .errfd = -1};
static pthread_once_t worker_once = PTHREAD_ONCE_INIT;

/* Drops this process's handles on the worker; an idle worker exits when its
   socket closes. */
static void worker_forget(worker *w) {
    if (w->sock >= 0) close(w->sock);
    if (w->mem >= 0) close(w->mem);
    if (w->errfd >= 0) close(w->errfd);
    *w = (worker){.sock = -1, .mem = -1, .errfd = -1};
}

/* Ends the worker without waiting for the kernel to tear it down. */
static void worker_kill(worker *w) {
    pid_t pid = w->pid;
    worker_forget(w);
    if (pid > 0) {
        kill(pid, SIGKILL);
        reap_later(pid);
    }
}

/* A child the host forks holds copies of our handles: it forgets them, and
   the lock, which another thread of the host may have held at the fork. */
static void worker_atfork_child(void) {
    pthread_mutex_init(&worker_lock, NULL);
    if (the_worker.pid) worker_forget(&the_worker);
}

static void worker_atexit(void) {
    if (pthread_mutex_trylock(&worker_lock) != 0) return; /* an import on another thread */
    if (the_worker.pid && the_worker.owner == getpid())
        worker_kill(&the_worker);
    else if (the_worker.pid)
        worker_forget(&the_worker);
    pthread_mutex_unlock(&worker_lock);
}

static void worker_register(void) {
    pthread_atfork(NULL, NULL, worker_atfork_child);
    atexit(worker_atexit);
}

static vt_result worker_spawn(worker *w, const char *path) {
    pthread_once(&worker_once, worker_register);
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0)
        return vt__fail(VT_ERR_IO, "%s: cannot create socket: %s", path, strerror(errno));
    int mem = memfd_create("vitrine-import", MFD_CLOEXEC);
    if (mem < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        return vt__fail(VT_ERR_IO, "%s: cannot create import buffer: %s", path, strerror(e));
    }
    int errfd = memfd_create("vitrine-import-stderr", MFD_CLOEXEC);
    /* The worker starts sharing every page of this process, and they count in
       its resident set: the limit is on what it adds. */
    long long rss = proc_statm_bytes(0, 1);
    pid_t parent = getpid();
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        close(mem);
        if (errfd >= 0) close(errfd);
        return vt__fail(VT_ERR_NOMEM, "%s: cannot start importer: %s", path, strerror(e));
    }
    if (pid == 0) {
        close(sv[0]);
        run_worker(sv[1], mem, errfd); /* does not return */
    }
    close(sv[1]);
    *w = (worker){.pid = pid,
                  .owner = parent,
                  .sock = sv[0],
                  .mem = mem,
                  .errfd = errfd,
                  .spawn_rss = rss < 0 ? 0 : rss};
    return VT_OK;
}

/* The exit status of a worker that closed its socket mid-import. */
static vt_result worker_died(worker *w, const char *path, const vt_load_desc *d, bool oom) {
    pid_t pid = w->pid, got;
    int status = 0;
    worker_forget(w);
    while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR) {
    }
    if (oom) return over_memory(path, d);
    if (got != pid) return vt__fail(VT_ERR_IO, "%s: lost the importer", path);
    if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        /* SIGKILL from outside is most often the kernel's OOM killer */
        if (sig == SIGKILL)
            return vt__fail(VT_ERR_LIMIT, "%s: import exceeded the memory available", path);
        return vt__fail(VT_ERR_PARSE, "%s: importer crashed (signal %d)", path, sig);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_OVER_MEMORY) return over_memory(path, d);
    return vt__fail(VT_ERR_PARSE, "%s: importer crashed (exit status %d)", path,
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* Sends the request, starting a worker if there is none (or the one there
   went away between imports). *fresh: the worker was started for it; *base:
   the resident set growth is counted from (a fresh worker's: ours, whose pages
   it shares). */
static vt_result worker_send(worker *w, const request *rq, const char *path, bool *fresh,
                             long long *base) {
    if (w->pid && w->owner != getpid()) worker_forget(w); /* our parent's worker */
    if (w->pid && waitpid(w->pid, NULL, WNOHANG) != 0) worker_forget(w);
    for (int attempt = 0;; attempt++) {
        *fresh = !w->pid;
        if (*fresh) {
            vt_result r = worker_spawn(w, path);
            if (r != VT_OK) return r;
        }
        if (w->errfd >= 0 && ftruncate(w->errfd, 0) == 0) lseek(w->errfd, 0, SEEK_SET);
        *base = *fresh ? w->spawn_rss : proc_statm_bytes(w->pid, 1);
        if (*base < 0) *base = 0;
        ssize_t n;
        do n = send(w->sock, rq, sizeof *rq, MSG_NOSIGNAL);
        while (n < 0 && errno == EINTR);
        if (n == (ssize_t)sizeof *rq) return VT_OK;
        int e = errno;
        worker_kill(w);
        if (attempt)
            return vt__fail(VT_ERR_IO, "%s: cannot reach the importer: %s", path, strerror(e));
    }
}

static vt_result import_locked(worker *w, const char *path, const vt_load_desc *d, vt_model **out) {
    request rq;
    memset(&rq, 0, sizeof rq);
    rq.max_memory = d->max_memory_bytes;
    rq.timeout_s = d->timeout_s;
    snprintf(rq.path, sizeof rq.path, "%s", path);
    bool fresh = false;
    long long base = 0;
    vt_result r = worker_send(w, &rq, path, &fresh, &base);
    if (r != VT_OK) return r;
    /* Growth over the resident set before the import, plus the freed heap the
       worker could refill without growing. */
    long long retained =
        fresh ? 0
              : (long long)(w->retained > ((uint64_t)1 << 50) ? (uint64_t)1 << 50 : w->retained);
    long long limit =
        (long long)(d->max_memory_bytes > (size_t)LLONG_MAX / 2 ? (size_t)LLONG_MAX / 2
                                                                : d->max_memory_bytes);
    double start = vt_time_now();
    reply rp;
    for (;;) {
        /* Wake at once when the worker replies or dies (the socket closes),
           else look at its memory and the clock every 5 ms. */
        struct pollfd pfd = {.fd = w->sock, .events = POLLIN};
        int pr = poll(&pfd, 1, 5);
        if (pr > 0) {
            ssize_t n = recv(w->sock, &rp, sizeof rp, MSG_DONTWAIT);
            if (n == (ssize_t)sizeof rp && rp.magic == REPLY_MAGIC) break;
            if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (n <= 0) return worker_died(w, path, d, forward_stderr(w->errfd));
            forward_stderr(w->errfd);
            worker_kill(w);
            return vt__fail(VT_ERR_PARSE, "%s: importer returned garbage", path);
        }
        long long rss = proc_statm_bytes(w->pid, 1);
        if (rss - base + retained > limit) {
            forward_stderr(w->errfd);
            worker_kill(w);
            return over_memory(path, d);
        }
        if (vt_time_now() - start > d->timeout_s) {
            forward_stderr(w->errfd);
            worker_kill(w);
            return vt__fail(VT_ERR_LIMIT, "%s: import took longer than %g s", path, d->timeout_s);
        }
    }
    w->imports++;
    w->retained = rp.retained;
    bool oom = forward_stderr(w->errfd);
    /* a peak between two polls */
    long long peak = rp.peak_ok ? proc_status_bytes(w->pid, "VmHWM") : -1;
    if (oom || (peak >= 0 && peak - base + retained > limit)) {
        worker_kill(w);
        return over_memory(path, d);
    }
    if (!rp.ok) return worker_died(w, path, d, false); /* it exits after a failed write */
    r = read_result(w->mem, rp.bytes, path, d, out);
    struct stat st;
    if (fstat(w->mem, &st) == 0 && st.st_size > KEEP_RESULT_BYTES) ftruncate(w->mem, 0);
    long long idle = proc_statm_bytes(w->pid, 1);
    if (r == VT_ERR_LIMIT || idle < 0 || idle - w->spawn_rss > WORKER_MAX_GROWTH ||
        w->imports >= WORKER_MAX_IMPORTS)
        worker_kill(w);
    return r;
}

vt_result vt__import_sandboxed(const char *path, const vt_load_desc *d, vt_model **out) {
    *out = NULL;
    reap_zombies();
    if (strlen(path) >= sizeof((request *)0)->path)
        return vt__fail(VT_ERR_INVALID, "%s: path too long", path);
    pthread_mutex_lock(&worker_lock);
    vt_result r = import_locked(&the_worker, path, d, out);
    pthread_mutex_unlock(&worker_lock);
    return r;
}

pid_t vt__import_worker_pid(void) {
    pthread_mutex_lock(&worker_lock);
    pid_t pid = the_worker.owner == getpid() ? the_worker.pid : 0;
    pthread_mutex_unlock(&worker_lock);
    return pid;
}
