import Foundation
import Synchronization

/// A chat client that remembers: any ``ChatProvider`` plus long-term memory.
///
/// Each turn tells the model today's date and the due reminders, gives it the `search_memory`
/// and `schedule_task` tools (run in-process mid-turn, several rounds if needed), streams the
/// answer as it arrives, and — once the answer is complete — queues the turn durably for
/// background extraction before the stream finishes. The caller never waits for extraction: an
/// ``ExtractionWorker`` started with the client turns queued turns into memories in the
/// background (``flush(timeout:)`` waits for it).
public actor MemoryClient {
    /// The memory this client reads and writes.
    public nonisolated let engine: MemoryEngine
    /// The chat model.
    public nonisolated let provider: any ChatProvider
    /// Whose memory this is.
    public nonisolated let userID: String
    /// Tool rounds, temperature, token limit, and the clock and time zone the system prompt states;
    /// a change applies from the next turn.
    public var options: ChatOptions
    /// Whether finished turns are kept word for word as `turn` memories, searchable beside the
    /// facts extracted from them, so nothing said is lost when extraction drops it. Off, nothing
    /// verbatim is stored: a turn is only queued for extraction and deleted once processed.
    public nonisolated let keepsTurns: Bool
    /// The conversation this client's turns belong to (kept with each turn).
    public nonisolated let conversationID: String
    /// The events of the last completed turn, with timings. For a chat turn its last event is
    /// `gate`: the salience gate's decision on the turn's extraction job (sent to extraction or
    /// skipped, and why) once the background worker has made it, else that it is still to come.
    public var lastTrace: Trace {
        guard let lastJobID, worker != nil else { return turnTrace }
        return turnTrace.addingGate(gateLog.entry(forJob: lastJobID), jobID: lastJobID)
    }
    /// The extraction job the last chat turn queued (its row keeps the gate's decision, see
    /// ``SQLiteMemoryStore/gateRecord(jobID:userID:)``); nil before any turn and after ``execute(_:)``.
    public private(set) var lastJobID: Int64?
    private var turnTrace = Trace()
    /// The place of the last turn this client kept in its conversation.
    private var lastTurnPosition = 0
    private nonisolated let gateLog = GateDecisionLog()
    /// False once the model has refused tools; memory is then retrieved up front each turn.
    public private(set) var toolsSupported = true
    /// The background extraction worker, if this client runs one.
    public nonisolated let worker: ExtractionWorker?
    /// The task running ``worker``; cancelled and awaited by ``close()``.
    private var workerTask: Task<Void, Never>?
    /// The task running periodic curation of this user's memories; cancelled by ``close()``.
    private var curationTask: Task<Void, Never>?
    /// Whether this client opened its store (and so closes it in ``close()``).
    private let ownsStore: Bool
    /// How long ``close()`` waits for queued turns to be extracted before stopping the worker;
    /// nil stops it at once.
    private let extractionWaitOnClose: Duration?
    /// Set by ``close()``: a closed client answers no more turns.
    private var isClosed = false

    /// Creates a client and starts its extraction worker.
    ///
    /// - Parameters:
    ///   - provider: the chat model.
    ///   - engine: the memory the client reads and writes; its store stays the caller's to close.
    ///   - userID: whose memory this is.
    ///   - options: tool rounds, temperature, token limit, clock and time zone.
    ///   - extraction: how queued turns become memories; nil runs no worker (turns then wait on
    ///     disk for a process that runs one). Its time zone defaults to `options.timeZone`.
    ///   - extractionProvider: the model that extracts; nil uses `provider`.
    ///   - curationInterval: how often this user's memories are curated (expiry, decay, archive;
    ///     see ``Curator``), starting with a pass at once; nil runs no curation.
    ///   - keepsTurns: keep each finished turn word for word (see ``keepsTurns``).
    ///   - conversationID: the conversation the turns belong to; nil makes a new one.
    public init(
        provider: any ChatProvider, engine: MemoryEngine, userID: String = "default",
        options: ChatOptions = ChatOptions(),
        extraction: ExtractionWorker.Configuration? = ExtractionWorker.Configuration(),
        extractionProvider: (any ChatProvider)? = nil,
        curationInterval: Duration? = .seconds(3600), keepsTurns: Bool = true, conversationID: String? = nil
    ) {
        self.init(
            provider: provider, engine: engine, userID: userID, options: options, extraction: extraction,
            extractionProvider: extractionProvider, curationInterval: curationInterval, keepsTurns: keepsTurns,
            conversationID: conversationID, ownsStore: false, extractionWaitOnClose: nil)
    }

    /// The designated initialiser: the public one, plus whether the client owns its store and
    /// how long closing waits for extraction (see the one-line `init(ollama:user:store:host:options:)`).
    init(
        provider: any ChatProvider, engine: MemoryEngine, userID: String, options: ChatOptions,
        extraction: ExtractionWorker.Configuration?, extractionProvider: (any ChatProvider)?,
        curationInterval: Duration?, keepsTurns: Bool, conversationID: String?, ownsStore: Bool,
        extractionWaitOnClose: Duration?
    ) {
        self.ownsStore = ownsStore
        self.extractionWaitOnClose = extractionWaitOnClose
        self.keepsTurns = keepsTurns
        self.conversationID = conversationID ?? UUID().uuidString.lowercased()
        self.provider = provider
        self.engine = engine
        self.userID = userID
        self.options = options
        if var extraction {
            if extraction.timeZone == nil { extraction.timeZone = options.timeZone }
            let log = gateLog
            let onReport = extraction.onReport
            extraction.onReport = { report in
                log.record(report)
                onReport?(report)
            }
            let worker = ExtractionWorker(
                engine: engine, provider: extractionProvider ?? provider, configuration: extraction)
            self.worker = worker
            workerTask = Task { await worker.run() }
        } else {
            worker = nil
        }
        if let curationInterval {
            let runner = CurationRunner(
                curator: engine.curator(), scope: .user(userID), interval: curationInterval)
            curationTask = Task { await runner.run() }
        }
    }

    deinit {
        workerTask?.cancel()
        curationTask?.cancel()
    }

    /// The model's whole answer to `messages` (the caller's array is never changed).
    public func chat(_ messages: [ChatMessage]) async throws -> String {
        let answer = Mutex("")
        try await runTurn(messages) { chunk in answer.withLock { $0 += chunk } }
        return answer.withLock { $0 }
    }

    /// The model's answer to `messages` as text chunks, yielded as they arrive. Stopping
    /// iteration early aborts the request and queues nothing.
    public nonisolated func stream(_ messages: [ChatMessage]) -> AsyncThrowingStream<String, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task {
                do {
                    try await self.runTurn(messages) { continuation.yield($0) }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// Runs one memory tool call (`search_memory` or `schedule_task`) as the chat loop would and
    /// returns the text the model reads — for callers that drive their own chat loop.
    public func execute(_ call: ToolCall) async -> String {
        var recorder = TraceRecorder()
        let result = await memoryTools().run(call, trace: &recorder)
        turnTrace = recorder.finish()
        lastJobID = nil
        return result.text
    }

    /// The tools as this client's options set them up, the similarity floor resolved for its embedder.
    private func memoryTools() -> MemoryTools {
        MemoryTools(
            engine: engine, userID: userID, timeZone: options.timeZone, now: options.now,
            minimumSimilarity: options.memoryFloor.minimum(forEmbedder: engine.embedder.id))
    }

    /// The tool definitions the client offers the model, for callers that drive their own loop.
    public nonisolated var toolDefinitions: [ToolDefinition] { MemoryTools.definitions }

    /// Stops the extraction worker (a job it was working on stays queued) and, when this client
    /// opened the store (``init(ollama:user:store:host:options:)-(_,_,StoreLocation,_,_)``), closes
    /// it; a store the caller made or opened is the caller's to close. A client made in one line
    /// (either `init(ollama:…)`) first waits (up to a minute) for the turns it queued to be
    /// extracted. Idempotent; queued turns stay on disk for the next open.
    public func close() async {
        isClosed = true
        if let extractionWaitOnClose, workerTask != nil {
            _ = await waitForQueuedWork(timeout: extractionWaitOnClose)
        }
        if let curationTask {
            curationTask.cancel()
            await curationTask.value
            self.curationTask = nil
        }
        if let workerTask {
            workerTask.cancel()
            await workerTask.value
            self.workerTask = nil
        }
        if ownsStore { await engine.closeStore() }
    }

    private func runTurn(_ messages: [ChatMessage], emit: @Sendable @escaping (String) -> Void) async throws {
        guard !isClosed else { throw StoreError(.closed, "this MemoryClient is closed; make a new one") }
        guard messages.contains(where: { $0.role == .user }) else {
            throw StoreError(.invalidInput, "a chat turn needs at least one user message")
        }
        let turn = ChatTurn(
            provider: provider,
            tools: memoryTools(),
            options: options,
            toolsSupported: toolsSupported)
        let outcome = try await turn.run(messages, emit: emit)
        if outcome.toolsRefused { toolsSupported = false }
        try Task.checkCancellation()  // the consumer left before the end: not a complete turn
        var trace = outcome.trace
        let began = ContinuousClock.now
        let user = messages.last { $0.role == .user }?.content ?? ""
        let jobID: Int64?
        let finished = ConversationTurn(
            user: user, assistant: outcome.answer, at: options.now(), scheduledTaskIDs: outcome.scheduledTaskIDs)
        if keepsTurns {
            // The history's user messages place the turn; an app that passes only the latest
            // message each time still gets a new place per turn, not position 1 every time.
            let position = max(messages.filter { $0.role == .user }.count, lastTurnPosition + 1)
            lastTurnPosition = position
            let place = TurnPlace(conversation: conversationID, position: position)
            let kept = try await engine.keepAndEnqueue(finished, at: place, userID: userID)
            jobID = kept.jobID
            await embedAtOnce(user, asVectorOf: kept.memory.id)
        } else {
            jobID = try await engine.enqueue(finished, userID: userID)
        }
        worker?.notify()
        try await engine.setTaskStatus(.notified, ids: outcome.remindedTasks.map(\.id), userID: userID)
        trace.events.append(
            Trace.Event(
                name: "queue", detail: keepsTurns ? "turn kept and queued for extraction" : "turn queued for extraction", start: trace.total, duration: .now - began))
        turnTrace = trace
        lastJobID = jobID
    }

    /// Gives a kept turn its vector now when the embedder runs in this process (a few
    /// milliseconds, after the answer has been shown), so vector search finds it even before
    /// the extraction worker reaches the job; a remote embedder is left to the worker. The user's
    /// words are embedded, not the transcript: they are what a later question looks for.
    private func embedAtOnce(_ words: String, asVectorOf memoryID: String) async {
        guard engine.embedder is MiniLMEmbedder || engine.embedder is HashingEmbedder,
            let vector = try? await engine.embed([words]).first
        else { return }
        _ = try? await engine.attachMissingVector(vector, toMemory: memoryID, userID: userID)
    }
}
