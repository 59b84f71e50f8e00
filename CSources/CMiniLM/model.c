/*
 * model.c — loading all-MiniLM-L6-v2 from model.safetensors: map the file, parse and check its
 * index, and point the model's weights into the mapping (no copies, so loading is cheap and the
 * pages are shared between processes).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lazy_blas.h>

#include "cminilm.h"
#include "errors.h"
#include "model.h"

/* Finds name, checks it is F32 with exactly the given shape, and returns its data in *out. */
static int bind_tensor(const st_index *index, const char *name, int32_t ndim, const uint64_t *shape,
                       const float **out, char *err, size_t err_len) {
    const st_tensor *t = st_find(index, name);
    if (t == NULL) return ml_fail(err, err_len, ML_ERR_FORMAT, "model: tensor '%s' is missing", name);
    if (t->dtype != ST_F32) {
        return ml_fail(err, err_len, ML_ERR_FORMAT, "model: tensor '%s' is %s, expected F32", name,
                       st_dtype_name(t->dtype));
    }
    int same = t->ndim == ndim;
    for (int32_t d = 0; same && d < ndim; d++) same = t->shape[d] == shape[d];
    if (!same) {
        char want[64], got[160];
        size_t w = 0, g = 0;
        for (int32_t d = 0; d < ndim; d++)
            w += (size_t)snprintf(want + w, sizeof want - w, "%s%llu", d ? ", " : "", (unsigned long long)shape[d]);
        for (int32_t d = 0; d < t->ndim && g < sizeof got; d++)
            g += (size_t)snprintf(got + g, sizeof got - g, "%s%llu", d ? ", " : "", (unsigned long long)t->shape[d]);
        if (t->ndim == 0) got[0] = '\0';
        return ml_fail(err, err_len, ML_ERR_FORMAT, "model: tensor '%s' has shape [%s], expected [%s]", name, got,
                       want);
    }
    *out = (const float *)(const void *)(index->data + t->begin);
    return ML_OK;
}

#define BIND1(field, name, n) \
    do { \
        const uint64_t shape_[1] = {(n)}; \
        if ((rc = bind_tensor(index, (name), 1, shape_, &(field), err, err_len)) != ML_OK) return rc; \
    } while (0)
#define BIND2(field, name, rows, cols) \
    do { \
        const uint64_t shape_[2] = {(rows), (cols)}; \
        if ((rc = bind_tensor(index, (name), 2, shape_, &(field), err, err_len)) != ML_OK) return rc; \
    } while (0)

static int bind_layer(ml_layer *layer, int32_t i, const st_index *index, char *err, size_t err_len) {
    int rc;
    char name[96];
#define NAME(suffix) (snprintf(name, sizeof name, "encoder.layer.%d.%s", (int)i, (suffix)), name)
    BIND2(layer->query_w, NAME("attention.self.query.weight"), ML_HIDDEN, ML_HIDDEN);
    BIND1(layer->query_b, NAME("attention.self.query.bias"), ML_HIDDEN);
    BIND2(layer->key_w, NAME("attention.self.key.weight"), ML_HIDDEN, ML_HIDDEN);
    BIND1(layer->key_b, NAME("attention.self.key.bias"), ML_HIDDEN);
    BIND2(layer->value_w, NAME("attention.self.value.weight"), ML_HIDDEN, ML_HIDDEN);
    BIND1(layer->value_b, NAME("attention.self.value.bias"), ML_HIDDEN);
    BIND2(layer->attn_out_w, NAME("attention.output.dense.weight"), ML_HIDDEN, ML_HIDDEN);
    BIND1(layer->attn_out_b, NAME("attention.output.dense.bias"), ML_HIDDEN);
    BIND1(layer->attn_norm_w, NAME("attention.output.LayerNorm.weight"), ML_HIDDEN);
    BIND1(layer->attn_norm_b, NAME("attention.output.LayerNorm.bias"), ML_HIDDEN);
    BIND2(layer->ffn_in_w, NAME("intermediate.dense.weight"), ML_INTERMEDIATE, ML_HIDDEN);
    BIND1(layer->ffn_in_b, NAME("intermediate.dense.bias"), ML_INTERMEDIATE);
    BIND2(layer->ffn_out_w, NAME("output.dense.weight"), ML_HIDDEN, ML_INTERMEDIATE);
    BIND1(layer->ffn_out_b, NAME("output.dense.bias"), ML_HIDDEN);
    BIND1(layer->ffn_norm_w, NAME("output.LayerNorm.weight"), ML_HIDDEN);
    BIND1(layer->ffn_norm_b, NAME("output.LayerNorm.bias"), ML_HIDDEN);
#undef NAME
    return ML_OK;
}

int ml_model_bind(struct ml_model *model, const st_index *index, char *err, size_t err_len) {
    int rc;
    BIND2(model->word_emb, "embeddings.word_embeddings.weight", ML_VOCAB, ML_HIDDEN);
    BIND2(model->position_emb, "embeddings.position_embeddings.weight", ML_MAX_POSITIONS, ML_HIDDEN);
    BIND2(model->type_emb, "embeddings.token_type_embeddings.weight", ML_TYPE_VOCAB, ML_HIDDEN);
    BIND1(model->emb_norm_w, "embeddings.LayerNorm.weight", ML_HIDDEN);
    BIND1(model->emb_norm_b, "embeddings.LayerNorm.bias", ML_HIDDEN);
    for (int32_t i = 0; i < ML_LAYERS; i++) {
        if ((rc = bind_layer(&model->layers[i], i, index, err, err_len)) != ML_OK) return rc;
    }
    return ML_OK;
}

/* Reads len bytes at offset of fd into dst, across short reads and interruptions. */
static int read_exactly(int fd, void *dst, size_t len, off_t offset) {
    char *p = dst;
    while (len > 0) {
        ssize_t got = pread(fd, p, len, offset);
        if (got < 0 && errno == EINTR) continue;
        if (got == 0) errno = 0; /* the file ended early */
        if (got <= 0) return -1;
        p += got;
        len -= (size_t)got;
        offset += got;
    }
    return 0;
}

/*
 * Copies the small tensors every encode reads (biases, norms, the token-type rows) out of the
 * file into one block, with pread. Read through the mapping, each sits on its own page among the
 * large matrices, and its first touch maps the 64 kB around it (the kernel's fault-around): about
 * 2.7 MB of resident file pages in every process for 125 kB of floats. pread maps nothing.
 */
static int copy_small_tensors(ml_model *model, int fd, char *err, size_t err_len) {
    enum { PER_LAYER = 10, FIELDS = ML_LAYERS * PER_LAYER + 3 };
    const float **fields[FIELDS];
    size_t counts[FIELDS], n = 0, total = 0;
#define SMALL(field, count) (fields[n] = &(field), counts[n++] = (count))
    SMALL(model->type_emb, (size_t)ML_TYPE_VOCAB * ML_HIDDEN);
    SMALL(model->emb_norm_w, ML_HIDDEN);
    SMALL(model->emb_norm_b, ML_HIDDEN);
    for (int32_t l = 0; l < ML_LAYERS; l++) {
        ml_layer *layer = &model->layers[l];
        SMALL(layer->query_b, ML_HIDDEN);
        SMALL(layer->key_b, ML_HIDDEN);
        SMALL(layer->value_b, ML_HIDDEN);
        SMALL(layer->attn_out_b, ML_HIDDEN);
        SMALL(layer->attn_norm_w, ML_HIDDEN);
        SMALL(layer->attn_norm_b, ML_HIDDEN);
        SMALL(layer->ffn_in_b, ML_INTERMEDIATE);
        SMALL(layer->ffn_out_b, ML_HIDDEN);
        SMALL(layer->ffn_norm_w, ML_HIDDEN);
        SMALL(layer->ffn_norm_b, ML_HIDDEN);
    }
#undef SMALL
    for (size_t i = 0; i < n; i++) total += counts[i];
    model->small = malloc(total * sizeof(float));
    if (model->small == NULL) return ml_fail(err, err_len, ML_ERR_NOMEM, "out of memory copying the model's biases");
    float *next = model->small;
    for (size_t i = 0; i < n; i++) {
        const off_t offset = (off_t)((const char *)*fields[i] - (const char *)model->mapping);
        if (read_exactly(fd, next, counts[i] * sizeof(float), offset) != 0) {
            return ml_fail(err, err_len, ML_ERR_IO, "cannot read the model file: %s",
                           errno ? strerror(errno) : "it ended early");
        }
        *fields[i] = next;
        next += counts[i];
    }
    return ML_OK;
}

/*
 * Gives each layer packed copies of its six matrices for the packed-weight GEMM. The packed
 * copies replace the mapped weights in every product, so the mapped pages are then dropped from
 * memory; the few still read (embedding rows, biases, norms) fault back in from the page cache.
 */
static int pack_layers(ml_model *model, char *err, size_t err_len) {
    const size_t square = (size_t)ML_HIDDEN * ML_HIDDEN, wide = (size_t)ML_INTERMEDIATE * ML_HIDDEN;
    const size_t per_layer = 4 * square + 2 * wide;
    model->packed = aligned_alloc(64, ML_LAYERS * per_layer * sizeof(float));
    if (model->packed == NULL) return ml_fail(err, err_len, ML_ERR_NOMEM, "out of memory packing the model weights");
    for (int32_t l = 0; l < ML_LAYERS; l++) {
        ml_layer *layer = &model->layers[l];
        float *p = model->packed + (size_t)l * per_layer;
        ml_pack_weights(layer->query_w, ML_HIDDEN, ML_HIDDEN, p);
        layer->query_p = p;
        ml_pack_weights(layer->key_w, ML_HIDDEN, ML_HIDDEN, p += square);
        layer->key_p = p;
        ml_pack_weights(layer->value_w, ML_HIDDEN, ML_HIDDEN, p += square);
        layer->value_p = p;
        ml_pack_weights(layer->attn_out_w, ML_HIDDEN, ML_HIDDEN, p += square);
        layer->attn_out_p = p;
        ml_pack_weights(layer->ffn_in_w, ML_INTERMEDIATE, ML_HIDDEN, p += square);
        layer->ffn_in_p = p;
        ml_pack_weights(layer->ffn_out_w, ML_HIDDEN, ML_INTERMEDIATE, p += wide);
        layer->ffn_out_p = p;
    }
    madvise(model->mapping, model->mapping_len, MADV_DONTNEED);
    return ML_OK;
}

int ml_model_load(const char *path, ml_model **out, char *errbuf, size_t errbuf_len) {
    return ml_model_load_kernels(path, ML_KERNELS_AVX512, out, errbuf, errbuf_len);
}

int ml_model_load_kernels(const char *path, int32_t max_kernels, ml_model **out, char *errbuf, size_t errbuf_len) {
    return ml_model_load_weights(path, max_kernels, ML_WEIGHTS_F32, NULL, out, errbuf, errbuf_len);
}

/*
 * Half-precision panels for every layer: from the side file when there is a path, else packed
 * in memory. Either way the mapped float32 matrices are never read again.
 */
static int attach_half(ml_model *model, int fd, const char *side_path, char *err, size_t err_len) {
    if (side_path != NULL) return ml_side_file_attach(model, fd, side_path, err, err_len);
    model->packed_half = aligned_alloc(64, ML_LAYERS * ML_HALF_PER_LAYER * sizeof(uint16_t));
    if (model->packed_half == NULL)
        return ml_fail(err, err_len, ML_ERR_NOMEM, "out of memory packing the model weights");
    ml_pack_all_half(model, model->packed_half);
    ml_bind_half(model, model->packed_half);
    model->packed_source = ML_PACKED_MEMORY;
    madvise(model->mapping, model->mapping_len, MADV_DONTNEED);
    return ML_OK;
}

int ml_model_load_weights(const char *path, int32_t max_kernels, int32_t weights, const char *side_path,
                          ml_model **out, char *errbuf, size_t errbuf_len) {
    int rc = ML_OK;
    int fd = -1;
    ml_model *model = NULL;
    st_index index = {0};
    if (errbuf != NULL && errbuf_len > 0) errbuf[0] = '\0';
    if (out == NULL || path == NULL) return ml_fail(errbuf, errbuf_len, ML_ERR_ARG, "no path or output given");
    *out = NULL;
    if (weights != ML_WEIGHTS_F32 && weights != ML_WEIGHTS_F16)
        return ml_fail(errbuf, errbuf_len, ML_ERR_ARG, "unknown weight precision %d", (int)weights);

    model = calloc(1, sizeof *model);
    if (model == NULL) return ml_fail(errbuf, errbuf_len, ML_ERR_NOMEM, "out of memory");
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        rc = ml_fail(errbuf, errbuf_len, ML_ERR_IO, "cannot open the model file: %s", strerror(errno));
        goto cleanup;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        rc = ml_fail(errbuf, errbuf_len, ML_ERR_IO, "cannot read the model file: %s", strerror(errno));
        goto cleanup;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = ml_fail(errbuf, errbuf_len, ML_ERR_IO, "the model path is not a regular file");
        goto cleanup;
    }
    if (st.st_size < 8) { /* mmap of an empty file fails; give the format's reason instead */
        rc = ml_fail(errbuf, errbuf_len, ML_ERR_FORMAT, "safetensors: file is %lld bytes, too short for a header",
                     (long long)st.st_size);
        goto cleanup;
    }
    model->mapping_len = (size_t)st.st_size;
    model->mapping = mmap(NULL, model->mapping_len, PROT_READ, MAP_PRIVATE, fd, 0);
    if (model->mapping == MAP_FAILED) {
        model->mapping = NULL;
        rc = ml_fail(errbuf, errbuf_len, ML_ERR_IO, "cannot map the model file: %s", strerror(errno));
        goto cleanup;
    }
    if ((rc = st_parse(model->mapping, model->mapping_len, &index, errbuf, errbuf_len)) != ML_OK) goto cleanup;
    if ((rc = ml_model_bind(model, &index, errbuf, errbuf_len)) != ML_OK) goto cleanup;
    if ((rc = copy_small_tensors(model, fd, errbuf, errbuf_len)) != ML_OK) goto cleanup;
    model->kernels = ml_kernels_select(max_kernels);
    if (model->kernels->id == ML_KERNELS_PORTABLE && !lb_available()) {
        rc = ml_fail(errbuf, errbuf_len, ML_ERR_BLAS, "the portable kernels need OpenBLAS: %s", lb_load_error());
        goto cleanup;
    }
    model->weights = weights == ML_WEIGHTS_F16 && model->kernels->packed_linear_f16 != NULL ? ML_WEIGHTS_F16
                                                                                             : ML_WEIGHTS_F32;
    if (model->weights == ML_WEIGHTS_F16) {
        if ((rc = attach_half(model, fd, side_path, errbuf, errbuf_len)) != ML_OK) goto cleanup;
    } else if (model->kernels->packed_linear != NULL && (rc = pack_layers(model, errbuf, errbuf_len)) != ML_OK) {
        goto cleanup;
    }
    *out = model;
    model = NULL;
cleanup:
    st_index_free(&index);
    if (fd >= 0) close(fd);
    ml_model_free(model);
    return rc;
}

void ml_model_free(ml_model *model) {
    if (model == NULL) return;
    if (model->mapping != NULL) munmap(model->mapping, model->mapping_len);
    if (model->side_mapping != NULL) munmap(model->side_mapping, model->side_mapping_len);
    free(model->packed);
    free(model->small);
    free(model->packed_half);
    free(model);
}

int32_t ml_model_kernels(const ml_model *model) { return model->kernels->id; }

int32_t ml_model_weights(const ml_model *model) { return model->weights; }

int32_t ml_model_packed_source(const ml_model *model) { return model->packed_source; }

int32_t ml_model_hidden_size(const ml_model *model) {
    (void)model;
    return ML_HIDDEN;
}

int32_t ml_model_max_positions(const ml_model *model) {
    (void)model;
    return ML_MAX_POSITIONS;
}

int32_t ml_model_vocab_size(const ml_model *model) {
    (void)model;
    return ML_VOCAB;
}
