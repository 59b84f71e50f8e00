import Foundation
import MemLayerTesting
import Testing

/// Issue 16, item 4: every command but chat prints one snake_case JSON object with `--json`
/// (`export` and `embed` write JSON lines), the same shape whatever the options.
@Suite("memlayer CLI --json", .serialized)
struct CLIJSONTests {
    /// The output parsed as one JSON object whose keys (outside `metadata`) are all snake_case.
    private func object(_ result: CLIRunner.Result, _ command: String) throws -> [String: Any] {
        let parsed = try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
        let object = try #require(parsed as? [String: Any], "\(command): \(result.stdout) \(result.stderr)")
        let keys = Self.keys(of: object)
        #expect(keys.allSatisfy(Self.isSnakeCase), "\(command): \(keys.filter { !Self.isSnakeCase($0) })")
        return object
    }

    private static func keys(of value: Any) -> [String] {
        if let object = value as? [String: Any] {
            return object.flatMap { key, value in [key] + (key == "metadata" ? [] : keys(of: value)) }
        }
        return (value as? [Any])?.flatMap(keys(of:)) ?? []
    }

    private static func isSnakeCase(_ key: String) -> Bool {
        !key.isEmpty && key.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }
    }

    @Test("every command's --json is one snake_case object")
    func everyCommand() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server(chat: "You keep bees.") { _, _ in ScriptedOllama.reply("{}") }
        defer { server.stop() }
        let model = ["--base-url", server.baseURL.absoluteString]

        let raw = try object(
            try cli.run(["remember", "I keep bees in the garden", "--raw", "--json", "--embedder", "hash"]),
            "remember --raw")
        let memories = try #require(raw["memories"] as? [[String: Any]])
        #expect(memories.first?["action"] as? String == "stored_as_written" && memories.first?["id"] is String)
        let offline = try object(try cli.run(["remember", "My sister Dana lives in Porto", "--json"]), "remember")
        #expect(offline["model_unavailable"] is String)
        #expect((offline["memories"] as? [[String: Any]])?.first?["action"] as? String == "stored_as_written")

        var shapes: Set<[String]> = []
        for tier in ["fast", "balanced", "deep"] {
            let search = try object(try cli.run(["search", "bees", "--tier", tier, "--json"]), "search --tier \(tier)")
            shapes.insert(search.keys.sorted())
            #expect(search["facts"] is [Any] && search["tier"] as? String == tier)
        }
        #expect(shapes == [["facts", "memories", "query", "tier", "time_window", "user"]])

        let file = try cli.file("in.jsonl", #"{"id": "n1", "text": "Dana plays the cello"}"#)
        let imported = try object(try cli.run(["import", file, "--json"]), "import")
        #expect(imported["imported"] as? Int == 1 && imported["ids"] as? [String] == ["n1"])
        let document = try cli.file("doc.txt", "Dana teaches music in Porto.")
        let ingested = try object(try cli.run(["ingest", document, "--raw", "--json"]), "ingest")
        #expect(ingested["chunks_stored_as_written"] as? Int == 1 && ingested["extraction"] is [String: Any])
        let forgot = try object(try cli.run(["forget", "n1", "--json"]), "forget")
        #expect(forgot["forgotten"] as? Int == 1 && forgot["id"] as? String == "n1")
        let stats = try object(try cli.run(["stats", "--json"]), "stats")
        #expect(stats["active_memories"] as? Int == 3 && stats["embedder"] as? String == "hash-ngram-v1/384")
        #expect(try object(try cli.run(["reindex", "--json"]), "reindex")["re_embedded"] as? Int == 3)
        #expect(try object(try cli.run(["extract", "--json"] + model), "extract")["left_in_queue"] as? Int == 0)
        #expect(try object(try cli.run(["curate", "--dry-run", "--json"]), "curate")["dry_run"] as? Bool == true)
        #expect(try object(try cli.run(["tasks", "--json"]), "tasks")["tasks"] is [Any])
        #expect(try object(try cli.run(["graph", "--json"]), "graph")["relationships"] is [Any])
        let asked = try object(try cli.run(["ask", "What do I keep?", "--json", "--no-wait"] + model), "ask")
        #expect(asked["answer"] as? String == "You keep bees." && asked["provider"] as? String == "ollama")
        let answered = try object(try cli.run(["answer", "What do I keep in the garden?", "--json"] + model), "answer")
        #expect(answered["consulted_model"] is Bool)

        // Streams: JSON lines.
        let embedded = try cli.run(["embed", "one", "two", "--json", "--embedder", "hash"], useStore: false)
        let lines = embedded.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
        }
        let exported = try cli.run(["export"]).stdout.split(separator: "\n")
        #expect(exported.count == 4)  // 2 facts, the document chunk and the turn `ask` kept
        for line in exported {
            #expect((try? JSONSerialization.jsonObject(with: Data(line.utf8))) is [String: Any])
        }
    }
}
