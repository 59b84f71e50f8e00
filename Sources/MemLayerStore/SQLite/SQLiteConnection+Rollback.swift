extension SQLiteConnection {
    /// Runs `body` inside `BEGIN IMMEDIATE … ROLLBACK`: it sees its own writes, and nothing it
    /// did survives. Dry runs use this to report exactly what a real run would change.
    func rolledBack<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        defer { try? execute("ROLLBACK") }
        return try body()
    }
}
