import Foundation
import MemLayer
import Synchronization
import Testing

@Suite("One reindex at a time")
struct ReindexLeaseTests {
    private func fill(_ fixture: StoreFixture, count: Int) async throws {
        let items = (0..<count).map { NewMemory(text: "memory \($0) on topic \($0 % 13)") }
        try await fixture.engine.importMemories(items, userID: "alice")
    }

    @Test("a second reindex on the same file (another connection) is refused while the first runs")
    func secondRunRefused() async throws {
        let fixture = try await StoreFixture()
        try await fill(fixture, count: 300)
        let target = HashingEmbedder(dimension: 32)
        let gated = GatedEmbedder(target)
        var first = Reindexer(store: fixture.store, embedder: gated)
        first.batchSize = 100
        let running = Task { [first] in try await first.run() }
        while !gated.entered { try await Task.sleep(for: .milliseconds(5)) }

        // Another process's view: its own connection to the file.
        let other = try await fixture.reopen()
        let counting = ScriptedEmbedder(HashingEmbedder(dimension: 48))
        let error = await #expect(throws: StoreError.self) {
            try await Reindexer(store: other.store, embedder: counting).run()
        }
        #expect(error?.kind == .busy)
        #expect(error?.message.contains("hash-ngram-v1/32") == true)
        #expect(error?.message.contains("process \(ProcessInfo.processInfo.processIdentifier)") == true)
        #expect(counting.textsEmbedded == 0)
        #expect(try await other.store.reindexLease()?.target == "hash-ngram-v1/32")

        gated.open()
        #expect(try await running.value == 300)
        #expect(try await fixture.store.reindexLease() == nil)
        // Once the first is done, the next one runs.
        #expect(try await Reindexer(store: other.store, embedder: counting).run() == 300)
        #expect(await other.store.embedderID == "hash-ngram-v1/48")
    }

    @Test("a batch that outlasts the claim's duration does not let it lapse: a timer renews it")
    func slowBatchKeepsClaim() async throws {
        let fixture = try await StoreFixture()
        try await fill(fixture, count: 20)
        let gated = GatedEmbedder(HashingEmbedder(dimension: 32))
        var first = Reindexer(store: fixture.store, embedder: gated)
        first.leaseDuration = 0.3
        let running = Task { [first] in try await first.run() }
        while !gated.entered { try await Task.sleep(for: .milliseconds(5)) }
        try await Task.sleep(for: .seconds(1))  // three durations into one batch
        let other = try await fixture.reopen()
        let error = await #expect(throws: StoreError.self) {
            try await Reindexer(store: other.store, embedder: HashingEmbedder(dimension: 48)).run()
        }
        #expect(error?.kind == .busy)
        gated.open()
        #expect(try await running.value == 20)
        #expect(try await fixture.store.reindexLease() == nil)
    }

    @Test("a claim whose holder died lapses; a live holder's renewals keep it")
    func lapsedClaim() async throws {
        let fixture = try await StoreFixture()
        try await fill(fixture, count: 50)
        let target = HashingEmbedder(dimension: 32)
        try await fixture.store.claimReindexLease(
            owner: "crashed", target: "old/1", duration: 60, now: Date().addingTimeInterval(-3600))
        #expect(try await Reindexer(store: fixture.store, embedder: target).run() == 50)
        #expect(try await fixture.store.reindexLease() == nil)

        // Renewing one's own claim works; someone else's live claim does not move.
        try await fixture.store.claimReindexLease(owner: "a", target: "t", duration: 60)
        try await fixture.store.claimReindexLease(owner: "a", target: "t", duration: 120)
        await #expect(throws: StoreError.self) {
            try await fixture.store.claimReindexLease(owner: "b", target: "t", duration: 60)
        }
        try await fixture.store.releaseReindexLease(owner: "b")  // not b's: left alone
        #expect(try await fixture.store.reindexLease()?.owner == "a")
        try await fixture.store.releaseReindexLease(owner: "a")
        #expect(try await fixture.store.reindexLease() == nil)
    }

    @Test("a run that fails gives its claim back, keeping its staged work")
    func failureReleases() async throws {
        let fixture = try await StoreFixture()
        try await fill(fixture, count: 250)
        let target = HashingEmbedder(dimension: 32)
        var failing = Reindexer(store: fixture.store, embedder: ScriptedEmbedder(target, failAfterBatches: 1))
        failing.batchSize = 100
        await #expect(throws: EmbedderError.self) { try await failing.run() }
        #expect(try await fixture.store.reindexLease() == nil)
        #expect(try await fixture.store.reindexProgress(target: target.id) == (100, 250))
        #expect(try await Reindexer(store: fixture.store, embedder: target).run() == 150)
    }
}
