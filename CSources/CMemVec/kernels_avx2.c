/*
 * AVX2/FMA kernels, compiled per function with a target attribute (the package passes no
 * -m flags) and reached only after a runtime CPU check.
 *
 * The scan is deliberately one row at a time: a single sequential stream keeps the hardware
 * prefetcher ahead of us and lands on the memory-bandwidth floor, while interleaving four rows
 * measured about twice as slow. The heap check is fused into the same loop, so no n-sized score
 * buffer is written and read back.
 *
 * The scan also prefetches 4 KB ahead. On the benchmark machine the hardware prefetcher alone
 * left the loop at ~1.25x the bandwidth floor (100k x 384); with the software prefetch it runs
 * at ~1.05x. Distances from 2 KB to 8 KB measured the same; prefetching past the end of the
 * matrix is harmless (prefetches never fault).
 */
#include "mv_internal.h"

#include <immintrin.h>
#include <math.h>
#include <string.h>

#define MV_AVX2 __attribute__((target("avx2,fma")))

enum { MV_PREFETCH_FLOATS = 1024 };

/* Eight ones then eight zeros: loading 8 lanes from (8 - r) yields a mask of r leading lanes. */
static const int32_t tail_masks[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

MV_AVX2 static inline __m256i tail_mask(int32_t remaining) {
    return _mm256_loadu_si256((const __m256i *)(const void *)(tail_masks + 8 - remaining));
}

MV_AVX2 static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

/* `prefetch` is a constant at every call site, so the unused branch compiles away. */
MV_AVX2 static inline __attribute__((always_inline)) float dot(const float *a, const float *b, int32_t dim,
                                                               int prefetch) {
    __m256 acc0 = _mm256_setzero_ps();
    __m256 acc1 = _mm256_setzero_ps();
    __m256 acc2 = _mm256_setzero_ps();
    __m256 acc3 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 32 <= dim; i += 32) {
        if (prefetch) {
            _mm_prefetch((const char *)(a + i + MV_PREFETCH_FLOATS), _MM_HINT_T1);
            _mm_prefetch((const char *)(a + i + MV_PREFETCH_FLOATS + 16), _MM_HINT_T1);
        }
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
        acc1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), acc1);
        acc2 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 16), _mm256_loadu_ps(b + i + 16), acc2);
        acc3 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 24), _mm256_loadu_ps(b + i + 24), acc3);
    }
    for (; i + 8 <= dim; i += 8) {
        acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), acc0);
    }
    if (i < dim) {
        /* Masked lanes are not read, so the last row of the matrix never reads past its end. */
        const __m256i mask = tail_mask(dim - i);
        acc1 = _mm256_fmadd_ps(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask), acc1);
    }
    return hsum(_mm256_add_ps(_mm256_add_ps(acc0, acc1), _mm256_add_ps(acc2, acc3)));
}

MV_AVX2 void mv_scan_avx2(const float *rows, const int64_t *rowids, int64_t n, int32_t dim,
                          const float *query, mv_topk *top) {
    float threshold = mv_topk_threshold(top);
    for (int64_t r = 0; r < n; r++) {
        const float score = dot(rows + (size_t)r * (size_t)dim, query, dim, 1);
        if (score < threshold || !mv_topk_admits(top, score, rowids[r])) continue;
        mv_topk_push(top, score, rowids[r]);
        threshold = mv_topk_threshold(top);
    }
}

MV_AVX2 float mv_dot_avx2(const float *a, const float *b, int32_t dim) { return dot(a, b, dim, 0); }

MV_AVX2 float mv_sumsq_avx2(const float *v, int32_t dim) { return dot(v, v, dim, 0); }

MV_AVX2 float mv_copy_sumsq_avx2(float *dst, const void *src, int32_t dim) {
    const float *from = src; /* unaligned loads: SQLite BLOBs have no alignment */
    __m256 acc0 = _mm256_setzero_ps();
    __m256 acc1 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 16 <= dim; i += 16) {
        const __m256 a = _mm256_loadu_ps(from + i);
        const __m256 b = _mm256_loadu_ps(from + i + 8);
        _mm256_storeu_ps(dst + i, a);
        _mm256_storeu_ps(dst + i + 8, b);
        acc0 = _mm256_fmadd_ps(a, a, acc0);
        acc1 = _mm256_fmadd_ps(b, b, acc1);
    }
    if (i < dim) {
        memcpy(dst + i, from + i, (size_t)(dim - i) * sizeof(float));
        for (; i + 8 <= dim; i += 8) acc0 = _mm256_fmadd_ps(_mm256_loadu_ps(dst + i), _mm256_loadu_ps(dst + i), acc0);
        if (i < dim) {
            const __m256 t = _mm256_maskload_ps(dst + i, tail_mask(dim - i));
            acc1 = _mm256_fmadd_ps(t, t, acc1);
        }
    }
    return hsum(_mm256_add_ps(acc0, acc1));
}

MV_AVX2 void mv_scale_avx2(float *v, int32_t dim, float factor) {
    const __m256 f = _mm256_set1_ps(factor);
    int32_t i = 0;
    for (; i + 8 <= dim; i += 8) _mm256_storeu_ps(v + i, _mm256_mul_ps(_mm256_loadu_ps(v + i), f));
    for (; i < dim; i++) v[i] *= factor;
}

/*
 * The AVX2 quantiser behind mv_codes_store: the same codes and step as the portable one (one
 * float multiply, then round-to-nearest-even by cvtps), eight dimensions at a time, so a 100k-row
 * load spends milliseconds, not tens of them, on the screening copy.
 */

/* Picks byte 0 of each 32-bit lane into the low 4 bytes of each 128-bit half. */
static const int8_t low_bytes[32] = {0,  4,  8,  12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                     0,  4,  8,  12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

MV_AVX2 static inline int32_t hsum_epi32(__m256i v) {
    __m128i s = _mm_add_epi32(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0x4e));
    s = _mm_add_epi32(s, _mm_shuffle_epi32(s, 0xb1));
    return _mm_cvtsi128_si32(s);
}

MV_AVX2 void mv_codes_store_avx2(mv_codes *codes, int64_t row, const float *vec, int32_t dim) {
    const __m256 sign_bit = _mm256_set1_ps(-0.0f);
    __m256 largest8 = _mm256_setzero_ps();
    int32_t i = 0;
    for (; i + 8 <= dim; i += 8) largest8 = _mm256_max_ps(largest8, _mm256_andnot_ps(sign_bit, _mm256_loadu_ps(vec + i)));
    float largest = 0.0f;
    {
        float lanes[8];
        _mm256_storeu_ps(lanes, largest8);
        for (int32_t j = 0; j < 8; j++) largest = lanes[j] > largest ? lanes[j] : largest;
        for (int32_t j = i; j < dim; j++) largest = fabsf(vec[j]) > largest ? fabsf(vec[j]) : largest;
    }
    const float scale_1 = 127.0f / largest;
    const float step_1 = largest / 127.0f;
    const __m256 scale = _mm256_set1_ps(scale_1);
    const __m256 step = _mm256_set1_ps(step_1);
    const __m256i high = _mm256_set1_epi32(127);
    const __m256i low = _mm256_set1_epi32(-127);
    const __m256i pick = _mm256_loadu_si256((const __m256i *)(const void *)low_bytes);
    const size_t group_stride = MV_CODE_GROUP * MV_CODE_LANES;
    int8_t *out = mv_codes_row(codes, row);
    __m256 squares = _mm256_setzero_ps();
    __m256i sums = _mm256_setzero_si256();
    for (i = 0; i < dim; i += 8) {
        const int32_t remaining = dim - i < 8 ? dim - i : 8;
        /* Lanes past dim read as 0 and get code 0. */
        const __m256 x = _mm256_maskload_ps(vec + i, tail_mask(remaining));
        __m256i code = _mm256_cvtps_epi32(_mm256_mul_ps(x, scale));
        code = _mm256_max_epi32(_mm256_min_epi32(code, high), low);
        const __m256 error = _mm256_fnmadd_ps(step, _mm256_cvtepi32_ps(code), x);
        squares = _mm256_fmadd_ps(error, error, squares);
        sums = _mm256_add_epi32(sums, code);
        const __m256i packed = _mm256_shuffle_epi8(code, pick);
        const int32_t first = _mm256_extract_epi32(packed, 0);
        const int32_t second = _mm256_extract_epi32(packed, 4);
        memcpy(out + (size_t)(i / MV_CODE_GROUP) * group_stride, &first, sizeof first);
        if (i + MV_CODE_GROUP < dim) memcpy(out + (size_t)(i / MV_CODE_GROUP + 1) * group_stride, &second, sizeof second);
    }
    codes->step[row] = step_1;
    codes->residual[row] = sqrtf(hsum(squares)) * MV_RESIDUAL_SLACK;
    codes->sum[row] = hsum_epi32(sums);
}
