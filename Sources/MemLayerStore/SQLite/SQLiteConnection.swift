import CSQLite
import Foundation

/// One SQLite connection. Deliberately not `Sendable`: exactly one actor (``SQLiteMemoryStore``) owns
/// it, so no two threads ever use the handle at once.
final class SQLiteConnection {
    /// The raw handle, for C code that reads through it (the vector index loader).
    let handle: OpaquePointer
    private var statementCache: [String: SQLiteStatement] = [:]

    /// How a connection may use its file.
    enum Access {
        /// Read and write, creating the file (mode 0600) if it is missing.
        case create
        /// Read and write an existing file; never create one.
        case existing
        /// Read only and immutable: for a store whose folder cannot hold the -wal and -shm
        /// files, without which SQLite cannot read a WAL database otherwise. Nobody can be writing
        /// such a store (a writer would need those same files), so skipping locks is safe.
        case readOnly
    }

    /// Opens the database at `path`, or a private in-memory database when `path` is nil.
    init(path: String?, access: Access = .create) throws {
        var target = path ?? ":memory:"
        if let path, access == .create { Self.makePrivate(path) }
        if let path, access == .readOnly { target = Self.immutableURI(path) }
        var db: OpaquePointer?
        let flags =
            switch access {
            case .create: SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
            case .existing: SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX
            case .readOnly: SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX
            }
        let rc = sqlite3_open_v2(target, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(db)  // a failed open still allocates a handle that must be closed
            throw StoreError(.database, "cannot open the store at \(path ?? target): \(message)", sqliteCode: rc)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
    }

    /// `file:PATH?immutable=1`, with the characters a URI gives meaning to escaped.
    private static func immutableURI(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let absolute = URL(fileURLWithPath: path).path
        return "file:" + (absolute.addingPercentEncoding(withAllowedCharacters: allowed) ?? absolute) + "?immutable=1"
    }

    /// Creates the file at `path` with mode 0600 if it is missing (also through a dangling
    /// symlink, which `O_EXCL` would refuse and leave to SQLite's 0644), and narrows an existing
    /// empty file to 0600: SQLite gives the -wal and -shm files the main file's mode, so all
    /// three stay private. A file with content keeps whatever mode its owner chose.
    private static func makePrivate(_ path: String) {
        let fd = open(path, O_CREAT | O_WRONLY | O_CLOEXEC | O_NOCTTY, 0o600)
        guard fd >= 0 else { return }  // read-only or missing folder: SQLite reports it
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) == 0, info.st_size == 0, (info.st_mode & S_IFMT) == S_IFREG {
            fchmod(fd, 0o600)
        }
    }

    deinit {
        statementCache.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more SQL statements that take no parameters.
    func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastErrorMessage
            sqlite3_free(errorMessage)
            throw failure(rc, message, sql: sql)
        }
    }

    /// A prepared statement for `sql`, reset and with its bindings cleared. Statements are cached
    /// per connection, so hot queries are compiled once.
    func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statementCache[sql] {
            cached.reset()
            return cached
        }
        let statement = try SQLiteStatement(connection: self, sql: sql)
        statementCache[sql] = statement
        return statement
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT`, rolling back if it throws. IMMEDIATE takes
    /// the write lock up front, so a concurrent writer waits (busy timeout) instead of failing
    /// half-way through.
    func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
    }

    /// SQLite's message for the last failure on this connection.
    var lastErrorMessage: String { String(cString: sqlite3_errmsg(handle)) }

    /// Rows changed by the last INSERT, UPDATE or DELETE.
    var changes: Int { Int(sqlite3_changes(handle)) }

    /// The rowid of the last inserted row.
    var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// Makes a `StoreError` for a failed call that returned `rc`.
    func error(_ rc: Int32, sql: String?) -> StoreError {
        failure(rc, lastErrorMessage, sql: sql)
    }

    /// How long a write waits for another connection's write lock (SQLite's busy handler sleeps
    /// and retries, 1 ms at first and up to 100 ms apart) before it fails with `.busy`.
    var lockWait: Duration = .zero {
        didSet {
            let milliseconds =
                lockWait.components.seconds * 1000 + lockWait.components.attoseconds / 1_000_000_000_000_000
            sqlite3_busy_timeout(handle, Int32(clamping: milliseconds))
        }
    }

    /// The error for a call that failed with `rc`: `.busy`, saying what to do, when the write
    /// lock stayed taken for all of ``lockWait``; `.database` with SQLite's (or a plainer) message
    /// otherwise.
    private func failure(_ rc: Int32, _ message: String, sql: String?) -> StoreError {
        guard rc & 0xff == SQLITE_BUSY else {
            return StoreError(.database, explained(rc, message), sqliteCode: rc, sql: sql)
        }
        let seconds = lockWait.components.seconds
        let waited = seconds > 0 ? "for \(seconds) s " : ""
        return StoreError(
            .busy,
            "another process kept the store locked for writing \(waited)(a long import, reindex or curation?); "
                + "nothing was changed — try again when it has finished",
            sqliteCode: rc, sql: sql)
    }

    /// SQLite's `message`, or a plainer one when the cause is the disk: a write that failed for
    /// lack of room is reported by SQLite as "disk I/O error" (SQLITE_IOERR_WRITE) as often as
    /// "database or disk is full", and its saved errno is not reliable by then, so the disk and
    /// the file-size limit are looked at directly.
    func explained(_ rc: Int32, _ message: String) -> String {
        let ioErrorWrite = SQLITE_IOERR | (3 << 8)  // SQLITE_IOERR_WRITE, a macro Swift does not import
        guard rc == ioErrorWrite || rc & 0xff == SQLITE_FULL else { return message }
        var limit = rlimit()
        if getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max {  // RLIM_INFINITY
            return "the store could not grow past the file-size limit (ulimit -f); raise the limit and try again"
        }
        var disk = statvfs()
        if let name = sqlite3_db_filename(handle, "main"), statvfs(name, &disk) == 0,
            UInt64(disk.f_bavail) * UInt64(disk.f_frsize) < 4 << 20
        {
            return "the disk holding the store is full; free some space and try again"
        }
        let full = "the disk holding the store is full; free some space and try again"
        return rc & 0xff == SQLITE_FULL ? full : message
    }
}
