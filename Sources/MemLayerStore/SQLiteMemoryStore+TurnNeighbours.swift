import Foundation

/// The turns just before and after a kept turn in its conversation.
public struct TurnNeighbours: Sendable, Equatable {
    /// The turn at the position before, if it is kept and active.
    public var before: Memory?
    /// The turn at the position after, if it is kept and active.
    public var after: Memory?

    /// Creates neighbours.
    public init(before: Memory? = nil, after: Memory? = nil) {
        self.before = before
        self.after = after
    }
}

extension TurnPlace {
    /// The place a `turn` memory's metadata records, or nil for any other memory.
    public init?(of memory: Memory) {
        guard memory.kind == .turn, let json = memory.metadataJSON,
            let place = try? JSONDecoder().decode(TurnPlace.self, from: Data(json.utf8))
        else { return nil }
        self = place
    }
}

extension SQLiteMemoryStore {
    /// The neighbours (position ± 1 in the same conversation; active, unexpired turns of
    /// `userID` only) of every turn among `memories`, by memory id. Memories that are not
    /// turns, and turns with no neighbour kept, have no entry.
    ///
    /// One query for all of them, through the index on a turn's place (store version 8).
    public func turnNeighbours(of memories: [Memory], userID: String, now: Date = Date()) throws
        -> [String: TurnNeighbours]
    {
        let places = memories.compactMap { memory in TurnPlace(of: memory).map { (memory.id, $0) } }
        guard !places.isEmpty else { return [:] }
        let conversations = Array(Set(places.map(\.1.conversation)))
        let positions = Array(Set(places.flatMap { [$0.1.position - 1, $0.1.position + 1] }))
        let sql = Self.turnsAtPlacesSQL(conversations: conversations.count, positions: positions.count)
        let values: [SQLiteValue] =
            [.text(userID), .real(now.timeIntervalSince1970)] + conversations.map { .text($0) }
            + positions.map { .integer(Int64($0)) }
        var byPlace: [String: [Int: Memory]] = [:]
        try db().prepare(sql).bind(values).forEachRow { row in
            let memory = Self.memory(from: row)
            guard let place = TurnPlace(of: memory) else { return }
            byPlace[place.conversation, default: [:]][place.position] = memory
        }
        var result: [String: TurnNeighbours] = [:]
        for (id, place) in places {
            let found = byPlace[place.conversation] ?? [:]
            let neighbours = TurnNeighbours(before: found[place.position - 1], after: found[place.position + 1])
            if neighbours.before != nil || neighbours.after != nil { result[id] = neighbours }
        }
        return result
    }

    /// The active, unexpired turns of a user (`?1`, then the time `?2`) in any of `conversations`
    /// conversations at any of `positions` positions (the placeholders after them).
    ///
    /// INDEXED BY: with statistics recorded while the store was small, SQLite chose the user's
    /// rows (`memories_by_user`) and read every one of them (see ``activeByHashSQL``).
    static func turnsAtPlacesSQL(conversations: Int, positions: Int) -> String {
        """
        SELECT \(memoryColumns) FROM memories INDEXED BY memories_by_turn_place
        WHERE user_id = ? AND kind = 'turn' AND status = 'active' AND (expires_at IS NULL OR expires_at > ?)
          AND import_batch IS NULL AND \(turnConversationSQL) IN (\(placeholders(conversations)))
          AND \(turnPositionSQL) IN (\(placeholders(positions)))
        """
    }

    private static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }
}
