/* gemm.c — packing Linear weights for the packed-weight GEMM (see ML_PANEL in model.h), in float32
 * and in IEEE half precision. */
#include <math.h>
#include <string.h>

#include "model.h"

void ml_pack_weights(const float *w, int n, int k, float *packed) {
    for (int p = 0; p < n / ML_PANEL; p++) {
        float *panel = packed + (size_t)p * (size_t)k * ML_PANEL;
        for (int j = 0; j < ML_PANEL; j++) {
            const float *row = w + (size_t)(p * ML_PANEL + j) * (size_t)k;
            for (int i = 0; i < k; i++) panel[(size_t)i * ML_PANEL + j] = row[i];
        }
    }
}

uint16_t ml_float_to_half(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    const uint16_t sign = (uint16_t)((bits >> 16) & 0x8000u);
    const uint32_t magnitude = bits & 0x7fffffffu;
    if (magnitude >= 0x7f800000u) return sign | 0x7c00u | (magnitude > 0x7f800000u ? 0x0200u : 0u); /* inf, NaN */
    if (magnitude >= 0x477ff000u) return sign | 0x7c00u; /* 65520 and up round to infinity */
    if (magnitude < 0x38800000u) {
        /* Below 2^-14 the half is subnormal: a count of 2^-24 steps. Scaling by 2^24 is exact and
         * lrintf rounds half to even; 1024 steps is the smallest normal half, encoded the same. */
        return sign | (uint16_t)lrintf(fabsf(value) * 0x1p24f);
    }
    /* Rebias the exponent (127 -> 15) and keep 10 of the 23 fraction bits, rounding half to even;
     * a carry out of the fraction correctly bumps the exponent. */
    uint32_t half = (magnitude - 0x38000000u) >> 13;
    const uint32_t rest = magnitude & 0x1fffu;
    if (rest > 0x1000u || (rest == 0x1000u && (half & 1u))) half++;
    return sign | (uint16_t)half;
}

void ml_pack_weights_f16(const float *w, int n, int k, uint16_t *packed) {
    for (int p = 0; p < n / ML_PANEL; p++) {
        uint16_t *panel = packed + (size_t)p * (size_t)k * ML_PANEL;
        for (int j = 0; j < ML_PANEL; j++) {
            const float *row = w + (size_t)(p * ML_PANEL + j) * (size_t)k;
            for (int i = 0; i < k; i++) panel[(size_t)i * ML_PANEL + j] = ml_float_to_half(row[i]);
        }
    }
}

/* Element offsets of the six matrices inside one layer's half block. */
static const size_t square = (size_t)ML_HIDDEN * ML_HIDDEN, wide = (size_t)ML_INTERMEDIATE * ML_HIDDEN;

void ml_bind_half(struct ml_model *model, const uint16_t *half) {
    for (int32_t l = 0; l < ML_LAYERS; l++) {
        ml_layer *layer = &model->layers[l];
        const uint16_t *p = half + (size_t)l * ML_HALF_PER_LAYER;
        layer->query_h = p;
        layer->key_h = p += square;
        layer->value_h = p += square;
        layer->attn_out_h = p += square;
        layer->ffn_in_h = p += square;
        layer->ffn_out_h = p + wide;
    }
}

void ml_pack_all_half(const struct ml_model *model, uint16_t *half) {
    for (int32_t l = 0; l < ML_LAYERS; l++) {
        const ml_layer *layer = &model->layers[l];
        uint16_t *p = half + (size_t)l * ML_HALF_PER_LAYER;
        ml_pack_weights_f16(layer->query_w, ML_HIDDEN, ML_HIDDEN, p);
        ml_pack_weights_f16(layer->key_w, ML_HIDDEN, ML_HIDDEN, p += square);
        ml_pack_weights_f16(layer->value_w, ML_HIDDEN, ML_HIDDEN, p += square);
        ml_pack_weights_f16(layer->attn_out_w, ML_HIDDEN, ML_HIDDEN, p += square);
        ml_pack_weights_f16(layer->ffn_in_w, ML_INTERMEDIATE, ML_HIDDEN, p += square);
        ml_pack_weights_f16(layer->ffn_out_w, ML_HIDDEN, ML_INTERMEDIATE, p + wide);
    }
}
