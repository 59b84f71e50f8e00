import Foundation

/// What the salience gate decided about one extraction job, as its row keeps it.
public struct GateRecord: Sendable, Equatable, Codable {
    /// True when the turn went on to the extraction model, false when the gate skipped it.
    public var sentToExtraction: Bool
    /// The short reason `memlayer stats` counts by (`small talk`, `family`, `local score`).
    public var reason: String
    /// The gate's whole explanation (`local: margin -0.031 > -0.150`).
    public var detail: String

    /// Creates a record.
    public init(sentToExtraction: Bool, reason: String, detail: String) {
        self.sentToExtraction = sentToExtraction
        self.reason = reason
        self.detail = detail
    }
}

/// How many chat turns the salience gate sent to extraction and skipped, by reason.
public struct GateCounts: Sendable, Equatable, Codable {
    /// Turns the gate sent to the extraction model.
    public var sentToExtraction = 0
    /// Turns it skipped (no model call; the turn itself is still kept).
    public var skipped = 0
    /// Skipped turns by reason, e.g. `["small talk": 3, "empty or symbols only": 1]`.
    public var skippedByReason: [String: Int] = [:]
    /// Turns sent, by reason.
    public var sentByReason: [String: Int] = [:]

    /// No decisions yet.
    public init() {}
}

extension SQLiteMemoryStore {
    /// Keeps the gate's decision on job `jobID`'s row. Returns false when the job is gone.
    @discardableResult
    package func recordGateDecision(_ record: GateRecord, jobID: Int64) throws -> Bool {
        let db = try db()
        try db.prepare(
            "UPDATE extraction_jobs SET gate_decision = ?, gate_reason = ?, gate_detail = ? WHERE id = ?"
        ).bind(
            .text(record.sentToExtraction ? "extract" : "skip"), .text(String(record.reason.prefix(200))),
            .text(String(record.detail.prefix(500))), .integer(jobID)
        ).run()
        return db.changes > 0
    }

    /// The gate's decision on job `jobID` of `userID` — queued or finished — or nil when the
    /// gate has not decided (yet, or ever: documents and notes are not gated) or the job is gone.
    public func gateRecord(jobID: Int64, userID: String) throws -> GateRecord? {
        try Self.validate(userID: userID)
        return try db().prepare(
            """
            SELECT gate_decision, gate_reason, gate_detail FROM extraction_jobs
            WHERE id = ? AND user_id = ? AND gate_decision IS NOT NULL
            """
        ).bind(.integer(jobID), .text(userID)).firstRow { row in
            GateRecord(
                sentToExtraction: row.text(0) == "extract", reason: row.optionalText(1) ?? "",
                detail: row.optionalText(2) ?? "")
        }
    }

    /// The gate's decisions for `userID` (every user when nil), counted.
    public func gateCounts(userID: String?) throws -> GateCounts {
        let statement = try db().prepare(
            """
            SELECT gate_decision, coalesce(gate_reason, ''), count(*) FROM extraction_jobs
            WHERE gate_decision IS NOT NULL AND (?1 IS NULL OR user_id = ?1) GROUP BY 1, 2
            """)
        try statement.bind(.optionalText(userID))
        var counts = GateCounts()
        try statement.forEachRow { row in
            let count = Int(row.int64(2))
            if row.text(0) == "extract" {
                counts.sentToExtraction += count
                counts.sentByReason[row.text(1), default: 0] += count
            } else {
                counts.skipped += count
                counts.skippedByReason[row.text(1), default: 0] += count
            }
        }
        return counts
    }

    /// Ends job `jobID` inside the caller's transaction: a job the gate decided on stays as the
    /// record of that decision, its payload cut down to the kept turn's id (so no words of the
    /// turn remain, and forgetting the turn deletes it); any other job is deleted. Returns false
    /// when the job had already ended.
    static func finishJob(_ jobID: Int64, now: Date = Date(), in db: SQLiteConnection) throws -> Bool {
        try db.prepare("DELETE FROM extraction_jobs WHERE id = ? AND gate_decision IS NULL AND finished_at IS NULL")
            .bind(.integer(jobID)).run()
        if db.changes > 0 { return true }
        try db.prepare(
            """
            UPDATE extraction_jobs SET finished_at = ?, claimed_by = NULL, lease_until = NULL,
                payload = CASE WHEN json_valid(payload) AND json_extract(payload, '$.kept_memory_id') IS NOT NULL
                    THEN json_object('kept_memory_id', json_extract(payload, '$.kept_memory_id')) ELSE '{}' END
            WHERE id = ? AND finished_at IS NULL
            """
        ).bind(.real(now.timeIntervalSince1970), .integer(jobID)).run()
        return db.changes > 0
    }
}
