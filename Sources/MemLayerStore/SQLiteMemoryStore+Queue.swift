import Foundation

extension SQLiteMemoryStore {
    /// Queues `turn` for background extraction. Durable once this returns: the job is a row in
    /// the store, so a crash or kill leaves it for the next open.
    @discardableResult
    public func enqueue(_ turn: ConversationTurn, userID: String) throws -> Int64 {
        try Self.validate(userID: userID)
        let db = try db()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        let payload = String(decoding: try encoder.encode(turn), as: UTF8.self)
        try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
            .bind(.text(userID), .text(payload), .real(turn.at.timeIntervalSince1970)).run()
        return db.lastInsertRowID
    }

    /// Queued jobs, oldest first (all users when `userID` is nil). A row whose payload cannot be
    /// read is returned with the raw text as the user's side, so nothing queued is ever dropped.
    public func queuedJobs(userID: String? = nil, limit: Int = 100) throws -> [ExtractionJob] {
        let statement = try db().prepare(
            """
            SELECT id, user_id, payload, attempts, last_error, created_at FROM extraction_jobs
            WHERE finished_at IS NULL AND (?1 IS NULL OR user_id = ?1) ORDER BY created_at, id LIMIT ?2
            """)
        try statement.bind(.optionalText(userID), .integer(Int64(limit)))
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        var jobs: [ExtractionJob] = []
        try statement.forEachRow { row in
            let payload = row.text(2)
            let turn =
                (try? decoder.decode(ConversationTurn.self, from: Data(payload.utf8)))
                ?? ConversationTurn(user: payload, assistant: "", at: Date(timeIntervalSince1970: row.double(5)))
            jobs.append(
                ExtractionJob(
                    id: row.int64(0), userID: row.text(1), turn: turn, attempts: Int(row.int64(3)),
                    lastError: row.optionalText(4)))
        }
        return jobs
    }
}
