import Foundation
import Logging

/// The one background worker that turns queued turns into memories.
///
/// It drains `extraction_jobs` oldest first, claiming each job before its work, so that several
/// workers (processes sharing one store file, or servers sharing one PostgreSQL database) never
/// run the model on the same job; a worker that dies leaves its job to the next. Per job: the
/// salience gate (chat turns), one LLM call in JSON mode, lenient parsing, embedding, then one
/// store transaction that writes facts (refreshing near-duplicates), entities, relationships and
/// tasks *and deletes the job* — so a job is applied exactly once, and a crash or kill at any
/// point leaves it queued for the next open. Unreadable replies are retried up to
/// ``Configuration/maxAttempts`` times, then the text is kept as written; an unreachable provider
/// leaves the job queued and the worker backs off.
///
/// ```swift
/// let worker = ExtractionWorker(engine: engine, provider: OllamaChatProvider(model: "llama3.2"))
/// try await withThrowingTaskGroup(of: Void.self) { group in
///     group.addTask { await worker.run() }
///     ...
///     worker.notify()                                   // after queueing a turn
///     _ = await worker.waitUntilIdle(timeout: .seconds(30))
///     group.cancelAll()                                 // queued jobs stay on disk
/// }
/// ```
/// ``MemoryClient`` runs one for you; command-line tools call ``drain(jobIDs:)`` instead.
///
/// What it does is told as it happens through ``events(bufferingNewest:)``, and logged through
/// ``Configuration/logger`` (swift-log; the library never writes to standard error itself).
public actor ExtractionWorker {
    /// Where jobs come from and memories go, and the embedder for facts.
    public nonisolated let engine: MemoryEngine
    /// The extraction model.
    public nonisolated let provider: any ChatProvider
    /// How it gates, asks, retries and deduplicates.
    public nonisolated let configuration: Configuration
    /// What the worker is doing now.
    public private(set) var status = Status.notStarted
    /// Why ``run()`` stopped by itself (the extraction model does not exist), if it did.
    public private(set) var stopReason: String?

    private nonisolated let wake = WakeSignal()
    private nonisolated let waiters = IdleWaiters()
    /// The subscribers of ``events(bufferingNewest:)``.
    nonisolated let broadcast = ExtractionEventBroadcast()
    /// True while ``run()`` or ``drain(jobIDs:)`` owns the queue.
    private var busy = false
    /// Who this worker's claims on jobs name as their holder.
    nonisolated let holder = ClaimHolder.newWorker()
    /// The gate built from ``Configuration/salience`` on first use (nil inside: none could be built).
    private var builtGate: (any SalienceGate)??

    /// Creates a worker; nothing happens until ``run()`` or ``drain(jobIDs:)``.
    public init(engine: MemoryEngine, provider: any ChatProvider, configuration: Configuration = Configuration()) {
        self.engine = engine
        self.provider = provider
        self.configuration = configuration
    }

    deinit {
        broadcast.finish()
    }

    /// Processes jobs until the task is cancelled or the store is closed, sleeping when the queue
    /// is empty until ``notify()``. A worker runs once: after it stops, make a new one.
    public func run() async {
        guard status == .notStarted, !busy else { return }
        busy = true
        holder.startWorking()
        defer {
            holder.stopWorking()
            busy = false
            status = .stopped
            waiters.answerAll(with: stoppedResult)
            announce(.stopped(reason: stopReason))
            broadcast.finish()
        }
        status = .idle
        var backoff = configuration.initialBackoff
        while !Task.isCancelled {
            let ticket = waiters.lastTicket
            let job: ExtractionJob?
            do {
                job = try await claimNextJob(among: nil)
            } catch let error as StoreError where error.kind == .closed {
                return
            } catch {
                job = nil
                await pause("the store: \(error)", backoff: &backoff)
                continue
            }
            guard let job else {
                status = .idle
                waiters.answer(upTo: ticket, with: .idle)
                await wake.wait()
                continue
            }
            status = .working(jobID: job.id)
            let report = await processClaimed(job)
            announce(.finished(report))
            configuration.onReport?(report)
            switch report.outcome {
            case .unavailable(let reason): await pause(reason, backoff: &backoff)
            case .modelMissing(let reason):
                // Waiting does not make a model exist: stop, and say so to every waiter.
                stopReason = reason
                return
            case .interrupted: return
            default: backoff = configuration.initialBackoff
            }
        }
    }

    /// Tells the worker a job was queued (or that it should look again now).
    public nonisolated func notify() {
        wake.signal()
    }

    /// Waits until the queue is empty, at most `timeout`. Returns early with `.unavailable` when
    /// the jobs are stuck on an unreachable model (the worker tries once more first) or the
    /// worker stopped because the model does not exist (with ``stopReason``), and `.stopped`
    /// when the worker is not running any more. Jobs are never lost by returning.
    public func waitUntilIdle(timeout: Duration) async -> WaitResult {
        if status == .stopped { return stoppedResult }
        let ticket = waiters.register()
        wake.signal()
        return await withTaskGroup(of: WaitResult.self) { group in
            group.addTask { await self.waiters.wait(ticket) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return .timedOut
            }
            let first = await group.next() ?? .timedOut
            group.cancelAll()
            return first
        }
    }

    /// Processes queued jobs now, oldest first — all of them, or only `jobIDs` — until none is
    /// left, and returns what happened to each. Stops early, leaving the rest queued, when a
    /// dependency is unavailable or the task is cancelled. Jobs another worker holds are left to
    /// it. For command-line tools; while ``run()`` is running it does nothing.
    public func drain(jobIDs: [Int64]? = nil) async -> DrainResult {
        var result = DrainResult()
        guard !busy else { return result }
        busy = true
        defer { busy = false }
        holder.startWorking()
        defer { holder.stopWorking() }
        let among = jobIDs.map { Array(Set($0)).sorted() }
        while !Task.isCancelled {
            let job: ExtractionJob?
            do {
                job = try await claimNextJob(among: among)
            } catch {
                result.unavailable = "the store: \(error)"
                return result
            }
            guard let job else { return result }
            let report = await processClaimed(job)
            announce(.finished(report))
            configuration.onReport?(report)
            result.reports.append(report)
            switch report.outcome {
            case .unavailable(let reason), .modelMissing(let reason):
                result.unavailable = reason
                return result
            case .interrupted: return result
            default: continue
            }
        }
        return result
    }

    /// What a waiter hears from a stopped worker: why, when it stopped by itself.
    private var stoppedResult: WaitResult { stopReason.map { .unavailable($0) } ?? .stopped }

    /// Pauses after an unavailable dependency: answers waiters, then sleeps until `backoff` ends
    /// or ``notify()`` comes, and doubles the next pause.
    private func pause(_ reason: String, backoff: inout Duration) async {
        status = .backingOff(reason)
        waiters.answerAll(with: .unavailable(reason))
        announce(.backingOff(reason: reason, pause: backoff))
        await wake.wait(timeout: backoff)
        backoff = min(backoff * 2, configuration.maximumBackoff)
    }

    /// The configured gate, or the one ``Configuration/salience`` describes, built once.
    func salienceGate() async -> (any SalienceGate)? {
        if let gate = configuration.gate { return gate }
        if let built = builtGate { return built }
        guard var salience = configuration.salience else {
            builtGate = .some(nil)
            return nil
        }
        if salience.store == nil { salience.store = engine.store }
        if salience.mode == .local, salience.embedder == nil, engine.embedder is MiniLMEmbedder {
            salience.embedder = engine.embedder  // one model in memory, not two
        }
        do {
            let gate = try await salience.makeGate()
            builtGate = .some(gate)
            return gate
        } catch {
            // Once per worker, and nothing else tells the host: a warning is in order here.
            configuration.logger.warning(
                "no salience gate (\(Self.scrubbed("\(error)"))); every turn goes to the extraction model")
            builtGate = .some(nil)
            return nil
        }
    }
}
