/*
 * cmemvec — the search hot path: exact cosine top-k over a per-user float32 matrix.
 *
 * An mv_index holds a contiguous, 64-byte-aligned, row-major matrix of L2-normalised float32
 * rows and the parallel SQLite rowids. Rows are loaded straight from the `embedding` BLOB
 * column through one prepared statement (no per-row Swift objects), then kept in step with the
 * table by upsert/remove (remove swaps the last row into the hole).
 *
 * Beside the float32 matrix, every row is also kept as int8 codes (a quarter of the bytes; the
 * index then takes ~1.27x the matrix's memory) with a per-row error bound, for MV_KERNEL_INT8.
 *
 * Kernels: a scalar reference, a hand-written AVX2/FMA loop (runtime-dispatched; scalar where
 * the CPU lacks it), OpenBLAS (sgemv for one query, sgemm for a batch) and the int8 screen with
 * exact re-scoring. MV_KERNEL_AUTO picks the one measured fastest for the shape. All kernels
 * return the same order: score descending, then rowid ascending for equal scores. BLAS and INT8
 * only preselect: the rows they cannot rule out are re-scored with the SIMD kernel's dot, so
 * their results equal the SIMD kernel's exactly, ties included (BLAS rounds identical rows
 * differently depending on where they sit; int8 codes are approximations with a proven bound).
 *
 * Thread safety: searches only read the index and may run concurrently with each other; any
 * mutation (upsert, remove, load, clear) must not overlap anything else. The Swift side owns
 * each index from one actor.
 *
 * Return codes: MV_OK (0) or one of the MV_ERR_* values; out-parameters are written only on
 * MV_OK.
 */
#ifndef CMEMVEC_H
#define CMEMVEC_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

struct sqlite3_stmt;

typedef struct mv_index mv_index;

typedef enum mv_kernel {
    MV_KERNEL_AUTO = 0,   /* fastest measured path for this CPU and shape (see mv_index_auto_kernel) */
    MV_KERNEL_SCALAR = 1, /* portable reference; tests compare every other path against it */
    MV_KERNEL_SIMD = 2,   /* AVX2/FMA hand loop, one row at a time; scalar without AVX2 */
    MV_KERNEL_BLAS = 3,   /* OpenBLAS sgemv (one query) / sgemm (batch), then SIMD re-scoring; the
                             SIMD scan (same results) when OpenBLAS cannot be loaded */
    MV_KERNEL_INT8 = 4,   /* int8 screen bounding every row's score, then SIMD re-scoring of the
                             rows it cannot rule out: exact, from a quarter of the bytes */
    MV_KERNEL_SIMD_WIDE = 5, /* the widest hand-written float32 scan: AVX-512 where the CPU has it,
                                else the SIMD loop (rounds differently from SIMD in the last bits) */
} mv_kernel;

/** Which int8 screen MV_KERNEL_INT8 runs (mv_index_search_int8 chooses; the others use BEST). */
typedef enum mv_screen {
    MV_SCREEN_BEST = 0,   /* VNNI where the CPU has it, else AVX2, else scalar */
    MV_SCREEN_SCALAR = 1, /* portable reference */
    MV_SCREEN_AVX2 = 2,   /* AVX2 maddubs/madd */
    MV_SCREEN_VNNI = 3,   /* AVX-512 VNNI vpdpbusd */
} mv_screen;

enum {
    MV_OK = 0,
    MV_ERR_NOMEM = 1,     /* allocation failed */
    MV_ERR_DIM = 2,       /* a vector's dimension or byte length does not match the index */
    MV_ERR_ARG = 3,       /* bad argument: NULL, k < 0, zero-norm or non-finite vector, ... */
    MV_ERR_SQLITE = 4,    /* sqlite3_step failed during load (the statement's db has the message) */
    MV_ERR_NOT_FOUND = 5, /* rowid not in the index; for mv_index_open_file, no matching file */
    MV_ERR_IO = 6,        /* an index file could not be read or written */
};

/** The longest tag an index file keeps (mv_index_save). */
enum { MV_FILE_TAG_MAX = 1024 };

/** A static, human-readable name for a return code. */
const char *_Nonnull mv_strerror(int rc);

/** Creates an empty index for `dim`-dimensional vectors (dim >= 1). */
int mv_index_create(int32_t dim, mv_index *_Nullable *_Nonnull out);
/** Frees the index and everything it owns; NULL is a no-op. */
void mv_index_free(mv_index *_Nullable idx);

int32_t mv_index_dim(const mv_index *_Nonnull idx);
int64_t mv_index_count(const mv_index *_Nonnull idx);
/** The matrix itself (count x dim floats, row-major, 64-byte aligned), for benchmarks. */
const float *_Nullable mv_index_data(const mv_index *_Nonnull idx);

/** Removes every row (keeps capacity). */
void mv_index_clear(mv_index *_Nonnull idx);

/**
 * Replaces the index's contents with the rows of `stmt`, a prepared and bound statement whose
 * column 0 is an INTEGER rowid and column 1 the embedding BLOB (little-endian float32, dim x 4
 * bytes). Steps the statement to the end and resets it (does not finalize).
 * Rows whose BLOB is NULL, has the wrong byte length, is zero or holds non-finite values are
 * skipped, never read past their end; their count is written to *out_skipped and their rowids
 * are available from mv_index_skipped_rowids until the next load. A rowid that appears twice
 * keeps its later row. *out_loaded is the number of rows now in the index. On failure the index
 * is left empty (never partially loaded).
 */
int mv_index_load(mv_index *_Nonnull idx, struct sqlite3_stmt *_Nonnull stmt,
                  int64_t *_Nonnull out_loaded, int64_t *_Nonnull out_skipped);

/**
 * Writes the index (rows, rowids, int8 codes, skipped rowids) to `path` so that
 * mv_index_open_file can map it back without copying. `tag` (at most MV_FILE_TAG_MAX bytes)
 * says what the rows are (the caller's store, user, embedder and generation); opening requires
 * the same tag. Written to `path` + ".tmp.<pid>", fsync'd and renamed over `path` (mode 0600),
 * so a crash never leaves a torn file under `path`. MV_ERR_IO when it cannot be written (nothing
 * is left behind).
 */
int mv_index_save(const mv_index *_Nonnull idx, const char *_Nonnull path, const void *_Nullable tag,
                  size_t tag_len);

/**
 * Replaces the index's contents with the file at `path` written by mv_index_save, mapped
 * read-only rather than copied: the rows stay in the page cache and only the pages a search
 * touches are read. Only the rowid map is built. The first mutation afterwards (upsert, remove)
 * copies the rows into memory it owns. MV_ERR_NOT_FOUND (the index left empty) when the file is
 * missing, was written for another tag or dimension, or is damaged in any way the header, its
 * hash, the section layout and the exact file size can show; MV_ERR_IO when it cannot be read.
 */
int mv_index_open_file(mv_index *_Nonnull idx, const char *_Nonnull path, const void *_Nullable tag,
                       size_t tag_len);

/**
 * Which file `path` is, as text ("major:minor:inode:birth-time", or without the birth time where
 * the file system keeps none): the same while the file is written in place, different for a file
 * deleted and created again or replaced by a copy, so an index file can name the store it copies.
 * MV_ERR_IO when the file cannot be examined, MV_ERR_ARG when out_len is too small.
 */
int mv_file_identity(const char *_Nonnull path, char *_Nonnull out, size_t out_len);

/** 1 while the index's rows are mapped from a file (no mutation since mv_index_open_file). */
int mv_index_is_mapped(const mv_index *_Nonnull idx);

/** The rowid and the (unit) row at `position` (0..count-1), for checking rows against their source. */
int mv_index_row_at(const mv_index *_Nonnull idx, int64_t position, int64_t *_Nonnull out_rowid,
                    const float *_Nullable *_Nonnull out_row);

/** Rowids skipped by the last mv_index_load; *count receives how many. */
const int64_t *_Nullable mv_index_skipped_rowids(const mv_index *_Nonnull idx, int64_t *_Nonnull count);

/**
 * Inserts or replaces the row for `rowid` with an L2-normalised copy of `vec` (dim floats).
 * MV_ERR_ARG for a zero-norm or non-finite vector.
 */
int mv_index_upsert(mv_index *_Nonnull idx, int64_t rowid, const float *_Nonnull vec);

/** Removes `rowid` (the last row moves into its place). MV_ERR_NOT_FOUND if absent. */
int mv_index_remove(mv_index *_Nonnull idx, int64_t rowid);

/** 1 if `rowid` is in the index, else 0. */
int mv_index_contains(const mv_index *_Nonnull idx, int64_t rowid);

/**
 * Top-k cosine for one query (dim floats; normalised internally, so any non-zero length works).
 * Writes up to k results, best first, into out_rowids / out_scores (each with room for k) and
 * the number written (min(k, count)) to *out_count. k == 0 or an empty index gives 0 results.
 */
int mv_index_search(const mv_index *_Nonnull idx, const float *_Nonnull query, int32_t k,
                    mv_kernel kernel, int64_t *_Nonnull out_rowids, float *_Nonnull out_scores,
                    int32_t *_Nonnull out_count);

/**
 * Top-k for `nq` queries at once (nq x dim floats, row-major). Results for query i start at
 * out_rowids[i * k] / out_scores[i * k]; out_counts[i] says how many were written.
 */
int mv_index_search_batch(const mv_index *_Nonnull idx, const float *_Nonnull queries, int32_t nq,
                          int32_t k, mv_kernel kernel, int64_t *_Nonnull out_rowids,
                          float *_Nonnull out_scores, int32_t *_Nonnull out_counts);

/**
 * MV_KERNEL_INT8 for one query through a chosen screen, for tests and benchmarks: the same
 * arguments and results as mv_index_search, and *out_rescored receives how many rows were
 * re-scored in float32. MV_ERR_ARG when this CPU cannot run `screen`.
 */
int mv_index_search_int8(const mv_index *_Nonnull idx, const float *_Nonnull query, int32_t k,
                         mv_screen screen, int64_t *_Nonnull out_rowids, float *_Nonnull out_scores,
                         int32_t *_Nonnull out_count, int64_t *_Nonnull out_rescored);

/**
 * The float32 kernel MV_KERNEL_AUTO falls back to for `nq` queries when it does not screen:
 * MV_KERNEL_SIMD_WIDE for single queries and small batches (the AVX-512 variant of the SIMD
 * loop on CPUs that have it, ~5% closer to the bandwidth floor);
 * MV_KERNEL_BLAS for batches of 16 or more when OpenBLAS runs an AVX2-class kernel, and for
 * every shape on CPUs without AVX2.
 */
mv_kernel mv_index_auto_kernel(const mv_index *_Nonnull idx, int32_t nq);

/** From this many rows on, MV_KERNEL_AUTO screens int8 codes (see mv_index_auto_kernel_for). */
enum { MV_AUTO_INT8_MIN_ROWS = 2048 };

/**
 * What MV_KERNEL_AUTO runs for `nq` queries of top-`k` on this index: MV_KERNEL_INT8 from
 * MV_AUTO_INT8_MIN_ROWS rows on when k is at most 1/16 of them (same results, a quarter of the
 * bytes), otherwise mv_index_auto_kernel's choice.
 */
mv_kernel mv_index_auto_kernel_for(const mv_index *_Nonnull idx, int32_t nq, int32_t k);

/**
 * Row `rowid`'s int8 codes (dim of them, in dimension order), their step (row ~= step * codes)
 * and the bound on |row - step * codes| the screen uses. MV_ERR_DIM when the index keeps no
 * codes (dimensions above 16384), MV_ERR_NOT_FOUND for an unknown rowid.
 */
int mv_index_row_codes(const mv_index *_Nonnull idx, int64_t rowid, int8_t *_Nonnull out_codes,
                       float *_Nonnull out_step, float *_Nonnull out_residual);

/**
 * Quantises one vector (dim finite floats, not all zero) the way the index quantises a row
 * upserted with it: normalised to unit length, then codes (dim of them), step and residual bound. `portable` 1 runs the scalar quantiser, 0 the
 * one the index uses on this CPU (AVX2 where available); both must give identical codes and
 * steps. For tests. MV_ERR_ARG for a zero or non-finite vector or dim outside 1...16384.
 */
int mv_quantize(const float *_Nonnull vec, int32_t dim, int portable, int8_t *_Nonnull out_codes,
                float *_Nonnull out_step, float *_Nonnull out_residual);

/** 1 if the running CPU has AVX2 and FMA (the SIMD kernel is real, not the scalar fallback). */
int mv_cpu_has_avx2(void);
/** 1 if the running CPU has AVX-512F (MV_KERNEL_AUTO then scans with the AVX-512 loop). */
int mv_cpu_has_avx512(void);
/** 1 if the CPU has AVX-512 F, BW and VNNI (MV_SCREEN_BEST then uses the VNNI screen). */
int mv_cpu_has_avx512_vnni(void);

/**
 * Sets OpenBLAS's thread count for the whole process (loading OpenBLAS, which otherwise loads
 * when a search first uses it and starts at one thread, one per query, unless
 * OPENBLAS_NUM_THREADS or OMP_NUM_THREADS is set).
 */
void mv_set_blas_threads(int32_t threads);

/** OpenBLAS's build configuration, including the CPU kernel it selected (for diagnostics; loads
 * OpenBLAS, and says why when it cannot be loaded). */
const char *_Nonnull mv_blas_config(void);

/** 64-byte-aligned allocation of `count` floats (zeroed), and its release. */
float *_Nullable mv_alloc_floats(size_t count);
void mv_free_floats(float *_Nullable p);

/**
 * Reads `count` floats as fast as the machine can stream them and returns their sum: the
 * memory-bandwidth floor a scan of that many bytes cannot beat. Used by the benchmark.
 */
double mv_stream_read(const float *_Nonnull data, size_t count);

#ifdef __cplusplus
}
#endif
#endif /* CMEMVEC_H */
