import CSQLite
import Foundation

/// Reads a store file's tables directly (history, edge sources, raw job rows) — what the public
/// API does not show — through a connection of its own.
final class StoreInspector {
    private var db: OpaquePointer?

    init(path: String) throws {
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, nil) == SQLITE_OK else {
            throw RawSQLiteError(message: "cannot open \(path)")
        }
        sqlite3_busy_timeout(db, 5000)
    }

    deinit { sqlite3_close(db) }

    /// Every row of `sql`, each column as text (nil for NULL).
    func rows(_ sql: String) throws -> [[String?]] {
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &statement, nil) == SQLITE_OK else {
            throw RawSQLiteError(message: String(cString: sqlite3_errmsg(db)))
        }
        defer { sqlite3_finalize(statement) }
        var result: [[String?]] = []
        while sqlite3_step(statement) == SQLITE_ROW {
            result.append(
                (0..<sqlite3_column_count(statement)).map { column in
                    sqlite3_column_text(statement, column).map { String(cString: $0) }
                })
        }
        return result
    }

    /// `(action, text, reason)` of `userID`'s history, oldest first.
    func history(_ userID: String) throws -> [(action: String, text: String, reason: String)] {
        try rows("SELECT action, text, reason FROM history WHERE user_id = '\(userID)' ORDER BY id").map {
            ($0[0] ?? "", $0[1] ?? "", $0[2] ?? "")
        }
    }

    /// `subject predicate object ← source fact text` for `userID`'s edges.
    func edgeSources(_ userID: String) throws -> [String] {
        try rows(
            """
            SELECT s.name || ' ' || r.predicate || ' ' || o.name || ' <- ' || m.text FROM relationships r
            JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
            JOIN relationship_sources rs ON rs.relationship_id = r.id JOIN memories m ON m.id = rs.memory_id
            WHERE r.user_id = '\(userID)' ORDER BY 1
            """
        ).map { $0[0] ?? "" }
    }

    func count(_ sql: String) throws -> Int {
        Int(try rows(sql).first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0)
    }
}
