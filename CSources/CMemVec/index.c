/*
 * The index's lifetime and its row-level mutations: create/free, upsert, remove (the last row
 * moves into the hole, so the matrix stays dense and the scan never skips holes).
 */
#include "mv_internal.h"

#include <stdlib.h>
#include <string.h>

const char *mv_strerror(int rc) {
    switch (rc) {
    case MV_OK: return "ok";
    case MV_ERR_NOMEM: return "out of memory";
    case MV_ERR_DIM: return "vector dimension does not match the index";
    case MV_ERR_ARG: return "bad argument (NULL, negative count, or a zero or non-finite vector)";
    case MV_ERR_SQLITE: return "SQLite failed while loading (see the connection's error message)";
    case MV_ERR_NOT_FOUND: return "rowid not in the index";
    case MV_ERR_IO: return "the index file could not be read or written";
    default: return "unknown cmemvec error";
    }
}

int mv_index_create(int32_t dim, mv_index **out) {
    int rc = MV_OK;
    mv_index *idx = NULL;
    if (out == NULL || dim < 1) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    idx = calloc(1, sizeof *idx);
    if (idx == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    idx->dim = dim;
    *out = idx;
    idx = NULL;
cleanup:
    mv_index_free(idx);
    return rc;
}

void mv_index_free(mv_index *idx) {
    if (idx == NULL) return;
    mv_index_unmap(idx);
    mv_index_release_data(idx);
    free(idx->rowids);
    free(idx->skipped);
    mv_codes_free(&idx->codes);
    mv_rowmap_free(&idx->map);
    free(idx);
}

int32_t mv_index_dim(const mv_index *idx) { return idx->dim; }

int64_t mv_index_count(const mv_index *idx) { return idx->count; }

const float *mv_index_data(const mv_index *idx) { return idx->data; }

void mv_index_clear(mv_index *idx) {
    mv_index_unmap(idx);
    idx->count = 0;
    mv_rowmap_clear(&idx->map);
}

const int64_t *mv_index_skipped_rowids(const mv_index *idx, int64_t *count) {
    *count = idx->skipped_count;
    return idx->skipped;
}

int mv_index_note_skipped(mv_index *idx, int64_t rowid) {
    int rc = MV_OK;
    if (idx->skipped_count == idx->skipped_capacity) {
        const int64_t capacity = idx->skipped_capacity < 16 ? 16 : idx->skipped_capacity * 2;
        int64_t *skipped = realloc(idx->skipped, (size_t)capacity * sizeof *skipped);
        if (skipped == NULL) {
            rc = MV_ERR_NOMEM;
            goto cleanup;
        }
        idx->skipped = skipped;
        idx->skipped_capacity = capacity;
    }
    idx->skipped[idx->skipped_count++] = rowid;
cleanup:
    return rc;
}

int mv_index_upsert(mv_index *idx, int64_t rowid, const float *vec) {
    int rc = MV_OK;
    const size_t row_bytes = (size_t)idx->dim * sizeof(float);
    if (vec == NULL) {
        rc = MV_ERR_ARG;
        goto cleanup;
    }
    rc = mv_index_detach(idx);
    if (rc != MV_OK) goto cleanup;
    /* Normalise into the spare row past the end, so a bad vector changes nothing. */
    rc = mv_index_grow(idx, idx->count + 1);
    if (rc != MV_OK) goto cleanup;
    float *spare = idx->data + (size_t)idx->count * (size_t)idx->dim;
    memcpy(spare, vec, row_bytes);
    rc = mv_normalize(spare, idx->dim);
    if (rc != MV_OK) goto cleanup;
    const int64_t row = mv_rowmap_get(&idx->map, rowid);
    if (row >= 0) {
        memcpy(idx->data + (size_t)row * (size_t)idx->dim, spare, row_bytes);
        mv_codes_store(idx, row, spare);
        goto cleanup;
    }
    int64_t previous = -1;
    rc = mv_rowmap_put(&idx->map, rowid, idx->count, &previous);
    if (rc != MV_OK) goto cleanup;
    mv_codes_store(idx, idx->count, spare);
    idx->rowids[idx->count] = rowid;
    idx->count++;
cleanup:
    return rc;
}

int mv_index_remove(mv_index *idx, int64_t rowid) {
    int rc = MV_OK;
    if (mv_rowmap_get(&idx->map, rowid) < 0) {
        rc = MV_ERR_NOT_FOUND;
        goto cleanup;
    }
    rc = mv_index_detach(idx);
    if (rc != MV_OK) goto cleanup;
    const int64_t row = mv_rowmap_get(&idx->map, rowid);
    mv_rowmap_delete(&idx->map, rowid);
    const int64_t last = idx->count - 1;
    if (row != last) {
        const size_t dim = (size_t)idx->dim;
        memcpy(idx->data + (size_t)row * dim, idx->data + (size_t)last * dim, dim * sizeof(float));
        mv_codes_move(idx, last, row);
        const int64_t moved = idx->rowids[last];
        idx->rowids[row] = moved;
        int64_t previous = -1;
        rc = mv_rowmap_put(&idx->map, moved, row, &previous); /* overwrite: cannot grow */
        if (rc != MV_OK) goto cleanup;
    }
    idx->count = last;
cleanup:
    return rc;
}

int mv_index_contains(const mv_index *idx, int64_t rowid) {
    return mv_rowmap_get(&idx->map, rowid) >= 0;
}

int mv_index_is_mapped(const mv_index *idx) { return idx->file_mapping != NULL; }

int mv_index_row_at(const mv_index *idx, int64_t position, int64_t *out_rowid, const float **out_row) {
    if (idx == NULL || out_rowid == NULL || out_row == NULL || position < 0 || position >= idx->count)
        return MV_ERR_ARG;
    *out_rowid = idx->rowids[position];
    *out_row = idx->data + (size_t)position * (size_t)idx->dim;
    return MV_OK;
}
