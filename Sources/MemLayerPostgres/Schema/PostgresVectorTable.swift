/// `memory_vectors`' dimension and its optional HNSW index.
///
/// Exact search (the default) needs no index beyond the user's: it reads that user's vectors and
/// sorts them, which is what the SQLite store's C kernel does. An HNSW index answers faster on
/// large stores at a small loss of recall; with a per-user filter, pgvector's iterative scan
/// (0.8 and later) keeps reading the graph until enough of the user's rows are found.
package enum PostgresVectorTable {
    /// The dimension `memory_vectors.embedding` is fixed to, or nil while it is unset.
    package static func currentDimension(_ connection: isolated PostgresConnection) throws -> Int? {
        let rows = try connection.query(
            """
            SELECT atttypmod FROM pg_attribute
            WHERE attrelid = 'memory_vectors'::regclass AND attname = 'embedding'
            """)
        let typmod = try rows.first?.int64(0) ?? -1
        return typmod > 0 ? Int(typmod) : nil
    }

    /// Fixes the vector column to `vector(dimension)` the first time; afterwards checks it.
    /// - Throws: `.invalidInput` if the store already holds vectors of another dimension (a
    ///   different embedder: run `memlayer reindex`).
    package static func prepare(_ connection: PostgresConnection, dimension: Int) async throws {
        guard (1...16_000).contains(dimension) else {
            throw PostgresError(
                .invalidInput, "a vector dimension must be 1–16,000 (pgvector's limit), not \(dimension)")
        }
        try await connection.transaction { connection in
            // Serialised with migrations: two processes must not fix two different dimensions.
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.int64(PostgresSchema.migrationLock)])
            if let current = try currentDimension(connection) {
                guard current == dimension else {
                    throw PostgresError(
                        .invalidInput,
                        "the store's vectors have \(current) dimensions, the embedder makes \(dimension): "
                            + "run `memlayer reindex` to switch embedders")
                }
                return
            }
            try connection.execute("ALTER TABLE memory_vectors ALTER COLUMN embedding TYPE vector(\(dimension))")
        }
    }

    /// Builds the HNSW index over cosine distance (so vectors of any length rank as the exact
    /// search ranks them). `m` and `efConstruction` are pgvector's (defaults 16 and 64).
    package static func createHNSWIndex(_ connection: PostgresConnection, m: Int = 16, efConstruction: Int = 64)
        async throws
    {
        try await connection.execute(hnswIndexSQL(m: m, efConstruction: efConstruction))
    }

    /// The statement that builds the HNSW index unless it exists.
    static func hnswIndexSQL(m: Int = 16, efConstruction: Int = 64) -> String {
        """
        CREATE INDEX IF NOT EXISTS memory_vectors_hnsw ON memory_vectors
        USING hnsw (embedding vector_cosine_ops) WITH (m = \(m), ef_construction = \(efConstruction))
        """
    }

    /// Builds the HNSW index unless it exists, once the vector column has its dimension (an
    /// index needs one; a new store gets it when its embedder is known). Serialised with
    /// migrations, so processes opening the store at once build it once. Writes to
    /// `memory_vectors` wait while it is built; searches do not. Returns whether it exists now.
    @discardableResult
    package static func ensureHNSWIndex(_ connection: PostgresConnection) async throws -> Bool {
        try await connection.transaction { connection in
            try connection.query("SELECT pg_advisory_xact_lock($1)", [.int64(PostgresSchema.migrationLock)])
            guard try currentDimension(connection) != nil else { return false }
            try connection.execute(hnswIndexSQL())
            return true
        }
    }

    /// Drops the HNSW index; searches are exact again.
    package static func dropHNSWIndex(_ connection: PostgresConnection) async throws {
        try await connection.execute("DROP INDEX IF EXISTS memory_vectors_hnsw")
    }
}
