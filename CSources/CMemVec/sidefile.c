/*
 * The index as a file that opens without copying: the float32 rows, rowids, int8 codes and the
 * codes' per-row numbers, each section page-aligned, behind a 4096-byte header. Opening maps the
 * file and points the index into the mapping, so a large store's first search reads only the
 * pages it touches (the int8 codes, and the few float32 rows it re-scores) instead of copying
 * every BLOB out of SQLite; only the rowid map is built (it is needed by upsert and remove).
 * The first mutation copies everything into owned memory and drops the mapping (detach), so
 * the file is never written through the mapping.
 *
 * What the rows belong to is the caller's business: it passes a tag (store, user, embedder,
 * the user's vector generation) that must match byte for byte. The header carries its own hash
 * and every section's offset and length, the file size must be exact, and files are written to
 * a temporary name, fsync'd and renamed, so a writer killed mid-write never leaves a torn file
 * under the real name.
 */
#define _GNU_SOURCE
#include "mv_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MV_FILE_MAGIC "MVINDEX1"
enum { MV_FILE_VERSION = 1, MV_FILE_HEADER = 4096, MV_FILE_ALIGN = 4096 };

enum { SEC_DATA, SEC_ROWIDS, SEC_CODES, SEC_STEP, SEC_RESIDUAL, SEC_SUM, SEC_SKIPPED, SEC_COUNT };

typedef struct {
    char magic[8];
    uint32_t version;
    int32_t dim;
    int64_t count;
    int64_t skipped_count;
    int32_t groups;
    uint32_t tag_len;
    uint8_t tag[MV_FILE_TAG_MAX];
    uint64_t offset[SEC_COUNT];
    uint64_t length[SEC_COUNT];
    uint64_t file_bytes;
    uint64_t header_hash; /* FNV-1a of every byte above */
} mv_file_header;

_Static_assert(sizeof(mv_file_header) <= MV_FILE_HEADER, "the header fits its page");

static uint64_t fnv1a(const void *bytes, size_t len) {
    const uint8_t *p = bytes;
    uint64_t hash = 0xcbf29ce484222325ull;
    for (size_t i = 0; i < len; i++) hash = (hash ^ p[i]) * 0x100000001b3ull;
    return hash;
}

static uint64_t align_up(uint64_t n) { return (n + MV_FILE_ALIGN - 1) / MV_FILE_ALIGN * MV_FILE_ALIGN; }

/* Fills in the layout of an index of `count` rows (sections in enum order, page-aligned). */
static void layout(mv_file_header *h) {
    const uint64_t lanes = (uint64_t)((h->count + MV_CODE_LANES - 1) / MV_CODE_LANES * MV_CODE_LANES);
    const uint64_t block_bytes = (uint64_t)h->groups * MV_CODE_GROUP * MV_CODE_LANES;
    h->length[SEC_DATA] = (uint64_t)h->count * (uint64_t)h->dim * sizeof(float);
    h->length[SEC_ROWIDS] = (uint64_t)h->count * sizeof(int64_t);
    h->length[SEC_CODES] = h->groups > 0 ? lanes / MV_CODE_LANES * block_bytes : 0;
    h->length[SEC_STEP] = h->groups > 0 ? lanes * sizeof(float) : 0;
    h->length[SEC_RESIDUAL] = h->length[SEC_STEP];
    h->length[SEC_SUM] = h->groups > 0 ? lanes * sizeof(int32_t) : 0;
    h->length[SEC_SKIPPED] = (uint64_t)h->skipped_count * sizeof(int64_t);
    uint64_t at = MV_FILE_HEADER;
    for (int s = 0; s < SEC_COUNT; s++) {
        h->offset[s] = at;
        at = align_up(at + h->length[s]);
    }
    h->file_bytes = at;
}

static int write_all(int fd, const void *bytes, size_t len) {
    const uint8_t *p = bytes;
    while (len > 0) {
        const ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

int mv_index_save(const mv_index *idx, const char *path, const void *tag, size_t tag_len) {
    int rc = MV_OK;
    int fd = -1;
    char temp[4096];
    static const uint8_t zeros[MV_FILE_ALIGN];
    if (idx == NULL || path == NULL || (tag == NULL && tag_len > 0) || tag_len > MV_FILE_TAG_MAX) return MV_ERR_ARG;
    if (snprintf(temp, sizeof temp, "%s.tmp.%ld", path, (long)getpid()) >= (int)sizeof temp) return MV_ERR_ARG;
    mv_file_header h;
    memset(&h, 0, sizeof h);
    memcpy(h.magic, MV_FILE_MAGIC, sizeof h.magic);
    h.version = MV_FILE_VERSION;
    h.dim = idx->dim;
    h.count = idx->count;
    h.skipped_count = idx->skipped_count;
    h.groups = idx->codes.data != NULL ? idx->codes.groups : 0;
    h.tag_len = (uint32_t)tag_len;
    if (tag_len > 0) memcpy(h.tag, tag, tag_len);
    layout(&h);
    h.header_hash = fnv1a(&h, offsetof(mv_file_header, header_hash));
    const void *sections[SEC_COUNT] = {
        idx->data, idx->rowids, idx->codes.data, idx->codes.step, idx->codes.residual, idx->codes.sum, idx->skipped,
    };

    fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        rc = MV_ERR_IO;
        goto cleanup;
    }
    uint8_t page[MV_FILE_HEADER] = {0};
    memcpy(page, &h, sizeof h);
    int ok = write_all(fd, page, sizeof page);
    for (int s = 0; ok && s < SEC_COUNT; s++) {
        if (h.length[s] > 0) ok = write_all(fd, sections[s], (size_t)h.length[s]);
        const uint64_t end = h.offset[s] + h.length[s];
        const uint64_t next = s + 1 < SEC_COUNT ? h.offset[s + 1] : h.file_bytes;
        if (ok && next > end) ok = write_all(fd, zeros, (size_t)(next - end));
    }
    if (ok) ok = fsync(fd) == 0;
    if (close(fd) != 0) ok = 0;
    fd = -1;
    if (ok) ok = rename(temp, path) == 0;
    if (!ok) rc = MV_ERR_IO;
cleanup:
    if (fd >= 0) close(fd);
    if (rc != MV_OK) unlink(temp);
    return rc;
}

void mv_index_unmap(mv_index *idx) {
    if (idx->file_mapping == NULL) return;
    munmap(idx->file_mapping, idx->file_bytes);
    idx->file_mapping = NULL;
    idx->file_bytes = 0;
    idx->data = NULL;
    idx->data_bytes = 0;
    idx->rowids = NULL;
    idx->capacity = 0;
    idx->count = 0;
    memset(&idx->codes, 0, sizeof idx->codes);
    mv_rowmap_clear(&idx->map);
}

int mv_index_detach(mv_index *idx) {
    int rc = MV_OK;
    if (idx->file_mapping == NULL) return MV_OK;
    if (idx->count == 0) { /* nothing to copy: an empty index owns nothing yet */
        mv_index_unmap(idx);
        return MV_OK;
    }
    const mv_index mapped = *idx;
    idx->data = NULL;
    idx->data_bytes = 0;
    idx->data_mapped = 0;
    idx->rowids = NULL;
    idx->capacity = 0;
    idx->count = 0;
    memset(&idx->codes, 0, sizeof idx->codes);
    rc = mv_index_grow(idx, mapped.count);
    if (rc != MV_OK) goto cleanup;
    const size_t rows = (size_t)mapped.count;
    memcpy(idx->data, mapped.data, rows * (size_t)idx->dim * sizeof(float));
    memcpy(idx->rowids, mapped.rowids, rows * sizeof(int64_t));
    if (mapped.codes.data != NULL && idx->codes.data != NULL) {
        const size_t lanes = (rows + MV_CODE_LANES - 1) / MV_CODE_LANES * MV_CODE_LANES;
        memcpy(idx->codes.data, mapped.codes.data, lanes / MV_CODE_LANES * mv_codes_block_bytes(&mapped.codes));
        memcpy(idx->codes.step, mapped.codes.step, lanes * sizeof(float));
        memcpy(idx->codes.residual, mapped.codes.residual, lanes * sizeof(float));
        memcpy(idx->codes.sum, mapped.codes.sum, lanes * sizeof(int32_t));
    }
    idx->count = mapped.count;
    munmap(mapped.file_mapping, mapped.file_bytes);
    idx->file_mapping = NULL;
    idx->file_bytes = 0;
cleanup:
    if (rc != MV_OK) {
        /* Back to the mapping, untouched: the failed copy's blocks are released. */
        mv_index_release_data(idx);
        free(idx->rowids);
        mv_codes_free(&idx->codes);
        idx->data = mapped.data;
        idx->data_bytes = mapped.data_bytes;
        idx->data_mapped = mapped.data_mapped;
        idx->rowids = mapped.rowids;
        idx->capacity = mapped.capacity;
        idx->count = mapped.count;
        idx->codes = mapped.codes;
    }
    return rc;
}

/* Reads and checks the header; MV_ERR_NOT_FOUND for anything but an exact, intact match. */
static int read_header(int fd, const mv_index *idx, const void *tag, size_t tag_len, mv_file_header *h) {
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return MV_ERR_NOT_FOUND;
    if (pread(fd, h, sizeof *h, 0) != (ssize_t)sizeof *h) return MV_ERR_NOT_FOUND;
    if (memcmp(h->magic, MV_FILE_MAGIC, sizeof h->magic) != 0 || h->version != MV_FILE_VERSION) return MV_ERR_NOT_FOUND;
    if (h->header_hash != fnv1a(h, offsetof(mv_file_header, header_hash))) return MV_ERR_NOT_FOUND;
    if (h->dim != idx->dim || h->tag_len != tag_len || (tag_len > 0 && memcmp(h->tag, tag, tag_len) != 0))
        return MV_ERR_NOT_FOUND;
    if (h->count < 0 || h->skipped_count < 0 || h->count > (INT64_MAX / 8) / (h->dim > 0 ? h->dim : 1))
        return MV_ERR_NOT_FOUND;
    const int32_t groups = idx->dim <= MV_CODES_MAX_DIM ? (idx->dim + MV_CODE_GROUP - 1) / MV_CODE_GROUP : 0;
    if (h->groups != groups && h->count > 0) return MV_ERR_NOT_FOUND;
    mv_file_header expected = *h;
    layout(&expected);
    if (memcmp(expected.offset, h->offset, sizeof h->offset) != 0 ||
        memcmp(expected.length, h->length, sizeof h->length) != 0 || expected.file_bytes != h->file_bytes)
        return MV_ERR_NOT_FOUND;
    if ((uint64_t)st.st_size != h->file_bytes) return MV_ERR_NOT_FOUND;
    return MV_OK;
}

int mv_index_open_file(mv_index *idx, const char *path, const void *tag, size_t tag_len) {
    int rc = MV_OK;
    int fd = -1;
    void *mapping = MAP_FAILED;
    mv_file_header h;
    if (idx == NULL || path == NULL || (tag == NULL && tag_len > 0) || tag_len > MV_FILE_TAG_MAX) return MV_ERR_ARG;
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = errno == ENOENT ? MV_ERR_NOT_FOUND : MV_ERR_IO;
        goto cleanup;
    }
    rc = read_header(fd, idx, tag, tag_len, &h);
    if (rc != MV_OK) goto cleanup;
    mapping = mmap(NULL, (size_t)h.file_bytes, PROT_READ, MAP_SHARED, fd, 0);
    if (mapping == MAP_FAILED) {
        rc = MV_ERR_IO;
        goto cleanup;
    }
    uint8_t *base = mapping;
    mv_index_clear(idx);
    mv_index_release_data(idx);
    free(idx->rowids);
    mv_codes_free(&idx->codes);
    idx->rowids = NULL;
    idx->capacity = 0;
    idx->skipped_count = 0;
    for (int64_t i = 0; i < h.skipped_count; i++) {
        int64_t rowid;
        memcpy(&rowid, base + h.offset[SEC_SKIPPED] + (uint64_t)i * sizeof rowid, sizeof rowid);
        rc = mv_index_note_skipped(idx, rowid);
        if (rc != MV_OK) goto cleanup;
    }
    idx->data = (float *)(void *)(base + h.offset[SEC_DATA]);
    idx->rowids = (int64_t *)(void *)(base + h.offset[SEC_ROWIDS]);
    idx->count = h.count;
    idx->capacity = h.count;
    if (h.groups > 0 && h.count > 0) {
        idx->codes.groups = h.groups;
        idx->codes.data = (int8_t *)(base + h.offset[SEC_CODES]);
        idx->codes.step = (float *)(void *)(base + h.offset[SEC_STEP]);
        idx->codes.residual = (float *)(void *)(base + h.offset[SEC_RESIDUAL]);
        idx->codes.sum = (int32_t *)(void *)(base + h.offset[SEC_SUM]);
        idx->codes.capacity = (h.count + MV_CODE_LANES - 1) / MV_CODE_LANES * MV_CODE_LANES;
    }
    idx->file_mapping = mapping;
    idx->file_bytes = (size_t)h.file_bytes;
    mapping = MAP_FAILED;
    int64_t repeated = -1;
    rc = mv_rowmap_build(&idx->map, idx->rowids, idx->count, &repeated);
    if (rc == MV_OK && repeated >= 0) rc = MV_ERR_NOT_FOUND; /* a writer never saves repeated rowids */
cleanup:
    if (mapping != MAP_FAILED) munmap(mapping, (size_t)h.file_bytes);
    if (fd >= 0) close(fd);
    if (rc != MV_OK && idx != NULL) {
        mv_index_unmap(idx);
        mv_index_clear(idx);
        idx->skipped_count = 0;
    }
    return rc;
}

int mv_file_identity(const char *path, char *out, size_t out_len) {
    if (path == NULL || out == NULL || out_len == 0) return MV_ERR_ARG;
    int n = 0;
#ifdef __linux__
    struct statx sx;
    if (statx(AT_FDCWD, path, 0, STATX_INO | STATX_BTIME, &sx) != 0) return MV_ERR_IO;
    /* The birth time tells a file recreated at a recycled inode from the one it replaced; a
     * file system that keeps none gives device and inode only. */
    n = (sx.stx_mask & STATX_BTIME)
            ? snprintf(out, out_len, "%u:%u:%llu:%lld.%u", sx.stx_dev_major, sx.stx_dev_minor,
                       (unsigned long long)sx.stx_ino, (long long)sx.stx_btime.tv_sec, sx.stx_btime.tv_nsec)
            : snprintf(out, out_len, "%u:%u:%llu", sx.stx_dev_major, sx.stx_dev_minor, (unsigned long long)sx.stx_ino);
#else
    struct stat st;
    if (stat(path, &st) != 0) return MV_ERR_IO;
    n = snprintf(out, out_len, "%llu:%llu", (unsigned long long)st.st_dev, (unsigned long long)st.st_ino);
#endif
    return n > 0 && (size_t)n < out_len ? MV_OK : MV_ERR_ARG;
}
