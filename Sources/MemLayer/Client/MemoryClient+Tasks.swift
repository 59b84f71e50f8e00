extension MemoryClient {
    /// This user's tasks, soonest due first; pending and notified ones unless `including` says
    /// otherwise.
    public func tasks(including statuses: Set<ScheduledTask.Status> = [.pending, .notified]) async throws
        -> [ScheduledTask]
    {
        try await engine.tasks(userID: userID, including: statuses)
    }

    /// Marks this user's task `id` done (an app's "done" button; the model has no tool for it).
    /// Throws `StoreError(.notFound)` when the user has no such task.
    @discardableResult
    public func completeTask(_ id: Int64) async throws -> ScheduledTask {
        try await engine.completeTask(id: id, userID: userID, now: options.now())
    }
}
