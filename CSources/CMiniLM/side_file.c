/*
 * side_file.c — the half-precision panels of every layer, kept in a file so that a start maps
 * them instead of reading 90 MB of float32 weights and repacking them (measured in
 * Benchmarks/run-edge.sh).
 *
 * Layout: a 4096-byte header (below), then ML_LAYERS blocks of ML_HALF_PER_LAYER little-endian
 * binary16 values packed as ml_pack_weights_f16 packs them. The header names the model file it
 * was made from (size, modification time, inode, device and a hash of its safetensors header),
 * so a replaced or edited model is repacked; its own hash catches a damaged header, and the file
 * size must be exact. Writers write a temporary file, fsync it and rename it over the old one,
 * so a process killed mid-write leaves at most a stray temporary file, never a torn side file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cminilm.h"
#include "errors.h"
#include "model.h"

#define SIDE_MAGIC "MLHALF01"
enum { SIDE_VERSION = 1, SIDE_HEADER_BYTES = 4096 };

typedef struct {
    char magic[8];
    uint32_t version, panel, layers, hidden, intermediate, reserved;
    uint64_t source_size;
    int64_t source_mtime_sec, source_mtime_nsec;
    uint64_t source_ino, source_dev;
    uint64_t source_header_hash; /* FNV-1a of the model file's length prefix and JSON header */
    uint64_t payload_bytes;
    uint64_t header_hash; /* FNV-1a of every byte above */
} side_header;

static uint64_t fnv1a(const void *bytes, size_t len, uint64_t hash) {
    const uint8_t *p = bytes;
    for (size_t i = 0; i < len; i++) hash = (hash ^ p[i]) * 0x100000001b3ull;
    return hash;
}

static const uint64_t fnv_basis = 0xcbf29ce484222325ull;

static uint64_t payload_bytes(void) { return (uint64_t)ML_LAYERS * ML_HALF_PER_LAYER * sizeof(uint16_t); }

/* The header this model file's side file must have. */
static int expected_header(const ml_model *model, int source_fd, side_header *out) {
    struct stat st;
    if (fstat(source_fd, &st) != 0) return ML_ERR_IO;
    memset(out, 0, sizeof *out);
    memcpy(out->magic, SIDE_MAGIC, sizeof out->magic);
    out->version = SIDE_VERSION;
    out->panel = ML_PANEL;
    out->layers = ML_LAYERS;
    out->hidden = ML_HIDDEN;
    out->intermediate = ML_INTERMEDIATE;
    out->source_size = (uint64_t)st.st_size;
#ifdef __APPLE__
    out->source_mtime_sec = (int64_t)st.st_mtimespec.tv_sec;
    out->source_mtime_nsec = (int64_t)st.st_mtimespec.tv_nsec;
#else
    out->source_mtime_sec = (int64_t)st.st_mtim.tv_sec;
    out->source_mtime_nsec = (int64_t)st.st_mtim.tv_nsec;
#endif
    out->source_ino = (uint64_t)st.st_ino;
    out->source_dev = (uint64_t)st.st_dev;
    /* st_parse already checked that 8 + N bytes lie inside the mapping. */
    uint64_t json_len = 0;
    memcpy(&json_len, model->mapping, sizeof json_len);
    out->source_header_hash = fnv1a(model->mapping, (size_t)(8 + json_len), fnv_basis);
    out->payload_bytes = payload_bytes();
    out->header_hash = fnv1a(out, offsetof(side_header, header_hash), fnv_basis);
    return ML_OK;
}

/* Maps side_path if it is exactly the side file `want` describes; 0 if it is (model bound). */
static int map_existing(ml_model *model, const char *side_path, const side_header *want) {
    int ok = 0;
    int fd = open(side_path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    struct stat st;
    side_header have;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) goto cleanup;
    if ((uint64_t)st.st_size != SIDE_HEADER_BYTES + want->payload_bytes) goto cleanup;
    if (pread(fd, &have, sizeof have, 0) != (ssize_t)sizeof have) goto cleanup;
    if (memcmp(&have, want, sizeof have) != 0) goto cleanup;
    void *mapping = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    if (mapping == MAP_FAILED) goto cleanup;
    /* One encode reads every page: fetch them in one go rather than fault by fault. */
    madvise(mapping, (size_t)st.st_size, MADV_WILLNEED);
    model->side_mapping = mapping;
    model->side_mapping_len = (size_t)st.st_size;
    ml_bind_half(model, (const uint16_t *)(const void *)((const uint8_t *)mapping + SIDE_HEADER_BYTES));
    model->packed_source = ML_PACKED_MAPPED;
    ok = 1;
cleanup:
    close(fd);
    return ok;
}

static int write_all(int fd, const void *bytes, size_t len) {
    const uint8_t *p = bytes;
    while (len > 0) {
        ssize_t n = write(fd, p, len);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return 0;
        p += n;
        len -= (size_t)n;
    }
    return 1;
}

/* Writes the side file through a temporary name; 1 on success. Failures leave nothing behind. */
static int write_side_file(const char *side_path, const side_header *header, const uint16_t *half) {
    char temp[4096];
    if (snprintf(temp, sizeof temp, "%s.tmp.%ld", side_path, (long)getpid()) >= (int)sizeof temp) return 0;
    int fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return 0;
    uint8_t page[SIDE_HEADER_BYTES] = {0};
    memcpy(page, header, sizeof *header);
    int ok = write_all(fd, page, sizeof page) && write_all(fd, half, (size_t)header->payload_bytes) &&
             fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok) ok = rename(temp, side_path) == 0;
    if (!ok) unlink(temp);
    return ok;
}

int ml_side_file_attach(ml_model *model, int source_fd, const char *side_path, char *err, size_t err_len) {
    side_header want;
    if (expected_header(model, source_fd, &want) != ML_OK)
        return ml_fail(err, err_len, ML_ERR_IO, "cannot read the model file: %s", strerror(errno));
    if (map_existing(model, side_path, &want)) return ML_OK;
    model->packed_half = aligned_alloc(64, (size_t)want.payload_bytes);
    if (model->packed_half == NULL)
        return ml_fail(err, err_len, ML_ERR_NOMEM, "out of memory packing the model weights");
    ml_pack_all_half(model, model->packed_half);
    ml_bind_half(model, model->packed_half);
    /* The float32 matrices were read once to pack them and are not needed again. */
    madvise(model->mapping, model->mapping_len, MADV_DONTNEED);
    model->packed_source = write_side_file(side_path, &want, model->packed_half) ? ML_PACKED_WRITTEN
                                                                                  : ML_PACKED_MEMORY;
    return ML_OK;
}
