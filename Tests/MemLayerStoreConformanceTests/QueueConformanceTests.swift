import Foundation
import MemLayerPostgres
import MemLayerStore
import Testing

/// The extraction queue on every store: order, failures counted for a retry, each job applied
/// exactly once even when two handles (two processes) finish it at the same moment.
@Suite("Store conformance: extraction queue")
struct QueueConformanceTests {
    static func write(_ text: String, _ axis: Int, duplicates: DuplicateCheck = duplicatesAbove(0.99)) -> ExtractionWrite {
        ExtractionWrite(
            facts: [PreparedFact(fact: ExtractedFact(text: text), vector: vector(axis))], source: "chat",
            duplicates: duplicates)
    }

    /// A check that calls nothing a restatement (only the same text is).
    static let neverDuplicate = DuplicateCheck(lowestThreshold: 2) { _, _, _ in false }

    @Test("jobs come oldest first; a failure is counted and the job stays for a retry", arguments: StoreKind.available)
    func orderAndRetry(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let base = Date(timeIntervalSince1970: 1_800_000_000)
            let later = try await store.enqueue(
                ConversationTurn(user: "second", assistant: "", at: base.addingTimeInterval(60)), userID: "a")
            let earlier = try await store.enqueue(ConversationTurn(user: "first", assistant: "", at: base), userID: "b")
            #expect(try await store.queuedJobs(userID: nil, limit: 10).map(\.id) == [earlier, later])
            #expect(try await store.queuedJobs(userID: "a", limit: 10).map(\.turn.user) == ["second"])
            #expect(try await store.recordExtractionFailure(jobID: earlier, message: "model timed out") == 1)
            #expect(try await store.recordExtractionFailure(jobID: earlier, message: "model timed out again") == 2)
            let retried = try #require(try await store.queuedJob(id: earlier))
            #expect(retried.attempts == 2 && retried.lastError == "model timed out again")
            #expect(try await store.discardJob(id: earlier))
            #expect(try await store.discardJob(id: earlier) == false)
            #expect(try await store.queuedJob(id: earlier) == nil)
        }
    }

    @Test("a finished job is never applied again", arguments: StoreKind.available)
    func appliedOnce(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let job = try await store.enqueue(ConversationTurn(user: "I like figs", assistant: "", at: Date()), userID: "u")
            let summary = try await store.commitExtraction(
                jobID: job, userID: "u", Self.write("User likes figs", 0), learnedAt: Date(), now: Date())
            #expect(summary?.addedFactIDs.count == 1)
            #expect(
                try await store.commitExtraction(
                    jobID: job, userID: "u", Self.write("User likes figs a lot", 1), learnedAt: Date(), now: Date()) == nil)
            #expect(
                try await store.keepAsWritten(
                    jobID: job, userID: "u", memory: NewMemory(text: "I like figs"), reason: "test", now: Date()) == nil)
            #expect(try await store.closeJob(job, keptAs: "x", userID: "u", reason: "test") == false)
            #expect(try await store.memories(userID: "u").map(\.text) == ["User likes figs"])
        }
    }

    @Test("two handles finishing the same jobs at once apply each exactly once", arguments: StoreKind.available)
    func racingWorkers(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, fixture in
            let other = try await fixture.openAnother()
            let jobs = try await store.enqueue(
                (0..<20).map { ConversationTurn(user: "fact \($0)", assistant: "", at: Date()) }, userID: "u")
            async let first = Self.commitAll(jobs, on: store)
            async let second = Self.commitAll(jobs, on: other)
            let (a, b) = try await (first, second)
            await other.close()
            #expect(a + b == jobs.count)
            #expect(try await store.memories(userID: "u").count == jobs.count)
            #expect(try await store.queuedJobs(userID: nil, limit: 100).isEmpty)
        }
    }

    static func commitAll(_ jobs: [Int64], on store: any MemoryStoring) async throws -> Int {
        var applied = 0
        for (index, job) in jobs.enumerated() {
            let summary = try await store.commitExtraction(
                jobID: job, userID: "u", write("Fact number \(index)", index, duplicates: neverDuplicate), learnedAt: Date(), now: Date())
            if summary != nil { applied += 1 }
        }
        return applied
    }

    @Test("a restated fact refreshes the stored one instead of adding a copy", arguments: StoreKind.available)
    func restatement(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let jobs = try await store.enqueue(
                [ConversationTurn(user: "a", assistant: "", at: Date()), ConversationTurn(user: "b", assistant: "", at: Date())],
                userID: "u")
            let first = try #require(
                try await store.commitExtraction(
                    jobID: jobs[0], userID: "u", Self.write("User has a dog", 0), learnedAt: Date(), now: Date()))
            var near = Self.write("User owns a dog", 0)
            near.facts[0].vector = vector(0, tilt: 0.05)
            let second = try #require(
                try await store.commitExtraction(jobID: jobs[1], userID: "u", near, learnedAt: Date(), now: Date()))
            #expect(second.addedFactIDs.isEmpty)
            #expect(second.updatedFactIDs == first.addedFactIDs)
            #expect(try await store.memories(userID: "u").map(\.text) == ["User has a dog"])
        }
    }

    @Test("the gate's decision stays as the job's record after it ends", arguments: StoreKind.available)
    func gateRecord(_ kind: StoreKind) async throws {
        try await withStore(kind) { store, _ in
            let job = try await store.enqueue(ConversationTurn(user: "lol", assistant: "", at: Date()), userID: "u")
            #expect(try await store.recordGateDecision(GateRecord(sentToExtraction: false, reason: "small talk", detail: "d"), jobID: job))
            #expect(try await store.discardJob(id: job))
            #expect(try await store.gateRecord(jobID: job, userID: "u")?.reason == "small talk")
            #expect(try await store.gateRecord(jobID: job, userID: "other") == nil)
            #expect(try await store.stats(userID: "u").gateSkippedByReason == ["small talk": 1])
            #expect(try await store.queuedJob(id: job) == nil)
        }
    }
}

/// What only the PostgreSQL store offers: the optional HNSW index.
@Suite(
    "PostgreSQL store: HNSW search",
    .enabled(if: StoreKind.postgresURL != nil, "SKIPPED: MEMLAYER_TEST_POSTGRES_URL is unset"))
struct PostgresHNSWTests {
    @Test("with the HNSW index, search finds the same nearest memories, scored by exact cosine, one user only")
    func hnswSearch() async throws {
        try await withStore(.postgres) { store, fixture in
            let exact = try #require(store as? PostgresMemoryStore)
            let items = (0..<40).map { index in
                NewMemory(text: "memory \(index)", embedding: vector(index % 4, tilt: Float(index) / 40))
            }
            try await exact.insert(items, userID: "u", now: Date())
            try await exact.insert([NewMemory(text: "other user", embedding: vector(0))], userID: "v", now: Date())
            try await exact.createHNSWIndex()
            let indexed = try await PostgresMemoryStore.open(
                try #require(fixture.postgresURL), vectorSearch: .hnsw(efSearch: 40))
            let query = vector(0, tilt: 0.3)
            let expected = try await exact.search(vector: query, userID: "u", k: 5, now: Date())
            let found = try await indexed.search(vector: query, userID: "u", k: 5, now: Date())
            #expect(found.map(\.memory.id) == expected.map(\.memory.id))
            #expect(zip(found, expected).allSatisfy { abs(($0.similarity ?? 0) - ($1.similarity ?? 0)) < 1e-5 })
            #expect(!found.contains { $0.memory.userID != "u" })
            await indexed.close()
        }
    }
}
