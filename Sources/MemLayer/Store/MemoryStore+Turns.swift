import Foundation

extension ConversationTurn {
    /// The turn as it is kept word for word: `User: …` and `Assistant: …` on their own lines.
    public var transcript: String { "User: \(user)\nAssistant: \(assistant)" }
}

/// Where a kept turn stands: its conversation and its place in it.
public struct TurnPlace: Sendable, Equatable, Codable {
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

extension MemoryStore {
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
        let payload = String(decoding: try encoder.encode(turn), as: UTF8.self)
        let metadata = String(decoding: try encoder.encode(place), as: UTF8.self)
        let item = NewMemory(
            text: turn.transcript, kind: .turn, importance: turn.importance ?? 0.5, createdAt: turn.at,
            source: turn.source ?? ConversationTurn.Origin.chat.rawValue, metadataJSON: metadata)
        let (rowID, jobID): (Int64, Int64) = try db.transaction {
            let (rowID, _) = try write(item, userID: userID, now: turn.at, in: db)
            try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
                .bind(.text(userID), .text(payload), .real(turn.at.timeIntervalSince1970)).run()
            return (rowID, db.lastInsertRowID)
        }
        return (jobID, try memory(rowID: rowID, in: db))
    }
}
