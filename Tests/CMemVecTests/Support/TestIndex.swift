import CMemVec
import Testing

let mvOK = Int32(MV_OK)
let mvErrArg = Int32(MV_ERR_ARG)
let mvErrNotFound = Int32(MV_ERR_NOT_FOUND)

struct KernelError: Error, CustomStringConvertible {
    let rc: Int32
    var description: String { "cmemvec \(rc): \(String(cString: mv_strerror(rc)))" }
}

/// An mv_index owned by one test, kept in step with a ReferenceIndex.
final class TestIndex {
    let pointer: OpaquePointer
    var reference: ReferenceIndex

    init(dim: Int) throws {
        var created: OpaquePointer?
        let rc = mv_index_create(Int32(dim), &created)
        guard rc == mvOK, let created else { throw KernelError(rc: rc) }
        pointer = created
        reference = ReferenceIndex(dim: dim)
    }

    deinit { mv_index_free(pointer) }

    var dim: Int { Int(mv_index_dim(pointer)) }
    var count: Int { Int(mv_index_count(pointer)) }

    func upsert(_ rowid: Int64, _ vector: [Float]) throws {
        let rc = mv_index_upsert(pointer, rowid, vector)
        guard rc == mvOK else { throw KernelError(rc: rc) }
        reference.upsert(rowid, vector)
    }

    func remove(_ rowid: Int64) -> Int32 {
        let rc = mv_index_remove(pointer, rowid)
        if rc == mvOK { reference.remove(rowid) }
        return rc
    }

    func contains(_ rowid: Int64) -> Bool { mv_index_contains(pointer, rowid) == 1 }

    /// Fills the index with `n` random rows with rowids spread out (and some negative).
    func fillRandom(_ n: Int, using rng: inout SeededGenerator) throws {
        for i in 0..<n { try upsert(Int64(i) * 7 - 100, rng.vector(dim)) }
    }

    func search(_ query: [Float], k: Int, kernel: mv_kernel) throws -> [Hit] {
        var rowids = [Int64](repeating: -1, count: max(k, 1))
        var scores = [Float](repeating: .nan, count: max(k, 1))
        var written: Int32 = -1
        let rc = mv_index_search(pointer, query, Int32(k), kernel, &rowids, &scores, &written)
        guard rc == mvOK else { throw KernelError(rc: rc) }
        return (0..<Int(written)).map { Hit(rowid: rowids[$0], score: Double(scores[$0])) }
    }

    /// MV_KERNEL_INT8 through one screen; also how many rows it re-scored.
    func searchInt8(_ query: [Float], k: Int, screen: mv_screen) throws -> (hits: [Hit], rescored: Int) {
        var rowids = [Int64](repeating: -1, count: max(k, 1))
        var scores = [Float](repeating: .nan, count: max(k, 1))
        var written: Int32 = -1
        var rescored: Int64 = -1
        let rc = mv_index_search_int8(pointer, query, Int32(k), screen, &rowids, &scores, &written, &rescored)
        guard rc == mvOK else { throw KernelError(rc: rc) }
        return ((0..<Int(written)).map { Hit(rowid: rowids[$0], score: Double(scores[$0])) }, Int(rescored))
    }

    /// Row `rowid`'s int8 codes, step and residual bound.
    func rowCodes(_ rowid: Int64) throws -> (codes: [Int8], step: Float, residual: Float) {
        var codes = [Int8](repeating: 0, count: dim)
        var step: Float = 0
        var residual: Float = 0
        let rc = mv_index_row_codes(pointer, rowid, &codes, &step, &residual)
        guard rc == mvOK else { throw KernelError(rc: rc) }
        return (codes, step, residual)
    }

    func searchBatch(_ queries: [[Float]], k: Int, kernel: mv_kernel) throws -> [[Hit]] {
        let flat = queries.flatMap { $0 }
        var rowids = [Int64](repeating: -1, count: max(k * queries.count, 1))
        var scores = [Float](repeating: .nan, count: max(k * queries.count, 1))
        var counts = [Int32](repeating: -1, count: max(queries.count, 1))
        let rc = mv_index_search_batch(
            pointer, flat, Int32(queries.count), Int32(k), kernel, &rowids, &scores, &counts)
        guard rc == mvOK else { throw KernelError(rc: rc) }
        return queries.indices.map { q in
            (0..<Int(counts[q])).map { Hit(rowid: rowids[q * k + $0], score: Double(scores[q * k + $0])) }
        }
    }

    /// Checks every kernel, single and batch, against the reference for these queries.
    func expectAllKernelsMatch(
        _ queries: [[Float]], k: Int, _ context: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let ranked = queries.map { reference.ranked($0) }
        let truths = ranked.map(scoresByRowid)
        for (name, kernel) in allKernels {
            for (q, query) in queries.enumerated() {
                let hits = try search(query, k: k, kernel: kernel)
                expectMatches(
                    hits, reference: ranked[q], truth: truths[q], k: k, "\(context) \(name) q\(q)",
                    sourceLocation: sourceLocation)
            }
            let batch = try searchBatch(queries, k: k, kernel: kernel)
            for q in queries.indices {
                expectMatches(
                    batch[q], reference: ranked[q], truth: truths[q], k: k, "\(context) \(name) batch q\(q)",
                    sourceLocation: sourceLocation)
            }
        }
    }
}
