import Foundation
import MemLayer
import Synchronization
import Testing

@Suite("Reindex")
struct ReindexerTests {
    private func fill(_ fixture: StoreFixture, count: Int, userID: String = "alice") async throws {
        let items = (0..<count).map { NewMemory(text: "memory number \($0) about topic \($0 % 97)") }
        try await fixture.engine.importMemories(items, userID: userID)
    }

    @Test("re-embeds 10k memories of every user, reports progress, then switches the store")
    func fullReindex() async throws {
        let fixture = try await StoreFixture()
        try await fill(fixture, count: 9_990)
        try await fill(fixture, count: 10, userID: "bob")
        let target = HashingEmbedder(dimension: 64)
        let seen = Mutex<[(Int, Int)]>([])
        let count = try await Reindexer(store: fixture.store, embedder: target).run { done, total in
            seen.withLock { $0.append((done, total)) }
        }
        #expect(count == 10_000)
        let reports = seen.withLock { $0 }
        #expect(reports.first.map { $0 == (0, 10_000) } == true)
        #expect(reports.last.map { $0 == (10_000, 10_000) } == true)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.0 <= $1.0 })
        #expect(await fixture.store.embedderID == "hash-ngram-v1/64")

        let reopened = try await fixture.reopen(embedder: target)
        let hits = try await reopened.search("memory number 1234 about topic 70", userID: "alice", k: 1)
        #expect(hits.first?.memory.text == "memory number 1234 about topic 70")
        #expect(try await reopened.search("memory number 3", userID: "bob", k: 1).first?.memory.userID == "bob")
        await #expect(throws: StoreError.self) { _ = try await fixture.reopen(embedder: HashingEmbedder()) }
    }

    @Test("an interrupted reindex keeps serving old vectors and resumes without redoing work")
    func interruptedAndResumed() async throws {
        let fixture = try await StoreFixture()
        try await fill(fixture, count: 1_000)
        let target = HashingEmbedder(dimension: 64)

        let failing = ScriptedEmbedder(target, failAfterBatches: 2)
        var reindexer = Reindexer(store: fixture.store, embedder: failing)
        reindexer.batchSize = 100
        await #expect(throws: EmbedderError.self) { try await reindexer.run() }
        #expect(try await fixture.store.reindexProgress(target: target.id) == (200, 1_000))

        // Still the old embedder: search works, a new memory can be added meanwhile.
        #expect(await fixture.store.embedderID == "hash-ngram-v1/384")
        #expect(try await fixture.engine.search("memory number 5 about", userID: "alice", k: 1).count == 1)
        try await fixture.engine.remember("added during the reindex", userID: "alice")

        let counting = ScriptedEmbedder(target)
        var resumed = Reindexer(store: fixture.store, embedder: counting)
        resumed.batchSize = 100
        #expect(try await resumed.run() == 801)
        #expect(counting.textsEmbedded == 801)
        let engine = try await fixture.reopen(embedder: target)
        #expect(
            try await engine.search("added during the reindex", userID: "alice", k: 1).first?.memory.text
                == "added during the reindex")
    }

    @Test("a memory whose text changes during the reindex gets its new text's vector, not the one staged before")
    func textChangedDuringReindex() async throws {
        let fixture = try await StoreFixture()
        let items = (0..<300).map { NewMemory(text: "memory number \($0) about topic \($0 % 97)", id: "m\($0)") }
        try await fixture.engine.importMemories(items, userID: "alice")
        let target = HashingEmbedder(dimension: 64)
        let gated = GatedEmbedder(target, holding: 2)
        var reindexer = Reindexer(store: fixture.store, embedder: gated)
        reindexer.batchSize = 100
        let running = Task { [reindexer] in try await reindexer.run() }
        while !gated.entered { try await Task.sleep(for: .milliseconds(5)) }

        // Batch 1 (m0…m99) is staged; batch 2's texts (m100…m199) are being embedded. Another
        // process replaces one memory of each by id, with new text.
        let other = try await fixture.reopen()
        let changed = ["m5": "the staged one now says something else", "m150": "the in-flight one was rewritten"]
        try await other.importMemories(changed.map { NewMemory(text: $0.value, id: $0.key) }, userID: "alice")
        await other.store.close()
        gated.open()
        #expect(try await running.value == 302)  // both embedded again before the switch
        #expect(await fixture.store.embedderID == target.id)

        let raw = try RawSQLite(path: fixture.path)
        for (id, text) in changed {
            let stored = try raw.blob("SELECT embedding FROM memories WHERE external_id = '\(id)'")
            let expected = try await target.embed([text])[0]
                .flatMap { withUnsafeBytes(of: $0.bitPattern.littleEndian, Array.init) }
            let isNewTexts = stored == expected  // a Bool, so a failure does not print 256 bytes twice
            #expect(isNewTexts, "\(id) carries a vector that is not its new text's")
        }
        #expect(try raw.integer("SELECT count(*) FROM reindex_vectors") == 0)
    }
}
