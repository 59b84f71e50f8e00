import CSQLite
import Foundation

/// The one SQLite file that holds a user's memories, their embeddings, the knowledge graph,
/// tasks, the extraction queue and the audit history.
///
/// The actor owns the connection and the in-memory vector indexes (one per user, loaded on first
/// search), so every read and write is serialised and every index update follows its SQLite
/// commit. Every call takes a user id and touches only that user's rows.
///
/// The store works with vectors; turning text into vectors is the ``MemoryEngine``'s job.
public actor SQLiteMemoryStore {
    /// Where this store keeps its data.
    public nonisolated let location: StoreLocation
    var connection: SQLiteConnection?
    /// Loaded vector indexes by user id, with the `vector_versions` value they reflect.
    var indexes: [String: (index: VectorIndex, version: Int64)] = [:]
    /// `PRAGMA data_version` when we last looked: it changes only when another connection commits.
    var lastDataVersion: Int64 = 0
    /// Full-text terms found in most rows, as last counted (keyword search leaves them out).
    var termCounts = TermCountCache()
    /// The embedder whose vectors this store holds (from `meta`), if any.
    public internal(set) var embedderID: String?
    /// The dimension of ``embedderID``'s vectors.
    public internal(set) var dimension: Int?
    /// Called after each staging transaction of a large import (tests look at the store then).
    var stagingPause: (@Sendable () async -> Void)?

    /// Opens the store, creating the file (mode 0600) and its folder if needed, and upgrades its
    /// schema. Fails with `.incompatibleFile` for a file that is not a MemLayer store or comes
    /// from a newer version.
    ///
    /// With `createIfMissing` false (commands that only read), a missing file is an
    /// `.invalidInput` error and nothing is created, and a store whose folder is read-only is
    /// opened read-only (writes then fail; reads work).
    ///
    /// A write waits up to ``lockWait`` for another process's write lock (an import, a reindex's
    /// switch, a curation) before failing with `.busy`; a chat turn already answered is then
    /// queued late rather than dropped.
    public init(location: StoreLocation = .default, createIfMissing: Bool = true) throws {
        try self.init(location: location, createIfMissing: createIfMissing, lockWait: Self.lockWait)
    }

    /// How long a write waits for another process's write lock. Other writers hold it for one
    /// short transaction at a time, so reaching this means something held it far longer than it
    /// should; 5 s (SQLite's usual choice) failed `ask` after printing its answer, dropping the
    /// turn, while a long import ran.
    public static let lockWait: Duration = .seconds(30)

    /// ``init(location:createIfMissing:)`` with another ``lockWait`` (tests use a short one).
    init(location: StoreLocation, createIfMissing: Bool, lockWait: Duration) throws {
        self.location = location
        var path: String?
        if case .file(let filePath) = location {
            guard !filePath.isEmpty else { throw StoreError(.invalidInput, "the store path is empty") }
            if createIfMissing {
                let folder = URL(fileURLWithPath: filePath).deletingLastPathComponent()
                try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            } else if !FileManager.default.fileExists(atPath: filePath) {
                throw StoreError(
                    .invalidInput,
                    "there is no store at \(filePath); check --store or MEMLAYER_STORE (nothing was created)")
            }
            path = filePath
        }
        let connection = try Self.open(path, createIfMissing: createIfMissing, lockWait: lockWait)
        self.connection = connection
        let meta = try Self.readMeta(connection)
        embedderID = meta["embedder"]
        dimension = meta["dimension"].flatMap { Int($0) }
        lastDataVersion = try Self.dataVersion(connection)
    }

    /// Closes the connection. Idempotent; nothing is lost — queued work stays in the file.
    public func close() {
        saveIndexFiles()
        indexes.removeAll()
        if let connection {
            try? connection.execute("PRAGMA optimize")
        }
        connection = nil
    }

    /// Sets ``stagingPause``.
    func setStagingPause(_ pause: (@Sendable () async -> Void)?) {
        stagingPause = pause
    }

    /// The open connection, or `.closed`.
    func db() throws -> SQLiteConnection {
        guard let connection else { throw StoreError(.closed, "the memory store is closed") }
        return connection
    }

    // MARK: - Embedder binding

    /// Binds the store to the embedder that will produce its vectors.
    ///
    /// A new (or vector-less) store records `id` and `dimension`. A store whose vectors came from
    /// another embedder throws `.embedderMismatch`, naming both and `memlayer reindex`.
    public func useEmbedder(id: String, dimension: Int) throws {
        if embedderID == id && self.dimension == dimension { return }
        let db = try db()
        let embedded =
            try db.prepare("SELECT count(*) FROM memories WHERE embedding IS NOT NULL")
            .firstRow { $0.int64(0) } ?? 0
        if let current = embedderID, embedded > 0 {
            throw StoreError(
                .embedderMismatch,
                "this store's memories were embedded with \(current), but it was opened with \(id); "
                    + "open it with \(current), or re-embed its memories with the new embedder "
                    + "(`memlayer reindex`, or `Reindexer` in code)")
        }
        try db.transaction {
            try Self.writeMeta(db, key: "embedder", value: id)
            try Self.writeMeta(db, key: "dimension", value: String(dimension))
        }
        embedderID = id
        self.dimension = dimension
        indexes.removeAll()
    }

    // MARK: - Opening

    /// A configured connection to `path` (nil: in memory). An existing store whose folder does
    /// not let SQLite create its -wal and -shm files is opened read-only instead.
    private static func open(_ path: String?, createIfMissing: Bool, lockWait: Duration) throws -> SQLiteConnection {
        let name = path ?? ":memory:"
        let connection = try SQLiteConnection(path: path, access: createIfMissing ? .create : .existing)
        connection.lockWait = lockWait
        do {
            try configure(connection, isFile: path != nil, name: name)
            return connection
        } catch let error as StoreError where !createIfMissing && Self.isUnwritable(error) {
            let readOnly = try SQLiteConnection(path: path, access: .readOnly)
            readOnly.lockWait = lockWait
            try configure(readOnly, isFile: path != nil, name: name, readOnly: true)
            return readOnly
        }
    }

    /// Whether `error` says the file or its folder cannot be written (not that it is damaged).
    private static func isUnwritable(_ error: StoreError) -> Bool {
        let primary = (error.sqliteCode ?? 0) & 0xff
        return primary == SQLITE_CANTOPEN || primary == SQLITE_READONLY
    }

    private static func configure(_ db: SQLiteConnection, isFile: Bool, name: String, readOnly: Bool = false) throws {
        do {
            // Before anything is changed (WAL is a lasting change to the file): another program's
            // database must be refused as it was found.
            try checkIsStore(db)
            if readOnly {
                try requireCurrentSchema(db, name: name)
                return
            }
            if isFile {
                try db.execute("PRAGMA journal_mode = WAL")
                try db.execute("PRAGMA synchronous = NORMAL")
                // Statement journals in memory: in a temporary file, a 10,000-row import wrote
                // 50,000 pages to it (each insert's triggers are journalled) and another writer
                // waited 630 ms instead of 330. A statement journal holds only the pages one
                // statement changes.
                try db.execute("PRAGMA temp_store = MEMORY")
            }
            try db.execute("PRAGMA foreign_keys = ON")
            try migrate(db)
            try discardAbandonedImports(in: db)
        } catch let error as StoreError where error.sqliteCode == SQLITE_NOTADB {
            throw StoreError(.incompatibleFile, "\(name) is not a SQLite database, so not a MemLayer store")
        }
    }

    /// Throws `.incompatibleFile` unless the database is empty or a MemLayer store this version
    /// can open: version 0 with no tables, or a known version with our `meta` and `memories`.
    /// Reads only.
    private static func checkIsStore(_ db: SQLiteConnection) throws {
        let version = Int(try db.prepare("PRAGMA user_version").firstRow { $0.int64(0) } ?? 0)
        guard version <= StoreSchema.currentVersion else {
            throw StoreError(
                .incompatibleFile,
                "the store has schema version \(version), newer than this MemLayer (\(StoreSchema.currentVersion)); "
                    + "upgrade memlayer to open it")
        }
        let tables =
            try db.prepare(
                """
                SELECT count(*), count(*) FILTER (WHERE name IN ('meta', 'memories'))
                FROM sqlite_schema WHERE type = 'table'
                """
            ).firstRow { ($0.int64(0), $0.int64(1)) } ?? (0, 0)
        let isOurs = version == 0 ? tables.0 == 0 : tables.1 == 2
        guard isOurs else {
            throw StoreError(.incompatibleFile, "the file holds other tables and is not a MemLayer store")
        }
    }

    /// A read-only store cannot be upgraded: it must already have this version's schema.
    private static func requireCurrentSchema(_ db: SQLiteConnection, name: String) throws {
        let version = Int(try db.prepare("PRAGMA user_version").firstRow { $0.int64(0) } ?? 0)
        guard version == StoreSchema.currentVersion else {
            throw StoreError(
                .incompatibleFile,
                "\(name) needs a schema upgrade, which needs write access to it and its folder; "
                    + "run any memlayer command where the folder is writable first")
        }
    }

    private static func migrate(_ db: SQLiteConnection) throws {
        let version = Int(try db.prepare("PRAGMA user_version").firstRow { $0.int64(0) } ?? 0)
        for next in version..<StoreSchema.currentVersion {
            try db.transaction {
                try db.execute(StoreSchema.migrations[next])
                try db.execute("PRAGMA user_version = \(next + 1)")
            }
        }
    }

    static func readMeta(_ db: SQLiteConnection) throws -> [String: String] {
        var meta: [String: String] = [:]
        try db.prepare("SELECT key, value FROM meta").forEachRow { meta[$0.text(0)] = $0.text(1) }
        return meta
    }

    static func writeMeta(_ db: SQLiteConnection, key: String, value: String) throws {
        try db.prepare(
            "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        )
        .bind(.text(key), .text(value)).run()
    }

    static func dataVersion(_ db: SQLiteConnection) throws -> Int64 {
        try db.prepare("PRAGMA data_version").firstRow { $0.int64(0) } ?? 0
    }
}
