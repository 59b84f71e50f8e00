/*
 * libFuzzer target for mv_index_load, the one CMemVec path that parses bytes from outside (the
 * embedding BLOBs). Each input becomes an in-memory table of rows, BLOBs of arbitrary and exact
 * lengths, NULLs and TEXT, with repeated and negative rowids; the harness loads it, then checks
 * the loader's accounting, that every kernel still returns consistent, ordered results, and that
 * every int8 screen returns exactly the SIMD kernel's results (the quantiser sees whatever floats
 * the BLOBs hold: huge, tiny, subnormal, one dominant dimension).
 * AddressSanitizer catches any read past a BLOB's end. Built and run by scripts/fuzz-load.sh
 * (not in CI).
 *
 * Input: byte 0 picks the dimension (1...48); then records of [tag, length?, payload...]:
 *   tag & 3 == 0: BLOB of (next byte) % (4 * dim + 9) bytes      tag & 3 == 1: BLOB of dim x 4 bytes
 *   tag & 3 == 2: NULL                                            tag & 3 == 3: TEXT of (next byte) bytes
 * The rowid is (tag >> 2) - 8, so rowids repeat and go negative.
 */
#include "cmemvec.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define CHECK(cond) \
    do { \
        if (!(cond)) abort(); \
    } while (0)

enum { K = 5 };

static size_t take(const uint8_t **data, size_t *size, size_t want, uint8_t *out) {
    const size_t n = want < *size ? want : *size;
    memcpy(out, *data, n);
    memset(out + n, 0, want - n);
    *data += n;
    *size -= n;
    return want;
}

static void check_results(const int64_t *rowids, const float *scores, int32_t count, int64_t n) {
    CHECK(count == (n < K ? n : K));
    for (int32_t i = 0; i < count; i++) {
        CHECK(isfinite(scores[i]) && scores[i] <= 1.001f && scores[i] >= -1.001f);
        if (i > 0) CHECK(scores[i - 1] > scores[i] || (scores[i - 1] == scores[i] && rowids[i - 1] < rowids[i]));
    }
}

/* Every int8 screen must return exactly the SIMD kernel's results (see search_int8.c). */
static void check_int8_exact(const mv_index *idx, const float *query, const int64_t *rowids, const float *scores,
                             int32_t count) {
    for (int screen = MV_SCREEN_BEST; screen <= MV_SCREEN_VNNI; screen++) {
        int64_t got_rowids[K];
        float got_scores[K];
        int32_t got_count = -1;
        int64_t rescored = -1;
        const int rc = mv_index_search_int8(idx, query, K, (mv_screen)screen, got_rowids, got_scores, &got_count,
                                            &rescored);
        if (rc == MV_ERR_ARG && screen != MV_SCREEN_BEST && screen != MV_SCREEN_SCALAR) continue; /* CPU lacks it */
        CHECK(rc == MV_OK && got_count == count && rescored >= count);
        CHECK(memcmp(got_rowids, rowids, (size_t)count * sizeof *rowids) == 0);
        CHECK(memcmp(got_scores, scores, (size_t)count * sizeof *scores) == 0);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    sqlite3 *db = NULL;
    sqlite3_stmt *insert = NULL;
    sqlite3_stmt *select = NULL;
    mv_index *idx = NULL;
    uint8_t payload[4 * 48 + 9 + 256];
    if (size < 1) return 0;
    const int32_t dim = 1 + data[0] % 48;
    data++;
    size--;

    CHECK(sqlite3_open(":memory:", &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "CREATE TABLE t(id INTEGER, e)", NULL, NULL, NULL) == SQLITE_OK);
    CHECK(sqlite3_prepare_v2(db, "INSERT INTO t VALUES (?, ?)", -1, &insert, NULL) == SQLITE_OK);
    int64_t rows = 0;
    while (size > 0 && rows < 200) {
        const uint8_t tag = data[0];
        data++;
        size--;
        uint8_t length = 0;
        if ((tag & 3) == 0 || (tag & 3) == 3) take(&data, &size, 1, &length);
        sqlite3_bind_int64(insert, 1, (int64_t)(tag >> 2) - 8);
        switch (tag & 3) {
        case 0: {
            const size_t n = take(&data, &size, length % (4 * (size_t)dim + 9), payload);
            sqlite3_bind_blob(insert, 2, payload, (int)n, SQLITE_TRANSIENT);
            break;
        }
        case 1: {
            const size_t n = take(&data, &size, 4 * (size_t)dim, payload);
            sqlite3_bind_blob(insert, 2, payload, (int)n, SQLITE_TRANSIENT);
            break;
        }
        case 2: sqlite3_bind_null(insert, 2); break;
        default: {
            const size_t n = take(&data, &size, length, payload);
            sqlite3_bind_text(insert, 2, (const char *)payload, (int)n, SQLITE_TRANSIENT);
            break;
        }
        }
        CHECK(sqlite3_step(insert) == SQLITE_DONE);
        sqlite3_reset(insert);
        rows++;
    }

    CHECK(mv_index_create(dim, &idx) == MV_OK);
    CHECK(sqlite3_prepare_v2(db, "SELECT id, e FROM t ORDER BY rowid", -1, &select, NULL) == SQLITE_OK);
    int64_t loaded = -1;
    int64_t skipped = -1;
    CHECK(mv_index_load(idx, select, &loaded, &skipped) == MV_OK);
    int64_t skipped_count = -1;
    (void)mv_index_skipped_rowids(idx, &skipped_count);
    CHECK(skipped_count == skipped && loaded == mv_index_count(idx) && loaded + skipped <= rows);

    float query[48];
    for (int32_t i = 0; i < dim; i++) query[i] = (float)(i % 7) - 2.5f;
    int64_t rowids[6][K];
    float scores[6][K];
    int32_t counts[6];
    for (int kernel = MV_KERNEL_AUTO; kernel <= MV_KERNEL_SIMD_WIDE; kernel++) {
        CHECK(mv_index_search(idx, query, K, (mv_kernel)kernel, rowids[kernel], scores[kernel], &counts[kernel]) ==
              MV_OK);
        check_results(rowids[kernel], scores[kernel], counts[kernel], loaded);
        if (counts[kernel] > 0) CHECK(fabsf(scores[kernel][0] - scores[MV_KERNEL_AUTO][0]) < 1e-4f);
    }
    check_int8_exact(idx, query, rowids[MV_KERNEL_SIMD], scores[MV_KERNEL_SIMD], counts[MV_KERNEL_SIMD]);
    for (int64_t i = 0; i < loaded && i < 8; i++) {
        const int64_t rowid = rowids[MV_KERNEL_SCALAR][0];
        if (counts[MV_KERNEL_SCALAR] == 0) break;
        CHECK(mv_index_contains(idx, rowid));
        CHECK(mv_index_remove(idx, rowid) == MV_OK);
        CHECK(!mv_index_contains(idx, rowid));
        CHECK(mv_index_search(idx, query, K, MV_KERNEL_SIMD, rowids[1], scores[1], &counts[1]) == MV_OK);
        check_results(rowids[1], scores[1], counts[1], mv_index_count(idx));
        check_int8_exact(idx, query, rowids[1], scores[1], counts[1]);
        memcpy(rowids[MV_KERNEL_SCALAR], rowids[1], sizeof rowids[1]);
        counts[MV_KERNEL_SCALAR] = counts[1];
    }

    mv_index_free(idx);
    sqlite3_finalize(select);
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return 0;
}
