import Foundation
import MCP
import MemLayer
import Testing

@testable import MemLayerMCP

/// The tools over a real SQLite store (hashing embedder: no model files), without a transport.
@Suite struct MemoryToolboxTests {
    let directory: URL
    let engine: MemoryEngine

    init() async throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("memlayer-mcp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let store = try SQLiteMemoryStore(location: .file(directory.appendingPathComponent("memory.sqlite").path))
        engine = try await MemoryEngine(store: store, embedder: HashingEmbedder())
    }

    func toolbox(user: String = "alice", extraction: (@Sendable () -> Void)? = nil) -> MemoryToolbox {
        MemoryToolbox(engine: engine, userID: user, extraction: extraction)
    }

    @Test func everySuccessfulResultHasTheKeysItsOutputSchemaRequires() async throws {
        let tools = toolbox()
        let future = ISO8601.format(Date().addingTimeInterval(86_400))
        let calls: [(String, [String: Value])] = [
            ("add_memory", ["text": "My sister Dana lives in Porto"]),
            ("search_memory", ["query": "Dana", "search_tier": "deep"]),
            ("list_memories", [:]),
            ("schedule_task", ["task_description": "call Dana", "due_date": .string(future)]),
            ("list_tasks", ["include_done": true]),
            ("delete_all_memories", ["confirm": true]),
        ]
        for (name, arguments) in calls {
            let result = await tools.call(name, arguments: arguments)
            #expect(result.isError == false, "\(name): \(result.content)")
            let schema = try #require(MemoryToolCatalog.tools.first { $0.name == name }?.outputSchema)
            let required = schema.objectValue?["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let keys = Set(result.structuredContent?.objectValue?.keys.map { $0 } ?? [])
            #expect(Set(required).isSubset(of: keys), "\(name) is missing \(Set(required).subtracting(keys))")
        }
    }

    @Test func withAModelANoteIsQueuedAndTheWorkerWoken() async throws {
        let woken = WakeCounter()
        let result = await toolbox(extraction: { woken.add() }).call(
            "add_memory", arguments: ["text": "I moved to Oslo"])
        let structured = try #require(result.structuredContent?.objectValue)
        #expect(structured["status"] == "queued")
        #expect(structured["job_id"]?.intValue != nil)
        #expect(woken.count == 1)
        #expect(try await engine.store.queuedJobs(userID: "alice").count == 1)
        #expect(try await engine.store.memories(userID: "alice").isEmpty)
    }

    @Test func aUserReachesOnlyTheirOwnMemories() async throws {
        let added = await toolbox(user: "alice").call("add_memory", arguments: ["text": "Alice's locker code is 4711"])
        let id = try #require(
            added.structuredContent?.objectValue?["memories"]?.arrayValue?.first?.objectValue?["id"]?.stringValue)
        let bob = toolbox(user: "bob")
        let search = await bob.call("search_memory", arguments: ["query": "locker code 4711"])
        #expect(search.structuredContent?.objectValue?["memories"]?.arrayValue?.isEmpty == true)
        let delete = await bob.call("delete_memory", arguments: ["id": .string(id)])
        #expect(delete.isError == true)
        #expect(try await engine.store.memory(id: id, userID: "alice") != nil)
    }

    @Test(arguments: [
        ("search_memory", ["query": 1] as [String: Value], "\"query\" must be a string, not the number 1"),
        ("search_memory", ["query": "x", "user": "bob"], "fixed by the server"),
        ("add_memory", ["text": "x", "importance": -0.5], "\"importance\" must be from 0 to 1; got -0.5"),
        ("list_memories", ["limit": 2.5], "\"limit\" must be a whole number"),
        ("delete_all_memories", ["confirm": false], "Nothing was deleted"),
    ])
    func badCallsAreToolErrorsThatSayWhatToChange(name: String, arguments: [String: Value], expected: String) async {
        let result = await toolbox().call(name, arguments: arguments)
        #expect(result.isError == true)
        #expect(result.structuredContent == nil)
        guard case .text(let text, _, _)? = result.content.first else {
            Issue.record("no text in \(result)")
            return
        }
        #expect(text.contains(expected), "\(text)")
    }
}

/// Counts wake-ups from any thread.
final class WakeCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func add() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
