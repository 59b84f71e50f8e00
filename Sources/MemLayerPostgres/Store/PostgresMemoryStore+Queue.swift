import Foundation
import MemLayerStore

/// The extraction queue as the store protocol sees it: jobs queued in transactions with what
/// they keep, and finishing calls that apply a job once. Each finishing call locks the job's row
/// (`FOR UPDATE`) and checks it is still queued in the same transaction, so of two workers on
/// two machines finishing one job, one applies it and the other writes nothing.
extension PostgresMemoryStore {
    static let jobColumns = "id, user_id, payload, attempts, last_error, created_at"

    @discardableResult
    package func enqueue(_ turns: [ConversationTurn], userID: String) async throws -> [Int64] {
        try Self.validate(userID: userID)
        let payloads = try turns.map { (try Self.payload($0), $0.at) }
        return try await transaction { db in
            try payloads.map { try Self.insertJob(payload: $0.0, at: $0.1, userID: userID, in: db) }
        }
    }

    @discardableResult
    package func enqueue(_ turn: ConversationTurn, userID: String) async throws -> Int64 {
        try await enqueue([turn], userID: userID)[0]
    }

    static func insertJob(payload: String, at: Date, userID: String, in db: isolated PostgresConnection) throws -> Int64 {
        try db.query(
            "INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES ($1, $2, $3) RETURNING id",
            [.text(userID), .text(payload), .timestamp(at)]
        )[0].int64(0)
    }

    @discardableResult
    package func keepAndEnqueue(_ turn: ConversationTurn, at place: TurnPlace, userID: String) async throws
        -> (jobID: Int64, memory: Memory)
    {
        try Self.validate(userID: userID)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let metadata = String(decoding: try encoder.encode(place), as: UTF8.self)
        let item = NewMemory(
            text: turn.transcript, kind: .turn, importance: turn.importance ?? 0.5, createdAt: turn.at,
            source: turn.source ?? ConversationTurn.Origin.chat.rawValue, metadataJSON: metadata)
        try check([item])
        let embedder = cachedEmbedderID ?? ""
        let (jobID, rowID) = try await transaction { db in
            try Self.lockUser(userID, in: db)
            // The same words said again refresh the turn kept before; the job points at it.
            let rowID = try Self.write(item, userID: userID, now: turn.at, mergingSameText: true, embedder: embedder, in: db)
            var queued = turn
            queued.keptMemoryID = try Self.memory(rowID: rowID, in: db).id
            let jobID = try Self.insertJob(payload: try Self.payload(queued), at: turn.at, userID: userID, in: db)
            return (jobID, rowID)
        }
        return (jobID, try await memories(rowIDs: [rowID])[0])
    }

    @discardableResult
    package func keepImportedTurns(_ memories: [NewMemory], queueing turns: [ConversationTurn], userID: String, now: Date)
        async throws -> [Memory]
    {
        try Self.validate(userID: userID)
        try check(memories)
        let payloads = try turns.map { (try Self.payload($0), $0.at) }
        let embedder = cachedEmbedderID ?? ""
        let rowIDs = try await transaction { db in
            try Self.lockUser(userID, in: db)
            let placed = try Self.placedAfterKeptTurns(memories, userID: userID, in: db)
            let rowIDs = try placed.map {
                try Self.write($0, userID: userID, now: now, mergingSameText: false, embedder: embedder, in: db)
            }
            for (payload, at) in payloads { _ = try Self.insertJob(payload: payload, at: at, userID: userID, in: db) }
            return rowIDs
        }
        return try await self.memories(rowIDs: rowIDs)
    }

    /// Imported turns numbered after the turns already kept in their conversation (an id kept
    /// before keeps its place), as the SQLite store does.
    static func placedAfterKeptTurns(_ memories: [NewMemory], userID: String, in db: isolated PostgresConnection)
        throws -> [NewMemory]
    {
        try ImportedTurnPlaces.placed(memories) { conversation in
            var positions: [String: Int] = [:]
            var last = 0
            for row in try db.query(
                """
                SELECT external_id, (metadata::jsonb ->> 'position')::double precision FROM memories
                WHERE user_id = $1 AND kind = 'turn' AND metadata IS JSON OBJECT
                    AND metadata::jsonb ->> 'conversation' = $2
                    AND jsonb_typeof(metadata::jsonb -> 'position') = 'number'
                """, [.text(userID), .text(conversation)])
            {
                let position = Int(try row.double(1))
                positions[try row.string(0)] = position
                last = max(last, position)
            }
            return (positions, last)
        }
    }

    package func queuedJob(id: Int64) async throws -> ExtractionJob? {
        try await query(
            "SELECT \(Self.jobColumns) FROM extraction_jobs WHERE id = $1 AND finished_at IS NULL", [.int64(id)]
        ).first.map(Self.job(from:))
    }

    package func queuedJobs(userID: String?, limit: Int) async throws -> [ExtractionJob] {
        try await query(
            """
            SELECT \(Self.jobColumns) FROM extraction_jobs
            WHERE finished_at IS NULL AND ($1::text IS NULL OR user_id = $1) ORDER BY created_at, id LIMIT $2
            """, [.optionalText(userID), .int64(Int64(max(0, limit)))]
        ).map(Self.job(from:))
    }

    static func job(from row: PostgresRow) throws -> ExtractionJob {
        ExtractionJob(
            storedID: try row.int64(0), userID: try row.string(1),
            turn: turn(fromPayload: try row.string(2), createdAt: try row.date(5)),
            attempts: Int(try row.int64(3)), lastError: row.optionalString(4))
    }

    @discardableResult
    package func recordExtractionFailure(jobID: Int64, message: String) async throws -> Int {
        let rows = try await query(
            "UPDATE extraction_jobs SET attempts = attempts + 1, last_error = $1 WHERE id = $2 RETURNING attempts",
            [.text(String(message.prefix(500))), .int64(jobID)])
        return try rows.first.map { Int(try $0.int64(0)) } ?? 0
    }

    @discardableResult
    package func discardJob(id: Int64) async throws -> Bool {
        try await transaction { db in try Self.finishJob(id, in: db) }
    }

    package func closeJob(_ jobID: Int64, keptAs memoryID: String, userID: String, reason: String) async throws -> Bool {
        try await transaction { db in
            guard try Self.finishJob(jobID, in: db) else { return false }
            try Self.recordHistory(
                userID: userID, memoryID: memoryID, action: "update", text: nil, reason: reason, in: db)
            return true
        }
    }

    /// Locks job `jobID`'s row for this transaction; true while it is still queued. A second
    /// worker finishing the same job waits here, then finds it ended.
    static func lockQueued(_ jobID: Int64, in db: isolated PostgresConnection) throws -> Bool {
        !(try db.query(
            "SELECT 1 FROM extraction_jobs WHERE id = $1 AND finished_at IS NULL FOR UPDATE", [.int64(jobID)]
        ).isEmpty)
    }

    /// Ends job `jobID` inside the caller's transaction: a job the gate decided on stays as the
    /// record of that decision, its payload cut down to the kept turn's id; any other is deleted.
    /// False when it had already ended.
    static func finishJob(_ jobID: Int64, in db: isolated PostgresConnection) throws -> Bool {
        if try db.update(
            "DELETE FROM extraction_jobs WHERE id = $1 AND gate_decision IS NULL AND finished_at IS NULL",
            [.int64(jobID)]) > 0
        {
            return true
        }
        return try db.update(
            """
            UPDATE extraction_jobs SET finished_at = now(), claimed_by = NULL, lease_until = NULL,
                payload = CASE WHEN payload IS JSON OBJECT AND payload::jsonb ->> 'kept_memory_id' IS NOT NULL
                    THEN jsonb_build_object('kept_memory_id', payload::jsonb ->> 'kept_memory_id')::text ELSE '{}' END
            WHERE id = $1 AND finished_at IS NULL
            """, [.int64(jobID)]) > 0
    }

    @discardableResult
    package func recordGateDecision(_ record: GateRecord, jobID: Int64) async throws -> Bool {
        try await update(
            "UPDATE extraction_jobs SET gate_decision = $1, gate_reason = $2, gate_detail = $3 WHERE id = $4",
            [.text(record.sentToExtraction ? "extract" : "skip"), .text(String(record.reason.prefix(200))),
             .text(String(record.detail.prefix(500))), .int64(jobID)]) > 0
    }

    package func gateRecord(jobID: Int64, userID: String) async throws -> GateRecord? {
        try Self.validate(userID: userID)
        return try await query(
            """
            SELECT gate_decision, gate_reason, gate_detail FROM extraction_jobs
            WHERE id = $1 AND user_id = $2 AND gate_decision IS NOT NULL
            """, [.int64(jobID), .text(userID)]
        ).first.map { row in
            GateRecord(
                sentToExtraction: try row.string(0) == "extract", reason: row.optionalString(1) ?? "",
                detail: row.optionalString(2) ?? "")
        }
    }

    /// The gate's decisions for `userID` (every user when nil), counted.
    package func gateCounts(userID: String?) async throws -> GateCounts {
        let rows = try await query(
            """
            SELECT gate_decision, coalesce(gate_reason, ''), count(*) FROM extraction_jobs
            WHERE gate_decision IS NOT NULL AND ($1::text IS NULL OR user_id = $1) GROUP BY 1, 2
            """, [.optionalText(userID)])
        var counts = GateCounts()
        for row in rows {
            let count = Int(try row.int64(2))
            let reason = try row.string(1)
            if try row.string(0) == "extract" {
                counts.sentToExtraction += count
                counts.sentByReason[reason, default: 0] += count
            } else {
                counts.skipped += count
                counts.skippedByReason[reason, default: 0] += count
            }
        }
        return counts
    }

    // MARK: - Claims, for workers on several machines

    /// Claims through ``PostgresExtractionQueue/claim(_:worker:lease:among:goneHolders:countingAttempt:)``
    /// (`FOR UPDATE SKIP LOCKED`, leases by the server's clock), without counting a try: the
    /// worker counts failures. Holders on this host whose processes are gone are found first
    /// (one more round trip), so their jobs are taken without waiting for the lease.
    package func claimJob(for holder: ClaimHolder, lease: Duration, among jobIDs: [Int64]?) async throws
        -> ExtractionJob?
    {
        try checkOpen()
        if let jobIDs, jobIDs.isEmpty { return nil }
        while true {
            let claimed = try await mapped {
                let gone = try await PostgresExtractionQueue.goneHolders(connection, isGone: ClaimHolder.isGone)
                return try await PostgresExtractionQueue.claim(
                    connection, worker: holder.id, lease: lease, among: jobIDs, goneHolders: gone,
                    countingAttempt: false)
            }
            guard let claimed else { return nil }
            // Nil only when another handle ended the job between the claim and this read: claim the next.
            if let job = try await queuedJob(id: claimed.id) { return job }
        }
    }

    @discardableResult
    package func renewClaim(jobID: Int64, holder: ClaimHolder, lease: Duration) async throws -> Bool {
        try await update(
            """
            UPDATE extraction_jobs SET lease_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND claimed_by = $2 AND finished_at IS NULL
            """,
            [.int64(jobID), .text(holder.id), .double(PostgresExtractionQueue.seconds(lease))]) == 1
    }

    @discardableResult
    package func releaseClaim(jobID: Int64, holder: ClaimHolder) async throws -> Bool {
        try await update(
            """
            UPDATE extraction_jobs SET claimed_by = NULL, lease_until = NULL
            WHERE id = $1 AND claimed_by = $2 AND finished_at IS NULL
            """, [.int64(jobID), .text(holder.id)]) == 1
    }
}
