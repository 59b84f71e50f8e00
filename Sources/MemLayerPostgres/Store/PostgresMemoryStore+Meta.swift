import Foundation
import MemLayerStore

/// The store as a whole: its embedder, the salience gate's cached prototype vectors.
extension PostgresMemoryStore: StoreMetaStoring {
    /// The embedder whose vectors the store holds, as `meta` says now (another process may have
    /// re-indexed the store); the last value read if the server cannot be asked.
    package var embedderID: String? {
        get async {
            try? await reloadMeta()
            return cachedEmbedderID
        }
    }

    /// The dimension of ``embedderID``'s vectors.
    package var dimension: Int? {
        get async {
            try? await reloadMeta()
            return cachedDimension
        }
    }

    /// Reads the embedder and dimension from `meta`.
    func reloadMeta() async throws {
        let rows = try await query("SELECT key, value FROM meta WHERE key IN ('embedder', 'dimension')")
        var meta: [String: String] = [:]
        for row in rows { meta[try row.string(0)] = try row.string(1) }
        cachedEmbedderID = meta["embedder"]
        cachedDimension = meta["dimension"].flatMap { Int($0) }
    }

    /// Binds the store to embedder `id`; `.embedderMismatch` while another's vectors exist. The
    /// vector column takes the dimension (`vector(n)`, which an HNSW index needs) while empty;
    /// a store that searches through HNSW then builds its index.
    package func useEmbedder(id: String, dimension: Int) async throws {
        guard (1...16_000).contains(dimension) else {
            throw StoreError(.invalidInput, "a vector dimension must be 1–16,000 (pgvector's limit), not \(dimension)")
        }
        try await reloadMeta()
        if cachedEmbedderID == id && cachedDimension == dimension { return }
        let current = cachedEmbedderID
        try await transaction { db in
            try db.query("SELECT pg_advisory_xact_lock($1)", [.int64(PostgresSchema.migrationLock)])
            let embedded = try db.query("SELECT count(*) FROM memory_vectors")[0].int64(0)
            if let current, embedded > 0 {
                throw StoreError(
                    .embedderMismatch,
                    "this store's memories were embedded with \(current), but it was opened with \(id); "
                        + "open it with \(current), or re-embed its memories with the new embedder "
                        + "(`memlayer reindex`, or `Reindexer` in code)")
            }
            if try PostgresVectorTable.currentDimension(db) != dimension {
                try db.execute("DROP INDEX IF EXISTS memory_vectors_hnsw")
                try db.execute("DELETE FROM memory_vectors")
                try db.execute("ALTER TABLE memory_vectors ALTER COLUMN embedding TYPE vector(\(dimension))")
            }
            try Self.writeMeta("embedder", id, in: db)
            try Self.writeMeta("dimension", String(dimension), in: db)
        }
        cachedEmbedderID = id
        cachedDimension = dimension
        try await ensureIndexForSearch()
    }

    /// Builds the HNSW index when this store searches through it and the vector column has
    /// just been given its dimension (a new store, or a re-index to another embedder).
    func ensureIndexForSearch() async throws {
        guard vectorSearch != .exact else { return }
        _ = try await mapped { try await PostgresVectorTable.ensureHNSWIndex(connection) }
    }

    static func writeMeta(_ key: String, _ value: String, in db: isolated PostgresConnection) throws {
        try db.query(
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [.text(key), .text(value)])
    }

    package func prototypeVectors(
        embedder: String, setHash: String, salientCount: Int, nonSalientCount: Int, dimension: Int
    ) async throws -> PrototypeVectors? {
        let rows = try await query(
            """
            SELECT label, position, embedding FROM prototype_vectors
            WHERE embedder = $1 AND set_hash = $2 ORDER BY label DESC, position
            """, [.text(embedder), .text(setHash)])
        var salient: [[Float]] = []
        var nonSalient: [[Float]] = []
        for row in rows {
            let vector = try row.vector(2)
            let position = Int(try row.int64(1))
            guard vector.count == dimension else { return nil }
            switch try row.string(0) {
            case "salient" where position == salient.count: salient.append(vector)
            case "non_salient" where position == nonSalient.count: nonSalient.append(vector)
            default: return nil
            }
        }
        guard salient.count == salientCount, nonSalient.count == nonSalientCount else { return nil }
        return PrototypeVectors(salient: salient, nonSalient: nonSalient)
    }

    package func savePrototypeVectors(_ vectors: PrototypeVectors, embedder: String, setHash: String) async throws {
        try await transaction { db in
            try db.query("DELETE FROM prototype_vectors WHERE embedder = $1", [.text(embedder)])
            for (label, set) in [("salient", vectors.salient), ("non_salient", vectors.nonSalient)] {
                for (position, vector) in set.enumerated() {
                    try db.query(
                        """
                        INSERT INTO prototype_vectors (embedder, set_hash, label, position, embedding)
                        VALUES ($1, $2, $3, $4, $5::vector)
                        """,
                        [.text(embedder), .text(setHash), .text(label), .int64(Int64(position)), .vector(vector)])
                }
            }
        }
    }
}
