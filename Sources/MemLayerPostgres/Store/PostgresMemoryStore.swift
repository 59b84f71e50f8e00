import Foundation
import MemLayerStore

/// The memory store on PostgreSQL with pgvector: the same observable behaviour as the SQLite
/// store (the same tests run on both), for several processes and machines sharing one memory.
///
/// Open it with a URL and pass it wherever a `MemoryStoreBackend` goes (`MemoryEngine`,
/// `MemoryClient`); close it when done:
///
/// ```swift
/// import MemLayer
/// import MemLayerPostgres
///
/// let store = try await PostgresMemoryStore.open("postgres://app@db.internal:5432/memory")
/// let engine = try await MemoryEngine(store: store, embedder: try MiniLMEmbedder())
/// let client = MemoryClient(provider: OllamaChatProvider(model: "llama3.2"), engine: engine, userID: "alice")
/// // …
/// await client.close()
/// await store.close()
/// ```
///
/// The server needs the pgvector extension (`CREATE EXTENSION vector`, which opening runs when
/// the account may). The password comes from the URL, `PGPASSWORD` or `~/.pgpass`, and TLS
/// follows `sslmode` as in `psql`; the password never appears in errors or logs.
///
/// One connection per store, serialised by the connection's actor; every write is one
/// transaction. Writes that decide by what a user already has (dedupe by content hash, the
/// duplicate check of an extraction, task matching) first take a transaction-scoped advisory
/// lock on the user, so two processes writing for one user decide one after the other, as two
/// SQLite writers do behind the file's write lock. Readers never wait for writers.
///
/// Vector search is exact by default: cosine over the user's rows, through the user index, as
/// the SQLite store ranks. For large stores, ``VectorSearch/hnsw(efSearch:)`` searches through
/// pgvector's HNSW index instead (see ``open(_:createIfMissing:vectorSearch:)``).
public actor PostgresMemoryStore {
    /// How vector search finds a user's nearest memories.
    public enum VectorSearch: Sendable, Equatable, CustomStringConvertible {
        /// Every vector of the user is compared: exact, like the SQLite store. Its time grows with
        /// the user's memories: about 5 ms at 10,000 and 0.5 s at a million on two cores.
        case exact
        /// Through pgvector's HNSW index (cosine), `efSearch` candidates a scan, with iterative
        /// scans so the user filter keeps reading the graph until enough of the user's rows are
        /// found; the planner sorts the user's rows instead when they are few. Much faster on
        /// large stores at a small loss of recall (`Benchmarks/run-stores.sh` measures both);
        /// 100 is a good `efSearch`, higher finds more and takes longer.
        case hnsw(efSearch: Int)

        /// The `efSearch` values pgvector accepts.
        public static let efSearchRange = 1...1000

        /// `exact`, or `HNSW (ef_search N)`.
        public var description: String {
            switch self {
            case .exact: "exact"
            case .hnsw(let efSearch): "HNSW (ef_search \(efSearch))"
            }
        }
    }

    let connection: PostgresConnection
    /// The server, redacted (no password).
    package nonisolated let url: PostgresURL
    /// How this store searches vectors.
    public nonisolated let vectorSearch: VectorSearch
    var cachedEmbedderID: String?
    var cachedDimension: Int?
    var closed = false

    private init(connection: PostgresConnection, vectorSearch: VectorSearch) {
        self.connection = connection
        self.url = connection.url
        self.vectorSearch = vectorSearch
    }

    /// Connects to `url`, creates (unless `createIfMissing` is false) or upgrades the schema,
    /// builds the HNSW index if `vectorSearch` needs it and the store may be written, and reads
    /// the store's embedder.
    /// - Throws: `StoreError` `.database` when the server cannot be reached (the message names
    ///   it by its redacted URL), `.incompatibleFile` for a newer or foreign schema,
    ///   `.invalidInput` for a database without a store when `createIfMissing` is false.
    package static func open(_ url: PostgresURL, createIfMissing: Bool = true, vectorSearch: VectorSearch = .exact)
        async throws -> PostgresMemoryStore
    {
        if case .hnsw(let efSearch) = vectorSearch, !VectorSearch.efSearchRange.contains(efSearch) {
            throw StoreError(.invalidInput, "ef_search must be 1–1,000 (pgvector's range), not \(efSearch)")
        }
        do {
            let connection = try await PostgresConnection.connect(to: url)
            do {
                try await PostgresSchema.migrate(connection, createIfMissing: createIfMissing)
                if vectorSearch != .exact, createIfMissing { try await PostgresVectorTable.ensureHNSWIndex(connection) }
            } catch {
                await connection.close()
                throw error
            }
            let store = PostgresMemoryStore(connection: connection, vectorSearch: vectorSearch)
            try await store.reloadMeta()
            return store
        } catch let error as PostgresError {
            throw storeError(error)
        }
    }

    /// Connects to the database a `postgres://` or `postgresql://` URL names
    /// (`postgres://user[:password]@host[:port]/database[?sslmode=…]`), creates or upgrades the
    /// store's tables, and reads which embedder made its vectors.
    ///
    /// ```swift
    /// let store = try await PostgresMemoryStore.open("postgres://app@db.internal/memory", vectorSearch: .hnsw(efSearch: 100))
    /// ```
    ///
    /// - Parameters:
    ///   - url: The database. A password left out comes from `PGPASSWORD` or `~/.pgpass`.
    ///   - createIfMissing: False (for a program that only reads) makes a database that holds no
    ///     MemLayer store an error instead of creating the tables in it.
    ///   - vectorSearch: Exact (the default), or through the HNSW index. With HNSW, an open that
    ///     may write builds the index when it is missing — once, taking about 20 s per 100,000
    ///     memories on two cores, while writes of vectors wait — and a new store builds it when
    ///     its embedder is first known. Without the index, an HNSW search still answers, exactly.
    /// - Throws: `StoreError` `.invalidInput` for a malformed URL, an `efSearch` outside
    ///   1–1,000, or with `createIfMissing` false for a database without a store (nothing is
    ///   created); `.database` when the server cannot be reached (named by its URL without the
    ///   password); `.incompatibleFile` for a store of a newer MemLayer, or when the account may
    ///   not create the pgvector extension.
    public static func open(_ url: String, createIfMissing: Bool = true, vectorSearch: VectorSearch = .exact)
        async throws -> PostgresMemoryStore
    {
        let parsed: PostgresURL
        do { parsed = try PostgresURL(url) } catch let error as PostgresError { throw storeError(error) }
        return try await open(parsed, createIfMissing: createIfMissing, vectorSearch: vectorSearch)
    }

    /// What the engine calls on this store.
    public nonisolated var storeAccess: MemoryStoreAccess { MemoryStoreAccess(self) }

    /// The server and database, without the password (for messages and logs).
    public nonisolated var redactedURL: String { url.redacted }

    /// Closes the connection. Idempotent; work queued for extraction stays in the database.
    public func close() async {
        closed = true
        await connection.close()
    }

    /// Builds the HNSW index (cosine) unless it exists, once the dimension is known.
    package func createHNSWIndex(m: Int = 16, efConstruction: Int = 64) async throws {
        try await mapped { try await PostgresVectorTable.createHNSWIndex(connection, m: m, efConstruction: efConstruction) }
    }

    // MARK: - Calls with errors as StoreErrors

    /// Runs `body` in one READ COMMITTED transaction; errors become `StoreError`s.
    func transaction<T: Sendable>(_ body: @Sendable (isolated PostgresConnection) throws -> T) async throws -> T {
        try checkOpen()
        return try await mapped { try await connection.transaction(.readCommitted, body) }
    }

    /// One statement outside a transaction.
    func query(_ sql: String, _ values: [PostgresValue] = []) async throws -> [PostgresRow] {
        try checkOpen()
        return try await mapped { try await connection.query(sql, values) }
    }

    /// One changing statement outside a transaction; returns the rows changed.
    @discardableResult
    func update(_ sql: String, _ values: [PostgresValue] = []) async throws -> Int {
        try checkOpen()
        return try await mapped { try await connection.update(sql, values) }
    }

    func mapped<T>(_ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as PostgresError { throw Self.storeError(error) }
    }

    func checkOpen() throws {
        guard !closed else { throw StoreError(.closed, "the memory store is closed") }
    }

    /// A `PostgresError` as the store protocol's error: what to do next in `message`, the
    /// SQLSTATE and statement (never values) as context.
    static func storeError(_ error: PostgresError) -> StoreError {
        let kind: StoreError.Kind
        switch error.kind {
        case .invalidURL, .invalidInput: kind = .invalidInput
        case .incompatibleSchema: kind = .incompatibleFile
        case .connection, .connectionLost, .server, .decoding: kind = .database
        }
        if error.sqlState == "55P03" {
            return StoreError(.busy, "another process holds a lock this write needs; try again", sqliteCode: nil,
                sql: error.sql, detail: "PostgreSQL SQLSTATE 55P03")
        }
        return StoreError(
            kind, error.message, sqliteCode: nil, sql: error.sql,
            detail: error.sqlState.map { "PostgreSQL SQLSTATE \($0)" })
    }

    // MARK: - Shared checks

    static func validate(userID: String) throws {
        guard !userID.isEmpty else { throw StoreError(.invalidInput, "the user id cannot be empty") }
    }

    func checkVector(_ vector: [Float]) throws {
        guard let dimension = cachedDimension else {
            throw StoreError(.invalidInput, "the store has no embedder yet; call useEmbedder(id:dimension:) first")
        }
        guard vector.count == dimension else {
            throw StoreError(
                .dimensionMismatch,
                "a \(vector.count)-dimensional vector does not fit this store's \(cachedEmbedderID ?? "") "
                    + "(\(dimension) dimensions); run `memlayer reindex` if the embedder changed")
        }
    }

    /// Refuses a batch holding an empty text, an importance outside 0…1 or a vector that does
    /// not fit the store, before anything is written.
    func check(_ items: [NewMemory]) throws {
        for item in items {
            guard !item.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError(.invalidInput, "a memory's text cannot be empty")
            }
            guard (0...1).contains(item.importance) else {
                throw StoreError(.invalidInput, "importance must be between 0 and 1, got \(item.importance)")
            }
            if let vector = item.embedding { try checkVector(vector) }
        }
    }
}

/// Every role of the store protocol (each declared with its methods' extension).
extension PostgresMemoryStore: MemoryStoring {}
