import Foundation
import MemLayer

/// The `search_memory` round (what the chat's tool runs: embed the query with MiniLM, search the
/// default tier, fetch the turns around turn hits, render the tool text) for one user with 10,000
/// facts and 50,000 kept turns, against the same round over the 10,000 facts alone, measured in
/// the same run on the same store before the turns are added. What each question's keyword phase
/// took goes to standard error. With `MEMLAYER_BENCH_KEEP_STORE=PATH` the built store is copied to
/// PATH (to look at query plans with `sqlite3`) and nothing more is measured.
struct ScaleSearchBench {
    let embedder: MiniLMEmbedder
    /// The development set's messages (`Speaker: words`), the words of the kept turns.
    let messages: [String]
    let facts: Int
    let turns: Int
    let runs = 200

    /// Questions of the development set, asked of turns made of its messages.
    static let questions = [
        "What food is Priya allergic to?", "Which book is Daniel rereading?", "When did Priya adopt Biscuit?",
        "What happened to Daniel's father, and how is he now?", "Where did Daniel launch his canoe?",
        "What does Sam do for a living?", "Would Priya enjoy a classical music concert?",
        "What did Daniel do in July 2024?",
    ]

    func run() async throws -> [String] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "memlayer-scale-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteMemoryStore(location: .file(folder.appendingPathComponent("scale.sqlite").path))
        let engine = try await MemoryEngine(store: store, embedder: embedder)
        FileHandle.standardError.write(Data("building \(facts) facts + \(turns) turns...\n".utf8))
        let corpus = try await ScaleCorpus(facts: facts, turns: turns, messages: messages, embedder: embedder)
        for start in stride(from: 0, to: corpus.facts.count, by: 5_000) {
            try await store.insert(Array(corpus.facts[start..<min(start + 5_000, corpus.facts.count)]), userID: "bench")
        }
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: URL(string: "http://127.0.0.1:9")!),
            engine: engine, userID: "bench")

        let factsOnly = try await rounds(client)
        for start in stride(from: 0, to: corpus.turns.count, by: 5_000) {
            try await store.keepImportedTurns(
                Array(corpus.turns[start..<min(start + 5_000, corpus.turns.count)]), queueing: [], userID: "bench")
        }
        let both = try await rounds(client)
        if let keep = ProcessInfo.processInfo.environment["MEMLAYER_BENCH_KEEP_STORE"] {
            try? FileManager.default.removeItem(atPath: keep)
            await store.close()
            try FileManager.default.copyItem(atPath: folder.appendingPathComponent("scale.sqlite").path, toPath: keep)
            return []
        }
        let perQuestion = both.keywordByQuestion.sorted { $0.key < $1.key }.map { "\(format($0.value.p50)) \($0.key)" }
        FileHandle.standardError.write(
            Data(("keyword p50 ms per question:\n  " + perQuestion.joined(separator: "\n  ") + "\n").utf8))
        // The fast tier over the same memories: embedding + vector top-2, no keywords, no neighbours.
        var fast = Samples()
        for round in 0..<(runs + 10) {
            let began = ContinuousClock.now
            _ = try await engine.search(Self.questions[round % Self.questions.count], userID: "bench", tier: .fast)
            if round >= 10 { fast.add(ContinuousClock.now - began) }
        }
        await store.close()
        let total = facts + turns
        return [
            "| search_memory round, balanced tier, one user (\(runs) rounds, \(Self.questions.count) questions) | p50 ms | p95 ms | CPU ms per round (p50) | phases (p50 ms) |",
            "| --- | ---: | ---: | ---: | --- |",
            "| \(facts) facts (baseline, same store before the turns) | \(format(factsOnly.total.p50)) | \(format(factsOnly.total.percentile(95))) | \(format(factsOnly.cpu.p50)) | \(factsOnly.phaseSummary) |",
            "| \(facts) facts + \(turns) turns (\(total) memories; target ≤ 10 ms p50) | \(format(both.total.p50)) | \(format(both.total.percentile(95))) | \(format(both.cpu.p50)) | \(both.phaseSummary) |",
            "| fast tier over the same \(total) (embed + vector top-2; no keywords, no neighbours) | \(format(fast.p50)) | \(format(fast.percentile(95))) | | |",
        ]
    }

    /// The tool round through ``MemoryClient/execute(_:)``, as the chat runs it, with its phases.
    private func rounds(_ client: MemoryClient) async throws -> RoundSamples {
        var result = RoundSamples()
        var index = 0
        for round in 0..<(runs + 10) {
            let question = Self.questions[index % Self.questions.count]
            index += 1
            let call = ToolCall(
                id: "\(round)", name: "search_memory", argumentsJSON: #"{"query":"\#(question)"}"#)
            let cpuBefore = processCPUTime()
            let began = ContinuousClock.now
            _ = await client.execute(call)
            let elapsed = ContinuousClock.now - began
            let cpu = processCPUTime() - cpuBefore
            guard round >= 10 else { continue }
            result.total.add(elapsed)
            result.cpu.add(cpu)
            for event in await client.lastTrace.events {
                result.phases[event.name, default: Samples()].add(event.duration)
                if event.name == "keyword" {
                    result.keywordByQuestion[question, default: Samples()].add(event.duration)
                }
            }
        }
        return result
    }
}

/// A round's total and its traced phases.
struct RoundSamples {
    var total = Samples()
    /// CPU time of the whole process (every thread) per round: what the round costs when no
    /// other process competes for the cores, which on this shared machine they usually do.
    var cpu = Samples()
    var phases: [String: Samples] = [:]
    var keywordByQuestion: [String: Samples] = [:]

    var phaseSummary: String {
        ["embed", "vector", "keyword", "rank", "access", "format"].compactMap { name in
            phases[name].map { "\(name) \(format($0.p50))" }
        }.joined(separator: ", ")
    }
}

/// The CPU time every thread of this process has used so far.
func processCPUTime() -> Duration {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
}
