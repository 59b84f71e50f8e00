/*
 * Runtime CPU checks and OpenBLAS's process-wide settings (OpenBLAS itself loads on first use).
 */
#include "mv_internal.h"

#include <lazy_blas.h>
#include <pthread.h>
#include <strings.h>

int mv_cpu_has_avx2(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}

int mv_cpu_has_avx512(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f");
}

int mv_cpu_has_avx512_vnni(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vnni");
}

/* OpenBLAS is loaded on first use (CLazyBLAS), which also sets its default of one thread. */
void mv_set_blas_threads(int32_t threads) { lb_set_num_threads(threads); }

const char *mv_blas_config(void) { return lb_config(); }

static pthread_once_t blas_kind_once = PTHREAD_ONCE_INIT;
static int blas_fast;

/* OpenBLAS kernels built on AVX2/FMA or wider; anything else (Prescott, Sandybridge, ...) is
 * slower than our AVX2 scan at every batch size we measured. Loads OpenBLAS: only batched
 * searches ask. */
static void classify_blas(void) {
    static const char *const fast[] = {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"};
    const char *core = lb_corename();
    for (size_t i = 0; i < sizeof fast / sizeof fast[0]; i++) {
        if (strcasecmp(core, fast[i]) == 0) blas_fast = 1;
    }
}

int mv_blas_is_fast(void) {
    pthread_once(&blas_kind_once, classify_blas);
    return blas_fast;
}
