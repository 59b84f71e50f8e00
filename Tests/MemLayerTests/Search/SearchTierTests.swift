import Foundation
import MemLayer
import Testing

@Suite("Search tiers")
struct SearchTierTests {
    @Test("each tier returns its count, best first; a limit overrides the count")
    func counts() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        for (tier, count) in [(SearchTier.fast, 2), (.balanced, 5), (.deep, 10)] {
            let result = try await fixture.search("cello lessons", tier: tier)
            #expect(result.hits.count == count, "\(tier)")
            #expect(result.hits.first?.memory.text == "I am learning to play the cello", "\(tier)")
            #expect(result.hits.map(\.score) == result.hits.map(\.score).sorted(by: >), "\(tier)")
            #expect(result.tier == tier && result.usedVectors)
        }
        #expect(try await fixture.search("cello", tier: .fast, limit: 7).hits.count == 7)
        #expect(try await fixture.search("cello", tier: .deep, limit: 100).hits.count == SearchFixture.filler.count)
    }

    @Test("fusion: a rare name vector search ranks low is found by balanced, first")
    func fusionHelps() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        // Near the query by shared common words, which the keyword search ignores.
        for place in ["box", "car", "fridge", "oven", "bag", "drawer"] {
            try await fixture.add("what was it they had in the \(place)")
        }
        let target = try await fixture.add("Vortigern closes in May.")
        let query = "what was it they had in the Vortigern file"

        let vectorOnly = try await fixture.search(query, tier: .fast, limit: 5)
        try #require(!vectorOnly.hits.contains { $0.memory.id == target.id }, "the premise: vectors alone miss it")
        let balanced = try await fixture.search(query, tier: .balanced)
        #expect(balanced.hits.first?.memory.id == target.id)
        let parts = try #require(balanced.scores[target.id])
        #expect(parts.keywordRank == 1 && (parts.vectorRank ?? .max) > 5)
    }

    @Test("deep: graph facts two hops from entities named in the query or the hits, and only the user's")
    func deepGraph() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        try await fixture.add("Dana helped me move flats")
        for (s, p, o) in [
            ("Alice", "knows", "Dana"), ("Dana", "works at", "Acme"), ("Acme", "located in", "Berlin"),
            ("Berlin", "in", "Germany"),
        ] {
            try await fixture.relate(s, p, o)
        }
        try await fixture.add("Dana borrowed money from Bob", user: "mallory")
        try await fixture.relate("Dana", "owes money to", "Bob", user: "mallory")
        try await fixture.relate("Acme", "sued", "Initech", user: "mallory")

        // The query names no entity; the hit "Dana helped me move flats" does.
        let viaHit = try await fixture.search("who helped me move", tier: .deep)
        #expect(viaHit.hits.first?.memory.text == "Dana helped me move flats")
        #expect(
            Set(viaHit.graphFacts.map(\.description)) == [
                "Alice —knows→ Dana", "Dana —works_at→ Acme", "Acme —located_in→ Berlin",
            ])
        // The query names Acme (any case): Germany is two hops away, Initech is Mallory's.
        let viaQuery = try await fixture.search("what do I know about ACME?", tier: .deep)
        #expect(
            Set(viaQuery.graphFacts.map(\.description)) == [
                "Dana —works_at→ Acme", "Acme —located_in→ Berlin", "Alice —knows→ Dana",
                "Berlin —in→ Germany",
            ])
        #expect(!viaQuery.text.contains("Initech") && !viaHit.text.contains("Bob"))
        for tier in [SearchTier.fast, .balanced] {
            #expect(try await fixture.search("what do I know about Acme?", tier: tier).graphFacts.isEmpty)
        }
    }

    @Test("every query is scoped to the user, on every tier")
    func userScope() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        let secret = try await fixture.add("Quokka secret plan", user: "bob")
        let lightweight = MemoryEngine(lightweight: fixture.store)
        for tier in SearchTier.allCases {
            for engine in [fixture.engine, lightweight] {
                let result = try await fixture.search("quokka secret plan", tier: tier, engine: engine)
                #expect(!result.hits.contains { $0.memory.id == secret.id || $0.memory.userID != "alice" })
            }
        }
    }

    @Test("hostile keyword input never causes an FTS syntax error")
    func hostileInput() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        try await fixture.add("Notes AND more notes - NEAR the \"quoted\" star*")
        let lightweight = MemoryEngine(lightweight: fixture.store)
        var inputs = [
            "\"", "*", "AND", "-", "NEAR(", "\"\"", "'", "OR OR", "NOT", "a:b", "^", "(((", ")", "{x}", "col:*",
            "NEAR(a b, 3)", "\"unterminated", "text*\"*", "- -notes", "+", "\u{0}", "🙂", "   ", "AND OR NOT",
            "notes NEAR/2 more", String(repeating: "x\" OR ", count: 2000),
        ]
        var generator = SystemRandomNumberGenerator()
        let pieces = ["\"", "*", "-", "(", ")", ":", "^", "+", "AND", "OR", "NOT", "NEAR", "notes", "é", " ", ",", "{"]
        for _ in 0..<200 {
            inputs.append((0..<Int.random(in: 1...8, using: &generator)).map { _ in pieces.randomElement()! }.joined())
        }
        for input in inputs {
            for tier in SearchTier.allCases {
                _ = try await fixture.search(input, tier: tier)
                _ = try await fixture.search(input, tier: tier, engine: lightweight)
            }
        }
        let found = try await fixture.search("\"notes\" AND NEAR(", tier: .balanced, engine: lightweight)
        #expect(found.hits.first?.memory.text.hasPrefix("Notes AND more") == true)
    }

    @Test("archived and expired memories are never returned, even as the best match")
    func archivedAndExpired() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        let archived = try await fixture.add("Quokka sanctuary visit")
        let expired = try await fixture.add("Quokka photo album", expiresAt: fixture.now.addingTimeInterval(-60))
        let later = try await fixture.add("Quokka plush toy", expiresAt: fixture.now.addingTimeInterval(3600))
        try fixture.raw().execute("UPDATE memories SET status = 'archived' WHERE external_id = '\(archived.id)'")
        let lightweight = MemoryEngine(lightweight: fixture.store)
        for tier in SearchTier.allCases {
            for engine in [fixture.engine, lightweight] {
                let result = try await fixture.search("quokka", tier: tier, limit: 30, engine: engine)
                let ids = Set(result.hits.map(\.memory.id))
                #expect(!ids.contains(archived.id) && !ids.contains(expired.id), "\(tier)")
                #expect(result.hits.first?.memory.id == later.id, "\(tier)")
            }
        }
    }

    @Test("returned memories get one more access and the search time; nothing else changes")
    func accessCounts() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        try await fixture.add(SearchFixture.filler.prefix(3).map { $0 }, user: "bob")
        let first = try await fixture.search("green tea", tier: .balanced)
        #expect(
            first.hits.allSatisfy { hit in
                hit.memory.accessCount == 1
                    && abs(hit.memory.lastAccessedAt?.timeIntervalSince(fixture.now) ?? 1) < 0.001
            })
        let returned = Set(first.hits.map(\.memory.id))
        for memory in try await fixture.store.memories(userID: "alice") {
            let expected = returned.contains(memory.id) ? 1 : 0
            #expect(memory.accessCount == expected && (memory.lastAccessedAt != nil) == (expected == 1))
        }
        #expect(try await fixture.store.memories(userID: "bob").allSatisfy { $0.accessCount == 0 })
        let again = try await fixture.search("green tea", tier: .fast)
        let top = try #require(again.hits.first)
        #expect(top.memory.accessCount == 2)
        #expect(try await fixture.store.memory(id: top.memory.id, userID: "alice")?.accessCount == 2)
        let accessEvent = try #require(again.trace.events.first { $0.name == "access" })
        #expect(accessEvent.detail == "2 memories")
    }

    @Test("while another process holds the write lock, search still answers promptly without counting")
    func lockedStore() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        let other = try fixture.raw()
        try other.execute("BEGIN IMMEDIATE")
        let began = ContinuousClock.now
        let result = try await fixture.search("green tea", tier: .balanced)
        // Waiting out the busy timeout would take 5 s; a bound just under it proves search did not
        // wait, and a loaded machine's slowness does not fail it.
        #expect(ContinuousClock.now - began < .milliseconds(4500), "it must not wait out the 5 s busy timeout")
        try other.execute("ROLLBACK")
        #expect(result.hits.count == 5 && result.hits.allSatisfy { $0.memory.accessCount == 0 })
        #expect(result.trace.events.first { $0.name == "access" }?.detail.hasPrefix("not counted") == true)
        let later = try await fixture.search("green tea", tier: .balanced)
        #expect(later.hits.allSatisfy { $0.memory.accessCount == 1 })
    }

    @Test("among equally relevant memories the more important comes first, then the newer")
    func importanceAndRecency() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        // Same length, same one matching word: equal bm25, neighbouring vector places.
        let low = try await fixture.add("Quintus owns a red bike", importance: 0.2)
        let high = try await fixture.add("Quintus owns a tan bike", importance: 0.9)
        let old = try await fixture.add("Octavia owns a big boat", days: 200)
        let new = try await fixture.add("Octavia owns a old boat")
        let lightweight = MemoryEngine(lightweight: fixture.store)
        for engine in [fixture.engine, lightweight] {
            let important = try await fixture.search("Quintus", tier: .balanced, engine: engine).hits.prefix(2)
            #expect(important.map(\.memory.id) == [high.id, low.id], "lightweight: \(engine.isLightweight)")
            let recent = try await fixture.search("Octavia", tier: .balanced, engine: engine).hits.prefix(2)
            #expect(recent.map(\.memory.id) == [new.id, old.id], "lightweight: \(engine.isLightweight)")
        }
        // A memory that clearly matches better is not overtaken by a more important one.
        let ids = try await fixture.search("Quintus red bike", tier: .balanced).hits.map(\.memory.id)
        #expect(ids.first == low.id)
    }

    @Test("every tier traces embed, vector, keyword, rank, access, graph and format, skipped phases included")
    func trace() async throws {
        let fixture = try await SearchFixture()
        try await fixture.add(SearchFixture.filler)
        let phases = ["embed", "vector", "keyword", "rank", "access", "graph", "format"]
        let skipped: [SearchTier: Set<String>] = [.fast: ["keyword", "graph"], .balanced: ["graph"], .deep: []]
        for tier in SearchTier.allCases {
            let trace = try await fixture.search("tea", tier: tier).trace
            #expect(trace.events.map(\.name) == phases, "\(tier)")
            #expect(Set(trace.events.filter { $0.detail.hasPrefix("skipped") }.map(\.name)) == skipped[tier])
            #expect(trace.events.allSatisfy { $0.duration >= .zero && $0.start >= .zero })
            // Keyword search overlaps the embedding, so phases may run at once; each still lies
            // within the search's total.
            #expect(trace.events.allSatisfy { $0.start + $0.duration <= trace.total })
        }
        let light = try await fixture.search("tea", tier: .deep, engine: MemoryEngine(lightweight: fixture.store)).trace
        #expect(light.events.map(\.name) == phases)
        #expect(light.events.filter { $0.detail == "skipped: lightweight mode" }.map(\.name) == ["embed", "vector"])
    }

    @Test("the tool text: one line per memory with date and id, then facts, then an end marker")
    func text() async throws {
        let fixture = try await SearchFixture()
        let memory = try await fixture.add("Dana works at Acme\nsince 2019", days: 0)
        try await fixture.relate("Dana", "works at", "Acme")
        let result = try await fixture.search("Dana", tier: .deep)
        let date = memory.createdAt.formatted(Date.ISO8601FormatStyle().year().month().day())
        #expect(
            result.text == """
                Memories found for "Dana" (most relevant first):
                [1] (\(date), id \(memory.id)) Dana works at Acme / since 2019
                Related facts (knowledge graph):
                - Dana —works_at→ Acme
                --- end of memories ---
                """)
        #expect(
            try await fixture.search("nothing like it", tier: .fast, user: "nobody").text
                == "No memories found for \"nothing like it\".")
    }
}
