import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// A store whose memories table is damaged on disk fails a search with SQLite's own reason, not
/// "see the connection's error message" without it (issue 15, item 11).
@Suite("Damaged pages")
struct DamagedPageTests {
    @Test("loading vectors from a damaged page names SQLite's reason and code")
    func damagedLeafPage() async throws {
        let fixture = try await StoreFixture()
        let items = (0..<300).map { NewMemory(text: "note \($0) about the garden and its bees") }
        try await fixture.engine.importMemories(items, userID: "alice")
        await fixture.store.close()
        let page = try RawSQLite(path: fixture.path).integer(
            "SELECT max(pageno) FROM dbstat WHERE name = 'memories' AND pagetype = 'leaf'")
        let file = try FileHandle(forUpdating: URL(fileURLWithPath: fixture.path))
        try file.seek(toOffset: UInt64(page - 1) * 4096)
        try file.write(contentsOf: Data([0x00]))  // the page type byte: no valid b-tree page has 0
        try file.close()

        let store = try SQLiteMemoryStore(location: .file(fixture.path))
        let vector = try await HashingEmbedder().embed(["bees"])[0]
        let error = await #expect(throws: StoreError.self) {
            _ = try await store.search(vector: vector, userID: "alice", k: 3)
        }
        #expect(error?.kind == .database)
        #expect(error?.message.contains("malformed") == true, "\(String(describing: error))")
        #expect(error?.message.contains("see the connection") == false)
        #expect(error.map { $0.sqliteCode.map { $0 & 0xff } } == 11)  // SQLITE_CORRUPT
        await store.close()
    }
}
