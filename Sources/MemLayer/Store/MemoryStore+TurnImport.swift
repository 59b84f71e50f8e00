import Foundation

extension MemoryStore {
    /// Writes imported conversation turns (``ConversationImport``) and queues `turns` for
    /// extraction, in one transaction: all of it lands or none does.
    ///
    /// Unlike ``insert(_:userID:now:)``, the same text is never merged into an earlier memory:
    /// "Thanks!" said in two conversations is two moments, each with its own id and place. A
    /// memory whose id exists already is replaced, so importing a file again changes nothing.
    /// - Returns: the stored memories, in input order.
    @discardableResult
    public func keepImportedTurns(
        _ memories: [NewMemory], queueing turns: [ConversationTurn], userID: String, now: Date = Date()
    ) throws -> [Memory] {
        try Self.validate(userID: userID)
        let db = try db()
        for item in memories {
            guard !item.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError(.invalidInput, "a memory's text cannot be empty")
            }
            if let vector = item.embedding { try checkVector(vector) }
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        var changes: [IndexChange] = []
        var version: Int64 = 0
        let rowIDs: [Int64] = try db.transaction {
            var rowIDs: [Int64] = []
            for item in memories {
                let (rowID, change) = try write(item, userID: userID, now: now, mergingSameText: false, in: db)
                rowIDs.append(rowID)
                changes.append(change)
            }
            for turn in turns {
                let payload = String(decoding: try encoder.encode(turn), as: UTF8.self)
                try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
                    .bind(.text(userID), .text(payload), .real(turn.at.timeIntervalSince1970)).run()
            }
            version = try Self.vectorVersion(of: userID, in: db)
            return rowIDs
        }
        applyToIndex(userID: userID, changes: changes, version: version)
        return try rowIDs.map { try memory(rowID: $0, in: db) }
    }
}
