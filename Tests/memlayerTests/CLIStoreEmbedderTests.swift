import Foundation
import Testing

/// Issue 16, item 1: a store's embedder is used when none is named, and errors suggest only
/// commands the CLI accepts.
@Suite("memlayer CLI remembers a store's embedder", .serialized)
struct CLIStoreEmbedderTests {
    @Test(
        "a store made with --embedder hash works without it; a different --embedder names both and a command that runs")
    func storeEmbedderRemembered() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["remember", "I keep bees in the garden", "--raw", "--embedder", "hash"]).status == 0)

        let search = try cli.run(["search", "bees garden", "-k", "1"])
        #expect(search.status == 0, "\(search.stderr)")
        #expect(search.stdout.contains("I keep bees in the garden"))
        let more = try cli.run(["remember", "My bike is a red Peugeot", "--raw"])
        #expect(more.status == 0, "\(more.stderr)")
        #expect(try cli.run(["stats"]).stdout.contains("hash-ngram-v1/384"))

        let mismatch = try cli.run(["search", "bees", "--embedder", "minilm"])
        #expect(mismatch.status == 1)
        #expect(mismatch.stderr.split(separator: "\n").count == 1, "\(mismatch.stderr)")
        #expect(mismatch.stderr.contains("hash-ngram-v1/384") && mismatch.stderr.contains("--embedder minilm"))
        #expect(!mismatch.stderr.contains("--embedder hash-ngram"), "\(mismatch.stderr)")
        // Every command the error suggests is one the CLI accepts.
        let suggestions = Self.commands(in: mismatch.stderr)
        #expect(suggestions == ["memlayer reindex --embedder minilm"], "\(mismatch.stderr)")
        #expect(mismatch.stderr.contains("(--embedder hash)"))
        let own = try cli.run(["search", "bees", "--embedder", "hash"])
        #expect(own.status == 0, "\(own.stderr)")
        let reindex = try cli.run(Array(suggestions[0].split(separator: " ").dropFirst().map(String.init)))
        #expect(reindex.status == 0, "\(reindex.stderr)")
        #expect(try cli.run(["search", "bees", "--embedder", "minilm"]).status == 0)
        #expect(try cli.run(["search", "bees"]).status == 0)

        // reindex without --embedder keeps the store's own (it repairs, it does not switch).
        let again = try cli.run(["reindex", "--json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any])
        #expect(object["embedder"] as? String == "minilm-l6-v2/384")
        #expect(object["previous_embedder"] as? String == "minilm-l6-v2/384")
    }

    @Test("MEMLAYER_EMBEDDER names the embedder like --embedder; the flag wins; a mismatch says to unset it")
    func embedderFromEnvironment() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let hash = ["MEMLAYER_EMBEDDER": "hash"]
        #expect(try cli.run(["remember", "I keep bees", "--raw"], environment: hash).status == 0)
        #expect(try cli.run(["stats"]).stdout.contains("hash-ngram-v1/384"))
        let minilm = ["MEMLAYER_EMBEDDER": "minilm"]
        #expect(try cli.run(["search", "bees", "--embedder", "hash"], environment: minilm).status == 0)
        let refused = try cli.run(["search", "bees"], environment: minilm)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains("MEMLAYER_EMBEDDER=minilm") && refused.stderr.contains("unset MEMLAYER_EMBEDDER"))
        let bad = try cli.run(["search", "bees"], environment: ["MEMLAYER_EMBEDDER": "nonsense"])
        #expect(bad.status == 64 && bad.stderr.contains("MEMLAYER_EMBEDDER: unknown embedder 'nonsense'"))
    }

    /// The back-quoted `memlayer …` commands in an error.
    static func commands(in text: String) -> [String] {
        text.split(separator: "`", omittingEmptySubsequences: false).enumerated()
            .filter { $0.offset % 2 == 1 && $0.element.hasPrefix("memlayer ") }.map { String($0.element) }
    }
}
