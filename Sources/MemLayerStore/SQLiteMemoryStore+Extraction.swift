import Foundation

extension SQLiteMemoryStore {
    // MARK: - The queue, as the worker sees it

    /// Queues several texts for `userID` in one transaction (a document's chunks), in order.
    @discardableResult
    public func enqueue(_ turns: [ConversationTurn], userID: String) throws -> [Int64] {
        try Self.validate(userID: userID)
        let db = try db()
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        return try db.transaction {
            try turns.map { turn in
                let payload = String(decoding: try encoder.encode(turn), as: UTF8.self)
                try db.prepare("INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES (?, ?, ?)")
                    .bind(.text(userID), .text(payload), .real(turn.at.timeIntervalSince1970)).run()
                return db.lastInsertRowID
            }
        }
    }

    /// The queued job `id`, or nil when it is no longer queued.
    public func queuedJob(id: Int64) throws -> ExtractionJob? {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try db().prepare(
            """
            SELECT id, user_id, payload, attempts, last_error, created_at FROM extraction_jobs
            WHERE id = ? AND finished_at IS NULL
            """
        ).bind(.integer(id)).firstRow { row in
            // As in queuedJobs: a payload that cannot be read is kept as the user's text, never dropped.
            let payload = row.text(2)
            let turn =
                (try? decoder.decode(ConversationTurn.self, from: Data(payload.utf8)))
                ?? ConversationTurn(user: payload, assistant: "", at: Date(timeIntervalSince1970: row.double(5)))
            return ExtractionJob(
                id: row.int64(0), userID: row.text(1), turn: turn, attempts: Int(row.int64(3)),
                lastError: row.optionalText(4))
        }
    }

    /// Counts a failed try at job `id` and keeps `message`; returns the tries so far.
    @discardableResult
    package func recordExtractionFailure(jobID: Int64, message: String) throws -> Int {
        let db = try db()
        try db.prepare("UPDATE extraction_jobs SET attempts = attempts + 1, last_error = ? WHERE id = ?")
            .bind(.text(String(message.prefix(500))), .integer(jobID)).run()
        return Int(
            try db.prepare("SELECT attempts FROM extraction_jobs WHERE id = ?").bind(.integer(jobID))
                .firstRow { $0.int64(0) } ?? 0)
    }

    /// Ends job `id` and records nothing else (the salience gate skipped it; its row keeps the
    /// decision). Returns false when it had already ended.
    @discardableResult
    package func discardJob(id: Int64) throws -> Bool {
        let db = try db()
        return try db.transaction { try Self.finishJob(id, in: db) }
    }

    // MARK: - Results

    /// Writes an extraction for `userID` and deletes job `jobID`, in one transaction: facts
    /// (refreshing near-duplicates instead of adding them), entities, relationships with their
    /// source fact, and tasks not already scheduled. Returns nil, writing nothing, when the job
    /// is no longer queued — so a job is never applied twice.
    package func commitExtraction(jobID: Int64, userID: String, _ write: ExtractionWrite, learnedAt: Date, now: Date) throws
        -> ExtractionSummary?
    {
        let db = try db()
        for prepared in write.facts { try checkVector(prepared.vector) }
        // Loaded before BEGIN so it holds committed rows only; it is read, never changed, until COMMIT.
        try refreshIfChangedElsewhere()
        let index = write.facts.isEmpty ? nil : try loadedIndex(userID: userID)
        var changes: [IndexChange] = []
        var version: Int64 = 0
        let summary: ExtractionSummary? = try db.transaction {
            guard try Self.isQueued(jobID, in: db) else { return nil }
            var summary = ExtractionSummary()
            let factRows = try ExtractionWriteRules.writeFacts(
                write, summary: &summary,
                duplicate: {
                    try duplicate(
                        of: $0, userID: userID, index: index, added: $1, policy: write.duplicates, now: now, in: db)
                },
                refresh: {
                    try Self.refresh($0, with: $1, how: $2, source: write.source, userID: userID, now: now, in: db)
                },
                insert: { fact, vector in
                    let stored = try Self.insertFact(
                        fact, vector: vector, embedder: embedderID, source: write.source, userID: userID,
                        learnedAt: learnedAt, now: now, in: db)
                    changes.append(.upsert(stored.rowID, vector))
                    return stored
                })
            if let turnID = write.sourceTurnID {
                for fact in factRows { try Self.link(factRowID: fact.rowID, toTurns: [turnID], userID: userID, in: db) }
            }
            try Self.writeGraph(write, facts: factRows, userID: userID, now: now, summary: &summary, in: db)
            try ExtractionWriteRules.scheduleTasks(
                write, summary: &summary, isScheduled: { try Self.isScheduled($0, userID: userID, in: db) },
                schedule: { try Self.scheduleTask($0, dueAt: $1, userID: userID, now: now, in: db) })
            _ = try Self.finishJob(jobID, now: now, in: db)
            version = try Self.vectorVersion(of: userID, in: db)
            return summary
        }
        if summary != nil { applyToIndex(userID: userID, changes: changes, version: version) }
        return summary
    }

    /// Keeps job `jobID`'s text as written — a `turn`, `document` or `fact` memory — with `reason`
    /// (why extraction did not run or failed) in `history`, and deletes the job, in one
    /// transaction. Text already stored as the same kind is refreshed rather than copied.
    /// Returns nil, writing nothing, when the job is no longer queued.
    package func keepAsWritten(jobID: Int64, userID: String, memory item: NewMemory, reason: String, now: Date) throws
        -> Memory?
    {
        let db = try db()
        if let vector = item.embedding { try checkVector(vector) }
        var changes: [IndexChange] = []
        var version: Int64 = 0
        let rowID: Int64? = try db.transaction {
            guard try Self.isQueued(jobID, in: db) else { return nil }
            let rowID: Int64
            if let existing = try db.prepare(
                """
                SELECT id, external_id, text FROM memories INDEXED BY memories_by_hash
                WHERE user_id = ? AND content_hash = ? AND kind = ? AND status = 'active' AND import_batch IS NULL
                """
            ).bind(.text(userID), .text(ContentHash.of(item.text)), .text(item.kind.rawValue))
                .firstRow({ StoredFact(rowID: $0.int64(0), externalID: $0.text(1), text: $0.text(2)) }),
                ContentHash.normalise(existing.text) == ContentHash.normalise(item.text)
            {
                try db.prepare("UPDATE memories SET updated_at = ?, importance = max(importance, ?) WHERE id = ?")
                    .bind(.real(now.timeIntervalSince1970), .real(item.importance), .integer(existing.rowID)).run()
                // A turn kept word for word before extraction ran may still lack its vector.
                if let vector = item.embedding {
                    try db.prepare("UPDATE memories SET embedding = ?, embedder = ? WHERE id = ? AND embedding IS NULL")
                        .bind(.blob(EmbeddingBlob.encode(vector)), .optionalText(embedderID), .integer(existing.rowID))
                        .run()
                    if db.changes > 0 { changes.append(.upsert(existing.rowID, vector)) }
                }
                try Self.recordHistory(
                    userID: userID, memoryID: existing.externalID, action: "update", text: item.text,
                    reason: reason + "; the same text was already stored", in: db)
                rowID = existing.rowID
            } else {
                let externalID = UUID().uuidString.lowercased()
                try db.prepare(
                    """
                    INSERT INTO memories (external_id, user_id, text, kind, importance, created_at, updated_at, source,
                        content_hash, embedding, embedder)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """
                ).bind(
                    .text(externalID), .text(userID), .text(item.text), .text(item.kind.rawValue),
                    .real(item.importance), .real((item.createdAt ?? now).timeIntervalSince1970),
                    .real(now.timeIntervalSince1970), .optionalText(item.source), .text(ContentHash.of(item.text)),
                    item.embedding.map { .blob(EmbeddingBlob.encode($0)) } ?? .null,
                    item.embedding == nil ? .null : .optionalText(embedderID)
                ).run()
                rowID = db.lastInsertRowID
                if let vector = item.embedding { changes.append(.upsert(rowID, vector)) }
                try Self.recordHistory(
                    userID: userID, memoryID: externalID, action: "add", text: item.text, reason: reason, in: db)
            }
            _ = try Self.finishJob(jobID, now: now, in: db)
            version = try Self.vectorVersion(of: userID, in: db)
            return rowID
        }
        guard let rowID else { return nil }
        applyToIndex(userID: userID, changes: changes, version: version)
        return try memory(rowID: rowID, in: db)
    }

    // MARK: - Internals

    private static func isQueued(_ jobID: Int64, in db: SQLiteConnection) throws -> Bool {
        try db.prepare("SELECT 1 FROM extraction_jobs WHERE id = ? AND finished_at IS NULL").bind(.integer(jobID))
            .firstRow { _ in true }
            ?? false
    }

    /// An active, unexpired fact of `userID` that `prepared` restates, and how it was matched:
    /// the same text, a fact added earlier in this job, or the user's vector index.
    private func duplicate(
        of prepared: PreparedFact, userID: String, index: VectorIndex?, added: [(fact: StoredFact, vector: [Float])],
        policy: DuplicateCheck,
        now: Date, in db: SQLiteConnection
    ) throws -> (StoredFact, String)? {
        let text = prepared.fact.text
        let live = """
            user_id = ? AND kind = 'fact' AND status = 'active' AND (expires_at IS NULL OR expires_at > ?)
                AND import_batch IS NULL
            """
        if let same = try db.prepare(
            "SELECT id, external_id, text FROM memories INDEXED BY memories_by_hash WHERE \(live) AND content_hash = ?"
        )
        .bind(.text(userID), .real(now.timeIntervalSince1970), .text(ContentHash.of(text)))
        .firstRow({ StoredFact(rowID: $0.int64(0), externalID: $0.text(1), text: $0.text(2)) }),
            ContentHash.normalise(same.text) == ContentHash.normalise(text)
        {
            return (same, "the same text")
        }
        guard let index else { return nil }
        // Facts this job added are not in the index until COMMIT: compare with them directly.
        for (fact, vector) in added {
            let cosine = ExtractionWriteRules.cosine(vector, prepared.vector)
            if policy.isDuplicate(text, of: fact.text, cosine: cosine) {
                return (fact, String(format: "cosine %.3f", cosine))
            }
        }
        let fetch = try db.prepare("SELECT id, external_id, text FROM memories WHERE id = ? AND \(live)")
        for candidate in try index.search(prepared.vector, k: 8) where candidate.score >= policy.lowestThreshold {
            fetch.reset()
            try fetch.bind(.integer(candidate.rowID), .text(userID), .real(now.timeIntervalSince1970))
            if let row = try fetch.firstRow({ StoredFact(rowID: $0.int64(0), externalID: $0.text(1), text: $0.text(2)) }
            ),
                policy.isDuplicate(text, of: row.text, cosine: candidate.score)
            {
                return (row, String(format: "cosine %.3f", candidate.score))
            }
        }
        return nil
    }

    /// Refreshes `existing` with a restatement: the higher importance, now as `updated_at`, and
    /// the later expiry (none beats any); the text stays as first written.
    private static func refresh(
        _ existing: StoredFact, with fact: ExtractedFact, how: String, source: String, userID: String, now: Date,
        in db: SQLiteConnection
    ) throws {
        try db.prepare(
            """
            UPDATE memories SET importance = max(importance, ?1), updated_at = ?2,
                expires_at = CASE WHEN expires_at IS NULL OR ?3 IS NULL THEN NULL ELSE max(expires_at, ?3) END,
                event_at = coalesce(event_at, ?5)
            WHERE id = ?4
            """
        ).bind(
            .real(fact.importance), .real(now.timeIntervalSince1970),
            .optionalReal(fact.expiresAt?.timeIntervalSince1970), .integer(existing.rowID),
            .optionalReal(fact.eventAt?.timeIntervalSince1970)
        ).run()
        try recordHistory(
            userID: userID, memoryID: existing.externalID, action: "update", text: fact.text,
            reason: "extracted again from \(source) (\(how))", in: db)
    }

    private static func insertFact(
        _ fact: ExtractedFact, vector: [Float], embedder: String?, source: String, userID: String, learnedAt: Date,
        now: Date, in db: SQLiteConnection
    ) throws -> StoredFact {
        let externalID = UUID().uuidString.lowercased()
        try db.prepare(
            """
            INSERT INTO memories (external_id, user_id, text, kind, importance, created_at, updated_at, expires_at,
                source, content_hash, embedding, embedder, event_at)
            VALUES (?, ?, ?, 'fact', ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """
        ).bind(
            .text(externalID), .text(userID), .text(fact.text), .real(fact.importance),
            .real(learnedAt.timeIntervalSince1970), .real(now.timeIntervalSince1970),
            .optionalReal(fact.expiresAt?.timeIntervalSince1970), .text(source), .text(ContentHash.of(fact.text)),
            .blob(EmbeddingBlob.encode(vector)), .optionalText(embedder),
            .optionalReal(fact.eventAt?.timeIntervalSince1970)
        ).run()
        let stored = StoredFact(rowID: db.lastInsertRowID, externalID: externalID, text: fact.text)
        try recordHistory(
            userID: userID, memoryID: externalID, action: "add", text: fact.text, reason: "extracted from \(source)",
            in: db)
        return stored
    }

    /// Entities (canonicalised: case and spacing never make two, different names never merge)
    /// and relationships, as ``ExtractionWriteRules/writeGraph(_:facts:summary:entityID:link:)`` says.
    private static func writeGraph(
        _ write: ExtractionWrite, facts: [StoredFact], userID: String, now: Date, summary: inout ExtractionSummary,
        in db: SQLiteConnection
    ) throws {
        try ExtractionWriteRules.writeGraph(
            write, facts: facts, summary: &summary,
            entityID: { try entityID(named: $0, type: $1, userID: userID, now: now, in: db) },
            link: {
                try link(
                    subjectID: $0, predicate: $1, objectID: $2, memoryRowID: $3, userID: userID, now: now, in: db)
            })
    }

    /// True when `userID` already has an open task with the same description due within a minute
    /// of `task` (or both undated), or any pending task due within a minute of it: the chat's
    /// `schedule_task` tool words a reminder its own way ("Call Dana" and "Phone my sister Dana"),
    /// and two reminders for the same minute are far more often one request seen twice than two.
    private static func isScheduled(_ task: ExtractedTask, userID: String, in db: SQLiteConnection) throws -> Bool {
        let wanted = TaskDescription.normalise(task.description)
        var found = false
        try db.prepare("SELECT description, due_at, status FROM tasks WHERE user_id = ? AND status != 'done'")
            .bind(.text(userID)).forEachRow { row in
                guard !found else { return }
                switch (row.optionalDouble(1), task.dueAt?.timeIntervalSince1970) {
                case (nil, nil): found = TaskDescription.normalise(row.text(0)) == wanted
                case (let a?, let b?):
                    found =
                        abs(a - b) <= 60
                        && (row.text(2) == "pending" || TaskDescription.normalise(row.text(0)) == wanted)
                default: break
                }
            }
        return found
    }
}
