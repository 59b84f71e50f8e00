/*
 * The portable int8 screen: the reference the AVX2 and VNNI screens are tested against, and
 * the screen on CPUs without AVX2. Row by row, the exact integer dot of the codes, then the
 * row's score bounds (search_int8.c explains them).
 */
#include "mv_internal.h"

int mv_screen_scalar(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state) {
    int rc = MV_OK;
    const mv_codes *codes = &idx->codes;
    const size_t group_stride = MV_CODE_GROUP * MV_CODE_LANES;
    float threshold = mv_topk_threshold(&state->lower);
    for (int64_t row = 0; row < idx->count; row++) {
        const int8_t *base = mv_codes_row(codes, row);
        int32_t dot = 0;
        for (int32_t g = 0; g < codes->groups; g++) {
            const int8_t *group = base + (size_t)g * group_stride;
            const int8_t *q = query->codes + (size_t)g * MV_CODE_GROUP;
            dot += group[0] * q[0] + group[1] * q[1] + group[2] * q[2] + group[3] * q[3];
        }
        const float approx = (float)dot * codes->step[row] * query->step;
        const float error = codes->residual[row] * state->bound_scale + state->bound_offset;
        if (approx + error < threshold) continue;
        rc = mv_screen_offer(state, row, approx + error, approx - error);
        if (rc != MV_OK) goto cleanup;
        threshold = mv_topk_threshold(&state->lower);
    }
cleanup:
    return rc;
}
