/*
 * cminilm — the all-MiniLM-L6-v2 encoder (BERT, 6 layers, 384 hidden, 12 heads) in C.
 *
 * Reads the model's `model.safetensors` directly, checks every tensor it needs (name, dtype F32,
 * shape), and runs: embeddings (word + position + token type 0) -> LayerNorm -> 6 x (self-
 * attention with the padding mask, residual + LayerNorm, GELU feed-forward, residual +
 * LayerNorm) -> mean pooling over real tokens -> L2 normalisation. Matches sentence-transformers
 * to a cosine of 0.99999 or better.
 *
 * Matrix products use OpenBLAS's sgemm (loaded on first use) in the portable kernel set, and a packed-weight GEMM of its own
 * in the AVX2 and AVX-512 sets (chosen at load from the CPU). The encoder never starts threads,
 * and does not change OpenBLAS's thread count.
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
    ML_ERR_BLAS = 5,    /* the portable kernels (this CPU has no AVX2) need OpenBLAS, which could not be loaded */
};

/* Kernel sets, slowest first. The portable set is plain C with OpenBLAS's sgemm; the x86 sets add a
 * packed-weight GEMM and vectorised element-wise kernels. Results agree to about 1e-6. */
enum {
    ML_KERNELS_PORTABLE = 0,
    ML_KERNELS_AVX2 = 1,   /* AVX2 + FMA */
    ML_KERNELS_AVX512 = 2, /* AVX-512 F/VL/DQ/BW */
};

/* What the packed GEMM reads. Float32 is the reference; half precision (IEEE binary16, widened to
 * float32 in registers, float32 arithmetic) halves the bytes a single sentence streams and the
 * memory the weights take, and matches float32 to a cosine of 0.99999 or better. */
enum {
    ML_WEIGHTS_F32 = 0,
    ML_WEIGHTS_F16 = 1,
};

/* Where the half-precision panels came from (ml_model_packed_source). */
enum {
    ML_PACKED_NONE = 0,      /* float32 weights: nothing half-precision */
    ML_PACKED_MEMORY = 1,    /* packed in memory at load (no side file, or it could not be used) */
    ML_PACKED_MAPPED = 2,    /* mapped from an up-to-date side file: no packing at all */
    ML_PACKED_WRITTEN = 3,   /* packed at load and written to the side file for the next start */
};

/**
 * Loads the model from a safetensors file, choosing the fastest kernel set this CPU runs. On
 * failure returns an ML_ERR_* code, sets *out to NULL and writes a one-line, NUL-terminated
 * explanation into errbuf (if errbuf_len > 0). The file is validated completely: its header
 * (bounds, offsets, no overlaps or holes) and every tensor the encoder reads (name, F32, shape).
 */
int ml_model_load(const char *_Nonnull path, ml_model *_Nullable *_Nonnull out,
                  char *_Nullable errbuf, size_t errbuf_len);
/** Like ml_model_load, but uses no kernel set above max_kernels (ML_KERNELS_*), so that tests
 * and benchmarks can compare the paths. */
int ml_model_load_kernels(const char *_Nonnull path, int32_t max_kernels, ml_model *_Nullable *_Nonnull out,
                          char *_Nullable errbuf, size_t errbuf_len);
/**
 * Loads the model with a choice of weight precision. With ML_WEIGHTS_F16 and a kernel set that
 * can read half precision (AVX2 + F16C or AVX-512), the six matrices of every layer are packed
 * into half-precision panels once and kept in the side file at `side_path` (when not NULL),
 * which later loads map instead of reading and repacking 90 MB: the file's header names the
 * model file's size, modification time, inode and header hash, so a changed model is repacked,
 * and it is written to a temporary name and renamed, so a crash never leaves a torn file under
 * that name. A side file that cannot be written is not an error (the panels are then packed in
 * memory). Without such a kernel set the weights stay float32 (ml_model_weights says which).
 */
int ml_model_load_weights(const char *_Nonnull path, int32_t max_kernels, int32_t weights,
                          const char *_Nullable side_path, ml_model *_Nullable *_Nonnull out,
                          char *_Nullable errbuf, size_t errbuf_len);
/** The precision the packed GEMM reads (ML_WEIGHTS_*). */
int32_t ml_model_weights(const ml_model *_Nonnull model);
/** Where the half-precision panels came from (ML_PACKED_*). */
int32_t ml_model_packed_source(const ml_model *_Nonnull model);
/** The kernel set the model uses (ML_KERNELS_*). */
int32_t ml_model_kernels(const ml_model *_Nonnull model);
void ml_model_free(ml_model *_Nullable model);

int32_t ml_model_hidden_size(const ml_model *_Nonnull model);   /* 384 */
int32_t ml_model_max_positions(const ml_model *_Nonnull model);  /* 512 */
int32_t ml_model_vocab_size(const ml_model *_Nonnull model);     /* 30522 */

/**
 * Encodes a batch. `token_ids` is batch x seq_len (row-major, already including [CLS]/[SEP],
 * padded with any id after each row's length; pad ids are never read); `lengths[i]` is row i's
 * real token count (1..seq_len), seq_len at most ml_model_max_positions. Writes batch x
 * hidden_size L2-normalised floats to `out`: the mean of the last layer over each row's real
 * tokens, as sentence-transformers computes it. Rows never influence each other, so a row's
 * vector does not depend on the batch it is in (up to float rounding, ~1e-7).
 *
 * Returns ML_OK, ML_ERR_ARG (batch < 1, seq_len out of range, a length out of range, or a real
 * token id outside 0..vocab_size-1; nothing is written) or ML_ERR_NOMEM. Allocates its scratch
 * per call: safe to call from many threads with one model.
 */
int ml_model_encode(const ml_model *_Nonnull model, const int32_t *_Nonnull token_ids,
                    const int32_t *_Nonnull lengths, int32_t batch, int32_t seq_len,
                    float *_Nonnull out);

#ifdef __cplusplus
}
#endif
#endif /* CMINILM_H */
