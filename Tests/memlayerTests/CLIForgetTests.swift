import Foundation
import MemLayer
import Testing

/// `memlayer forget --all` takes everything the user said: memories, kept turns, reminders and
/// queued extraction jobs (issue 15, item 8). The history's text is checked in
/// `ForgetContentTests`, which can read the table directly.
@Suite("memlayer forget --all", .serialized)
struct CLIForgetTests {
    @Test("forget --all deletes the user's kept turns, tasks and queued jobs, and nobody else's")
    func forgetAll() async throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let engine = try await MemoryEngine(store: SQLiteMemoryStore(location: .file(cli.store)), embedder: HashingEmbedder())
        let now = Date()
        for user in ["alice", "bob"] {
            try await engine.remember("\(user)'s locker code is 4321", userID: user)
            try await engine.store.addTask(
                "renew \(user)'s passport", dueAt: now.addingTimeInterval(3_600), userID: user)
            try await engine.store.keepAndEnqueue(
                ConversationTurn(user: "my PIN is 2468", assistant: "Noted.", at: now),
                at: TurnPlace(conversation: "c", position: 1), userID: user)
        }
        let bobJobs = try await engine.store.queuedJobs(userID: "bob").count
        await engine.store.close()

        let forgot = try cli.run(["forget", "--all", "--user", "alice", "--embedder", "hash"])
        #expect(forgot.status == 0 && forgot.stdout.contains("forgot 2 memories"), "\(forgot.stderr)")
        let aliceTasks = try cli.run(["tasks", "--all", "--json", "--user", "alice", "--embedder", "hash"])
        #expect(!aliceTasks.stdout.contains("passport"), "\(aliceTasks.stdout)")
        let bobTasks = try cli.run(["tasks", "--all", "--json", "--user", "bob", "--embedder", "hash"])
        #expect(bobTasks.stdout.contains("renew bob's passport"))
        #expect(try cli.exported(user: "alice").isEmpty)
        #expect(try cli.exported(user: "bob").count == 2)
        let store = try SQLiteMemoryStore(location: .file(cli.store))
        #expect(try await store.queuedJobs(userID: "alice").isEmpty)
        #expect(try await store.queuedJobs(userID: "bob").count == bobJobs)
        await store.close()
    }
}
