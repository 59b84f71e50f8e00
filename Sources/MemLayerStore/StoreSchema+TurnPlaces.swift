extension StoreSchema {
    /// Version 9 (the lead renumbers at merge): an index on a kept turn's place — its user, and
    /// the conversation and position its metadata records — so the turns around a turn hit, and
    /// the turns already kept for an imported conversation, are found without reading every turn
    /// of the user. With 50,000 kept turns, fetching the neighbours of a search's turn hits read
    /// all 50,000 metadata values (about 20 ms, twice the whole search_memory round's budget);
    /// through the index it reads the few rows it returns.
    ///
    /// The indexed expressions must stay identical to ``SQLiteMemoryStore/turnConversationSQL`` and
    /// ``SQLiteMemoryStore/turnPositionSQL``: SQLite uses an expression index only for the same
    /// expression. The CASE keeps one malformed metadata value from failing every query.
    static let version9 = """
        CREATE INDEX memories_by_turn_place ON memories (
            user_id,
            (CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.conversation') END),
            (CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.position') END)
        ) WHERE kind = 'turn';
        """
}

extension SQLiteMemoryStore {
    /// A turn's conversation as the `memories_by_turn_place` index (store version 9) holds it.
    static let turnConversationSQL =
        "(CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.conversation') END)"
    /// A turn's position as the `memories_by_turn_place` index (store version 9) holds it.
    static let turnPositionSQL = "(CASE WHEN json_valid(metadata) THEN json_extract(metadata, '$.position') END)"

    /// ``turnConversationSQL`` of the table named `table` in a join.
    static func turnConversationColumnSQL(_ table: String) -> String {
        "(CASE WHEN json_valid(\(table).metadata) THEN json_extract(\(table).metadata, '$.conversation') END)"
    }

    /// ``turnPositionSQL`` of the table named `table` in a join.
    static func turnPositionColumnSQL(_ table: String) -> String {
        "(CASE WHEN json_valid(\(table).metadata) THEN json_extract(\(table).metadata, '$.position') END)"
    }
}
