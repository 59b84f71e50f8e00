/*
 * L2 normalisation of rows and queries. The fast path sums squares in float; when that sum is
 * not a comfortable normal number (an element is NaN or infinite, the squares overflowed, or
 * they underflowed towards zero) the vector is re-checked and scaled in double, so huge and
 * tiny but valid vectors still normalise exactly and only truly zero or non-finite ones fail.
 */
#include "mv_internal.h"

#include <math.h>
#include <string.h>

/* Between these bounds a float sum of squares has lost nothing that matters. */
#define MV_SUMSQ_MIN 1e-30f
#define MV_SUMSQ_MAX 1e30f

float mv_sumsq_scalar(const float *v, int32_t dim) {
    float sum = 0.0f;
    for (int32_t i = 0; i < dim; i++) sum += v[i] * v[i];
    return sum;
}

static int normalize_double(float *v, int32_t dim) {
    int rc = MV_OK;
    double sum = 0.0;
    for (int32_t i = 0; i < dim; i++) {
        if (!isfinite(v[i])) {
            rc = MV_ERR_ARG;
            goto cleanup;
        }
        sum += (double)v[i] * (double)v[i];
    }
    if (!(sum > 0.0)) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    const double inv = 1.0 / sqrt(sum);
    for (int32_t i = 0; i < dim; i++) v[i] = (float)((double)v[i] * inv);
cleanup:
    return rc;
}

/* Finishes a normalisation whose float sum of squares is already known. */
static int normalize_with_sum(float *v, int32_t dim, float sum, int avx2) {
    /* NaN fails both comparisons and takes the careful path too. */
    if (!(sum >= MV_SUMSQ_MIN && sum <= MV_SUMSQ_MAX)) return normalize_double(v, dim);
    const float inv = 1.0f / sqrtf(sum);
    if (avx2) {
        mv_scale_avx2(v, dim, inv);
    } else {
        for (int32_t i = 0; i < dim; i++) v[i] *= inv;
    }
    return MV_OK;
}

int mv_normalize(float *v, int32_t dim) {
    const int avx2 = mv_cpu_has_avx2();
    return normalize_with_sum(v, dim, avx2 ? mv_sumsq_avx2(v, dim) : mv_sumsq_scalar(v, dim), avx2);
}

int mv_copy_normalize(float *dst, const void *src, int32_t dim) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* One pass copies and sums; the scale pass then runs on data already in L1. */
    if (mv_cpu_has_avx2()) return normalize_with_sum(dst, dim, mv_copy_sumsq_avx2(dst, src, dim), 1);
    memcpy(dst, src, (size_t)dim * sizeof(float));
#else
    const uint8_t *bytes = src;
    for (int32_t i = 0; i < dim; i++) {
        const uint32_t word = (uint32_t)bytes[4 * i] | (uint32_t)bytes[4 * i + 1] << 8 |
                              (uint32_t)bytes[4 * i + 2] << 16 | (uint32_t)bytes[4 * i + 3] << 24;
        memcpy(&dst[i], &word, sizeof word);
    }
#endif
    return mv_normalize(dst, dim);
}
