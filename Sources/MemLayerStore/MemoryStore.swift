/// The SQLite store's name before stores became a protocol.
@available(*, deprecated, renamed: "SQLiteMemoryStore")
public typealias MemoryStore = SQLiteMemoryStore
