/*
 * fuzz_safetensors.c — libFuzzer target for the safetensors reader and the model's tensor checks
 * (CSources/CMiniLM/safetensors*.c, model.c), the code that parses untrusted model files.
 * Build and run with scripts/fuzz-safetensors.sh.
 *
 * Besides the sanitizers' checks, it asserts what callers rely on: an error always leaves a
 * one-line message and an empty index; a success yields spans inside the data section that
 * match shape x dtype size, and every tensor can be found by name.
 */
#include <assert.h>
#include <stdint.h>
#include <string.h>

#include "cminilm.h"
#include "model.h"
#include "safetensors.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    char err[256];
    st_index index;
    memset(err, 0x7F, sizeof err);
    int rc = st_parse(data, size, &index, err, sizeof err);
    if (rc != ML_OK) {
        assert(rc == ML_ERR_FORMAT || rc == ML_ERR_NOMEM);
        assert(memchr(err, '\0', sizeof err) != NULL);
        assert(strchr(err, '\n') == NULL);
        assert(index.tensors == NULL && index.count == 0);
        return 0;
    }
    assert(index.data >= data && index.data + index.data_len == data + size);
    for (size_t i = 0; i < index.count; i++) {
        const st_tensor *t = &index.tensors[i];
        assert(t->begin <= t->end && t->end <= index.data_len);
        uint64_t bytes = st_dtype_size(t->dtype);
        for (int32_t d = 0; d < t->ndim; d++) bytes *= t->shape[d];
        assert(bytes == t->end - t->begin);
        assert(st_find(&index, t->name) == t);
    }
    /* The model's checks on whatever tensors the file names. */
    struct ml_model model;
    memset(&model, 0, sizeof model);
    rc = ml_model_bind(&model, &index, err, sizeof err);
    assert(rc == ML_OK || rc == ML_ERR_FORMAT);
    assert(memchr(err, '\0', sizeof err) != NULL);
    st_index_free(&index);
    return 0;
}
