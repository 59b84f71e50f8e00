import CMemVec

/// One measured search path at one size.
struct MethodResult {
    let name: String
    let samples: Samples  // wall milliseconds per query
    let cpu: Samples  // thread CPU milliseconds per query
    let bytesPerQuery: Double
    /// Rows re-scored in float32 per query (int8 screens only).
    var rescored: Double? = nil
}

/// Everything measured for one N x d: the floor and each kernel, interleaved round by round so
/// that all of them see the same machine (the other core is often busy on this machine).
struct SearchResult {
    let n: Int
    let dim: Int
    let floor: Samples
    let floorCPU: Samples
    let methods: [MethodResult]
    let autoTop: [Int64]  // AUTO's top-k for query 0, to check peers searched the same data
    let autoLabel: String  // what AUTO ran

    var matrixBytes: Double { Double(n) * Double(dim) * 4 }
    func method(_ name: String) -> MethodResult? { methods.first { $0.name == name } }
}

/// Names used in the tables and in the targets check.
enum MethodName {
    static let codesFloor = "floor for the int8 codes: stream read of N × d bytes"
    static let scalar = "scalar"
    static let simd = "SIMD (AVX2/FMA)"
    /// The widest float32 scan: what AUTO ran before int8 screening, and the floor target's path.
    static let wide = mv_cpu_has_avx512() == 1 ? "SIMD wide (AVX-512)" : "SIMD wide (= AVX2)"
    static let blas = "BLAS sgemv"
    static let int8AVX2 = "INT8: AVX2 screen + float32 re-score"
    static let int8VNNI = "INT8: AVX-512 VNNI screen + float32 re-score"
    static let auto = "AUTO"
    static let gemm = "BLAS sgemm ×16, per query"

    /// What AUTO runs for one top-k query on this index, for the table.
    static func autoLabel(_ index: Index, k: Int) -> String {
        switch mv_index_auto_kernel_for(index.pointer, 1, Int32(k)) {
        case MV_KERNEL_INT8:
            let screen = mv_cpu_has_avx512_vnni() == 1 ? "VNNI" : mv_cpu_has_avx2() == 1 ? "AVX2" : "scalar"
            return "AUTO (INT8, \(screen) screen)"
        case MV_KERNEL_SIMD_WIDE: return "AUTO (\(wide))"
        case MV_KERNEL_BLAS: return "AUTO (BLAS sgemv)"
        default: return "AUTO"
        }
    }
}

struct SearchBench {
    let dataset: Dataset
    let k: Int
    /// Seconds one size may take; sets how many rounds fit (within [minRounds, maxRounds]).
    let budgetSeconds: Double
    let minRounds = 7
    let maxRounds = 41
    let batch = 16
    let flush: CacheFlush

    func run(index: Index) throws -> SearchResult {
        let n = index.count
        let dim = dataset.dim
        let data = try require(mv_index_data(index.pointer), "empty index")
        var rowids = [Int64](repeating: 0, count: k * batch)
        var scores = [Float](repeating: 0, count: k * batch)
        var counts = [Int32](repeating: 0, count: batch)
        var round = 0

        func search(_ kernel: mv_kernel) {
            let rc = mv_index_search(index.pointer, dataset.query(round), Int32(k), kernel, &rowids, &scores, &counts)
            precondition(rc == mvOK, "mv_index_search: \(rc)")
        }
        var rescoredTotals: [String: Int] = [:]
        func searchInt8(_ name: String, _ screen: mv_screen) {
            var rescored: Int64 = 0
            let rc = mv_index_search_int8(
                index.pointer, dataset.query(round), Int32(k), screen, &rowids, &scores, &counts, &rescored)
            precondition(rc == mvOK, "mv_index_search_int8: \(rc)")
            rescoredTotals[name, default: 0] += Int(rescored)
        }
        let floorName = "floor"
        var queryBatch: [Float] = []
        var methods: [(name: String, queries: Int, prepare: () -> Void, body: () -> Void)] = [
            (floorName, 1, {}, { precondition(mv_stream_read(data, n * dim).isFinite) }),
            (MethodName.codesFloor, 1, {}, { precondition(mv_stream_read(data, n * dim / 4).isFinite) }),
            (MethodName.scalar, 1, {}, { search(MV_KERNEL_SCALAR) }),
            (MethodName.simd, 1, {}, { search(MV_KERNEL_SIMD) }),
            (MethodName.wide, 1, {}, { search(MV_KERNEL_SIMD_WIDE) }),
            (MethodName.blas, 1, {}, { search(MV_KERNEL_BLAS) }),
        ]
        if mv_cpu_has_avx2() == 1 {
            methods.append((MethodName.int8AVX2, 1, {}, { searchInt8(MethodName.int8AVX2, MV_SCREEN_AVX2) }))
        }
        if mv_cpu_has_avx512_vnni() == 1 {
            methods.append((MethodName.int8VNNI, 1, {}, { searchInt8(MethodName.int8VNNI, MV_SCREEN_VNNI) }))
        }
        methods += [
            (MethodName.auto, 1, {}, { search(MV_KERNEL_AUTO) }),
            (
                MethodName.gemm, batch, { queryBatch = dataset.queryBatch(first: round, n: batch) },
                {
                    let rc = mv_index_search_batch(
                        index.pointer, queryBatch, Int32(batch), Int32(k), MV_KERNEL_BLAS, &rowids, &scores,
                        &counts)
                    precondition(rc == mvOK, "mv_index_search_batch: \(rc)")
                }
            ),
        ]

        // Warm-up (page cache, BLAS buffers) and an estimate of one round's cost.
        var roundMs = 0.0
        for method in methods {
            method.prepare()
            roundMs += milliseconds(method.body)
        }
        rescoredTotals = [:]
        let rounds = max(minRounds, min(maxRounds, Int(budgetSeconds * 1e3 / max(roundMs, 1e-3))))
        var samples = [Samples](repeating: Samples(), count: methods.count)
        var cpu = [Samples](repeating: Samples(), count: methods.count)
        for r in 0..<rounds {
            round = r
            for (m, method) in methods.enumerated() {
                method.prepare()
                flush.run()
                let measured = timing(method.body)
                samples[m].add(measured.wall / Double(method.queries))
                cpu[m].add(measured.cpu / Double(method.queries))
            }
        }

        round = 0
        search(MV_KERNEL_AUTO)
        let autoTop = Array(rowids.prefix(Int(counts[0])))
        let bytes = Double(n) * Double(dim) * 4
        let autoScreenName: String? =
            mv_index_auto_kernel_for(index.pointer, 1, Int32(k)) != MV_KERNEL_INT8
            ? nil : mv_cpu_has_avx512_vnni() == 1 ? MethodName.int8VNNI : MethodName.int8AVX2
        return SearchResult(
            n: n, dim: dim, floor: samples[0], floorCPU: cpu[0],
            methods: methods.indices.dropFirst().map { m in
                let name = methods[m].name
                // AUTO re-scores what the screen it runs re-scores (same queries, same bounds).
                let counted = name == MethodName.auto ? autoScreenName : name
                let rescored = counted.flatMap { rescoredTotals[$0] }.map { Double($0) / Double(rounds) }
                // An int8 screen reads the codes (n x d bytes) plus the rows it re-scores.
                let read =
                    name == MethodName.codesFloor
                    ? bytes / 4 : rescored.map { bytes / 4 + $0 * Double(dim) * 4 } ?? bytes
                return MethodResult(
                    name: name, samples: samples[m], cpu: cpu[m], bytesPerQuery: read, rescored: rescored)
            },
            autoTop: autoTop, autoLabel: MethodName.autoLabel(index, k: k))
    }

    /// Per-query cost of a batch of `nq` through the blocked float scan, sgemm and the int8
    /// screen: where AUTO should switch.
    func crossover(index: Index, batchSizes: [Int], rounds: Int) -> [BatchRow] {
        var rowids = [Int64](repeating: 0, count: k * (batchSizes.max() ?? 1))
        var scores = [Float](repeating: 0, count: rowids.count)
        var counts = [Int32](repeating: 0, count: batchSizes.max() ?? 1)
        return batchSizes.map { nq in
            let kernels = [MV_KERNEL_SIMD_WIDE, MV_KERNEL_BLAS, MV_KERNEL_INT8]
            var samples = [Samples](repeating: Samples(), count: kernels.count)
            for r in 0..<(rounds + 1) {
                let queries = dataset.queryBatch(first: r * nq, n: nq)
                for (i, kernel) in kernels.enumerated() {
                    flush.run()
                    let ms = milliseconds {
                        let rc = mv_index_search_batch(
                            index.pointer, queries, Int32(nq), Int32(k), kernel, &rowids, &scores, &counts)
                        precondition(rc == mvOK)
                    }
                    if r == 0 { continue }  // warm-up
                    samples[i].add(ms / Double(nq))
                }
            }
            let auto = mv_index_auto_kernel_for(index.pointer, Int32(nq), Int32(k))
            return BatchRow(nq: nq, wide: samples[0], gemm: samples[1], int8: samples[2], auto: auto)
        }
    }
}

/// Per-query cost of one batch size through each path, and what AUTO picks for it.
struct BatchRow {
    let nq: Int
    let wide: Samples
    let gemm: Samples
    let int8: Samples
    let auto: mv_kernel
}

func require<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw BenchError(message) }
    return value
}
