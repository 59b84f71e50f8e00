import Foundation

extension SQLiteMemoryStore {
    /// Canonical names of `userID`'s entities that `texts` name, by canonical name or alias, as
    /// whole words and ignoring case (see ``EntityMentions``).
    package func entitiesMentioned(in texts: [String], userID: String) throws -> [String] {
        var names: [(entity: String, spelling: String)] = []
        // Aliases are parsed by SQLite's JSON functions (a malformed list counts as empty).
        try db().prepare(
            """
            SELECT canonical_name, canonical_name FROM entities WHERE user_id = ?1
            UNION ALL
            SELECT e.canonical_name, a.value
            FROM entities e, json_each(CASE WHEN json_valid(e.aliases) THEN e.aliases ELSE '[]' END) a
            WHERE e.user_id = ?1 AND e.aliases <> '[]' AND a.type = 'text'
            """
        ).bind(.text(userID)).forEachRow { names.append(($0.text(0), $0.text(1))) }
        let mentions = EntityMentions(names)
        var found: Set<String> = []
        for text in texts { found.formUnion(mentions.entities(in: text)) }
        return found.sorted()
    }
}
