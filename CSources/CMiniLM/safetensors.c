/*
 * safetensors.c — strict reader for the safetensors container; see safetensors.h. The JSON
 * header is parsed by safetensors_json.c; this file checks the layout it describes.
 */
#include "safetensors.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "cminilm.h"
#include "errors.h"

static const struct {
    const char *name;
    size_t size;
} dtype_info[] = {
    [ST_BOOL] = {"BOOL", 1}, [ST_U8] = {"U8", 1},   [ST_I8] = {"I8", 1},     [ST_F8_E5M2] = {"F8_E5M2", 1},
    [ST_F8_E4M3] = {"F8_E4M3", 1}, [ST_I16] = {"I16", 2}, [ST_U16] = {"U16", 2}, [ST_F16] = {"F16", 2},
    [ST_BF16] = {"BF16", 2}, [ST_I32] = {"I32", 4}, [ST_U32] = {"U32", 4}, [ST_F32] = {"F32", 4},
    [ST_I64] = {"I64", 8}, [ST_U64] = {"U64", 8}, [ST_F64] = {"F64", 8},
};
#define ST_DTYPE_COUNT (sizeof dtype_info / sizeof dtype_info[0])

const char *st_dtype_name(st_dtype dtype) { return dtype_info[dtype].name; }
size_t st_dtype_size(st_dtype dtype) { return dtype_info[dtype].size; }

bool st_dtype_parse(const char *name, st_dtype *out) {
    for (size_t i = 0; i < ST_DTYPE_COUNT; i++) {
        if (strcmp(name, dtype_info[i].name) == 0) {
            *out = (st_dtype)i;
            return true;
        }
    }
    return false;
}

/* ---- semantic checks ------------------------------------------------------------------------ */

/* A format error, for `return BAD("...", ...)` where err and err_len are in scope. */
#define BAD(...) ml_fail(err, err_len, ML_ERR_FORMAT, __VA_ARGS__)

static int by_name(const void *a, const void *b) {
    return strcmp(((const st_tensor *)a)->name, ((const st_tensor *)b)->name);
}

static int by_offset(const void *a, const void *b) {
    const st_tensor *x = *(const st_tensor *const *)a, *y = *(const st_tensor *const *)b;
    if (x->begin != y->begin) return x->begin < y->begin ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

/* Each tensor's span matches its shape and dtype, lies inside the data and is aligned. */
static int check_spans(const st_index *index, uint64_t data_file_offset, char *err, size_t err_len) {
    for (size_t i = 0; i < index->count; i++) {
        const st_tensor *t = &index->tensors[i];
        size_t elem = st_dtype_size(t->dtype);
        if (t->end < t->begin)
            return BAD("safetensors: tensor '%s' has data_offsets that run backwards", t->name);
        if (t->end > index->data_len) {
            return BAD("safetensors: tensor '%s' ends at data byte %llu but the file has only %llu (truncated?)",
                       t->name, (unsigned long long)t->end, (unsigned long long)index->data_len);
        }
        uint64_t bytes = elem;
        for (int32_t d = 0; d < t->ndim; d++) {
            if (t->shape[d] != 0 && bytes > UINT64_MAX / t->shape[d])
                return BAD("safetensors: tensor '%s' shape overflows", t->name);
            bytes *= t->shape[d];
        }
        if (bytes != t->end - t->begin) {
            return BAD("safetensors: tensor '%s' shape and dtype need %llu bytes but data_offsets span %llu",
                       t->name, (unsigned long long)bytes, (unsigned long long)(t->end - t->begin));
        }
        if ((data_file_offset + t->begin) % elem != 0)
            return BAD("safetensors: tensor '%s' data is not aligned to its %zu-byte elements", t->name, elem);
    }
    return ML_OK;
}

/* The spans tile the data section exactly: no overlaps, no holes, nothing after the last one. */
static int check_tiling(const st_index *index, char *err, size_t err_len) {
    int rc = ML_OK;
    const st_tensor **order = malloc((index->count + 1) * sizeof *order);
    if (order == NULL)
        return ml_fail(err, err_len, ML_ERR_NOMEM, "out of memory checking the safetensors layout");
    for (size_t i = 0; i < index->count; i++) order[i] = &index->tensors[i];
    qsort(order, index->count, sizeof *order, by_offset);
    uint64_t covered = 0;
    const char *last = NULL;
    for (size_t i = 0; i < index->count; i++) {
        const st_tensor *t = order[i];
        if (t->begin < covered) {
            rc = BAD("safetensors: tensors '%s' and '%s' overlap", last, t->name);
            goto cleanup;
        }
        if (t->begin > covered) {
            rc = BAD("safetensors: data bytes %llu..%llu belong to no tensor", (unsigned long long)covered,
                     (unsigned long long)t->begin);
            goto cleanup;
        }
        if (t->end > t->begin) { /* an empty tensor covers nothing and overlaps nothing */
            covered = t->end;
            last = t->name;
        }
    }
    if (covered != index->data_len) {
        rc = BAD("safetensors: the last %llu data bytes belong to no tensor",
                 (unsigned long long)(index->data_len - covered));
    }
cleanup:
    free(order);
    return rc;
}

/* ---- public --------------------------------------------------------------------------------- */

int st_parse(const uint8_t *file, size_t file_len, st_index *out, char *err, size_t err_len) {
    int rc = ML_OK;
    memset(out, 0, sizeof *out);
    if (file_len < 8) return BAD("safetensors: file is %zu bytes, too short for a header", file_len);
    uint64_t header_len = 0;
    for (int i = 7; i >= 0; i--) header_len = header_len << 8 | file[i];
    if (header_len > ST_MAX_HEADER_BYTES) {
        return BAD("safetensors: header length %llu is absurd (limit %u): not a safetensors file",
                   (unsigned long long)header_len, ST_MAX_HEADER_BYTES);
    }
    if (header_len > file_len - 8) {
        return BAD("safetensors: header length %llu runs past the end of the %zu-byte file (truncated?)",
                   (unsigned long long)header_len, file_len);
    }
    out->data = file + 8 + header_len;
    out->data_len = file_len - 8 - header_len;
    if ((rc = st_parse_header(file + 8, (size_t)header_len, out, err, err_len)) != ML_OK) goto cleanup;
    if (out->count > 0) qsort(out->tensors, out->count, sizeof *out->tensors, by_name);
    for (size_t i = 1; i < out->count; i++) {
        if (strcmp(out->tensors[i - 1].name, out->tensors[i].name) == 0) {
            rc = BAD("safetensors: tensor '%s' appears twice", out->tensors[i].name);
            goto cleanup;
        }
    }
    if ((rc = check_spans(out, 8 + header_len, err, err_len)) != ML_OK) goto cleanup;
    rc = check_tiling(out, err, err_len);
cleanup:
    if (rc != ML_OK) st_index_free(out);
    return rc;
}

void st_index_free(st_index *index) {
    free(index->tensors);
    memset(index, 0, sizeof *index);
}

const st_tensor *st_find(const st_index *index, const char *name) {
    if (index->count == 0) return NULL;
    st_tensor key;
    size_t len = strlen(name);
    if (len > ST_MAX_NAME_BYTES) return NULL;
    memcpy(key.name, name, len + 1);
    return bsearch(&key, index->tensors, index->count, sizeof key, by_name);
}
