extension PostgresConnection {
    /// How a transaction sees other transactions' writes.
    package enum Isolation: String, Sendable {
        case readCommitted = "READ COMMITTED"
        case repeatableRead = "REPEATABLE READ"
        case serializable = "SERIALIZABLE"
    }

    /// Runs `body` inside `BEGIN … COMMIT`, rolling back if it throws. The body is synchronous:
    /// nothing else runs on this connection until it returns, and no transaction stays open
    /// across a suspension.
    /// - Throws: `.invalidInput` when a transaction is already open (nested `BEGIN` would commit
    ///   the outer one early); the body's error after rolling back; the server's error if the
    ///   commit fails (then nothing was written).
    package func transaction<T: Sendable>(
        _ isolation: Isolation = .readCommitted, _ body: @Sendable (isolated PostgresConnection) throws -> T
    ) throws -> T {
        guard !inTransaction else {
            throw PostgresError(.invalidInput, "a transaction is already open on this connection")
        }
        try execute("BEGIN ISOLATION LEVEL \(isolation.rawValue)")
        do {
            let result = try body(self)
            try execute("COMMIT")
            return result
        } catch {
            if inTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}
