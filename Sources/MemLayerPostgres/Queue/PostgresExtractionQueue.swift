import Foundation

/// The extraction queue on PostgreSQL, drained by any number of workers on any number of
/// machines, each job processed by one worker at a time.
///
/// A worker ``claim(worker:lease:)``s the oldest job nobody holds: `FOR UPDATE SKIP LOCKED`
/// lets concurrent claims pass each other's rows instead of queueing behind them, and the claim
/// (worker name and lease end) is committed at once, so the job is not held in an open
/// transaction while its LLM call runs. The worker ends the job with ``complete(_:in:)`` inside
/// the transaction that writes its results, which succeeds only while the claim is still its
/// own. A worker that dies (kill -9, a lost machine) leaves its claim to lapse; the job is then
/// claimed again, its `attempts` counting the tries.
package enum PostgresExtractionQueue {
    /// A job a worker holds.
    package struct ClaimedJob: Sendable, Equatable {
        package let id: Int64
        package let userID: String
        package let payload: String
        /// Claims so far, this one included.
        package let attempts: Int
        /// The worker name the claim was made with.
        package let worker: String
    }

    /// Adds a job; returns its id.
    @discardableResult
    package static func enqueue(
        _ connection: isolated PostgresConnection, userID: String, payload: String, at date: Date = Date()
    ) throws -> Int64 {
        let rows = try connection.query(
            "INSERT INTO extraction_jobs (user_id, payload, created_at) VALUES ($1, $2, $3) RETURNING id",
            [.text(userID), .text(payload), .timestamp(date)])
        return try rows[0].int64(0)
    }

    /// Claims the oldest unfinished job that nobody holds (never claimed, released, its lease
    /// lapsed, or held by one of `goneHolders`) for `worker` until `lease` from now by the
    /// server's clock; nil when there is none. `jobIDs` restricts the claim to those jobs;
    /// `countingAttempt` adds one to `attempts` (this queue's own workers count claims as tries;
    /// the store protocol counts failures only).
    package static func claim(
        _ connection: PostgresConnection, worker: String, lease: Duration, among jobIDs: [Int64]? = nil,
        goneHolders: [String] = [], countingAttempt: Bool = true
    ) async throws -> ClaimedJob? {
        let rows = try await connection.query(
            claimSQL(countingAttempt: countingAttempt),
            [.text(worker), .double(seconds(lease)), .text(json(goneHolders)), jobIDs.map { .text(json($0)) } ?? .null])
        return try rows.first.map {
            ClaimedJob(
                id: try $0.int64(0), userID: try $0.string(1), payload: try $0.string(2),
                attempts: Int(try $0.int64(3)), worker: worker)
        }
    }

    /// Under READ COMMITTED, a row another claim has locked is skipped; one it has already
    /// updated and committed is re-checked against the WHERE clause on its new version, which
    /// its fresh lease (and new holder, not among the gone ones) fails. So no two claims return
    /// the same job while a lease runs. `$3` is a JSON array of gone holders (`?` tests
    /// membership), `$4` one of job ids or NULL.
    static func claimSQL(countingAttempt: Bool) -> String {
        """
        UPDATE extraction_jobs SET claimed_by = $1, lease_until = now() + make_interval(secs => $2)\
        \(countingAttempt ? ", attempts = attempts + 1" : "")
        WHERE id = (
            SELECT id FROM extraction_jobs
            WHERE finished_at IS NULL
                AND (lease_until IS NULL OR lease_until <= now() OR $3::jsonb ? claimed_by)
                AND ($4::jsonb IS NULL OR $4::jsonb @> to_jsonb(id))
            ORDER BY created_at, id
            LIMIT 1 FOR UPDATE SKIP LOCKED
        )
        RETURNING id, user_id, payload, attempts
        """
    }

    /// The holders of running claims that `isGone` says are dead (see `ClaimHolder.isGone`).
    package static func goneHolders(_ connection: PostgresConnection, isGone: (String) -> Bool) async throws
        -> [String]
    {
        try await connection.query(
            """
            SELECT DISTINCT claimed_by FROM extraction_jobs
            WHERE claimed_by IS NOT NULL AND finished_at IS NULL AND lease_until > now()
            """
        ).map { try $0.string(0) }.filter(isGone)
    }

    /// Extends `job`'s lease to `lease` from now; false if the claim is no longer the
    /// worker's (it lapsed and another worker took the job): stop working on it.
    package static func renew(_ connection: PostgresConnection, _ job: ClaimedJob, lease: Duration) async throws
        -> Bool
    {
        try await connection.update(
            """
            UPDATE extraction_jobs SET lease_until = now() + make_interval(secs => $3)
            WHERE id = $1 AND claimed_by = $2 AND finished_at IS NULL
            """,
            [.int64(job.id), .text(job.worker), .double(seconds(lease))]) == 1
    }

    /// Ends `job` inside the caller's transaction (the one writing the job's results): deletes
    /// it, or with `keepRecord` marks it finished. False, and nothing changed, if the claim is no
    /// longer the worker's: the caller must roll back its results, another worker owns the job.
    package static func complete(
        _ job: ClaimedJob, keepRecord: Bool = false, in connection: isolated PostgresConnection
    )
        throws -> Bool
    {
        let sql =
            keepRecord
            ? """
            UPDATE extraction_jobs SET finished_at = now(), claimed_by = NULL, lease_until = NULL
            WHERE id = $1 AND claimed_by = $2 AND finished_at IS NULL
            """
            : "DELETE FROM extraction_jobs WHERE id = $1 AND claimed_by = $2 AND finished_at IS NULL"
        return try connection.update(sql, [.int64(job.id), .text(job.worker)]) == 1
    }

    /// Gives `job` back after a failed try, recording `error` (a message that names no secret),
    /// so the next claim retries it at once.
    @discardableResult
    package static func release(_ connection: PostgresConnection, _ job: ClaimedJob, error: String) async throws
        -> Bool
    {
        try await connection.update(
            """
            UPDATE extraction_jobs SET claimed_by = NULL, lease_until = NULL, last_error = $3
            WHERE id = $1 AND claimed_by = $2 AND finished_at IS NULL
            """,
            [.int64(job.id), .text(job.worker), .text(error)]) == 1
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        (try? JSONEncoder().encode(value)).map { String(decoding: $0, as: UTF8.self) } ?? "[]"
    }

    /// `duration` in seconds, for `make_interval(secs => …)`.
    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
