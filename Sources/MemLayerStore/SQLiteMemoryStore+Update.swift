import Foundation

extension SQLiteMemoryStore {
    /// Changes memory `id` of `userID` in place: its text (with `embedding`, the new text's
    /// vector from the store's embedder, or nil for a store without vectors) and, when given, its
    /// importance. The id and creation date stay; `updated_at` becomes `now`, the change goes to
    /// `history`, and the vector index follows at once. Graph edges the memory stated stay: they
    /// were learned from what it said then.
    /// - Throws: `StoreError(.notFound)` when the user has no such memory; `.invalidInput` for
    ///   empty text or an importance outside 0…1; `.dimensionMismatch` for a wrong vector.
    @discardableResult
    public func update(
        id: String, userID: String, text: String, embedding: [Float]?, importance: Double? = nil,
        now: Date = Date()
    ) throws -> Memory {
        try Self.validate(userID: userID)
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw StoreError(.invalidInput, "a memory's text cannot be empty")
        }
        if let importance, !(0...1).contains(importance) {
            throw StoreError(.invalidInput, "importance must be between 0 and 1, got \(importance)")
        }
        if let embedding { try checkVector(embedding) }
        let blob = embedding.map(EmbeddingBlob.encode)
        let hash = ContentHash.of(text)
        let db = try db()
        var version: Int64 = 0
        let rowID: Int64 = try db.transaction {
            guard
                let rowID = try db.prepare("SELECT id FROM memories WHERE user_id = ? AND external_id = ? AND import_batch IS NULL")
                    .bind(.text(userID), .text(id)).firstRow({ $0.int64(0) })
            else { throw StoreError(.notFound, "no memory with id \(id) for user \(userID)") }
            try db.prepare(
                """
                UPDATE memories SET text = ?, content_hash = ?, embedding = ?, embedder = ?,
                    importance = coalesce(?, importance), updated_at = ?
                WHERE id = ?
                """
            ).bind(
                .text(text), .text(hash), blob.map { .blob($0) } ?? .null,
                embedding == nil ? .null : .optionalText(embedderID), .optionalReal(importance),
                .real(now.timeIntervalSince1970), .integer(rowID)
            ).run()
            try Self.recordHistory(userID: userID, memoryID: id, action: "update", text: text, reason: "updated", in: db)
            version = try Self.vectorVersion(of: userID, in: db)
            return rowID
        }
        applyToIndex(userID: userID, changes: [IndexChange(rowID: rowID, vector: embedding)], version: version)
        return try memory(rowID: rowID, in: db)
    }
}
