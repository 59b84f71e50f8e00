import CSQLite
import Foundation

extension SQLiteMemoryStore {
    /// How long recording an access may wait for another process's write lock. Access counts are
    /// bookkeeping for curation: a search never waits the full busy timeout for them.
    static let accessLockWait: Int32 = 20  // milliseconds

    /// Counts one access of each memory at `rowIDs` (`access_count + 1`, `last_accessed_at =
    /// now`) in one single-statement transaction, then reads them back, by rowid. (`+user_id`
    /// keeps SQLite from walking the user's whole index instead of looking up the rowids.)
    ///
    /// When another process holds the write lock for longer than ``accessLockWait`` (or the file
    /// is read-only) the count is skipped and `recorded` is false: the search still succeeds.
    package func accessMemories(rowIDs: [Int64], userID: String, now: Date) throws
        -> (memories: [Int64: Memory], recorded: Bool)
    {
        guard !rowIDs.isEmpty else { return ([:], true) }
        let db = try db()
        let list = Self.jsonArray(rowIDs)
        let recorded = try Self.withLockWait(Self.accessLockWait, on: db) {
            try db.prepare(
                """
                UPDATE memories SET access_count = access_count + 1, last_accessed_at = ?1
                WHERE id IN (SELECT value FROM json_each(?3)) AND +user_id = ?2
                """
            ).bind(.real(now.timeIntervalSince1970), .text(userID), .text(list)).run()
        }
        var byRowID: [Int64: Memory] = [:]
        try db.prepare(
            """
            SELECT \(Self.memoryColumns), id FROM memories
            WHERE id IN (SELECT value FROM json_each(?2)) AND +user_id = ?1 AND import_batch IS NULL
            """
        ).bind(.text(userID), .text(list)).forEachRow { byRowID[$0.int64(15)] = Self.memory(from: $0) }
        return (byRowID, recorded)
    }

    /// Runs `write` with the busy timeout lowered to `milliseconds`; returns false instead of
    /// throwing when the database stayed locked or cannot be written.
    private static func withLockWait(_ milliseconds: Int32, on db: SQLiteConnection, _ write: () throws -> Void)
        throws -> Bool
    {
        let previous = db.lockWait
        db.lockWait = .milliseconds(milliseconds)
        defer { db.lockWait = previous }
        do {
            try write()
            return true
        } catch let error as StoreError {
            let primary = (error.sqliteCode ?? 0) & 0xff
            if primary == SQLITE_BUSY || primary == SQLITE_LOCKED || primary == SQLITE_READONLY { return false }
            throw error
        }
    }
}
