import Foundation
import MemLayer
import Testing

@Suite("Curation pass")
struct CurationTests {
    typealias F = CurationFixture

    @Test("expired memories are deleted, with their full-text row and a history entry, and leave search")
    func expiry() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("The parking spot this week is B12", id: "parking", expiresAt: F.day(10))
        try await fixture.add("The conference badge code is 7781", id: "badge", expiresAt: F.day(100))
        try await fixture.add("I live in Lisbon", id: "home")
        _ = try await fixture.engine.search("parking spot", userID: "alice")  // index loaded: curation must update it

        let report = try await Curator(store: fixture.store).curate(userID: "alice", now: F.day(20))
        #expect(report.deleted == ["parking"])
        #expect(report.archived.isEmpty)
        #expect(try await fixture.store.memory(id: "parking", userID: "alice") == nil)
        #expect(try await fixture.store.memory(id: "badge", userID: "alice") != nil)
        #expect(try fixture.count("SELECT count(*) FROM memories_fts WHERE memories_fts MATCH 'B12'") == 0)
        let hits = try await fixture.engine.search("The parking spot this week is B12", userID: "alice", k: 5)
        #expect(!hits.map(\.memory.id).contains("parking"))
        let entry = try #require(try fixture.history().last)
        #expect(entry.action == "delete" && entry.memoryID == "parking")
        #expect(entry.text == "The parking spot this week is B12")
        #expect(entry.reason.hasPrefix("curation: expired at 2026-01-11T00:00:00"), "\(entry.reason)")
    }

    @Test("decay archives the stale and keeps the important, the recently used and the new")
    func decay() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("I had pasta for lunch", id: "stale", importance: 0.3)
        try await fixture.add("It rained this morning", id: "trivial", importance: 0.01)
        try await fixture.add("I am allergic to penicillin", id: "important", importance: 0.9)
        try await fixture.add("I am learning the cello", id: "used", importance: 0.3)
        try await fixture.add("Nice weather today", id: "new", importance: 0.01, writtenAt: F.day(397))
        try fixture.setUse("used", count: 3, lastUse: F.day(390))

        let report = try await Curator(store: fixture.store).curate(userID: "alice", now: F.day(400))
        #expect(report.archived == ["stale", "trivial"])
        #expect(report.deleted.isEmpty)
        let statuses = Dictionary(
            uniqueKeysWithValues: try await fixture.store.memories(userID: "alice").map { ($0.id, $0.status) })
        #expect(
            statuses == [
                "stale": .archived, "trivial": .archived, "important": .active, "used": .active, "new": .active,
            ])
        let archives = try fixture.history().filter { $0.action == "archive" }
        #expect(archives.map(\.memoryID) == ["stale", "trivial"])
        #expect(archives.allSatisfy { $0.reason.hasPrefix("curation: decayed: score") }, "\(archives)")

        // What the user marked important outlives a decade of neglect, but not forever.
        let curator = Curator(store: fixture.store)
        #expect(try await curator.curate(userID: "alice", now: F.day(10 * 365)).archived == ["used", "new"])
        #expect(try await curator.curate(userID: "alice", now: F.day(15 * 365)).archived == ["important"])
    }

    @Test("archived memories never come back from search, at any tier, and a second pass leaves them be")
    func archivedStayOutOfSearch() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("My old bike was a green Raleigh", id: "bike", importance: 0.2)
        try await fixture.add("My new bike is a red Peugeot", id: "new-bike", importance: 0.9, writtenAt: F.day(200))
        _ = try await fixture.engine.search("bike", userID: "alice")
        let curator = Curator(store: fixture.store)
        #expect(try await curator.curate(userID: "alice", now: F.day(210)).archived == ["bike"])

        let query = "My old bike was a green Raleigh"
        #expect(!(try await fixture.engine.search(query, userID: "alice", k: 10)).map(\.memory.id).contains("bike"))
        for tier in SearchTier.allCases {
            let result = try await fixture.engine.search(query, userID: "alice", tier: tier)
            #expect(!result.hits.map(\.memory.id).contains("bike"), "tier \(tier)")
        }
        let reopened = try await fixture.base.reopen()  // a fresh index loaded from the file
        #expect(!(try await reopened.search(query, userID: "alice", k: 10)).map(\.memory.id).contains("bike"))
        #expect(try await curator.curate(userID: "alice", now: F.day(220)).isEmpty)
        #expect(try fixture.history().filter { $0.action == "archive" }.count == 1)
    }

    @Test("a dry run reports exactly what a pass would do and changes nothing")
    func dryRun() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Gate 14 for the flight", id: "gate", expiresAt: F.day(2))
        try await fixture.add("I watched a film", id: "film", importance: 0.1)
        try await fixture.add("My daughter is called Ines", id: "ines", importance: 0.9)
        try await fixture.link("Ines", "watched", "film", sources: ["film"])
        let historyBefore = try fixture.history()

        let curator = Curator(store: fixture.store)
        let dry = try await curator.curate(userID: "alice", now: F.day(100), dryRun: true)
        #expect(dry.dryRun)
        #expect(dry.deleted == ["gate"] && dry.archived == ["film"])
        #expect(dry.removedRelationships.map(\.description) == ["Ines —watched→ film"])
        #expect(try fixture.history() == historyBefore)
        #expect(try await fixture.store.memories(userID: "alice").allSatisfy { $0.status == .active })
        #expect(try await fixture.facts() == ["Ines —watched→ film"])

        var real = try await curator.curate(userID: "alice", now: F.day(100))
        #expect(!real.dryRun)
        real.dryRun = true
        #expect(real == dry)
    }

    @Test("small batches do what one large batch does", arguments: [1, 2, 3, 500])
    func batches(size: Int) async throws {
        let fixture = try await CurationFixture()
        for index in 0..<7 {
            let expires = index.isMultiple(of: 3) ? F.day(5) : nil
            let importance = index.isMultiple(of: 2) ? 0.05 : 0.95
            try await fixture.add("Note number \(index)", id: "n\(index)", importance: importance, expiresAt: expires)
        }
        var curator = Curator(store: fixture.store)
        curator.batchSize = size
        let report = try await curator.curate(userID: "alice", now: F.day(100))
        #expect(report.deleted == ["n0", "n3", "n6"])
        #expect(report.archived == ["n2", "n4"])
        #expect(try await fixture.store.memories(userID: "alice").map(\.id).sorted() == ["n1", "n2", "n4", "n5"])
    }

    @Test("a pass touches only its user; allUsers covers everyone")
    func userIsolation() async throws {
        let fixture = try await CurationFixture()
        try await fixture.add("Alice's stale note", id: "a-stale", importance: 0.1)
        try await fixture.add("Bob's stale note", id: "b-stale", user: "bob", importance: 0.1)
        try await fixture.add("Bob's expired note", id: "b-expired", user: "bob", expiresAt: F.day(1))
        try await fixture.link("Bob", "wrote", "note", sources: ["b-stale"], user: "bob")

        let curator = Curator(store: fixture.store)
        let alice = try await curator.curate(userID: "alice", now: F.day(300))
        #expect(alice.archived == ["a-stale"] && alice.deleted.isEmpty && alice.removedRelationships.isEmpty)
        #expect(try await fixture.store.memories(userID: "bob").allSatisfy { $0.status == .active })
        #expect(try await fixture.facts("bob") == ["Bob —wrote→ note"])
        #expect(try fixture.history("bob").allSatisfy { $0.action == "add" })

        let everyone = try await curator.curate(.allUsers, now: F.day(300))
        #expect(everyone.map(\.userID) == ["alice", "bob"])
        #expect(everyone[1].deleted == ["b-expired"] && everyone[1].archived == ["b-stale"])
        #expect(try await fixture.facts("bob").isEmpty)
    }
}
