import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// One place for one user's memories: add, search, get, list, update, delete, history.
@Suite("UserMemories")
struct UserMemoriesTests {
    @Test("add, get, update (re-embedded), history, delete: each visible through the others")
    func lifecycle() async throws {
        let fixture = try await StoreFixture()
        let memories = fixture.engine.memories(of: "alice")
        let added = try await memories.add("I work at Acme Corp", importance: 0.6)
        #expect(try await memories.get(added.id)?.text == "I work at Acme Corp")

        let updated = try await memories.update(added.id, text: "I work at Globex in Lyon", importance: 0.9)
        #expect(updated.id == added.id)
        #expect(updated.createdAt == added.createdAt)
        #expect(updated.importance == 0.9)
        let hits = try await memories.search("Globex Lyon", tier: .fast).hits
        #expect(hits.first?.memory.id == added.id)
        #expect(try await fixture.store.memories(userID: "alice").count == 1)

        let history = try await memories.history(of: added.id)
        #expect(history.map(\.action) == [.update, .add])
        #expect(history.first?.text == "I work at Globex in Lyon")

        try await memories.delete(added.id)
        #expect(try await memories.get(added.id) == nil)
        let afterDelete = try await memories.history(of: added.id)
        #expect(afterDelete.first?.action == .delete)
        #expect(afterDelete.allSatisfy { $0.text == nil })  // forgetting takes the words out of history
    }

    @Test("another user's memory cannot be read, updated or deleted")
    func scopedByUser() async throws {
        let fixture = try await StoreFixture()
        let alice = try await fixture.engine.memories(of: "alice").add("Alice's secret plan")
        let bob = fixture.engine.memories(of: "bob")
        #expect(try await bob.get(alice.id) == nil)
        await #expect(throws: StoreError.self) { try await bob.update(alice.id, text: "stolen") }
        await #expect(throws: StoreError.self) { try await bob.delete(alice.id) }
        #expect(try await bob.history().isEmpty)
        #expect(try await fixture.engine.memories(of: "alice").get(alice.id)?.text == "Alice's secret plan")
    }

    @Test("update refuses empty text and out-of-range importance, changing nothing")
    func badUpdates() async throws {
        let fixture = try await StoreFixture()
        let memories = fixture.engine.memories(of: "alice")
        let added = try await memories.add("I like tea")
        await #expect(throws: StoreError.self) { try await memories.update(added.id, text: "  ") }
        await #expect(throws: StoreError.self) { try await memories.update(added.id, text: "x", importance: 2) }
        #expect(try await memories.get(added.id)?.text == "I like tea")
    }

    @Test("list pages in creation order; deleteAll empties the user")
    func listAndDeleteAll() async throws {
        let fixture = try await StoreFixture()
        let memories = fixture.engine.memories(of: "alice")
        for index in 0..<5 {
            try await memories.add("memory number \(index)")
        }
        #expect(try await memories.list(limit: 2, offset: 1).map(\.text) == ["memory number 1", "memory number 2"])
        #expect(try await memories.deleteAll() == 5)
        #expect(try await memories.list().isEmpty)
    }
}
