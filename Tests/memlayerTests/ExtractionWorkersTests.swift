import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Several `memlayer extract` processes on one store file (issue 18): each job's model call is
/// made once, because every worker claims a job before asking the model.
@Suite("Several extraction processes on one store", .serialized)
struct ExtractionWorkersTests {
    static let drinks = ["coffee", "tea", "cocoa", "juice", "milk", "soda", "water", "cider", "lemonade", "kefir"]

    @Test("three extract processes at once: every turn's extraction call is made once, every fact kept once")
    func processesShareTheQueue() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        // Slow replies, so the three processes are all waiting on the model at once.
        let server = try ScriptedOllama.server { text, _ in
            let drink = Self.drinks.first { text.contains("I like \($0).") } ?? "?"
            return ScriptedOllama.reply(
                #"{"facts": [{"text": "User likes \#(drink).", "importance": 0.5}]}"#, after: .milliseconds(300))
        }
        defer { server.stop() }
        let base = ["--base-url", server.baseURL.absoluteString, "--embedder", "hash"]
        // Queued through the library, not 10 `ask` runs: a test blocking on child processes holds
        // one of the few threads Swift Testing's parallel tests share.
        let engine = try await MemoryEngine(
            store: SQLiteMemoryStore(location: .file(cli.store)), embedder: HashingEmbedder())
        try await engine.store.enqueue(
            Self.drinks.map { ConversationTurn(user: "I like \($0).", assistant: "Nice.", at: Date()) }, userID: "default")
        await engine.store.close()

        let workers = (0..<3).map { _ in cli.process(["extract"] + base) }
        for worker in workers { try worker.run() }
        while workers.contains(where: \.isRunning) { try await Task.sleep(for: .milliseconds(20)) }
        #expect(workers.allSatisfy { $0.terminationStatus == 0 })

        #expect(try cli.queuedJobs() == 0)
        let asked = server.requests.filter(ScriptedOllama.isExtraction).map(ScriptedOllama.userText)
        let calls = Dictionary(grouping: asked) { text in Self.drinks.first { text.contains("I like \($0).") } ?? "?" }
            .mapValues(\.count)
        #expect(calls == Dictionary(uniqueKeysWithValues: Self.drinks.map { ($0, 1) }))
        let facts = try cli.exported().filter { $0["kind"] as? String == "fact" }.compactMap { $0["text"] as? String }
        #expect(facts.sorted() == Self.drinks.map { "User likes \($0)." }.sorted())
    }
}
