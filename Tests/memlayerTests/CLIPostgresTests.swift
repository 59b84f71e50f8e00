import Foundation
import MemLayerPostgres
import MemLayerTesting
import Testing

/// `--store postgres://…` through the real binary against a real server (scripts/test-postgres.sh
/// starts one and sets MEMLAYER_TEST_POSTGRES_URL).
@Suite("CLI on a PostgreSQL store")
struct CLIPostgresTests {
    static let base = ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] ?? ""

    /// A new database's URL, dropped by `dropDatabase`.
    static func createDatabase() async throws -> (url: String, name: String) {
        let name = "cli_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        let admin = try await PostgresConnection.connect(to: try PostgresURL(base))
        try await admin.execute("CREATE DATABASE \(name)")
        await admin.close()
        var components = try #require(URLComponents(string: base))
        components.path = "/" + name
        return (try #require(components.string), name)
    }

    static func dropDatabase(_ name: String) async throws {
        let admin = try await PostgresConnection.connect(to: try PostgresURL(base))
        try await admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        await admin.close()
    }

    @Test(
        "remember, search, stats, forget, export and import work on PostgreSQL and move memories to SQLite and back",
        .enabled(
            if: ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] != nil,
            "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset; run scripts/test-postgres.sh to test the CLI on PostgreSQL"))
    func roundTrip() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let (url, name) = try await Self.createDatabase()
        do {
            let pg = ["--store", url, "--embedder", "hash"]
            let first = try cli.run(["remember", "--raw", "Dana lives in Lisbon", "--user", "alice"] + pg, useStore: false)
            #expect(first.status == 0, "\(first.stderr)")
            let again = try cli.run(["remember", "--raw", "dana lives in  lisbon", "--user", "alice"] + pg, useStore: false)
            #expect(again.stdout == first.stdout)  // the same memory, refreshed
            #expect(try cli.run(["remember", "--raw", "Bob keeps goats", "--user", "bob"] + pg, useStore: false).status == 0)
            #expect(try cli.run(["search", "Lisbon", "--user", "alice"] + pg, useStore: false).stdout.contains("Dana lives"))
            #expect(!(try cli.run(["search", "Lisbon", "--user", "bob"] + pg, useStore: false).stdout.contains("Dana")))
            let stats = try cli.run(["stats", "--json", "--user", "alice"] + pg, useStore: false)
            let object = try #require(
                try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])
            #expect(object["active_memories"] as? Int == 1)
            #expect(object["users"] as? Int == 2)
            #expect((object["vector_search"] as? String)?.contains("pgvector") == true)

            // PostgreSQL → SQLite → PostgreSQL.
            let exported = try cli.run(["export", "--embeddings", "--user", "alice"] + pg, useStore: false)
            let file = try cli.file("alice.jsonl", exported.stdout)
            #expect(try cli.run(["import", file, "--user", "alice", "--embedder", "hash"]).status == 0)
            #expect(try cli.run(["search", "Lisbon", "--user", "alice", "--embedder", "hash"]).stdout.contains("Dana"))
            #expect(try cli.run(["remember", "--raw", "Alice plays the cello", "--user", "alice", "--embedder", "hash"]).status == 0)
            let back = try cli.file(
                "back.jsonl",
                try cli.run(["export", "--embeddings", "--user", "alice", "--embedder", "hash"]).stdout)
            #expect(try cli.run(["import", back, "--user", "alice"] + pg, useStore: false).status == 0)
            let cello = try cli.run(["search", "cello", "--user", "alice", "--json"] + pg, useStore: false)
            let memories = try #require(
                (try JSONSerialization.jsonObject(with: Data(cello.stdout.utf8)) as? [String: Any])?["memories"]
                    as? [[String: Any]])
            let id = try #require(memories.first { ($0["text"] as? String) == "Alice plays the cello" }?["id"] as? String)
            #expect(try cli.run(["forget", id, "--user", "alice"] + pg, useStore: false).status == 0)
            #expect(try cli.run(["forget", id, "--user", "alice"] + pg, useStore: false).status != 0)
            #expect(try cli.run(["stats", "--user", "alice"] + pg, useStore: false).stdout.contains("1 active"))
        } catch {
            try await Self.dropDatabase(name)
            throw error
        }
        try await Self.dropDatabase(name)
    }

    @Test(
        "ask extracts through the queue on PostgreSQL; --no-wait leaves the job for extract",
        .enabled(
            if: ProcessInfo.processInfo.environment["MEMLAYER_TEST_POSTGRES_URL"] != nil,
            "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset; run scripts/test-postgres.sh to test the CLI on PostgreSQL"))
    func extraction() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let server = try ScriptedOllama.server { _, _ in
            ScriptedOllama.reply(
                #"{"facts": [{"text": "User's name is Ada.", "importance": 0.7}], "entities": [{"name": "Ada", "type": "person"}]}"#)
        }
        defer { server.stop() }
        let (url, name) = try await Self.createDatabase()
        do {
            let options = ["--store", url, "--base-url", server.baseURL.absoluteString, "--embedder", "hash"]
            let asked = try cli.run(["ask", "My name is Ada"] + options, useStore: false)
            #expect(asked.status == 0 && asked.stdout == "Hello!\n", "\(asked.stderr)")
            func facts() throws -> [String] {
                try cli.run(["export"] + options.prefix(2), useStore: false).stdout.split(separator: "\n").compactMap {
                    let object = try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
                    return object?["kind"] as? String == "turn" ? nil : object?["text"] as? String
                }
            }
            func queued() throws -> Int? {
                let stats = try cli.run(["stats", "--json"] + options.prefix(2), useStore: false)
                return (try JSONSerialization.jsonObject(with: Data(stats.stdout.utf8)) as? [String: Any])?[
                    "queued_extraction_jobs"] as? Int
            }
            #expect(try facts() == ["User's name is Ada."])
            #expect(try queued() == 0)
            let later = try cli.run(["ask", "I have a dog called Biscuit", "--no-wait"] + options, useStore: false)
            #expect(later.status == 0, "\(later.stderr)")
            #expect(try queued() == 1)
            let extracted = try cli.run(["extract"] + options, useStore: false)
            #expect(extracted.status == 0 && extracted.stdout.contains("1 updated"), "\(extracted.stdout) \(extracted.stderr)")
            #expect(try queued() == 0)
            #expect(try facts() == ["User's name is Ada."])
        } catch {
            try await Self.dropDatabase(name)
            throw error
        }
        try await Self.dropDatabase(name)
    }

    @Test("a password in the store URL never reaches the output, even when the connection fails")
    func passwordNeverShown() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let result = try cli.run(
            ["stats", "--store", "postgres://someone:hunter2-secret@127.0.0.1:1/nowhere"], useStore: false)
        #expect(result.status != 0)
        #expect(result.stderr.contains("127.0.0.1:1"))
        #expect(!result.stderr.contains("hunter2") && !result.stdout.contains("hunter2"))
    }
}
