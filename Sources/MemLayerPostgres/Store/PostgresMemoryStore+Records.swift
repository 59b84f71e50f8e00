import Foundation
import MemLayerStore

/// Reading, paging and changing memories.
extension PostgresMemoryStore: MemoryRecordStoring {
    package func memory(id: String, userID: String) async throws -> Memory? {
        try await query(
            "SELECT \(Self.memoryColumns) FROM \(Self.memoryFrom) WHERE m.user_id = $1 AND m.external_id = $2 AND m.import_batch IS NULL",
            [.text(userID), .text(id)]
        ).first.map { try Self.memory(from: $0) }
    }

    package func memories(userID: String) async throws -> [Memory] {
        try await query(
            """
            SELECT \(Self.memoryColumns) FROM \(Self.memoryFrom) WHERE m.user_id = $1 AND m.import_batch IS NULL
            ORDER BY m.created_at, m.id
            """, [.text(userID)]
        ).map { try Self.memory(from: $0) }
    }

    package func memories(userID: String, limit: Int, offset: Int) async throws -> [Memory] {
        guard limit > 0 else { return [] }
        return try await query(
            """
            SELECT \(Self.memoryColumns) FROM \(Self.memoryFrom) WHERE m.user_id = $1 AND m.import_batch IS NULL
            ORDER BY m.created_at, m.id LIMIT $2 OFFSET $3
            """, [.text(userID), .int64(Int64(limit)), .int64(Int64(max(0, offset)))]
        ).map { try Self.memory(from: $0) }
    }

    package func activeMemories(userID: String, limit: Int, offset: Int, now: Date) async throws
        -> (memories: [Memory], total: Int)
    {
        let total = try await query("SELECT count(*) FROM memories m WHERE \(Self.live)", [.text(userID), .timestamp(now)])
        let rows = try await query(
            """
            SELECT \(Self.memoryColumns) FROM \(Self.memoryFrom) WHERE \(Self.live)
            ORDER BY m.created_at DESC, m.id DESC LIMIT $3 OFFSET $4
            """,
            [.text(userID), .timestamp(now), .int64(Int64(max(0, limit))), .int64(Int64(max(0, offset)))])
        return (try rows.map { try Self.memory(from: $0) }, Int(try total[0].int64(0)))
    }

    package func memoryPage(userID: String, after cursor: Int64, limit: Int) async throws
        -> (items: [(memory: Memory, vector: [Float]?)], next: Int64?)
    {
        let rows = try await query(
            """
            SELECT \(Self.memoryColumns), CASE WHEN v.embedder = $4 THEN v.embedding END, m.id
            FROM \(Self.memoryFrom) WHERE m.user_id = $1 AND m.id > $2 AND m.import_batch IS NULL
            ORDER BY m.id LIMIT $3
            """, [.text(userID), .int64(cursor), .int64(Int64(limit)), .optionalText(cachedEmbedderID)])
        var items: [(memory: Memory, vector: [Float]?)] = []
        var last = cursor
        for row in rows {
            items.append((try Self.memory(from: row), row.isNull(15) ? nil : try row.vector(15)))
            last = try row.int64(16)
        }
        return (items, items.count == limit ? last : nil)
    }

    @discardableResult
    package func update(id: String, userID: String, text: String, embedding: [Float]?, importance: Double?, now: Date)
        async throws -> Memory
    {
        try Self.validate(userID: userID)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalidInput, "a memory's text cannot be empty")
        }
        if let importance, !(0...1).contains(importance) {
            throw StoreError(.invalidInput, "importance must be between 0 and 1, got \(importance)")
        }
        if let embedding { try checkVector(embedding) }
        let embedder = cachedEmbedderID ?? ""
        let rowID = try await transaction { db in
            guard let rowID = try Self.rowID(of: id, userID: userID, in: db) else {
                throw StoreError(.notFound, "no memory with id \(id) for user \(userID)")
            }
            try db.query(
                """
                UPDATE memories SET text = $1, content_hash = $2, importance = coalesce($3, importance), updated_at = $4
                WHERE id = $5
                """,
                [.text(text), .text(StoreBackendSupport.contentHash(text)), .optionalDouble(importance),
                 .timestamp(now), .int64(rowID)])
            if let embedding {
                try Self.storeVector(embedding, rowID: rowID, userID: userID, embedder: embedder, in: db)
            } else {
                try db.query("DELETE FROM memory_vectors WHERE memory_id = $1", [.int64(rowID)])
            }
            try Self.recordHistory(
                userID: userID, memoryID: id, action: "update", text: text, reason: "updated", in: db)
            return rowID
        }
        return try await memories(rowIDs: [rowID])[0]
    }

    package func stats(userID: String?) async throws -> StoreStats {
        try await reloadMeta()
        let scope = userID == nil ? "" : " AND user_id = $1"
        let values: [PostgresValue] = userID.map { [.text($0)] } ?? []
        func count(_ table: String, _ condition: String = "true") async throws -> Int {
            Int(try await query("SELECT count(*) FROM \(table) WHERE \(condition)\(scope)", values)[0].int64(0))
        }
        let embedder = cachedEmbedderID.map { "'" + $0.replacingOccurrences(of: "'", with: "''") + "'" } ?? "NULL"
        var stats = StoreStats(
            counting: try await count("memories", "status = 'active' AND import_batch IS NULL"),
            archivedMemories: try await count("memories", "status = 'archived' AND import_batch IS NULL"),
            memoriesWithoutVector: try await count(
                "memories",
                """
                status = 'active' AND import_batch IS NULL AND NOT EXISTS (SELECT 1 FROM memory_vectors v
                    WHERE v.memory_id = memories.id AND v.embedder IS NOT DISTINCT FROM \(embedder))
                """),
            entities: try await count("entities"),
            relationships: try await count("relationships"),
            pendingTasks: try await count("tasks", "status <> 'done'"),
            queuedExtractionJobs: try await count("extraction_jobs", "finished_at IS NULL"),
            historyEntries: try await count("history"),
            users: Int(
                try await query("SELECT count(DISTINCT user_id) FROM memories WHERE import_batch IS NULL")[0].int64(0)),
            embedder: cachedEmbedderID, dimension: cachedDimension,
            sizeBytes: try await query("SELECT pg_database_size(current_database())")[0].int64(0),
            schemaVersion: PostgresSchema.currentVersion)
        let gate = try await gateCounts(userID: userID)
        stats.gateSentToExtraction = gate.sentToExtraction
        stats.gateSkipped = gate.skipped
        stats.gateSkippedByReason = gate.skippedByReason
        return stats
    }

    /// Ids of `userID`'s memories whose vector cannot be compared (a zero vector): pgvector
    /// itself refuses non-finite components and vectors of the wrong length.
    package func corruptEmbeddingIDs(userID: String) async throws -> [String] {
        try await query(
            """
            SELECT m.external_id FROM memory_vectors v JOIN memories m ON m.id = v.memory_id
            WHERE v.user_id = $1 AND m.user_id = $1 AND m.status = 'active' AND vector_norm(v.embedding) = 0
            ORDER BY m.id
            """, [.text(userID)]
        ).map { try $0.string(0) }
    }

    package func needsVector(memory id: String, userID: String) async throws -> Bool? {
        try Self.validate(userID: userID)
        return try await query(
            """
            SELECT NOT EXISTS (SELECT 1 FROM memory_vectors v WHERE v.memory_id = m.id) FROM memories m
            WHERE m.user_id = $1 AND m.external_id = $2 AND m.import_batch IS NULL
            """, [.text(userID), .text(id)]
        ).first?.bool(0)
    }

    @discardableResult
    package func attachMissingVector(_ vector: [Float], toMemory id: String, userID: String) async throws -> Bool {
        try Self.validate(userID: userID)
        try checkVector(vector)
        return try await update(
            """
            INSERT INTO memory_vectors (memory_id, user_id, embedder, embedding)
            SELECT id, user_id, $3, $4::vector FROM memories
            WHERE user_id = $1 AND external_id = $2 AND import_batch IS NULL
            ON CONFLICT (memory_id) DO NOTHING
            """, [.text(userID), .text(id), .text(cachedEmbedderID ?? ""), .vector(vector)]) == 1
    }

    package func sources(of facts: [Memory], userID: String) async throws -> [String: [FactSource]] {
        let ids = facts.filter { $0.kind != .turn }.map(\.id)
        guard !ids.isEmpty else { return [:] }
        let rows = try await query(
            """
            SELECT f.external_id, t.external_id, t.created_at,
                CASE WHEN t.metadata IS JSON OBJECT THEN t.metadata::jsonb ->> 'conversation' END
            FROM memories f
            JOIN memory_sources s ON s.fact_id = f.id
            JOIN memories t ON t.id = s.turn_id
            WHERE f.user_id = $1 AND t.user_id = $1 AND f.external_id = ANY($2::text[])
            ORDER BY t.created_at, t.id
            """, [.text(userID), .text(Self.textArray(ids))])
        var result: [String: [FactSource]] = [:]
        for row in rows {
            result[try row.string(0), default: []].append(
                FactSource(turnID: try row.string(1), conversation: row.optionalString(3), saidAt: try row.date(2)))
        }
        return result
    }

    package func turnNeighbours(of memories: [Memory], userID: String, now: Date) async throws
        -> [String: TurnNeighbours]
    {
        let places = memories.compactMap { memory in TurnPlace(of: memory).map { (memory.id, $0) } }
        guard !places.isEmpty else { return [:] }
        let conversations = Array(Set(places.map(\.1.conversation)))
        let positions = Array(Set(places.flatMap { [$0.1.position - 1, $0.1.position + 1] }))
        let rows = try await query(
            """
            SELECT \(Self.memoryColumns) FROM \(Self.memoryFrom)
            WHERE \(Self.live) AND m.kind = 'turn'
                AND (CASE WHEN m.metadata IS JSON OBJECT THEN m.metadata::jsonb ->> 'conversation' END) = ANY($3::text[])
                AND (CASE WHEN m.metadata IS JSON OBJECT AND jsonb_typeof(m.metadata::jsonb -> 'position') = 'number'
                    THEN (m.metadata::jsonb ->> 'position')::double precision END) = ANY($4::double precision[])
            """,
            [.text(userID), .timestamp(now), .text(Self.textArray(conversations)),
             .text("{" + positions.map(String.init).joined(separator: ",") + "}")])
        var byPlace: [String: [Int: Memory]] = [:]
        for row in rows {
            let memory = try Self.memory(from: row)
            guard let place = TurnPlace(of: memory) else { continue }
            byPlace[place.conversation, default: [:]][place.position] = memory
        }
        var result: [String: TurnNeighbours] = [:]
        for (id, place) in places {
            let found = byPlace[place.conversation] ?? [:]
            let neighbours = TurnNeighbours(before: found[place.position - 1], after: found[place.position + 1])
            if neighbours.before != nil || neighbours.after != nil { result[id] = neighbours }
        }
        return result
    }
}
