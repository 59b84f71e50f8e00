import Foundation

extension MemoryClient {
    /// Waits, at most `timeout`, until the extraction queue is empty. Returns at once when no
    /// worker is attached (turns then stay queued on disk for the next process that runs one),
    /// and early when the extraction model is unavailable. Nothing queued is lost either way.
    @discardableResult
    public func waitForQueuedWork(timeout: Duration) async -> ExtractionWorker.WaitResult {
        guard let worker else { return .idle }
        return await worker.waitUntilIdle(timeout: timeout)
    }

    /// A new stream of what this client's extraction worker does from now on: each job started,
    /// the salience gate's decision, the job's report (extracted, skipped, kept as written,
    /// failed and retrying), pauses while the model is unavailable, and the stop when the client
    /// closes — see ``ExtractionWorker/events(bufferingNewest:)``. Each call makes its own stream
    /// (one consumer each); without a worker the stream ends at once.
    ///
    /// - Parameter limit: how many unread events the stream keeps before it drops the oldest.
    /// - Returns: the events from this call on, in the order they happened.
    public nonisolated func extractionEvents(bufferingNewest limit: Int = 256) -> AsyncStream<ExtractionEvent> {
        guard let worker else { return AsyncStream { $0.finish() } }
        return worker.events(bufferingNewest: limit)
    }

    /// Waits until every queued turn has been extracted. Throws an ``ExtractionError`` when the
    /// model is unavailable, the time runs out, or the worker has stopped — the jobs then stay
    /// queued on disk.
    public func flush(timeout: Duration = .seconds(300)) async throws {
        switch await waitForQueuedWork(timeout: timeout) {
        case .idle: return
        case .unavailable(let reason):
            throw ExtractionError(.providerUnavailable, "extraction is waiting: \(reason); the turns stay queued")
        case .timedOut:
            throw ExtractionError(.timedOut, "extraction did not finish within \(timeout); the turns stay queued")
        case .stopped:
            throw ExtractionError(.stopped, "the extraction worker has stopped (client closed); the turns stay queued")
        }
    }

    /// Remembers `text` for this client's user: queued for extraction (facts, entities,
    /// relationships, reminders), or with `raw` stored as written at once without a model.
    @discardableResult
    public func remember(_ text: String, raw: Bool = false, importance: Double? = nil) async throws -> IntakeReceipt {
        if raw {
            let memory = try await engine.remember(
                text, userID: userID, importance: importance ?? 0.5, source: "client")
            return .stored([memory])
        }
        let job = try await engine.enqueueNote(text, userID: userID, importance: importance, now: options.now())
        worker?.notify()
        return .queued(jobIDs: [job])
    }

    /// Takes in a document: chunks queued for extraction, or with `raw` stored as `document`
    /// memories at once without a model.
    @discardableResult
    public func ingest(_ text: String, source: String? = nil, raw: Bool = false) async throws -> IntakeReceipt {
        let receipt = try await engine.ingest(text: text, userID: userID, source: source, raw: raw, now: options.now())
        worker?.notify()
        return receipt
    }
}
