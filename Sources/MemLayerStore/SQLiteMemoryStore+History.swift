import Foundation

extension SQLiteMemoryStore {
    /// The history of `userID`'s memories, newest first: of one memory when `memoryID` is given,
    /// else of all of them (graph edges and entities included). At most `limit` entries.
    public func history(userID: String, memoryID: String? = nil, limit: Int = 100) throws -> [HistoryEntry] {
        try Self.validate(userID: userID)
        guard limit > 0 else { return [] }
        var sql = "SELECT memory_id, action, text, reason, at FROM history WHERE user_id = ?"
        var bindings: [SQLiteValue] = [.text(userID)]
        if let memoryID {
            sql += " AND memory_id = ?"
            bindings.append(.text(memoryID))
        }
        sql += " ORDER BY at DESC, id DESC LIMIT ?"
        bindings.append(.integer(Int64(limit)))
        var entries: [HistoryEntry] = []
        try db().prepare(sql).bind(bindings).forEachRow { row in
            entries.append(
                HistoryEntry(
                    memoryID: row.optionalText(0), action: HistoryEntry.Action(rawValue: row.text(1)) ?? .update,
                    text: row.optionalText(2), reason: row.text(3), at: Date(timeIntervalSince1970: row.double(4))))
        }
        return entries
    }
}
