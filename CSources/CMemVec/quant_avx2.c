/*
 * The AVX2 quantiser behind mv_codes_store: the same codes and step as the portable one (one
 * float multiply, then round-to-nearest-even by cvtps), eight dimensions at a time, so a 100k-row
 * load spends milliseconds, not tens of them, on the screening copy.
 */
#include "mv_internal.h"

#include <immintrin.h>
#include <math.h>
#include <string.h>

#define MV_AVX2 __attribute__((target("avx2,fma")))

#define MV_RESIDUAL_SLACK 1.0001f

/* Eight ones then eight zeros: loading 8 lanes from (8 - r) yields a mask of r leading lanes. */
static const int32_t tail_masks[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};

/* Picks byte 0 of each 32-bit lane into the low 4 bytes of each 128-bit half. */
static const int8_t low_bytes[32] = {0,  4,  8,  12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
                                     0,  4,  8,  12, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1};

MV_AVX2 static inline float hsum(__m256 v) {
    __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    s = _mm_add_ps(s, _mm_movehl_ps(s, s));
    s = _mm_add_ss(s, _mm_movehdup_ps(s));
    return _mm_cvtss_f32(s);
}

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
    int8_t *out = codes->data + (size_t)(row / MV_CODE_LANES) * mv_codes_block_bytes(codes) +
                  (size_t)(row % MV_CODE_LANES) * MV_CODE_GROUP;
    __m256 squares = _mm256_setzero_ps();
    __m256i sums = _mm256_setzero_si256();
    for (i = 0; i < dim; i += 8) {
        const int32_t remaining = dim - i < 8 ? dim - i : 8;
        const __m256i mask = _mm256_loadu_si256((const __m256i *)(const void *)(tail_masks + 8 - remaining));
        const __m256 x = _mm256_maskload_ps(vec + i, mask); /* lanes past dim read as 0, code 0 */
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
