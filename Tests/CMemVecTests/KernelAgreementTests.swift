import CMemVec
import Testing

/// Every kernel (scalar, SIMD, BLAS, AUTO; single and batch) against the Swift reference.
@Suite("Kernels agree with the reference")
struct KernelAgreementTests {
    @Test("random rows", arguments: [1, 3, 7, 17, 383, 384, 385, 768])
    func randomRows(dim: Int) throws {
        for seed: UInt64 in [1, 2, 3] {
            var rng = SeededGenerator(seed: seed &* 7919 &+ UInt64(dim))
            let index = try TestIndex(dim: dim)
            // Not a multiple of 4, 8 or 16, so BLAS and SIMD tails are in play.
            try index.fillRandom(dim >= 383 ? 301 : 1037, using: &rng)
            let queries = (0..<3).map { _ in rng.vector(dim) }
            try index.expectAllKernelsMatch(queries, k: 10, "dim \(dim) seed \(seed)")
        }
    }

    @Test("k larger than the index returns every row")
    func kLargerThanCount() throws {
        var rng = SeededGenerator(seed: 11)
        let index = try TestIndex(dim: 9)
        try index.fillRandom(5, using: &rng)
        try index.expectAllKernelsMatch([rng.vector(9), rng.vector(9)], k: 12, "k > n")
        for (name, kernel) in allKernels {
            #expect(try index.search(rng.vector(9), k: 12, kernel: kernel).count == 5, "\(name)")
        }
    }

    @Test("an empty index and k = 0 give no results")
    func emptyResults() throws {
        var rng = SeededGenerator(seed: 12)
        let empty = try TestIndex(dim: 8)
        let full = try TestIndex(dim: 8)
        try full.fillRandom(20, using: &rng)
        for (name, kernel) in allKernels {
            let query = rng.vector(8)
            #expect(try empty.search(query, k: 10, kernel: kernel).isEmpty, "\(name) n = 0")
            #expect(try full.search(query, k: 0, kernel: kernel).isEmpty, "\(name) k = 0")
            #expect(try empty.searchBatch([query, query], k: 3, kernel: kernel).allSatisfy(\.isEmpty), "\(name)")
            #expect(try full.searchBatch([query, query], k: 0, kernel: kernel).allSatisfy(\.isEmpty), "\(name)")
            #expect(try full.searchBatch([], k: 3, kernel: kernel).isEmpty, "\(name) nq = 0")
        }
    }

    @Test("duplicate rows tie exactly and rank by rowid", arguments: [17, 384])
    func duplicateRows(dim: Int) throws {
        var rng = SeededGenerator(seed: 13)
        let index = try TestIndex(dim: dim)
        let twin = rng.vector(dim)
        // Copies at the start, middle and very end (inside BLAS's and SIMD's tail handling).
        try index.upsert(40, twin)
        for i in 0..<50 { try index.upsert(1000 + Int64(i), rng.vector(dim)) }
        try index.upsert(3, twin)
        for i in 50..<97 { try index.upsert(1000 + Int64(i), rng.vector(dim)) }
        try index.upsert(25, twin)
        try index.upsert(17, twin)
        let query = twin.map { $0 * 3 }  // same direction, different length
        for (name, kernel) in allKernels {
            for k in [4, 2] {
                let hits = try index.search(query, k: k, kernel: kernel)
                #expect(hits.map(\.rowid) == Array([3, 17, 25, 40].prefix(k)), "\(name) k \(k)")
                #expect(Set(hits.map(\.score)).count == 1, "\(name): copies must score identically")
                #expect(abs((hits.first?.score ?? 0) - 1) <= scoreTolerance, "\(name)")
            }
            let batch = try index.searchBatch([query, rng.vector(dim), query], k: 4, kernel: kernel)
            #expect(batch[0].map(\.rowid) == [3, 17, 25, 40], "\(name) batch")
            #expect(batch[2].map(\.rowid) == [3, 17, 25, 40], "\(name) batch")
        }
    }

    @Test("a large index exercises the heap, chunking and blocking")
    func largeIndex() throws {
        var rng = SeededGenerator(seed: 14)
        let index = try TestIndex(dim: 32)
        try index.fillRandom(50_000, using: &rng)
        let queries = (0..<3).map { _ in rng.vector(32) }
        try index.expectAllKernelsMatch(queries, k: 100, "50k k 100")
        try index.expectAllKernelsMatch(queries, k: 1, "50k k 1")
    }

    @Test("batches of every size the AUTO rule distinguishes")
    func batchSizes() throws {
        var rng = SeededGenerator(seed: 15)
        let index = try TestIndex(dim: 24)
        try index.fillRandom(3000, using: &rng)
        for nq in [1, 2, 3, 8, 17, 40] {
            let queries = (0..<nq).map { _ in rng.vector(24) }
            try index.expectAllKernelsMatch(queries, k: 7, "nq \(nq)")
        }
    }
}
