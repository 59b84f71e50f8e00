import Foundation
import MemLayerStore

/// Re-embedding every memory with another embedder while the store stays in use, under a lease
/// one process holds at a time (``PostgresReindexLease``: the server's clock decides lapses).
extension PostgresMemoryStore: ReindexStoring {
    package func claimReindexLease(owner: String, target: String, duration: TimeInterval, now: Date) async throws {
        do {
            try await mapped {
                try await PostgresReindexLease.claim(
                    connection, owner: owner, target: target, duration: .milliseconds(Int64(duration * 1000)))
            }
        } catch let busy as PostgresReindexLease.Busy {
            throw StoreError(.busy, busy.description)
        }
    }

    package func reindexLease() async throws -> ReindexLease? {
        try await mapped { try await PostgresReindexLease.current(connection) }.map { lease in
            ReindexLease(
                owner: lease.owner, target: lease.target, processID: lease.processID, expiresAt: lease.expiresAt,
                host: lease.host)
        }
    }

    package func releaseReindexLease(owner: String) async throws {
        try await mapped { try await PostgresReindexLease.release(connection, owner: owner) }
    }

    package func reindexProgress(target: String) async throws -> (done: Int, total: Int) {
        let row = try await query(
            """
            SELECT (SELECT count(*) FROM memories),
                (SELECT count(*) FROM reindex_vectors r JOIN memories m ON m.id = r.memory_id WHERE r.embedder = $1)
            """, [.text(target)])[0]
        return (Int(try row.int64(1)), Int(try row.int64(0)))
    }

    package func memoriesAwaitingReindex(target: String, limit: Int) async throws -> [(rowID: Int64, text: String)] {
        try await query(
            """
            SELECT m.id, m.text FROM memories m
            LEFT JOIN reindex_vectors r ON r.memory_id = m.id AND r.embedder = $1
            WHERE r.memory_id IS NULL ORDER BY m.id LIMIT $2
            """, [.text(target), .int64(Int64(max(0, limit)))]
        ).map { (rowID: try $0.int64(0), text: try $0.string(1)) }
    }

    package func stageReindexVectors(
        target: String, dimension: Int, _ vectors: [(rowID: Int64, text: String, vector: [Float])]
    ) async throws {
        guard vectors.allSatisfy({ $0.vector.count == dimension }) else {
            throw StoreError(.dimensionMismatch, "\(target) returned a vector whose length is not \(dimension)")
        }
        let rows = vectors.map { StagedVector(rowID: $0.rowID, text: $0.text, vector: $0.vector) }
        try await transaction { db in
            for item in rows {
                // Staged only while the memory still has the text the vector was made from.
                try db.query(
                    """
                    INSERT INTO reindex_vectors (memory_id, embedder, embedding)
                    SELECT id, $1, $2::vector FROM memories WHERE id = $3 AND text = $4
                    ON CONFLICT (memory_id) DO UPDATE SET embedder = EXCLUDED.embedder, embedding = EXCLUDED.embedding
                    """, [.text(target), .vector(item.vector), .int64(item.rowID), .text(item.text)])
            }
        }
    }

    /// Switches every memory to its staged vector and `meta` to `target` in one transaction,
    /// when every memory has one. A new dimension retypes the vector column (dropping the HNSW
    /// index, which a store that searches through HNSW builds again at once).
    package func completeReindex(target: String, dimension: Int) async throws -> Bool {
        let switched = try await transaction { db in
            try db.query("LOCK TABLE memories IN SHARE ROW EXCLUSIVE MODE")
            let missing = try db.query(
                """
                SELECT count(*) FROM memories m LEFT JOIN reindex_vectors r ON r.memory_id = m.id AND r.embedder = $1
                WHERE r.memory_id IS NULL
                """, [.text(target)])[0].int64(0)
            guard missing == 0 else { return false }
            try db.execute("DELETE FROM memory_vectors")
            if try PostgresVectorTable.currentDimension(db) != dimension {
                try db.execute("DROP INDEX IF EXISTS memory_vectors_hnsw")
                try db.execute("ALTER TABLE memory_vectors ALTER COLUMN embedding TYPE vector(\(dimension))")
            }
            try db.query(
                """
                INSERT INTO memory_vectors (memory_id, user_id, embedder, embedding)
                SELECT m.id, m.user_id, r.embedder, r.embedding FROM reindex_vectors r JOIN memories m ON m.id = r.memory_id
                WHERE r.embedder = $1
                """, [.text(target)])
            try db.execute("DELETE FROM reindex_vectors")
            try Self.writeMeta("embedder", target, in: db)
            try Self.writeMeta("dimension", String(dimension), in: db)
            return true
        }
        if switched {
            cachedEmbedderID = target
            cachedDimension = dimension
        }
        if switched { try await ensureIndexForSearch() }
        return switched
    }

    private struct StagedVector: Sendable {
        let rowID: Int64
        let text: String
        let vector: [Float]
    }
}

/// The audit log.
extension PostgresMemoryStore: HistoryStoring {
    package func history(userID: String, memoryID: String?, limit: Int) async throws -> [HistoryEntry] {
        try Self.validate(userID: userID)
        guard limit > 0 else { return [] }
        return try await query(
            """
            SELECT memory_id, action, text, reason, at FROM history
            WHERE user_id = $1 AND ($2::text IS NULL OR memory_id = $2) ORDER BY at DESC, id DESC LIMIT $3
            """, [.text(userID), .optionalText(memoryID), .int64(Int64(limit))]
        ).map { row in
            HistoryEntry(
                memoryID: row.optionalString(0), action: HistoryEntry.Action(rawValue: try row.string(1)) ?? .update,
                text: row.optionalString(2), reason: try row.string(3), at: try row.date(4))
        }
    }
}
