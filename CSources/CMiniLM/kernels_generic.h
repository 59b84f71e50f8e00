/*
 * kernels_generic.h — the element-wise and row-wise kernels, written once in plain C and included
 * by kernels.c once per instruction set (ML_K(name) gives each copy its own suffix, and a
 * `#pragma clang attribute` around the include gives it its target). The loops are shaped for the
 * auto-vectoriser without fast-math: no branches in element loops, and reductions kept in
 * ML_LANES independent partial sums so that they may be vectorised without reassociating a
 * single chain.
 *
 * Not a public header; has no include guard on purpose.
 */

#define ML_LANES 16

/*
 * e^x for x in [-87, 88] (clamped), relative error below 2e-7 (measured 1e-7): x = n ln2 + r with |r| <= ln2/2,
 * e^r by its Taylor series to degree 7, 2^n put straight into the exponent bits.
 */
static inline __attribute__((always_inline)) float ML_K(exp)(float x) {
    x = x < -87.0f ? -87.0f : x;
    x = x > 88.0f ? 88.0f : x;
    const float round_magic = 12582912.0f; /* 1.5 * 2^23: adding it rounds to an integer */
    float shifted = x * 1.44269504088896341f + round_magic;
    float n = shifted - round_magic;
    int32_t n_bits;
    memcpy(&n_bits, &shifted, sizeof n_bits);
    /* ln 2 in two parts; the first has few enough bits that n * it is exact. */
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.0f / 5040.0f;
    p = p * r + 1.0f / 720.0f;
    p = p * r + 1.0f / 120.0f;
    p = p * r + 1.0f / 24.0f;
    p = p * r + 1.0f / 6.0f;
    p = p * r + 0.5f;
    p = p * r + 1.0f;
    p = p * r + 1.0f;
    int32_t scale_bits = (n_bits - 0x4B400000 + 127) * (1 << 23); /* low mantissa bits of shifted = n */
    float scale;
    memcpy(&scale, &scale_bits, sizeof scale);
    return p * scale;
}

/*
 * erf(x) with absolute error below 6e-7 in float: Abramowitz & Stegun 7.1.26,
 * erf|x| = 1 - t (a1 + t (a2 + ... + t a5)) e^(-x^2), t = 1 / (1 + p|x|).
 * GELU multiplies it by x/2, so an absolute bound is the one that matters: measured against
 * double-precision erf over [-10, 10], GELU is off by at most 5e-7 (one float ulp near x = 3).
 */
static inline __attribute__((always_inline)) float ML_K(erf)(float x) {
    float ax = fabsf(x);
    float t = 1.0f / (1.0f + 0.3275911f * ax);
    float p = 1.061405429f;
    p = p * t - 1.453152027f;
    p = p * t + 1.421413741f;
    p = p * t - 0.284496736f;
    p = p * t + 0.254829592f;
    float y = 1.0f - p * t * ML_K(exp)(-ax * ax);
    return copysignf(y, x);
}

static __attribute__((unused)) void ML_K(gelu)(float *restrict x, size_t n) {
    for (size_t i = 0; i < n; i++) x[i] = 0.5f * x[i] * (1.0f + ML_K(erf)(x[i] * 0.70710678118654752f));
}

static __attribute__((unused)) float ML_K(sum_hidden)(const float *restrict row) {
    float part[ML_LANES] = {0};
    for (int i = 0; i < ML_HIDDEN; i += ML_LANES)
        for (int j = 0; j < ML_LANES; j++) part[j] += row[i + j];
    float sum = 0.0f;
    for (int j = 0; j < ML_LANES; j++) sum += part[j];
    return sum;
}

static __attribute__((unused)) void ML_K(add_layer_norm)(float *restrict x, const float *restrict residual, size_t rows,
                                 const float *restrict w, const float *restrict b) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict row = x + r * ML_HIDDEN;
        if (residual != NULL) {
            const float *restrict res = residual + r * ML_HIDDEN;
            for (int i = 0; i < ML_HIDDEN; i++) row[i] += res[i];
        }
        float mean = ML_K(sum_hidden)(row) / ML_HIDDEN;
        float part[ML_LANES] = {0};
        for (int i = 0; i < ML_HIDDEN; i += ML_LANES) {
            for (int j = 0; j < ML_LANES; j++) {
                float d = row[i + j] - mean;
                part[j] += d * d;
            }
        }
        float sq = 0.0f;
        for (int j = 0; j < ML_LANES; j++) sq += part[j];
        float inv = 1.0f / sqrtf(sq / ML_HIDDEN + ML_LAYER_NORM_EPS);
        for (int i = 0; i < ML_HIDDEN; i++) row[i] = (row[i] - mean) * inv * w[i] + b[i];
    }
}

static __attribute__((unused)) void ML_K(softmax_rows)(float *restrict x, size_t rows, size_t cols, size_t ld) {
    for (size_t r = 0; r < rows; r++) {
        float *restrict row = x + r * ld;
        float max = row[0];
        for (size_t j = 1; j < cols; j++) max = row[j] > max ? row[j] : max;
        float part[ML_LANES] = {0};
        size_t j = 0;
        for (; j + ML_LANES <= cols; j += ML_LANES) {
            for (int l = 0; l < ML_LANES; l++) {
                row[j + l] = ML_K(exp)(row[j + l] - max);
                part[l] += row[j + l];
            }
        }
        for (; j < cols; j++) {
            row[j] = ML_K(exp)(row[j] - max);
            part[0] += row[j];
        }
        float sum = 0.0f;
        for (int l = 0; l < ML_LANES; l++) sum += part[l];
        float inv = 1.0f / sum;
        for (j = 0; j < cols; j++) row[j] *= inv;
    }
}

/*
 * Softmax of row[0, len) in place, for a row padded to a multiple of ML_LANES (padded: whole
 * ML_LANES chunks, so every loop is full vectors). Padding entries come out as exactly 0.
 */
static __attribute__((unused)) void ML_K(softmax_padded)(float *restrict row, size_t len, size_t padded) {
    float part[ML_LANES];
    for (int l = 0; l < ML_LANES; l++) part[l] = row[0];
    for (size_t j = 0; j < padded; j += ML_LANES)
        for (int l = 0; l < ML_LANES; l++) {
            float x = j + (size_t)l < len ? row[j + (size_t)l] : row[0];
            part[l] = x > part[l] ? x : part[l];
        }
    float max = part[0];
    for (int l = 1; l < ML_LANES; l++) max = part[l] > max ? part[l] : max;
    for (int l = 0; l < ML_LANES; l++) part[l] = 0.0f;
    for (size_t j = 0; j < padded; j += ML_LANES)
        for (int l = 0; l < ML_LANES; l++) {
            float e = ML_K(exp)(row[j + (size_t)l] - max);
            e = j + (size_t)l < len ? e : 0.0f;
            row[j + (size_t)l] = e;
            part[l] += e;
        }
    float sum = 0.0f;
    for (int l = 0; l < ML_LANES; l++) sum += part[l];
    const float inv = 1.0f / sum;
    for (size_t j = 0; j < padded; j += ML_LANES)
        for (int l = 0; l < ML_LANES; l++) row[j + (size_t)l] *= inv;
}

/* Floats of attention scratch a sequence of len tokens needs (see attend). */
static inline size_t ML_K(padded_len)(size_t len) { return (len + ML_LANES - 1) / ML_LANES * ML_LANES; }

/*
 * Multi-head self-attention of one sequence of len tokens: the rows of q, k, v and ctx are
 * ML_HIDDEN apart, head h owning columns [h * ML_HEAD_DIM, (h + 1) * ML_HEAD_DIM); ctx may be q
 * (a head reads all its query columns before it writes its context there). scratch holds
 * (len + ML_HEAD_DIM) * padded floats, padded = len rounded up to ML_LANES. Each head's keys are
 * transposed (zero-padded) first, so that each chunk of ML_LANES scores builds up in a register
 * along the head dimension, and the context along the head's contiguous columns.
 */
static __attribute__((unused)) void ML_K(attend)(const float *q, const float *restrict k, const float *restrict v,
                                                 float *ctx, size_t len, float *restrict scratch) {
    const float scale = 0.17677669529663688f; /* 1 / sqrt(ML_HEAD_DIM) */
    const size_t padded = ML_K(padded_len)(len);
    float *restrict scores = scratch;                /* len x padded */
    float *restrict keys_t = scratch + len * padded; /* ML_HEAD_DIM x padded */
    for (int h = 0; h < ML_HEADS; h++) {
        const size_t col = (size_t)h * ML_HEAD_DIM;
        for (int d = 0; d < ML_HEAD_DIM; d++) {
            float *restrict kd = keys_t + (size_t)d * padded;
            for (size_t j = 0; j < len; j++) kd[j] = k[j * ML_HIDDEN + col + (size_t)d];
            for (size_t j = len; j < padded; j++) kd[j] = 0.0f;
        }
        for (size_t i = 0; i < len; i++) {
            float *restrict row = scores + i * padded;
            const float *qi = q + i * ML_HIDDEN + col;
            for (size_t j = 0; j < padded; j += ML_LANES) {
                float acc[ML_LANES] = {0};
                for (int d = 0; d < ML_HEAD_DIM; d++) {
                    const float *restrict kd = keys_t + (size_t)d * padded + j;
                    for (int l = 0; l < ML_LANES; l++) acc[l] += qi[d] * kd[l];
                }
                for (int l = 0; l < ML_LANES; l++) row[j + (size_t)l] = acc[l] * scale;
            }
            ML_K(softmax_padded)(row, len, padded);
        }
        for (size_t i = 0; i < len; i++) {
            const float *restrict p = scores + i * padded;
            float acc[ML_HEAD_DIM] = {0};
            for (size_t j = 0; j < len; j++) {
                const float pj = p[j];
                const float *restrict vj = v + j * ML_HIDDEN + col;
                for (int d = 0; d < ML_HEAD_DIM; d++) acc[d] += pj * vj[d];
            }
            float *out = ctx + i * ML_HIDDEN + col;
            for (int d = 0; d < ML_HEAD_DIM; d++) out[d] = acc[d];
        }
    }
}
