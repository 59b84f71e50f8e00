/*
 * The reference kernel: a plain dot product per row, in order. Every faster path is tested
 * against it, and it is what MV_KERNEL_SIMD falls back to on CPUs without AVX2/FMA.
 */
#include "mv_internal.h"

float mv_dot_scalar(const float *a, const float *b, int32_t dim) {
    float score = 0.0f;
    for (int32_t i = 0; i < dim; i++) score += a[i] * b[i];
    return score;
}

void mv_scan_scalar(const float *rows, const int64_t *rowids, int64_t n, int32_t dim,
                    const float *query, mv_topk *top) {
    float threshold = mv_topk_threshold(top);
    for (int64_t r = 0; r < n; r++) {
        const float score = mv_dot_scalar(rows + (size_t)r * (size_t)dim, query, dim);
        if (score < threshold || !mv_topk_admits(top, score, rowids[r])) continue;
        mv_topk_push(top, score, rowids[r]);
        threshold = mv_topk_threshold(top);
    }
}
