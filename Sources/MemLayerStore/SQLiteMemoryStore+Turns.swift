import Foundation

extension ConversationTurn {
    /// The turn as it is kept word for word: `User: …` and `Assistant: …` on their own lines.
    public var transcript: String { "User: \(user)\nAssistant: \(assistant)" }
}

/// Where a kept turn stands: its conversation and its place in it.
public struct TurnPlace: Sendable, Hashable, Codable {
    /// The conversation's id (one per ``MemoryClient`` unless the app names its own).
    public var conversation: String
    /// The turn's number in the conversation, from 1.
    public var position: Int

    /// Creates a place.
    public init(conversation: String, position: Int) {
        self.conversation = conversation
        self.position = position
    }
}

extension SQLiteMemoryStore {
    /// Keeps a finished chat turn word for word — a `turn` memory dated when it was said, with
    /// its conversation and place — and queues it for extraction, in one transaction: the turn is
    /// either kept and queued, or neither. The memory has no vector yet (keyword search finds it
    /// at once); the extraction worker embeds it, so keeping it costs the chat one insert.
    /// - Returns: the queued job's id and the kept memory.
    @discardableResult
    public func keepAndEnqueue(_ turn: ConversationTurn, at place: TurnPlace, userID: String) throws
        -> (jobID: Int64, memory: Memory)
    {
        try Self.validate(userID: userID)
        let db = try db()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        let metadata = String(decoding: try encoder.encode(place), as: UTF8.self)
        let item = NewMemory(
            text: turn.transcript, kind: .turn, importance: turn.importance ?? 0.5, createdAt: turn.at,
            source: turn.source ?? ConversationTurn.Origin.chat.rawValue, metadataJSON: metadata)
        let (rowID, jobID): (Int64, Int64) = try db.transaction {
            // The same words said again refresh the turn kept before; the job points at it.
            let (rowID, _) = try write(item, userID: userID, now: turn.at, in: db)
            var queued = turn
            queued.keptMemoryID = try memory(rowID: rowID, in: db).id
            let payload = String(decoding: try encoder.encode(queued), as: UTF8.self)
            try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
                .bind(.text(userID), .text(payload), .real(turn.at.timeIntervalSince1970)).run()
            return (rowID, db.lastInsertRowID)
        }
        return (jobID, try memory(rowID: rowID, in: db))
    }

    /// Gives memory `id` the vector `vector` (from the store's embedder) if it has none yet: a
    /// kept turn, embedded by the extraction worker after the chat has moved on.
    /// - Returns: false when the memory is gone, or already had a vector.
    @discardableResult
    public func attachMissingVector(_ vector: [Float], toMemory id: String, userID: String) throws -> Bool {
        try Self.validate(userID: userID)
        try checkVector(vector)
        let db = try db()
        var version: Int64 = 0
        let rowID: Int64? = try db.transaction {
            guard
                let rowID = try db.prepare(
                    """
                    SELECT id FROM memories
                    WHERE user_id = ? AND external_id = ? AND embedding IS NULL AND import_batch IS NULL
                    """
                ).bind(.text(userID), .text(id)).firstRow({ $0.int64(0) })
            else { return nil }
            try db.prepare("UPDATE memories SET embedding = ?, embedder = ? WHERE id = ?")
                .bind(.blob(EmbeddingBlob.encode(vector)), .optionalText(embedderID), .integer(rowID)).run()
            version = try Self.vectorVersion(of: userID, in: db)
            return rowID
        }
        guard let rowID else { return false }
        applyToIndex(userID: userID, changes: [.upsert(rowID, vector)], version: version)
        return true
    }

    /// Whether memory `id` still exists and has no vector yet: nil when it is gone.
    public func needsVector(memory id: String, userID: String) throws -> Bool? {
        try Self.validate(userID: userID)
        return try db().prepare(
            "SELECT embedding IS NULL FROM memories WHERE user_id = ? AND external_id = ? AND import_batch IS NULL")
            .bind(.text(userID), .text(id)).firstRow { $0.int64(0) != 0 }
    }

    /// Ends job `jobID` whose turn is already kept as memory `memoryID`, noting `reason` (why
    /// extraction gave up) in `history`, in one transaction. False when the job was gone.
    package func closeJob(_ jobID: Int64, keptAs memoryID: String, userID: String, reason: String) throws -> Bool {
        let db = try db()
        return try db.transaction {
            guard try Self.finishJob(jobID, in: db) else { return false }
            try Self.recordHistory(
                userID: userID, memoryID: memoryID, action: "update", text: nil, reason: reason, in: db)
            return true
        }
    }
}
