/*
 * gemm_f16_x86.c — c = a W^T + bias against half-precision panels (ml_pack_weights_f16): the
 * float32 micro-kernels of gemm_x86.c with each weight vector widened from binary16 as it is
 * loaded (vcvtph2ps), so the arithmetic stays float32 and only the stored weights are rounded.
 * Half the bytes per panel: a single sentence, which streams every weight once, reads 21 MB
 * instead of 42 MB, and the mapped side file takes half the memory.
 *
 * Kept apart from gemm_x86.c rather than sharing its tiles through a macro: the two differ only
 * in the load, and the float32 file stays the plain reference the comments there describe.
 */
#include "model.h"

#if defined(__x86_64__) && defined(__clang__)
#include <immintrin.h>

#define ROW_BLOCK 128
#define PREFETCH_STEPS 32

#define AVX512 __attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma")))
#define AVX2 __attribute__((target("avx2,fma,f16c")))
#define INLINE static inline __attribute__((always_inline))

AVX512 INLINE void tile_avx512(const int mr, const float *restrict a, int k, const uint16_t *restrict panel,
                               const float *restrict bias, float *restrict c, int n) {
    const __m512 bias_lo = _mm512_loadu_ps(bias), bias_hi = _mm512_loadu_ps(bias + 16);
    __m512 lo0 = bias_lo, lo1 = bias_lo, lo2 = bias_lo, lo3 = bias_lo, lo4 = bias_lo, lo5 = bias_lo, lo6 = bias_lo,
           lo7 = bias_lo;
    __m512 hi0 = bias_hi, hi1 = bias_hi, hi2 = bias_hi, hi3 = bias_hi, hi4 = bias_hi, hi5 = bias_hi, hi6 = bias_hi,
           hi7 = bias_hi;
    const size_t ka = (size_t)k;
    for (int i = 0; i < k; i++) {
        /* One 64-byte line of halves per k step. */
        _mm_prefetch((const char *)(panel + (size_t)(i + PREFETCH_STEPS) * ML_PANEL), _MM_HINT_T0);
        const __m512 w_lo = _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(panel + (size_t)i * ML_PANEL)));
        const __m512 w_hi =
            _mm512_cvtph_ps(_mm256_loadu_si256((const __m256i *)(panel + (size_t)i * ML_PANEL + 16)));
        const float *col = a + i;
#define ROW(r) \
    if (mr > r) { \
        const float x = col[r * ka]; \
        lo##r = x * w_lo + lo##r; \
        hi##r = x * w_hi + hi##r; \
    }
        ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5) ROW(6) ROW(7)
#undef ROW
    }
#define STORE(r) \
    if (mr > r) { \
        _mm512_storeu_ps(c + r * (size_t)n, lo##r); \
        _mm512_storeu_ps(c + r * (size_t)n + 16, hi##r); \
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5) STORE(6) STORE(7)
#undef STORE
}

AVX512 void ml_packed_linear_f16_avx512(const float *a, size_t m, int k, const uint16_t *packed, const float *bias,
                                        float *c, int n) {
    for (size_t m0 = 0; m0 < m; m0 += ROW_BLOCK) {
        size_t m1 = m - m0 < ROW_BLOCK ? m : m0 + ROW_BLOCK;
        for (int p = 0; p < n / ML_PANEL; p++) {
            const uint16_t *panel = packed + (size_t)p * (size_t)k * ML_PANEL;
            const float *pb = bias + p * ML_PANEL;
            size_t i = m0;
#define TILE(mr) tile_avx512(mr, a + i * (size_t)k, k, panel, pb, c + i * (size_t)n + (size_t)p * ML_PANEL, n)
            for (; i + 8 <= m1; i += 8) TILE(8);
            switch (m1 - i) {
            case 7: TILE(7); break;
            case 6: TILE(6); break;
            case 5: TILE(5); break;
            case 4: TILE(4); break;
            case 3: TILE(3); break;
            case 2: TILE(2); break;
            case 1: TILE(1); break;
            default: break;
            }
#undef TILE
        }
    }
}

/* Rows [0, mr) of c[., 0..16) for one half of a panel (stride ML_PANEL halves). */
AVX2 INLINE void tile_avx2(const int mr, const float *restrict a, int k, const uint16_t *restrict half,
                           const float *restrict bias, float *restrict c, int n) {
    const __m256 bias_lo = _mm256_loadu_ps(bias), bias_hi = _mm256_loadu_ps(bias + 8);
    __m256 lo0 = bias_lo, lo1 = bias_lo, lo2 = bias_lo, lo3 = bias_lo, lo4 = bias_lo, lo5 = bias_lo;
    __m256 hi0 = bias_hi, hi1 = bias_hi, hi2 = bias_hi, hi3 = bias_hi, hi4 = bias_hi, hi5 = bias_hi;
    const size_t ka = (size_t)k;
    for (int i = 0; i < k; i++) {
        _mm_prefetch((const char *)(half + (size_t)(i + PREFETCH_STEPS) * ML_PANEL), _MM_HINT_T0);
        const __m256 w_lo = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(half + (size_t)i * ML_PANEL)));
        const __m256 w_hi = _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(half + (size_t)i * ML_PANEL + 8)));
        const float *col = a + i;
#define ROW(r) \
    if (mr > r) { \
        const float x = col[r * ka]; \
        lo##r = x * w_lo + lo##r; \
        hi##r = x * w_hi + hi##r; \
    }
        ROW(0) ROW(1) ROW(2) ROW(3) ROW(4) ROW(5)
#undef ROW
    }
#define STORE(r) \
    if (mr > r) { \
        _mm256_storeu_ps(c + r * (size_t)n, lo##r); \
        _mm256_storeu_ps(c + r * (size_t)n + 8, hi##r); \
    }
    STORE(0) STORE(1) STORE(2) STORE(3) STORE(4) STORE(5)
#undef STORE
}

AVX2 void ml_packed_linear_f16_avx2(const float *a, size_t m, int k, const uint16_t *packed, const float *bias,
                                    float *c, int n) {
    for (size_t m0 = 0; m0 < m; m0 += ROW_BLOCK) {
        size_t m1 = m - m0 < ROW_BLOCK ? m : m0 + ROW_BLOCK;
        for (int p = 0; p < n / ML_PANEL; p++) {
            for (int h = 0; h < ML_PANEL; h += 16) {
                const uint16_t *half = packed + (size_t)p * (size_t)k * ML_PANEL + h;
                const float *hb = bias + p * ML_PANEL + h;
                size_t col = (size_t)p * ML_PANEL + (size_t)h;
                size_t i = m0;
#define TILE(mr) tile_avx2(mr, a + i * (size_t)k, k, half, hb, c + i * (size_t)n + col, n)
                for (; i + 6 <= m1; i += 6) TILE(6);
                switch (m1 - i) {
                case 5: TILE(5); break;
                case 4: TILE(4); break;
                case 3: TILE(3); break;
                case 2: TILE(2); break;
                case 1: TILE(1); break;
                default: break;
                }
#undef TILE
            }
        }
    }
}

#endif
