import Foundation
import MemLayerPostgres
import Testing

/// Where a user could tell the stores apart through the CLI: read-only commands on a database
/// without a store, imports that fail, and moving a memory from one store to the other and back.
@Suite(
    "CLI: PostgreSQL behaves like SQLite",
    .enabled(
        if: ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] != nil,
        "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset; run scripts/test-postgres.sh to test the CLI on PostgreSQL"))
struct CLIPostgresParityTests {
    static let conversation = """
        {"conversation": "c1", "time": "2023-05-08T13:56:00Z", "role": "user", "speaker": "Caroline", "text": "I went to the support group yesterday", "id": "D1:1"}
        {"conversation": "c1", "time": "2023-05-08T13:57:00Z", "role": "assistant", "text": "That sounds brave. How did it go?", "id": "D1:2"}
        {"conversation": "c2", "time": "2023-06-01T09:00:00Z", "role": "user", "text": "My boat is called Kestrel.", "id": "D2:1"}
        """
    static let facts = """
        {"id": "f1", "text": "Caroline went to a support group", "created_at": "2023-05-09T10:00:00Z", "event_time": "2023-05-07T00:00:00Z", "importance": 0.7, "sources": ["D1:1"], "metadata": {"tag": "life"}, "source": "notes"}
        {"text": "The user's boat is called Kestrel", "sources": ["D2:1"]}
        """
    static let hash = ["--embedder", "hash", "--user", "alice"]

    /// Runs `body` with a new, empty database's URL; drops it afterwards.
    static func withDatabase(_ body: (String) async throws -> Void) async throws {
        let (url, name) = try await CLIPostgresTests.createDatabase()
        do {
            try await body(url)
        } catch {
            try await CLIPostgresTests.dropDatabase(name)
            throw error
        }
        try await CLIPostgresTests.dropDatabase(name)
    }

    /// Whether the database at `url` has MemLayer's tables.
    static func hasStore(_ url: String) async throws -> Bool {
        let connection = try await PostgresConnection.connect(to: try PostgresURL(url))
        let rows = try await connection.query("SELECT to_regclass('memlayer_schema') IS NOT NULL")
        await connection.close()
        return try rows[0].bool(0)
    }

    @Test("read-only commands on a database without a store fail, say how to make one, and create nothing")
    func readOnlyCommands() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await Self.withDatabase { url in
            for command in [["stats"], ["search", "boat"], ["export"], ["graph"], ["tasks"]] {
                let result = try cli.run(command + ["--store", url], useStore: false)
                #expect(result.status != 0, "\(command)")
                #expect(
                    result.stderr.contains("holds no MemLayer store") && result.stderr.contains("memlayer import"),
                    "\(command): \(result.stderr)")
                #expect(try await !Self.hasStore(url), "\(command) created the store")
            }
            // As on SQLite, a command that writes creates it; then they read it.
            #expect(
                try cli.run(["remember", "--raw", "Dana lives in Lisbon", "--store", url] + Self.hash, useStore: false)
                    .status == 0)
            #expect(try cli.run(["stats", "--store", url], useStore: false).status == 0)
        }
    }

    @Test("an account that may only read runs the read-only commands, as on a read-only SQLite file")
    func readOnlyAccount() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        try await Self.withDatabase { url in
            let pg = ["--store", url] + Self.hash
            #expect(try cli.run(["remember", "--raw", "Dana lives in Lisbon"] + pg, useStore: false).status == 0)
            let role = "reader_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(12).lowercased()
            let admin = try await PostgresConnection.connect(to: try PostgresURL(url))
            try await admin.execute("CREATE ROLE \(role) LOGIN PASSWORD 'read-only-pw'")
            try await admin.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO \(role)")
            do {
                var components = try #require(URLComponents(string: url))
                components.user = role
                let reader = ["--store", try #require(components.string)] + Self.hash
                let password = ["PGPASSWORD": "read-only-pw"]
                for command in [["stats"], ["search", "Lisbon"], ["export"], ["graph"], ["tasks"]] {
                    let result = try cli.run(command + reader, useStore: false, environment: password)
                    #expect(result.status == 0, "\(command): \(result.stderr)")
                    if command == ["search", "Lisbon"] { #expect(result.stdout.contains("Dana lives in Lisbon")) }
                }
                let refused = try cli.run(
                    ["remember", "--raw", "Bob keeps goats"] + reader, useStore: false, environment: password)
                #expect(refused.status != 0 && refused.stderr.contains("permission denied"), "\(refused.stderr)")
            } catch {
                try await admin.execute("DROP OWNED BY \(role)")
                try await admin.execute("DROP ROLE \(role)")
                await admin.close()
                throw error
            }
            try await admin.execute("DROP OWNED BY \(role)")
            try await admin.execute("DROP ROLE \(role)")
            await admin.close()
        }
    }

    @Test("a bad line fails the import on both stores alike: its number named, nothing written")
    func failedImports() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let nul =
            #"{"conversation": "c3", "time": "2023-06-02T09:00:00Z", "role": "user", "speaker": "Mel\u0000", "text": "Hi"}"#
        let cases: [(arguments: [String], file: String, line: String, reason: String)] = [
            (["import"], Self.facts + "\n" + #"{"txt": "no text"}"#, "line 3", "text"),
            (["import"], Self.facts + "\n" + #"{"text": "fine", "source": "a\u0000b"}"#, "line 3", "NUL"),
            (
                ["import", "--conversations"],
                Self.conversation + "\n" + #"{"conversation": "c3", "time": "soon", "role": "user", "text": "x"}"#,
                "line 4", "ISO-8601"
            ),
            (["import", "--conversations"], Self.conversation + "\n" + nul, "line 4", "NUL"),
        ]
        try await Self.withDatabase { url in
            for (index, item) in cases.enumerated() {
                let file = try cli.file("bad\(index).jsonl", item.file)
                for store in [url, cli.store] {
                    let result = try cli.run(item.arguments + [file, "--store", store] + Self.hash, useStore: false)
                    #expect(result.status != 0, "\(item.arguments) on \(store)")
                    #expect(
                        result.stderr.contains(item.line) && result.stderr.contains(item.reason),
                        "\(item.arguments) on \(store): \(result.stderr)")
                    let left = try cli.run(["export", "--store", store] + Self.hash, useStore: false)
                    #expect(left.stdout.isEmpty, "\(item.arguments) on \(store) wrote: \(left.stdout)")
                }
            }
        }
    }

    @Test(
        "export from SQLite, import into PostgreSQL, export again: the same file, turns and sources included; and back")
    func roundTripBothWays() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let talk = try cli.file("talk.jsonl", Self.conversation)
        let notes = try cli.file("notes.jsonl", Self.facts)
        #expect(try cli.run(["import", "--conversations", talk] + Self.hash).status == 0)
        #expect(try cli.run(["import", notes] + Self.hash).status == 0)
        let fromSQLite = try cli.run(["export", "--embeddings"] + Self.hash).stdout
        #expect(fromSQLite.split(separator: "\n").count == 5)
        #expect(fromSQLite.contains(#""kind":"turn""#) && fromSQLite.contains(#""sources":["D1:1"]"#))
        try await Self.withDatabase { url in
            let pg = ["--store", url] + Self.hash
            let intoPostgres = try cli.run(["import", try cli.file("a.jsonl", fromSQLite)] + pg, useStore: false)
            #expect(intoPostgres.status == 0, "\(intoPostgres.stderr)")
            let fromPostgres = try cli.run(["export", "--embeddings"] + pg, useStore: false).stdout
            #expect(Self.withoutUpdatedAt(fromPostgres) == Self.withoutUpdatedAt(fromSQLite))

            let second = try CLIRunner()
            defer { second.cleanUp() }
            let back = try second.run(["import", try second.file("b.jsonl", fromPostgres)] + Self.hash)
            #expect(back.status == 0, "\(back.stderr)")
            let again = try second.run(["export", "--embeddings"] + Self.hash).stdout
            #expect(Self.withoutUpdatedAt(again) == Self.withoutUpdatedAt(fromPostgres))
            // The turns came back as turns: search finds them with their conversation.
            let found = try second.run(["search", "what is my boat called?", "--json"] + Self.hash).stdout
            let hits = try #require(CLIRunner.hits(found))
            let turn = try #require(hits.first { $0["id"] as? String == "D2:1" }, "\(found)")
            #expect(turn["kind"] as? String == "turn" && turn["conversation"] as? String == "c2")
        }
    }

    /// `updated_at` is when the import wrote the memory, so it differs between stores.
    static func withoutUpdatedAt(_ jsonl: String) -> [String] {
        jsonl.split(separator: "\n").map { line in
            line.replacingOccurrences(of: #",?"updated_at":"[^"]*""#, with: "", options: .regularExpression)
        }
    }
}
