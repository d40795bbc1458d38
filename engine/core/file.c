/* Files, paths and the clock. */
#define _POSIX_C_SOURCE 200809L
#include "vitrine/core.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

vt_result vt_file_read(const char *path, size_t max_bytes, void **out_data, size_t *out_size) {
    *out_data = NULL;
    if (out_size) *out_size = 0;
    if (!max_bytes) max_bytes = (size_t)1 << 30;
    /* O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused below */
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
    if (!f) {
        int e = errno;
        if (fd >= 0) close(fd);
        return vt__fail(VT_ERR_IO, "%s: cannot open: %s", path, strerror(e));
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        fclose(f);
        return vt__fail(VT_ERR_IO, "%s: not a regular file", path);
    }
    if ((unsigned long long)st.st_size > max_bytes) {
        fclose(f);
        return vt__fail(VT_ERR_LIMIT, "%s: %lld bytes exceeds the %zu-byte limit", path,
                        (long long)st.st_size, max_bytes);
    }
    size_t size = (size_t)st.st_size;
    char *buf = malloc(size + 1);
    if (!buf) {
        fclose(f);
        return vt__fail(VT_ERR_NOMEM, "%s: out of memory reading %zu bytes", path, size);
    }
    size_t got = fread(buf, 1, size, f);
    fclose(f);
    if (got != size) {
        free(buf);
        return vt__fail(VT_ERR_IO, "%s: short read", path);
    }
    buf[size] = '\0';
    *out_data = buf;
    if (out_size) *out_size = size;
    return VT_OK;
}

vt_result vt_file_write(const char *path, const void *data, size_t size) {
    FILE *f = fopen(path, "wb");
    if (!f) return vt__fail(VT_ERR_IO, "%s: cannot create: %s", path, strerror(errno));
    size_t put = fwrite(data, 1, size, f);
    if (fclose(f) != 0 || put != size)
        return vt__fail(VT_ERR_IO, "%s: write failed: %s", path, strerror(errno));
    return VT_OK;
}

bool vt_file_exists(const char *path) {
    struct stat st;
    return path && stat(path, &st) == 0;
}

long long vt_file_size(const char *path) {
    struct stat st;
    if (!path || stat(path, &st) != 0) return -1;
    return (long long)st.st_size;
}

void vt_path_dir(const char *path, char *out, size_t out_size) {
    const char *slash = strrchr(path, '/');
    if (!slash) {
        snprintf(out, out_size, ".");
        return;
    }
    size_t n = (size_t)(slash - path);
    if (n == 0) n = 1; /* "/file" -> "/" */
    snprintf(out, out_size, "%.*s", (int)n, path);
}

void vt_path_join(const char *dir, const char *rel, char *out, size_t out_size) {
    if (!dir || !dir[0] || rel[0] == '/')
        snprintf(out, out_size, "%s", rel);
    else
        snprintf(out, out_size, "%s/%s", dir, rel);
}

const char *vt_path_ext(const char *path) {
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(path, '.');
    if (!dot || (slash && dot < slash)) return "";
    return dot;
}

double vt_time_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
