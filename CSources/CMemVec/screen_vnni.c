/*
 * The AVX-512 VNNI int8 screen: one 64-byte load is 4 dimensions of 16 rows (the blocked
 * layout in mv_internal.h), and one vpdpbusd multiplies it by the 4 query codes broadcast to
 * every lane, accumulating 16 row sums at once, with no horizontal reduction anywhere.
 *
 * vpdpbusd multiplies unsigned by signed bytes, so the query goes in as code + 128 and each
 * row's sum picks up 128 * (sum of its codes), which is subtracted per block from the stored
 * sums. Four accumulators hide the instruction's latency; a software prefetch 4 KB ahead keeps
 * the stream at the bandwidth floor, as it does for the float scans.
 */
#include "mv_internal.h"

#include <immintrin.h>

#define MV_VNNI __attribute__((target("avx512f,avx512bw,avx512vnni")))

enum { MV_PREFETCH_BYTES = 4096 };

MV_VNNI static inline __m512i group_dot(__m512i acc, const int8_t *group, int32_t word) {
    _mm_prefetch((const char *)(group + MV_PREFETCH_BYTES), _MM_HINT_T1);
    return _mm512_dpbusd_epi32(acc, _mm512_set1_epi32(word), _mm512_load_si512((const void *)group));
}

MV_VNNI int mv_screen_vnni(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state) {
    int rc = MV_OK;
    const mv_codes *codes = &idx->codes;
    const int32_t groups = codes->groups;
    const size_t block_bytes = mv_codes_block_bytes(codes);
    const int64_t blocks = (idx->count + MV_CODE_LANES - 1) / MV_CODE_LANES;
    const __m512 query_step = _mm512_set1_ps(query->step);
    const __m512 bound_scale = _mm512_set1_ps(state->bound_scale);
    const __m512 bound_offset = _mm512_set1_ps(state->bound_offset);
    __m512 threshold = _mm512_set1_ps(mv_topk_threshold(&state->lower));
    for (int64_t b = 0; b < blocks; b++) {
        const int8_t *block = codes->data + (size_t)b * block_bytes;
        __m512i acc0 = _mm512_setzero_si512();
        __m512i acc1 = _mm512_setzero_si512();
        __m512i acc2 = _mm512_setzero_si512();
        __m512i acc3 = _mm512_setzero_si512();
        int32_t g = 0;
        for (; g + 4 <= groups; g += 4) {
            const int8_t *group = block + (size_t)g * 64;
            acc0 = group_dot(acc0, group, query->offset_words[g]);
            acc1 = group_dot(acc1, group + 64, query->offset_words[g + 1]);
            acc2 = group_dot(acc2, group + 128, query->offset_words[g + 2]);
            acc3 = group_dot(acc3, group + 192, query->offset_words[g + 3]);
        }
        for (; g < groups; g++) acc0 = group_dot(acc0, block + (size_t)g * 64, query->offset_words[g]);
        const int64_t first = b * MV_CODE_LANES;
        const __m512i offsets = _mm512_slli_epi32(_mm512_loadu_si512((const void *)(codes->sum + first)), 7);
        const __m512i dot = _mm512_sub_epi32(_mm512_add_epi32(_mm512_add_epi32(acc0, acc1), _mm512_add_epi32(acc2, acc3)),
                                             offsets);
        const __m512 approx =
            _mm512_mul_ps(_mm512_mul_ps(_mm512_cvtepi32_ps(dot), _mm512_loadu_ps(codes->step + first)), query_step);
        const __m512 error = _mm512_fmadd_ps(_mm512_loadu_ps(codes->residual + first), bound_scale, bound_offset);
        const __m512 upper = _mm512_add_ps(approx, error);
        const int64_t live = idx->count - first;
        const __mmask16 lanes = live >= MV_CODE_LANES ? (__mmask16)0xFFFF : (__mmask16)((1u << live) - 1u);
        __mmask16 hits = _mm512_mask_cmp_ps_mask(lanes, upper, threshold, _CMP_GE_OQ);
        if (hits == 0) continue;
        float uppers[MV_CODE_LANES];
        float lowers[MV_CODE_LANES];
        _mm512_storeu_ps(uppers, upper);
        _mm512_storeu_ps(lowers, _mm512_sub_ps(approx, error));
        for (; hits != 0; hits &= (__mmask16)(hits - 1)) {
            const int lane = __builtin_ctz(hits);
            rc = mv_screen_offer(state, first + lane, uppers[lane], lowers[lane]);
            if (rc != MV_OK) goto cleanup;
        }
        threshold = _mm512_set1_ps(mv_topk_threshold(&state->lower));
    }
cleanup:
    return rc;
}
