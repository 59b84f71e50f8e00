import Foundation

/// What removing memories takes with it from the knowledge graph: the edges they were the last
/// live source of, and entities those edges were the last to mention.
///
/// A cascade that does not keep text (forgetting) writes its `history` entries without the
/// edge's or entity's name and blanks the names earlier entries gave them: what the user asked
/// to forget does not stay in the audit trail.
struct GraphCascade {
    /// Whether `history` entries name the removed edges and entities.
    let keepsText: Bool
    /// Edges that named a removed memory as a source, with why that memory went (for `history`).
    private var candidates: [Int64: String] = [:]
    private(set) var removedEdges: [GraphFact] = []
    private(set) var removedEntities: [String] = []

    /// A cascade for curation (`keepsText`: the history names what went) or for forgetting.
    init(keepsText: Bool = true) {
        self.keepsText = keepsText
    }

    /// Notes the edges that came from memory row `rowID` before it is deleted or archived: once it
    /// is deleted, the `relationship_sources` rows that said so are gone with it.
    mutating func noteEdges(sourcedBy rowID: Int64, cause: String, in db: SQLiteConnection) throws {
        try db.prepare(
            """
            SELECT relationship_id FROM relationship_sources WHERE memory_id = ?1
            UNION SELECT id FROM relationships WHERE memory_id = ?1
            """
        ).bind(.integer(rowID)).forEachRow { candidates[$0.int64(0)] = cause }
    }

    /// Deletes the noted edges that have no live source left, then the entities those edges were
    /// the last to touch, writing a `history` entry for each. An edge keeps living while any of
    /// its sources is an active, unexpired memory; an edge nobody sourced was never noted.
    mutating func apply(userID: String, now: Date, in db: SQLiteConnection) throws {
        var endpoints: [Int64: String] = [:]
        for (edgeID, cause) in candidates.sorted(by: { $0.key < $1.key }) {
            let orphan = try db.prepare(
                """
                SELECT s.name, r.predicate, o.name, r.subject_id, r.object_id FROM relationships r
                JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
                WHERE r.id = ?1 AND r.user_id = ?2 AND NOT EXISTS (
                    SELECT 1 FROM memories m
                    WHERE m.status = 'active' AND (m.expires_at IS NULL OR m.expires_at > ?3)
                    AND (m.id = r.memory_id
                        OR m.id IN (SELECT memory_id FROM relationship_sources WHERE relationship_id = r.id)))
                """
            ).bind(.integer(edgeID), .text(userID), .real(now.timeIntervalSince1970)).firstRow { row in
                (
                    GraphFact(subject: row.text(0), predicate: row.text(1), object: row.text(2)), row.int64(3),
                    row.int64(4)
                )
            }
            guard let (fact, subjectID, objectID) = orphan else { continue }
            try db.prepare("DELETE FROM relationships WHERE id = ?").bind(.integer(edgeID)).run()
            try record(
                fact.description, reason: "graph edge left without a live source: \(cause)", userID: userID, in: db)
            removedEdges.append(fact)
            endpoints[subjectID] = cause
            endpoints[objectID] = cause
        }
        candidates.removeAll()
        for (entityID, cause) in endpoints.sorted(by: { $0.key < $1.key }) {
            let name = try db.prepare(
                """
                SELECT name FROM entities WHERE id = ?1 AND user_id = ?2
                AND NOT EXISTS (SELECT 1 FROM relationships WHERE user_id = ?2 AND (subject_id = ?1 OR object_id = ?1))
                """
            ).bind(.integer(entityID), .text(userID)).firstRow { $0.text(0) }
            guard let name else { continue }
            try db.prepare("DELETE FROM entities WHERE id = ?").bind(.integer(entityID)).run()
            try record(name, reason: "entity left without relationships: \(cause)", userID: userID, in: db)
            removedEntities.append(name)
        }
    }

    /// Logs the deletion of the edge or entity called `name`; when forgetting, without the name,
    /// which is also blanked in earlier entries (an edge or entity curated away before).
    private func record(_ name: String, reason: String, userID: String, in db: SQLiteConnection) throws {
        if !keepsText {
            try db.prepare("UPDATE history SET text = NULL WHERE user_id = ? AND memory_id IS NULL AND text = ?")
                .bind(.text(userID), .text(name)).run()
        }
        try SQLiteMemoryStore.recordHistory(
            userID: userID, memoryID: nil, action: "delete", text: keepsText ? name : nil, reason: reason, in: db)
    }
}
