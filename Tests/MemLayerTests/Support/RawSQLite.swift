import CSQLite
import Foundation

/// Direct SQLite access for tests that must change a store behind its back (corrupt rows,
/// foreign files, schema versions).
final class RawSQLite {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open(path, &db) == SQLITE_OK else { throw RawSQLiteError(message: "cannot open \(path)") }
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close(db) }

    func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        guard sqlite3_exec(db, sql, nil, nil, &message) == SQLITE_OK else {
            defer { sqlite3_free(message) }
            throw RawSQLiteError(message: message.map { String(cString: $0) } ?? "error")
        }
    }

    /// Sets `memories.embedding` of the row with `externalID` to `bytes`.
    func setEmbedding(externalID: String, bytes: [UInt8]) throws {
        var statement: OpaquePointer?
        sqlite3_prepare_v2(db, "UPDATE memories SET embedding = ? WHERE external_id = ?", -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        _ = bytes.withUnsafeBytes {
            sqlite3_bind_blob(statement, 1, $0.baseAddress, Int32($0.count), csqlite_transient())
        }
        sqlite3_bind_text(statement, 2, externalID, -1, csqlite_transient())
        guard sqlite3_step(statement) == SQLITE_DONE else { throw RawSQLiteError(message: "update failed") }
    }

    /// The first column of the first row of `sql`, as an integer.
    func integer(_ sql: String) throws -> Int64 {
        try withStatement(sql) { statement in
            guard sqlite3_step(statement) == SQLITE_ROW else { throw RawSQLiteError(message: "no row") }
            return sqlite3_column_int64(statement, 0)
        }
    }

    /// Runs `body` with `sql` prepared, finalizing it afterwards.
    func withStatement<T>(_ sql: String, _ body: (OpaquePointer?) throws -> T) throws -> T {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw RawSQLiteError(message: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        return try body(statement)
    }
}

struct RawSQLiteError: Error {
    let message: String
}

extension RawSQLite {
    /// The first column of the first row of `sql`, as bytes (empty for NULL).
    func blob(_ sql: String) throws -> [UInt8] {
        try withStatement(sql) { statement in
            guard sqlite3_step(statement) == SQLITE_ROW else { throw RawSQLiteError(message: "no row") }
            let count = Int(sqlite3_column_bytes(statement, 0))
            guard let bytes = sqlite3_column_blob(statement, 0), count > 0 else { return [] }
            return Array(UnsafeRawBufferPointer(start: bytes, count: count))
        }
    }
}

extension RawSQLite {
    /// Column `column` of the first row of `sql`, as text; `?` parameters are left unbound (NULL).
    func text(_ sql: String, column: Int32 = 0) throws -> String {
        try withStatement(sql) { statement in
            guard sqlite3_step(statement) == SQLITE_ROW else { throw RawSQLiteError(message: "no row") }
            return sqlite3_column_text(statement, column).map { String(cString: $0) } ?? ""
        }
    }
}
