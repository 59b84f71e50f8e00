/// What the worker did with one job, and how long each phase took.
public struct ExtractionReport: Sendable, Equatable {
    /// How a job ended (or why it is still queued).
    public enum Outcome: Sendable, Equatable {
        /// Written to the store; the job is gone.
        case extracted(ExtractionSummary)
        /// The salience gate found the turn not worth an extraction call (plainly empty, small
        /// talk, nothing personal): no model call, and nothing written beyond the turn kept word
        /// for word; the job's row keeps the decision.
        case notSalient(SalienceDecision)
        /// Kept as written (a `turn`, `document` or `fact` memory) with the reason in `history`;
        /// the job is gone.
        case keptAsWritten(memoryID: String, reason: String)
        /// This try failed (unreadable reply, provider error); the job stays queued with the try counted.
        case willRetry(attempt: Int, error: String)
        /// The model, the embedder or the store could not be used; the job stays queued, no try
        /// counted, and the worker backs off.
        case unavailable(String)
        /// The extraction model does not exist on the service (not pulled, retired, misspelt):
        /// the job stays queued, no try counted, and ``ExtractionWorker/run()`` stops rather than
        /// retrying for ever. The message names the model and says to pass `--model`.
        case modelMissing(String)
        /// Another worker had already finished the job; nothing was written.
        case alreadyProcessed
        /// Cancelled or the store closed mid-job; the job stays queued.
        case interrupted
    }

    /// How long one phase took.
    public struct Phase: Sendable, Equatable {
        /// `gate`, `model`, `parse`, `embed` or `write`.
        public var name: String
        /// How long it took.
        public var duration: Duration
    }

    /// The job's row id in `extraction_jobs`.
    public var jobID: Int64
    /// Whose job it was.
    public var userID: String
    /// Whether it was a chat turn, a document chunk or a note.
    public var origin: ConversationTurn.Origin
    /// How it ended.
    public var outcome: Outcome
    /// The salience gate's decision, for a chat turn (nil for documents and notes, which are not
    /// gated, and when the job ended before the gate ran).
    public var gate: SalienceDecision?
    /// The phases that ran, in order.
    public var phases: [Phase] = []
    /// From picking the job up to the outcome.
    public var total: Duration = .zero

    /// The duration of phase `name`, if it ran.
    public func duration(of name: String) -> Duration? {
        phases.first { $0.name == name }?.duration
    }
}
