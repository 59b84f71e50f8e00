import Foundation

/// Reminders, as the chat client schedules, lists and completes them: the client asks the
/// engine, never the store behind it.
extension MemoryEngine {
    /// `userID`'s tasks with one of `statuses`.
    func tasks(userID: String, including statuses: Set<ScheduledTask.Status>) async throws -> [ScheduledTask] {
        try await store.tasks(userID: userID, including: statuses)
    }

    /// `userID`'s pending tasks due at or before `now`.
    func dueTasks(userID: String, now: Date) async throws -> [ScheduledTask] {
        try await store.dueTasks(userID: userID, now: now)
    }

    /// Schedules a reminder for `userID`.
    func addTask(_ description: String, dueAt: Date?, userID: String, now: Date) async throws -> ScheduledTask {
        try await store.addTask(description, dueAt: dueAt, userID: userID, now: now)
    }

    /// Marks task `id` of `userID` done.
    func completeTask(id: Int64, userID: String, now: Date) async throws -> ScheduledTask {
        try await store.completeTask(id: id, userID: userID, now: now)
    }

    /// Sets the status of `userID`'s tasks `ids`.
    func setTaskStatus(_ status: ScheduledTask.Status, ids: [Int64], userID: String) async throws {
        try await store.setTaskStatus(status, ids: ids, userID: userID)
    }
}
