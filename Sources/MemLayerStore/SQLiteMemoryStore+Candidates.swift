import Foundation

extension SQLiteMemoryStore {
    /// Whether `userID` has vectors to search: false when the store has no embedder (a
    /// lightweight store) or when none of the user's memories was stored with an embedding.
    package func hasVectors(userID: String) throws -> Bool {
        guard dimension != nil else { return false }
        try refreshIfChangedElsewhere()
        return try loadedIndex(userID: userID).count > 0
    }

    /// Up to `limit` active, unexpired memories of `userID` closest to `vector`, best first.
    ///
    /// Like ``search(vector:userID:k:now:)`` but without reading whole rows: ranking needs only
    /// importance and age, and only the winners are read in full.
    package func vectorCandidates(_ vector: [Float], userID: String, limit: Int, now: Date) throws -> [SearchCandidate] {
        try checkVector(vector)
        guard limit > 0 else { return [] }
        try refreshIfChangedElsewhere()
        let index = try loadedIndex(userID: userID)
        // Expired and archived rows may linger in the index; widen the request if they crowd out
        // live ones.
        var request = limit.saturatingAdding(8)
        while true {
            let found = try index.search(vector, k: request)
            let live = try liveRows(found.map(\.rowID), userID: userID, now: now)
            var result: [SearchCandidate] = []
            for (rowID, score) in found {
                guard let row = live[rowID] else { continue }
                result.append(
                    SearchCandidate(
                        rowID: rowID, score: Double(score), importance: row.importance, createdAt: row.createdAt,
                        eventAt: row.eventAt, place: row.place))
                if result.count == limit { return result }
            }
            if found.count < request { return result }
            request = request.saturatingMultiplied(by: 4)
        }
    }

    /// Importance, creation and event time (and a turn's place) of those `rowIDs` that are
    /// `userID`'s, active and unexpired.
    private func liveRows(_ rowIDs: [Int64], userID: String, now: Date) throws
        -> [Int64: (importance: Double, createdAt: Date, eventAt: Date?, place: TurnPlace?)]
    {
        guard !rowIDs.isEmpty else { return [:] }
        var rows: [Int64: (importance: Double, createdAt: Date, eventAt: Date?, place: TurnPlace?)] = [:]
        try db().prepare(
            """
            SELECT id, importance, created_at, event_at,
                (CASE WHEN kind = 'turn' THEN \(Self.turnConversationSQL) END),
                (CASE WHEN kind = 'turn' THEN \(Self.turnPositionSQL) END)
            FROM memories
            WHERE id IN (SELECT value FROM json_each(?1)) AND +user_id = ?2 AND +status = 'active'
                AND (expires_at IS NULL OR expires_at > ?3) AND import_batch IS NULL
            """
        ).bind(.text(Self.jsonArray(rowIDs)), .text(userID), .real(now.timeIntervalSince1970)).forEachRow { row in
            rows[row.int64(0)] = (
                row.double(1), Date(timeIntervalSince1970: row.double(2)),
                row.optionalDouble(3).map(Date.init(timeIntervalSince1970:)),
                Self.place(conversation: row.optionalText(4), position: row.optionalDouble(5))
            )
        }
        return rows
    }

    /// A turn's place from its metadata's conversation and position, nil unless both are there.
    static func place(conversation: String?, position: Double?) -> TurnPlace? {
        guard let conversation, let position else { return nil }
        return TurnPlace(conversation: conversation, position: Int(position))
    }

    /// `[1,2,3]`: a list of rowids bound as one parameter and read back with `json_each`, so the
    /// statement text (and its cached compiled form) does not change with the list's length.
    static func jsonArray(_ rowIDs: [Int64]) -> String {
        "[" + rowIDs.map(String.init).joined(separator: ",") + "]"
    }
}
