/*
 * safetensors_json.c — the JSON header of a safetensors file; see safetensors.h.
 *
 * The parser accepts exactly the shape the format uses (an object of tensor objects and an
 * optional "__metadata__" object of strings), so it needs no recursion and no general value
 * model. Every read is checked against the end of the header.
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cminilm.h"
#include "errors.h"
#include "safetensors.h"

/* More tensors than any BERT-sized model has; bounds the index at a few MB for hostile input. */
#define ST_MAX_TENSORS 65536

typedef struct {
    const uint8_t *start;
    const uint8_t *p;
    const uint8_t *end;
    char *err;
    size_t err_len;
} cursor;

#define FAIL(c, ...) ml_fail((c)->err, (c)->err_len, ML_ERR_FORMAT, __VA_ARGS__)

static int syntax_error(cursor *c, const char *what) {
    return FAIL(c, "safetensors header: %s at byte %zu of the JSON header", what, (size_t)(c->p - c->start));
}

static void skip_ws(cursor *c) {
    while (c->p < c->end && (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) c->p++;
}

/* Skips whitespace and consumes ch if it is next. */
static bool accept(cursor *c, uint8_t ch) {
    skip_ws(c);
    if (c->p < c->end && *c->p == ch) {
        c->p++;
        return true;
    }
    return false;
}

static int expect(cursor *c, uint8_t ch) {
    if (accept(c, ch)) return ML_OK;
    char what[32];
    snprintf(what, sizeof what, "expected '%c'", ch);
    return syntax_error(c, what);
}

static int hex4(cursor *c, uint32_t *out) {
    if (c->end - c->p < 4) return syntax_error(c, "truncated \\u escape");
    uint32_t v = 0;
    for (int i = 0; i < 4; i++) {
        uint8_t h = *c->p++;
        uint32_t d;
        if (h >= '0' && h <= '9') d = h - '0';
        else if (h >= 'a' && h <= 'f') d = h - 'a' + 10;
        else if (h >= 'A' && h <= 'F') d = h - 'A' + 10;
        else return syntax_error(c, "bad hex digit in \\u escape");
        v = v << 4 | d;
    }
    *out = v;
    return ML_OK;
}

/* Decodes one escape (after the backslash) into utf8[0..*n). */
static int escape(cursor *c, uint8_t utf8[4], size_t *n) {
    if (c->p >= c->end) return syntax_error(c, "unterminated string");
    uint8_t e = *c->p++;
    uint32_t cp;
    switch (e) {
    case '"': case '\\': case '/': cp = e; break;
    case 'b': cp = '\b'; break;
    case 'f': cp = '\f'; break;
    case 'n': cp = '\n'; break;
    case 'r': cp = '\r'; break;
    case 't': cp = '\t'; break;
    case 'u': {
        int rc = hex4(c, &cp);
        if (rc != ML_OK) return rc;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return syntax_error(c, "lone low surrogate in \\u escape");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u')
                return syntax_error(c, "high surrogate without a low one");
            c->p += 2;
            if ((rc = hex4(c, &low)) != ML_OK) return rc;
            if (low < 0xDC00 || low > 0xDFFF) return syntax_error(c, "high surrogate without a low one");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        }
        break;
    }
    default: return syntax_error(c, "unknown escape in string");
    }
    if (cp == 0) return syntax_error(c, "NUL character in string");
    if (cp < 0x80) {
        utf8[0] = (uint8_t)cp;
        *n = 1;
    } else if (cp < 0x800) {
        utf8[0] = (uint8_t)(0xC0 | cp >> 6);
        utf8[1] = (uint8_t)(0x80 | (cp & 0x3F));
        *n = 2;
    } else if (cp < 0x10000) {
        utf8[0] = (uint8_t)(0xE0 | cp >> 12);
        utf8[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        utf8[2] = (uint8_t)(0x80 | (cp & 0x3F));
        *n = 3;
    } else {
        utf8[0] = (uint8_t)(0xF0 | cp >> 18);
        utf8[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
        utf8[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
        utf8[3] = (uint8_t)(0x80 | (cp & 0x3F));
        *n = 4;
    }
    return ML_OK;
}

/* Length of the well-formed UTF-8 sequence at p (shortest form, no surrogates), or 0. */
static size_t utf8_sequence(const uint8_t *p, const uint8_t *end) {
    uint8_t b = p[0];
    size_t n;
    uint32_t cp;
    if (b < 0x80) return 1;
    if (b >= 0xC2 && b <= 0xDF) n = 2, cp = b & 0x1F;
    else if (b >= 0xE0 && b <= 0xEF) n = 3, cp = b & 0x0F;
    else if (b >= 0xF0 && b <= 0xF4) n = 4, cp = b & 0x07;
    else return 0;
    if ((size_t)(end - p) < n) return 0;
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        cp = cp << 6 | (p[i] & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF))) return 0;
    if (cp >= 0xD800 && cp <= 0xDFFF) return 0;
    return n;
}

/*
 * Parses a JSON string. With buf (a name, key or dtype), stores the decoded bytes NUL-terminated
 * (at most cap - 1 of them, else an error naming what) and rejects control characters; without
 * buf (metadata), only validates.
 */
static int parse_string(cursor *c, char *buf, size_t cap, const char *what) {
    int rc = expect(c, '"');
    if (rc != ML_OK) return rc;
    size_t len = 0;
    for (;;) {
        if (c->p >= c->end) return syntax_error(c, "unterminated string");
        uint8_t ch = *c->p;
        uint8_t bytes[4];
        size_t n;
        if (ch == '"') {
            c->p++;
            break;
        } else if (ch == '\\') {
            c->p++;
            if ((rc = escape(c, bytes, &n)) != ML_OK) return rc;
        } else if (ch < 0x20) {
            return syntax_error(c, "control character in string");
        } else {
            n = utf8_sequence(c->p, c->end);
            if (n == 0) return syntax_error(c, "invalid UTF-8 in string");
            memcpy(bytes, c->p, n);
            c->p += n;
        }
        if (buf != NULL) {
            /* Names go into one-line error messages: no escaped control characters in them. */
            if (n == 1 && bytes[0] < 0x20) return syntax_error(c, "control character in a name");
            if (len + n >= cap) {
                return FAIL(c, "safetensors header: %s longer than %zu bytes at byte %zu of the JSON header", what,
                            cap - 1, (size_t)(c->p - c->start));
            }
            memcpy(buf + len, bytes, n);
        }
        len += n;
    }
    if (buf != NULL) buf[len] = '\0';
    return ML_OK;
}

/* An unsigned integer without sign, fraction, exponent or leading zeros. */
static int parse_u64(cursor *c, uint64_t *out) {
    skip_ws(c);
    if (c->p >= c->end || *c->p < '0' || *c->p > '9') return syntax_error(c, "expected an unsigned integer");
    if (*c->p == '0' && c->end - c->p > 1 && c->p[1] >= '0' && c->p[1] <= '9')
        return syntax_error(c, "leading zero in integer");
    uint64_t v = 0;
    while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
        uint64_t d = *c->p - '0';
        if (v > (UINT64_MAX - d) / 10) return syntax_error(c, "integer too large");
        v = v * 10 + d;
        c->p++;
    }
    if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E'))
        return syntax_error(c, "expected an unsigned integer");
    *out = v;
    return ML_OK;
}

/* [u64, ...] with at most max elements. */
static int parse_u64_array(cursor *c, uint64_t *vals, int32_t max, int32_t *count, const char *what) {
    int rc = expect(c, '[');
    if (rc != ML_OK) return rc;
    int32_t n = 0;
    if (!accept(c, ']')) {
        do {
            if (n == max) return FAIL(c, "safetensors header: %s has more than %d elements", what, (int)max);
            if ((rc = parse_u64(c, &vals[n++])) != ML_OK) return rc;
        } while (accept(c, ','));
        if ((rc = expect(c, ']')) != ML_OK) return rc;
    }
    *count = n;
    return ML_OK;
}

/* {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]} in any order, nothing else. */
static int parse_tensor(cursor *c, st_tensor *t) {
    int rc = expect(c, '{');
    if (rc != ML_OK) return rc;
    bool have_dtype = false, have_shape = false, have_offsets = false;
    if (!accept(c, '}')) {
        do {
            char key[16];
            if ((rc = parse_string(c, key, sizeof key, "tensor field name")) != ML_OK) return rc;
            if ((rc = expect(c, ':')) != ML_OK) return rc;
            bool *seen;
            if (strcmp(key, "dtype") == 0) {
                seen = &have_dtype;
                char dtype[16];
                if ((rc = parse_string(c, dtype, sizeof dtype, "dtype")) != ML_OK) return rc;
                if (!st_dtype_parse(dtype, &t->dtype))
                    return FAIL(c, "safetensors header: tensor '%s' has unknown dtype '%s'", t->name, dtype);
            } else if (strcmp(key, "shape") == 0) {
                seen = &have_shape;
                if ((rc = parse_u64_array(c, t->shape, ST_MAX_DIMS, &t->ndim, "shape")) != ML_OK) return rc;
            } else if (strcmp(key, "data_offsets") == 0) {
                seen = &have_offsets;
                uint64_t offsets[2];
                int32_t n;
                if ((rc = parse_u64_array(c, offsets, 2, &n, "data_offsets")) != ML_OK) return rc;
                if (n != 2) return FAIL(c, "safetensors header: tensor '%s' data_offsets needs 2 numbers", t->name);
                t->begin = offsets[0];
                t->end = offsets[1];
            } else {
                return FAIL(c, "safetensors header: tensor '%s' has unknown field '%s'", t->name, key);
            }
            if (*seen) return FAIL(c, "safetensors header: tensor '%s' repeats field '%s'", t->name, key);
            *seen = true;
        } while (accept(c, ','));
        if ((rc = expect(c, '}')) != ML_OK) return rc;
    }
    if (!have_dtype || !have_shape || !have_offsets) {
        return FAIL(c, "safetensors header: tensor '%s' lacks %s", t->name,
                    !have_dtype ? "dtype" : !have_shape ? "shape" : "data_offsets");
    }
    return ML_OK;
}

/* {"key": "value", ...}: validated and skipped. */
static int skip_metadata(cursor *c) {
    int rc = expect(c, '{');
    if (rc != ML_OK) return rc;
    if (accept(c, '}')) return ML_OK;
    do {
        if ((rc = parse_string(c, NULL, 0, NULL)) != ML_OK) return rc;
        if ((rc = expect(c, ':')) != ML_OK) return rc;
        skip_ws(c);
        if (c->p >= c->end || *c->p != '"') return syntax_error(c, "__metadata__ values must be strings");
        if ((rc = parse_string(c, NULL, 0, NULL)) != ML_OK) return rc;
    } while (accept(c, ','));
    return expect(c, '}');
}

int st_parse_header(const uint8_t *json, size_t len, st_index *index, char *err, size_t err_len) {
    cursor cur = {.start = json, .p = json, .end = json + len, .err = err, .err_len = err_len};
    cursor *c = &cur;
    int rc = expect(c, '{');
    if (rc != ML_OK) return rc;
    size_t cap = 0;
    bool have_metadata = false;
    if (!accept(c, '}')) {
        do {
            char name[ST_MAX_NAME_BYTES + 1];
            if ((rc = parse_string(c, name, sizeof name, "tensor name")) != ML_OK) return rc;
            if ((rc = expect(c, ':')) != ML_OK) return rc;
            if (strcmp(name, "__metadata__") == 0) {
                if (have_metadata) return FAIL(c, "safetensors header: __metadata__ appears twice");
                have_metadata = true;
                if ((rc = skip_metadata(c)) != ML_OK) return rc;
                continue;
            }
            if (index->count == cap) {
                if (cap == ST_MAX_TENSORS) return FAIL(c, "safetensors header: more than %d tensors", ST_MAX_TENSORS);
                size_t new_cap = cap == 0 ? 64 : cap * 2;
                st_tensor *grown = realloc(index->tensors, new_cap * sizeof *grown);
                if (grown == NULL)
                    return ml_fail(c->err, c->err_len, ML_ERR_NOMEM, "out of memory reading the safetensors header");
                index->tensors = grown;
                cap = new_cap;
            }
            st_tensor *t = &index->tensors[index->count++];
            memset(t, 0, sizeof *t);
            memcpy(t->name, name, sizeof name);
            if ((rc = parse_tensor(c, t)) != ML_OK) return rc;
        } while (accept(c, ','));
        if ((rc = expect(c, '}')) != ML_OK) return rc;
    }
    skip_ws(c); /* writers pad the header with spaces to align the data */
    if (c->p != c->end) return syntax_error(c, "unexpected bytes after the JSON object");
    return ML_OK;
}

