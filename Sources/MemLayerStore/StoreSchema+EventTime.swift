extension StoreSchema {
    /// Version 6: when what a fact tells happened (`event_at`, Unix seconds; null when unknown),
    /// apart from when it was learned (`created_at`), and which kept turns each fact was
    /// extracted from. Deleting either end deletes the link, never the other memory: forgetting
    /// a turn keeps the facts learned from it, forgetting a fact leaves the turn.
    static let version6 = """
        ALTER TABLE memories ADD COLUMN event_at REAL;

        CREATE TABLE memory_sources (
            fact_id INTEGER NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
            turn_id INTEGER NOT NULL REFERENCES memories (id) ON DELETE CASCADE,
            PRIMARY KEY (fact_id, turn_id)
        ) STRICT, WITHOUT ROWID;
        CREATE INDEX memory_sources_by_turn ON memory_sources (turn_id);
        """
}
