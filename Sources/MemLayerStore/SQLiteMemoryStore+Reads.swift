import Foundation

extension SQLiteMemoryStore {
    /// The columns ``memory(from:)`` maps, in order.
    static let memoryColumns = """
        external_id, user_id, text, kind, importance, created_at, updated_at, expires_at, last_accessed_at,
        access_count, status, source, metadata, embedder, event_at
        """

    /// One memory by id, or nil.
    public func memory(id: String, userID: String) throws -> Memory? {
        try db().prepare(
            "SELECT \(Self.memoryColumns) FROM memories WHERE user_id = ? AND external_id = ? AND import_batch IS NULL"
        )
            .bind(.text(userID), .text(id)).firstRow(Self.memory(from:))
    }

    /// Every memory of `userID` (active and archived), oldest first.
    public func memories(userID: String) throws -> [Memory] {
        var result: [Memory] = []
        try db().prepare(
            """
            SELECT \(Self.memoryColumns) FROM memories WHERE user_id = ? AND import_batch IS NULL
            ORDER BY created_at, id
            """
        )
            .bind(.text(userID)).forEachRow { result.append(Self.memory(from: $0)) }
        return result
    }

    /// A page of `userID`'s memories in insertion order, each with its stored vector when that is
    /// usable (right length, the store's embedder). Pass the returned cursor back for the next
    /// page; nil means there are no more. Exports of any size page through this in small steps.
    public func memoryPage(userID: String, after cursor: Int64 = 0, limit: Int = 500) throws
        -> (items: [(memory: Memory, vector: [Float]?)], next: Int64?)
    {
        let statement = try db().prepare(
            """
            SELECT \(Self.memoryColumns), embedding, id FROM memories
            WHERE user_id = ? AND id > ? AND import_batch IS NULL ORDER BY id LIMIT ?
            """
        )
        var items: [(memory: Memory, vector: [Float]?)] = []
        var last = cursor
        try statement.bind(.text(userID), .integer(cursor), .integer(Int64(limit))).forEachRow { row in
            let memory = Self.memory(from: row)
            var vector: [Float]?
            if let dimension, memory.embedder == embedderID, let blob = row.blob(15) {
                vector = EmbeddingBlob.decode(blob, dimension: dimension)
            }
            items.append((memory, vector))
            last = row.int64(16)
        }
        return (items, items.count == limit ? last : nil)
    }

    /// Ids of `userID`'s memories whose stored vector is unusable (wrong byte length, zero or
    /// non-finite) and so left out of vector search, as found when the index was last loaded.
    public func corruptEmbeddingIDs(userID: String) throws -> [String] {
        guard dimension != nil else { return [] }  // no embedder yet, so no vectors at all
        let index = try loadedIndex(userID: userID)
        return try index.skippedRowIDs.compactMap { rowID in
            try db().prepare("SELECT external_id FROM memories WHERE id = ?").bind(.integer(rowID)).firstRow {
                $0.text(0)
            }
        }
    }

    /// Counts and settings; memory counts are for `userID` (all users when nil).
    public func stats(userID: String?) throws -> StoreStats {
        let db = try db()
        func count(_ table: String, _ condition: String = "1", _ values: [SQLiteValue] = []) throws -> Int {
            let scope = userID == nil ? "" : " AND user_id = ?"
            let statement = try db.prepare("SELECT count(*) FROM \(table) WHERE \(condition)\(scope)")
            try statement.bind(values + (userID.map { [.text($0)] } ?? []))
            return Int(try statement.firstRow { $0.int64(0) } ?? 0)
        }
        var size: Int64 = 0
        if case .file(let path) = location {
            for suffix in ["", "-wal"] {
                let attributes = try? FileManager.default.attributesOfItem(atPath: path + suffix)
                size += (attributes?[.size] as? NSNumber)?.int64Value ?? 0
            }
        }
        var stats = StoreStats(
            activeMemories: try count("memories", "status = 'active' AND import_batch IS NULL"),
            archivedMemories: try count("memories", "status = 'archived' AND import_batch IS NULL"),
            memoriesWithoutVector: try count(
                "memories", "status = 'active' AND import_batch IS NULL AND (embedding IS NULL OR embedder IS NOT ?)",
                [.optionalText(embedderID)]),
            entities: try count("entities"),
            relationships: try count("relationships"),
            pendingTasks: try count("tasks", "status != 'done'"),
            queuedExtractionJobs: try count("extraction_jobs", "finished_at IS NULL"),
            historyEntries: try count("history"),
            users: Int(
                try db.prepare("SELECT count(DISTINCT user_id) FROM memories WHERE import_batch IS NULL")
                    .firstRow { $0.int64(0) } ?? 0),
            embedder: embedderID,
            dimension: dimension,
            fileSizeBytes: size,
            schemaVersion: StoreSchema.currentVersion)
        let gate = try gateCounts(userID: userID)
        stats.gateSentToExtraction = gate.sentToExtraction
        stats.gateSkipped = gate.skipped
        stats.gateSkippedByReason = gate.skippedByReason
        return stats
    }

    func memory(rowID: Int64, in db: SQLiteConnection) throws -> Memory {
        guard
            let memory = try db.prepare("SELECT \(Self.memoryColumns) FROM memories WHERE id = ?")
                .bind(.integer(rowID)).firstRow(Self.memory(from:))
        else { throw StoreError(.notFound, "memory row \(rowID) vanished") }
        return memory
    }

    static func memory(from row: SQLiteStatement) -> Memory {
        Memory(
            id: row.text(0),
            userID: row.text(1),
            text: row.text(2),
            kind: MemoryKind(rawValue: row.text(3)) ?? .fact,
            importance: row.double(4),
            createdAt: Date(timeIntervalSince1970: row.double(5)),
            updatedAt: Date(timeIntervalSince1970: row.double(6)),
            expiresAt: row.optionalDouble(7).map(Date.init(timeIntervalSince1970:)),
            lastAccessedAt: row.optionalDouble(8).map(Date.init(timeIntervalSince1970:)),
            accessCount: Int(row.int64(9)),
            status: MemoryStatus(rawValue: row.text(10)) ?? .active,
            source: row.optionalText(11),
            metadataJSON: row.optionalText(12),
            embedder: row.optionalText(13),
            eventAt: row.optionalDouble(14).map(Date.init(timeIntervalSince1970:)))
    }
}

extension SQLiteMemoryStore {
    /// A page of `userID`'s memories (active and archived), oldest first: `limit` of them after
    /// skipping `offset`.
    public func memories(userID: String, limit: Int, offset: Int = 0) throws -> [Memory] {
        guard limit > 0 else { return [] }
        var result: [Memory] = []
        try db().prepare(
            "SELECT \(Self.memoryColumns) FROM memories WHERE user_id = ? AND import_batch IS NULL ORDER BY created_at, id LIMIT ? OFFSET ?"
        ).bind(.text(userID), .integer(Int64(limit)), .integer(Int64(max(0, offset)))).forEachRow {
            result.append(Self.memory(from: $0))
        }
        return result
    }
}
