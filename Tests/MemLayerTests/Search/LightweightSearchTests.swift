import Foundation
import MemLayer
import Testing

@Suite("Lightweight search (no embeddings)")
struct LightweightSearchTests {
    @Test("an engine without an embedder stores no vectors and finds memories on every tier")
    func noEmbedder() async throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteMemoryStore(location: .file(directory.path("light.sqlite")))
        let engine = MemoryEngine(lightweight: store)
        #expect(engine.isLightweight)
        for text in ["Dana works at Acme Corp", "I am allergic to peanuts", "My locker code is 4817", "I like tea"] {
            try await engine.remember(text, userID: "alice")
        }
        try await store.addRelationship(
            subject: ("Dana", "person"), predicate: "works at", object: ("Acme Corp", "organization"), userID: "alice")
        let stats = try await store.stats(userID: "alice")
        #expect(stats.memoriesWithoutVector == 4 && stats.embedder == nil)
        for tier in SearchTier.allCases {
            let result = try await engine.search("where does Dana work?", userID: "alice", tier: tier)
            #expect(!result.usedVectors)
            #expect(result.hits.first?.memory.text == "Dana works at Acme Corp", "\(tier)")
            #expect(
                try await engine.search("4817", userID: "alice", tier: tier).hits.first?.memory.text
                    == "My locker code is 4817")
        }
        let deep = try await engine.search("where does Dana work?", userID: "alice", tier: .deep)
        #expect(deep.graphFacts.map(\.description) == ["Dana —works_at→ Acme Corp"])
        #expect(try await engine.search("tea", userID: "alice", k: 3).map(\.memory.text) == ["I like tea"])
    }

    @Test("a store filled without vectors can later be opened with an embedder, and still searched")
    func laterEmbedder() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("light.sqlite")
        let light = MemoryEngine(lightweight: try SQLiteMemoryStore(location: .file(path)))
        try await light.remember("Quokka photos from Rottnest", userID: "alice")
        await light.store.close()
        let engine = try await MemoryEngine(store: SQLiteMemoryStore(location: .file(path)), embedder: HashingEmbedder())
        // No vectors for this user yet: searched as in lightweight mode.
        let before = try await engine.search("quokka", userID: "alice", tier: .fast)
        #expect(!before.usedVectors && before.hits.count == 1)
        #expect(before.trace.events.first?.detail == "skipped: no embeddings for this user")
        // Once some memories have vectors, search is hybrid and still finds the older ones by keyword.
        try await engine.remember("Kangaroo photos from the outback", userID: "alice")
        let after = try await engine.search("quokka photos", userID: "alice", tier: .balanced)
        #expect(after.usedVectors && after.hits.map(\.memory.text).contains("Quokka photos from Rottnest"))
    }

    @Test("a lightweight engine searches a store that holds vectors without rebinding it")
    func onVectorStore() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        let light = MemoryEngine(lightweight: fixture.store)
        let result = try await light.search("cello", userID: "alice", tier: .balanced)
        #expect(result.hits.first?.memory.text == "I am learning to play the cello" && !result.usedVectors)
        #expect(await fixture.store.embedderID == HashingEmbedder().id)
    }
}
