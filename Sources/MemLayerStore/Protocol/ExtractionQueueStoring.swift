import Foundation

/// The durable queue of turns waiting for extraction, and what finishing a job writes.
///
/// A job stays queued until one of the finishing calls ends it; each finishing call checks, in
/// its own transaction, that the job is still queued, so two workers racing for one job apply it
/// once. Several workers (processes, machines) may drain one queue.
///
/// Workers take jobs by claiming them, so that no two run the model on the same job:
/// - ``claimJob(for:lease:among:)`` gives the oldest queued job nobody holds to one holder only,
///   until its lease ends. Renew the lease (``renewClaim(jobID:holder:lease:)``) while the job's
///   work runs; a lapsed lease makes the job claimable again, so a worker that dies loses nothing.
/// - A claim whose holder ``ClaimHolder/isGone(_:)`` says is dead (a worker of this host whose
///   process has exited) counts as lapsed at once.
/// - ``releaseClaim(jobID:holder:)`` gives the job back (after an unavailable provider, a
///   cancellation or a failed try), so the next claim takes it at once.
/// - The finishing calls end a job whoever holds it, as without claims: a result is still
///   applied once. A claim does not count as a try (``ExtractionJob/attempts`` counts failures).
/// - ``queuedJobs(userID:limit:)`` and ``queuedJob(id:)`` list jobs, claimed or not.
package protocol ExtractionQueueStoring: Sendable {
    /// Queues `turns` for `userID` in one transaction, in order; returns their job ids.
    @discardableResult
    func enqueue(_ turns: [ConversationTurn], userID: String) async throws -> [Int64]
    /// Queues one turn; returns its job id.
    @discardableResult
    func enqueue(_ turn: ConversationTurn, userID: String) async throws -> Int64
    /// Keeps `turn` as a `turn` memory at `place` and queues it, in one transaction.
    @discardableResult
    func keepAndEnqueue(_ turn: ConversationTurn, at place: TurnPlace, userID: String) async throws
        -> (jobID: Int64, memory: Memory)
    /// Keeps imported turns as memories and queues `turns` for extraction, in one transaction.
    @discardableResult
    func keepImportedTurns(_ memories: [NewMemory], queueing turns: [ConversationTurn], userID: String, now: Date)
        async throws -> [Memory]
    /// The kept text of the turn `item` follows in `conversation` (the turn before its place when
    /// kept, else the last kept turn), for its vector's context; nil when there is none.
    func keptTurnBefore(_ item: NewMemory, conversation: String, userID: String) async throws -> String?
    /// The queued job `id`, or nil once it has ended.
    func queuedJob(id: Int64) async throws -> ExtractionJob?
    /// Queued jobs, oldest first, of one user or (nil) all.
    func queuedJobs(userID: String?, limit: Int) async throws -> [ExtractionJob]
    /// Claims the oldest queued job (all, or only those in `jobIDs`) that nobody holds — never
    /// claimed, released, its lease lapsed or its holder gone — for `holder` until `lease` from
    /// now; nil when there is none. No other claim gets the job while the lease runs.
    func claimJob(for holder: ClaimHolder, lease: Duration, among jobIDs: [Int64]?) async throws -> ExtractionJob?
    /// Extends `holder`'s claim on job `jobID` to `lease` from now; false when the claim is no
    /// longer its own (the job ended, or its lease lapsed and another holder took it).
    @discardableResult
    func renewClaim(jobID: Int64, holder: ClaimHolder, lease: Duration) async throws -> Bool
    /// Gives job `jobID` back so the next claim takes it at once; false when `holder` did not
    /// hold it (any more).
    @discardableResult
    func releaseClaim(jobID: Int64, holder: ClaimHolder) async throws -> Bool
    /// Counts a failed try at job `jobID`, keeping `message`; returns the tries so far.
    @discardableResult
    func recordExtractionFailure(jobID: Int64, message: String) async throws -> Int
    /// Ends job `id` writing nothing else; false when it had already ended.
    @discardableResult
    func discardJob(id: Int64) async throws -> Bool
    /// Writes an extraction and ends the job, in one transaction; nil (nothing written) when the
    /// job had already ended. Facts that `write.duplicates` calls restatements refresh the
    /// stored fact instead of adding one.
    func commitExtraction(jobID: Int64, userID: String, _ write: ExtractionWrite, learnedAt: Date, now: Date)
        async throws -> ExtractionSummary?
    /// Keeps the job's text as written (`item`) with `reason` in history and ends the job, in
    /// one transaction; nil when the job had already ended.
    func keepAsWritten(jobID: Int64, userID: String, memory item: NewMemory, reason: String, now: Date) async throws
        -> Memory?
    /// Ends job `jobID` whose turn is already kept as `memoryID`, noting `reason`; false when it
    /// had already ended.
    func closeJob(_ jobID: Int64, keptAs memoryID: String, userID: String, reason: String) async throws -> Bool
    /// Records the salience gate's decision on job `jobID`; false when the job is gone.
    @discardableResult
    func recordGateDecision(_ record: GateRecord, jobID: Int64) async throws -> Bool
    /// The gate's decision on job `jobID` of `userID`, if recorded.
    func gateRecord(jobID: Int64, userID: String) async throws -> GateRecord?
}
