import Foundation
import MemLayerTesting
import Testing

/// Issue 16, item 4: exit codes, text from standard input, and import's duplicates.
@Suite("memlayer CLI for scripts", .serialized)
struct CLIScriptingTests {
    static let hash = ["--embedder", "hash"]

    @Test("a failure while running exits 1 with one line on standard error; a usage error exits 64 with the usage")
    func exitCodes() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["remember", "Dana works at Acme", "--raw"] + Self.hash).status == 0)
        for arguments in [
            ["import", "missing.jsonl"], ["graph", "Mallory"], ["ingest", "missing.txt", "--raw"],
            ["forget", "no-such-id"], ["search", "Dana", "--embedder", "minilm"],
        ] {
            let result = try cli.run(arguments)
            #expect(result.status == 1, "\(arguments): \(result.stderr)")
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1 && lines[0].hasPrefix("error: "), "\(arguments): \(result.stderr)")
            #expect(!result.stderr.contains("Usage:"))
        }
        let usage = try cli.run(["search", "Dana", "-k", "0"])
        #expect(usage.status == 64 && usage.stderr.contains("Usage:"), "\(usage.stderr)")
        let help = try cli.run(["--help"], useStore: false)
        #expect(help.stdout.contains("64 a usage error") && help.stdout.contains("1 the command failed"))
    }

    @Test("remember, search, answer and import read standard input for '-' and when the argument is left out")
    func standardInput() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let dash = try cli.run(["remember", "-", "--raw"] + Self.hash, input: "I keep bees in the garden\n")
        #expect(dash.status == 0, "\(dash.stderr)")
        let piped = try cli.run(["remember", "--raw"] + Self.hash, input: "My bike is a red Peugeot\n")
        #expect(piped.status == 0, "\(piped.stderr)")
        let texts = try cli.exported().compactMap { $0["text"] as? String }.sorted()
        #expect(texts == ["I keep bees in the garden", "My bike is a red Peugeot"])

        let search = try cli.run(["search", "-k", "1", "--json"], input: "red Peugeot bike")
        #expect(
            CLIRunner.hits(search.stdout)?.first?["text"] as? String == "My bike is a red Peugeot", "\(search.stderr)")
        #expect(CLIRunner.hits(try cli.run(["search", "-", "--json"], input: "bees").stdout)?.isEmpty == false)
        let empty = try cli.run(["remember", "--raw"], input: "  \n")
        #expect(empty.status == 64 && empty.stderr.contains("the text to remember is empty"))

        let imported = try cli.run(["import"], input: #"{"text": "Dana plays the cello"}"# + "\n")
        #expect(imported.status == 0 && imported.stdout.contains("imported 1"), "\(imported.stderr)")

        let server = try ScriptedOllama.server(chat: "You keep bees.") { _, _ in ScriptedOllama.reply("{}") }
        defer { server.stop() }
        let base = ["--base-url", server.baseURL.absoluteString]
        let ask = try cli.run(["ask", "-", "--no-wait"] + base, input: "What do I keep in the garden?\n")
        #expect(ask.status == 0 && ask.stdout == "You keep bees.\n", "\(ask.stderr)")
        let asked = server.requests.map(ScriptedOllama.userText)
        #expect(asked.contains("What do I keep in the garden?"), "\(asked)")
        let answer = try cli.run(["answer", "--json"] + base, input: "what do I keep in the garden? bees")
        #expect(answer.status == 0, "\(answer.stderr)")
        #expect(answer.stdout.contains("\"answer\""))
    }

    @Test("import leaves out a text already stored, reports it, and keeps the stored memory's id and dates")
    func importDuplicates() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let first = try cli.file(
            "first.jsonl",
            #"{"id": "note-1", "text": "Met Dana at the conference", "created_at": "2019-06-01T12:00:00Z"}"#)
        #expect(try cli.run(["import", first] + Self.hash).status == 0)
        let second = try cli.file(
            "second.jsonl",
            """
            {"id": "note-2", "text": "Met Dana at the conference", "created_at": "2024-01-01T00:00:00Z"}

            {"text": "Dana plays the cello"}
            {"id": "note-3", "text": "Dana plays the cello"}
            """)
        let result = try cli.run(["import", second, "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try #require(JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(summary["imported"] as? Int == 1)
        let duplicates = try #require(summary["duplicates"] as? [[String: Any]])
        #expect(duplicates.map { $0["line"] as? Int } == [1, 4])
        #expect(duplicates.map { $0["id"] as? String } == ["note-2", "note-3"])
        #expect(duplicates.first?["existing_id"] as? String == "note-1")

        let memories = try cli.exported()
        #expect(memories.count == 2)
        let kept = try #require(memories.first { $0["id"] as? String == "note-1" })
        #expect((kept["created_at"] as? String)?.hasPrefix("2019-06-01T12:00:00") == true, "\(kept)")
        let plain = try cli.run(["import", second])
        #expect(plain.stdout.contains("imported 0 memories") && plain.stdout.contains("3 left out as duplicates"))
        #expect(plain.stdout.contains("duplicate: line 1 (id note-2) has the text of note-1"), "\(plain.stdout)")

        // A line with an id the user has replaces it, and keeps its date when it gives none.
        let replace = try cli.file("replace.jsonl", #"{"id": "note-1", "text": "Met Dana at the Lisbon conference"}"#)
        #expect(try cli.run(["import", replace]).status == 0)
        let replaced = try #require(try cli.exported().first { $0["id"] as? String == "note-1" })
        #expect(replaced["text"] as? String == "Met Dana at the Lisbon conference")
        #expect((replaced["created_at"] as? String)?.hasPrefix("2019-06-01T12:00:00") == true, "\(replaced)")
    }
}
