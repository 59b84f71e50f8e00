import Foundation
import MemLayerStore
import Testing

/// Search, the re-index lease and switch, curation and the embedder binding, on every store.
@Suite("Store conformance: search, reindex, curation")
struct SearchReindexConformanceTests {
    @Test("vector search ranks by cosine over live memories only", arguments: StoreKind.available)
    func vectorSearch(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let stored = try await store.insert(
                [
                    NewMemory(text: "exact", embedding: vector(0)),
                    NewMemory(text: "close", embedding: vector(0, tilt: 0.5)),
                    NewMemory(text: "far", embedding: vector(2)),
                    NewMemory(text: "expired", expiresAt: now.addingTimeInterval(-5), embedding: vector(0)),
                    NewMemory(text: "no vector"),
                ], userID: "u", now: now)
            let hits = try await store.search(vector: vector(0), userID: "u", k: 2, now: now)
            #expect(hits.map(\.memory.text) == ["exact", "close"])
            #expect(abs((hits[0].similarity ?? 0) - 1) < 1e-5)
            #expect(abs((hits[1].similarity ?? 0) - 1 / Float(1.25).squareRoot()) < 1e-4)
            let candidates = try await store.vectorCandidates(vector(0), userID: "u", limit: 10, now: now)
            #expect(candidates.count == 3)
            let scores = try await store.similarities(of: candidates.map(\.rowID), to: vector(2), userID: "u")
            #expect(abs((scores[candidates[2].rowID] ?? 0) - 1) < 1e-5)
            let accessed = try await store.accessMemories(rowIDs: [candidates[0].rowID], userID: "u", now: now)
            #expect(accessed.memories[candidates[0].rowID]?.text == "exact")
            #expect(try await store.memory(id: stored[0].id, userID: "u")?.accessCount == 1)
            #expect(try await store.accessMemories(rowIDs: [candidates[0].rowID], userID: "v", now: now).memories.isEmpty)
            #expect(try await store.hasVectors(userID: "u"))
            #expect(try await store.hasVectors(userID: "v") == false)
            await #expect(throws: StoreError.self) { try await store.search(vector: [1, 0], userID: "u", k: 1, now: now) }
        }
    }

    @Test("live memories are found behind a hundred expired ones nearer the query", arguments: StoreKind.available)
    func liveBehindExpired(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let expired = (0..<100).map {
                NewMemory(text: "expired \($0)", expiresAt: now.addingTimeInterval(-5), embedding: vector(0))
            }
            let live = [0.4, 0.8, 1.6].map { NewMemory(text: "live \($0)", embedding: vector(0, tilt: Float($0))) }
            try await store.insert(expired + live + [NewMemory(text: "far", embedding: vector(2))], userID: "u", now: now)
            let hits = try await store.search(vector: vector(0), userID: "u", k: 3, now: now)
            #expect(hits.map(\.memory.text) == ["live 0.4", "live 0.8", "live 1.6"])
        }
    }

    @Test("keyword search stems English and ignores other users", arguments: StoreKind.available)
    func keywordSearch(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            try await store.insert(
                [NewMemory(text: "Priya runs every morning"), NewMemory(text: "Priya is a vegetarian"),
                 NewMemory(text: "The cat sleeps")], userID: "u", now: Date())
            try await store.insert([NewMemory(text: "Omar runs marathons")], userID: "v", now: Date())
            let running = try await store.keywordCandidates(FullTextQuery("running"), userID: "u", limit: 5, now: Date())
            let vegetarians = try await store.keywordCandidates(
                FullTextQuery("vegetarians?"), userID: "u", limit: 5, now: Date())
            let byRow = try await store.accessMemories(
                rowIDs: (running + vegetarians).map(\.rowID), userID: "u", now: Date()).memories
            #expect(running.compactMap { byRow[$0.rowID]?.text } == ["Priya runs every morning"])
            #expect(vegetarians.compactMap { byRow[$0.rowID]?.text } == ["Priya is a vegetarian"])
            #expect(try await store.keywordCandidates(FullTextQuery("the"), userID: "u", limit: 5, now: Date()).count <= 1)
            #expect(try await store.keywordCandidates(FullTextQuery("!!"), userID: "u", limit: 5, now: Date()).isEmpty)
        }
    }

    @Test(
        "beside vectors, a term in over a third of the rows is left out, and a query of only such terms finds nothing",
        arguments: StoreKind.available)
    func commonTermsBesideVectors(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let texts = ["Dana likes tea", "Dana moved flats", "Dana reads", "Dana cooks", "My boat is Kestrel", "I paint"]
            try await store.insert(texts.map { NewMemory(text: $0) }, userID: "u", now: Date())
            let both = try await store.keywordCandidates(
                FullTextQuery("dana kestrel"), userID: "u", limit: 10, now: Date(), alongsideVectors: true)
            let byRow = try await store.accessMemories(rowIDs: both.map(\.rowID), userID: "u", now: Date()).memories
            #expect(both.compactMap { byRow[$0.rowID]?.text } == ["My boat is Kestrel"])
            #expect(
                try await store.keywordCandidates(
                    FullTextQuery("dana"), userID: "u", limit: 10, now: Date(), alongsideVectors: true
                ).isEmpty)
            // Keywords alone keep a lone term, however common: they are the only list.
            #expect(try await store.keywordCandidates(FullTextQuery("dana"), userID: "u", limit: 10, now: Date()).count == 4)
        }
    }

    @Test("one re-index holds the lease; it lapses and can be taken over", arguments: StoreKind.available)
    func reindexLease(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, fixture in
            let other = try await fixture.openAnother()
            try await store.claimReindexLease(owner: "a", target: "next/8", duration: 60, now: Date())
            await #expect(throws: StoreError.self) {
                try await other.claimReindexLease(owner: "b", target: "next/8", duration: 60, now: Date())
            }
            try await store.claimReindexLease(owner: "a", target: "next/8", duration: 60, now: Date())  // renews
            try await other.releaseReindexLease(owner: "b")  // not b's: nothing happens
            #expect(try await other.reindexLease()?.owner == "a")
            try await store.releaseReindexLease(owner: "a")
            #expect(try await other.reindexLease() == nil)
            // A claim whose holder stops renewing it lapses.
            try await store.claimReindexLease(owner: "a", target: "next/8", duration: 0.3, now: Date())
            try await Task.sleep(for: .milliseconds(700))
            try await other.claimReindexLease(owner: "b", target: "next/8", duration: 60, now: Date())
            #expect(try await store.reindexLease()?.owner == "b")
            await other.close()
        }
    }

    @Test("a re-index stages vectors unseen and switches the embedder at once", arguments: StoreKind.available)
    func reindexSwitch(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            try await store.insert(
                [NewMemory(text: "one", embedding: vector(0)), NewMemory(text: "two", embedding: vector(1))], userID: "u",
                now: Date())
            await #expect(throws: StoreError.self) { try await store.useEmbedder(id: "other/4", dimension: 4) }
            let waiting = try await store.memoriesAwaitingReindex(target: "next/2", limit: 10)
            #expect(waiting.map(\.text) == ["one", "two"])
            try await store.stageReindexVectors(
                target: "next/2", dimension: 2, [(waiting[0].rowID, "one", [1, 0])])
            let progress = try await store.reindexProgress(target: "next/2")
            #expect(progress.done == 1 && progress.total == 2)
            #expect(try await store.completeReindex(target: "next/2", dimension: 2) == false)
            #expect(try await store.search(vector: vector(1), userID: "u", k: 1, now: Date()).first?.memory.text == "two")
            try await store.stageReindexVectors(
                target: "next/2", dimension: 2, [(waiting[1].rowID, "two", [0, 1])])
            #expect(try await store.completeReindex(target: "next/2", dimension: 2))
            #expect(await store.embedderID == "next/2")
            #expect(await store.dimension == 2)
            #expect(try await store.search(vector: [0, 1], userID: "u", k: 1, now: Date()).first?.memory.text == "two")
        }
    }

    @Test("curation deletes expired facts, archives by policy, keeps turns", arguments: StoreKind.available)
    func curation(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            let stored = try await store.insert(
                [
                    NewMemory(text: "trip next week", expiresAt: now.addingTimeInterval(-60)),
                    NewMemory(text: "faded", importance: 0.1),
                    NewMemory(text: "kept", importance: 0.9),
                ], userID: "u", now: now)
            let dry = try await store.curate(userID: "u", now: now, dryRun: true, batchSize: 1) {
                $0.importance < 0.5 ? "faded away" : nil
            }
            #expect(dry.deleted == [stored[0].id] && dry.archived == [stored[1].id] && dry.dryRun)
            #expect(try await store.memories(userID: "u").count == 3)
            let report = try await store.curate(userID: "u", now: now, dryRun: false, batchSize: 1) {
                $0.importance < 0.5 ? "faded away" : nil
            }
            #expect(report.deleted == dry.deleted && report.archived == dry.archived)
            #expect(try await store.memory(id: stored[1].id, userID: "u")?.status == .archived)
            #expect(try await store.memory(id: stored[0].id, userID: "u") == nil)
            #expect(try await store.history(userID: "u", memoryID: stored[1].id, limit: 5).first?.reason == "curation: faded away")
        }
    }

    @Test("prototype vectors are cached per embedder and sentence set", arguments: StoreKind.available)
    func prototypes(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let vectors = PrototypeVectors(salient: [vector(0), vector(1)], nonSalient: [vector(2)])
            try await store.savePrototypeVectors(vectors, embedder: testEmbedder.id, setHash: "h1")
            #expect(
                try await store.prototypeVectors(
                    embedder: testEmbedder.id, setHash: "h1", salientCount: 2, nonSalientCount: 1, dimension: 4)
                    == vectors)
            #expect(
                try await store.prototypeVectors(
                    embedder: testEmbedder.id, setHash: "h2", salientCount: 2, nonSalientCount: 1, dimension: 4) == nil)
        }
    }
}
