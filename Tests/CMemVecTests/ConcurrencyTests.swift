import CMemVec
import Dispatch
import Synchronization
import Testing

/// Searches only read the index and keep all scratch per call, so they may run at once.
@Suite("Concurrent searches")
struct ConcurrencyTests {
    /// The index pointer, shared read-only across threads for the duration of the test.
    struct SharedIndex: @unchecked Sendable {
        let pointer: OpaquePointer
    }

    @Test("searches on several threads return exactly what they return alone")
    func concurrentSearches() throws {
        var rng = SeededGenerator(seed: 51)
        let index = try TestIndex(dim: 64)
        try index.fillRandom(5000, using: &rng)
        let queries = (0..<8).map { _ in rng.vector(64) }
        let expected = try allKernels.map { kernel in
            try queries.map { try index.search($0, k: 10, kernel: kernel.kernel) }
        }

        let shared = SharedIndex(pointer: index.pointer)
        let kernels = allKernels.map(\.kernel)
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 64) { i in
            let (kernel, query) = (i % kernels.count, i % queries.count)
            var rowids = [Int64](repeating: 0, count: 10)
            var scores = [Float](repeating: 0, count: 10)
            var count: Int32 = 0
            let rc = mv_index_search(shared.pointer, queries[query], 10, kernels[kernel], &rowids, &scores, &count)
            let hits = (0..<Int(count)).map { Hit(rowid: rowids[$0], score: Double(scores[$0])) }
            if rc != mvOK || hits != expected[kernel][query] { mismatches.withLock { $0 += 1 } }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }
}
