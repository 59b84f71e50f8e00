import Foundation
import MemLayer
import Testing

@Suite("Graph cascade on forget and curation")
struct CascadeTests {
    typealias F = CurationFixture

    @Test("an edge stays while another live source remains and goes with its last one, logged in history")
    func lastSource() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Dana works at Acme and lives in Porto", id: "m1")
        try await fixture.add("Dana has been at Acme since 2019", id: "m2", expiresAt: F.day(30))
        try await fixture.link("Dana", "works at", "Acme", sources: ["m1", "m2"])
        try await fixture.link("Dana", "lives in", "Porto", sources: ["m1"])
        try await fixture.link("Dana", "knows", "Alice", sources: [])  // stated by no memory

        let removed = try await fixture.store.forget(id: "m1", userID: "alice", now: F.day(1))
        #expect(removed.map(\.description) == ["Dana —lives_in→ Porto"])
        #expect(try await fixture.facts() == ["Dana —works_at→ Acme", "Dana —knows→ Alice"])
        #expect(try await fixture.entityNames() == ["Acme", "Alice", "Dana"])  // Porto went with its last edge
        let log = try fixture.history().suffix(3)
        #expect(log.map(\.action) == ["delete", "delete", "delete"])
        #expect(log.map(\.memoryID) == ["m1", nil, nil])
        #expect(log.map(\.text) == [nil, nil, nil])  // forgetting keeps that it happened, not what was said
        #expect(log.dropFirst().allSatisfy { $0.reason.contains("memory m1 was forgotten") }, "\(log)")

        let report = try await Curator(store: fixture.store).curate(userID: "alice", now: F.day(31))
        #expect(report.deleted == ["m2"])
        #expect(report.removedRelationships.map(\.description) == ["Dana —works_at→ Acme"])
        #expect(report.removedEntities == ["Acme"])
        #expect(try await fixture.facts() == ["Dana —knows→ Alice"])
        #expect(try fixture.history().last?.reason.contains("memory m2 expired") == true)
    }

    @Test("archiving a memory removes the edges it alone stated; an edge with a live source stays")
    func archive() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("I went to Rome once", id: "rome", importance: 0.1)
        try await fixture.add("I love Rome", id: "love", importance: 0.9)
        try await fixture.add("I met Marco in Rome", id: "marco", importance: 0.1)
        try await fixture.link("I", "visited", "Rome", sources: ["rome", "love"])
        try await fixture.link("I", "met", "Marco", sources: ["marco"])
        let report = try await Curator(store: fixture.store).curate(userID: "alice", now: F.day(200))
        #expect(report.archived == ["rome", "marco"])
        #expect(report.removedRelationships.map(\.description) == ["I —met→ Marco"])
        #expect(try await fixture.facts() == ["I —visited→ Rome"])
        let edgeEntry = try #require(try fixture.history().last { $0.text == "I —met→ Marco" })
        #expect(edgeEntry.action == "delete" && edgeEntry.reason.contains("memory marco was archived"))
    }

    @Test("forgetAll takes the user's sourced edges and nobody else's")
    func forgetAll() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Alice plays chess", id: "a1")
        try await fixture.add("Bob plays chess", id: "b1", user: "bob")
        try await fixture.link("Alice", "plays", "chess", sources: ["a1"])
        try await fixture.link("Alice", "owns", "a cat", sources: [])
        try await fixture.link("Bob", "plays", "chess", sources: ["b1"], user: "bob")
        #expect(try await fixture.store.forgetAll(userID: "alice") == 1)
        #expect(try await fixture.facts() == ["Alice —owns→ a cat"])
        #expect(try await fixture.facts("bob") == ["Bob —plays→ chess"])
        #expect(try await fixture.entityNames("bob") == ["Bob", "chess"])
        #expect(try fixture.history().allSatisfy { $0.text == nil })
        #expect(try fixture.history("bob").allSatisfy { $0.action == "add" })
    }

    @Test("forgetting another user's memory is refused and cascades nothing")
    func isolation() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Bob's secret plan", id: "b1", user: "bob")
        try await fixture.link("Bob", "plans", "heist", sources: ["b1"], user: "bob")
        await #expect(throws: StoreError.self) { try await fixture.store.forget(id: "b1", userID: "alice") }
        #expect(try await fixture.facts("bob") == ["Bob —plans→ heist"])
    }

    @Test("an edge written before sources were tracked (only relationships.memory_id) cascades too")
    func legacyEdge() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Dana lives in Porto", id: "m1")
        try await fixture.link("Dana", "lives in", "Porto", sources: ["m1"])
        try RawSQLite(path: fixture.base.path).execute("DELETE FROM relationship_sources")
        #expect(try await fixture.store.forget(id: "m1", userID: "alice").count == 1)
        #expect(try await fixture.facts().isEmpty)
    }
}
