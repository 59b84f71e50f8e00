import Foundation
import MemLayer
import Testing

/// A `meta` table recording an impossible dimension (a damaged or hostile file) is an error on
/// every path that builds an index, never a trap converting it to the kernel's `int32_t`.
@Suite("Damaged dimension")
struct DamagedDimensionTests {
    @Test("stats and search on a store recording a dimension ≥ 2^31 fail with an error", arguments: [
        "2147483648", "4294967296", "2305843009213693952", "-3",
    ])
    func hugeDimension(recorded: String) async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("I keep bees", userID: "alice")
        await fixture.store.close()
        try RawSQLite(path: fixture.path).execute("UPDATE meta SET value = '\(recorded)' WHERE key = 'dimension'")

        let store = try SQLiteMemoryStore(location: .file(fixture.path))
        defer { Task { await store.close() } }
        _ = try await store.stats(userID: "alice")
        let error = await #expect(throws: StoreError.self) { _ = try await store.corruptEmbeddingIDs(userID: "alice") }
        #expect(error?.kind == .incompatibleFile)
        #expect(error?.message.contains(recorded) == true)
        // Export still reads every memory (without the vector it cannot decode).
        let page = try await store.memoryPage(userID: "alice", after: 0)
        #expect(page.items.map(\.0.text) == ["I keep bees"])
    }
}
