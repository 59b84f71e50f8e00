import ArgumentParser
import Foundation
import MemLayer

/// `memlayer tasks [--all] [--done ID]`: a user's reminders, and marking one done.
struct TasksCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tasks",
        abstract: "List a user's open reminders (pending or already mentioned), or mark one done.")

    @OptionGroup var options: StoreOptions

    @Flag(help: "List done tasks too.")
    var all = false

    @Option(help: ArgumentHelp("Mark the task with this id done.", valueName: "id"))
    var done: Int64?

    @Flag(
        help:
            "Print one JSON object {tasks: [{id, description, status, due_at, created_at}]} (with --done: the task marked done)."
    )
    var json = false

    func validate() throws {
        if done != nil && all { throw ValidationError("--done marks one task; list with --all separately") }
    }

    func run() async throws {
        let store = try await options.openExistingStore()
        if let done {
            let task = try await store.completeTask(id: done, userID: options.user)
            await store.close()
            if json {
                try StandardOutput.line(try JSONOutput.string(["tasks": [Self.object(for: task)]]))
            } else {
                try StandardOutput.line("done: task \(task.id) — \(task.description)")
            }
            return
        }
        let statuses: Set<ScheduledTask.Status> = all ? [.pending, .notified, .done] : [.pending, .notified]
        let tasks = try await store.tasks(userID: options.user, including: statuses)
        await store.close()
        if json {
            try StandardOutput.line(try JSONOutput.string(["tasks": tasks.map(Self.object(for:))]))
            return
        }
        if tasks.isEmpty {
            try StandardOutput.line(
                all ? "no tasks for user \(options.user)" : "no open tasks for user \(options.user)")
            return
        }
        let now = Date()
        for task in tasks {
            var due = task.dueAt.map { "due " + Self.format($0) } ?? "no due date"
            if task.status != .done, let at = task.dueAt, at <= now { due += " (overdue)" }
            let status = task.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            try StandardOutput.line("\(task.id)  \(status)  \(due)  \(task.description)")
        }
    }

    /// `2026-11-27 09:00 +01:00`, in the machine's time zone.
    static func format(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm xxx"
        return formatter.string(from: date)
    }

    static func object(for task: ScheduledTask) -> [String: Any] {
        [
            "id": task.id,
            "description": task.description,
            "status": task.status.rawValue,
            "due_at": task.dueAt.map { $0.formatted(.iso8601) } ?? NSNull(),
            "created_at": task.createdAt.formatted(.iso8601),
        ]
    }
}
