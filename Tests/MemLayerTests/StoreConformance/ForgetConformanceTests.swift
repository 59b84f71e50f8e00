import Foundation
import MemLayerStore
import Testing

/// Forgetting takes a memory out with what only it stated; history keeps that it happened.
@Suite("Store conformance: forgetting cascades")
struct ForgetConformanceTests {
    @Test("an edge goes with its last source fact, the history loses the text, other users keep theirs",
        arguments: StoreFactory.all)
    func cascade(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let edge = ExtractedRelationship(subject: "User", predicate: "works at", object: "Acme")
            let entities = [ExtractedEntity(name: "User", type: "person"), ExtractedEntity(name: "Acme", type: "organization")]
            let first = try await Conformance.extract(
                Conformance.write(
                    facts: [("User works at Acme.", Conformance.vector(0))], entities: entities, relationships: [edge]),
                userID: "alice", in: store)
            let second = try await Conformance.extract(
                Conformance.write(
                    facts: [("User has an Acme badge.", Conformance.vector(1))], entities: entities,
                    relationships: [edge]),
                userID: "alice", in: store)
            let (a, b) = (try #require(first?.addedFactIDs.first), try #require(second?.addedFactIDs.first))

            // The edge has a second live source: it stays.
            #expect(try await store.forget(id: a, userID: "alice", reason: "test", now: Conformance.now).isEmpty)
            #expect(try await store.graphFacts(userID: "alice", entity: nil).count == 1)
            // Its last source goes: the edge goes with it.
            let removed = try await store.forget(id: b, userID: "alice", reason: "test", now: Conformance.now)
            #expect(removed.map(\.description) == ["User —works_at→ Acme"])
            #expect(try await store.graphFacts(userID: "alice", entity: nil).isEmpty)
            let history = try await store.history(userID: "alice", memoryID: a, limit: 10)
            #expect(history.map(\.action).contains(.delete))
            #expect(history.allSatisfy { $0.text == nil })
        }
    }

    @Test("forgetAll removes the user's memories, edges, tasks and queued jobs, and nobody else's",
        arguments: StoreFactory.all)
    func forgetAll(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            for user in ["alice", "bob"] {
                _ = try await Conformance.extract(
                    Conformance.write(
                        facts: [("User works at Acme.", Conformance.vector(0))],
                        entities: [ExtractedEntity(name: "User", type: "person"), ExtractedEntity(name: "Acme", type: "organization")],
                        relationships: [ExtractedRelationship(subject: "User", predicate: "works at", object: "Acme")]),
                    userID: user, in: store)
                _ = try await store.addTask("Call Dana", dueAt: nil, userID: user, now: Conformance.now)
                _ = try await store.enqueue(Conformance.turn("pending"), userID: user)
            }
            #expect(try await store.forgetAll(userID: "alice", reason: "test", now: Conformance.now) == 1)
            #expect(try await store.memories(userID: "alice").isEmpty)
            #expect(try await store.graphFacts(userID: "alice", entity: nil).isEmpty)
            #expect(try await store.tasks(userID: "alice", including: [.pending, .notified, .done]).isEmpty)
            #expect(try await store.queuedJobs(userID: "alice", limit: 10).isEmpty)
            #expect(try await store.memories(userID: "bob").count == 1)
            #expect(try await store.graphFacts(userID: "bob", entity: nil).count == 1)
            #expect(try await store.tasks(userID: "bob", including: [.pending]).count == 1)
            #expect(try await store.queuedJobs(userID: "bob", limit: 10).count == 1)
        }
    }
}
