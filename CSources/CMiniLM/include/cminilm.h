/*
 * cminilm — the all-MiniLM-L6-v2 encoder (BERT, 6 layers, 384 hidden, 12 heads) in C with BLAS.
 *
 * Reads the model's `model.safetensors` directly, checks every tensor it needs (name, dtype F32,
 * shape), and runs: embeddings (word + position + token type 0) -> LayerNorm -> 6 x (self-
 * attention with the padding mask, residual + LayerNorm, GELU feed-forward, residual +
 * LayerNorm) -> mean pooling over real tokens -> L2 normalisation.
 *
 * Thread safety: a loaded model is read-only; ml_model_encode allocates its own scratch per call,
 * so any number of threads may encode with one model at once.
 */
#ifndef CMINILM_H
#define CMINILM_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct ml_model ml_model;

enum {
    ML_OK = 0,
    ML_ERR_IO = 1,      /* the file could not be opened or read */
    ML_ERR_FORMAT = 2,  /* not a valid safetensors file, or a tensor is missing / wrong dtype or shape */
    ML_ERR_NOMEM = 3,
    ML_ERR_ARG = 4,     /* bad argument: token id out of range, length 0 or > max positions, ... */
};

/**
 * Loads the model from a safetensors file. On failure returns an ML_ERR_* code and writes a
 * one-line, NUL-terminated explanation into errbuf (if errbuf_len > 0).
 */
int ml_model_load(const char *_Nonnull path, ml_model *_Nullable *_Nonnull out,
                  char *_Nullable errbuf, size_t errbuf_len);
void ml_model_free(ml_model *_Nullable model);

int32_t ml_model_hidden_size(const ml_model *_Nonnull model);   /* 384 */
int32_t ml_model_max_positions(const ml_model *_Nonnull model);  /* 512 */
int32_t ml_model_vocab_size(const ml_model *_Nonnull model);     /* 30522 */

/**
 * Encodes a batch. `token_ids` is batch x seq_len (row-major, already including [CLS]/[SEP],
 * padded with any id after each row's length); `lengths[i]` is row i's real token count
 * (1..seq_len). Writes batch x hidden_size L2-normalised floats to `out`.
 */
int ml_model_encode(const ml_model *_Nonnull model, const int32_t *_Nonnull token_ids,
                    const int32_t *_Nonnull lengths, int32_t batch, int32_t seq_len,
                    float *_Nonnull out);

#ifdef __cplusplus
}
#endif
#endif /* CMINILM_H */
