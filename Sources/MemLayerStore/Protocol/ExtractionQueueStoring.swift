import Foundation

/// The durable queue of turns waiting for extraction, and what finishing a job writes.
///
/// A job stays queued until one of the finishing calls ends it; each finishing call checks, in
/// its own transaction, that the job is still queued, so two workers racing for one job apply it
/// once. Several workers (processes, machines) may drain one queue.
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
