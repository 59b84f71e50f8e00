import Logging

extension ExtractionWorker {
    /// A new stream of what the worker does from now on: jobs started, the gate's decisions,
    /// each job's report, pauses while a service is unavailable, and the stop.
    ///
    /// Every call makes its own stream, so several parts of an app can listen at once; each
    /// stream has one consumer. A consumer that falls behind by more than `limit` events loses
    /// the oldest ones (the worker never waits for a listener). A stream ends after
    /// ``ExtractionEvent/stopped(reason:)`` (at once when asked for after the worker stopped),
    /// when the worker is released (a worker that only ever ``drain(jobIDs:)``s never stops), or
    /// when its consumer stops iterating.
    ///
    /// ```swift
    /// let events = worker.events()          // subscribe before queueing turns
    /// Task {
    ///     for await event in events {
    ///         if case .finished(let report) = event, case .extracted(let summary) = report.outcome {
    ///             print("job \(report.jobID): \(summary.addedFactIDs.count) new facts")
    ///         }
    ///     }
    /// }
    /// ```
    ///
    /// - Parameter limit: how many unread events the stream keeps before it drops the oldest.
    /// - Returns: the events from this call on, in the order they happened.
    public nonisolated func events(bufferingNewest limit: Int = 256) -> AsyncStream<ExtractionEvent> {
        broadcast.subscribe(bufferingNewest: limit)
    }

    /// Tells the subscribers and the log what happened.
    func announce(_ event: ExtractionEvent) {
        log(event)
        broadcast.publish(event)
    }

    /// One log line per event: the ordinary path at debug, retries and pauses at info (what a
    /// library may say without flooding its host's log). Texts that can quote a server are
    /// scrubbed of key-shaped tokens; what can quote the user (a failed try's error, which may
    /// hold the model's reply) is logged only at trace.
    private func log(_ event: ExtractionEvent) {
        let logger = configuration.logger
        switch event {
        case .started(let jobID, _, let origin, let attempt):
            logger.debug(
                "extraction job started",
                metadata: ["job_id": "\(jobID)", "origin": "\(origin.rawValue)", "attempt": "\(attempt)"])
        case .gateDecided(let jobID, let decision):
            logger.debug(
                "\(decision.isSalient ? "salience gate sent the turn to extraction" : "salience gate skipped the turn")",
                metadata: ["job_id": "\(jobID)", "category": "\(decision.category)", "reason": "\(decision.reason)"])
        case .finished(let report):
            log(report, to: logger)
        case .backingOff(let reason, let pause):
            logger.info(
                "extraction paused: \(Self.scrubbed(reason)); jobs stay queued",
                metadata: ["retry_in": "\(pause)"])
        case .stopped(let reason):
            if let reason {
                logger.info("extraction stopped: \(Self.scrubbed(reason))")
            } else {
                logger.debug("extraction stopped")
            }
        }
    }

    private func log(_ report: ExtractionReport, to logger: Logger) {
        var metadata: Logger.Metadata = ["job_id": "\(report.jobID)", "total": "\(report.total)"]
        switch report.outcome {
        case .extracted(let summary):
            metadata["facts_added"] = "\(summary.addedFactIDs.count)"
            metadata["facts_updated"] = "\(summary.updatedFactIDs.count)"
            metadata["entities"] = "\(summary.entities)"
            metadata["relationships"] = "\(summary.relationships)"
            metadata["tasks_added"] = "\(summary.tasksAdded)"
            logger.debug("extraction job extracted", metadata: metadata)
        case .notSalient:
            logger.debug("extraction job skipped by the salience gate", metadata: metadata)
        case .keptAsWritten(let memoryID, let reason):
            metadata["memory_id"] = "\(memoryID)"
            logger.info("extraction gave up; the text is kept as written", metadata: metadata)
            // The reason can quote the model's reply, and so what the user said: trace only.
            logger.trace("extraction gave up: \(Self.scrubbed(reason))", metadata: metadata)
        case .willRetry(let attempt, let error):
            metadata["attempt"] = "\(attempt)"
            logger.info("extraction try failed; the job stays queued for another", metadata: metadata)
            logger.trace("extraction try failed: \(Self.scrubbed(error))", metadata: metadata)
        case .unavailable, .modelMissing:
            logger.debug("extraction job left queued", metadata: metadata)
        case .alreadyProcessed:
            logger.debug("extraction job already processed elsewhere", metadata: metadata)
        case .interrupted:
            logger.debug("extraction job interrupted; it stays queued", metadata: metadata)
        }
    }

    /// `text` without tokens shaped like API keys (a server may echo one in an error body).
    static func scrubbed(_ text: String) -> String {
        SecretRedactor.maskKeyShapedTokens(text)
    }
}
