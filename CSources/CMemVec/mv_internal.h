/*
 * Private declarations shared by the CMemVec source files. Nothing here is part of the API.
 */
#ifndef MV_INTERNAL_H
#define MV_INTERNAL_H

#include "cmemvec.h"

#include <stddef.h>
#include <stdint.h>

#pragma clang assume_nonnull begin

/* ---- rowid -> row map (rowmap.c): open addressing, linear probing, backward-shift delete ---- */

typedef struct mv_rowmap_slot {
    int64_t rowid;
    int64_t row; /* -1 marks an empty slot */
} mv_rowmap_slot;

typedef struct mv_rowmap {
    mv_rowmap_slot *_Nullable slots;
    uint64_t mask;  /* capacity - 1; capacity is a power of two, or 0 when slots is NULL */
    int32_t shift;  /* 64 - log2(capacity): the hash keeps the product's top bits */
    int64_t count;
} mv_rowmap;

void mv_rowmap_free(mv_rowmap *map);
void mv_rowmap_clear(mv_rowmap *map);
/** Makes room for `count` keys without rehashing again. */
int mv_rowmap_reserve(mv_rowmap *map, int64_t count);
/** The row of `rowid`, or -1. */
int64_t mv_rowmap_get(const mv_rowmap *map, int64_t rowid);
/** Inserts or overwrites; *out_previous receives the old row or -1. */
int mv_rowmap_put(mv_rowmap *map, int64_t rowid, int64_t row, int64_t *out_previous);
/**
 * Replaces the map's contents with rowids[i] -> i for i < n. Stops at the first rowid already
 * seen and reports its index in *out_repeated (else -1); the map is then incomplete.
 */
int mv_rowmap_build(mv_rowmap *map, const int64_t *rowids, int64_t n, int64_t *out_repeated);
/** Deletes `rowid`; returns 1 if it was present. */
int mv_rowmap_delete(mv_rowmap *map, int64_t rowid);

/* ---- memory blocks (matrix.c) ---- */

/**
 * Moves a block to `bytes` bytes, keeping its first `keep` bytes. Blocks of 2 MB and up are
 * anonymous mappings (grown with mremap, transparent huge pages advised); smaller ones are
 * 64-byte-aligned heap blocks. *block may be NULL (a new block).
 */
int mv_block_resize(void *_Nullable *_Nonnull block, size_t *block_bytes, int *mapped, size_t bytes, size_t keep);
void mv_block_release(void *_Nullable block, size_t bytes, int mapped);

/* ---- the int8 screening copy (quant.c) ---- */

/*
 * Every row also lives as int8 codes: row ~= step * codes, with step = max|x_i| / 127 and the
 * rounding residual's L2 norm kept beside it, so a screen can bound each row's exact score from
 * a quarter of the bytes (search_int8.c has the bound).
 *
 * Layout: rows in blocks of 16; inside a block, dimensions in groups of 4. Group g of block b is
 * 64 bytes at data + (b * groups + g) * 64, holding 4 codes of each of the 16 rows in turn (row
 * 16b + lane at offset lane * 4). One 64-byte load is then 4 dimensions of 16 rows, which an
 * AVX-512 VNNI instruction multiplies by 4 broadcast query codes into 16 row sums, with no
 * horizontal reductions. Dimensions past `dim` in the last group are zero.
 */
enum { MV_CODE_LANES = 16, MV_CODE_GROUP = 4 };
/* Largest dimension with int8 codes: 255 * 127 * dim must fit an int32 sum (VNNI). */
enum { MV_CODES_MAX_DIM = 16384 };

typedef struct mv_codes {
    int8_t *_Nullable data;  /* blocked codes; NULL until the first row, or when dim is too large */
    size_t data_bytes;
    int data_mapped;
    float *_Nullable step;     /* per row */
    float *_Nullable residual; /* per row: an upper bound on |row - step * codes| */
    int32_t *_Nullable sum;    /* per row: sum of the codes (the VNNI screen's offset correction) */
    int64_t capacity;          /* rows, a multiple of 16 */
    int32_t groups;            /* ceil(dim / 4), or 0 when dim is too large for codes */
} mv_codes;

/** Bytes of one block of 16 rows. */
static inline size_t mv_codes_block_bytes(const mv_codes *codes) {
    return (size_t)codes->groups * MV_CODE_GROUP * MV_CODE_LANES;
}

/** Row `row`'s codes for group 0; group g is g * 64 bytes further. */
static inline int8_t *mv_codes_row(const mv_codes *codes, int64_t row) {
    return codes->data + (size_t)(row / MV_CODE_LANES) * mv_codes_block_bytes(codes) +
           (size_t)(row % MV_CODE_LANES) * MV_CODE_GROUP;
}

/* Relative slack on a residual summed in float (error <= dim * eps, far below 1e-4). */
#define MV_RESIDUAL_SLACK 1.0001f

/** Makes room for `rows` rows of codes (called by mv_index_grow). */
int mv_codes_grow(mv_index *idx, int64_t rows);
void mv_codes_free(mv_codes *codes);
/** Quantises `vec` (a unit row, dim floats) into row `row`'s codes; a no-op without codes. */
void mv_codes_store(mv_index *idx, int64_t row, const float *vec);
/** Copies row `from`'s codes over row `to`'s. */
void mv_codes_move(mv_index *idx, int64_t from, int64_t to);
/**
 * Quantises one unit vector outside any index (queries, mv_quantize): dim codes in dimension
 * order, step and residual bound; `portable` picks the scalar quantiser.
 */
int mv_quantize_unit(const float *unit, int32_t dim, int portable, int8_t *out_codes, float *out_step,
                     float *out_residual);
/** The portable and AVX2 quantisers behind mv_codes_store (identical codes). */
void mv_codes_store_scalar(mv_codes *codes, int64_t row, const float *vec, int32_t dim);
void mv_codes_store_avx2(mv_codes *codes, int64_t row, const float *vec, int32_t dim);

/* ---- the index (index.c) ---- */

struct mv_index {
    int32_t dim;
    int64_t count;
    int64_t capacity;  /* rows */
    float *_Nullable data;     /* capacity x dim floats, 64-byte aligned */
    size_t data_bytes;         /* bytes allocated for data */
    int data_mapped;           /* 1 if data came from mmap (grown with mremap) */
    int64_t *_Nullable rowids; /* capacity entries */
    mv_rowmap map;
    int64_t *_Nullable skipped;
    int64_t skipped_count;
    int64_t skipped_capacity;
    mv_codes codes; /* the int8 screening copy of the rows (quant.c) */
    /* Non-NULL while data, rowids and codes point into a mapped index file (sidefile.c): nothing
     * may then write to them or free them; mv_index_detach copies them out first. */
    void *_Nullable file_mapping;
    size_t file_bytes;
};

/** Copies a file-mapped index into owned memory and drops the mapping; a no-op otherwise. On
 *  failure the index is unchanged (still mapped). Every mutation calls it first. */
int mv_index_detach(mv_index *idx);
/** Drops a file mapping, leaving the index empty; a no-op for an index that owns its rows. */
void mv_index_unmap(mv_index *idx);

/** Frees the matrix block (rowids and map are freed by the caller). */
void mv_index_release_data(mv_index *idx);
/** Ensures capacity for `rows` rows, growing geometrically. */
int mv_index_grow(mv_index *idx, int64_t rows);
/** Appends `rowid` to the skipped list of the current load. */
int mv_index_note_skipped(mv_index *idx, int64_t rowid);

/* ---- vectors (normalize.c) ---- */

/**
 * Scales v (dim floats) to unit L2 length in place. MV_ERR_ARG, with v left unspecified, when v
 * is all zeros or holds a NaN or infinity.
 */
int mv_normalize(float *v, int32_t dim);
/** Copies dim little-endian floats from src (any alignment) to dst and normalises them there. */
int mv_copy_normalize(float *dst, const void *src, int32_t dim);

/* ---- top-k (topk.c) ---- */

typedef struct mv_hit {
    float score;
    int64_t rowid;
} mv_hit;

/**
 * A min-heap of the best `cap` hits seen so far; hits[0] is the worst of them. "Better" means a
 * higher score, or an equal score and a lower rowid: every kernel uses this one rule.
 */
typedef struct mv_topk {
    mv_hit *hits;
    int32_t size;
    int32_t cap;
} mv_topk;

/** 1 if (score, rowid) would enter the heap. */
static inline int mv_topk_admits(const mv_topk *top, float score, int64_t rowid) {
    if (top->size < top->cap) return 1;
    const mv_hit worst = top->hits[0];
    return score > worst.score || (score == worst.score && rowid < worst.rowid);
}

/** The score a candidate must reach (>=) to be worth checking with mv_topk_admits. */
static inline float mv_topk_threshold(const mv_topk *top) {
    return top->size < top->cap ? -__builtin_inff() : top->hits[0].score;
}

/** Adds a hit that mv_topk_admits accepted (replacing the worst when full). */
void mv_topk_push(mv_topk *top, float score, int64_t rowid);
/** Empties the heap into out arrays, best first (score descending, rowid ascending). */
void mv_topk_drain(mv_topk *top, int64_t *out_rowids, float *out_scores);

/* ---- kernels: scan rows [0, n) of a block into one heap ---- */

typedef void (*mv_scan_fn)(const float *rows, const int64_t *rowids, int64_t n, int32_t dim,
                           const float *query, mv_topk *top);

void mv_scan_scalar(const float *rows, const int64_t *rowids, int64_t n, int32_t dim,
                    const float *query, mv_topk *top);
void mv_scan_avx2(const float *rows, const int64_t *rowids, int64_t n, int32_t dim,
                  const float *query, mv_topk *top);
void mv_scan_avx512(const float *rows, const int64_t *rowids, int64_t n, int32_t dim,
                    const float *query, mv_topk *top);

/** One dot product, bit-identical to what the scan of the same name computes per row. */
float mv_dot_scalar(const float *a, const float *b, int32_t dim);
float mv_dot_avx2(const float *a, const float *b, int32_t dim);

/** Sum of squares and scaling, for normalisation. */
float mv_sumsq_scalar(const float *v, int32_t dim);
float mv_sumsq_avx2(const float *v, int32_t dim);
void mv_scale_avx2(float *v, int32_t dim, float factor);
float mv_copy_sumsq_avx2(float *dst, const void *src, int32_t dim);

/** BLAS: one query (sgemv) or a batch (sgemm), rows chunked to bound scratch memory. */
int mv_search_blas(const mv_index *idx, const float *queries, int32_t nq, mv_topk *tops);

/**
 * Each of two dot products of unit vectors in float is off by at most ~dim * FLT_EPSILON / 2
 * (the classic gamma_n bound, Cauchy-Schwarz bounding the sum of |a_i * b_i| by 1); twice that,
 * with slack for rows and queries being unit only to within rounding.
 */
static inline float mv_rounding_gap(int32_t dim) { return 2.0f * (float)(dim + 4) * 1.1920929e-7f; }

/** The dot every re-scoring path uses, so their scores equal MV_KERNEL_SIMD's bit for bit. */
typedef float (*mv_dot_fn)(const float *a, const float *b, int32_t dim);
mv_dot_fn mv_canonical_dot(void);
/** The scan MV_KERNEL_SIMD runs (AVX2/FMA, or the scalar loop without it): its scores are the
 *  canonical dot's. */
mv_scan_fn mv_canonical_scan(void);

/* ---- int8 screen, then exact re-scoring (search_int8.c, screen_*.c) ---- */

/** A unit query quantised like the rows, in the forms the screens broadcast. */
typedef struct mv_query_codes {
    int32_t *signed_words;   /* per group: 4 int8 codes */
    int32_t *abs_words;      /* per group: their absolute values (AVX2's maddubs wants unsigned) */
    int32_t *offset_words;   /* per group: codes + 128 as uint8 (VNNI multiplies u8 by s8) */
    int8_t *codes;           /* groups * 4 codes */
    float step;
    float residual;          /* an upper bound on |query - step * codes| */
} mv_query_codes;

/**
 * What a screen accumulates: the best k lower bounds seen (their worst is the running floor no
 * row whose upper bound is below can reach), and the rows it could not rule out.
 */
typedef struct mv_screen_state {
    mv_topk lower;
    int64_t *candidates;
    float *candidate_upper;
    int64_t candidate_count;
    int64_t candidate_capacity;
    float bound_scale;  /* a row's error bound is residual * bound_scale + bound_offset */
    float bound_offset;
} mv_screen_state;

/** Feeds one row's bounds to the state (the screens call it only when a bound may matter). */
int mv_screen_offer(mv_screen_state *state, int64_t row, float upper, float lower);

typedef int (*mv_screen_fn)(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state);
int mv_screen_scalar(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state);
int mv_screen_avx2(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state);
int mv_screen_vnni(const mv_index *idx, const mv_query_codes *query, mv_screen_state *state);

/**
 * One unit query through a screen and exact re-scoring into `top` (cap = k <= count).
 * *rescored (optional) receives how many rows were re-scored in float32.
 */
int mv_search_int8(const mv_index *idx, const float *query, mv_screen_fn screen, mv_topk *top,
                   int64_t *_Nullable rescored);

/* ---- CPU features (cpu.c) ---- */

/** 1 if OpenBLAS runs an AVX2-class kernel (its sgemm then beats our scan on large batches). */
int mv_blas_is_fast(void);

#pragma clang assume_nonnull end

#endif /* MV_INTERNAL_H */
