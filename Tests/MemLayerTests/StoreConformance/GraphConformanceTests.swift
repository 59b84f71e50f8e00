import Foundation
import MemLayerStore
import Testing

/// The knowledge graph: canonical entities, edges with their source fact, neighbourhoods.
@Suite("Store conformance: knowledge graph")
struct GraphConformanceTests {
    @Test("entities are canonical, edges are found by entity and by hops, and mentions are recognised",
        arguments: StoreFactory.all)
    func graph(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let write = Conformance.write(
                facts: [
                    ("Dana Smith works at Acme.", Conformance.vector(0)),
                    ("Acme is based in Lisbon.", Conformance.vector(1)),
                ],
                entities: [
                    ExtractedEntity(name: "Dana Smith", type: "person"),
                    ExtractedEntity(name: "dana  smith", type: "person"),
                    ExtractedEntity(name: "Acme", type: "organization"),
                    ExtractedEntity(name: "Lisbon", type: "place"),
                ],
                relationships: [
                    ExtractedRelationship(subject: "Dana Smith", predicate: "works at", object: "Acme"),
                    ExtractedRelationship(subject: "Acme", predicate: "based in", object: "Lisbon"),
                ])
            let summary = try await Conformance.extract(write, userID: "alice", in: store)
            #expect(summary?.entities == 3 && summary?.relationships == 2)
            #expect(try await store.entities(userID: "alice").map(\.canonicalName).sorted() == ["acme", "dana smith", "lisbon"])
            #expect(try await store.graphFacts(userID: "alice", entity: "Lisbon").map(\.description) == ["Acme —based_in→ Lisbon"])
            let oneHop = try await store.graphNeighborhood(of: ["Dana Smith"], userID: "alice", hops: 1, limit: 10)
            #expect(oneHop.map(\.description) == ["Dana Smith —works_at→ Acme"])
            let twoHops = try await store.graphNeighborhood(of: ["Dana Smith"], userID: "alice", hops: 2, limit: 10)
            #expect(Set(twoHops.map(\.description)) == ["Dana Smith —works_at→ Acme", "Acme —based_in→ Lisbon"])
            let mentioned = try await store.entitiesMentioned(in: ["Is Acme still hiring?"], userID: "alice")
            #expect(mentioned == ["acme"])
            #expect(try await store.entitiesMentioned(in: ["Is Acme still hiring?"], userID: "bob").isEmpty)
        }
    }
}
