import Foundation

extension SQLiteMemoryStore {
    /// Writes imported conversation turns (``ConversationImport``) and queues `turns` for
    /// extraction: all of it lands or none does (staged like ``insert(_:userID:now:)`` when large).
    ///
    /// Unlike ``insert(_:userID:now:)``, the same text is never merged into an earlier memory:
    /// "Thanks!" said in two conversations is two moments, each with its own id and place. A
    /// memory whose id exists already is replaced, so importing a file again changes nothing.
    ///
    /// Places stay consistent across imports: a turn kept already keeps its position, and a new
    /// turn of a conversation the store holds turns of goes after the last of them (a second file
    /// that continues a conversation numbers on, rather than from 1 again).
    /// - Returns: the stored memories, in input order.
    @discardableResult
    public func keepImportedTurns(
        _ memories: [NewMemory], queueing turns: [ConversationTurn], userID: String, now: Date = Date()
    ) async throws -> [Memory] {
        try Self.validate(userID: userID)
        for item in memories {
            guard !item.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw StoreError(.invalidInput, "a memory's text cannot be empty")
            }
            if let vector = item.embedding { try checkVector(vector) }
        }
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let payloads = try turns.map { (String(decoding: try encoder.encode($0), as: UTF8.self), $0.at) }
        let placed = try placedAfterKeptTurns(memories, userID: userID, in: db())
        let rowIDs = try await writeAllOrNothing(
            placed.map(PreparedMemory.init), userID: userID, now: now, mergingSameText: false
        ) { db, _ in
            for (payload, at) in payloads {
                try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
                    .bind(.text(userID), .text(payload), .real(at.timeIntervalSince1970)).run()
            }
        }
        let db = try db()
        return try rowIDs.map { try memory(rowID: $0, in: db) }
    }

    /// `memories` with the positions of their turns made consistent with the turns the store
    /// keeps already (see ``keepImportedTurns(_:queueing:userID:now:)``).
    private func placedAfterKeptTurns(_ memories: [NewMemory], userID: String, in db: SQLiteConnection) throws
        -> [NewMemory]
    {
        try ImportedTurnPlaces.placed(memories) { try keptPositions(in: $0, userID: userID, db: db) }
    }

    /// Every kept turn of a user (`?1`) in a conversation (`?2`): its id and position, through
    /// the index on a turn's place whatever statistics the file holds.
    static let keptPositionsSQL = """
        SELECT external_id, \(turnPositionSQL) FROM memories INDEXED BY memories_by_turn_place
        WHERE user_id = ? AND kind = 'turn' AND \(turnConversationSQL) = ?
        """

    /// The positions of `userID`'s kept turns in `conversation`, by memory id, and the last one.
    private func keptPositions(in conversation: String, userID: String, db: SQLiteConnection) throws
        -> ImportedTurnPlaces.KeptPositions
    {
        var positions: [String: Int] = [:]
        var last = 0
        try db.prepare(Self.keptPositionsSQL).bind(.text(userID), .text(conversation)).forEachRow { row in
            let position = Int(row.int64(1))
            positions[row.text(0)] = position
            last = max(last, position)
        }
        return (positions, last)
    }
}

extension SQLiteMemoryStore {
    /// The kept text of the turn `item` follows in `conversation`, for its vector's context
    /// (``TurnContext``): when `item` is kept already, the turn at the position before its own;
    /// otherwise (a file that continues the conversation) the last turn kept. Nil when there is none.
    package func keptTurnBefore(_ item: NewMemory, conversation: String, userID: String) throws -> String? {
        try Self.validate(userID: userID)
        let db = try db()
        if let id = item.id,
            let position = try db.prepare(
                "SELECT \(Self.turnPositionSQL) FROM memories WHERE user_id = ? AND external_id = ? AND kind = 'turn'"
            ).bind(.text(userID), .text(id)).firstRow({ $0.optionalDouble(0).map { Int64($0) } })
        {
            guard let position else { return nil }
            return try db.prepare(Self.turnTextAtSQL).bind(.text(userID), .text(conversation), .integer(position - 1))
                .firstRow { $0.text(0) }
        }
        return try db.prepare(Self.lastKeptTurnSQL).bind(.text(userID), .text(conversation)).firstRow { $0.text(0) }
    }

    /// For each imported turn among `rowIDs` (any user), the kept text of the turn at the position
    /// before it in its conversation, by rowid: the context its vector is made with
    /// (``TurnContext``), so that a re-index embeds it as the import did. Turns kept from a live
    /// chat are embedded by the user's words alone and have no entry, nor has a first turn.
    package func importedTurnContexts(of rowIDs: [Int64]) throws -> [Int64: String] {
        guard !rowIDs.isEmpty else { return [:] }
        let db = try db()
        var places: [(rowID: Int64, userID: String, conversation: String, position: Int64)] = []
        try db.prepare(
            """
            SELECT id, user_id, \(Self.turnConversationSQL), \(Self.turnPositionSQL) FROM memories
            WHERE id IN (SELECT value FROM json_each(?1)) AND kind = 'turn' AND source = 'import'
            """
        ).bind(.text(Self.jsonArray(rowIDs))).forEachRow { row in
            guard let conversation = row.optionalText(2), let position = row.optionalDouble(3) else { return }
            places.append((row.int64(0), row.text(1), conversation, Int64(position)))
        }
        var contexts: [Int64: String] = [:]
        let before = try db.prepare(Self.turnTextAtSQL)
        for place in places {
            before.reset()
            try before.bind(.text(place.userID), .text(place.conversation), .integer(place.position - 1))
            if let text = try before.firstRow({ $0.text(0) }) { contexts[place.rowID] = text }
        }
        return contexts
    }

    /// The text of the kept turn of a user (`?1`) at the highest position in a conversation (`?2`).
    static let lastKeptTurnSQL = """
        SELECT text FROM memories INDEXED BY memories_by_turn_place
        WHERE user_id = ? AND kind = 'turn' AND \(turnConversationSQL) = ?
        ORDER BY \(turnPositionSQL) DESC LIMIT 1
        """

    /// The text of the kept turn of a user (`?1`) in a conversation (`?2`) at a position (`?3`).
    static let turnTextAtSQL = """
        SELECT text FROM memories INDEXED BY memories_by_turn_place
        WHERE user_id = ? AND kind = 'turn' AND \(turnConversationSQL) = ? AND \(turnPositionSQL) = ?
        """
}
