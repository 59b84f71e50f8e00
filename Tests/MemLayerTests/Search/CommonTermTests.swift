import Foundation
import MemLayer
import Testing

/// A word in most rows of a large index (a speaker's name in front of every message) is left out
/// of the keyword search: bm25 gives it no weight, yet it made every row a candidate to score.
@Suite("Keyword search: terms in most rows")
struct CommonTermTests {
    @Test("a name in 3,000 of 3,002 rows does not make those rows keyword candidates")
    func nameInEveryRow() async throws {
        let fixture = try await StoreFixture()
        let engine = MemoryEngine(lightweight: fixture.store)
        var notes = (0..<3_000).map { NewMemory(text: "Daniel: small talk number \($0)") }
        notes.append(NewMemory(text: "Daniel: I launched the canoe on Hollingworth Lake"))
        notes.append(NewMemory(text: "Priya: the canoe leaked a little at the stern"))
        try await engine.importMemories(notes, userID: "alice")
        let result = try await engine.search(
            "Where did Daniel launch his canoe?", userID: "alice", tier: .balanced, limit: 5)
        #expect(result.hits.map(\.memory.text).allSatisfy { $0.contains("canoe") }, "\(result.hits.map(\.memory.text))")
        #expect(result.hits.first?.memory.text == "Daniel: I launched the canoe on Hollingworth Lake")
        // The name alone still finds the rows it is in: nothing else is left to search for.
        let name = try await engine.search("Daniel", userID: "alice", tier: .balanced, limit: 5)
        #expect(name.hits.count == 5)
    }

    @Test("the remembered count of a common term is counted again once memories are added")
    func countAgainAfterWrites() async throws {
        let fixture = try await StoreFixture()
        let engine = MemoryEngine(lightweight: fixture.store)
        var notes = (0..<2_500).map { NewMemory(text: "Daniel: small talk number \($0)") }
        notes.append(NewMemory(text: "Priya: the canoe leaked a little at the stern"))
        try await engine.importMemories(notes, userID: "alice")
        let before = try await engine.search("Daniel canoe", userID: "alice", tier: .balanced, limit: 5)
        #expect(before.hits.map(\.memory.text) == ["Priya: the canoe leaked a little at the stern"])
        // Now "Daniel" is in fewer than half of the rows: it counts again as a search term.
        try await engine.importMemories((0..<3_000).map { NewMemory(text: "Priya: note \($0)") }, userID: "alice")
        let after = try await engine.search("Daniel canoe", userID: "alice", tier: .balanced, limit: 5)
        #expect(after.hits.count == 5, "\(after.hits.map(\.memory.text))")
    }

    @Test("in a small store a word in every row still finds them all")
    func smallStoreKeepsWeakMatches() async throws {
        let fixture = try await StoreFixture()
        let engine = MemoryEngine(lightweight: fixture.store)
        try await engine.remember("I keep bees in the garden", userID: "alice")
        try await engine.remember("a note about bees", userID: "alice")
        let result = try await engine.search("bees in the garden", userID: "alice", tier: .balanced, limit: nil)
        #expect(result.hits.count == 2)
    }

    @Test("beside vectors, a name in a third of a small store's rows proposes no keyword candidates")
    func nameBesideVectors() async throws {
        let fixture = try await StoreFixture()
        var notes = (0..<8).map { NewMemory(text: "Daniel: small talk number \($0)") }
        notes += (0..<8).map { NewMemory(text: "Priya: other news \($0)") }
        notes.append(NewMemory(text: "Daniel: I launched the canoe on Hollingworth Lake"))
        try await fixture.engine.importMemories(notes, userID: "alice")
        let result = try await fixture.engine.search(
            "Where did Daniel launch his canoe?", userID: "alice", tier: .balanced, limit: 5)
        let byKeyword = result.hits.filter { result.scores[$0.memory.id]?.retrievers.contains(.keyword) == true }
        #expect(byKeyword.map(\.memory.text) == ["Daniel: I launched the canoe on Hollingworth Lake"])
        // Nothing uncommon left: no keyword candidates at all; the vector search still answers.
        let nameOnly = try await fixture.engine.search("What did Daniel do?", userID: "alice", tier: .balanced)
        #expect(nameOnly.hits.count == 5)
        #expect(nameOnly.hits.allSatisfy { nameOnly.scores[$0.memory.id]?.retrievers == [.vector] })
        // Keywords alone (lightweight) keep the name in a store this small: it is all they have.
        let light = try await MemoryEngine(lightweight: fixture.store).search(
            "Daniel", userID: "alice", tier: .balanced, limit: 5)
        #expect(light.hits.count == 5)
    }
}
