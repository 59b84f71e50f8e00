/* gemm.c — packing Linear weights for the packed-weight GEMM (see ML_PANEL in model.h). */
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
