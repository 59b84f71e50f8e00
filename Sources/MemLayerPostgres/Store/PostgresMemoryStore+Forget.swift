import Foundation
import MemLayerStore

/// Forgetting takes what was said out of every table, as on SQLite: the memory and its vector
/// (`ON DELETE CASCADE`), the graph edges and entities only it stated, the text earlier `history`
/// entries kept, and a queued job of the kept turn. `history` keeps that a deletion happened.
extension PostgresMemoryStore {
    @discardableResult
    package func forget(id: String, userID: String, reason: String, now: Date) async throws -> [GraphFact] {
        try await transaction { db in
            guard let rowID = try Self.rowID(of: id, userID: userID, in: db) else {
                throw StoreError(.notFound, "no memory with id \(id) for user \(userID)")
            }
            var cascade = PostgresGraphCascade(keepsText: false)
            try cascade.noteEdges(sourcedBy: rowID, cause: "memory \(id) was forgotten (\(reason))", in: db)
            try db.query("DELETE FROM memories WHERE id = $1", [.int64(rowID)])
            try db.query(
                "UPDATE history SET text = NULL WHERE user_id = $1 AND memory_id = $2", [.text(userID), .text(id)])
            try Self.recordHistory(userID: userID, memoryID: id, action: "delete", text: nil, reason: reason, in: db)
            try db.query(
                """
                DELETE FROM extraction_jobs WHERE user_id = $1
                AND (CASE WHEN payload IS JSON OBJECT THEN payload::jsonb ->> 'kept_memory_id' END) = $2
                """, [.text(userID), .text(id)])
            try cascade.apply(userID: userID, now: now, in: db)
            return cascade.removedEdges
        }
    }

    @discardableResult
    package func forgetAll(userID: String, reason: String, now: Date) async throws -> Int {
        try await transaction { db in
            let rowIDs = try db.query(
                "SELECT id FROM memories WHERE user_id = $1 AND import_batch IS NULL ORDER BY id", [.text(userID)]
            ).map { try $0.int64(0) }
            var cascade = PostgresGraphCascade(keepsText: false)
            for rowID in rowIDs {
                try cascade.noteEdges(
                    sourcedBy: rowID, cause: "all memories of the user were forgotten (\(reason))", in: db)
            }
            try db.query(
                """
                INSERT INTO history (user_id, memory_id, action, text, reason, at)
                SELECT user_id, external_id, 'delete', NULL, $1, $2 FROM memories
                WHERE user_id = $3 AND import_batch IS NULL ORDER BY id
                """, [.text(reason), .timestamp(now), .text(userID)])
            let count = try db.update(
                "DELETE FROM memories WHERE user_id = $1 AND import_batch IS NULL", [.text(userID)])
            try cascade.apply(userID: userID, now: now, in: db)
            try db.query("UPDATE history SET text = NULL WHERE user_id = $1", [.text(userID)])
            try db.query("DELETE FROM tasks WHERE user_id = $1", [.text(userID)])
            try db.query("DELETE FROM extraction_jobs WHERE user_id = $1", [.text(userID)])
            return count
        }
    }
}
