import Foundation
import MemLayer
import Testing

/// Strings reach SQLite with their byte length: nothing after a NUL is dropped, and a user id
/// with a NUL is its own user, never the one before the NUL.
@Suite("NUL in bound text")
struct NulTextTests {
    @Test("a memory's text keeps what follows a NUL")
    func textKept() async throws {
        let fixture = try await StoreFixture()
        let memory = try await fixture.engine.remember("before\u{0}after", userID: "alice")
        let page = try await fixture.store.memoryPage(userID: "alice")
        #expect(page.items.map(\.memory.text) == ["before\u{0}after"])
        #expect(memory.text == "before\u{0}after")
    }

    @Test("a user id with a NUL does not reach the user before the NUL")
    func userIDNotTruncated() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("alice's secret", userID: "alice")
        let page = try await fixture.store.memoryPage(userID: "alice\u{0}mallory")
        #expect(page.items.isEmpty)
        let hits = try await fixture.engine.search("secret", userID: "alice\u{0}mallory", k: 5)
        #expect(hits.isEmpty)
    }
}
