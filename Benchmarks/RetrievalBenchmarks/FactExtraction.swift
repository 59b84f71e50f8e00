import Foundation
import MemLayer

/// Facts extracted by a real model from every imported message (`import --conversations
/// --extract`, then the extraction worker), and which messages each fact came from: a job
/// carries the id of the message it was queued for (``ConversationTurn/keptMemoryID``), and
/// the job's report names the facts it added or refreshed.
///
/// Runs only when `MEMLAYER_EVAL_BASE_URL` names an OpenAI-compatible server (llama-server, LM
/// Studio, Ollama's /v1) and `MEMLAYER_EVAL_MODEL` its model.
struct FactExtraction {
    let baseURL: URL
    let model: String

    init?(environment: [String: String]) {
        guard let base = environment["MEMLAYER_EVAL_BASE_URL"].flatMap(URL.init(string:)),
            let model = environment["MEMLAYER_EVAL_MODEL"], !model.isEmpty
        else { return nil }
        baseURL = base
        self.model = model
    }

    var label: String { "\(model) at \(baseURL.absoluteString)" }

    /// Imports `messages` for `userID` with extraction queued, drains the queue with the model,
    /// and returns fact id → source message ids.
    func run(_ messages: [ConversationMessage], engine: MemoryEngine, userID: String) async throws
        -> [String: Set<String>]
    {
        _ = try await engine.importConversations(messages, userID: userID, extract: true)
        let jobs = try await engine.store.queuedJobs(userID: userID, limit: 100_000)
        let sourceOfJob = Dictionary(uniqueKeysWithValues: jobs.map { ($0.id, $0.turn.keptMemoryID) })
        let provider = try ProviderSpecification(kind: .openai, model: model, baseURL: baseURL).makeProvider()
        var configuration = ExtractionWorker.Configuration()
        let total = jobs.count
        let done = Counter()
        configuration.onReport = { _ in
            let count = done.increment()
            if count % 10 == 0 || count == total {
                FileHandle.standardError.write(Data("extracted \(count)/\(total) messages\n".utf8))
            }
        }
        let worker = ExtractionWorker(engine: engine, provider: provider, configuration: configuration)
        let result = await worker.drain()
        if let reason = result.unavailable { throw BenchError("the extraction model is unavailable: \(reason)") }
        var sources: [String: Set<String>] = [:]
        for report in result.reports {
            guard case .extracted(let summary) = report.outcome, let message = sourceOfJob[report.jobID] ?? nil
            else { continue }
            for fact in summary.addedFactIDs + summary.updatedFactIDs { sources[fact, default: []].insert(message) }
        }
        return sources
    }
}

/// A count shared with a `@Sendable` callback.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}
