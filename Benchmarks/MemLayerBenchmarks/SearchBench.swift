import CMemVec

/// One measured search path at one size.
struct MethodResult {
    let name: String
    let samples: Samples  // wall milliseconds per query
    let cpu: Samples  // thread CPU milliseconds per query
    let bytesPerQuery: Double
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

    var matrixBytes: Double { Double(n) * Double(dim) * 4 }
    func method(_ name: String) -> MethodResult? { methods.first { $0.name == name } }
}

/// Names used in the tables and in the targets check.
enum MethodName {
    static let scalar = "scalar"
    static let simd = "SIMD (AVX2/FMA)"
    static let blas = "BLAS sgemv"
    /// AUTO, with what it runs for one query on this machine.
    static let auto: String = {
        let path =
            mv_cpu_has_avx512() == 1 ? "AVX-512 scan" : mv_cpu_has_avx2() == 1 ? "AVX2 scan" : "BLAS sgemv"
        return "AUTO (\(path))"
    }()
    static let gemm = "BLAS sgemm ×16, per query"
}

struct SearchBench {
    let dataset: Dataset
    let k: Int
    /// Seconds one size may take; sets how many rounds fit (within [minRounds, maxRounds]).
    let budgetSeconds: Double
    let minRounds = 7
    let maxRounds = 41
    let batch = 16

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
        let floorName = "floor"
        var queryBatch: [Float] = []
        let methods: [(name: String, queries: Int, prepare: () -> Void, body: () -> Void)] = [
            (floorName, 1, {}, { precondition(mv_stream_read(data, n * dim).isFinite) }),
            (MethodName.scalar, 1, {}, { search(MV_KERNEL_SCALAR) }),
            (MethodName.simd, 1, {}, { search(MV_KERNEL_SIMD) }),
            (MethodName.blas, 1, {}, { search(MV_KERNEL_BLAS) }),
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
        let rounds = max(minRounds, min(maxRounds, Int(budgetSeconds * 1e3 / max(roundMs, 1e-3))))
        var samples = [Samples](repeating: Samples(), count: methods.count)
        var cpu = [Samples](repeating: Samples(), count: methods.count)
        for r in 0..<rounds {
            round = r
            for (m, method) in methods.enumerated() {
                method.prepare()
                let measured = timing(method.body)
                samples[m].add(measured.wall / Double(method.queries))
                cpu[m].add(measured.cpu / Double(method.queries))
            }
        }

        round = 0
        search(MV_KERNEL_AUTO)
        let autoTop = Array(rowids.prefix(Int(counts[0])))
        let bytes = Double(n) * Double(dim) * 4
        return SearchResult(
            n: n, dim: dim, floor: samples[0], floorCPU: cpu[0],
            methods: methods.indices.dropFirst().map {
                MethodResult(name: methods[$0].name, samples: samples[$0], cpu: cpu[$0], bytesPerQuery: bytes)
            },
            autoTop: autoTop)
    }

    /// Per-query cost of a batch of `nq` through the SIMD scan and through sgemm: where AUTO
    /// should switch to BLAS.
    func crossover(index: Index, batchSizes: [Int], rounds: Int) -> [(nq: Int, simd: Samples, gemm: Samples)] {
        var rowids = [Int64](repeating: 0, count: k * (batchSizes.max() ?? 1))
        var scores = [Float](repeating: 0, count: rowids.count)
        var counts = [Int32](repeating: 0, count: batchSizes.max() ?? 1)
        return batchSizes.map { nq in
            var simd = Samples()
            var gemm = Samples()
            for r in 0..<(rounds + 1) {
                let queries = dataset.queryBatch(first: r * nq, n: nq)
                for (kernel, isSimd) in [(MV_KERNEL_SIMD, true), (MV_KERNEL_BLAS, false)] {
                    let ms = milliseconds {
                        let rc = mv_index_search_batch(
                            index.pointer, queries, Int32(nq), Int32(k), kernel, &rowids, &scores, &counts)
                        precondition(rc == mvOK)
                    }
                    if r == 0 { continue }  // warm-up
                    if isSimd { simd.add(ms / Double(nq)) } else { gemm.add(ms / Double(nq)) }
                }
            }
            return (nq, simd, gemm)
        }
    }
}

func require<T>(_ value: T?, _ message: String) throws -> T {
    guard let value else { throw BenchError(message) }
    return value
}
