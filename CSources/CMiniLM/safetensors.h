/*
 * safetensors.h — a strict, bounds-checked reader for the safetensors container (private).
 *
 * Layout: an 8-byte little-endian header length N, N bytes of JSON (an object mapping tensor
 * names to {"dtype", "shape", "data_offsets"}, plus an optional "__metadata__" object of
 * strings), then the data section. Offsets are relative to the data section.
 *
 * The bytes are untrusted: st_parse checks everything a caller would otherwise have to (JSON
 * syntax, unknown keys, duplicate names, shape x dtype size = byte span, spans inside the data
 * section, no overlaps or holes, element alignment) and never reads outside [file, file + len).
 */
#ifndef CMINILM_SAFETENSORS_H
#define CMINILM_SAFETENSORS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Headers beyond this are rejected as absurd (the reference implementation's limit too). */
#define ST_MAX_HEADER_BYTES (100u * 1024u * 1024u)
#define ST_MAX_NAME_BYTES 255
#define ST_MAX_DIMS 8

typedef enum {
    ST_BOOL, ST_U8, ST_I8, ST_F8_E5M2, ST_F8_E4M3, ST_I16, ST_U16, ST_F16, ST_BF16,
    ST_I32, ST_U32, ST_F32, ST_I64, ST_U64, ST_F64,
} st_dtype;

typedef struct {
    char name[ST_MAX_NAME_BYTES + 1]; /* NUL-terminated; JSON escapes decoded */
    st_dtype dtype;
    int32_t ndim;
    uint64_t shape[ST_MAX_DIMS];
    uint64_t begin; /* byte offsets into the data section, begin <= end <= data_len */
    uint64_t end;
} st_tensor;

typedef struct {
    st_tensor *_Nullable tensors; /* sorted by name */
    size_t count;
    const uint8_t *_Nullable data; /* the data section, inside the parsed buffer */
    uint64_t data_len;
} st_index;

/*
 * Parses a whole safetensors file held in memory. On success fills *out (free with
 * st_index_free) and returns 0. On failure returns ML_ERR_FORMAT or ML_ERR_NOMEM, leaves *out
 * empty, and writes a one-line reason to err.
 */
int st_parse(const uint8_t *_Nonnull file, size_t file_len, st_index *_Nonnull out,
             char *_Nullable err, size_t err_len);
void st_index_free(st_index *_Nonnull index);

/* The tensor called name, or NULL. */
const st_tensor *_Nullable st_find(const st_index *_Nonnull index, const char *_Nonnull name);

/* "F32", "I64", ... */
const char *_Nonnull st_dtype_name(st_dtype dtype);
size_t st_dtype_size(st_dtype dtype);
/* The dtype called name; false if there is none. */
bool st_dtype_parse(const char *_Nonnull name, st_dtype *_Nonnull out);

/*
 * Parses the JSON header json[0, len) into index->tensors / count (safetensors_json.c): syntax,
 * fields and names only; st_parse checks the layout. On failure the caller frees the index.
 */
int st_parse_header(const uint8_t *_Nonnull json, size_t len, st_index *_Nonnull index, char *_Nullable err,
                    size_t err_len);

#endif /* CMINILM_SAFETENSORS_H */
