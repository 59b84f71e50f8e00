/*
 * The AVX2 int8 screen, for CPUs without AVX-512 VNNI: the same blocked layout, a 32-byte load
 * being 4 dimensions of 8 rows. Without VNNI the products go through maddubs (unsigned x signed
 * bytes to pairs of int16) and madd (pairs to int32): the query's absolute codes times the row
 * codes with the query's signs moved onto them (vpsignb). Codes stay within +-127, so a pair is
 * at most 2 * 127 * 127 and maddubs never saturates.
 */
#include "mv_internal.h"

#include <immintrin.h>

#define MV_AVX2 __attribute__((target("avx2,fma")))

enum { MV_PREFETCH_BYTES = 4096 };

/* Adds one group's products for 8 rows: 4 codes each against the query's 4. */
MV_AVX2 static inline __m256i group_dot(__m256i acc, const int8_t *rows, __m256i query_signed, __m256i query_abs) {
    const __m256i ones = _mm256_set1_epi16(1);
    const __m256i codes = _mm256_load_si256((const __m256i *)(const void *)rows);
    const __m256i pairs = _mm256_maddubs_epi16(query_abs, _mm256_sign_epi8(codes, query_signed));
    return _mm256_add_epi32(acc, _mm256_madd_epi16(pairs, ones));
}

/* Bounds for 8 rows starting at `first`, offered where the upper bound reaches the floor. */
MV_AVX2 static inline int offer_rows(const mv_codes *codes, int64_t first, int64_t live, __m256i dot,
                                     const mv_query_codes *query, mv_screen_state *state) {
    int rc = MV_OK;
    const __m256 approx = _mm256_mul_ps(_mm256_mul_ps(_mm256_cvtepi32_ps(dot), _mm256_loadu_ps(codes->step + first)),
                                        _mm256_set1_ps(query->step));
    const __m256 error = _mm256_fmadd_ps(_mm256_loadu_ps(codes->residual + first), _mm256_set1_ps(state->bound_scale),
                                         _mm256_set1_ps(state->bound_offset));
    const __m256 upper = _mm256_add_ps(approx, error);
    const __m256 threshold = _mm256_set1_ps(mv_topk_threshold(&state->lower));
    unsigned hits = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(upper, threshold, _CMP_GE_OQ));
    if (live < 8) hits &= (1u << live) - 1u;
    if (hits == 0) goto cleanup;
    float uppers[8];
    float lowers[8];
    _mm256_storeu_ps(uppers, upper);
    _mm256_storeu_ps(lowers, _mm256_sub_ps(approx, error));
    for (; hits != 0; hits &= hits - 1) {
        const int lane = __builtin_ctz(hits);
        rc = mv_screen_offer(state, first + lane, uppers[lane], lowers[lane]);
        if (rc != MV_OK) goto cleanup;
    }
cleanup:
    return rc;
}

MV_AVX2 int mv_screen_avx2(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state) {
    int rc = MV_OK;
    const mv_codes *codes = &idx->codes;
    const int32_t groups = codes->groups;
    const size_t block_bytes = mv_codes_block_bytes(codes);
    const int64_t blocks = (idx->count + MV_CODE_LANES - 1) / MV_CODE_LANES;
    for (int64_t b = 0; b < blocks; b++) {
        const int8_t *block = codes->data + (size_t)b * block_bytes;
        __m256i low0 = _mm256_setzero_si256();
        __m256i high0 = _mm256_setzero_si256();
        __m256i low1 = _mm256_setzero_si256();
        __m256i high1 = _mm256_setzero_si256();
        int32_t g = 0;
        for (; g + 2 <= groups; g += 2) {
            const int8_t *group = block + (size_t)g * 64;
            _mm_prefetch((const char *)(group + MV_PREFETCH_BYTES), _MM_HINT_T1);
            _mm_prefetch((const char *)(group + MV_PREFETCH_BYTES + 64), _MM_HINT_T1);
            const __m256i s0 = _mm256_set1_epi32(query->signed_words[g]);
            const __m256i a0 = _mm256_set1_epi32(query->abs_words[g]);
            const __m256i s1 = _mm256_set1_epi32(query->signed_words[g + 1]);
            const __m256i a1 = _mm256_set1_epi32(query->abs_words[g + 1]);
            low0 = group_dot(low0, group, s0, a0);
            high0 = group_dot(high0, group + 32, s0, a0);
            low1 = group_dot(low1, group + 64, s1, a1);
            high1 = group_dot(high1, group + 96, s1, a1);
        }
        if (g < groups) {
            const int8_t *group = block + (size_t)g * 64;
            const __m256i s0 = _mm256_set1_epi32(query->signed_words[g]);
            const __m256i a0 = _mm256_set1_epi32(query->abs_words[g]);
            low0 = group_dot(low0, group, s0, a0);
            high0 = group_dot(high0, group + 32, s0, a0);
        }
        const int64_t first = b * MV_CODE_LANES;
        rc = offer_rows(codes, first, idx->count - first, _mm256_add_epi32(low0, low1), query, state);
        if (rc != MV_OK) goto cleanup;
        if (idx->count - first > 8) {
            rc = offer_rows(codes, first + 8, idx->count - first - 8, _mm256_add_epi32(high0, high1), query, state);
            if (rc != MV_OK) goto cleanup;
        }
    }
cleanup:
    return rc;
}
