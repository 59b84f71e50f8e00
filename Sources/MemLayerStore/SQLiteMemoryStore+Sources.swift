import Foundation

/// Where a fact was learned: a kept turn it was extracted from.
public struct FactSource: Sendable, Equatable {
    /// The turn's memory id.
    public var turnID: String
    /// Its conversation, when the turn records one.
    public var conversation: String?
    /// When the turn was said.
    public var saidAt: Date

    /// Creates a source.
    public init(turnID: String, conversation: String?, saidAt: Date) {
        self.turnID = turnID
        self.conversation = conversation
        self.saidAt = saidAt
    }
}

extension SQLiteMemoryStore {
    /// Links the fact at `factRowID` to those of `turnIDs` (external ids) that are `userID`'s
    /// turns; links that exist already are kept once.
    static func link(factRowID: Int64, toTurns turnIDs: [String], userID: String, in db: SQLiteConnection) throws {
        guard !turnIDs.isEmpty else { return }
        let statement = try db.prepare(
            """
            INSERT OR IGNORE INTO memory_sources (fact_id, turn_id)
            SELECT ?1, id FROM memories WHERE user_id = ?2 AND external_id = ?3 AND kind = 'turn' AND id != ?1
            """)
        for turnID in Set(turnIDs) {
            statement.reset()
            try statement.bind(.integer(factRowID), .text(userID), .text(turnID)).run()
        }
    }

    /// The kept turns each of `facts` was learned from, earliest first, by fact id (facts with
    /// none have no entry). Archived turns count: the fact was still learned there.
    public func sources(of facts: [Memory], userID: String) throws -> [String: [FactSource]] {
        let ids = facts.filter { $0.kind != .turn }.map(\.id)
        guard !ids.isEmpty else { return [:] }
        let list = String(decoding: try JSONSerialization.data(withJSONObject: ids), as: UTF8.self)
        var result: [String: [FactSource]] = [:]
        try db().prepare(
            """
            SELECT f.external_id, t.external_id, t.created_at,
                CASE WHEN json_valid(t.metadata) THEN json_extract(t.metadata, '$.conversation') END
            FROM memories f
            JOIN memory_sources s ON s.fact_id = f.id
            JOIN memories t ON t.id = s.turn_id
            WHERE f.user_id = ?1 AND t.user_id = ?1 AND f.external_id IN (SELECT value FROM json_each(?2))
            ORDER BY t.created_at, t.id
            """
        ).bind(.text(userID), .text(list)).forEachRow { row in
            let conversation = row.optionalText(3)
            result[row.text(0), default: []].append(
                FactSource(
                    turnID: row.text(1), conversation: conversation,
                    saidAt: Date(timeIntervalSince1970: row.double(2))))
        }
        return result
    }
}
