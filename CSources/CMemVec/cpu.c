/*
 * Runtime CPU checks and OpenBLAS's process-wide settings.
 */
#include "mv_internal.h"

#include <cblas.h>
#include <pthread.h>
#include <stdlib.h>
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

static pthread_once_t blas_once = PTHREAD_ONCE_INIT;

/*
 * One thread per query: a second OpenBLAS thread helps only large scans and costs ~8 ms of
 * scheduling delay when the other core is busy. An explicit OPENBLAS_NUM_THREADS or
 * OMP_NUM_THREADS in the environment is the operator's choice and is left alone.
 */
static void blas_defaults(void) {
    if (getenv("OPENBLAS_NUM_THREADS") != NULL || getenv("OMP_NUM_THREADS") != NULL) return;
    openblas_set_num_threads(1);
}

void mv_blas_init_once(void) { pthread_once(&blas_once, blas_defaults); }

void mv_set_blas_threads(int32_t threads) {
    mv_blas_init_once();
    openblas_set_num_threads(threads < 1 ? 1 : threads);
}

/* OpenBLAS's build line names the CPU kernel it picked (DYNAMIC_ARCH builds choose at load). */
const char *mv_blas_config(void) {
    const char *config = openblas_get_config();
    return config != NULL ? config : "unknown BLAS";
}


static pthread_once_t blas_kind_once = PTHREAD_ONCE_INIT;
static int blas_fast;

/* OpenBLAS kernels built on AVX2/FMA or wider; anything else (Prescott, Sandybridge, ...) is
 * slower than our AVX2 scan at every batch size we measured. */
static void classify_blas(void) {
    static const char *const fast[] = {"haswell", "zen", "skylakex", "cooperlake", "sapphirerapids"};
    const char *core = openblas_get_corename();
    for (size_t i = 0; core != NULL && i < sizeof fast / sizeof fast[0]; i++) {
        if (strcasecmp(core, fast[i]) == 0) blas_fast = 1;
    }
}

int mv_blas_is_fast(void) {
    pthread_once(&blas_kind_once, classify_blas);
    return blas_fast;
}
