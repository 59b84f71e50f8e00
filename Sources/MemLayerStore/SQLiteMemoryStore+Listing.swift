import Foundation

extension SQLiteMemoryStore {
    /// A page of `userID`'s memories that search can return (active, not expired at `now`),
    /// newest first, skipping the first `offset`; and how many such memories there are in all.
    public func activeMemories(userID: String, limit: Int, offset: Int = 0, now: Date = Date()) throws
        -> (memories: [Memory], total: Int)
    {
        let db = try db()
        let live = "user_id = ?1 AND status = 'active' AND import_batch IS NULL AND (expires_at IS NULL OR expires_at > ?2)"
        let at = SQLiteValue.real(now.timeIntervalSince1970)
        let total =
            try db.prepare("SELECT count(*) FROM memories WHERE \(live)").bind(.text(userID), at)
            .firstRow({ Int($0.int64(0)) }) ?? 0
        var memories: [Memory] = []
        try db.prepare(
            "SELECT \(Self.memoryColumns) FROM memories WHERE \(live) ORDER BY created_at DESC, id DESC LIMIT ?3 OFFSET ?4"
        ).bind(.text(userID), at, .integer(Int64(max(0, limit))), .integer(Int64(max(0, offset))))
            .forEachRow { memories.append(Self.memory(from: $0)) }
        return (memories, total)
    }
}
