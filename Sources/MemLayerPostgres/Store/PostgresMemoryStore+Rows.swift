import Foundation
import MemLayerStore

/// Reading rows into the store's values, and the building blocks every write transaction uses.
extension PostgresMemoryStore {
    /// The columns ``memory(from:)`` maps, in order, over ``memoryFrom``.
    static let memoryColumns = """
        m.external_id, m.user_id, m.text, m.kind, m.importance, m.created_at, m.updated_at, m.expires_at,
        m.last_accessed_at, m.access_count, m.status, m.source, m.metadata, v.embedder, m.event_at
        """

    /// Memories with their vector's embedder (`m`, `v`).
    static let memoryFrom = "memories m LEFT JOIN memory_vectors v ON v.memory_id = m.id"

    /// A live memory of user `$1` at time `$2`: active, unexpired, not staged by an import.
    static let live = """
        m.user_id = $1 AND m.status = 'active' AND m.import_batch IS NULL AND (m.expires_at IS NULL OR m.expires_at > $2)
        """

    static func memory(from row: PostgresRow, at offset: Int = 0) throws -> Memory {
        Memory(
            id: try row.string(offset),
            userID: try row.string(offset + 1),
            text: try row.string(offset + 2),
            kind: MemoryKind(rawValue: try row.string(offset + 3)) ?? .fact,
            importance: try row.double(offset + 4),
            createdAt: try row.date(offset + 5),
            updatedAt: try row.date(offset + 6),
            expiresAt: try row.optionalDate(offset + 7),
            lastAccessedAt: try row.optionalDate(offset + 8),
            accessCount: Int(try row.int64(offset + 9)),
            status: MemoryStatus(rawValue: try row.string(offset + 10)) ?? .active,
            source: row.optionalString(offset + 11),
            metadataJSON: row.optionalString(offset + 12),
            embedder: row.optionalString(offset + 13),
            eventAt: try row.optionalDate(offset + 14))
    }

    /// Memory row `rowID`, read inside a transaction.
    static func memory(rowID: Int64, in db: isolated PostgresConnection) throws -> Memory {
        let rows = try db.query(
            "SELECT \(memoryColumns) FROM \(memoryFrom) WHERE m.id = $1", [.int64(rowID)])
        guard let row = rows.first else { throw StoreError(.notFound, "memory row \(rowID) vanished") }
        return try memory(from: row)
    }

    /// Memory rows `rowIDs` in that order, read after their transaction.
    func memories(rowIDs: [Int64]) async throws -> [Memory] {
        guard !rowIDs.isEmpty else { return [] }
        let rows = try await query(
            "SELECT \(Self.memoryColumns), m.id FROM \(Self.memoryFrom) WHERE m.id = ANY($1::bigint[])",
            [.text(Self.array(rowIDs))])
        var byRow: [Int64: Memory] = [:]
        for row in rows { byRow[try row.int64(15)] = try Self.memory(from: row) }
        return try rowIDs.map { rowID in
            guard let memory = byRow[rowID] else { throw StoreError(.notFound, "memory row \(rowID) vanished") }
            return memory
        }
    }

    /// `{1,2,3}`: row ids bound as one `bigint[]` parameter.
    static func array(_ rowIDs: [Int64]) -> String {
        "{" + rowIDs.map(String.init).joined(separator: ",") + "}"
    }

    /// A text array literal for `text[]` parameters: each element quoted and escaped.
    static func textArray(_ values: [String]) -> String {
        let quoted = values.map { value in
            "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
                + "\""
        }
        return "{" + quoted.joined(separator: ",") + "}"
    }

    /// Serialises this transaction's decisions about `userID`'s rows with other processes' (held
    /// until COMMIT): the dedupe and duplicate checks read what the user has, then write.
    static func lockUser(_ userID: String, in db: isolated PostgresConnection) throws {
        try db.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [.text("memlayer-user:" + userID)])
    }

    static func recordHistory(
        userID: String, memoryID: String?, action: String, text: String?, reason: String,
        in db: isolated PostgresConnection
    ) throws {
        try db.query(
            "INSERT INTO history (user_id, memory_id, action, text, reason, at) VALUES ($1, $2, $3, $4, $5, $6)",
            [.text(userID), .optionalText(memoryID), .text(action), .optionalText(text), .text(reason),
             .timestamp(Date())])
    }

    /// Gives row `rowID` of `userID` the vector `vector` of `embedder` (replacing any).
    static func storeVector(
        _ vector: [Float], rowID: Int64, userID: String, embedder: String, in db: isolated PostgresConnection
    ) throws {
        try db.query(
            """
            INSERT INTO memory_vectors (memory_id, user_id, embedder, embedding) VALUES ($1, $2, $3, $4::vector)
            ON CONFLICT (memory_id) DO UPDATE SET embedder = EXCLUDED.embedder, embedding = EXCLUDED.embedding
            """, [.int64(rowID), .text(userID), .text(embedder), .vector(vector)])
    }

    /// The row id of `userID`'s memory `id` (not staged), or nil.
    static func rowID(of id: String, userID: String, in db: isolated PostgresConnection) throws -> Int64? {
        try db.query(
            "SELECT id FROM memories WHERE user_id = $1 AND external_id = $2 AND import_batch IS NULL",
            [.text(userID), .text(id)]
        ).first?.int64(0)
    }

    /// A queued turn as its job row keeps it (the SQLite store's format: dates in Unix seconds).
    static func payload(_ turn: ConversationTurn) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return String(decoding: try encoder.encode(turn), as: UTF8.self)
    }

    static func turn(fromPayload payload: String, createdAt: Date) -> ConversationTurn {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        // As on SQLite: a payload that cannot be read is kept as the user's text, never dropped.
        return (try? decoder.decode(ConversationTurn.self, from: Data(payload.utf8)))
            ?? ConversationTurn(user: payload, assistant: "", at: createdAt)
    }
}
