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
};

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

/* ---- CPU features (cpu.c) ---- */

/** 1 if OpenBLAS runs an AVX2-class kernel (its sgemm then beats our scan on large batches). */
int mv_blas_is_fast(void);
/** Sets OpenBLAS to one thread once per process (unless the environment chose a count). */
void mv_blas_init_once(void);

#pragma clang assume_nonnull end

#endif /* MV_INTERNAL_H */
