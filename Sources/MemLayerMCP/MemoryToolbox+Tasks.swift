import Foundation
import MCP
import MemLayer

extension MemoryToolbox {
    /// The chat's `schedule_task`, with the same checks: an ISO-8601 due date, not in the past.
    func scheduleTask(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(
            tool: "schedule_task", arguments: raw, accepted: ["task_description", "due_date"])
        let description = try arguments.text("task_description")
        let dueText = try arguments.text("due_date")
        guard let due = ISO8601.parse(dueText) else {
            throw ToolCallError(
                "schedule_task needs \"due_date\" as an ISO-8601 date-time with a time zone, such as "
                    + "2026-05-01T09:00:00Z (got \(dueText.prefix(60)))")
        }
        let now = now()
        guard due > now.addingTimeInterval(-60) else {
            throw ToolCallError(
                "due_date \(dueText.prefix(60)) is in the past; it is now \(ISO8601.format(now)). Resolve relative "
                    + "dates (\"tomorrow at 9\") from the current date and time")
        }
        let task = try await engine.store.addTask(description, dueAt: due, userID: userID, now: now)
        return Self.success(
            "scheduled task \(task.id): \(task.description) — due \(ISO8601.format(due))",
            ["task": StructuredMemory.task(task)])
    }

    func listTasks(_ raw: [String: Value]?) async throws -> CallTool.Result {
        let arguments = try ToolArguments(tool: "list_tasks", arguments: raw, accepted: ["include_done"])
        let statuses: Set<ScheduledTask.Status> =
            try arguments.flag("include_done") == true ? [.pending, .notified, .done] : [.pending, .notified]
        let tasks = try await engine.store.tasks(userID: userID, including: statuses)
        let lines =
            tasks.isEmpty
            ? ["No open reminders."]
            : tasks.map { task in
                let due = task.dueAt.map { "due \(ISO8601.format($0))" } ?? "no due date"
                return "task \(task.id) (\(task.status.rawValue), \(due)): \(task.description)"
            }
        return Self.success(lines.joined(separator: "\n"), ["tasks": .array(tasks.map(StructuredMemory.task))])
    }
}
