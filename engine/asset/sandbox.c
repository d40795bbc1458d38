/* Bounded import: assimp runs in a forked child that writes the finished
   vt_model into a memfd, says "done" on a pipe and exits; the parent watches
   the child's memory and time, kills it past the limits, and reads the model
   back into individually malloc'ed arrays (checking every index).

   Limits: the parent polls the child's resident set every 5 ms (growth over
   the host's own, which the child shares at first); a resource limit is the
   second fence for one huge allocation: RLIMIT_AS, or RLIMIT_DATA under
   AddressSanitizer, which reserves terabytes of address space up front.

   The child is a fork of a possibly multi-threaded host: it starts no threads
   and takes no locks of ours, and the parent starts none around the fork
   (finished children are reaped at the next import, not on a thread). */
#include "asset_internal.h"
#include "core/internal.h"
#include "vitrine/core.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
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

/* Child exit status meaning "over the memory limit". */
#define EXIT_OVER_MEMORY 86

#define STREAM_MAGIC 0x314d5456u /* "VTM1" */
#define ERR_MAX 1024

typedef struct stream_header {
    uint32_t magic;
    int32_t result;
    char error[ERR_MAX];
    uint64_t log_bytes; /* log records follow: level byte, module\0, message\0 */
} stream_header;

/* ---- child side: write ---- */

typedef struct writer {
    int fd;
    bool ok;
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

/* A "Vm...:" line of /proc/self/status in bytes, -1 if unknown. */
static long long vm_status_bytes(const char *key) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long long kb = -1;
    size_t kl = strlen(key);
    while (fgets(line, sizeof line, f))
        if (!strncmp(line, key, kl) && line[kl] == ':' && sscanf(line + kl + 1, "%lld", &kb) == 1)
            break;
    fclose(f);
    return kb < 0 ? -1 : kb * 1024;
}

static void run_child(const char *path, const vt_load_desc *d, int fd, int errfd, int done_fd) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    /* The child's stderr (assimp's own prints, sanitizer reports) goes to a
       buffer the parent looks at and forwards. */
    if (errfd >= 0) dup2(errfd, STDERR_FILENO);
    /* A second fence: the parent's RSS poll cannot see a single huge allocation
       before it is touched. The limit comes on top of what the process has
       mapped already (a host with a GL driver maps gigabytes). */
    struct rlimit rl;
#ifndef VT_ASAN
    long long vm = vm_status_bytes("VmSize");
    if (vm >= 0) {
        rl.rlim_cur = rl.rlim_max = (rlim_t)vm + (rlim_t)d->max_memory_bytes + ((rlim_t)256 << 20);
        setrlimit(RLIMIT_AS, &rl);
    }
#else
    /* ASan reserves its shadow up front, so RLIMIT_AS would stop everything;
       RLIMIT_DATA only limits new private writable mappings. The headroom
       matters: an ASan report that cannot map its own buffers deadlocks. */
    long long data = vm_status_bytes("VmData");
    if (data >= 0) {
        rl.rlim_cur = rl.rlim_max =
            (rlim_t)data + (rlim_t)d->max_memory_bytes + ((rlim_t)256 << 20);
        setrlimit(RLIMIT_DATA, &rl);
    }
#endif
    static log_buf logs;
    vt_log_set_handler(child_log, &logs);
    vt_model *m = NULL;
    vt_result r = vt__import_local(path, true, &m);
    static writer w;
    w.fd = fd;
    w.ok = true;
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
    /* Tell the parent the result is complete before exiting: tearing down a
       large import's address space takes the kernel a while, and the parent
       need not wait for it. */
    if (w.ok) {
        ssize_t n;
        do n = write(done_fd, "k", 1);
        while (n < 0 && errno == EINTR);
    }
    /* _exit: no atexit handlers, no stdio flush of the parent's buffers, no leak check */
    _exit(w.ok ? 0 : 3);
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

static long long process_rss(pid_t pid) {
    char p[64];
    if (pid)
        snprintf(p, sizeof p, "/proc/%d/statm", (int)pid);
    else
        snprintf(p, sizeof p, "/proc/self/statm");
    int fd = open(p, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    char buf[128];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n <= 0) return -1;
    buf[n] = '\0';
    long long size = 0, resident = 0;
    if (sscanf(buf, "%lld %lld", &size, &resident) != 2) return -1;
    return resident * (long long)sysconf(_SC_PAGESIZE);
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

/* Children that delivered their result and are still exiting. They are
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

vt_result vt__import_sandboxed(const char *path, const vt_load_desc *d, vt_model **out) {
    *out = NULL;
    reap_zombies();
    int fd = memfd_create("vitrine-import", MFD_CLOEXEC);
    if (fd < 0)
        return vt__fail(VT_ERR_IO, "%s: cannot create import buffer: %s", path, strerror(errno));
    int errfd = memfd_create("vitrine-import-stderr", MFD_CLOEXEC);
    int alive[2];
    if (pipe2(alive, O_CLOEXEC) != 0) {
        close(fd);
        if (errfd >= 0) close(errfd);
        return vt__fail(VT_ERR_IO, "%s: cannot create pipe: %s", path, strerror(errno));
    }
    /* The child starts sharing every page of this process, and they count in
       its resident set: the limit is on what it adds. */
    long long base_rss = process_rss(0);
    if (base_rss < 0) base_rss = 0;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd);
        if (errfd >= 0) close(errfd);
        close(alive[0]);
        close(alive[1]);
        return vt__fail(VT_ERR_NOMEM, "%s: cannot start importer: %s", path, strerror(errno));
    }
    if (pid == 0) {
        close(alive[0]);
        run_child(path, d, fd, errfd, alive[1]); /* does not return */
    }
    close(alive[1]);

    double start = vt_time_now();
    int status = 0;
    bool done = false;     /* reaped: status is valid */
    bool finished = false; /* the child said its result is complete */
    vt_result r = VT_OK;
    long long limit = (long long)(d->max_memory_bytes > (size_t)LLONG_MAX ? (size_t)LLONG_MAX
                                                                          : d->max_memory_bytes);
    while (!done && !finished) {
        /* Wake at once when the child reports completion or dies (the pipe
           closes), else look at its memory and the clock every 5 ms. */
        struct pollfd pfd = {.fd = alive[0], .events = POLLIN};
        int pr = poll(&pfd, 1, 5);
        if (pr > 0 && (pfd.revents & POLLIN)) {
            char c = 0;
            ssize_t n = read(alive[0], &c, 1);
            if (n == 1 && c == 'k') {
                finished = true;
                break;
            }
        }
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            done = true;
            break;
        }
        if (w < 0 && errno != EINTR) {
            r = vt__fail(VT_ERR_IO, "%s: lost the importer: %s", path, strerror(errno));
            break;
        }
        if (pr > 0 && (pfd.revents & (POLLHUP | POLLERR))) {
            /* closed without a result: it is dying; wait for its status */
            if (waitpid(pid, &status, 0) == pid) done = true;
            break;
        }
        long long rss = process_rss(pid);
        if (rss - base_rss > limit) {
            kill(pid, SIGKILL);
            r = vt__fail(VT_ERR_LIMIT, "%s: import exceeded %zu MiB of memory", path,
                         d->max_memory_bytes >> 20);
            break;
        }
        if (vt_time_now() - start > d->timeout_s) {
            kill(pid, SIGKILL);
            r = vt__fail(VT_ERR_LIMIT, "%s: import took longer than %g s", path, d->timeout_s);
            break;
        }
    }
    if (finished && waitpid(pid, &status, WNOHANG) != pid) reap_later(pid);
    close(alive[0]);
    bool child_oom = forward_stderr(errfd);
    if (errfd >= 0) close(errfd);
    if (child_oom && r == VT_OK) {
        close(fd);
        return vt__fail(VT_ERR_LIMIT, "%s: import exceeded %zu MiB of memory", path,
                        d->max_memory_bytes >> 20);
    }
    if (!done && !finished) {
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        if (r == VT_OK) r = vt__fail(VT_ERR_IO, "%s: lost the importer", path);
        close(fd);
        return r;
    }
    if (!finished && WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        close(fd);
        if (sig == SIGKILL || sig == SIGSEGV || sig == SIGABRT || sig == SIGBUS) {
            /* SIGKILL from outside is most often the kernel's OOM killer */
            if (sig == SIGKILL)
                return vt__fail(VT_ERR_LIMIT, "%s: import exceeded the memory available", path);
        }
        return vt__fail(VT_ERR_PARSE, "%s: importer crashed (signal %d)", path, sig);
    }
    if (!finished && WIFEXITED(status) && WEXITSTATUS(status) == EXIT_OVER_MEMORY) {
        close(fd);
        return vt__fail(VT_ERR_LIMIT, "%s: import exceeded %zu MiB of memory", path,
                        d->max_memory_bytes >> 20);
    }
    struct stat st;
    if (!finished || fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(stream_header)) {
        close(fd);
        return vt__fail(VT_ERR_PARSE, "%s: importer crashed (exit status %d)", path,
                        WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    lseek(fd, 0, SEEK_SET);
    reader rd = {.fd = fd, .left = (uint64_t)st.st_size, .ok = true};
    stream_header h;
    if (!r_get(&rd, &h, sizeof h) || h.magic != STREAM_MAGIC) {
        close(fd);
        return vt__fail(VT_ERR_PARSE, "%s: importer returned garbage", path);
    }
    h.error[ERR_MAX - 1] = '\0';
    char *logs = h.log_bytes ? r_alloc(&rd, h.log_bytes, 1) : NULL;
    if (h.result != VT_OK) {
        close(fd);
        free(logs);
        if (h.result == VT_ERR_NOMEM)
            return vt__fail(VT_ERR_LIMIT, "%s: import exceeded %zu MiB of memory", path,
                            d->max_memory_bytes >> 20);
        vt_result hr = (vt_result)h.result;
        if (hr > 0 || hr < VT_ERR_GPU) hr = VT_ERR_PARSE;
        return vt__fail(hr, "%s", h.error);
    }
    vt_model *m = NULL;
    bool ok = rd.ok && read_model(&rd, &m);
    close(fd);
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
