/*
 * Search entry points: argument checks, query normalisation, kernel choice, and the hand-off
 * from the per-query heaps to the caller's arrays. All scratch is per call, so searches can
 * run concurrently on one index.
 */
#include "mv_internal.h"

#include <lazy_blas.h>

#include <stdlib.h>
#include <string.h>

/*
 * The hand-written scans visit a batch block by block: each block (sized to stay in L2) is
 * scanned once per query, so the matrix streams from memory once however many queries there are.
 */
enum { MV_BLOCK_BYTES = 1 << 18 };

/*
 * MV_KERNEL_AUTO, from the benchmark's measurements (100k x 384, one thread):
 * - One query: the hand-written scan (at the bandwidth floor; sgemv is 1.3-3x slower), the
 *   AVX-512 variant where the CPU has it (~5% closer to the floor than AVX2 under load).
 * - A batch: the blocked SIMD scan beats sgemm up to ~8 queries; from 16 on, sgemm wins, but
 *   only with an AVX2-class OpenBLAS kernel. Debian's OpenBLAS 0.3.21 does not recognise some
 *   newer Xeons and falls back to its SSE3 "Prescott" kernels (unless OPENBLAS_CORETYPE says
 *   otherwise), and then sgemm never catches up with the SIMD scan.
 * - Without AVX2 the "SIMD" scan is the scalar loop, and BLAS wins every shape.
 */
enum { MV_AUTO_GEMM_MIN_QUERIES = 16 };

/*
 * From this many rows on, with k at most 1/16 of them, AUTO screens int8 codes and re-scores
 * (search_int8.c): the same exact results from a quarter of the bytes, for one query and for
 * every batch size (per query, it beat both the blocked scan and sgemm at 100k x 384). Below,
 * the float scan is already fast and the screen's fixed costs would show.
 */
enum { MV_AUTO_INT8_MAX_K_SHARE = 16 }; /* MV_AUTO_INT8_MIN_ROWS is in cmemvec.h */

/* MV_KERNEL_SIMD's scan (declared in mv_internal.h). */
mv_scan_fn mv_canonical_scan(void) { return mv_cpu_has_avx2() ? mv_scan_avx2 : mv_scan_scalar; }

/* The fastest hand-written scan on this CPU, for MV_KERNEL_AUTO. */
static mv_scan_fn fastest_scan(void) { return mv_cpu_has_avx512() ? mv_scan_avx512 : mv_canonical_scan(); }

mv_dot_fn mv_canonical_dot(void) { return mv_cpu_has_avx2() ? mv_dot_avx2 : mv_dot_scalar; }

/* The int8 screen a search with `screen` runs, or NULL when this CPU cannot run it. */
static mv_screen_fn screen_for(mv_screen screen) {
    switch (screen) {
    case MV_SCREEN_BEST:
        return mv_cpu_has_avx512_vnni() ? mv_screen_vnni : mv_cpu_has_avx2() ? mv_screen_avx2 : mv_screen_scalar;
    case MV_SCREEN_SCALAR: return mv_screen_scalar;
    case MV_SCREEN_AVX2: return mv_cpu_has_avx2() ? mv_screen_avx2 : NULL;
    case MV_SCREEN_VNNI: return mv_cpu_has_avx512_vnni() ? mv_screen_vnni : NULL;
    default: return NULL;
    }
}

mv_kernel mv_index_auto_kernel_for(const mv_index *idx, int32_t nq, int32_t k) {
    if (idx->codes.data != NULL && idx->count >= MV_AUTO_INT8_MIN_ROWS &&
        (int64_t)k * MV_AUTO_INT8_MAX_K_SHARE <= idx->count) {
        return MV_KERNEL_INT8;
    }
    return mv_index_auto_kernel(idx, nq);
}

mv_kernel mv_index_auto_kernel(const mv_index *idx, int32_t nq) {
    (void)idx;
    if (!mv_cpu_has_avx2()) return lb_available() ? MV_KERNEL_BLAS : MV_KERNEL_SIMD;
    if (nq >= MV_AUTO_GEMM_MIN_QUERIES && mv_blas_is_fast()) return MV_KERNEL_BLAS;
    return MV_KERNEL_SIMD_WIDE;
}

static void scan_blocks(const mv_index *idx, mv_scan_fn scan, const float *queries, int32_t nq,
                        mv_topk *tops) {
    const int32_t dim = idx->dim;
    int64_t block = MV_BLOCK_BYTES / ((int64_t)dim * (int64_t)sizeof(float));
    if (block < 1 || nq == 1) block = idx->count;
    for (int64_t start = 0; start < idx->count; start += block) {
        const int64_t rows = idx->count - start < block ? idx->count - start : block;
        const float *data = idx->data + (size_t)start * (size_t)dim;
        for (int32_t q = 0; q < nq; q++) {
            scan(data, idx->rowids + start, rows, dim, queries + (size_t)q * (size_t)dim, &tops[q]);
        }
    }
}

/* Every search entry point: `screen` applies when the kernel resolves to MV_KERNEL_INT8. */
static int search(const mv_index *idx, const float *queries, int32_t nq, int32_t k, mv_kernel kernel,
                  mv_screen screen, int64_t *out_rowids, float *out_scores, int32_t *out_counts,
                  int64_t *_Nullable out_rescored) {
    int rc = MV_OK;
    int64_t rescored = 0;
    float *normalized = NULL;
    mv_hit *hits = NULL;
    mv_topk *tops = NULL;
    if (idx == NULL || queries == NULL || out_rowids == NULL || out_scores == NULL ||
        out_counts == NULL || nq < 0 || k < 0 || kernel < MV_KERNEL_AUTO || kernel > MV_KERNEL_SIMD_WIDE ||
        screen_for(screen) == NULL) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    if (nq == 0) goto cleanup;
    const int32_t dim = idx->dim;
    const size_t query_floats = (size_t)nq * (size_t)dim;
    normalized = mv_alloc_floats(query_floats);
    if (normalized == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    memcpy(normalized, queries, query_floats * sizeof(float));
    for (int32_t q = 0; q < nq; q++) {
        rc = mv_normalize(normalized + (size_t)q * (size_t)dim, dim);
        if (rc != MV_OK) goto cleanup;
    }
    const int32_t kk = (int64_t)k < idx->count ? k : (int32_t)idx->count;
    if (kk > 0) {
        hits = malloc((size_t)nq * (size_t)kk * sizeof *hits);
        tops = malloc((size_t)nq * sizeof *tops);
        if (hits == NULL || tops == NULL) {
            rc = MV_ERR_NOMEM;
            goto cleanup;
        }
        for (int32_t q = 0; q < nq; q++) tops[q] = (mv_topk){hits + (size_t)q * (size_t)kk, 0, kk};
        const mv_kernel resolved = kernel == MV_KERNEL_AUTO ? mv_index_auto_kernel_for(idx, nq, kk) : kernel;
        switch (resolved) {
        case MV_KERNEL_SCALAR: scan_blocks(idx, mv_scan_scalar, normalized, nq, tops); break;
        case MV_KERNEL_SIMD: scan_blocks(idx, mv_canonical_scan(), normalized, nq, tops); break;
        case MV_KERNEL_SIMD_WIDE: scan_blocks(idx, fastest_scan(), normalized, nq, tops); break;
        case MV_KERNEL_INT8:
            for (int32_t q = 0; q < nq && rc == MV_OK; q++) {
                int64_t scored = 0;
                rc = mv_search_int8(idx, normalized + (size_t)q * (size_t)dim, screen_for(screen), &tops[q], &scored);
                rescored += scored;
            }
            break;
        default:
            /* Without OpenBLAS, the scan BLAS's re-scoring reproduces: the same results. */
            if (lb_available()) {
                rc = mv_search_blas(idx, normalized, nq, tops);
            } else {
                scan_blocks(idx, mv_canonical_scan(), normalized, nq, tops);
            }
            break;
        }
        if (rc != MV_OK) goto cleanup;
    }
    for (int32_t q = 0; q < nq; q++) {
        out_counts[q] = kk;
        if (kk > 0) mv_topk_drain(&tops[q], out_rowids + (size_t)q * (size_t)k, out_scores + (size_t)q * (size_t)k);
    }
cleanup:
    if (rc == MV_OK && out_rescored != NULL) *out_rescored = rescored;
    free(tops);
    free(hits);
    mv_free_floats(normalized);
    return rc;
}

int mv_index_search_batch(const mv_index *idx, const float *queries, int32_t nq, int32_t k, mv_kernel kernel,
                          int64_t *out_rowids, float *out_scores, int32_t *out_counts) {
    return search(idx, queries, nq, k, kernel, MV_SCREEN_BEST, out_rowids, out_scores, out_counts, NULL);
}

int mv_index_search(const mv_index *idx, const float *query, int32_t k, mv_kernel kernel,
                    int64_t *out_rowids, float *out_scores, int32_t *out_count) {
    return search(idx, query, 1, k, kernel, MV_SCREEN_BEST, out_rowids, out_scores, out_count, NULL);
}

int mv_index_search_int8(const mv_index *idx, const float *query, int32_t k, mv_screen screen,
                         int64_t *out_rowids, float *out_scores, int32_t *out_count, int64_t *out_rescored) {
    if (out_rescored == NULL) return MV_ERR_ARG;
    return search(idx, query, 1, k, MV_KERNEL_INT8, screen, out_rowids, out_scores, out_count, out_rescored);
}
