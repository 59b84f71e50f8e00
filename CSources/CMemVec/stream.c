/*
 * mv_stream_read: the fastest pure read of a buffer this code can do, which the benchmark
 * reports as the floor a scan of the same bytes cannot beat. Wide loads, eight independent
 * accumulators (so the adds never wait on each other), no stores, and the same 4 KB software
 * prefetch the search kernel uses (it lifts this loop too, by ~5%), so the floor stays honest.
 */
#include "mv_internal.h"

#include <immintrin.h>

enum { MV_PREFETCH_FLOATS = 1024 };

__attribute__((target("avx512f"))) static double stream_avx512(const float *data, size_t count) {
    __m512 acc[8];
    for (int j = 0; j < 8; j++) acc[j] = _mm512_setzero_ps();
    size_t i = 0;
    for (; i + 128 <= count; i += 128) {
        for (int j = 0; j < 8; j++) _mm_prefetch((const char *)(data + i + MV_PREFETCH_FLOATS + 16 * j), _MM_HINT_T1);
        for (int j = 0; j < 8; j++) acc[j] = _mm512_add_ps(acc[j], _mm512_loadu_ps(data + i + 16 * j));
    }
    for (int j = 1; j < 8; j++) acc[0] = _mm512_add_ps(acc[0], acc[j]);
    double sum = (double)_mm512_reduce_add_ps(acc[0]);
    for (; i < count; i++) sum += (double)data[i];
    return sum;
}

__attribute__((target("avx2"))) static double stream_avx2(const float *data, size_t count) {
    __m256 acc[8];
    for (int j = 0; j < 8; j++) acc[j] = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 64 <= count; i += 64) {
        for (int j = 0; j < 4; j++) _mm_prefetch((const char *)(data + i + MV_PREFETCH_FLOATS + 16 * j), _MM_HINT_T1);
        for (int j = 0; j < 8; j++) acc[j] = _mm256_add_ps(acc[j], _mm256_loadu_ps(data + i + 8 * j));
    }
    for (int j = 1; j < 8; j++) acc[0] = _mm256_add_ps(acc[0], acc[j]);
    float lanes[8];
    _mm256_storeu_ps(lanes, acc[0]);
    double sum = 0.0;
    for (int j = 0; j < 8; j++) sum += (double)lanes[j];
    for (; i < count; i++) sum += (double)data[i];
    return sum;
}

static double stream_scalar(const float *data, size_t count) {
    float acc[8] = {0};
    size_t i = 0;
    for (; i + 8 <= count; i += 8) {
        for (int j = 0; j < 8; j++) acc[j] += data[i + (size_t)j];
    }
    double sum = 0.0;
    for (int j = 0; j < 8; j++) sum += (double)acc[j];
    for (; i < count; i++) sum += (double)data[i];
    return sum;
}

double mv_stream_read(const float *data, size_t count) {
    if (mv_cpu_has_avx512()) return stream_avx512(data, count);
    if (mv_cpu_has_avx2()) return stream_avx2(data, count);
    return stream_scalar(data, count);
}
