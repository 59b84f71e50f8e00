import Foundation
import MemLayerStore
import Testing

/// Every call that takes a user reads and writes only that user's rows, on every store.
@Suite("Store conformance: user isolation")
struct IsolationConformanceTests {
    @Test("another user's memories are missing to reads, search, keyword search, updates and forgetting",
        arguments: StoreFactory.all)
    func memories(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let now = Conformance.now
            let alice = try await store.insert(
                [NewMemory(text: "Alice keeps bees in Lisbon", embedding: Conformance.vector(0))], userID: "alice",
                now: now)[0]
            _ = try await store.insert(
                [NewMemory(text: "Bob plays the cello", embedding: Conformance.vector(1))], userID: "bob", now: now)

            #expect(try await store.memory(id: alice.id, userID: "bob") == nil)
            #expect(try await store.memories(userID: "bob").map(\.text) == ["Bob plays the cello"])
            let hits = try await store.search(vector: Conformance.vector(0), userID: "bob", k: 5, now: now)
            #expect(hits.map(\.memory.text) == ["Bob plays the cello"])
            let keyword = try await store.keywordCandidates(FullTextQuery("bees"), userID: "bob", limit: 5, now: now)
            #expect(keyword.isEmpty)
            #expect(try await store.keywordCandidates(FullTextQuery("bees"), userID: "alice", limit: 5, now: now).count == 1)
            await #expect(throws: StoreError.self) {
                _ = try await store.update(
                    id: alice.id, userID: "bob", text: "changed", embedding: nil, importance: nil, now: now)
            }
            let error = await #expect(throws: StoreError.self) {
                _ = try await store.forget(id: alice.id, userID: "bob", reason: "test", now: now)
            }
            #expect(error?.kind == .notFound)
            #expect(try await store.memory(id: alice.id, userID: "alice")?.text == "Alice keeps bees in Lisbon")
            #expect(try await store.history(userID: "bob", memoryID: alice.id, limit: 10).isEmpty)
        }
    }

    @Test("facts, entities, edges, tasks and duplicate checks of one user never reach another",
        arguments: StoreFactory.all)
    func extraction(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let write = Conformance.write(
                facts: [("User works at Acme.", Conformance.vector(0))],
                entities: [ExtractedEntity(name: "User", type: "person"), ExtractedEntity(name: "Acme", type: "organization")],
                relationships: [ExtractedRelationship(subject: "User", predicate: "works at", object: "Acme")],
                tasks: [ExtractedTask(description: "Email Acme HR", dueAt: Conformance.now.addingTimeInterval(3600))])
            let first = try await Conformance.extract(write, userID: "alice", in: store)
            let second = try await Conformance.extract(write, userID: "bob", in: store)
            // The same fact, vector and task for bob are his own: added, never merged with alice's.
            #expect(first?.addedFactIDs.count == 1 && second?.addedFactIDs.count == 1)
            #expect(second?.tasksAdded == 1 && second?.tasksAlreadyScheduled == 0)
            for user in ["alice", "bob"] {
                #expect(try await store.memories(userID: user).count == 1)
                #expect(try await store.graphFacts(userID: user, entity: nil).count == 1)
                #expect(try await store.tasks(userID: user, including: [.pending]).count == 1)
            }
            try await store.forgetAll(userID: "alice", reason: "test", now: Conformance.now)
            #expect(try await store.memories(userID: "bob").count == 1)
            #expect(try await store.graphFacts(userID: "bob", entity: nil).count == 1)
            #expect(try await store.tasks(userID: "bob", including: [.pending]).count == 1)
            let bobTask = try await store.tasks(userID: "bob", including: [.pending])[0]
            await #expect(throws: StoreError.self) {
                _ = try await store.completeTask(id: bobTask.id, userID: "alice", now: Conformance.now)
            }
        }
    }
}
