import Foundation
import MemLayerStore

/// The context an imported turn's vector is made with (``TurnContext``): the kept text of the
/// turn before it in its conversation, as the SQLite store reads it.
extension PostgresMemoryStore {
    /// A turn's conversation (`m.metadata ->> 'conversation'`), or NULL for a memory without one.
    private static let conversationSQL =
        "(CASE WHEN m.metadata IS JSON OBJECT THEN m.metadata::jsonb ->> 'conversation' END)"
    /// A turn's position in its conversation, or NULL.
    private static let positionSQL = """
        (CASE WHEN m.metadata IS JSON OBJECT AND jsonb_typeof(m.metadata::jsonb -> 'position') = 'number'
            THEN (m.metadata::jsonb ->> 'position')::double precision END)
        """

    package func keptTurnBefore(_ item: NewMemory, conversation: String, userID: String) async throws -> String? {
        if let id = item.id {
            let kept = try await query(
                "SELECT \(Self.positionSQL) FROM memories m WHERE m.user_id = $1 AND m.external_id = $2 AND m.kind = 'turn'",
                [.text(userID), .text(id)])
            if let row = kept.first {
                guard let position = try row.optionalDouble(0) else { return nil }
                return try await turnText(userID: userID, conversation: conversation, position: position - 1)
            }
        }
        return try await query(
            """
            SELECT m.text FROM memories m
            WHERE m.user_id = $1 AND m.kind = 'turn' AND \(Self.conversationSQL) = $2 AND \(Self.positionSQL) IS NOT NULL
            ORDER BY \(Self.positionSQL) DESC LIMIT 1
            """, [.text(userID), .text(conversation)]
        ).first.map { try $0.string(0) }
    }

    package func importedTurnContexts(of rowIDs: [Int64]) async throws -> [Int64: String] {
        guard !rowIDs.isEmpty else { return [:] }
        let rows = try await query(
            """
            SELECT m.id, b.text FROM memories m
            JOIN memories b ON b.user_id = m.user_id AND b.kind = 'turn'
                AND (CASE WHEN b.metadata IS JSON OBJECT THEN b.metadata::jsonb ->> 'conversation' END) = \(Self.conversationSQL)
                AND (CASE WHEN b.metadata IS JSON OBJECT AND jsonb_typeof(b.metadata::jsonb -> 'position') = 'number'
                    THEN (b.metadata::jsonb ->> 'position')::double precision END) = \(Self.positionSQL) - 1
            WHERE m.id = ANY($1::bigint[]) AND m.kind = 'turn' AND m.source = 'import'
            """, [.text("{" + rowIDs.map(String.init).joined(separator: ",") + "}")])
        var contexts: [Int64: String] = [:]
        for row in rows { contexts[try row.int64(0)] = try row.string(1) }
        return contexts
    }

    /// The text of `userID`'s kept turn at `position` in `conversation`, if any.
    private func turnText(userID: String, conversation: String, position: Double) async throws -> String? {
        try await query(
            """
            SELECT m.text FROM memories m
            WHERE m.user_id = $1 AND m.kind = 'turn' AND \(Self.conversationSQL) = $2 AND \(Self.positionSQL) = $3
            LIMIT 1
            """, [.text(userID), .text(conversation), .double(position)]
        ).first.map { try $0.string(0) }
    }
}
