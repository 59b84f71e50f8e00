import Foundation

extension ExtractionWorker {
    /// Runs one job: gate, model, parse, embed, write. Never throws: every ending is an outcome.
    func process(_ job: ExtractionJob) async -> ExtractionReport {
        announce(.started(jobID: job.id, userID: job.userID, origin: job.turn.origin, attempt: job.attempts + 1))
        var clock = PhaseClock()
        var gate: SalienceDecision?
        let outcome = await outcome(of: job, clock: &clock, gate: &gate)
        return ExtractionReport(
            jobID: job.id, userID: job.userID, origin: job.turn.origin, outcome: outcome, gate: gate,
            phases: clock.phases, total: clock.total)
    }

    private func outcome(of job: ExtractionJob, clock: inout PhaseClock, gate decided: inout SalienceDecision?) async
        -> ExtractionReport.Outcome
    {
        if job.attempts >= configuration.maxAttempts {
            return await keepAsWritten(
                job, reason: "extraction failed \(job.attempts) times (\(job.lastError ?? "no reason kept"))")
        }
        if let kept = job.turn.keptMemoryID {
            // The turn is already kept word for word; give it its vector now that the chat has
            // moved on. Failing that, keyword search still finds it and a reindex embeds it.
            // A chat turn is embedded by what the user said (what a later question looks for);
            // an imported message by its own text.
            if (try? await engine.store.needsVector(memory: kept, userID: job.userID)) == true,
                let stored = try? await engine.store.memory(id: kept, userID: job.userID)?.text
            {
                let text = stored == job.turn.transcript ? job.turn.user : stored
                await clock.measure("embed_turn") {
                    if let vector = try? await engine.embed([text]).first {
                        _ = try? await engine.store.attachMissingVector(vector, toMemory: kept, userID: job.userID)
                    }
                }
            }
            if Task.isCancelled { return .interrupted }
        }
        if job.turn.origin == .chat {
            // The gate decides only whether the turn is worth a model call (the turn itself is
            // kept); its decision stays on the job's row. A gate that cannot decide lets the turn
            // through: an extra LLM call loses nothing.
            let decision: SalienceDecision
            if let gate = await salienceGate() {
                decision =
                    await clock.measure("gate") { try? await gate.evaluate(job.turn.user) }
                    ?? SalienceDecision(
                        isSalient: true, score: 0, reason: "the gate failed; the extraction model judges",
                        category: "gate failed")
            } else {
                decision = SalienceDecision(
                    isSalient: true, score: 0, reason: "no salience gate configured", category: "no gate")
            }
            if Task.isCancelled { return .interrupted }
            decided = decision
            announce(.gateDecided(jobID: job.id, decision: decision))
            let record = GateRecord(
                sentToExtraction: decision.isSalient, reason: decision.category, detail: decision.reason)
            do {
                try await engine.store.recordGateDecision(record, jobID: job.id)
                if !decision.isSalient {
                    try await engine.store.discardJob(id: job.id)
                    return .notSalient(decision)
                }
            } catch {
                return Self.storeTrouble(error)
            }
        }

        let prompt = ExtractionPrompt(
            turn: job.turn, timeZone: timeZone, attempt: job.attempts + 1, maxTokens: configuration.maxTokens)
        let reply: String
        do {
            var request = prompt.request()
            var answer = try await clock.measure("model") { try await complete(request) }
            if let cap = answer.cut(request) {
                guard cap > 0 else {
                    return await fail(job, "the reply stopped at \(provider.name)'s token cap before the JSON ended")
                }
                // Cut at the cap: the model had more to say, and retrying at the same cap
                // would cut it again. One more call with twice the room, before counting a try.
                let doubled = cap * 2
                request.maxTokens = doubled
                answer = try await clock.measure("model, doubled cap") { try await complete(request) }
                if answer.cut(request) != nil {
                    return await fail(
                        job,
                        "the reply stopped at the \(doubled)-token cap (\(provider.name) \(provider.model)); "
                            + "raise ExtractionWorker.Configuration.maxTokens or use a model that answers shorter")
                }
            }
            reply = answer.text
        } catch {
            if Task.isCancelled || error is CancellationError { return .interrupted }
            if let error = error as? ProviderError, error.kind == .modelNotFound {
                return .modelMissing(
                    "the extraction model \"\(provider.model)\" does not exist on \(provider.name) (\(error.message)); "
                        + "extraction has stopped and the turns stay queued — pass --model with a model the service "
                        + "has, or pull this one")
            }
            if let error = error as? ProviderError, Self.isUnavailable(error) { return .unavailable(error.description) }
            return await fail(job, "\(provider.name): \(error)")
        }

        var result: ExtractionResult
        do {
            result = try clock.measure("parse") {
                try ExtractionReplyParser(timeZone: timeZone, reference: job.turn.at).parse(reply)
            }
        } catch {
            return await fail(job, "\(error)")
        }
        if job.turn.origin == .note, result.facts.isEmpty {
            // The user asked for this to be remembered: if the model found no fact in it, the
            // note itself is the fact (and the edges it found point at it).
            result.facts = [ExtractedFact(text: job.turn.user, importance: job.turn.importance ?? 0.5)]
        }
        let dropped: ExtractionSummary.Dropped
        (result, dropped) = ExtractionGrounding(lexicon: .shipped, time: TimeExpressionResolver(timeZone: timeZone))
            .ground(result, in: job.turn)
        // The chat turn scheduled its reminder through the tool already: one more, worded by
        // the extraction model, would be the same reminder twice.
        let scheduledByTurn = job.turn.scheduledTaskIDs.isEmpty ? 0 : result.tasks.count
        if scheduledByTurn > 0 { result.tasks = [] }

        let vectors: [[Float]]
        do {
            let texts = result.facts.map(\.text)
            vectors = texts.isEmpty ? [] : try await clock.measure("embed") { try await engine.embed(texts) }
        } catch {
            if Task.isCancelled { return .interrupted }
            return .unavailable("the embedder \(engine.embedder.id): \(error)")
        }

        let write = ExtractionWrite(
            facts: zip(result.facts, vectors).map { PreparedFact(fact: $0, vector: $1) }, entities: result.entities,
            relationships: result.relationships, tasks: result.tasks, source: job.turn.memorySource,
            importance: job.turn.importance,
            duplicates: (configuration.duplicates ?? DuplicatePolicy.standard(forEmbedder: engine.embedder.id)).check,
            sourceTurnID: job.turn.keptMemoryID)
        do {
            let summary = try await clock.measure("write") {
                try await engine.store.commitExtraction(
                    jobID: job.id, userID: job.userID, write, learnedAt: job.turn.at, now: configuration.now())
            }
            guard var summary else { return .alreadyProcessed }
            summary.dropped = dropped
            summary.tasksAlreadyScheduled += scheduledByTurn
            return .extracted(summary)
        } catch let error as StoreError where error.kind == .closed {
            return .interrupted
        } catch {
            return await fail(job, "writing the extraction: \(error)")
        }
    }

    /// Counts a failed try; after the last one the text is kept as written.
    private func fail(_ job: ExtractionJob, _ message: String) async -> ExtractionReport.Outcome {
        do {
            let attempts = try await engine.store.recordExtractionFailure(jobID: job.id, message: message)
            guard attempts >= configuration.maxAttempts else { return .willRetry(attempt: attempts, error: message) }
            return await keepAsWritten(job, reason: "extraction failed \(attempts) times (last: \(message))")
        } catch {
            return Self.storeTrouble(error)
        }
    }

    /// Stores the job's text as it is, so nothing is lost, with `reason` in `history`.
    private func keepAsWritten(_ job: ExtractionJob, reason: String) async -> ExtractionReport.Outcome {
        if let kept = job.turn.keptMemoryID,
            (try? await engine.store.needsVector(memory: kept, userID: job.userID)) != nil
        {
            // The turn is already kept word for word: nothing to write but the job's end.
            do {
                let note = reason + "; the turn was already kept word for word"
                let closed = try await engine.store.closeJob(job.id, keptAs: kept, userID: job.userID, reason: note)
                return closed ? .keptAsWritten(memoryID: kept, reason: note) : .alreadyProcessed
            } catch {
                return Self.storeTrouble(error)
            }
        }
        do {
            let item = try await engine.rawMemory(for: job, vectorRequired: true)
            guard
                let memory = try await engine.store.keepAsWritten(
                    jobID: job.id, userID: job.userID, memory: item, reason: reason + "; kept as written",
                    now: configuration.now())
            else { return .alreadyProcessed }
            return .keptAsWritten(memoryID: memory.id, reason: reason)
        } catch let error as EmbedderError {
            return .unavailable("the embedder \(engine.embedder.id): \(error)")
        } catch {
            if Task.isCancelled { return .interrupted }
            return Self.storeTrouble(error)
        }
    }

    /// The model's whole reply as text, and how it ended.
    private func complete(_ request: ChatRequest) async throws -> Completion {
        var completion = Completion()
        for try await event in provider.stream(request) {
            switch event {
            case .text(let chunk): completion.text += chunk
            case .finished(let finish): completion.finish = finish
            case .toolCall: break
            }
        }
        try Task.checkCancellation()
        return completion
    }

    private var timeZone: TimeZone { configuration.timeZone ?? .current }

    /// Failures that are the provider's state, not the turn's: retrying the same job later can
    /// succeed, so no try is counted. A missing model is not among them: waiting does not
    /// make it exist (see ``ExtractionReport/Outcome/modelMissing(_:)``).
    static func isUnavailable(_ error: ProviderError) -> Bool {
        switch error.kind {
        case .unreachable, .authentication, .rateLimited: true
        default: false
        }
    }

    private static func storeTrouble(_ error: any Error) -> ExtractionReport.Outcome {
        if let error = error as? StoreError, error.kind == .closed { return .interrupted }
        if error is CancellationError { return .interrupted }
        return .unavailable("the store: \(error)")
    }
}

/// One reply of the extraction model.
struct Completion {
    var text = ""
    var finish: ChatFinish?

    /// The token cap the reply was cut at, when it was cut (`length`) before a readable object
    /// was complete: the request's cap, else the tokens the provider reported. Nil otherwise.
    func cut(_ request: ChatRequest) -> Int? {
        guard finish?.reason == "length" else { return nil }
        if (try? ExtractionReplyParser(timeZone: .gmt).parse(text)) != nil { return nil }
        return request.maxTokens ?? finish?.outputTokens ?? 0
    }
}

/// Times the phases of one job.
struct PhaseClock {
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private(set) var phases: [ExtractionReport.Phase] = []

    init() { start = clock.now }

    var total: Duration { clock.now - start }

    /// Times `body`, which runs in the caller's isolation (the worker's), so it may touch its state.
    mutating func measure<T>(
        _ name: String, isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T
    ) async rethrows -> T {
        let began = clock.now
        defer { phases.append(ExtractionReport.Phase(name: name, duration: clock.now - began)) }
        return try await body()
    }

    mutating func measure<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        let began = clock.now
        defer { phases.append(ExtractionReport.Phase(name: name, duration: clock.now - began)) }
        return try body()
    }
}
