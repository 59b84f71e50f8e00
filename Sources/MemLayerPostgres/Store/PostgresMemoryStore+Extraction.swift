import Foundation
import MemLayerStore

/// Applying a finished extraction: facts (restatements refresh the stored fact), the graph with
/// each edge's source fact, tasks not already scheduled, and the job's end, in one transaction.
extension PostgresMemoryStore: ExtractionQueueStoring {
    package func commitExtraction(jobID: Int64, userID: String, _ write: ExtractionWrite, learnedAt: Date, now: Date)
        async throws -> ExtractionSummary?
    {
        for prepared in write.facts { try checkVector(prepared.vector) }
        let embedder = cachedEmbedderID ?? ""
        return try await transaction { db in
            guard try Self.lockQueued(jobID, in: db) else { return nil }
            try Self.lockUser(userID, in: db)
            var summary = ExtractionSummary()
            let factRows = try ExtractionWriteRules.writeFacts(
                write, summary: &summary,
                duplicate: {
                    try Self.duplicate(
                        of: $0, userID: userID, embedder: embedder, added: $1, policy: write.duplicates, now: now,
                        in: db)
                },
                refresh: {
                    try Self.refresh($0, with: $1, how: $2, source: write.source, userID: userID, now: now, in: db)
                },
                insert: { fact, vector in
                    let item = NewMemory(
                        text: fact.text, kind: .fact, importance: fact.importance, createdAt: learnedAt,
                        expiresAt: fact.expiresAt, source: write.source, eventAt: fact.eventAt)
                    let externalID = UUID().uuidString.lowercased()
                    let rowID = try Self.insertRow(item, externalID: externalID, userID: userID, now: now, in: db)
                    try Self.storeVector(vector, rowID: rowID, userID: userID, embedder: embedder, in: db)
                    try Self.recordHistory(
                        userID: userID, memoryID: externalID, action: "add", text: fact.text,
                        reason: "extracted from \(write.source)", in: db)
                    return StoredFact(rowID: rowID, externalID: externalID, text: fact.text)
                })
            if let turnID = write.sourceTurnID {
                for fact in factRows { try Self.link(factRowID: fact.rowID, toTurns: [turnID], userID: userID, in: db) }
            }
            try Self.writeGraph(write, facts: factRows, userID: userID, now: now, summary: &summary, in: db)
            try ExtractionWriteRules.scheduleTasks(
                write, summary: &summary, isScheduled: { try Self.isScheduled($0, userID: userID, in: db) },
                schedule: { try Self.scheduleTask($0, dueAt: $1, userID: userID, now: now, in: db) })
            _ = try Self.finishJob(jobID, in: db)
            return summary
        }
    }

    package func keepAsWritten(jobID: Int64, userID: String, memory item: NewMemory, reason: String, now: Date)
        async throws -> Memory?
    {
        if let vector = item.embedding { try checkVector(vector) }
        let embedder = cachedEmbedderID ?? ""
        let rowID: Int64? = try await transaction { db in
            guard try Self.lockQueued(jobID, in: db) else { return nil }
            try Self.lockUser(userID, in: db)
            let rowID: Int64
            if let existing = try Self.activeMemory(withText: item.text, kind: item.kind, userID: userID, in: db) {
                try db.query(
                    "UPDATE memories SET updated_at = $1, importance = greatest(importance, $2) WHERE id = $3",
                    [.timestamp(now), .double(item.importance), .int64(existing.rowID)])
                // A turn kept word for word before extraction ran may still lack its vector.
                if let vector = item.embedding, !existing.hasVector {
                    try Self.storeVector(vector, rowID: existing.rowID, userID: userID, embedder: embedder, in: db)
                }
                try Self.recordHistory(
                    userID: userID, memoryID: existing.id, action: "update", text: item.text,
                    reason: reason + "; the same text was already stored", in: db)
                rowID = existing.rowID
            } else {
                let externalID = UUID().uuidString.lowercased()
                var row = item
                row.expiresAt = nil
                row.metadataJSON = nil
                row.eventAt = nil
                rowID = try Self.insertRow(row, externalID: externalID, userID: userID, now: now, in: db)
                if let vector = item.embedding {
                    try Self.storeVector(vector, rowID: rowID, userID: userID, embedder: embedder, in: db)
                }
                try Self.recordHistory(
                    userID: userID, memoryID: externalID, action: "add", text: item.text, reason: reason, in: db)
            }
            _ = try Self.finishJob(jobID, in: db)
            return rowID
        }
        guard let rowID else { return nil }
        return try await memories(rowIDs: [rowID])[0]
    }

    // MARK: - Internals

    /// A live fact of `userID` that `prepared` restates, and how it was matched: the same text,
    /// a fact added earlier in this job, or one of the user's 8 nearest vectors.
    private static func duplicate(
        of prepared: PreparedFact, userID: String, embedder: String, added: [(fact: StoredFact, vector: [Float])],
        policy: DuplicateCheck, now: Date, in db: isolated PostgresConnection
    ) throws -> (StoredFact, String)? {
        let text = prepared.fact.text
        let wanted = ContentHash.normalise(text)
        for row in try db.query(
            """
            SELECT m.id, m.external_id, m.text FROM memories m
            WHERE \(liveWithTime("$2")) AND m.kind = 'fact' AND m.content_hash = $3 ORDER BY m.id
            """, [.text(userID), .timestamp(now), .text(StoreBackendSupport.contentHash(text))])
        where ContentHash.normalise(try row.string(2)) == wanted {
            return (StoredFact(rowID: try row.int64(0), externalID: try row.string(1), text: try row.string(2)),
                "the same text")
        }
        // Facts this job added are compared directly (the SQLite store's index sees them only
        // after COMMIT; here they are rows already, but the order of checks stays the same).
        for (fact, vector) in added {
            let cosine = ExtractionWriteRules.cosine(vector, prepared.vector)
            if policy.isDuplicate(text, of: fact.text, cosine: cosine) {
                return (fact, String(format: "cosine %.3f", cosine))
            }
        }
        let addedRows = Set(added.map(\.fact.rowID))
        let nearest = try db.query(
            """
            WITH scored AS MATERIALIZED (
                SELECT m.id, m.external_id, m.text, m.kind, 1 - (v.embedding <=> $3::vector) AS similarity,
                    (m.expires_at IS NULL OR m.expires_at > $2) AS unexpired
                FROM memory_vectors v JOIN memories m ON m.id = v.memory_id
                WHERE v.user_id = $1 AND m.user_id = $1 AND v.embedder = $4 AND m.status = 'active'
                    AND m.import_batch IS NULL AND vector_norm(v.embedding) > 0
            )
            SELECT id, external_id, text, kind, similarity, unexpired FROM scored
            ORDER BY similarity DESC, id LIMIT 8
            """, [.text(userID), .timestamp(now), .vector(prepared.vector), .text(embedder)])
        for row in nearest {
            let cosine = Float(try row.double(4))
            guard cosine >= policy.lowestThreshold, try row.string(3) == "fact", try row.bool(5),
                !addedRows.contains(try row.int64(0))
            else { continue }
            let existing = try row.string(2)
            if policy.isDuplicate(text, of: existing, cosine: cosine) {
                return (StoredFact(rowID: try row.int64(0), externalID: try row.string(1), text: existing),
                    String(format: "cosine %.3f", cosine))
            }
        }
        return nil
    }

    /// Refreshes `existing` with a restatement: the higher importance, now as `updated_at`, the
    /// later expiry (none beats any); the text stays as first written.
    private static func refresh(
        _ existing: StoredFact, with fact: ExtractedFact, how: String, source: String, userID: String, now: Date,
        in db: isolated PostgresConnection
    ) throws {
        try db.query(
            """
            UPDATE memories SET importance = greatest(importance, $1), updated_at = $2,
                expires_at = CASE WHEN expires_at IS NULL OR $3::timestamptz IS NULL THEN NULL
                    ELSE greatest(expires_at, $3) END,
                event_at = coalesce(event_at, $5)
            WHERE id = $4
            """,
            [.double(fact.importance), .timestamp(now), .optionalTimestamp(fact.expiresAt), .int64(existing.rowID),
             .optionalTimestamp(fact.eventAt)])
        try recordHistory(
            userID: userID, memoryID: existing.externalID, action: "update", text: fact.text,
            reason: "extracted again from \(source) (\(how))", in: db)
    }

    /// Entities (canonicalised: case and spacing never make two, different names never merge)
    /// and relationships, as ``ExtractionWriteRules/writeGraph(_:facts:summary:entityID:link:)`` says.
    private static func writeGraph(
        _ write: ExtractionWrite, facts: [StoredFact], userID: String, now: Date, summary: inout ExtractionSummary,
        in db: isolated PostgresConnection
    ) throws {
        try ExtractionWriteRules.writeGraph(
            write, facts: facts, summary: &summary,
            entityID: { try entityID(named: $0, type: $1, userID: userID, now: now, in: db) },
            link: {
                try link(
                    subjectID: $0, predicate: $1, objectID: $2, memoryRowID: $3, userID: userID, now: now, in: db)
            })
    }
}
