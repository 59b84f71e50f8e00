/*
 * Bulk load from SQLite: each BLOB is copied straight into the next matrix row (summing squares
 * on the way) and scaled there while it is still in L1. The matrix grows geometrically (by
 * remapping once it is large), never per row.
 */
#include "mv_internal.h"

#include <sqlite3.h>
#include <string.h>

/*
 * Places one statement row at the end of the matrix. *out_skipped is 1 when the row was not
 * usable and was recorded as skipped instead.
 */
static int load_row(mv_index *idx, sqlite3_stmt *stmt, int *out_skipped) {
    int rc = MV_OK;
    const size_t row_bytes = (size_t)idx->dim * sizeof(float);
    const int64_t rowid = sqlite3_column_int64(stmt, 0);
    *out_skipped = 1;
    if (sqlite3_column_type(stmt, 1) != SQLITE_BLOB) goto skip;
    /* SQLite's documented order: fetch the pointer first, then its length. */
    const void *blob = sqlite3_column_blob(stmt, 1);
    const int bytes = sqlite3_column_bytes(stmt, 1);
    if (blob == NULL || bytes < 0 || (size_t)bytes != row_bytes) goto skip;
    rc = mv_index_grow(idx, idx->count + 1);
    if (rc != MV_OK) goto cleanup;
    float *row = idx->data + (size_t)idx->count * (size_t)idx->dim;
    if (mv_copy_normalize(row, blob, idx->dim) != MV_OK) goto skip;
    mv_codes_store(idx, idx->count, row); /* while the row is still in L1 */
    *out_skipped = 0;
    idx->rowids[idx->count++] = rowid; /* the row map is built once, after the last row */
    goto cleanup;
skip:
    rc = mv_index_note_skipped(idx, rowid);
cleanup:
    return rc;
}

/*
 * Repeated rowids (possible when the statement is not keyed by a primary key): the later row
 * wins, as an upsert would, keeping the first occurrence's position; later rows close up.
 */
static int drop_repeated_rowids(mv_index *idx) {
    int rc = MV_OK;
    const size_t dim = (size_t)idx->dim;
    int64_t kept = 0;
    mv_rowmap_clear(&idx->map);
    for (int64_t i = 0; i < idx->count; i++) {
        const int64_t rowid = idx->rowids[i];
        const int64_t first = mv_rowmap_get(&idx->map, rowid);
        const int64_t target = first >= 0 ? first : kept;
        if (target != i) {
            memcpy(idx->data + (size_t)target * dim, idx->data + (size_t)i * dim, dim * sizeof(float));
            mv_codes_move(idx, i, target);
        }
        if (first >= 0) continue;
        int64_t previous = -1;
        idx->rowids[kept] = rowid;
        rc = mv_rowmap_put(&idx->map, rowid, kept, &previous);
        if (rc != MV_OK) goto cleanup;
        kept++;
    }
    idx->count = kept;
cleanup:
    return rc;
}

int mv_index_load(mv_index *idx, sqlite3_stmt *stmt, int64_t *out_loaded, int64_t *out_skipped) {
    int rc = MV_OK;
    int64_t skipped = 0;
    if (idx == NULL || stmt == NULL || out_loaded == NULL || out_skipped == NULL) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    mv_index_clear(idx);
    idx->skipped_count = 0;
    for (;;) {
        const int step = sqlite3_step(stmt);
        if (step == SQLITE_DONE) break;
        if (step != SQLITE_ROW) {
            rc = MV_ERR_SQLITE;
            goto cleanup;
        }
        int was_skipped = 0;
        rc = load_row(idx, stmt, &was_skipped);
        if (rc != MV_OK) goto cleanup;
        skipped += was_skipped;
    }
    /* One pass over the final rowids: no rehashing while loading, and the inserts run back to
     * back with their cache misses overlapped instead of between SQLite steps. */
    int64_t repeated = -1;
    rc = mv_rowmap_build(&idx->map, idx->rowids, idx->count, &repeated);
    if (rc != MV_OK) goto cleanup;
    if (repeated >= 0) {
        rc = drop_repeated_rowids(idx);
        if (rc != MV_OK) goto cleanup;
    }
    *out_loaded = idx->count;
    *out_skipped = skipped;
cleanup:
    if (stmt != NULL) sqlite3_reset(stmt);
    /* A failed load leaves an empty index rather than a silently partial one. */
    if (rc != MV_OK && idx != NULL) mv_index_clear(idx);
    return rc;
}
