import Foundation
import MemLayer
import Testing

@Suite("memlayer search tiers", .serialized)
struct CLISearchTests {
    /// A store with a few of Alice's memories (hashing vectors), a graph chain, and Mallory's
    /// edges on the same names.
    private func seededStore(_ cli: CLIRunner) async throws {
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        let engine = try await MemoryEngine(store: store, embedder: HashingEmbedder())
        let texts = ["Dana helped me move flats", "I drink green tea", "My bike is a blue Trek", "I collect postcards"]
        for text in texts {
            try await engine.remember(text, userID: "alice")
        }
        for (s, p, o) in [
            ("Alice", "knows", "Dana"), ("Dana", "works at", "Acme"), ("Acme", "located in", "Berlin"),
            ("Berlin", "in", "Germany"),
        ] {
            try await store.addRelationship(subject: (s, "thing"), predicate: p, object: (o, "thing"), userID: "alice")
        }
        try await store.addRelationship(
            subject: ("Dana", "person"), predicate: "owes", object: ("Bob", "person"), userID: "mallory")
        await store.close()
    }

    @Test("search --tier deep --json prints memories with score parts and the graph facts two hops out")
    func deepJSON() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await seededStore(cli)
        let result = try cli.run(
            ["search", "who helped me move?", "--tier", "deep", "--json", "--embedder", "hash", "--user", "alice"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        let memories = try #require(object["memories"] as? [[String: Any]])
        #expect(memories.count == 4)
        #expect(memories.first?["text"] as? String == "Dana helped me move flats")
        #expect(memories.first?["access_count"] as? Int == 1)
        #expect(memories.allSatisfy { $0["score"] is NSNumber && $0["id"] is String && $0["relevance"] is NSNumber })
        let facts = try #require(object["facts"] as? [[String: String]])
        #expect(
            Set(facts.map { "\($0["subject"]!) \($0["predicate"]!) \($0["object"]!)" }) == [
                "Alice knows Dana", "Dana works_at Acme", "Acme located_in Berlin",
            ])
    }

    @Test("search shows each hit's similarity and retrievers; --min-score leaves out what is below it")
    func similarityAndMinScore() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await seededStore(cli)
        let base = ["search", "green tea", "--embedder", "hash", "--user", "alice"]
        let all = try cli.run(base + ["--json"])
        #expect(all.status == 0, "\(all.stderr)")
        let memories = try #require(CLIRunner.hits(all.stdout))
        #expect(memories.count == 4)
        let similarities = memories.compactMap { $0["similarity"] as? Double }
        #expect(similarities.count == 4 && similarities.allSatisfy { (-1...1).contains($0) })
        #expect(memories.allSatisfy { ($0["retrievers"] as? [String])?.isEmpty == false && $0["score"] is NSNumber })
        #expect(memories.first?["text"] as? String == "I drink green tea")
        #expect(memories.first?["retrievers"] as? [String] == ["vector", "keyword"])

        // Between the tea and the rest: only the tea is left, and the text says how many went.
        let tea = try #require(similarities.first)
        let floor = String(format: "%.3f", (tea + similarities.dropFirst().max()!) / 2)
        let floored = try cli.run(base + ["--min-score", floor])
        #expect(floored.status == 0, "\(floored.stderr)")
        let lines = floored.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0].hasPrefix("1. [similarity ") && lines[0].contains("vector+keyword"))
        #expect(lines[1] == "(3 memories below similarity \(String(format: "%.2f", Double(floor)!)) left out)")
        let json = try cli.run(base + ["--min-score", floor, "--json"])
        #expect(CLIRunner.hits(json.stdout)?.count == 1)

        let none = try cli.run(base + ["--min-score", "0.999"])
        #expect(
            none.status == 0 && none.stdout == "nothing relevant for user alice: 4 memories below similarity 1.00\n")
        let light = try cli.run(["search", "tea", "--lightweight", "--user", "alice", "--min-score", "0.999", "--json"])
        let kept = try #require(CLIRunner.hits(light.stdout))
        #expect(kept.count == 1 && kept[0]["similarity"] is NSNull && kept[0]["retrievers"] as? [String] == ["keyword"])
        let bad = try cli.run(base + ["--min-score", "1.5"])
        #expect(bad.status == 64 && bad.stderr.contains("--min-score"), "\(bad.stderr)")
    }

    @Test("-k overrides the tier's count; --lightweight needs no embedder; a bad tier is a usage error")
    func options() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await seededStore(cli)
        let fast = try cli.run(["search", "tea", "--tier", "fast", "--embedder", "hash", "--user", "alice", "--json"])
        #expect(CLIRunner.hits(fast.stdout)?.count == 2)
        let three = try cli.run(["search", "tea", "--tier", "fast", "-k", "3", "--embedder", "hash", "--user", "alice"])
        #expect(three.stdout.split(separator: "\n").count == 3, "\(three.stderr)")
        let light = try cli.run(["search", "Acme", "--tier", "deep", "--lightweight", "--user", "alice", "--trace"])
        #expect(light.status == 0, "\(light.stderr)")
        #expect(light.stdout.contains("related facts:") && light.stdout.contains("Dana —works_at→ Acme"))
        #expect(light.stderr.contains("skipped: lightweight mode") && light.stderr.contains("keyword"))
        let bad = try cli.run(["search", "tea", "--tier", "slow"])
        #expect(bad.status != 0 && bad.stderr.contains("fast"), "\(bad.stderr)")
    }
}
