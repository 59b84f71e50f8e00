import Foundation

extension SQLiteMemoryStore {
    /// How far a re-index to `target` has come, over every user's memories.
    public func reindexProgress(target: String) throws -> (done: Int, total: Int) {
        let db = try db()
        let total = try db.prepare("SELECT count(*) FROM memories").firstRow { $0.int64(0) } ?? 0
        let done =
            try db.prepare("SELECT count(*) FROM reindex_vectors WHERE embedder = ?")
            .bind(.text(target)).firstRow { $0.int64(0) } ?? 0
        return (Int(done), Int(total))
    }

    /// Up to `limit` memories (any user) that have no vector for `target` yet, oldest row first.
    public func memoriesAwaitingReindex(target: String, limit: Int) throws -> [(rowID: Int64, text: String)] {
        var rows: [(rowID: Int64, text: String)] = []
        try db().prepare(
            """
            SELECT m.id, m.text FROM memories m
            LEFT JOIN reindex_vectors r ON r.memory_id = m.id AND r.embedder = ?
            WHERE r.memory_id IS NULL ORDER BY m.id LIMIT ?
            """
        ).bind(.text(target), .integer(Int64(limit))).forEachRow { rows.append(($0.int64(0), $0.text(1))) }
        return rows
    }

    /// Stores re-index vectors for `target` in one transaction (staging only: search is unchanged).
    ///
    /// Each vector is staged only if its memory still has `text`, the text it was made from: a
    /// memory rewritten while its batch was being embedded stays unstaged, and the re-index
    /// embeds it again (a text changed after staging drops the staged row, by trigger).
    public func stageReindexVectors(
        target: String, dimension: Int, _ vectors: [(rowID: Int64, text: String, vector: [Float])]
    ) throws {
        let db = try db()
        guard vectors.allSatisfy({ $0.vector.count == dimension }) else {
            throw StoreError(.dimensionMismatch, "\(target) returned a vector whose length is not \(dimension)")
        }
        try db.transaction {
            // Another embedder's leftovers from an abandoned re-index are replaced.
            let insert = try db.prepare(
                """
                INSERT INTO reindex_vectors (memory_id, embedder, embedding)
                SELECT id, ?, ? FROM memories WHERE id = ? AND text = ?
                ON CONFLICT (memory_id) DO UPDATE SET embedder = excluded.embedder, embedding = excluded.embedding
                """)
            for item in vectors {
                try insert.bind(
                    .text(target), .blob(EmbeddingBlob.encode(item.vector)), .integer(item.rowID), .text(item.text)
                ).run()
                insert.reset()
            }
        }
    }

    /// Switches the store to `target` in one transaction — every memory takes its staged vector,
    /// `meta` records the new embedder — if every memory has one. Returns false (and changes
    /// nothing) when memories arrived that still need a vector.
    public func completeReindex(target: String, dimension: Int) throws -> Bool {
        let db = try db()
        let switched: Bool = try db.transaction {
            let missing =
                try db.prepare(
                    """
                    SELECT count(*) FROM memories m LEFT JOIN reindex_vectors r ON r.memory_id = m.id AND r.embedder = ?
                    WHERE r.memory_id IS NULL
                    """
                ).bind(.text(target)).firstRow { $0.int64(0) } ?? 0
            guard missing == 0 else { return false }
            try db.prepare(
                """
                UPDATE memories SET embedding = r.embedding, embedder = r.embedder
                FROM reindex_vectors r WHERE r.memory_id = memories.id AND r.embedder = ?
                """
            ).bind(.text(target)).run()
            try db.execute("DELETE FROM reindex_vectors")
            try Self.writeMeta(db, key: "embedder", value: target)
            try Self.writeMeta(db, key: "dimension", value: String(dimension))
            return true
        }
        if switched {
            embedderID = target
            self.dimension = dimension
            indexes.removeAll()
        }
        return switched
    }
}
