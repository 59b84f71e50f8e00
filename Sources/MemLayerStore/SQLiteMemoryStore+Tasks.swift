import Foundation

extension SQLiteMemoryStore {
    /// Adds a task for `userID`, or returns the pending one already scheduled for the same thing
    /// at the same time: a description equal but for case, white space and trailing punctuation,
    /// and a due time within a minute (or both undated). A model that calls `schedule_task` in
    /// several rounds of one answer, or a user who asks twice, gets one reminder, not several.
    @discardableResult
    public func addTask(_ description: String, dueAt: Date?, userID: String, now: Date = Date()) throws -> ScheduledTask
    {
        try Self.validate(userID: userID)
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw StoreError(.invalidInput, "a task needs a description") }
        let db = try db()
        return try db.transaction { try Self.scheduleTask(text, dueAt: dueAt, userID: userID, now: now, in: db) }
    }

    /// ``addTask(_:dueAt:userID:now:)`` inside the caller's transaction; `text` is trimmed and non-empty.
    @discardableResult
    static func scheduleTask(_ text: String, dueAt: Date?, userID: String, now: Date, in db: SQLiteConnection) throws
        -> ScheduledTask
    {
        if let existing = try pendingTask(matching: text, dueAt: dueAt, userID: userID, in: db) { return existing }
        try db.prepare(
            "INSERT INTO tasks (user_id, description, due_at, status, created_at, updated_at) VALUES (?, ?, ?, 'pending', ?, ?)"
        ).bind(
            .text(userID), .text(text), .optionalReal(dueAt?.timeIntervalSince1970), .real(now.timeIntervalSince1970),
            .real(now.timeIntervalSince1970)
        ).run()
        return ScheduledTask(
            id: db.lastInsertRowID, userID: userID, description: text, dueAt: dueAt, status: .pending, createdAt: now)
    }

    /// `userID`'s pending task for `description` due within a minute of `dueAt` (or undated when
    /// `dueAt` is nil), oldest first.
    static func pendingTask(matching description: String, dueAt: Date?, userID: String, in db: SQLiteConnection)
        throws -> ScheduledTask?
    {
        let wanted = TaskDescription.normalise(description)
        var found: ScheduledTask?
        try db.prepare(
            """
            SELECT id, user_id, description, due_at, status, created_at FROM tasks
            WHERE user_id = ?1 AND status = 'pending'
                AND ((?2 IS NULL AND due_at IS NULL) OR abs(due_at - ?2) <= 60)
            ORDER BY id
            """
        ).bind(.text(userID), .optionalReal(dueAt?.timeIntervalSince1970)).forEachRow { row in
            guard found == nil, TaskDescription.normalise(row.text(2)) == wanted else { return }
            found = task(from: row)
        }
        return found
    }

    /// `userID`'s tasks, soonest due first (undated last); `including` filters by status.
    public func tasks(userID: String, including statuses: Set<ScheduledTask.Status> = [.pending, .notified, .done])
        throws -> [ScheduledTask]
    {
        var result: [ScheduledTask] = []
        try db().prepare(
            "SELECT id, user_id, description, due_at, status, created_at FROM tasks WHERE user_id = ? ORDER BY due_at IS NULL, due_at, id"
        ).bind(.text(userID)).forEachRow { row in
            let task = Self.task(from: row)
            if statuses.contains(task.status) { result.append(task) }
        }
        return result
    }

    /// Pending tasks of `userID` whose due time has passed.
    public func dueTasks(userID: String, now: Date = Date()) throws -> [ScheduledTask] {
        var result: [ScheduledTask] = []
        try db().prepare(
            """
            SELECT id, user_id, description, due_at, status, created_at FROM tasks
            WHERE user_id = ? AND status = 'pending' AND due_at IS NOT NULL AND due_at <= ? ORDER BY due_at, id
            """
        ).bind(.text(userID), .real(now.timeIntervalSince1970)).forEachRow { result.append(Self.task(from: $0)) }
        return result
    }

    /// Sets the status of `userID`'s tasks `ids` (others' tasks are never touched).
    public func setTaskStatus(_ status: ScheduledTask.Status, ids: [Int64], userID: String, now: Date = Date()) throws {
        guard !ids.isEmpty else { return }
        let db = try db()
        try db.transaction {
            let update = try db.prepare("UPDATE tasks SET status = ?, updated_at = ? WHERE id = ? AND user_id = ?")
            for id in ids {
                try update.bind(.text(status.rawValue), .real(now.timeIntervalSince1970), .integer(id), .text(userID))
                    .run()
                update.reset()
            }
        }
    }

    /// Marks `userID`'s task `id` done and returns it. Throws `.notFound` when the user has no
    /// such task (another user's id included), so a mistyped id is never silently ignored.
    /// Marking a done task done again changes nothing.
    @discardableResult
    public func completeTask(id: Int64, userID: String, now: Date = Date()) throws -> ScheduledTask {
        let db = try db()
        return try db.transaction {
            try db.prepare(
                "UPDATE tasks SET status = 'done', updated_at = ? WHERE id = ? AND user_id = ? AND status != 'done'"
            )
            .bind(.real(now.timeIntervalSince1970), .integer(id), .text(userID)).run()
            guard
                let task = try db.prepare(
                    "SELECT id, user_id, description, due_at, status, created_at FROM tasks WHERE id = ? AND user_id = ?"
                ).bind(.integer(id), .text(userID)).firstRow(Self.task(from:))
            else {
                throw StoreError(
                    .notFound, "no task with id \(id) for user \(userID); `memlayer tasks --all` lists them")
            }
            return task
        }
    }

    static func task(from row: SQLiteStatement) -> ScheduledTask {
        ScheduledTask(
            id: row.int64(0), userID: row.text(1), description: row.text(2),
            dueAt: row.optionalDouble(3).map(Date.init(timeIntervalSince1970:)),
            status: ScheduledTask.Status(rawValue: row.text(4)) ?? .pending,
            createdAt: Date(timeIntervalSince1970: row.double(5)))
    }
}
