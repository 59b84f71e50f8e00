import CMemVec

let mvOK = Int32(MV_OK)

/// An mv_index for the benchmark, freed with the value.
final class Index {
    let pointer: OpaquePointer

    init(dim: Int) throws {
        var created: OpaquePointer?
        let rc = mv_index_create(Int32(dim), &created)
        guard rc == mvOK, let created else { throw BenchError("mv_index_create: \(rc)") }
        pointer = created
    }

    /// An index holding the first `n` rows of `dataset`, rowids 1...n.
    convenience init(_ dataset: Dataset, rows n: Int) throws {
        try self.init(dim: dataset.dim)
        for i in 0..<n {
            let rc = mv_index_upsert(pointer, Int64(i + 1), dataset.row(i))
            guard rc == mvOK else { throw BenchError("mv_index_upsert: \(rc)") }
        }
    }

    deinit { mv_index_free(pointer) }

    var count: Int { Int(mv_index_count(pointer)) }
    var dim: Int { Int(mv_index_dim(pointer)) }
}
