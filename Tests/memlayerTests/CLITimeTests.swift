import Foundation
import Testing

/// Time through the CLI: `search --now` resolves "in May" from the question's time, every hit
/// carries its dates (and a fact its event time and source turns), and export/import keep them.
@Suite("memlayer: time-aware search, event time, sources", .serialized)
struct CLITimeTests {
    static let options = CLIConversationImportTests.hash

    static let conversations = """
        {"conversation": "c1", "time": "2023-03-14T18:00:00Z", "role": "user", "text": "We planted tomatoes in the garden", "id": "march"}
        {"conversation": "c2", "time": "2023-05-09T18:00:00Z", "role": "user", "text": "We planted tomatoes in the garden", "id": "may"}
        {"conversation": "c3", "time": "2023-05-03T10:00:00Z", "role": "user", "text": "We moved to Berlin in March 2019", "id": "t1"}
        """
    static let fact = """
        {"id": "f1", "text": "User moved to Berlin in March 2019.", "created_at": "2023-05-03T10:00:00Z", "event_time": "2019-03-01T00:00:00Z", "sources": ["t1"]}
        """

    private func seeded() throws -> CLIRunner {
        let cli = try CLIRunner()
        let talk = try cli.file("talk.jsonl", Self.conversations)
        let imported = try cli.run(["import", "--conversations", talk] + Self.options)
        try #require(imported.status == 0, "\(imported.stderr)")
        let facts = try cli.file("facts.jsonl", Self.fact)
        let added = try cli.run(["import", facts] + Self.options)
        try #require(added.status == 0, "\(added.stderr)")
        return cli
    }

    private func hits(_ output: String) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        return try #require(object["memories"] as? [[String: Any]], "\(output)")
    }

    @Test("--now: \"in March\" is March of the question's year, and the hit said then comes first")
    func now() throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        let result = try cli.run(
            ["search", "tomatoes in the garden in March", "--now", "2023-06-10T12:00:00Z", "--json"] + Self.options)
        #expect(result.status == 0, "\(result.stderr)")
        let found = try hits(result.stdout)
        #expect(found.first?["id"] as? String == "march")
        #expect(found.first?["in_time_window"] as? Bool == true)
        #expect(found.first { $0["id"] as? String == "may" }?["in_time_window"] as? Bool == false)
        let plain = try cli.run(
            ["search", "tomatoes in the garden in March", "--now", "2023-06-10T12:00:00Z"] + Self.options)
        #expect(
            plain.stdout.hasPrefix("time: \"March\" = 2023-03-01 to 2023-03-31, ranked first\n1. "), "\(plain.stdout)")
        let bad = try cli.run(["search", "garden", "--now", "last Tuesday"] + Self.options)
        #expect(bad.status != 0 && bad.stderr.contains("--now must be an ISO-8601 date-time"), "\(bad.stderr)")
    }

    @Test("--json: a fact's event_time and the turns it was learned from; a turn's sources are empty")
    func factDates() throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        let result = try cli.run(["search", "when did I move to Berlin?", "--json"] + Self.options)
        let found = try hits(result.stdout)
        let fact = try #require(found.first { $0["id"] as? String == "f1" }, "\(result.stdout)")
        #expect((fact["event_time"] as? String)?.hasPrefix("2019-03-01T00:00:00") == true)
        let sources = try #require(fact["sources"] as? [[String: Any]])
        #expect(sources.first?["id"] as? String == "t1" && sources.first?["conversation"] as? String == "c3")
        let turn = try #require(found.first { $0["id"] as? String == "t1" })
        #expect(turn["event_time"] is NSNull && (turn["sources"] as? [Any])?.isEmpty == true)
    }

    @Test("export keeps event_time and sources; importing the export into a new store links them again")
    func roundTrip() throws {
        let cli = try seeded()
        defer { cli.cleanUp() }
        let exported = try cli.run(["export"] + Self.options)
        try #require(exported.status == 0, "\(exported.stderr)")
        let line = try #require(exported.stdout.split(separator: "\n").first { $0.contains("\"f1\"") })
        #expect(line.contains("\"event_time\"") && line.contains("\"sources\":[\"t1\"]"), "\(line)")

        let other = try CLIRunner()
        defer { other.cleanUp() }
        // Facts first: a fact may come before the turns it names.
        let reordered = exported.stdout.split(separator: "\n").sorted { a, _ in a.contains("\"f1\"") }
        let file = try other.file("backup.jsonl", reordered.joined(separator: "\n"))
        let imported = try other.run(["import", file] + Self.options)
        try #require(imported.status == 0, "\(imported.stderr)")
        let result = try other.run(["search", "when did I move to Berlin?", "--json"] + Self.options)
        let fact = try #require(try hits(result.stdout).first { $0["id"] as? String == "f1" })
        #expect((fact["sources"] as? [[String: Any]])?.first?["id"] as? String == "t1")
        #expect((fact["event_time"] as? String)?.hasPrefix("2019-03-01") == true)
    }
}
