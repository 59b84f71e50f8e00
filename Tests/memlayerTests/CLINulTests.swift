import Foundation
import Testing

/// Text with a NUL is refused with its line named, before anything is stored; nothing after a
/// NUL is ever dropped silently.
@Suite("memlayer NUL characters", .serialized)
struct CLINulTests {
    private func activeMemories(_ cli: CLIRunner) throws -> Int? {
        if !FileManager.default.fileExists(atPath: cli.store) { return 0 }
        let stats = try cli.run(["stats", "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any]
        return object?["active_memories"] as? Int
    }

    @Test("import refuses a text with \\u0000, naming the line, and stores nothing")
    func importRefuses() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file("nul.jsonl", "{\"text\": \"fine\"}\n{\"text\": \"before\\u0000after\"}\n")
        let result = try cli.run(["import", file])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 2") && result.stderr.contains("NUL"), "\(result.stderr)")
        #expect(try activeMemories(cli) == 0)
    }

    @Test("ingest --raw refuses a file with a NUL byte, naming the line, and stores nothing")
    func ingestRefuses() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let url = cli.directory.appendingPathComponent("doc.txt")
        try Data("First line.\nSecond line with a\0hidden tail.\n".utf8).write(to: url)
        let result = try cli.run(["ingest", "--raw", url.path])
        #expect(result.status != 0)
        #expect(result.stderr.contains("line 2") && result.stderr.contains("NUL"), "\(result.stderr)")
        #expect(try activeMemories(cli) == 0)
    }
}
