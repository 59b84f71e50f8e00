/* model.h — the loaded all-MiniLM-L6-v2 weights and the forward pass's building blocks (private). */
#ifndef CMINILM_MODEL_H
#define CMINILM_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "safetensors.h"

/* The architecture this encoder implements (config.json of all-MiniLM-L6-v2). */
enum {
    ML_HIDDEN = 384,
    ML_LAYERS = 6,
    ML_HEADS = 12,
    ML_HEAD_DIM = ML_HIDDEN / ML_HEADS, /* 32 */
    ML_INTERMEDIATE = 1536,
    ML_MAX_POSITIONS = 512,
    ML_TYPE_VOCAB = 2,
    ML_VOCAB = 30522,
};
#define ML_LAYER_NORM_EPS 1e-12f

/*
 * Weights as PyTorch stores them: a Linear layer's weight is [out, in] row-major, so y = x W^T + b.
 * The matrices and embedding tables point into the read-only mapping of the file; the biases and
 * norms into the model's `small` copy.
 */
typedef struct {
    /* Pre-packed copies of the four projection and two feed-forward matrices (see
     * ml_pack_weights), or NULL when the kernels multiply the stored matrices with OpenBLAS's sgemm. */
    const float *_Nullable query_p, *_Nullable key_p, *_Nullable value_p, *_Nullable attn_out_p;
    const float *_Nullable ffn_in_p, *_Nullable ffn_out_p;
    /* The same six matrices packed the same way in IEEE half precision (ML_WEIGHTS_F16), pointing
     * into the mapped side file or into `packed_half`; NULL with float32 weights. */
    const uint16_t *_Nullable query_h, *_Nullable key_h, *_Nullable value_h, *_Nullable attn_out_h;
    const uint16_t *_Nullable ffn_in_h, *_Nullable ffn_out_h;
    const float *_Nonnull query_w, *_Nonnull query_b;
    const float *_Nonnull key_w, *_Nonnull key_b;
    const float *_Nonnull value_w, *_Nonnull value_b;
    const float *_Nonnull attn_out_w, *_Nonnull attn_out_b;
    const float *_Nonnull attn_norm_w, *_Nonnull attn_norm_b;
    const float *_Nonnull ffn_in_w, *_Nonnull ffn_in_b;   /* [1536, 384] */
    const float *_Nonnull ffn_out_w, *_Nonnull ffn_out_b; /* [384, 1536] */
    const float *_Nonnull ffn_norm_w, *_Nonnull ffn_norm_b;
} ml_layer;

struct ml_model {
    void *_Nullable mapping; /* the whole file, mmap'd read-only */
    size_t mapping_len;
    const struct ml_kernels *_Nonnull kernels; /* chosen for this CPU at load */
    float *_Nullable packed;                   /* one allocation holding every layer's packed matrices */
    int32_t weights;                           /* ML_WEIGHTS_*: what the packed GEMM reads */
    int32_t packed_source;                     /* ML_PACKED_*: where the half-precision panels came from */
    uint16_t *_Nullable packed_half;           /* half panels packed in memory (no usable side file) */
    float *_Nullable small;                    /* the biases, norms and token-type rows, copied out */
    void *_Nullable side_mapping;              /* the side file of half panels, mmap'd read-only */
    size_t side_mapping_len;
    const float *_Nonnull word_emb;     /* [30522, 384] */
    const float *_Nonnull position_emb; /* [512, 384] */
    const float *_Nonnull type_emb;     /* [2, 384]; only row 0 is used (single-segment input) */
    const float *_Nonnull emb_norm_w, *_Nonnull emb_norm_b;
    ml_layer layers[ML_LAYERS];
};

/*
 * Points model's weights into a parsed file, checking each tensor's presence, dtype (F32) and
 * shape. Returns ML_OK or ML_ERR_FORMAT with a one-line reason naming the tensor.
 */
int ml_model_bind(struct ml_model *_Nonnull model, const st_index *_Nonnull index, char *_Nullable err,
                  size_t err_len);

/* ---- kernels ------------------------------------------------------------------------------- */

/* Output columns per packed panel: a Linear weight [n, k] is stored as n / ML_PANEL panels of k
 * rows of ML_PANEL floats (the panel's slice of W^T), so a micro-kernel streams it linearly. */
#define ML_PANEL 32

/* The forward pass's kernels for one instruction set (kernels.c). */
typedef struct ml_kernels {
    int32_t id; /* ML_KERNELS_* */
    /* c[m x n] = a[m x k] W^T + bias, W packed by ml_pack_weights; NULL: the caller uses
     * OpenBLAS's sgemm on W as stored. n must be a multiple of ML_PANEL. */
    void (*_Nullable packed_linear)(const float *_Nonnull a, size_t m, int k, const float *_Nonnull packed,
                                    const float *_Nonnull bias, float *_Nonnull c, int n);
    /* The same product with half-precision panels, widened to float32 in registers (F16C); NULL
     * when the set has none (the portable set, or a CPU without F16C). */
    void (*_Nullable packed_linear_f16)(const float *_Nonnull a, size_t m, int k, const uint16_t *_Nonnull packed,
                                        const float *_Nonnull bias, float *_Nonnull c, int n);
    /* x := GELU(x) = x/2 (1 + erf(x / sqrt 2)), the exact (erf) form BERT uses. */
    void (*_Nonnull gelu)(float *_Nonnull x, size_t n);
    /* Each of rows rows of x (width ML_HIDDEN) := LayerNorm(x + residual) with gain w and bias b. */
    void (*_Nonnull add_layer_norm)(float *_Nonnull x, const float *_Nullable residual, size_t rows,
                                    const float *_Nonnull w, const float *_Nonnull b);
    /* Multi-head self-attention of one sequence of len tokens: rows of q, k, v and ctx are
     * ML_HIDDEN floats apart, and ctx may be q. scratch holds (len + ML_HEAD_DIM) x len rounded
     * up to 16 floats. */
    void (*_Nonnull attend)(const float *_Nonnull q, const float *_Nonnull k, const float *_Nonnull v,
                            float *_Nonnull ctx, size_t len, float *_Nonnull scratch);
} ml_kernels;

/* The fastest kernels this CPU runs, but none above max_kernels (ML_KERNELS_*). */
const ml_kernels *_Nonnull ml_kernels_select(int32_t max_kernels);

/* Packs W [n, k] (row-major, n a multiple of ML_PANEL) into packed[n * k]; see ML_PANEL. */
void ml_pack_weights(const float *_Nonnull w, int n, int k, float *_Nonnull packed);
/* The same layout in IEEE half precision, rounded to nearest even. */
void ml_pack_weights_f16(const float *_Nonnull w, int n, int k, uint16_t *_Nonnull packed);
/* float -> IEEE half, round to nearest even (overflow to infinity, subnormals kept). */
uint16_t ml_float_to_half(float value);

/* Half-precision elements of one layer's six packed matrices, in the order query, key, value,
 * attention output, feed-forward in, feed-forward out. */
#define ML_HALF_PER_LAYER ((size_t)4 * ML_HIDDEN * ML_HIDDEN + (size_t)2 * ML_INTERMEDIATE * ML_HIDDEN)

/* Points each layer's *_h fields into `half` (ML_LAYERS * ML_HALF_PER_LAYER elements). */
void ml_bind_half(struct ml_model *_Nonnull model, const uint16_t *_Nonnull half);
/* Packs every layer's matrices into `half` (ML_LAYERS * ML_HALF_PER_LAYER elements). */
void ml_pack_all_half(const struct ml_model *_Nonnull model, uint16_t *_Nonnull half);

/*
 * The side file (side_file.c): maps `side_path` if it holds this model's half panels (its header
 * names the source file's size, modification time, inode and header hash), else packs them,
 * writes the file atomically (temporary file, fsync, rename) and maps that. Falls back to
 * panels packed in memory when the file can be neither read nor written. `source_fd` is the
 * open model file and `source` its mapping.
 */
int ml_side_file_attach(struct ml_model *_Nonnull model, int source_fd, const char *_Nonnull side_path,
                        char *_Nullable err, size_t err_len);

#if defined(__x86_64__) && defined(__clang__)
void ml_packed_linear_avx512(const float *_Nonnull a, size_t m, int k, const float *_Nonnull packed,
                             const float *_Nonnull bias, float *_Nonnull c, int n);
void ml_packed_linear_avx2(const float *_Nonnull a, size_t m, int k, const float *_Nonnull packed,
                           const float *_Nonnull bias, float *_Nonnull c, int n);
void ml_packed_linear_f16_avx512(const float *_Nonnull a, size_t m, int k, const uint16_t *_Nonnull packed,
                                 const float *_Nonnull bias, float *_Nonnull c, int n);
void ml_packed_linear_f16_avx2(const float *_Nonnull a, size_t m, int k, const uint16_t *_Nonnull packed,
                               const float *_Nonnull bias, float *_Nonnull c, int n);
#endif

#endif /* CMINILM_MODEL_H */
