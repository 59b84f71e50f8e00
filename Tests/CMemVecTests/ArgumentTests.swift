import CMemVec
import Testing

/// Bad input is refused with MV_ERR_ARG and changes nothing; odd but valid input still works.
@Suite("Arguments and helpers")
struct ArgumentTests {
    @Test("zero and non-finite queries are refused by every kernel")
    func badQueries() throws {
        var rng = SeededGenerator(seed: 31)
        let index = try TestIndex(dim: 12)
        try index.fillRandom(40, using: &rng)
        let good = rng.vector(12)
        var nan = good
        nan[11] = .nan
        var inf = good
        inf[0] = .infinity
        for (name, kernel) in allKernels {
            for bad in [[Float](repeating: 0, count: 12), nan, inf] {
                #expect(throws: KernelError.self, "\(name)") { try index.search(bad, k: 5, kernel: kernel) }
                #expect(throws: KernelError.self, "\(name) batch") {
                    try index.searchBatch([good, bad], k: 5, kernel: kernel)
                }
            }
        }
        do {
            _ = try index.search([Float](repeating: 0, count: 12), k: 5, kernel: MV_KERNEL_AUTO)
        } catch let error as KernelError {
            #expect(error.rc == mvErrArg)
        }
    }

    @Test("negative k or query count, unknown kernels and dim < 1 are refused")
    func badCounts() throws {
        let index = try TestIndex(dim: 4)
        let query: [Float] = [1, 2, 3, 4]
        var rowids = [Int64](repeating: 0, count: 4)
        var scores = [Float](repeating: 0, count: 4)
        var count: Int32 = 0
        #expect(mv_index_search(index.pointer, query, -1, MV_KERNEL_AUTO, &rowids, &scores, &count) == mvErrArg)
        #expect(mv_index_search(index.pointer, query, 1, mv_kernel(rawValue: 9), &rowids, &scores, &count) == mvErrArg)
        let negativeBatch = mv_index_search_batch(
            index.pointer, query, -1, 1, MV_KERNEL_AUTO, &rowids, &scores, &count)
        #expect(negativeBatch == mvErrArg)
        var created: OpaquePointer?
        #expect(mv_index_create(0, &created) == mvErrArg)
        #expect(created == nil)
    }

    @Test("zero and non-finite rows are refused and leave the index unchanged")
    func badRows() throws {
        var rng = SeededGenerator(seed: 32)
        let index = try TestIndex(dim: 3)
        try index.upsert(1, [1, 0, 0])
        for bad: [Float] in [[0, 0, 0], [.nan, 1, 1], [1, -.infinity, 0]] {
            #expect(mv_index_upsert(index.pointer, 2, bad) == mvErrArg)
            #expect(mv_index_upsert(index.pointer, 1, bad) == mvErrArg)
        }
        #expect(index.count == 1)
        #expect(!index.contains(2))
        #expect(try index.search([1, 0, 0], k: 1, kernel: MV_KERNEL_SCALAR).first?.score == 1)
        try index.expectAllKernelsMatch([rng.vector(3)], k: 2, "after refusals")
    }

    @Test("very large and very small vectors still normalise")
    func extremeMagnitudes() throws {
        let index = try TestIndex(dim: 3)
        try index.upsert(1, [3e30, 4e30, 0])
        try index.upsert(2, [3e-30, 0, 4e-30])
        try index.upsert(3, [Float.greatestFiniteMagnitude, 0, 0])
        try index.upsert(4, [Float.leastNonzeroMagnitude, 0, 0])
        for (name, kernel) in allKernels {
            let big = try index.search([3, 4, 0], k: 1, kernel: kernel)
            #expect(big.first?.rowid == 1 && abs(big[0].score - 1) < 1e-6, "\(name)")
            let tiny = try index.search([3e-38, 0, 4e-38], k: 1, kernel: kernel)
            #expect(tiny.first?.rowid == 2 && abs(tiny[0].score - 1) < 1e-6, "\(name)")
            let axis = try index.search([Float.leastNormalMagnitude / 128, 0, 0], k: 2, kernel: kernel)
            #expect(axis.map(\.rowid) == [3, 4] && axis.allSatisfy { abs($0.score - 1) < 1e-6 }, "\(name)")
        }
    }

    @Test("every return code has a message")
    func messages() {
        for rc in [MV_OK, MV_ERR_NOMEM, MV_ERR_DIM, MV_ERR_ARG, MV_ERR_SQLITE, MV_ERR_NOT_FOUND, 99] {
            #expect(!String(cString: mv_strerror(Int32(rc))).isEmpty)
        }
        #expect(!String(cString: mv_blas_config()).isEmpty)
    }

    @Test("aligned allocation, the matrix's alignment and the stream read")
    func memory() throws {
        for count in [0, 1, 1000, 100_003] {
            guard let p = mv_alloc_floats(count) else {
                Issue.record("allocation of \(count) failed")
                continue
            }
            defer { mv_free_floats(p) }
            #expect(Int(bitPattern: p) % 64 == 0)
            let buffer = UnsafeMutableBufferPointer(start: p, count: count)
            #expect(buffer.allSatisfy { $0 == 0 })
            for i in buffer.indices { buffer[i] = Float(i % 10) }
            let expected = (0..<count).reduce(0.0) { $0 + Double($1 % 10) }
            #expect(mv_stream_read(p, count) == expected)
        }
        var rng = SeededGenerator(seed: 33)
        let index = try TestIndex(dim: 7)
        try index.fillRandom(5000, using: &rng)
        let data = try #require(mv_index_data(index.pointer))
        #expect(Int(bitPattern: data) % 64 == 0)
        // Rows are stored normalised.
        let row = UnsafeBufferPointer(start: data + 7 * 4321, count: 7)
        #expect(abs(row.reduce(0) { $0 + Double($1) * Double($1) } - 1) < 1e-6)
    }
}
