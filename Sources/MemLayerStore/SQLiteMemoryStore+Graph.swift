import Foundation

extension SQLiteMemoryStore {
    /// `userID`'s entities, by name.
    public func entities(userID: String) throws -> [Entity] {
        var result: [Entity] = []
        try db().prepare(
            "SELECT id, user_id, name, canonical_name, type, aliases FROM entities WHERE user_id = ? ORDER BY canonical_name"
        ).bind(.text(userID)).forEachRow { result.append(Self.entity(from: $0)) }
        return result
    }

    /// `userID`'s relationships, all of them or those touching the entity named `entity`.
    public func graphFacts(userID: String, entity: String? = nil) throws -> [GraphFact] {
        var result: [GraphFact] = []
        let statement = try db().prepare(
            """
            SELECT s.name, r.predicate, o.name FROM relationships r
            JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
            WHERE r.user_id = ?1 AND (?2 IS NULL OR s.canonical_name = ?2 OR o.canonical_name = ?2)
            ORDER BY s.canonical_name, r.predicate, o.canonical_name
            """)
        try statement.bind(.text(userID), .optionalText(entity.map(EntityName.canonical)))
            .forEachRow { result.append(GraphFact(subject: $0.text(0), predicate: $0.text(1), object: $0.text(2))) }
        return result
    }

    /// Edges within `hops` of the entities named `names` (canonical matching), walked with a
    /// recursive CTE over `userID`'s relationships only, nearest first. Past `limit`, the nearest
    /// and then newest edges are kept; those are returned by distance, then by name.
    ///
    /// Each step follows edges out and in as two joins, so both use an index
    /// (`relationships_by_subject`, `relationships_by_object`): one join on `subject = x OR
    /// object = x` scanned every edge of the user per reached entity (55 ms at 3k edges). CROSS
    /// JOIN fixes the join order, which `ANALYZE` statistics could otherwise turn into scans.
    public func graphNeighborhood(of names: [String], userID: String, hops: Int = 2, limit: Int = 50) throws
        -> [GraphFact]
    {
        let keys = Array(Set(names.map(EntityName.canonical).filter { !$0.isEmpty }))
        guard !keys.isEmpty, hops > 0 else { return [] }
        let placeholders = (0..<keys.count).map { "?\($0 + 4)" }.joined(separator: ", ")
        // `reach`: entities up to hops - 1 away; `touching`: their edges, which reach `hops` away;
        // `nearest`: the edges kept, chosen before any name is looked up.
        let statement = try db().prepare(
            """
            WITH RECURSIVE reach (entity_id, depth) AS (
                SELECT id, 0 FROM entities WHERE user_id = ?1 AND canonical_name IN (\(placeholders))
                UNION
                SELECT r.object_id, reach.depth + 1 FROM reach
                CROSS JOIN relationships r ON r.user_id = ?1 AND r.subject_id = reach.entity_id
                WHERE reach.depth < ?2 - 1
                UNION
                SELECT r.subject_id, reach.depth + 1 FROM reach
                CROSS JOIN relationships r ON r.user_id = ?1 AND r.object_id = reach.entity_id
                WHERE reach.depth < ?2 - 1
            ),
            near (entity_id, depth) AS (SELECT entity_id, min(depth) FROM reach GROUP BY entity_id),
            touching (relationship_id, depth) AS (
                SELECT r.id, near.depth FROM near
                CROSS JOIN relationships r ON r.user_id = ?1 AND r.subject_id = near.entity_id
                UNION ALL
                SELECT r.id, near.depth FROM near
                CROSS JOIN relationships r ON r.user_id = ?1 AND r.object_id = near.entity_id
            ),
            nearest (relationship_id, depth) AS (
                SELECT relationship_id, min(depth) FROM touching GROUP BY relationship_id ORDER BY 2, 1 DESC LIMIT ?3
            )
            SELECT s.name, r.predicate, o.name FROM nearest t
            CROSS JOIN relationships r ON r.id = t.relationship_id
            JOIN entities s ON s.id = r.subject_id JOIN entities o ON o.id = r.object_id
            ORDER BY t.depth, s.canonical_name, r.predicate, o.canonical_name
            """)
        var values: [SQLiteValue] = [.text(userID), .integer(Int64(hops)), .integer(Int64(limit))]
        values += keys.map { .text($0) }
        // ?1 user, ?2 hops, ?3 limit, then ?4… the names.
        try statement.bind(values)
        var result: [GraphFact] = []
        try statement.forEachRow {
            result.append(GraphFact(subject: $0.text(0), predicate: $0.text(1), object: $0.text(2)))
        }
        return result
    }

    /// Records `subject —predicate→ object` for `userID` in one transaction, creating the
    /// entities as needed; `sourceMemoryID` (a memory's id) is where the edge came from.
    public func addRelationship(
        subject: (name: String, type: String), predicate: String, object: (name: String, type: String),
        sourceMemoryID: String? = nil, userID: String, now: Date = Date()
    ) throws {
        try Self.validate(userID: userID)
        let db = try db()
        try db.transaction {
            var memoryRowID: Int64?
            if let sourceMemoryID {
                memoryRowID = try db.prepare(
                    "SELECT id FROM memories WHERE user_id = ? AND external_id = ? AND import_batch IS NULL")
                    .bind(.text(userID), .text(sourceMemoryID)).firstRow { $0.int64(0) }
                guard memoryRowID != nil else {
                    throw StoreError(.notFound, "no memory with id \(sourceMemoryID) for user \(userID)")
                }
            }
            let subjectID = try Self.entityID(named: subject.name, type: subject.type, userID: userID, now: now, in: db)
            let objectID = try Self.entityID(named: object.name, type: object.type, userID: userID, now: now, in: db)
            try Self.link(
                subjectID: subjectID, predicate: predicate, objectID: objectID, memoryRowID: memoryRowID,
                userID: userID,
                now: now, in: db)
        }
    }

    // MARK: - Building blocks for writers that hold a transaction (extraction)

    /// The id of `userID`'s entity called `name` (canonical match), created when new; a new
    /// spelling of a known entity is kept as an alias.
    static func entityID(named name: String, type: String, userID: String, now: Date, in db: SQLiteConnection) throws
        -> Int64
    {
        let display = name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let key = EntityName.canonical(display)
        guard !key.isEmpty else { throw StoreError(.invalidInput, "an entity needs a name") }
        let kind = type.trimmingCharacters(in: .whitespaces).isEmpty ? "thing" : type.lowercased()
        if let found = try db.prepare(
            "SELECT id, name, aliases FROM entities WHERE user_id = ? AND canonical_name = ? ORDER BY type = ? DESC LIMIT 1"
        ).bind(.text(userID), .text(key), .text(kind)).firstRow({ ($0.int64(0), $0.text(1), $0.text(2)) }) {
            if found.1 != display {
                var aliases = (try? JSONDecoder().decode([String].self, from: Data(found.2.utf8))) ?? []
                if !aliases.contains(display) {
                    aliases.append(display)
                    let json = String(decoding: try JSONEncoder().encode(aliases), as: UTF8.self)
                    try db.prepare("UPDATE entities SET aliases = ?, updated_at = ? WHERE id = ?")
                        .bind(.text(json), .real(now.timeIntervalSince1970), .integer(found.0)).run()
                }
            }
            return found.0
        }
        try db.prepare(
            "INSERT INTO entities (user_id, name, canonical_name, type, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)"
        ).bind(
            .text(userID), .text(display), .text(key), .text(kind), .real(now.timeIntervalSince1970),
            .real(now.timeIntervalSince1970)
        ).run()
        return db.lastInsertRowID
    }

    /// Adds the edge (once per subject, predicate and object) and where it came from.
    @discardableResult
    static func link(
        subjectID: Int64, predicate: String, objectID: Int64, memoryRowID: Int64?, userID: String, now: Date,
        in db: SQLiteConnection
    ) throws -> Int64 {
        let verb = EntityName.predicate(predicate)
        guard !verb.isEmpty else { throw StoreError(.invalidInput, "a relationship needs a predicate") }
        try db.prepare(
            """
            INSERT INTO relationships (user_id, subject_id, predicate, object_id, memory_id, valid_from, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, subject_id, predicate, object_id) DO NOTHING
            """
        ).bind(
            .text(userID), .integer(subjectID), .text(verb), .integer(objectID),
            memoryRowID.map { .integer($0) } ?? .null,
            .real(now.timeIntervalSince1970), .real(now.timeIntervalSince1970)
        ).run()
        let relationshipID =
            try db.prepare(
                "SELECT id FROM relationships WHERE user_id = ? AND subject_id = ? AND predicate = ? AND object_id = ?"
            ).bind(.text(userID), .integer(subjectID), .text(verb), .integer(objectID)).firstRow { $0.int64(0) } ?? 0
        if let memoryRowID {
            try db.prepare("INSERT OR IGNORE INTO relationship_sources (relationship_id, memory_id) VALUES (?, ?)")
                .bind(.integer(relationshipID), .integer(memoryRowID)).run()
        }
        return relationshipID
    }

    static func entity(from row: SQLiteStatement) -> Entity {
        Entity(
            id: row.int64(0), userID: row.text(1), name: row.text(2), canonicalName: row.text(3), type: row.text(4),
            aliases: (try? JSONDecoder().decode([String].self, from: Data(row.text(5).utf8))) ?? [])
    }
}
