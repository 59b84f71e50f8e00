import Foundation
import MemLayer
import Testing

@Suite("Memory store")
struct MemoryStoreTests {
    @Test("search returns the closest memories first, with ids and scores")
    func searchRanks() async throws {
        let fixture = try await StoreFixture()
        let engine = fixture.engine
        try await engine.remember("I work at Acme Corp as an engineer", userID: "alice")
        try await engine.remember("My favourite food is ramen", userID: "alice")
        try await engine.remember("I have a dog called Biscuit", userID: "alice")
        let hits = try await engine.search("what food do I like? ramen", userID: "alice", k: 2)
        #expect(hits.count == 2)
        #expect(hits[0].memory.text == "My favourite food is ramen")
        #expect(hits[0].score >= hits[1].score)
        #expect(!hits[0].memory.id.isEmpty)
    }

    @Test("one user's memories never appear in another's search, stats, export or forget")
    func userIsolation() async throws {
        let fixture = try await StoreFixture()
        let engine = fixture.engine
        let secret = try await engine.remember("Alice's secret: the safe code is 1234", userID: "alice")
        try await engine.remember("Bob likes chess", userID: "bob")
        let bobHits = try await engine.search("safe code secret", userID: "bob", k: 10)
        #expect(bobHits.allSatisfy { $0.memory.userID == "bob" })
        #expect(try await fixture.store.memories(userID: "bob").map(\.text) == ["Bob likes chess"])
        #expect(try await fixture.store.stats(userID: "bob").activeMemories == 1)
        await #expect(throws: StoreError.self) { try await fixture.store.forget(id: secret.id, userID: "bob") }
        #expect(try await fixture.store.memory(id: secret.id, userID: "alice") != nil)
        #expect(try await fixture.store.memory(id: secret.id, userID: "bob") == nil)
    }

    @Test("remembering the same text twice refreshes one memory and logs an update")
    func duplicateText() async throws {
        let fixture = try await StoreFixture()
        let first = try await fixture.engine.remember("I live in Lisbon", userID: "alice", importance: 0.3)
        let second = try await fixture.engine.remember("  i live in   LISBON ", userID: "alice", importance: 0.8)
        #expect(first.id == second.id)
        #expect(second.importance == 0.8)
        #expect(try await fixture.store.memories(userID: "alice").count == 1)
        let raw = try RawSQLite(path: fixture.path)
        #expect(try raw.integer("SELECT count(*) FROM history WHERE action = 'update'") == 1)
        #expect(try raw.integer("SELECT count(*) FROM history WHERE action = 'add'") == 1)
    }

    @Test("forget removes a memory from search and the full-text index, with a history entry")
    func forget() async throws {
        let fixture = try await StoreFixture()
        let memory = try await fixture.engine.remember("The wifi password is hunter2", userID: "alice")
        try await fixture.engine.remember("I like hiking", userID: "alice")
        _ = try await fixture.engine.search("wifi", userID: "alice")  // index loaded: forget must update it
        try await fixture.store.forget(id: memory.id, userID: "alice")
        let hits = try await fixture.engine.search("wifi password", userID: "alice", k: 5)
        #expect(hits.map(\.memory.text) == ["I like hiking"])
        let raw = try RawSQLite(path: fixture.path)
        #expect(try raw.integer("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'hunter2'") == 0)
        #expect(try raw.integer("SELECT count(*) FROM history WHERE action = 'delete'") == 1)
        await #expect(throws: StoreError.self) { try await fixture.store.forget(id: memory.id, userID: "alice") }
    }

    @Test("forget all removes only that user's memories")
    func forgetAll() async throws {
        let fixture = try await StoreFixture()
        for text in ["a cat", "a dog", "a bird"] { try await fixture.engine.remember(text, userID: "alice") }
        try await fixture.engine.remember("a fish", userID: "bob")
        _ = try await fixture.engine.search("animal", userID: "alice")
        #expect(try await fixture.store.forgetAll(userID: "alice") == 3)
        #expect(try await fixture.engine.search("a cat", userID: "alice").isEmpty)
        #expect(try await fixture.engine.search("a fish", userID: "bob").count == 1)
    }

    @Test("expired memories are never returned")
    func expiry() async throws {
        let fixture = try await StoreFixture()
        let past = Date().addingTimeInterval(-60)
        let vectors = try await HashingEmbedder().embed(["parking spot 42", "parking garage downtown"])
        try await fixture.store.insert(
            [
                NewMemory(text: "parking spot 42", expiresAt: past, embedding: vectors[0]),
                NewMemory(text: "parking garage downtown", embedding: vectors[1]),
            ], userID: "alice")
        let hits = try await fixture.engine.search("parking spot 42", userID: "alice", k: 5)
        #expect(hits.map(\.memory.text) == ["parking garage downtown"])
    }

    @Test("a vector of the wrong dimension is a clear error and writes nothing")
    func wrongDimension() async throws {
        let fixture = try await StoreFixture()
        let good = try await HashingEmbedder().embed(["fine"])[0]
        let error = await #expect(throws: StoreError.self) {
            try await fixture.store.insert(
                [NewMemory(text: "fine", embedding: good), NewMemory(text: "short", embedding: [1, 2, 3])],
                userID: "alice")
        }
        #expect(error?.kind == .dimensionMismatch)
        #expect(try await fixture.store.memories(userID: "alice").isEmpty)
        await #expect(throws: StoreError.self) {
            _ = try await fixture.store.search(vector: [1, 0], userID: "alice", k: 1)
        }
    }

    @Test("a batch with one bad memory writes none of them")
    func atomicBatch() async throws {
        let fixture = try await StoreFixture()
        await #expect(throws: StoreError.self) {
            try await fixture.engine.importMemories(
                [NewMemory(text: "good one"), NewMemory(text: "bad importance", importance: 3)], userID: "alice")
        }
        #expect(try await fixture.store.stats(userID: "alice").activeMemories == 0)
    }

    @Test("a memory given an existing id replaces it")
    func replaceByID() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.importMemories([NewMemory(text: "old text about cats", id: "m1")], userID: "alice")
        _ = try await fixture.engine.search("cats", userID: "alice")
        try await fixture.engine.importMemories([NewMemory(text: "new text about dogs", id: "m1")], userID: "alice")
        let all = try await fixture.store.memories(userID: "alice")
        #expect(all.map(\.text) == ["new text about dogs"])
        let hits = try await fixture.engine.search("dogs", userID: "alice", k: 5)
        #expect(hits.map(\.memory.id) == ["m1"])
    }

    @Test("rows with corrupt vectors are skipped and reported, never read past their end")
    func corruptVectors() async throws {
        let fixture = try await StoreFixture()
        let good = try await fixture.engine.remember("the blue car is mine", userID: "alice")
        let short = try await fixture.engine.remember("the red car is hers", userID: "alice")
        let long = try await fixture.engine.remember("the green car is his", userID: "alice")
        await fixture.store.close()
        let raw = try RawSQLite(path: fixture.path)
        try raw.setEmbedding(externalID: short.id, bytes: [1, 2, 3])
        try raw.setEmbedding(externalID: long.id, bytes: [UInt8](repeating: 0x3f, count: 384 * 4 + 4))
        let engine = try await fixture.reopen()
        let hits = try await engine.search("car", userID: "alice", k: 5)
        #expect(hits.map(\.memory.id) == [good.id])
        #expect(Set(try await engine.store.corruptEmbeddingIDs(userID: "alice")) == [short.id, long.id])
    }

    @Test("a search sees what another connection wrote since the index was loaded")
    func refreshAfterExternalWrite() async throws {
        let fixture = try await StoreFixture()
        try await fixture.engine.remember("I play the violin", userID: "alice")
        #expect(try await fixture.engine.search("violin", userID: "alice").count == 1)
        let other = try await fixture.reopen()
        let added = try await other.remember("I play the cello too", userID: "alice")
        let hits = try await fixture.engine.search("cello", userID: "alice", k: 5)
        #expect(hits.first?.memory.id == added.id)
        try await other.store.forget(id: added.id, userID: "alice")
        #expect(try await fixture.engine.search("cello", userID: "alice", k: 5).map(\.memory.id) != [added.id])
        #expect(try await fixture.engine.search("cello", userID: "alice", k: 5).count == 1)
    }

    @Test("concurrent writers on one file lose nothing")
    func concurrentWriters() async throws {
        let fixture = try await StoreFixture()
        let engines = [fixture.engine, try await fixture.reopen(), try await fixture.reopen()]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (writer, engine) in engines.enumerated() {
                group.addTask {
                    for item in 0..<40 { try await engine.remember("writer \(writer) note \(item)", userID: "alice") }
                }
            }
            try await group.waitForAll()
        }
        #expect(try await fixture.store.stats(userID: "alice").activeMemories == 120)
        #expect(
            try await fixture.engine.search("writer 2 note 39", userID: "alice", k: 1).first?.memory.text
                == "writer 2 note 39")
    }
}
