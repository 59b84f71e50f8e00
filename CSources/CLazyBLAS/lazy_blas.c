/*
 * lazy_blas.c — see include/lazy_blas.h: OpenBLAS through dlopen on first use.
 */
#include "lazy_blas.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The CBLAS row-major order value. */
enum { LB_ROW_MAJOR = 101 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);
typedef void (*sgemv_fn)(int, int, int, int, float, const float *, int, const float *, int, float, float *,
                         int);
typedef void (*set_threads_fn)(int);
typedef char *(*text_fn)(void);

static struct {
    sgemm_fn sgemm;
    sgemv_fn sgemv;
    set_threads_fn set_threads;
    text_fn config, corename;
    char error[256];
    char unavailable_config[300]; /* what lb_config() says when loading failed */
    int ready;
} blas;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

/* The shared object names to try: Debian's soname first (what libopenblas-dev links), then the
 * unversioned development link. */
static const char *const library_names[] = {"libopenblas.so.0", "libopenblas.so"};

static void *symbol(void *handle, const char *name) {
    void *found = dlsym(handle, name);
    if (found == NULL && blas.error[0] == '\0') {
        snprintf(blas.error, sizeof blas.error, "OpenBLAS has no %s", name);
    }
    return found;
}

static void load_library(void);

static void load(void) {
    load_library();
    if (!blas.ready) snprintf(blas.unavailable_config, sizeof blas.unavailable_config, "not loaded: %s", blas.error);
}

static void load_library(void) {
    void *handle = NULL;
    for (size_t i = 0; handle == NULL && i < sizeof library_names / sizeof library_names[0]; i++) {
        handle = dlopen(library_names[i], RTLD_NOW | RTLD_LOCAL);
    }
    if (handle == NULL) {
        const char *why = dlerror();
        snprintf(blas.error, sizeof blas.error,
                 "OpenBLAS (libopenblas.so.0) could not be loaded: %s; install it (Debian: libopenblas0)",
                 why != NULL ? why : "not found");
        return;
    }
    blas.sgemm = (sgemm_fn)symbol(handle, "cblas_sgemm");
    blas.sgemv = (sgemv_fn)symbol(handle, "cblas_sgemv");
    blas.set_threads = (set_threads_fn)symbol(handle, "openblas_set_num_threads");
    blas.config = (text_fn)symbol(handle, "openblas_get_config");
    blas.corename = (text_fn)symbol(handle, "openblas_get_corename");
    if (blas.error[0] != '\0') return; /* the handle stays open: symbols found so far stay valid */
    if (getenv("OPENBLAS_NUM_THREADS") == NULL && getenv("OMP_NUM_THREADS") == NULL) blas.set_threads(1);
    blas.ready = 1;
}

int lb_available(void) {
    pthread_once(&load_once, load);
    return blas.ready;
}

const char *lb_load_error(void) { return blas.error; }

void lb_sgemm(int trans_a, int trans_b, int32_t m, int32_t n, int32_t k, float alpha, const float *a,
              int32_t lda, const float *b, int32_t ldb, float beta, float *c, int32_t ldc) {
    if (!lb_available()) abort(); /* callers check lb_available() first; reaching here is a bug */
    blas.sgemm(LB_ROW_MAJOR, trans_a, trans_b, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

void lb_sgemv(int32_t m, int32_t n, float alpha, const float *a, int32_t lda, const float *x, float beta,
              float *y) {
    if (!lb_available()) abort();
    blas.sgemv(LB_ROW_MAJOR, LB_NO_TRANS, m, n, alpha, a, lda, x, 1, beta, y, 1);
}

void lb_set_num_threads(int32_t threads) {
    if (lb_available()) blas.set_threads(threads < 1 ? 1 : threads);
}

const char *lb_config(void) {
    if (!lb_available()) return blas.unavailable_config;
    const char *config = blas.config();
    return config != NULL ? config : "unknown BLAS";
}

const char *lb_corename(void) {
    if (!lb_available()) return "";
    const char *core = blas.corename();
    return core != NULL ? core : "";
}
