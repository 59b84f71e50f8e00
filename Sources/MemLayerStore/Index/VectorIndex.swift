import CMemVec
import CSQLite

/// One user's embeddings in memory, searched by the C kernel (`CMemVec`).
///
/// Not `Sendable`: the ``SQLiteMemoryStore`` actor owns every index, so mutations never overlap a
/// search. Rows are keyed by the SQLite rowid of their memory.
final class VectorIndex {
    private let handle: OpaquePointer
    /// The vector length every row has.
    let dimension: Int
    /// Memories whose stored embedding was unusable at the last load (wrong byte length, zero or
    /// non-finite values), by rowid. They are left out of vector search until re-embedded.
    private(set) var skippedRowIDs: [Int64] = []
    /// Where the rows came from at the last load.
    private(set) var origin: Origin = .empty
    /// True once a row was added, replaced or removed after the last load.
    private(set) var changedSinceLoad = false

    /// Where an index's rows were loaded from.
    enum Origin {
        /// Nothing loaded (new or cleared).
        case empty
        /// Copied out of the SQLite rows.
        case database
        /// Mapped from an index file.
        case file
    }

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
                .database, "SQLite failed while loading embeddings: \(String(cString: sqlite3_errmsg(db)))",
                sqliteCode: sqlite3_extended_errcode(db), sql: statement.sql)
        }
        guard rc == MV_OK else { throw Self.error(rc, "loading embeddings") }
        origin = .database
        changedSinceLoad = false
        var skippedCount: Int64 = 0
        if let ids = mv_index_skipped_rowids(handle, &skippedCount), skippedCount > 0 {
            skippedRowIDs = Array(UnsafeBufferPointer(start: ids, count: Int(skippedCount)))
        } else {
            skippedRowIDs = []
        }
    }

    /// Writes the rows to `path` (temporary file, fsync, rename) under `tag`, for
    /// ``open(file:tag:)`` to map back.
    func save(to path: String, tag: [UInt8]) throws {
        let rc = tag.withUnsafeBytes { mv_index_save(handle, path, $0.baseAddress, $0.count) }
        guard rc == MV_OK else { throw Self.error(rc, "writing \(path)") }
    }

    /// Replaces the contents with the index file at `path` if it was saved under `tag` and is
    /// intact, mapping it rather than copying it; false (the index empty) when it is missing,
    /// stale or damaged.
    func open(file path: String, tag: [UInt8]) -> Bool {
        let rc = tag.withUnsafeBytes { mv_index_open_file(handle, path, $0.baseAddress, $0.count) }
        var skippedCount: Int64 = 0
        if rc == MV_OK, let ids = mv_index_skipped_rowids(handle, &skippedCount), skippedCount > 0 {
            skippedRowIDs = Array(UnsafeBufferPointer(start: ids, count: Int(skippedCount)))
        } else {
            skippedRowIDs = []
        }
        origin = rc == MV_OK ? .file : .empty
        changedSinceLoad = false
        return rc == MV_OK
    }

    /// Removes every row.
    func clear() {
        mv_index_clear(handle)
        skippedRowIDs = []
        origin = .empty
        changedSinceLoad = false
    }

    /// True while the rows are still mapped from an index file (nothing changed since).
    var isMapped: Bool { mv_index_is_mapped(handle) == 1 }

    /// The rowid and unit vector at `position` (0..<count).
    func row(at position: Int) -> (rowID: Int64, vector: UnsafeBufferPointer<Float>)? {
        var rowID: Int64 = 0
        var row: UnsafePointer<Float>?
        guard mv_index_row_at(handle, Int64(position), &rowID, &row) == MV_OK, let row else { return nil }
        return (rowID, UnsafeBufferPointer(start: row, count: dimension))
    }

    /// Adds or replaces the vector for `rowid`.
    func upsert(rowID: Int64, vector: [Float]) throws {
        try checkDimension(vector.count)
        let rc = vector.withUnsafeBufferPointer { mv_index_upsert(handle, rowID, $0.baseAddress!) }
        guard rc == MV_OK else { throw Self.error(rc, "adding a vector") }
        changedSinceLoad = true
        skippedRowIDs.removeAll { $0 == rowID }
    }

    /// Removes `rowid` if present.
    func remove(rowID: Int64) {
        if mv_index_remove(handle, rowID) == MV_OK { changedSinceLoad = true }
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
