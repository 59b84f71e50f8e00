import Foundation
import MemLayer
import Testing

/// Turns through the CLI: search shows them, forget takes them, export and import keep them.
@Suite("memlayer: turns in search, forget, export", .serialized)
struct CLITurnTests {
    static let options = CLIConversationImportTests.hash

    private func seeded() throws -> CLIRunner {
        let cli = try CLIRunner()
        let file = try cli.file("talk.jsonl", CLIConversationImportTests.conversation)
        let imported = try cli.run(["import", "--conversations", file] + Self.options)
        try #require(imported.status == 0, "\(imported.stderr)")
        let remembered = try cli.run(["remember", "My boat's mooring is at Pier 4"] + Self.options)
        try #require(remembered.status == 0, "\(remembered.stderr)")
        return cli
    }

    @Test("search --json: kind and conversation, the same keys for a turn and a fact, in every tier")
    func json() throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        var shapes: Set<[String]> = []
        for tier in ["fast", "balanced", "deep"] {
            let result = try cli.run(
                ["search", "my boat Kestrel mooring", "--tier", tier, "-k", "2", "--json"] + Self.options)
            #expect(result.status == 0, "\(result.stderr)")
            let hits = try #require(CLIRunner.hits(result.stdout), "\(tier): \(result.stdout)")
            let turn = try #require(hits.first { $0["kind"] as? String == "turn" }, "\(tier): \(result.stdout)")
            #expect(
                turn["id"] as? String == "D2:1" && turn["conversation"] as? String == "c2"
                    && turn["position"] as? Int == 1)
            let fact = try #require(hits.first { $0["kind"] as? String == "fact" }, "\(tier): \(result.stdout)")
            #expect(fact["conversation"] is NSNull)
            shapes.insert(turn.keys.sorted())
            shapes.insert(fact.keys.sorted())
        }
        #expect(shapes.count == 1, "\(shapes)")
        #expect(shapes.first?.contains("keyword_rank") == true && shapes.first?.contains("created_at") == true)
    }

    @Test("plain search marks a turn and names its conversation")
    func plain() throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        let result = try cli.run(["search", "Kestrel", "-k", "1"] + Self.options)
        #expect(result.stdout.contains("turn in c2: User: My boat is called Kestrel."), "\(result.stdout)")
    }

    @Test("forget ID takes one turn; forget --all takes turns too")
    func forget() async throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        let one = try cli.run(["forget", "D1:3"] + Self.options)
        #expect(one.status == 0 && one.stdout.contains("forgot D1:3"), "\(one.stderr)")
        let after = try cli.run(["search", "LGBTQ support group", "--json"] + Self.options)
        #expect(!after.stdout.contains("D1:3"), "\(after.stdout)")
        let all = try cli.run(["forget", "--all"] + Self.options)
        #expect(all.stdout.contains("forgot 4 memories"), "\(all.stdout)")
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        let left = try await store.memories(userID: "alice")
        await store.close()
        #expect(left.isEmpty)
    }

    @Test("export then import into a new store keeps turns' kind, date, id and metadata")
    func roundTrip() async throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        let exported = try cli.run(["export", "--embeddings"] + Self.options)
        #expect(exported.status == 0, "\(exported.stderr)")
        let target = try CLIRunner()
        defer { target.cleanUp() }
        let imported = try target.run(["import", "-"] + Self.options, input: exported.stdout)
        #expect(imported.status == 0 && imported.stdout.contains("imported 5 memories"), "\(imported.stderr)")
        let before = try SQLiteMemoryStore(location: .file(cli.store))
        let after = try SQLiteMemoryStore(location: .file(target.store))
        let original = try await before.memories(userID: "alice")
        let copied = try await after.memories(userID: "alice")
        await before.close()
        await after.close()
        // Dates to the millisecond, the interchange format's precision.
        func summary(_ memories: [Memory]) -> [String] {
            memories.map {
                let milliseconds = ($0.createdAt.timeIntervalSince1970 * 1000).rounded()
                return "\($0.id) \($0.kind) \(milliseconds) \($0.metadataJSON ?? "")"
            }.sorted()
        }
        #expect(summary(copied) == summary(original))
        #expect(copied.filter { $0.kind == .turn }.count == 4)
        let search = try target.run(["search", "Kestrel", "-k", "1", "--json"] + Self.options)
        #expect(search.stdout.contains("\"conversation\" : \"c2\""), "\(search.stdout)")
    }
}
