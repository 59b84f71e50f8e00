import Foundation

/// Forgetting takes what was said out of every table: the memory, the graph edges and entities
/// only it stated, the text earlier `history` entries kept of them, and (for a kept turn) the
/// extraction job that would otherwise learn from it later. `history` keeps that a deletion
/// happened — action, id, time, reason — not what was said.
extension SQLiteMemoryStore {
    /// Deletes one memory by id, with a `history` entry giving `reason`, and the graph edges that
    /// came only from it (an edge another live memory also stated stays), each logged too.
    /// An edge source counts as live when it is active and not expired at `now`.
    ///
    /// The memory's earlier `history` entries (add, update…) lose their text, the removed edges'
    /// and entities' names leave `history`, and a queued extraction job of the kept turn is
    /// deleted.
    /// - Returns: the graph edges removed with it.
    @discardableResult
    public func forget(id: String, userID: String, reason: String = "forgotten by user", now: Date = Date()) throws
        -> [GraphFact]
    {
        let db = try db()
        var version: Int64 = 0
        let (rowID, removedEdges): (Int64, [GraphFact]) = try db.transaction {
            guard
                let rowID = try db.prepare(
                    "SELECT id FROM memories WHERE user_id = ? AND external_id = ? AND import_batch IS NULL")
                    .bind(.text(userID), .text(id)).firstRow({ $0.int64(0) })
            else { throw StoreError(.notFound, "no memory with id \(id) for user \(userID)") }
            var cascade = GraphCascade(keepsText: false)
            try cascade.noteEdges(sourcedBy: rowID, cause: "memory \(id) was forgotten (\(reason))", in: db)
            try db.prepare("DELETE FROM memories WHERE id = ?").bind(.integer(rowID)).run()
            try db.prepare("UPDATE history SET text = NULL WHERE user_id = ? AND memory_id = ?")
                .bind(.text(userID), .text(id)).run()
            try Self.recordHistory(userID: userID, memoryID: id, action: "delete", text: nil, reason: reason, in: db)
            try db.prepare(
                """
                DELETE FROM extraction_jobs WHERE user_id = ?
                AND CASE WHEN json_valid(payload) THEN json_extract(payload, '$.kept_memory_id') END = ?
                """
            ).bind(.text(userID), .text(id)).run()
            try cascade.apply(userID: userID, now: now, in: db)
            version = try Self.vectorVersion(of: userID, in: db)
            return (rowID, cascade.removedEdges)
        }
        applyToIndex(userID: userID, changes: [.remove(rowID)], version: version)
        return removedEdges
    }

    /// Deletes every memory of `userID` — facts, kept turns, documents — with the graph edges
    /// that came from them, the user's tasks and queued extraction jobs; returns how many
    /// memories. One `history` entry per memory and per edge, and every `history` entry of the
    /// user loses its text. Edges recorded without a source memory are not the memories' to take
    /// and stay.
    @discardableResult
    public func forgetAll(userID: String, reason: String = "forgotten by user", now: Date = Date()) throws -> Int {
        let db = try db()
        let count: Int = try db.transaction {
            var rowIDs: [Int64] = []
            try db.prepare("SELECT id FROM memories WHERE user_id = ? AND import_batch IS NULL").bind(.text(userID))
                .forEachRow { rowIDs.append($0.int64(0)) }
            var cascade = GraphCascade(keepsText: false)
            for rowID in rowIDs {
                try cascade.noteEdges(
                    sourcedBy: rowID, cause: "all memories of the user were forgotten (\(reason))", in: db)
            }
            try db.prepare(
                """
                INSERT INTO history (user_id, memory_id, action, text, reason, at)
                SELECT user_id, external_id, 'delete', NULL, ?, ? FROM memories
                WHERE user_id = ? AND import_batch IS NULL
                """
            ).bind(.text(reason), .real(now.timeIntervalSince1970), .text(userID)).run()
            // Rows an import is staging are not yet memories: that import lands after this.
            try db.prepare("DELETE FROM memories WHERE user_id = ? AND import_batch IS NULL").bind(.text(userID)).run()
            let count = db.changes
            try cascade.apply(userID: userID, now: now, in: db)
            try db.prepare("UPDATE history SET text = NULL WHERE user_id = ?").bind(.text(userID)).run()
            try db.prepare("DELETE FROM tasks WHERE user_id = ?").bind(.text(userID)).run()
            try db.prepare("DELETE FROM extraction_jobs WHERE user_id = ?").bind(.text(userID)).run()
            return count
        }
        indexes[userID] = nil
        return count
    }
}
