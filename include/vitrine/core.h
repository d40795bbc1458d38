/* vitrine/core.h — files, paths, clocks and job threads.

   What it does: whole-file reads with a size limit, path helpers, a monotonic
   clock, and a small pool of job threads for import and other CPU work.
   What it does not: no GL, no window; nothing here prints (see base.h logger).

   Ownership: vt_file_read returns a buffer the caller frees with free();
   vt_jobs_create / vt_jobs_destroy come in pairs.

   Example:
       void *data; size_t size;
       if (vt_file_read("store.json", 1 << 20, &data, &size) != VT_OK) puts(vt_last_error());
*/
#ifndef VITRINE_CORE_H
#define VITRINE_CORE_H

#include "vitrine/base.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads a whole file into a malloc'ed buffer with one NUL byte after the end.
   max_bytes 0 means 1 GiB. Errors name the path: VT_ERR_IO, VT_ERR_LIMIT. */
VT_API vt_result vt_file_read(const char *path, size_t max_bytes, void **out_data,
                              size_t *out_size);
VT_API vt_result vt_file_write(const char *path, const void *data, size_t size);
VT_API bool vt_file_exists(const char *path);
VT_API long long vt_file_size(const char *path); /* -1 when it cannot be read */

/* Path helpers write into out (size out_size, always NUL-terminated). */
VT_API void vt_path_dir(const char *path, char *out, size_t out_size); /* "a/b.glb" -> "a" */
VT_API void vt_path_join(const char *dir, const char *rel, char *out, size_t out_size);
VT_API const char *vt_path_ext(const char *path); /* ".glb" (borrowed from path), "" if none */

VT_API double vt_time_now(void); /* seconds, monotonic */

/* Job threads. */
typedef struct vt_jobs vt_jobs;
typedef void (*vt_job_fn)(void *arg);
VT_API vt_result vt_jobs_create(uint32_t threads, vt_jobs **out); /* 0 threads = cores - 1, min 1 */
VT_API void vt_jobs_destroy(vt_jobs *jobs);                       /* waits for queued jobs */
VT_API vt_result vt_jobs_submit(vt_jobs *jobs, vt_job_fn fn, void *arg);
VT_API void vt_jobs_wait(vt_jobs *jobs); /* until the queue is empty and all workers idle */

#ifdef __cplusplus
}
#endif
#endif
