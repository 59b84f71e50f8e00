/*
 * OpenBLAS paths (loaded on first use, CLazyBLAS): sgemv scores one query against a chunk of rows, sgemm a batch of
 * queries against it; each chunk's scores then go through the heaps. Chunking bounds scratch
 * memory (whatever the index size) and keeps the scores in cache for the heap pass.
 *
 * BLAS sums in its own order, and not even the same order for every row: sgemm's edge tiles
 * round differently from its main tiles, so two identical rows can score 1 ulp apart and the
 * rowid tie rule would stop deciding their order. So BLAS scores only preselect: any row within
 * the worst-case rounding gap of the heap's threshold is re-scored with the SIMD kernel's dot,
 * and the heap holds only those canonical scores. The result is then exactly the SIMD kernel's,
 * ties included, at the cost of a few extra dots near the threshold.
 */
#include "mv_internal.h"

#include <lazy_blas.h>
#include <stdlib.h>

static void offer_rescored(mv_topk *top, const float *scores, const float *rows, const int64_t *rowids,
                           int64_t n, const float *query, int32_t dim, mv_dot_fn dot) {
    const float gap = mv_rounding_gap(dim);
    float floor = mv_topk_threshold(top) - gap;
    for (int64_t i = 0; i < n; i++) {
        if (scores[i] < floor) continue;
        const float score = dot(rows + (size_t)i * (size_t)dim, query, dim);
        if (!mv_topk_admits(top, score, rowids[i])) continue;
        mv_topk_push(top, score, rowids[i]);
        floor = mv_topk_threshold(top) - gap;
    }
}

/* Scratch budget in floats: the score block for one chunk of rows x all queries. */
enum { MV_BLAS_SCRATCH_FLOATS = 1 << 16 };
enum { MV_BLAS_MIN_CHUNK = 256 };

int mv_search_blas(const mv_index *idx, const float *queries, int32_t nq, mv_topk *tops) {
    int rc = MV_OK;
    float *scores = NULL;
    const int32_t dim = idx->dim;
    const int64_t n = idx->count;
    const mv_dot_fn dot = mv_canonical_dot();
    int64_t chunk = MV_BLAS_SCRATCH_FLOATS / nq;
    if (chunk < MV_BLAS_MIN_CHUNK) chunk = MV_BLAS_MIN_CHUNK;
    if (chunk > n) chunk = n;
    if (chunk == 0) goto cleanup;
    scores = mv_alloc_floats((size_t)chunk * (size_t)nq);
    if (scores == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    for (int64_t start = 0; start < n; start += chunk) {
        const int64_t rows = n - start < chunk ? n - start : chunk;
        const float *block = idx->data + (size_t)start * (size_t)dim;
        const int64_t *rowids = idx->rowids + start;
        if (nq == 1) {
            lb_sgemv((int32_t)rows, dim, 1.0f, block, dim, queries, 0.0f, scores);
            offer_rescored(&tops[0], scores, block, rowids, rows, queries, dim, dot);
            continue;
        }
        /* scores (nq x rows) = queries (nq x dim) * block^T (dim x rows) */
        lb_sgemm(LB_NO_TRANS, LB_TRANS, nq, (int32_t)rows, dim, 1.0f, queries, dim, block, dim, 0.0f, scores,
                 (int32_t)rows);
        for (int32_t q = 0; q < nq; q++) {
            const float *query = queries + (size_t)q * (size_t)dim;
            offer_rescored(&tops[q], scores + (size_t)q * (size_t)rows, block, rowids, rows, query, dim, dot);
        }
    }
cleanup:
    mv_free_floats(scores);
    return rc;
}
