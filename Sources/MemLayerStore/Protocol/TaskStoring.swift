import Foundation

/// Reminders the user asked for.
package protocol TaskStoring: Sendable {
    /// Schedules a reminder; `.invalidInput` for an empty description.
    @discardableResult
    func addTask(_ description: String, dueAt: Date?, userID: String, now: Date) async throws -> ScheduledTask
    /// `userID`'s tasks with one of `statuses`, soonest due first.
    func tasks(userID: String, including statuses: Set<ScheduledTask.Status>) async throws -> [ScheduledTask]
    /// `userID`'s pending tasks due at or before `now`.
    func dueTasks(userID: String, now: Date) async throws -> [ScheduledTask]
    /// Sets the status of `userID`'s tasks `ids` (others' ids are ignored), in one transaction.
    func setTaskStatus(_ status: ScheduledTask.Status, ids: [Int64], userID: String, now: Date) async throws
    /// Marks task `id` done; `.notFound` when `userID` has no such task.
    @discardableResult
    func completeTask(id: Int64, userID: String, now: Date) async throws -> ScheduledTask
}
