import Foundation
import Testing

@Suite("memlayer CLI", .serialized)
struct CLITests {
    private func json(_ text: String) throws -> [[String: Any]] {
        try #require(JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    @Test("remember then search --json returns id, text, score and created_at, best first")
    func rememberAndSearch() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        for text in ["I work at Acme Corp", "My sister lives in Porto", "I am allergic to peanuts"] {
            let result = try cli.run(["remember", text])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.hasPrefix("remembered "))
        }
        let result = try cli.run(["search", "where does my sister live? Porto", "-k", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let hits = try #require(CLIRunner.hits(result.stdout))
        #expect(hits.count == 2)
        #expect(hits.first?["text"] as? String == "My sister lives in Porto")
        for hit in hits {
            #expect(hit["id"] is String && hit["score"] is NSNumber && hit["created_at"] is String)
        }
        let plain = try cli.run(["search", "peanuts"])
        #expect(plain.stdout.contains("1. [") && plain.stdout.contains("allergic to peanuts"))
    }

    @Test("users are kept apart")
    func users() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        _ = try cli.run(["remember", "Alice's diary entry", "--user", "alice"])
        let result = try cli.run(["search", "diary", "--user", "bob", "--json"])
        #expect(result.status == 0)
        #expect(try #require(CLIRunner.hits(result.stdout)).isEmpty)
    }

    @Test("import keeps ids and dates; export round-trips through import")
    func importExportRoundTrip() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file(
            "in.jsonl",
            """
            {"id": "note-1", "text": "Met Dana at the conference", "created_at": "2019-06-01T12:00:00Z", "importance": 0.7, "metadata": {"tag": "work"}}
            {"text": "Dana works on compilers"}
            """)
        let imported = try cli.run(["import", file])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 2"))
        let search = try #require(
            CLIRunner.hits(try cli.run(["search", "conference Dana", "--json", "-k", "1"]).stdout))
        #expect(search.first?["id"] as? String == "note-1")
        #expect((search.first?["created_at"] as? String)?.hasPrefix("2019-06-01T12:00:00") == true)

        let exported = try cli.run(["export", "--embeddings"])
        #expect(exported.status == 0)
        let lines = exported.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let second = try CLIRunner()
        defer { second.cleanUp() }
        let path = try second.file("export.jsonl", exported.stdout)
        #expect(try second.run(["import", path]).status == 0)
        let again = try second.run(["export", "--embeddings"])
        #expect(Self.withoutUpdatedAt(again.stdout) == Self.withoutUpdatedAt(exported.stdout))

        let array = try cli.run(["export", "--json"])
        let objects = try json(array.stdout)
        #expect(objects.count == 2 && objects[0]["metadata"] as? [String: String] == ["tag": "work"])
    }

    @Test("a bad import line names its line number, exits non-zero and writes nothing")
    func badImport() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file("bad.jsonl", "{\"text\": \"fine\"}\n{\"text\": \"also fine\"}\n{\"txt\": \"oops\"}\n")
        let result = try cli.run(["import", file])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 3"))
        let stats = try cli.run(["stats", "--json"])
        let object = try #require(JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
        #expect(object["active_memories"] as? Int == 0)
    }

    @Test("forget by id and --all; stats counts and names the embedder")
    func forgetAndStats() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let id = try cli.run(["remember", "temporary thought"]).stdout
            .replacingOccurrences(of: "remembered ", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
        _ = try cli.run(["remember", "another thought"])
        _ = try cli.run(["remember", "a third thought"])
        #expect(try cli.run(["forget", id]).status == 0)
        let missing = try cli.run(["forget", id])
        #expect(missing.status != 0 && missing.stderr.contains(id))
        let stats = try cli.run(["stats"])
        #expect(stats.stdout.contains("2 active"))
        #expect(stats.stdout.contains("minilm-l6-v2/384"))
        #expect(stats.stdout.contains("vector search:    int8 screen ("))
        #expect(try cli.run(["forget", "--all"]).stdout.contains("forgot 2"))
        #expect(try cli.run(["forget"]).status == 64)  // usage error: neither id nor --all
    }

    @Test("MEMLAYER_STORE picks the store; bad options are usage errors")
    func environmentAndUsage() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let path = cli.directory.appendingPathComponent("env.sqlite").path
        #expect(
            try cli.run(["remember", "from env"], useStore: false, environment: ["MEMLAYER_STORE": path]).status == 0)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try cli.run(["search", "x", "-k", "0"]).status == 64)
        #expect(try cli.run(["remember", "x", "--embedder", "nonsense"]).status == 64)
        #expect(try cli.run(["remember", "  "]).status == 64)
    }

    private static func withoutUpdatedAt(_ jsonl: String) -> [String] {
        jsonl.split(separator: "\n").map { line in
            line.replacingOccurrences(of: #",?"updated_at":"[^"]*""#, with: "", options: .regularExpression)
        }
    }
}
