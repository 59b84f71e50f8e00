/*
 * kernels.c — one copy of the element-wise kernels per instruction set, and the choice between
 * them at load time. The portable copy runs anywhere and multiplies matrices with OpenBLAS's sgemm
 * (loaded on first use: CLazyBLAS);
 * the x86 copies are compiled for AVX2+FMA and AVX-512 and use the packed-weight GEMM
 * (gemm_x86.c), because OpenBLAS both repacks every weight matrix on every small call and, in
 * the versions distributions ship, may not recognise newer CPUs and fall back to SSE3 kernels.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include <lazy_blas.h>

#include "cminilm.h"
#include "model.h"

#define ML_K(name) name##_portable
#include "kernels_generic.h"
#undef ML_K

/* Attention with OpenBLAS's sgemm for the two products per head, for the portable path. */
static void attend_blas(const float *q, const float *k, const float *v, float *ctx, size_t len, float *scores) {
    const float scale = 1.0f / sqrtf((float)ML_HEAD_DIM);
    for (int h = 0; h < ML_HEADS; h++) {
        size_t col = (size_t)h * ML_HEAD_DIM;
        lb_sgemm(LB_NO_TRANS, LB_TRANS, (int32_t)len, (int32_t)len, ML_HEAD_DIM, scale, q + col, ML_HIDDEN,
                 k + col, ML_HIDDEN, 0.0f, scores, (int32_t)len);
        softmax_rows_portable(scores, len, len, len);
        lb_sgemm(LB_NO_TRANS, LB_NO_TRANS, (int32_t)len, ML_HEAD_DIM, (int32_t)len, 1.0f, scores, (int32_t)len,
                 v + col, ML_HIDDEN, 0.0f, ctx + col, ML_HIDDEN);
    }
}

static const ml_kernels portable = {
    .id = ML_KERNELS_PORTABLE,
    .packed_linear = NULL,
    .packed_linear_f16 = NULL,
    .gelu = gelu_portable,
    .add_layer_norm = add_layer_norm_portable,
    .attend = attend_blas,
};

#if defined(__x86_64__) && defined(__clang__)

#pragma clang attribute push(__attribute__((target("avx2,fma"))), apply_to = function)
#define ML_K(name) name##_avx2
#include "kernels_generic.h"
#undef ML_K
#pragma clang attribute pop

#pragma clang attribute push(__attribute__((target("avx512f,avx512vl,avx512dq,avx512bw,avx2,fma"))), \
                             apply_to = function)
#define ML_K(name) name##_avx512
#include "kernels_generic.h"
#undef ML_K
#pragma clang attribute pop

static const ml_kernels avx2 = {
    .id = ML_KERNELS_AVX2,
    .packed_linear = ml_packed_linear_avx2,
    .packed_linear_f16 = ml_packed_linear_f16_avx2,
    .gelu = gelu_avx2,
    .add_layer_norm = add_layer_norm_avx2,
    .attend = attend_avx2,
};

static const ml_kernels avx512 = {
    .id = ML_KERNELS_AVX512,
    .packed_linear = ml_packed_linear_avx512,
    .packed_linear_f16 = ml_packed_linear_f16_avx512,
    .gelu = gelu_avx512,
    .add_layer_norm = add_layer_norm_avx512,
    .attend = attend_avx512,
};

/* The AVX2 set without the half-precision GEMM, for a CPU with AVX2 but no F16C (the flags are
 * separate; AVX-512F has its own vcvtph2ps, so the AVX-512 set needs no such twin). */
static const ml_kernels avx2_no_f16c = {
    .id = ML_KERNELS_AVX2,
    .packed_linear = ml_packed_linear_avx2,
    .packed_linear_f16 = NULL,
    .gelu = gelu_avx2,
    .add_layer_norm = add_layer_norm_avx2,
    .attend = attend_avx2,
};

static int32_t cpu_kernels(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512vl") &&
        __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512bw"))
        return ML_KERNELS_AVX512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return ML_KERNELS_AVX2;
    return ML_KERNELS_PORTABLE;
}

#else

static int32_t cpu_kernels(void) { return ML_KERNELS_PORTABLE; }

#endif

const ml_kernels *ml_kernels_select(int32_t max_kernels) {
    int32_t best = cpu_kernels();
    switch (best < max_kernels ? best : max_kernels) {
#if defined(__x86_64__) && defined(__clang__)
    case ML_KERNELS_AVX512: return &avx512;
    case ML_KERNELS_AVX2: return __builtin_cpu_supports("f16c") ? &avx2 : &avx2_no_f16c;
#endif
    default: return &portable;
    }
}
