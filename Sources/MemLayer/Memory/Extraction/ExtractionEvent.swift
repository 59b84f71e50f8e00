/// One thing the extraction worker did, as ``ExtractionWorker/events(bufferingNewest:)`` (and
/// ``MemoryClient/extractionEvents(bufferingNewest:)``) tell it, in the order it happened.
///
/// A job is `started`, then (chat turns only) `gateDecided`, then `finished` with its
/// ``ExtractionReport`` — whose ``ExtractionReport/outcome`` says whether it was extracted
/// (facts, entities, relationships, tasks), skipped by the gate, kept as written, failed and
/// queued for another try, or left queued because a service was unavailable. A job that fails
/// is started again for its next try. After an unavailable service the worker announces
/// `backingOff`; its last event is `stopped`.
public enum ExtractionEvent: Sendable, Equatable {
    /// The worker picked up job `jobID` for `userID`; `attempt` counts from 1 (a job retried
    /// after an unreadable reply starts again with the next number).
    case started(jobID: Int64, userID: String, origin: ConversationTurn.Origin, attempt: Int)
    /// The salience gate decided on a chat turn: sent to the extraction model
    /// (`decision.isSalient`) or skipped, and why (`decision.category`, `decision.reason`).
    case gateDecided(jobID: Int64, decision: SalienceDecision)
    /// The job's try ended; the report's outcome says how, with the phase timings.
    case finished(ExtractionReport)
    /// The model, the embedder or the store could not be used (`reason`): the jobs stay queued
    /// and the worker waits `pause` (or until notified) before it tries again.
    case backingOff(reason: String, pause: Duration)
    /// ``ExtractionWorker/run()`` returned: cancelled or the store closed (`reason` nil), or the
    /// extraction model does not exist (`reason` says which and what to do). Jobs left stay queued
    /// on disk. The worker's event streams end after this event.
    case stopped(reason: String?)
}

extension ExtractionEvent {
    /// The job the event is about; nil for `backingOff` and `stopped`.
    public var jobID: Int64? {
        switch self {
        case .started(let jobID, _, _, _), .gateDecided(let jobID, _): jobID
        case .finished(let report): report.jobID
        case .backingOff, .stopped: nil
        }
    }
}
