import CSQLite
import Foundation
import Testing

/// A real SQLite file in a fresh temporary directory, deleted when the value goes away.
final class TemporaryDatabase {
    let directory: URL
    let db: OpaquePointer

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("cmemvec-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var handle: OpaquePointer?
        let rc = sqlite3_open(directory.appendingPathComponent("test.sqlite").path, &handle)
        guard rc == SQLITE_OK, let handle else {
            sqlite3_close(handle)
            throw SQLiteFailure(message: "open failed: \(rc)")
        }
        db = handle
    }

    deinit {
        sqlite3_close(db)
        try? FileManager.default.removeItem(at: directory)
    }

    func execute(_ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure() }
    }

    func prepare(_ sql: String) throws -> OpaquePointer {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else { throw failure() }
        return stmt
    }

    /// Inserts one row; `blob` nil stores NULL.
    func insert(_ rowid: Int64, blob: [UInt8]?) throws {
        let stmt = try prepare("INSERT INTO memories(id, embedding) VALUES (?, ?)")
        defer { sqlite3_finalize(stmt) }
        sqlite3_bind_int64(stmt, 1, rowid)
        if let blob, blob.isEmpty {
            sqlite3_bind_zeroblob(stmt, 2, 0)  // a zero-length BLOB, not NULL
        } else if let blob {
            _ = blob.withUnsafeBytes { bytes in
                sqlite3_bind_blob(stmt, 2, bytes.baseAddress, Int32(bytes.count), csqlite_transient())
            }
        } else {
            sqlite3_bind_null(stmt, 2)
        }
        guard sqlite3_step(stmt) == SQLITE_DONE else { throw failure() }
    }

    func failure() -> SQLiteFailure { SQLiteFailure(message: String(cString: sqlite3_errmsg(db))) }
}

struct SQLiteFailure: Error {
    let message: String
}

/// Little-endian float32 bytes, as the `embedding` column stores them.
func littleEndianBytes(_ vector: [Float]) -> [UInt8] {
    vector.flatMap { value -> [UInt8] in
        let bits = value.bitPattern.littleEndian
        return withUnsafeBytes(of: bits) { Array($0) }
    }
}
