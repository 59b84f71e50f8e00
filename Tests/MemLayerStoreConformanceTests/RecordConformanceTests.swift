import Foundation
import MemLayerStore
import Testing

/// Memories themselves, on every store: isolation between users, dedupe, update, history,
/// forgetting with its cascades.
@Suite("Store conformance: memories")
struct RecordConformanceTests {
    @Test("a user never sees, changes or forgets another user's memories", arguments: StoreKind.available)
    func isolation(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let alice = try await store.insert(
                [NewMemory(text: "Alice keeps bees", embedding: vector(0))], userID: "alice", now: Date())[0]
            let bob = try await store.insert(
                [NewMemory(text: "Bob keeps goats", embedding: vector(1))], userID: "bob", now: Date())[0]
            #expect(try await store.memory(id: alice.id, userID: "bob") == nil)
            #expect(try await store.memory(id: alice.id, userID: "alice")?.text == "Alice keeps bees")
            #expect(try await store.memories(userID: "bob").map(\.text) == ["Bob keeps goats"])
            // Bob's search, even aimed straight at Alice's vector, finds only Bob's memory.
            let hits = try await store.search(vector: vector(0), userID: "bob", k: 5, now: Date())
            #expect(hits.map(\.memory.id) == [bob.id])
            let keyword = try await store.keywordCandidates(FullTextQuery("bees"), userID: "bob", limit: 5, now: Date())
            #expect(keyword.isEmpty)
            await #expect(throws: StoreError.self) {
                try await store.forget(id: alice.id, userID: "bob", reason: "test", now: Date())
            }
            await #expect(throws: StoreError.self) {
                try await store.update(
                    id: alice.id, userID: "bob", text: "changed", embedding: nil, importance: nil, now: Date())
            }
            #expect(try await store.memory(id: alice.id, userID: "alice")?.text == "Alice keeps bees")
            #expect(try await store.history(userID: "bob", memoryID: nil, limit: 100).allSatisfy { $0.memoryID == bob.id })
            #expect(try await store.stats(userID: "alice").activeMemories == 1)
            #expect(try await store.stats(userID: nil).users == 2)
            #expect(try await store.usersWithMemories() == ["alice", "bob"])
        }
    }

    @Test("the same text twice is one memory; an id given again replaces it", arguments: StoreKind.available)
    func dedupe(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let first = try await store.insert(
                [NewMemory(text: "Dana lives in Lisbon", importance: 0.4, embedding: vector(0))], userID: "u",
                now: Date())[0]
            let again = try await store.insert(
                [NewMemory(text: "  dana LIVES in   lisbon ", importance: 0.9)], userID: "u", now: Date())[0]
            #expect(again.id == first.id)
            #expect(again.importance == 0.9)
            #expect(try await store.memories(userID: "u").count == 1)
            // Another user's identical text is theirs alone.
            let other = try await store.insert([NewMemory(text: "Dana lives in Lisbon")], userID: "v", now: Date())[0]
            #expect(other.id != first.id)
            let reasons = try await store.history(userID: "u", memoryID: first.id, limit: 10).map(\.reason)
            #expect(reasons.contains("same text remembered again"))

            let replaced = try await store.insert(
                [NewMemory(text: "Dana moved to Porto", id: first.id, embedding: vector(1))], userID: "u", now: Date())
            #expect(replaced[0].id == first.id)
            #expect(try await store.memory(id: first.id, userID: "u")?.text == "Dana moved to Porto")

            let report = try await store.importItems(
                [NewMemory(text: "dana moved to porto"), NewMemory(text: "Tea with milk"),
                 NewMemory(text: "tea WITH milk")], userID: "u", now: Date())
            #expect(report.imported.map(\.text) == ["Tea with milk"])
            #expect(report.duplicates.map(\.index) == [0, 2])
            #expect(report.duplicates[0].existingID == first.id)
            #expect(report.duplicates[1].existingID == report.imported[0].id)
        }
    }

    @Test("bad input is refused and writes nothing", arguments: StoreKind.available)
    func badInput(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            await #expect(throws: StoreError.self) {
                try await store.insert([NewMemory(text: "fine"), NewMemory(text: "   ")], userID: "u", now: Date())
            }
            await #expect(throws: StoreError.self) {
                try await store.insert([NewMemory(text: "wrong length", embedding: [1, 0])], userID: "u", now: Date())
            }
            await #expect(throws: StoreError.self) {
                try await store.insert([NewMemory(text: "x", importance: 2)], userID: "u", now: Date())
            }
            await #expect(throws: StoreError.self) { try await store.insert([NewMemory(text: "x")], userID: "", now: Date()) }
            let written = try await store.memories(userID: "u")
            #expect(written.isEmpty)
        }
    }

    @Test("update changes text and vector in place, with history", arguments: StoreKind.available)
    func updateInPlace(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let memory = try await store.insert(
                [NewMemory(text: "Sam likes tea", embedding: vector(0))], userID: "u", now: Date())[0]
            let changed = try await store.update(
                id: memory.id, userID: "u", text: "Sam likes coffee", embedding: vector(2), importance: 0.8, now: Date())
            #expect(changed.id == memory.id && changed.text == "Sam likes coffee" && changed.importance == 0.8)
            #expect(try await store.search(vector: vector(2), userID: "u", k: 1, now: Date()).first?.memory.id == memory.id)
            let entries = try await store.history(userID: "u", memoryID: memory.id, limit: 10)
            #expect(entries.map(\.action) == [.update, .add])
            #expect(entries[0].text == "Sam likes coffee")
            await #expect(throws: StoreError.self) {
                try await store.update(id: "missing", userID: "u", text: "x", embedding: nil, importance: nil, now: Date())
            }
        }
    }

    @Test("forget takes the vector, the edges only it stated and the words in history", arguments: StoreKind.available)
    func forgetCascades(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let jobs = try await store.enqueue(
                [ConversationTurn(user: "I work at Acme with Lee", assistant: "Nice", at: Date()),
                 ConversationTurn(user: "Lee works at Acme too", assistant: "OK", at: Date())], userID: "u")
            var write = ExtractionWrite(
                facts: [PreparedFact(fact: ExtractedFact(text: "User works at Acme"), vector: vector(0))],
                entities: [ExtractedEntity(name: "User", type: "person"), ExtractedEntity(name: "Acme", type: "organization")],
                relationships: [ExtractedRelationship(subject: "User", predicate: "works at", object: "Acme")],
                source: "chat", duplicates: duplicatesAbove(0.99))
            let first = try #require(
                try await store.commitExtraction(jobID: jobs[0], userID: "u", write, learnedAt: Date(), now: Date()))
            write = ExtractionWrite(
                facts: [PreparedFact(fact: ExtractedFact(text: "Lee works at Acme"), vector: vector(1))],
                entities: [ExtractedEntity(name: "Lee", type: "person"), ExtractedEntity(name: "Acme", type: "organization")],
                relationships: [ExtractedRelationship(subject: "Lee", predicate: "works at", object: "Acme")],
                source: "chat", duplicates: duplicatesAbove(0.99))
            _ = try #require(
                try await store.commitExtraction(jobID: jobs[1], userID: "u", write, learnedAt: Date(), now: Date()))
            let userFact = first.addedFactIDs[0]
            #expect(try await store.graphFacts(userID: "u", entity: nil).count == 2)

            let removed = try await store.forget(id: userFact, userID: "u", reason: "asked", now: Date())
            #expect(removed == [GraphFact(subject: "User", predicate: "works_at", object: "Acme")])
            #expect(try await store.graphFacts(userID: "u", entity: nil) == [
                GraphFact(subject: "Lee", predicate: "works_at", object: "Acme")
            ])
            #expect(try await store.entities(userID: "u").map(\.canonicalName).sorted() == ["acme", "lee"])
            #expect(try await store.memory(id: userFact, userID: "u") == nil)
            let hits = try await store.search(vector: vector(0), userID: "u", k: 5, now: Date())
            #expect(!hits.contains { $0.memory.id == userFact })
            let history = try await store.history(userID: "u", memoryID: nil, limit: 100)
            #expect(!history.contains { $0.text?.contains("User works at Acme") == true })
            #expect(!history.contains { $0.text == "User —works_at→ Acme" })
            #expect(history.first { $0.memoryID == userFact }?.action == .delete)
            await #expect(throws: StoreError.self) {
                try await store.forget(id: userFact, userID: "u", reason: "again", now: Date())
            }
        }
    }

    @Test("forgetting a kept turn drops its queued job; forgetAll empties the user", arguments: StoreKind.available)
    func forgetTurnAndAll(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let kept = try await store.keepAndEnqueue(
                ConversationTurn(user: "My sister is Ana", assistant: "Noted", at: Date()),
                at: TurnPlace(conversation: "c1", position: 1), userID: "u")
            #expect(kept.memory.kind == .turn)
            #expect(try await store.queuedJob(id: kept.jobID)?.turn.keptMemoryID == kept.memory.id)
            try await store.forget(id: kept.memory.id, userID: "u", reason: "asked", now: Date())
            #expect(try await store.queuedJob(id: kept.jobID) == nil)

            try await store.insert(
                [NewMemory(text: "one", embedding: vector(0)), NewMemory(text: "two")], userID: "u", now: Date())
            try await store.insert([NewMemory(text: "other user's")], userID: "w", now: Date())
            try await store.addTask("call Ana", dueAt: nil, userID: "u", now: Date())
            try await store.enqueue(ConversationTurn(user: "hi", assistant: "hello", at: Date()), userID: "u")
            #expect(try await store.forgetAll(userID: "u", reason: "asked", now: Date()) == 2)
            #expect(try await store.memories(userID: "u").isEmpty)
            #expect(try await store.tasks(userID: "u", including: [.pending, .notified, .done]).isEmpty)
            #expect(try await store.queuedJobs(userID: "u", limit: 10).isEmpty)
            #expect(try await store.history(userID: "u", memoryID: nil, limit: 100).allSatisfy { $0.text == nil })
            #expect(try await store.memories(userID: "w").count == 1)
            #expect(try await store.hasVectors(userID: "u") == false)
        }
    }

    @Test("pages, active listings and export pages agree", arguments: StoreKind.available)
    func paging(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let items = (0..<5).map {
                NewMemory(text: "memory \($0)", createdAt: base.addingTimeInterval(Double($0)), embedding: vector($0))
            }
            try await store.insert(items, userID: "u", now: base)
            try await store.insert(
                [NewMemory(text: "expired", createdAt: base, expiresAt: base.addingTimeInterval(-1))], userID: "u",
                now: base)
            // Oldest first, ties by insertion: the expired memory shares memory 0's date.
            #expect(try await store.memories(userID: "u", limit: 2, offset: 1).map(\.text) == ["expired", "memory 1"])
            let active = try await store.activeMemories(userID: "u", limit: 2, offset: 0, now: base)
            #expect(active.total == 5)
            #expect(active.memories.map(\.text) == ["memory 4", "memory 3"])
            var cursor: Int64 = 0
            var exported: [String] = []
            var vectors = 0
            while true {
                let page = try await store.memoryPage(userID: "u", after: cursor, limit: 4)
                exported += page.items.map(\.memory.text)
                vectors += page.items.filter { $0.vector != nil }.count
                guard let next = page.next else { break }
                cursor = next
            }
            #expect(exported.count == 6 && vectors == 5)
            let stats = try await store.stats(userID: "u")
            #expect(stats.activeMemories == 6 && stats.memoriesWithoutVector == 1 && stats.embedder == testEmbedder.id)
        }
    }
}
