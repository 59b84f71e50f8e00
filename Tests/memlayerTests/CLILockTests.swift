import Foundation
import MemLayer
import MemLayerTesting
import Synchronization
import Testing

/// Writers wait for another process's write lock instead of failing with a raw `database is
/// locked` after 5 s, and `ask` never drops a turn it has answered (issue 15, item 2).
@Suite("memlayer under another process's write lock", .serialized)
struct CLILockTests {
    /// Longer than the 5 s busy timeout writers used to give up after.
    static let held = 6.5
    let hash = ["--embedder", "hash"]

    /// Waits for `process` and returns its exit status.
    private func status(of process: Process) -> Int32 {
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("remember, forget and curate wait for the lock, then do their work")
    func writersWait() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        let remembered = try cli.run(["remember", "the first thought"] + hash)
        let id = remembered.stdout.replacingOccurrences(of: "remembered ", with: "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(remembered.status == 0 && !id.isEmpty)

        let started = Date()
        let lock = try WriteLockHolder(path: cli.store, seconds: Self.held)
        let writers = [
            try cli.spawn(["remember", "a thought while the store was locked"] + hash),
            try cli.spawn(["forget", id] + hash),
            try cli.spawn(["curate"] + hash),
        ]
        let statuses = writers.map(status(of:))
        lock.waitUntilReleased()
        #expect(statuses == [0, 0, 0])
        #expect(Date().timeIntervalSince(started) >= Self.held)
        let texts = try cli.exported().compactMap { $0["text"] as? String }
        #expect(texts == ["a thought while the store was locked"])
    }

    @Test("ask keeps and queues the turn it answered while another process holds the write lock")
    func askKeepsTurn() throws {
        let cli = try CLIRunner()
        defer { cli.cleanUp() }
        #expect(try cli.run(["remember", "my cat is called Miso"] + hash).status == 0)
        let jobsBefore = try cli.queuedJobs()
        // The lock is taken as the model is asked, so it is held when the answer is complete.
        let slot = LockSlot()
        let server = LoopbackHTTPServer { [path = cli.store] _ in
            slot.take(path: path, seconds: Self.held)
            return .stream(CLIChatTests.ollama.map { ScriptedResponse.Part($0) }, contentType: "application/x-ndjson")
        }
        _ = try server.start()
        defer { server.stop() }

        let result = try cli.run(
            ["ask", "Say hello", "--base-url", server.baseURL.absoluteString, "--no-wait"] + hash)
        try #require(slot.holder != nil)
        slot.holder?.waitUntilReleased()
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == "Hello from Ollama 👋\n")
        #expect(try cli.queuedJobs() == jobsBefore + 1)
        let turns = try cli.exported().filter { $0["kind"] as? String == "turn" }
        #expect(turns.compactMap { $0["text"] as? String }.contains { $0.contains("Hello from Ollama") })
    }
}

/// The lock a loopback model server takes when it is asked, for the test to wait on.
private final class LockSlot: Sendable {
    private let state = Mutex<WriteLockHolder?>(nil)

    var holder: WriteLockHolder? { state.withLock { $0 } }

    func take(path: String, seconds: Double) {
        state.withLock { holder in
            if holder == nil { holder = try? WriteLockHolder(path: path, seconds: seconds) }
        }
    }
}
