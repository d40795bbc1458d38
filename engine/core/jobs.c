/* A fixed pool of job threads with one FIFO queue. */
#define _POSIX_C_SOURCE 200809L
#include "vitrine/core.h"
#include "internal.h"

#include <pthread.h>
#include <unistd.h>

typedef struct job {
    vt_job_fn fn;
    void *arg;
    struct job *next;
} job;

struct vt_jobs {
    pthread_mutex_t lock;
    pthread_cond_t wake, idle;
    job *head, *tail;
    uint32_t thread_count, busy;
    bool quit;
    pthread_t *threads;
};

static void *worker(void *p) {
    vt_jobs *js = p;
    pthread_mutex_lock(&js->lock);
    for (;;) {
        while (!js->head && !js->quit) pthread_cond_wait(&js->wake, &js->lock);
        if (!js->head && js->quit) break;
        job *j = js->head;
        js->head = j->next;
        if (!js->head) js->tail = NULL;
        js->busy++;
        pthread_mutex_unlock(&js->lock);
        j->fn(j->arg);
        free(j);
        pthread_mutex_lock(&js->lock);
        js->busy--;
        if (!js->head && !js->busy) pthread_cond_broadcast(&js->idle);
    }
    pthread_mutex_unlock(&js->lock);
    return NULL;
}

vt_result vt_jobs_create(uint32_t threads, vt_jobs **out) {
    *out = NULL;
    if (!threads) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        threads = n > 1 ? (uint32_t)(n - 1) : 1;
    }
    vt_jobs *js = calloc(1, sizeof *js);
    if (!js) return vt__fail(VT_ERR_NOMEM, "jobs: out of memory");
    js->threads = calloc(threads, sizeof *js->threads);
    if (!js->threads) {
        free(js);
        return vt__fail(VT_ERR_NOMEM, "jobs: out of memory");
    }
    pthread_mutex_init(&js->lock, NULL);
    pthread_cond_init(&js->wake, NULL);
    pthread_cond_init(&js->idle, NULL);
    for (uint32_t i = 0; i < threads; i++) {
        if (pthread_create(&js->threads[i], NULL, worker, js) != 0) break;
        js->thread_count++;
    }
    if (!js->thread_count) {
        vt_jobs_destroy(js);
        return vt__fail(VT_ERR_NOMEM, "jobs: no thread could be started");
    }
    *out = js;
    return VT_OK;
}

vt_result vt_jobs_submit(vt_jobs *js, vt_job_fn fn, void *arg) {
    VT_ASSERT(js && fn);
    job *j = malloc(sizeof *j);
    if (!j) return vt__fail(VT_ERR_NOMEM, "jobs: out of memory");
    *j = (job){fn, arg, NULL};
    pthread_mutex_lock(&js->lock);
    if (js->tail)
        js->tail->next = j;
    else
        js->head = j;
    js->tail = j;
    pthread_cond_signal(&js->wake);
    pthread_mutex_unlock(&js->lock);
    return VT_OK;
}

void vt_jobs_wait(vt_jobs *js) {
    pthread_mutex_lock(&js->lock);
    while (js->head || js->busy) pthread_cond_wait(&js->idle, &js->lock);
    pthread_mutex_unlock(&js->lock);
}

void vt_jobs_destroy(vt_jobs *js) {
    if (!js) return;
    pthread_mutex_lock(&js->lock);
    js->quit = true;
    pthread_cond_broadcast(&js->wake);
    pthread_mutex_unlock(&js->lock);
    for (uint32_t i = 0; i < js->thread_count; i++) pthread_join(js->threads[i], NULL);
    pthread_mutex_destroy(&js->lock);
    pthread_cond_destroy(&js->wake);
    pthread_cond_destroy(&js->idle);
    free(js->threads);
    free(js);
}
