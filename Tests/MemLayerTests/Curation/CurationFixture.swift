import CSQLite
import Foundation
import MemLayer

/// A fresh store with memories written at chosen dates, and readers for what curation leaves
/// behind (statuses, history) that go around the store's API.
struct CurationFixture {
    /// Thursday 1 January 2026, 00:00 UTC: when the fixture's memories are written.
    static let start = Date(timeIntervalSince1970: 1_767_225_600)

    let base: StoreFixture

    init() async throws {
        base = try await StoreFixture()
    }

    var store: SQLiteMemoryStore { base.store }
    var engine: MemoryEngine { base.engine }

    /// `days` days after ``start``.
    static func day(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }

    /// Writes one memory with id `id` at `writtenAt` (its created and updated time).
    @discardableResult
    func add(
        _ text: String, id: String, user: String = "alice", importance: Double = 0.5, writtenAt: Date = start,
        expiresAt: Date? = nil
    ) async throws -> Memory {
        let vector = try await engine.embedder.embed([text])[0]
        let item = NewMemory(
            text: text, id: id, importance: importance, createdAt: writtenAt, expiresAt: expiresAt, embedding: vector)
        return try await store.insert([item], userID: user, now: writtenAt)[0]
    }

    /// Records that memory `id` was used `count` times, last at `lastUse`.
    func setUse(_ id: String, count: Int, lastUse: Date) throws {
        try RawSQLite(path: base.path).execute(
            """
            UPDATE memories SET access_count = \(count), last_accessed_at = \(lastUse.timeIntervalSince1970)
            WHERE external_id = '\(id)'
            """)
    }

    /// An edge `subject —predicate→ object` for `user`, from the memories `sources` (none: an edge
    /// nobody sourced).
    func link(_ subject: String, _ predicate: String, _ object: String, sources: [String], user: String = "alice")
        async throws
    {
        if sources.isEmpty {
            try await store.addRelationship(
                subject: (subject, "thing"), predicate: predicate, object: (object, "thing"), userID: user)
        }
        for source in sources {
            try await store.addRelationship(
                subject: (subject, "thing"), predicate: predicate, object: (object, "thing"), sourceMemoryID: source,
                userID: user)
        }
    }

    func facts(_ user: String = "alice") async throws -> Set<String> {
        Set(try await store.graphFacts(userID: user).map(\.description))
    }

    func entityNames(_ user: String = "alice") async throws -> [String] {
        try await store.entities(userID: user).map(\.name)
    }

    /// `user`'s history entries, oldest first.
    func history(_ user: String = "alice") throws -> [HistoryRow] {
        try HistoryRow.read(path: base.path, userID: user)
    }

    func count(_ sql: String) throws -> Int64 {
        try RawSQLite(path: base.path).integer(sql)
    }
}

/// One row of the `history` table.
struct HistoryRow: Equatable, CustomStringConvertible {
    var memoryID: String?
    var action: String
    var text: String?
    var reason: String

    var description: String { "\(action) \(memoryID ?? "-") \(text ?? "-"): \(reason)" }

    static func read(path: String, userID: String) throws -> [HistoryRow] {
        var db: OpaquePointer?
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw RawSQLiteError(message: "cannot open \(path)") }
        defer { sqlite3_close(db) }
        var statement: OpaquePointer?
        let sql = "SELECT memory_id, action, text, reason FROM history WHERE user_id = ? ORDER BY id"
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw RawSQLiteError(message: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        sqlite3_bind_text(statement, 1, userID, -1, csqlite_transient())
        func text(_ column: Int32) -> String? {
            sqlite3_column_text(statement, column).map { String(cString: $0) }
        }
        var rows: [HistoryRow] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            rows.append(HistoryRow(memoryID: text(0), action: text(1) ?? "", text: text(2), reason: text(3) ?? ""))
        }
        return rows
    }
}
