import CMemVec
import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// mv_index_load timings for one N x d.
struct LoadResult {
    let n: Int
    let dim: Int
    let fresh: Samples  // a new index each time, as when the app opens a user's memories
    let freshCPU: Samples  // the same loads' thread CPU time
    let reused: Samples  // loading again into an index that already has the capacity
    let mapped: Samples  // new index, connection with PRAGMA mmap_size (no read() per page)
    let fileBytes: Int
}

/// A real SQLite file shaped like the app's `memories` table, and loads from it.
struct LoadBench {
    let dataset: Dataset
    let directory: String

    func run(rows n: Int, runs: Int) throws -> LoadResult {
        let path = "\(directory)/load-\(n)x\(dataset.dim).sqlite"
        try createDatabase(at: path, rows: n)
        defer { removeDatabase(at: path) }
        let db = try open(path)
        defer { sqlite3_close(db) }
        let mappedDb = try open(path)
        defer { sqlite3_close(mappedDb) }
        try exec(mappedDb, "PRAGMA mmap_size = \(Int64(1) << 34)")
        let sql = "SELECT id, embedding FROM memories WHERE user_id = ?1"
        let stmt = try prepare(db, sql)
        defer { sqlite3_finalize(stmt) }
        let mappedStmt = try prepare(mappedDb, sql)
        defer { sqlite3_finalize(mappedStmt) }
        sqlite3_bind_int64(stmt, 1, 1)
        sqlite3_bind_int64(mappedStmt, 1, 1)

        var fresh = Samples()
        var freshCPU = Samples()
        var reused = Samples()
        var mapped = Samples()
        let kept = try Index(dim: dataset.dim)
        for run in 0...runs {  // run 0 warms the page cache and first-touch memory, and is not counted
            let cpuStart = threadCPUMilliseconds()
            let freshMs = try timeLoad(stmt, into: Index(dim: dataset.dim), expecting: n)
            let freshCPUMs = threadCPUMilliseconds() - cpuStart
            let reusedMs = try timeLoad(stmt, into: kept, expecting: n)
            let mappedMs = try timeLoad(mappedStmt, into: Index(dim: dataset.dim), expecting: n)
            if run > 0 {
                fresh.add(freshMs)
                freshCPU.add(freshCPUMs)
                reused.add(reusedMs)
                mapped.add(mappedMs)
            }
        }
        return LoadResult(
            n: n, dim: dataset.dim, fresh: fresh, freshCPU: freshCPU, reused: reused, mapped: mapped,
            fileBytes: fileSize(path))
    }

    private func timeLoad(_ stmt: OpaquePointer, into index: Index, expecting n: Int) throws -> Double {
        var loaded: Int64 = 0
        var skipped: Int64 = 0
        var rc: Int32 = mvOK
        let elapsed = milliseconds { rc = mv_index_load(index.pointer, stmt, &loaded, &skipped) }
        guard rc == mvOK, loaded == n, skipped == 0 else {
            throw BenchError("mv_index_load: rc \(rc), loaded \(loaded), skipped \(skipped)")
        }
        return elapsed
    }

    private func createDatabase(at path: String, rows n: Int) throws {
        removeDatabase(at: path)
        let db = try open(path)
        defer { sqlite3_close(db) }
        try exec(db, "PRAGMA journal_mode = WAL")
        try exec(db, "PRAGMA synchronous = OFF")  // a fixture: durability does not matter
        try exec(
            db,
            """
            CREATE TABLE memories (
                id INTEGER PRIMARY KEY, user_id INTEGER NOT NULL, text TEXT NOT NULL, embedding BLOB)
            """)
        let insert = try prepare(db, "INSERT INTO memories (id, user_id, text, embedding) VALUES (?1, 1, ?2, ?3)")
        defer { sqlite3_finalize(insert) }
        try exec(db, "BEGIN")
        let bytes = Int32(dataset.dim * MemoryLayout<Float>.size)
        for i in 0..<n {
            let text = "memory \(i + 1): the user mentioned a preference worth remembering for later turns."
            sqlite3_bind_int64(insert, 1, Int64(i + 1))
            sqlite3_bind_text(insert, 2, text, -1, csqlite_transient())
            sqlite3_bind_blob(insert, 3, dataset.row(i), bytes, nil)  // SQLITE_STATIC: valid until step
            guard sqlite3_step(insert) == SQLITE_DONE else { throw failure(db) }
            sqlite3_reset(insert)
        }
        try exec(db, "COMMIT")
        try exec(db, "PRAGMA wal_checkpoint(TRUNCATE)")
    }

    /// Opened as the app opens its connection: owned by one actor, so without SQLite's own
    /// per-call mutex (SQLITE_OPEN_NOMUTEX, as GRDB does).
    private func open(_ path: String) throws -> OpaquePointer {
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        guard sqlite3_open_v2(path, &db, flags, nil) == SQLITE_OK, let db else {
            sqlite3_close(db)
            throw BenchError("cannot open \(path)")
        }
        return db
    }

    private func prepare(_ db: OpaquePointer, _ sql: String) throws -> OpaquePointer {
        var stmt: OpaquePointer?
        guard sqlite3_prepare_v2(db, sql, -1, &stmt, nil) == SQLITE_OK, let stmt else { throw failure(db) }
        return stmt
    }

    private func exec(_ db: OpaquePointer, _ sql: String) throws {
        guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else { throw failure(db) }
    }

    private func failure(_ db: OpaquePointer) -> BenchError {
        BenchError("SQLite: \(String(cString: sqlite3_errmsg(db)))")
    }
}

private func fileSize(_ path: String) -> Int {
    var info = stat()
    return stat(path, &info) == 0 ? Int(info.st_size) : 0
}

/// Deletes a SQLite file with its WAL and shared-memory files.
private func removeDatabase(at path: String) {
    for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
}
