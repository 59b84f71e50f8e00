import Foundation
import MemLayerStore

/// Reminders, matched as on SQLite: the same description (case, white space and trailing
/// punctuation aside) due within a minute is one reminder.
extension PostgresMemoryStore: TaskStoring {
    static let taskColumns = "id, user_id, description, due_at, status, created_at"

    @discardableResult
    package func addTask(_ description: String, dueAt: Date?, userID: String, now: Date) async throws
        -> ScheduledTask
    {
        try Self.validate(userID: userID)
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError(.invalidInput, "a task needs a description") }
        return try await transaction { db in
            try Self.lockUser(userID, in: db)
            return try Self.scheduleTask(text, dueAt: dueAt, userID: userID, now: now, in: db)
        }
    }

    /// ``addTask(_:dueAt:userID:now:)`` inside the caller's transaction; `text` is trimmed, non-empty.
    @discardableResult
    static func scheduleTask(_ text: String, dueAt: Date?, userID: String, now: Date, in db: isolated PostgresConnection)
        throws -> ScheduledTask
    {
        let wanted = StoreBackendSupport.taskKey(text)
        let pending = try db.query(
            """
            SELECT \(taskColumns) FROM tasks
            WHERE user_id = $1 AND status = 'pending'
                AND (($2::timestamptz IS NULL AND due_at IS NULL) OR abs(extract(epoch FROM due_at - $2)) <= 60)
            ORDER BY id
            """, [.text(userID), .optionalTimestamp(dueAt)])
        for row in pending where StoreBackendSupport.taskKey(try row.string(2)) == wanted {
            return try task(from: row)
        }
        let id = try db.query(
            """
            INSERT INTO tasks (user_id, description, due_at, status, created_at, updated_at)
            VALUES ($1, $2, $3, 'pending', $4, $4) RETURNING id
            """, [.text(userID), .text(text), .optionalTimestamp(dueAt), .timestamp(now)]
        )[0].int64(0)
        return ScheduledTask(
            storedID: id, userID: userID, description: text, dueAt: dueAt, status: .pending, createdAt: now)
    }

    /// True when `userID` already has an open task for the same thing (see the SQLite store's
    /// `isScheduled`): the same description undated, or any pending task due within a minute.
    static func isScheduled(_ task: ExtractedTask, userID: String, in db: isolated PostgresConnection) throws -> Bool {
        let wanted = StoreBackendSupport.taskKey(task.description)
        for row in try db.query(
            "SELECT description, due_at, status FROM tasks WHERE user_id = $1 AND status <> 'done'", [.text(userID)])
        {
            switch (try row.optionalDate(1), task.dueAt) {
            case (nil, nil): if StoreBackendSupport.taskKey(try row.string(0)) == wanted { return true }
            case (let a?, let b?):
                if abs(a.timeIntervalSince(b)) <= 60,
                    try row.string(2) == "pending" || StoreBackendSupport.taskKey(try row.string(0)) == wanted
                {
                    return true
                }
            default: break
            }
        }
        return false
    }

    package func tasks(userID: String, including statuses: Set<ScheduledTask.Status>) async throws
        -> [ScheduledTask]
    {
        try await query(
            """
            SELECT \(Self.taskColumns) FROM tasks WHERE user_id = $1 AND status = ANY($2::text[])
            ORDER BY due_at IS NULL, due_at, id
            """, [.text(userID), .text(Self.textArray(statuses.map(\.rawValue)))]
        ).map(Self.task(from:))
    }

    package func dueTasks(userID: String, now: Date) async throws -> [ScheduledTask] {
        try await query(
            """
            SELECT \(Self.taskColumns) FROM tasks
            WHERE user_id = $1 AND status = 'pending' AND due_at IS NOT NULL AND due_at <= $2 ORDER BY due_at, id
            """, [.text(userID), .timestamp(now)]
        ).map(Self.task(from:))
    }

    package func setTaskStatus(_ status: ScheduledTask.Status, ids: [Int64], userID: String, now: Date) async throws {
        guard !ids.isEmpty else { return }
        try await update(
            "UPDATE tasks SET status = $1, updated_at = $2 WHERE id = ANY($3::bigint[]) AND user_id = $4",
            [.text(status.rawValue), .timestamp(now), .text(Self.array(ids)), .text(userID)])
    }

    @discardableResult
    package func completeTask(id: Int64, userID: String, now: Date) async throws -> ScheduledTask {
        try await transaction { db in
            try db.query(
                "UPDATE tasks SET status = 'done', updated_at = $1 WHERE id = $2 AND user_id = $3 AND status <> 'done'",
                [.timestamp(now), .int64(id), .text(userID)])
            guard
                let row = try db.query(
                    "SELECT \(Self.taskColumns) FROM tasks WHERE id = $1 AND user_id = $2", [.int64(id), .text(userID)]
                ).first
            else {
                throw StoreError(.notFound, "no task with id \(id) for user \(userID); `memlayer tasks --all` lists them")
            }
            return try Self.task(from: row)
        }
    }

    static func task(from row: PostgresRow) throws -> ScheduledTask {
        ScheduledTask(
            storedID: try row.int64(0), userID: try row.string(1), description: try row.string(2),
            dueAt: try row.optionalDate(3), status: ScheduledTask.Status(rawValue: try row.string(4)) ?? .pending,
            createdAt: try row.date(5))
    }
}
