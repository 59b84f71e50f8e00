import CMemVec

/// Which vector-search code this machine runs, for diagnostics (`memlayer stats`): the kernels
/// are chosen at run time from the CPU's features, so the same binary is fast or slow by machine.
public enum VectorSearchPath {
    /// One line, such as "int8 screen (AVX-512 VNNI) + exact float32 re-score from 2048 rows;
    /// float32 scan (AVX-512) below".
    public static var summary: String {
        let screen =
            mv_cpu_has_avx512_vnni() == 1 ? "AVX-512 VNNI" : mv_cpu_has_avx2() == 1 ? "AVX2" : "portable C"
        let scan =
            mv_cpu_has_avx512() == 1
            ? "float32 scan (AVX-512)" : mv_cpu_has_avx2() == 1 ? "float32 scan (AVX2)" : "OpenBLAS sgemv"
        return "int8 screen (\(screen)) + exact float32 re-score from \(MV_AUTO_INT8_MIN_ROWS) rows; \(scan) below"
    }
}
