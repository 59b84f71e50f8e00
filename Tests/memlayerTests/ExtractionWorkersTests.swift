import Foundation
import MemLayerTesting
import Testing

/// Several `memlayer extract` processes on one store file (issue 18): each job's model call is
/// made once, because every worker claims a job before asking the model.
@Suite("Several extraction processes on one store", .serialized)
struct ExtractionWorkersTests {
    static let drinks = ["coffee", "tea", "cocoa", "juice", "milk", "soda", "water", "cider", "lemonade", "kefir"]

    @Test("three extract processes at once: every turn's extraction call is made once, every fact kept once")
    func processesShareTheQueue() throws {
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
        for drink in Self.drinks {
            #expect(try cli.run(["ask", "I like \(drink).", "--no-wait"] + base).status == 0)
        }
        #expect(try cli.queuedJobs() == Self.drinks.count)

        let workers = (0..<3).map { _ in cli.process(["extract"] + base) }
        for worker in workers { try worker.run() }
        for worker in workers { worker.waitUntilExit() }
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
