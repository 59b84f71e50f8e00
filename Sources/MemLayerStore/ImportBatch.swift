import Foundation

/// The `import_batches` row that names the process staging an import (store version 8), so that
/// the staged rows of an import killed half-way can be told from those of one still running.
enum ImportBatch {
    /// A batch not renewed for this long is abandoned even when its process ran on another host
    /// (where its liveness cannot be checked). A live import renews it after every transaction.
    static let lapse: TimeInterval = 600

    /// Records a new batch for `userID` by this process; returns its id.
    static func register(userID: String, now: Date, in db: SQLiteConnection) throws -> Int64 {
        try db.prepare(
            """
            INSERT INTO import_batches (user_id, host, process_id, started_at, renewed_at) VALUES (?, ?, ?, ?, ?)
            """
        ).bind(
            .text(userID), .text(ReindexLease.currentHost),
            .integer(Int64(ProcessInfo.processInfo.processIdentifier)), .real(now.timeIntervalSince1970),
            .real(now.timeIntervalSince1970)
        ).run()
        return db.lastInsertRowID
    }

    /// Marks `batch` as alive at `now`; fails when another process discarded it as abandoned.
    static func renew(_ batch: Int64, now: Date, in db: SQLiteConnection) throws {
        try db.prepare("UPDATE import_batches SET renewed_at = ? WHERE id = ?")
            .bind(.real(now.timeIntervalSince1970), .integer(batch)).run()
        guard db.changes == 1 else { throw discarded }
    }

    /// Fails unless `batch` is still registered with exactly `staged` rows.
    static func requireIntact(_ batch: Int64, staged: Int, in db: SQLiteConnection) throws {
        let registered =
            try db.prepare("SELECT 1 FROM import_batches WHERE id = ?").bind(.integer(batch))
            .firstRow { _ in true } ?? false
        let count =
            try db.prepare("SELECT count(*) FROM memories INDEXED BY memories_staged WHERE import_batch = ?")
            .bind(.integer(batch)).firstRow { $0.int64(0) } ?? 0
        guard registered, count == staged else { throw discarded }
    }

    static func remove(_ batch: Int64, in db: SQLiteConnection) throws {
        try db.prepare("DELETE FROM import_batches WHERE id = ?").bind(.integer(batch)).run()
    }

    /// Batches whose import is over without having switched: their process is gone from this host
    /// or they lapsed; and the batch ids of staged rows whose batch is no longer registered.
    static func abandoned(now: Date, in db: SQLiteConnection) throws -> [Int64] {
        var batches: [Int64] = []
        let host = ReindexLease.currentHost
        try db.prepare("SELECT id, host, process_id, renewed_at FROM import_batches").forEachRow { row in
            let gone = row.text(1) == host && processIsGone(Int32(clamping: row.int64(2)))
            if gone || row.double(3) < now.timeIntervalSince1970 - lapse { batches.append(row.int64(0)) }
        }
        try db.prepare(
            """
            SELECT DISTINCT import_batch FROM memories INDEXED BY memories_staged
            WHERE import_batch IS NOT NULL AND import_batch NOT IN (SELECT id FROM import_batches)
            """
        ).forEachRow { batches.append($0.int64(0)) }
        return batches
    }

    private static func processIsGone(_ processID: Int32) -> Bool {
        processID > 0 && kill(processID, 0) != 0 && errno == ESRCH
    }

    private static var discarded: StoreError {
        StoreError(
            .busy,
            "another process discarded this import's staged rows as abandoned (it had not renewed its claim for "
                + "\(Int(lapse)) s); nothing was imported: run the import again")
    }
}
