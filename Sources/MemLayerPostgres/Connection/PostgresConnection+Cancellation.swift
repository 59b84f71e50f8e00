extension PostgresConnection {
    /// Runs `body` on the connection so that cancelling the calling task stops it: the statement
    /// running at that moment is cancelled on the server (it fails with SQLSTATE `57014`,
    /// `query_canceled`), and no further statement of `body` is sent (they throw
    /// `CancellationError`). A transaction inside `body` is rolled back as for any error.
    package nonisolated func cancellable<T: Sendable>(
        _ body: @Sendable (isolated PostgresConnection) throws -> T
    ) async throws -> T {
        let id = canceller.nextID()
        return try await withTaskCancellationHandler {
            try await runCancellable(id, body)
        } onCancel: {
            canceller.cancel(id)
        }
    }

    private func runCancellable<T: Sendable>(
        _ id: UInt64, _ body: @Sendable (isolated PostgresConnection) throws -> T
    ) throws -> T {
        try Task.checkCancellation()
        canceller.setRunning(id)
        insideCancellable = true
        defer {
            insideCancellable = false
            canceller.setRunning(0)
        }
        return try body(self)
    }
}
