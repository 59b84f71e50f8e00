import Foundation

extension MemoryStore {
    /// Writes imported conversation turns (``ConversationImport``) and queues `turns` for
    /// extraction: all of it lands or none does (staged like ``insert(_:userID:now:)`` when large).
    ///
    /// Unlike ``insert(_:userID:now:)``, the same text is never merged into an earlier memory:
    /// "Thanks!" said in two conversations is two moments, each with its own id and place. A
    /// memory whose id exists already is replaced, so importing a file again changes nothing.
    /// - Returns: the stored memories, in input order.
    @discardableResult
    public func keepImportedTurns(
        _ memories: [NewMemory], queueing turns: [ConversationTurn], userID: String, now: Date = Date()
    ) async throws -> [Memory] {
        try Self.validate(userID: userID)
        for item in memories {
            guard !item.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError(.invalidInput, "a memory's text cannot be empty")
            }
            if let vector = item.embedding { try checkVector(vector) }
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let payloads = try turns.map { (String(decoding: try encoder.encode($0), as: UTF8.self), $0.at) }
        let rowIDs = try await writeAllOrNothing(
            memories.map(PreparedMemory.init), userID: userID, now: now, mergingSameText: false
        ) { db, _ in
            for (payload, at) in payloads {
                try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
                    .bind(.text(userID), .text(payload), .real(at.timeIntervalSince1970)).run()
            }
        }
        let db = try db()
        return try rowIDs.map { try memory(rowID: $0, in: db) }
    }
}
