/*
 * encode.c — the forward pass of all-MiniLM-L6-v2 over a padded batch.
 *
 * The batch is packed: only each row's real tokens are carried through the network, one after
 * another, so the projections and the feed-forward network (nearly all of the work) never touch
 * padding. Attention runs per sequence over its own tokens only, which is exactly what the
 * reference's padding mask computes (masked keys get weight exp(-inf) = 0). Pad ids are never
 * read.
 */
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <lazy_blas.h>

#include "cminilm.h"
#include "model.h"

/* Feed-forward rows per block: the 1536-wide activations of one block stay in cache. */
#define FFN_BLOCK_ROWS 128

typedef struct {
    size_t tokens;       /* total real tokens in the batch */
    size_t *_Nonnull starts; /* batch + 1 row offsets into the packed activations */
    float *_Nonnull hidden, *_Nonnull scratch; /* tokens x 384, swapped after each residual block */
    /* tokens x 384 each. Attention overwrites each head's query columns with its context once
     * that head's scores are computed, so the query buffer doubles as the context. */
    float *_Nonnull query, *_Nonnull key, *_Nonnull value;
    float *_Nonnull ffn;    /* min(tokens, FFN_BLOCK_ROWS) x 1536 */
    float *_Nonnull scores; /* attention scratch: (longest + 32) x longest rounded up to 16 */
} activations;

static float *alloc_floats(size_t n) {
    size_t bytes = (n * sizeof(float) + 63) & ~(size_t)63; /* aligned_alloc wants a multiple */
    return aligned_alloc(64, bytes == 0 ? 64 : bytes);
}

static void free_activations(activations *a) {
    free(a->starts);
    free(a->hidden);
    free(a->scratch);
    free(a->query);
    free(a->key);
    free(a->value);
    free(a->ffn);
    free(a->scores);
}

static int alloc_activations(activations *a, const int32_t *lengths, int32_t batch) {
    memset(a, 0, sizeof *a);
    a->starts = malloc(((size_t)batch + 1) * sizeof *a->starts);
    if (a->starts == NULL) return ML_ERR_NOMEM;
    size_t longest = 0;
    a->starts[0] = 0;
    for (int32_t b = 0; b < batch; b++) {
        a->starts[b + 1] = a->starts[b] + (size_t)lengths[b];
        if ((size_t)lengths[b] > longest) longest = (size_t)lengths[b];
    }
    a->tokens = a->starts[batch];
    /* BLAS takes int dimensions. */
    if (a->tokens > INT_MAX / ML_INTERMEDIATE) return ML_ERR_NOMEM;
    size_t n = a->tokens * ML_HIDDEN;
    size_t ffn_rows = a->tokens < FFN_BLOCK_ROWS ? a->tokens : FFN_BLOCK_ROWS;
    a->hidden = alloc_floats(n);
    a->scratch = alloc_floats(n);
    a->query = alloc_floats(n);
    a->key = alloc_floats(n);
    a->value = alloc_floats(n);
    a->ffn = alloc_floats(ffn_rows * ML_INTERMEDIATE);
    a->scores = alloc_floats((longest + ML_HEAD_DIM) * ((longest + 15) / 16 * 16));
    if (!a->hidden || !a->scratch || !a->query || !a->key || !a->value || !a->ffn || !a->scores)
        return ML_ERR_NOMEM;
    return ML_OK;
}

/*
 * out[rows x out_dim] = in[rows x in_dim] W^T + bias, W stored [out_dim, in_dim] (packed: the
 * same matrix packed by ml_pack_weights, used when the kernels have a packed GEMM; half: packed
 * in half precision, used when the model's weights are ML_WEIGHTS_F16).
 */
static void linear(const ml_kernels *kernels, const float *in, size_t rows, int in_dim, const float *w,
                   const float *packed, const uint16_t *half, const float *bias, float *out, int out_dim) {
    if (half != NULL) {
        kernels->packed_linear_f16(in, rows, in_dim, half, bias, out, out_dim);
        return;
    }
    if (kernels->packed_linear != NULL) {
        kernels->packed_linear(in, rows, in_dim, packed, bias, out, out_dim);
        return;
    }
    for (size_t r = 0; r < rows; r++) memcpy(out + r * (size_t)out_dim, bias, (size_t)out_dim * sizeof(float));
    lb_sgemm(LB_NO_TRANS, LB_TRANS, (int32_t)rows, out_dim, in_dim, 1.0f, in, in_dim, w, in_dim, 1.0f, out,
             out_dim);
}

static void swap(float **a, float **b) {
    float *t = *a;
    *a = *b;
    *b = t;
}

/* The projection `name` of a layer: its float32, packed and half-precision forms and its bias. */
#define WEIGHTS(layer, name) (layer)->name##_w, (layer)->name##_p, (layer)->name##_h, (layer)->name##_b

static void run_layer(const ml_kernels *kernels, const ml_layer *layer, activations *a, int32_t batch) {
    size_t t = a->tokens;
    linear(kernels, a->hidden, t, ML_HIDDEN, WEIGHTS(layer, query), a->query, ML_HIDDEN);
    linear(kernels, a->hidden, t, ML_HIDDEN, WEIGHTS(layer, key), a->key, ML_HIDDEN);
    linear(kernels, a->hidden, t, ML_HIDDEN, WEIGHTS(layer, value), a->value, ML_HIDDEN);
    for (int32_t b = 0; b < batch; b++) {
        size_t off = a->starts[b] * ML_HIDDEN;
        kernels->attend(a->query + off, a->key + off, a->value + off, a->query + off,
               a->starts[b + 1] - a->starts[b], a->scores);
    }
    linear(kernels, a->query, t, ML_HIDDEN, WEIGHTS(layer, attn_out), a->scratch, ML_HIDDEN);
    kernels->add_layer_norm(a->scratch, a->hidden, t, layer->attn_norm_w, layer->attn_norm_b);
    swap(&a->hidden, &a->scratch);

    for (size_t r0 = 0; r0 < t; r0 += FFN_BLOCK_ROWS) {
        size_t rows = t - r0 < FFN_BLOCK_ROWS ? t - r0 : FFN_BLOCK_ROWS;
        linear(kernels, a->hidden + r0 * ML_HIDDEN, rows, ML_HIDDEN, WEIGHTS(layer, ffn_in), a->ffn,
               ML_INTERMEDIATE);
        kernels->gelu(a->ffn, rows * ML_INTERMEDIATE);
        linear(kernels, a->ffn, rows, ML_INTERMEDIATE, WEIGHTS(layer, ffn_out), a->scratch + r0 * ML_HIDDEN,
               ML_HIDDEN);
    }
    kernels->add_layer_norm(a->scratch, a->hidden, t, layer->ffn_norm_w, layer->ffn_norm_b);
    swap(&a->hidden, &a->scratch);
}
#undef WEIGHTS

static void embed(const ml_model *model, const int32_t *token_ids, int32_t batch, int32_t seq_len,
                  activations *a) {
    for (int32_t b = 0; b < batch; b++) {
        const int32_t *ids = token_ids + (size_t)b * (size_t)seq_len;
        for (size_t p = 0; p < a->starts[b + 1] - a->starts[b]; p++) {
            float *row = a->hidden + (a->starts[b] + p) * ML_HIDDEN;
            const float *word = model->word_emb + (size_t)ids[p] * ML_HIDDEN;
            const float *pos = model->position_emb + p * ML_HIDDEN;
            /* The reference's order of additions: (word + token type) + position. */
            for (int i = 0; i < ML_HIDDEN; i++) row[i] = (word[i] + model->type_emb[i]) + pos[i];
        }
    }
    model->kernels->add_layer_norm(a->hidden, NULL, a->tokens, model->emb_norm_w, model->emb_norm_b);
}

/* Mean over each sequence's tokens, then L2 normalisation (eps 1e-12 as in F.normalize). */
static void pool(const activations *a, int32_t batch, float *out) {
    for (int32_t b = 0; b < batch; b++) {
        float *o = out + (size_t)b * ML_HIDDEN;
        size_t len = a->starts[b + 1] - a->starts[b];
        memset(o, 0, ML_HIDDEN * sizeof(float));
        for (size_t p = 0; p < len; p++) {
            const float *row = a->hidden + (a->starts[b] + p) * ML_HIDDEN;
            for (int i = 0; i < ML_HIDDEN; i++) o[i] += row[i];
        }
        float norm = 0.0f;
        for (int i = 0; i < ML_HIDDEN; i++) {
            o[i] /= (float)len;
            norm += o[i] * o[i];
        }
        norm = sqrtf(norm);
        float inv = 1.0f / (norm > 1e-12f ? norm : 1e-12f);
        for (int i = 0; i < ML_HIDDEN; i++) o[i] *= inv;
    }
}

static int check_input(const ml_model *model, const int32_t *token_ids, const int32_t *lengths, int32_t batch,
                       int32_t seq_len, const float *out) {
    if (model == NULL || token_ids == NULL || lengths == NULL || out == NULL) return ML_ERR_ARG;
    if (batch < 1 || seq_len < 1 || seq_len > ML_MAX_POSITIONS) return ML_ERR_ARG;
    for (int32_t b = 0; b < batch; b++) {
        if (lengths[b] < 1 || lengths[b] > seq_len) return ML_ERR_ARG;
        const int32_t *ids = token_ids + (size_t)b * (size_t)seq_len;
        for (int32_t p = 0; p < lengths[b]; p++) {
            if (ids[p] < 0 || ids[p] >= ML_VOCAB) return ML_ERR_ARG;
        }
    }
    return ML_OK;
}

int ml_model_encode(const ml_model *model, const int32_t *token_ids, const int32_t *lengths, int32_t batch,
                    int32_t seq_len, float *out) {
    int rc = check_input(model, token_ids, lengths, batch, seq_len, out);
    if (rc != ML_OK) return rc;
    activations a;
    if ((rc = alloc_activations(&a, lengths, batch)) != ML_OK) goto cleanup;
    embed(model, token_ids, batch, seq_len, &a);
    for (int l = 0; l < ML_LAYERS; l++) run_layer(model->kernels, &model->layers[l], &a, batch);
    pool(&a, batch, out);
cleanup:
    free_activations(&a);
    return rc;
}
