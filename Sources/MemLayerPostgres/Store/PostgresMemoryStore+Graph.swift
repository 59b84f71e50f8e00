import Foundation
import MemLayerStore

/// The knowledge graph per user: entities, edges, the neighbourhood by recursive CTE.
extension PostgresMemoryStore: KnowledgeGraphStoring {
    package func entities(userID: String) async throws -> [Entity] {
        try await query(
            """
            SELECT id, user_id, name, canonical_name, type, aliases::text FROM entities WHERE user_id = $1
            ORDER BY canonical_name, id
            """, [.text(userID)]
        ).map { row in
            Entity(
                storedID: try row.int64(0), userID: try row.string(1), name: try row.string(2),
                canonicalName: try row.string(3), type: try row.string(4),
                aliases: (try? JSONDecoder().decode([String].self, from: Data(try row.string(5).utf8))) ?? [])
        }
    }

    package func graphFacts(userID: String, entity: String?) async throws -> [GraphFact] {
        try await query(
            """
            SELECT s.name, r.predicate, o.name FROM relationships r
            JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
            WHERE r.user_id = $1 AND ($2::text IS NULL OR s.canonical_name = $2 OR o.canonical_name = $2)
            ORDER BY s.canonical_name, r.predicate, o.canonical_name
            """, [.text(userID), .optionalText(entity.map(EntityName.canonical))]
        ).map { GraphFact(subject: try $0.string(0), predicate: try $0.string(1), object: try $0.string(2)) }
    }

    /// Edges within `hops` of the named entities, nearest first; past `limit`, the nearest and
    /// then newest edges are kept (the SQLite store's choice), returned by distance, then name.
    package func graphNeighborhood(of names: [String], userID: String, hops: Int, limit: Int) async throws
        -> [GraphFact]
    {
        let keys = Array(Set(names.map(EntityName.canonical).filter { !$0.isEmpty }))
        guard !keys.isEmpty, hops > 0 else { return [] }
        return try await query(
            """
            WITH RECURSIVE reach (entity_id, depth) AS (
                SELECT id, 0 FROM entities WHERE user_id = $1 AND canonical_name = ANY($4::text[])
                UNION
                SELECT CASE WHEN r.subject_id = reach.entity_id THEN r.object_id ELSE r.subject_id END, reach.depth + 1
                FROM reach JOIN relationships r
                    ON r.user_id = $1 AND (r.subject_id = reach.entity_id OR r.object_id = reach.entity_id)
                WHERE reach.depth < $2 - 1
            ),
            near (entity_id, depth) AS (SELECT entity_id, min(depth) FROM reach GROUP BY entity_id),
            touching (relationship_id, depth) AS (
                SELECT r.id, near.depth FROM near JOIN relationships r ON r.user_id = $1 AND r.subject_id = near.entity_id
                UNION ALL
                SELECT r.id, near.depth FROM near JOIN relationships r ON r.user_id = $1 AND r.object_id = near.entity_id
            ),
            nearest (relationship_id, depth) AS (
                SELECT relationship_id, min(depth) FROM touching GROUP BY relationship_id ORDER BY 2, 1 DESC LIMIT $3
            )
            SELECT s.name, r.predicate, o.name FROM nearest t
            JOIN relationships r ON r.id = t.relationship_id
            JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
            ORDER BY t.depth, s.canonical_name, r.predicate, o.canonical_name
            """, [.text(userID), .int64(Int64(hops)), .int64(Int64(limit)), .text(Self.textArray(keys))]
        ).map { GraphFact(subject: try $0.string(0), predicate: try $0.string(1), object: try $0.string(2)) }
    }

    package func entitiesMentioned(in texts: [String], userID: String) async throws -> [String] {
        let rows = try await query(
            """
            SELECT canonical_name, canonical_name FROM entities WHERE user_id = $1
            UNION ALL
            SELECT e.canonical_name, a.value FROM entities e,
                jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.aliases) = 'array' THEN e.aliases ELSE '[]' END) a
            WHERE e.user_id = $1
            """, [.text(userID)])
        let names = try rows.map { (entity: try $0.string(0), spelling: try $0.string(1)) }
        return StoreBackendSupport.entitiesMentioned(in: texts, names: names)
    }

    /// Records `subject —predicate→ object` for `userID` in one transaction, creating the
    /// entities as needed; `sourceMemoryID` (a memory's id) is where the edge came from.
    package func addRelationship(
        subject: (name: String, type: String), predicate: String, object: (name: String, type: String),
        sourceMemoryID: String? = nil, userID: String, now: Date = Date()
    ) async throws {
        try Self.validate(userID: userID)
        let (subjectName, subjectType, objectName, objectType) = (subject.name, subject.type, object.name, object.type)
        try await transaction { db in
            var memoryRowID: Int64?
            if let sourceMemoryID {
                memoryRowID = try Self.rowID(of: sourceMemoryID, userID: userID, in: db)
                guard memoryRowID != nil else {
                    throw StoreError(.notFound, "no memory with id \(sourceMemoryID) for user \(userID)")
                }
            }
            let subjectID = try Self.entityID(named: subjectName, type: subjectType, userID: userID, now: now, in: db)
            let objectID = try Self.entityID(named: objectName, type: objectType, userID: userID, now: now, in: db)
            try Self.link(
                subjectID: subjectID, predicate: predicate, objectID: objectID, memoryRowID: memoryRowID,
                userID: userID, now: now, in: db)
        }
    }

    /// The id of `userID`'s entity called `name` (canonical match), created when new; a new
    /// spelling of a known entity is kept as an alias.
    static func entityID(named name: String, type: String, userID: String, now: Date, in db: isolated PostgresConnection)
        throws -> Int64
    {
        let display = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let key = EntityName.canonical(display)
        guard !key.isEmpty else { throw StoreError(.invalidInput, "an entity needs a name") }
        let kind = type.trimmingCharacters(in: .whitespaces).isEmpty ? "thing" : type.lowercased()
        if let found = try db.query(
            """
            SELECT id, name, aliases::text FROM entities WHERE user_id = $1 AND canonical_name = $2
            ORDER BY type = $3 DESC, id LIMIT 1
            """, [.text(userID), .text(key), .text(kind)]
        ).first {
            let id = try found.int64(0)
            if try found.string(1) != display {
                var aliases = (try? JSONDecoder().decode([String].self, from: Data(try found.string(2).utf8))) ?? []
                if !aliases.contains(display) {
                    aliases.append(display)
                    let json = String(decoding: try JSONEncoder().encode(aliases), as: UTF8.self)
                    try db.query(
                        "UPDATE entities SET aliases = $1::jsonb, updated_at = $2 WHERE id = $3",
                        [.text(json), .timestamp(now), .int64(id)])
                }
            }
            return id
        }
        return try db.query(
            """
            INSERT INTO entities (user_id, name, canonical_name, type, created_at, updated_at)
            VALUES ($1, $2, $3, $4, $5, $5) RETURNING id
            """, [.text(userID), .text(display), .text(key), .text(kind), .timestamp(now)]
        )[0].int64(0)
    }

    /// Adds the edge (once per subject, predicate and object) and where it came from.
    @discardableResult
    static func link(
        subjectID: Int64, predicate: String, objectID: Int64, memoryRowID: Int64?, userID: String, now: Date,
        in db: isolated PostgresConnection
    ) throws -> Int64 {
        let verb = EntityName.predicate(predicate)
        guard !verb.isEmpty else { throw StoreError(.invalidInput, "a relationship needs a predicate") }
        try db.query(
            """
            INSERT INTO relationships (user_id, subject_id, predicate, object_id, memory_id, valid_from, created_at)
            VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (user_id, subject_id, predicate, object_id) DO NOTHING
            """,
            [.text(userID), .int64(subjectID), .text(verb), .int64(objectID), .optionalInt64(memoryRowID),
             .timestamp(now)])
        let relationshipID = try db.query(
            "SELECT id FROM relationships WHERE user_id = $1 AND subject_id = $2 AND predicate = $3 AND object_id = $4",
            [.text(userID), .int64(subjectID), .text(verb), .int64(objectID)]
        )[0].int64(0)
        if let memoryRowID {
            try db.query(
                "INSERT INTO relationship_sources (relationship_id, memory_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                [.int64(relationshipID), .int64(memoryRowID)])
        }
        return relationshipID
    }
}
