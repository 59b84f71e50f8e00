import Foundation
import MemLayerStore

/// Adding memories: insert (merging the same text), import (reporting it), and the row writer
/// both share.
extension PostgresMemoryStore {
    /// Stores `items` for `userID` in one transaction. An item whose id the user has replaces
    /// that memory; one whose text an active memory holds refreshes it instead of adding a copy.
    @discardableResult
    package func insert(_ items: [NewMemory], userID: String, now: Date) async throws -> [Memory] {
        try Self.validate(userID: userID)
        try check(items)
        let embedder = cachedEmbedderID ?? ""
        let rowIDs = try await transaction { db in
            try Self.lockUser(userID, in: db)
            let rowIDs = try items.map { item in
                try Self.write(item, userID: userID, now: now, mergingSameText: true, embedder: embedder, in: db)
            }
            // After every write, so a fact may come before the turns it names (any file order).
            for (item, rowID) in zip(items, rowIDs) where !item.sourceTurnIDs.isEmpty {
                try Self.link(factRowID: rowID, toTurns: item.sourceTurnIDs, userID: userID, in: db)
            }
            return rowIDs
        }
        return try await memories(rowIDs: rowIDs)
    }

    /// Stores a file's memories for `userID` in one transaction; an item whose text the user
    /// already has (or an earlier item had) is reported as a duplicate and not written.
    package func importItems(_ items: [NewMemory], userID: String, now: Date) async throws -> ImportReport {
        try Self.validate(userID: userID)
        try check(items)
        let embedder = cachedEmbedderID ?? ""
        let (rowIDs, duplicates) = try await transaction { db in
            try Self.lockUser(userID, in: db)
            var duplicates: [ImportDuplicate] = []
            var kept: [Int] = []
            var earlier: [String: Int] = [:]
            var repeats: [(duplicate: Int, first: Int)] = []
            for (index, item) in items.enumerated() {
                let text = ContentHash.normalise(item.text)
                let hasID = try item.id.map { try Self.rowID(of: $0, userID: userID, in: db) != nil } ?? false
                if !hasID {
                    if let existing = try Self.activeMemory(withText: item.text, userID: userID, in: db) {
                        duplicates.append(ImportDuplicate(item: index, requestedID: item.id, existingID: existing.id))
                        continue
                    }
                    if let first = earlier[text] {
                        repeats.append((duplicates.count, first))
                        duplicates.append(ImportDuplicate(item: index, requestedID: item.id, existingID: ""))
                        continue
                    }
                }
                if earlier[text] == nil { earlier[text] = index }
                kept.append(index)
            }
            var rowIDs: [Int64] = []
            for index in kept {
                rowIDs.append(
                    try Self.write(items[index], userID: userID, now: now, mergingSameText: false, embedder: embedder, in: db))
            }
            for (index, rowID) in zip(kept, rowIDs) where !items[index].sourceTurnIDs.isEmpty {
                try Self.link(factRowID: rowID, toTurns: items[index].sourceTurnIDs, userID: userID, in: db)
            }
            // An item repeating an earlier item of the list points at the memory that item became.
            let rowByIndex = Dictionary(uniqueKeysWithValues: zip(kept, rowIDs))
            for (position, first) in repeats {
                let duplicate = duplicates[position]
                let id = try rowByIndex[first].map { try Self.memory(rowID: $0, in: db).id } ?? ""
                duplicates[position] = ImportDuplicate(
                    item: duplicate.index, requestedID: duplicate.requestedID, existingID: id)
            }
            return (rowIDs, duplicates)
        }
        return ImportReport(written: try await memories(rowIDs: rowIDs), duplicates: duplicates)
    }

    /// Writes one memory (insert, replace by id, or refresh the same text); returns its row id.
    /// With `mergingSameText` false the same text is a new memory (imported messages are
    /// separate moments even when their words repeat).
    static func write(
        _ item: NewMemory, userID: String, now: Date, mergingSameText: Bool, embedder: String,
        in db: isolated PostgresConnection
    ) throws -> Int64 {
        let hash = StoreBackendSupport.contentHash(item.text)
        if let externalID = item.id, let existing = try rowID(of: externalID, userID: userID, in: db) {
            try db.query(
                """
                UPDATE memories SET text = $1, kind = $2, importance = $3, created_at = coalesce($4, created_at),
                    updated_at = $5, expires_at = $6, source = $7, content_hash = $8, metadata = $9,
                    status = 'active', event_at = $10
                WHERE id = $11
                """,
                [.text(item.text), .text(item.kind.rawValue), .double(item.importance),
                 .optionalTimestamp(item.createdAt), .timestamp(now), .optionalTimestamp(item.expiresAt),
                 .optionalText(item.source), .text(hash), .optionalText(item.metadataJSON),
                 .optionalTimestamp(item.eventAt), .int64(existing)])
            if let vector = item.embedding {
                try storeVector(vector, rowID: existing, userID: userID, embedder: embedder, in: db)
            } else {
                try db.query("DELETE FROM memory_vectors WHERE memory_id = $1", [.int64(existing)])
            }
            try recordHistory(
                userID: userID, memoryID: externalID, action: "update", text: item.text, reason: "replaced by id",
                in: db)
            return existing
        }
        if mergingSameText, let duplicate = try activeMemory(withText: item.text, userID: userID, in: db) {
            try db.query(
                "UPDATE memories SET updated_at = $1, importance = greatest(importance, $2) WHERE id = $3",
                [.timestamp(now), .double(item.importance), .int64(duplicate.rowID)])
            try recordHistory(
                userID: userID, memoryID: duplicate.id, action: "update", text: item.text,
                reason: "same text remembered again", in: db)
            // The stored vector (if any) stays; a duplicate without one takes the new vector.
            if !duplicate.hasVector, let vector = item.embedding {
                try storeVector(vector, rowID: duplicate.rowID, userID: userID, embedder: embedder, in: db)
            }
            return duplicate.rowID
        }
        let externalID = item.id ?? UUID().uuidString.lowercased()
        let rowID = try insertRow(item, externalID: externalID, userID: userID, now: now, in: db)
        if let vector = item.embedding {
            try storeVector(vector, rowID: rowID, userID: userID, embedder: embedder, in: db)
        }
        try recordHistory(
            userID: userID, memoryID: externalID, action: "add", text: item.text, reason: item.source ?? "added", in: db)
        return rowID
    }

    /// Inserts a memory row (no vector) and returns its row id.
    static func insertRow(
        _ item: NewMemory, externalID: String, userID: String, now: Date, in db: isolated PostgresConnection
    ) throws -> Int64 {
        let rows = try db.query(
            """
            INSERT INTO memories (external_id, user_id, text, kind, importance, created_at, updated_at, expires_at,
                source, content_hash, metadata, event_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id
            """,
            [.text(externalID), .text(userID), .text(item.text), .text(item.kind.rawValue), .double(item.importance),
             .timestamp(item.createdAt ?? now), .timestamp(now), .optionalTimestamp(item.expiresAt),
             .optionalText(item.source), .text(StoreBackendSupport.contentHash(item.text)),
             .optionalText(item.metadataJSON), .optionalTimestamp(item.eventAt)])
        return try rows[0].int64(0)
    }

    /// The active memory of `userID` whose text is `text` (up to case and white space), of
    /// `kind` when given.
    static func activeMemory(
        withText text: String, kind: MemoryKind? = nil, userID: String, in db: isolated PostgresConnection
    ) throws -> (rowID: Int64, id: String, text: String, hasVector: Bool)? {
        let rows = try db.query(
            """
            SELECT m.id, m.external_id, m.text, v.memory_id IS NOT NULL FROM memories m
            LEFT JOIN memory_vectors v ON v.memory_id = m.id
            WHERE m.user_id = $1 AND m.content_hash = $2 AND m.status = 'active' AND m.import_batch IS NULL
                AND ($3::text IS NULL OR m.kind = $3)
            ORDER BY m.id
            """,
            [.text(userID), .text(StoreBackendSupport.contentHash(text)), .optionalText(kind?.rawValue)])
        let wanted = ContentHash.normalise(text)
        for row in rows where ContentHash.normalise(try row.string(2)) == wanted {
            return (try row.int64(0), try row.string(1), try row.string(2), try row.bool(3))
        }
        return nil
    }

    /// Links the fact at `factRowID` to those of `turnIDs` that are `userID`'s kept turns.
    static func link(factRowID: Int64, toTurns turnIDs: [String], userID: String, in db: isolated PostgresConnection)
        throws
    {
        guard !turnIDs.isEmpty else { return }
        try db.query(
            """
            INSERT INTO memory_sources (fact_id, turn_id)
            SELECT $1, id FROM memories WHERE user_id = $2 AND external_id = ANY($3::text[]) AND kind = 'turn'
                AND id <> $1
            ON CONFLICT DO NOTHING
            """, [.int64(factRowID), .text(userID), .text(textArray(Array(Set(turnIDs))))])
    }
}
