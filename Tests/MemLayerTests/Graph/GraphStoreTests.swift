import Foundation
import MemLayer
import Testing

@Suite("Knowledge graph store")
struct GraphStoreTests {
    @Test("entities match by case and white space, keep new spellings as aliases, and never merge different names")
    func canonicalisation() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        try await store.addRelationship(
            subject: ("Dana Smith", "person"), predicate: "works at", object: ("Acme Corp", "organization"),
            userID: "alice")
        try await store.addRelationship(
            subject: ("dana   SMITH", "person"), predicate: "lives in", object: ("Porto", "place"), userID: "alice")
        try await store.addRelationship(
            subject: ("Dana", "person"), predicate: "plays", object: ("chess", "thing"), userID: "alice")
        let entities = try await store.entities(userID: "alice")
        #expect(entities.map(\.canonicalName) == ["acme corp", "chess", "dana", "dana smith", "porto"])
        #expect(entities.first { $0.canonicalName == "dana smith" }?.aliases == ["dana SMITH"])
        let facts = try await store.graphFacts(userID: "alice", entity: "DANA SMITH")
        #expect(facts.map(\.description) == ["Dana Smith —lives_in→ Porto", "Dana Smith —works_at→ Acme Corp"])
    }

    @Test("two predicates between the same entities are two edges; the same triple twice is one")
    func edges() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        for predicate in ["works at", "works at", "founded"] {
            try await store.addRelationship(
                subject: ("Dana", "person"), predicate: predicate, object: ("Acme", "organization"), userID: "alice")
        }
        #expect(try await store.graphFacts(userID: "alice").count == 2)
    }

    @Test("the neighbourhood walks two hops and stays within the user")
    func neighbourhood() async throws {
        let fixture = try await StoreFixture()
        let store = fixture.store
        let chain = [
            ("Alice", "knows", "Dana"), ("Dana", "works at", "Acme"), ("Acme", "located in", "Berlin"),
            ("Berlin", "in", "Germany"),
        ]
        for (s, p, o) in chain {
            try await store.addRelationship(subject: (s, "thing"), predicate: p, object: (o, "thing"), userID: "alice")
        }
        try await store.addRelationship(
            subject: ("Dana", "person"), predicate: "owes money to", object: ("Bob", "person"), userID: "mallory")
        let near = try await store.graphNeighborhood(of: ["dana"], userID: "alice", hops: 2)
        #expect(
            Set(near.map(\.description)) == [
                "Alice —knows→ Dana", "Dana —works_at→ Acme", "Acme —located_in→ Berlin",
            ])
        #expect(try await store.graphNeighborhood(of: ["Bob"], userID: "alice").isEmpty)
    }

    @Test("an edge's source memory must belong to the user")
    func sourceIsolation() async throws {
        let fixture = try await StoreFixture()
        let memory = try await fixture.engine.remember("Bob's note", userID: "bob")
        await #expect(throws: StoreError.self) {
            try await fixture.store.addRelationship(
                subject: ("A", "thing"), predicate: "p", object: ("B", "thing"), sourceMemoryID: memory.id,
                userID: "alice")
        }
    }
}
