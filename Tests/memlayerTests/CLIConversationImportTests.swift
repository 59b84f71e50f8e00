import Foundation
import MemLayer
import Testing

/// `memlayer import --conversations`, through the built binary.
@Suite("memlayer import --conversations", .serialized)
struct CLIConversationImportTests {
    static let hash = ["--embedder", "hash", "--user", "alice"]
    static let conversation = """
        {"conversation": "c1", "time": "2023-05-08T13:56:00Z", "role": "user", "speaker": "Caroline", "text": "I went to the LGBTQ support group yesterday", "id": "D1:3"}
        {"conversation": "c1", "time": "2023-05-08T13:57:00Z", "role": "user", "speaker": "Melanie", "text": "That sounds brave. How did it go?", "id": "D1:4"}
        {"conversation": "c2", "time": "2023-06-01T09:00:00Z", "role": "user", "text": "My boat is called Kestrel.", "id": "D2:1"}
        {"conversation": "c2", "time": "2023-06-01T09:00:05Z", "role": "assistant", "text": "Lovely name for a boat!", "id": "D2:2"}
        """

    @Test("every message becomes a turn memory at its own date, with its id, conversation and place")
    func imports() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file("talk.jsonl", Self.conversation)
        let result = try cli.run(["import", "--conversations", file] + Self.hash)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 4 messages from 2 conversations"), "\(result.stdout)")
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        let memory = try #require(try await store.memory(id: "D1:3", userID: "alice"))
        await store.close()
        #expect(memory.kind == .turn && memory.text == "Caroline: I went to the LGBTQ support group yesterday")
        #expect(memory.createdAt == Date(timeIntervalSince1970: 1_683_554_160))
        #expect(memory.metadataJSON == #"{"conversation":"c1","position":1,"role":"user","speaker":"Caroline"}"#)
        #expect(memory.embedder != nil)
        let search = try cli.run(["search", "what is my boat called?", "-k", "1", "--json"] + Self.hash)
        let hits = try #require(CLIRunner.hits(search.stdout))
        #expect(hits.first?["id"] as? String == "D2:1", "\(search.stdout)")
    }

    @Test("standard input with -, and a bad line names its number and imports nothing")
    func allOrNothing() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let bad =
            Self.conversation + "\n" + #"{"conversation": "c2", "time": "yesterday", "role": "user", "text": "x"}"#
        let failed = try cli.run(["import", "--conversations", "-"] + Self.hash, input: bad)
        #expect(failed.status != 0)
        #expect(failed.stderr.contains("line 5") && failed.stderr.contains("ISO-8601"), "\(failed.stderr)")
        let empty = try cli.run(["export"] + Self.hash)
        #expect(empty.stdout.isEmpty, "\(empty.stdout)")
        let good = try cli.run(["import", "--conversations", "-"] + Self.hash, input: Self.conversation)
        #expect(good.status == 0, "\(good.stderr)")
        let usage = try cli.run(["import", "--extract", "notes.jsonl"] + Self.hash)
        #expect(usage.status != 0 && usage.stderr.contains("--conversations"), "\(usage.stderr)")
    }

    @Test("--extract queues each user message at the time it was said, pointing at its kept turn")
    func extract() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file("talk.jsonl", Self.conversation)
        let result = try cli.run(["import", "--conversations", file, "--extract"] + Self.hash)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("3 user messages queued"), "\(result.stdout)")
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        let jobs = try await store.queuedJobs(userID: "alice")
        await store.close()
        #expect(jobs.map(\.turn.keptMemoryID) == ["D1:3", "D1:4", "D2:1"])
        #expect(jobs[0].turn.at == Date(timeIntervalSince1970: 1_683_554_160))
        #expect(jobs[0].turn.user == "Caroline: I went to the LGBTQ support group yesterday")
        #expect(
            jobs[2].turn.user == "My boat is called Kestrel." && jobs[2].turn.assistant == "Lovely name for a boat!")
    }

    @Test("the same words said twice stay two turns; importing the file again changes nothing")
    func repeatedWords() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file(
            "thanks.jsonl",
            """
            {"conversation": "c1", "time": "2023-05-08T10:00:00Z", "role": "user", "text": "Thanks!", "id": "a"}
            {"conversation": "c2", "time": "2023-05-09T10:00:00Z", "role": "user", "text": "Thanks!", "id": "b"}
            """)
        for _ in 0..<2 {
            let result = try cli.run(["import", "--conversations", file] + Self.hash)
            #expect(result.status == 0, "\(result.stderr)")
        }
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        let memories = try await store.memories(userID: "alice")
        await store.close()
        #expect(memories.map(\.id) == ["a", "b"])
    }

    @Test("ChatGPT's conversations.json is told by its content and follows the active branch")
    func chatGPT() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let file = try cli.file("conversations.json", ChatGPTExportSample.json)
        let result = try cli.run(["import", "--conversations", file] + Self.hash)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("imported 2 messages from 1 conversations"), "\(result.stdout)")
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        let turns = try await store.memories(userID: "alice").sorted { $0.createdAt < $1.createdAt }
        await store.close()
        #expect(turns.map(\.text) == ["User: My boat is called Kestrel.", "Assistant: Nice name!"])
        #expect(turns.first?.createdAt == Date(timeIntervalSince1970: 1_700_000_010))
    }
}

/// The smallest ChatGPT export with an edited message (two branches).
enum ChatGPTExportSample {
    static let json = #"""
        [{"title": "Boat", "create_time": 1700000000, "id": "conv-1", "current_node": "a1", "mapping": {
          "root": {"id": "root", "message": null, "parent": null, "children": ["old", "u1"]},
          "old": {"id": "old", "parent": "root", "children": [], "message": {"id": "old", "author": {"role": "user"},
            "create_time": 1700000005, "content": {"content_type": "text", "parts": ["My boat is called Kestral"]}}},
          "u1": {"id": "u1", "parent": "root", "children": ["a1"], "message": {"id": "u1", "author": {"role": "user"},
            "create_time": 1700000010, "content": {"content_type": "text", "parts": ["My boat is called Kestrel."]}}},
          "a1": {"id": "a1", "parent": "u1", "children": [], "message": {"id": "a1", "author": {"role": "assistant"},
            "create_time": 1700000011, "recipient": "all", "content": {"content_type": "text", "parts": ["Nice name!"]}}}
        }}]
        """#
}
