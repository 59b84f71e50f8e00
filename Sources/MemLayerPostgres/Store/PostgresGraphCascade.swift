import Foundation
import MemLayerStore

/// What removing memories takes with it from the knowledge graph (the SQLite store's
/// `GraphCascade`, in PostgreSQL's terms): the edges they were the last live source of, and
/// entities those edges were the last to mention, each with a `history` entry. A cascade that
/// does not keep text (forgetting) writes those entries without names and blanks the names
/// earlier entries gave them.
struct PostgresGraphCascade {
    let keepsText: Bool
    private var candidates: [Int64: String] = [:]
    private(set) var removedEdges: [GraphFact] = []
    private(set) var removedEntities: [String] = []

    init(keepsText: Bool) {
        self.keepsText = keepsText
    }

    /// Notes the edges that came from memory row `rowID`, before it is deleted or archived.
    mutating func noteEdges(sourcedBy rowID: Int64, cause: String, in db: isolated PostgresConnection) throws {
        for row in try db.query(
            """
            SELECT relationship_id FROM relationship_sources WHERE memory_id = $1
            UNION SELECT id FROM relationships WHERE memory_id = $1
            """, [.int64(rowID)])
        {
            candidates[try row.int64(0)] = cause
        }
    }

    /// Deletes the noted edges with no live source left, then the entities they were the last
    /// to touch, logging each.
    mutating func apply(userID: String, now: Date, in db: isolated PostgresConnection) throws {
        var endpoints: [Int64: String] = [:]
        for (edgeID, cause) in candidates.sorted(by: { $0.key < $1.key }) {
            let orphan = try db.query(
                """
                SELECT s.name, r.predicate, o.name, r.subject_id, r.object_id FROM relationships r
                JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
                WHERE r.id = $1 AND r.user_id = $2 AND NOT EXISTS (
                    SELECT 1 FROM memories m
                    WHERE m.status = 'active' AND (m.expires_at IS NULL OR m.expires_at > $3)
                    AND (m.id = r.memory_id
                        OR m.id IN (SELECT memory_id FROM relationship_sources WHERE relationship_id = r.id)))
                """, [.int64(edgeID), .text(userID), .timestamp(now)]
            ).first
            guard let orphan else { continue }
            let fact = GraphFact(
                subject: try orphan.string(0), predicate: try orphan.string(1), object: try orphan.string(2))
            try db.query("DELETE FROM relationships WHERE id = $1", [.int64(edgeID)])
            try record(
                fact.description, reason: "graph edge left without a live source: \(cause)", userID: userID, in: db)
            removedEdges.append(fact)
            endpoints[try orphan.int64(3)] = cause
            endpoints[try orphan.int64(4)] = cause
        }
        candidates.removeAll()
        for (entityID, cause) in endpoints.sorted(by: { $0.key < $1.key }) {
            let name = try db.query(
                """
                DELETE FROM entities e WHERE e.id = $1 AND e.user_id = $2 AND NOT EXISTS (
                    SELECT 1 FROM relationships WHERE user_id = $2 AND (subject_id = $1 OR object_id = $1))
                RETURNING e.name
                """, [.int64(entityID), .text(userID)]
            ).first.map { try $0.string(0) }
            guard let name else { continue }
            try record(name, reason: "entity left without relationships: \(cause)", userID: userID, in: db)
            removedEntities.append(name)
        }
    }

    private func record(_ name: String, reason: String, userID: String, in db: isolated PostgresConnection) throws {
        if !keepsText {
            try db.query(
                "UPDATE history SET text = NULL WHERE user_id = $1 AND memory_id IS NULL AND text = $2",
                [.text(userID), .text(name)])
        }
        try PostgresMemoryStore.recordHistory(
            userID: userID, memoryID: nil, action: "delete", text: keepsText ? name : nil, reason: reason, in: db)
    }
}
