/*
 * The int8 screening copy (layout in mv_internal.h): kept in step with the float32 matrix by
 * every mutation, so a screen never sees stale codes.
 *
 * Quantisation of a unit row x: step = max|x_i| / 127, code_i = x_i * (127 / max|x_i|) rounded
 * to nearest-even (so |code_i| <= 127, and -128 never occurs, which AVX2's sign trick needs),
 * residual = |x - step * code| rounded up a little, for the screen's error bound. The portable
 * and AVX2 quantisers produce identical codes and steps (same float operations, same rounding);
 * residuals may differ in the last bits, which the bound's slack absorbs.
 */
#include "mv_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int64_t round_up_lanes(int64_t rows) {
    return (rows + MV_CODE_LANES - 1) / MV_CODE_LANES * MV_CODE_LANES;
}

/* realloc that zeroes the new tail, so screens never read uninitialised lanes. */
static int grow_array(void **array, size_t element, int64_t old_count, int64_t new_count) {
    void *grown = realloc(*array, (size_t)new_count * element);
    if (grown == NULL) return MV_ERR_NOMEM;
    memset((char *)grown + (size_t)old_count * element, 0, (size_t)(new_count - old_count) * element);
    *array = grown;
    return MV_OK;
}

int mv_codes_grow(mv_index *idx, int64_t rows) {
    int rc = MV_OK;
    mv_codes *codes = &idx->codes;
    if (idx->dim > MV_CODES_MAX_DIM) goto cleanup; /* no codes: INT8 searches scan floats */
    codes->groups = (idx->dim + MV_CODE_GROUP - 1) / MV_CODE_GROUP;
    const int64_t capacity = round_up_lanes(rows);
    if (capacity <= codes->capacity) goto cleanup;
    const size_t block_bytes = mv_codes_block_bytes(codes);
    const size_t used_blocks = (size_t)round_up_lanes(idx->count) / MV_CODE_LANES;
    const size_t bytes = (size_t)capacity / MV_CODE_LANES * block_bytes;
    if (bytes > codes->data_bytes) {
        void *block = codes->data;
        rc = mv_block_resize(&block, &codes->data_bytes, &codes->data_mapped, bytes, used_blocks * block_bytes);
        codes->data = block;
        if (rc != MV_OK) goto cleanup;
        memset(codes->data + used_blocks * block_bytes, 0, codes->data_bytes - used_blocks * block_bytes);
    }
    void *step = codes->step, *residual = codes->residual, *sum = codes->sum;
    rc = grow_array(&step, sizeof(float), codes->capacity, capacity);
    codes->step = step;
    if (rc != MV_OK) goto cleanup;
    rc = grow_array(&residual, sizeof(float), codes->capacity, capacity);
    codes->residual = residual;
    if (rc != MV_OK) goto cleanup;
    rc = grow_array(&sum, sizeof(int32_t), codes->capacity, capacity);
    codes->sum = sum;
    if (rc != MV_OK) goto cleanup;
    codes->capacity = capacity;
cleanup:
    return rc;
}

void mv_codes_free(mv_codes *codes) {
    mv_block_release(codes->data, codes->data_bytes, codes->data_mapped);
    free(codes->step);
    free(codes->residual);
    free(codes->sum);
    memset(codes, 0, sizeof *codes);
}

/* Copies row `row`'s codes out in dimension order. */
static void read_row(const mv_codes *codes, int64_t row, int32_t dim, int8_t *out) {
    const int8_t *in = mv_codes_row(codes, row);
    for (int32_t i = 0; i < dim; i++) {
        out[i] = in[(size_t)(i / MV_CODE_GROUP) * MV_CODE_GROUP * MV_CODE_LANES + (size_t)(i % MV_CODE_GROUP)];
    }
}

/* The AVX2 quantiser where the CPU has it, else (or when asked) the portable one. */
static void store_row(mv_codes *codes, int64_t row, const float *vec, int32_t dim, int portable) {
    if (portable || !mv_cpu_has_avx2()) {
        mv_codes_store_scalar(codes, row, vec, dim);
    } else {
        mv_codes_store_avx2(codes, row, vec, dim);
    }
}

/* Round to nearest, ties to even, for |v| < 2^22: adding and removing 1.5 * 2^23 does it in the
 * FPU's default rounding mode, with no libm call (the same result as AVX2's cvtps). */
static inline float round_even(float v) {
    const float magic = 12582912.0f;
    volatile float shifted = v + magic; /* volatile: keep the compiler from folding the pair away */
    return shifted - magic;
}

void mv_codes_store_scalar(mv_codes *codes, int64_t row, const float *vec, int32_t dim) {
    float largest = 0.0f;
    for (int32_t i = 0; i < dim; i++) {
        const float magnitude = fabsf(vec[i]);
        largest = magnitude > largest ? magnitude : largest;
    }
    const float scale = 127.0f / largest;
    const float step = largest / 127.0f;
    int8_t *out = mv_codes_row(codes, row);
    double squares = 0.0;
    int32_t sum = 0;
    for (int32_t g = 0; g < codes->groups; g++) {
        int8_t group[MV_CODE_GROUP] = {0, 0, 0, 0};
        for (int32_t j = 0; j < MV_CODE_GROUP && g * MV_CODE_GROUP + j < dim; j++) {
            const float x = vec[g * MV_CODE_GROUP + j];
            float code = round_even(x * scale);
            code = code > 127.0f ? 127.0f : code < -127.0f ? -127.0f : code;
            group[j] = (int8_t)code;
            sum += (int32_t)code;
            const double error = (double)x - (double)step * (double)code;
            squares += error * error;
        }
        memcpy(out + (size_t)g * MV_CODE_GROUP * MV_CODE_LANES, group, sizeof group);
    }
    codes->step[row] = step;
    codes->residual[row] = (float)sqrt(squares) * MV_RESIDUAL_SLACK;
    codes->sum[row] = sum;
}

void mv_codes_store(mv_index *idx, int64_t row, const float *vec) {
    if (idx->codes.data == NULL) return;
    store_row(&idx->codes, row, vec, idx->dim, 0);
}

void mv_codes_move(mv_index *idx, int64_t from, int64_t to) {
    mv_codes *codes = &idx->codes;
    if (codes->data == NULL || from == to) return;
    const int8_t *source = mv_codes_row(codes, from);
    int8_t *target = mv_codes_row(codes, to);
    for (int32_t g = 0; g < codes->groups; g++) {
        const size_t offset = (size_t)g * MV_CODE_GROUP * MV_CODE_LANES;
        memcpy(target + offset, source + offset, MV_CODE_GROUP);
    }
    codes->step[to] = codes->step[from];
    codes->residual[to] = codes->residual[from];
    codes->sum[to] = codes->sum[from];
}

int mv_index_row_codes(const mv_index *idx, int64_t rowid, int8_t *out_codes, float *out_step,
                       float *out_residual) {
    int rc = MV_OK;
    if (idx == NULL || out_codes == NULL || out_step == NULL || out_residual == NULL) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    const int64_t row = mv_rowmap_get(&idx->map, rowid);
    if (row < 0) {
        rc = MV_ERR_NOT_FOUND;
        goto cleanup;
    }
    const mv_codes *codes = &idx->codes;
    if (codes->data == NULL) {
        rc = MV_ERR_DIM;
        goto cleanup;
    }
    read_row(codes, row, idx->dim, out_codes);
    *out_step = codes->step[row];
    *out_residual = codes->residual[row];
cleanup:
    return rc;
}

int mv_quantize_unit(const float *unit, int32_t dim, int portable, int8_t *out_codes, float *out_step,
                     float *out_residual) {
    int rc = MV_OK;
    /* One block of 16 rows, the vector as row 0, with its per-row arrays in the same allocation. */
    mv_codes codes = {.groups = (dim + MV_CODE_GROUP - 1) / MV_CODE_GROUP, .capacity = MV_CODE_LANES};
    const size_t block_bytes = mv_codes_block_bytes(&codes);
    char *memory = calloc(1, block_bytes + MV_CODE_LANES * (2 * sizeof(float) + sizeof(int32_t)));
    if (memory == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    codes.data = (int8_t *)memory;
    codes.step = (float *)(void *)(memory + block_bytes);
    codes.residual = codes.step + MV_CODE_LANES;
    codes.sum = (int32_t *)(void *)(codes.residual + MV_CODE_LANES);
    store_row(&codes, 0, unit, dim, portable);
    read_row(&codes, 0, dim, out_codes);
    *out_step = codes.step[0];
    *out_residual = codes.residual[0];
cleanup:
    free(memory);
    return rc;
}

int mv_quantize(const float *vec, int32_t dim, int portable, int8_t *out_codes, float *out_step, float *out_residual) {
    int rc = MV_OK;
    float *unit = NULL;
    if (vec == NULL || out_codes == NULL || out_step == NULL || out_residual == NULL || dim < 1 ||
        dim > MV_CODES_MAX_DIM) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    unit = mv_alloc_floats((size_t)dim);
    if (unit == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    memcpy(unit, vec, (size_t)dim * sizeof(float));
    rc = mv_normalize(unit, dim); /* as an upsert would: zero and non-finite vectors fail here */
    if (rc != MV_OK) goto cleanup;
    rc = mv_quantize_unit(unit, dim, portable, out_codes, out_step, out_residual);
cleanup:
    mv_free_floats(unit);
    return rc;
}
