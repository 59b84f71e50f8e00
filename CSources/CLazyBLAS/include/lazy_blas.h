/*
 * lazy_blas.h — OpenBLAS, loaded the first time something multiplies with it instead of at
 * process start.
 *
 * Linking OpenBLAS made every process pay for it before main: the library and its Fortran
 * runtime were mapped and relocated, and its constructor started a worker thread per core that
 * spun on sched_yield for ~0.1 s waiting for work that a one-shot `memlayer search` never
 * gives it (the x86 kernels of CMemVec and CMiniLM do not use BLAS). Only the portable kernels
 * (CPUs without AVX2) and batched vector scans call BLAS, so they load it through this header.
 *
 * Row-major single precision only: the two routines the products use. The enum values are the
 * CBLAS standard's, so the calls are the same as cblas_sgemm / cblas_sgemv.
 */
#ifndef LAZY_BLAS_H
#define LAZY_BLAS_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__clang__)
#pragma clang assume_nonnull begin
#endif

/* CBLAS_TRANSPOSE values. */
enum { LB_NO_TRANS = 111, LB_TRANS = 112 };

/*
 * Loads OpenBLAS (libopenblas.so.0) on the first call; returns 1 when it is usable, 0 when it
 * could not be loaded (lb_load_error() says why). Thread-safe; later calls cost one load.
 * On load, OpenBLAS is set to one thread unless OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is in
 * the environment (MemLayer parallelises across queries and batches itself).
 */
int lb_available(void);

/* Why OpenBLAS could not be loaded (empty when it was, or before the first lb_available()). */
const char *lb_load_error(void);

/* C = alpha * op(A) * op(B) + beta * C, row-major. OpenBLAS must be available (lb_available). */
void lb_sgemm(int trans_a, int trans_b, int32_t m, int32_t n, int32_t k, float alpha, const float *a,
              int32_t lda, const float *b, int32_t ldb, float beta, float *c, int32_t ldc);

/* y = alpha * A * x + beta * y, row-major, A of m rows and n columns, unit strides. */
void lb_sgemv(int32_t m, int32_t n, float alpha, const float *a, int32_t lda, const float *x, float beta,
              float *y);

/* OpenBLAS's thread count for later calls (loads it; no-op when it cannot be loaded). */
void lb_set_num_threads(int32_t threads);

/* OpenBLAS's build line and the name of the CPU kernel it chose; "not loaded: <reason>" and
 * "" when it could not be loaded. */
const char *lb_config(void);
const char *lb_corename(void);

#if defined(__clang__)
#pragma clang assume_nonnull end
#endif

#ifdef __cplusplus
}
#endif

#endif
