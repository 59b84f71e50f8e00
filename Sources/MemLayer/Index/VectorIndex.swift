import CMemVec
import CSQLite

/// One user's embeddings in memory, searched by the C kernel (`CMemVec`).
///
/// Not `Sendable`: the ``MemoryStore`` actor owns every index, so mutations never overlap a
/// search. Rows are keyed by the SQLite rowid of their memory.
final class VectorIndex {
    private let handle: OpaquePointer
    /// The vector length every row has.
    let dimension: Int
    /// Memories whose stored embedding was unusable at the last load (wrong byte length, zero or
    /// non-finite values), by rowid. They are left out of vector search until re-embedded.
    private(set) var skippedRowIDs: [Int64] = []

    /// The longest vector an index holds: a row's blob (`dimension × 4` bytes) must fit SQLite's
    /// `int` byte counts. A store recording more has a damaged `meta` table.
    static let maximumDimension = Int(Int32.max) / 4

    init(dimension: Int) throws {
        guard (1...Self.maximumDimension).contains(dimension) else {
            throw StoreError(
                .incompatibleFile,
                "the store records a vector dimension of \(dimension), which no embedder produces, so its meta "
                    + "table is damaged; export the memories and import them into a new store")
        }
        var index: OpaquePointer?
        let rc = mv_index_create(Int32(dimension), &index)
        guard rc == MV_OK, let index else { throw Self.error(rc, "creating a vector index") }
        self.handle = index
        self.dimension = dimension
    }

    deinit { mv_index_free(handle) }

    var count: Int { Int(mv_index_count(handle)) }

    /// Replaces the contents with the rows of `statement` (columns: rowid, embedding BLOB).
    func load(from statement: SQLiteStatement) throws {
        var loaded: Int64 = 0
        var skipped: Int64 = 0
        let rc = mv_index_load(handle, statement.handle, &loaded, &skipped)
        // The C loader can only say that SQLite failed: the reason is on the connection.
        if rc == MV_ERR_SQLITE, let db = sqlite3_db_handle(statement.handle) {
            throw StoreError(
                .sqlite, "SQLite failed while loading embeddings: \(String(cString: sqlite3_errmsg(db)))",
                sqliteCode: sqlite3_extended_errcode(db), sql: statement.sql)
        }
        guard rc == MV_OK else { throw Self.error(rc, "loading embeddings") }
        var skippedCount: Int64 = 0
        if let ids = mv_index_skipped_rowids(handle, &skippedCount), skippedCount > 0 {
            skippedRowIDs = Array(UnsafeBufferPointer(start: ids, count: Int(skippedCount)))
        } else {
            skippedRowIDs = []
        }
    }

    /// Adds or replaces the vector for `rowid`.
    func upsert(rowID: Int64, vector: [Float]) throws {
        try checkDimension(vector.count)
        let rc = vector.withUnsafeBufferPointer { mv_index_upsert(handle, rowID, $0.baseAddress!) }
        guard rc == MV_OK else { throw Self.error(rc, "adding a vector") }
        skippedRowIDs.removeAll { $0 == rowID }
    }

    /// Removes `rowid` if present.
    func remove(rowID: Int64) {
        _ = mv_index_remove(handle, rowID)
        skippedRowIDs.removeAll { $0 == rowID }
    }

    /// The `k` rows most similar to `query` by cosine, best first.
    func search(_ query: [Float], k: Int) throws -> [(rowID: Int64, score: Float)] {
        try checkDimension(query.count)
        let capacity = max(0, min(k, count))
        guard capacity > 0 else { return [] }
        var rowIDs = [Int64](repeating: 0, count: capacity)
        var scores = [Float](repeating: 0, count: capacity)
        var found: Int32 = 0
        let rc = query.withUnsafeBufferPointer { q in
            mv_index_search(handle, q.baseAddress!, Int32(capacity), MV_KERNEL_AUTO, &rowIDs, &scores, &found)
        }
        guard rc == MV_OK else { throw Self.error(rc, "searching vectors") }
        return (0..<Int(found)).map { (rowIDs[$0], scores[$0]) }
    }

    private func checkDimension(_ count: Int) throws {
        guard count == dimension else {
            throw StoreError(
                .dimensionMismatch,
                "a \(count)-dimensional vector cannot be used with this store's \(dimension)-dimensional embeddings")
        }
    }

    private static func error(_ rc: Int32, _ doing: String) -> StoreError {
        let kind: StoreError.Kind = rc == MV_ERR_DIM ? .dimensionMismatch : .invalidInput
        return StoreError(kind, "vector index failed \(doing): \(String(cString: mv_strerror(rc)))")
    }
}
