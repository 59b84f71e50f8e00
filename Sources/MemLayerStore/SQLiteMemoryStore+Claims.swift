import Foundation

/// Claims on extraction jobs, for several processes draining one store file: each claim is made
/// in a write transaction (`BEGIN IMMEDIATE`, which serialises the processes), so two claims never
/// take the same job while its lease runs. Leases run by this machine's clock: every process of
/// a SQLite file is on one machine.
extension SQLiteMemoryStore {
    package func claimJob(for holder: ClaimHolder, lease: Duration, among jobIDs: [Int64]?) throws -> ExtractionJob? {
        let db = try db()
        return try db.transaction {
            let now = Date().timeIntervalSince1970
            let gone = try Self.goneHolders(now: now, in: db)
            let idsJSON = try jobIDs.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
            guard
                let id = try db.prepare(
                    """
                    SELECT id FROM extraction_jobs
                    WHERE finished_at IS NULL
                        AND (claimed_by IS NULL OR lease_until IS NULL OR lease_until <= ?1
                            OR claimed_by IN (SELECT value FROM json_each(?2)))
                        AND (?3 IS NULL OR id IN (SELECT value FROM json_each(?3)))
                    ORDER BY created_at, id LIMIT 1
                    """
                ).bind(.real(now), .text(gone), .optionalText(idsJSON)).firstRow({ $0.int64(0) })
            else { return nil }
            try db.prepare("UPDATE extraction_jobs SET claimed_by = ?, lease_until = ? WHERE id = ?")
                .bind(.text(holder.id), .real(now + Self.seconds(lease)), .integer(id)).run()
            return try queuedJob(id: id)
        }
    }

    @discardableResult
    package func renewClaim(jobID: Int64, holder: ClaimHolder, lease: Duration) throws -> Bool {
        let db = try db()
        try db.prepare(
            "UPDATE extraction_jobs SET lease_until = ? WHERE id = ? AND claimed_by = ? AND finished_at IS NULL"
        ).bind(.real(Date().timeIntervalSince1970 + Self.seconds(lease)), .integer(jobID), .text(holder.id)).run()
        return db.changes == 1
    }

    @discardableResult
    package func releaseClaim(jobID: Int64, holder: ClaimHolder) throws -> Bool {
        let db = try db()
        try db.prepare(
            """
            UPDATE extraction_jobs SET claimed_by = NULL, lease_until = NULL
            WHERE id = ? AND claimed_by = ? AND finished_at IS NULL
            """
        ).bind(.integer(jobID), .text(holder.id)).run()
        return db.changes == 1
    }

    /// The holders of running claims that ``ClaimHolder/isGone(_:)`` says are dead, as a JSON array.
    private static func goneHolders(now: Double, in db: SQLiteConnection) throws -> String {
        var gone: [String] = []
        try db.prepare(
            """
            SELECT DISTINCT claimed_by FROM extraction_jobs
            WHERE claimed_by IS NOT NULL AND finished_at IS NULL AND lease_until > ?
            """
        ).bind(.real(now)).forEachRow { row in
            let holder = row.text(0)
            if ClaimHolder.isGone(holder) { gone.append(holder) }
        }
        return String(decoding: try JSONEncoder().encode(gone), as: UTF8.self)
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
