import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// A write waits for another connection's write lock up to the store's lock wait, then fails
/// with `.busy` and a message that says what to do (issue 15, item 2). That it waits and then
/// succeeds is `CLILockTests`' job, through the binary.
@Suite("Waiting for the write lock")
struct LockWaitTests {
    @Test("a write gives up with .busy, saying what to do, after the lock wait")
    func waitThenGiveUp() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("memory.sqlite")
        let store = try SQLiteMemoryStore(location: .file(path), createIfMissing: true, lockWait: .milliseconds(400))
        let raw = try RawSQLite(path: path)

        _ = try await store.addTask("water the plants", dueAt: nil, userID: "alice")
        try raw.execute("BEGIN IMMEDIATE")
        let began = ContinuousClock.now
        let error = await #expect(throws: StoreError.self) {
            try await store.addTask("feed the cat", dueAt: nil, userID: "alice")
        }
        #expect(ContinuousClock.now - began >= .milliseconds(400))
        try raw.execute("COMMIT")
        #expect(error?.kind == .busy)
        #expect(error?.message.contains("another process kept the store locked for writing") == true)
        #expect(error?.message.contains("try again") == true)
        #expect(try await store.tasks(userID: "alice").map(\.description) == ["water the plants"])
        await store.close()
    }
}
