import Foundation
import Logging

extension ExtractionWorker {
    /// How the worker decides, asks, retries and deduplicates.
    public struct Configuration: Sendable {
        /// Looks at each chat turn's user message first; turns it rejects are dropped without an
        /// LLM call. Nil sends every turn to the model. Documents and notes are never gated: the
        /// user handed them over on purpose. A gate that throws lets the turn through.
        public var gate: (any SalienceGate)?
        /// The gate built on first use when ``gate`` is nil: by default the `local` mode, which
        /// reuses the engine's embedder when it is the built-in MiniLM. Nil (with no ``gate``)
        /// sends every turn to the model. A gate that cannot be built (model files missing) is
        /// reported once and the turns go to the model.
        public var salience: SalienceConfiguration? = SalienceConfiguration(mode: .local)
        /// Tries per job before its text is kept as written (provider outages do not count).
        public var maxAttempts = 3
        /// When an extracted fact refreshes an existing one; nil picks by embedder
        /// (``DuplicatePolicy/standard(forEmbedder:)``).
        public var duplicates: DuplicatePolicy?
        /// The zone relative dates resolve in and dates without an offset are read in; nil is the
        /// client's zone (or the machine's).
        public var timeZone: TimeZone?
        /// Upper bound on the extraction reply's tokens. A reply cut at it is asked for once more
        /// with twice the room before the try counts as failed.
        public var maxTokens: Int? = 1_024
        /// The first pause after the provider could not be reached; it doubles up to
        /// ``maximumBackoff``. A notification (a new turn, a flush) ends a pause early.
        public var initialBackoff: Duration = .seconds(1)
        /// The longest pause between tries while the provider is unavailable.
        public var maximumBackoff: Duration = .seconds(60)
        /// The clock for `updated_at` and new tasks (injectable for tests).
        public var now: @Sendable () -> Date = { Date() }
        /// Called after every job with what happened and the phase timings (the same report as
        /// ``ExtractionEvent/finished(_:)``, on the worker, before the next job starts).
        public var onReport: (@Sendable (ExtractionReport) -> Void)?
        /// Where the worker logs: jobs and gate decisions at debug, retries, pauses and text kept
        /// as written at info, a salience gate that cannot be built at warning (once), and a
        /// failed try's error — which can quote the model's reply — at trace only. The default
        /// uses the label `memlayer.extraction` and the handler the app bootstrapped with
        /// `LoggingSystem` (make the configuration after bootstrapping).
        public var logger = Logger(label: "memlayer.extraction")

        /// The defaults: the local salience gate, 3 tries, duplicates by embedder, the client's time zone.
        public init() {}
    }

    /// What ``ExtractionWorker/waitUntilIdle(timeout:)`` found.
    public enum WaitResult: Sendable, Equatable {
        /// The queue is empty.
        case idle
        /// Jobs stay queued because the model (or the embedder, or the store) could not be used;
        /// the worker retries after a pause — except when the model does not exist: then the
        /// worker has stopped (``ExtractionWorker/stopReason``) and the message says so.
        case unavailable(String)
        /// The time ran out first; the jobs stay queued and the worker carries on.
        case timedOut
        /// The worker has stopped (cancelled, or the store closed); the jobs stay queued on disk.
        case stopped
    }

    /// What the worker is doing.
    public enum Status: Sendable, Equatable {
        /// ``ExtractionWorker/run()`` has not been called.
        case notStarted
        /// Waiting for work.
        case idle
        /// Processing job `jobID`.
        case working(jobID: Int64)
        /// Pausing because a dependency was unavailable.
        case backingOff(String)
        /// ``ExtractionWorker/run()`` has returned; jobs left stay queued on disk.
        case stopped
    }

    /// The reports of one ``ExtractionWorker/drain(jobIDs:)``, and why it stopped early, if it did.
    public struct DrainResult: Sendable, Equatable {
        /// One per job processed (a job retried in the same drain has one per try).
        public var reports: [ExtractionReport] = []
        /// Set when jobs were left queued because a dependency was unavailable.
        public var unavailable: String?
    }
}
