import Foundation
import MemLayerStore
import Testing

/// The extraction queue: jobs in order, each finished once, failures counted.
@Suite("Store conformance: extraction queue")
struct QueueConformanceTests {
    @Test("jobs come out oldest first and per user; a finished job is never applied again",
        arguments: StoreFactory.all)
    func finishOnce(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let ids = try await store.enqueue(
                [Conformance.turn("first"), Conformance.turn("second")], userID: "alice")
            let bobs = try await store.enqueue(Conformance.turn("bob's"), userID: "bob")
            #expect(try await store.queuedJobs(userID: "alice", limit: 10).map(\.id) == ids)
            #expect(try await store.queuedJobs(userID: nil, limit: 10).map(\.id) == ids + [bobs])
            #expect(try await store.queuedJob(id: ids[0])?.turn.user == "first")

            let write = Conformance.write(facts: [("User likes tea.", Conformance.vector(2))])
            let applied = try await store.commitExtraction(
                jobID: ids[0], userID: "alice", write, learnedAt: Conformance.now, now: Conformance.now)
            #expect(applied?.addedFactIDs.count == 1)
            // A second worker that ran the same job finds it finished and writes nothing.
            let again = try await store.commitExtraction(
                jobID: ids[0], userID: "alice", write, learnedAt: Conformance.now, now: Conformance.now)
            #expect(again == nil)
            #expect(try await store.discardJob(id: ids[0]) == false)
            let kept = try await store.keepAsWritten(
                jobID: ids[0], userID: "alice", memory: NewMemory(text: "first", kind: .turn), reason: "test",
                now: Conformance.now)
            #expect(kept == nil)
            #expect(try await store.queuedJob(id: ids[0]) == nil)
            #expect(try await store.memories(userID: "alice").count == 1)

            #expect(try await store.recordExtractionFailure(jobID: ids[1], message: "model offline") == 1)
            #expect(try await store.recordExtractionFailure(jobID: ids[1], message: "model offline") == 2)
            let failed = try await store.queuedJob(id: ids[1])
            #expect(failed?.attempts == 2 && failed?.lastError == "model offline")
            #expect(try await store.discardJob(id: ids[1]) == true)
            #expect(try await store.queuedJobs(userID: nil, limit: 10).map(\.id) == [bobs])
        }
    }

    @Test("a turn kept and queued together is one memory and one job; closing the job keeps the memory",
        arguments: StoreFactory.all)
    func keepAndClose(_ factory: StoreFactory) async throws {
        try await factory.withStore { store in
            let (job, memory) = try await store.keepAndEnqueue(
                Conformance.turn("I moved to Porto"), at: TurnPlace(conversation: "c1", position: 0), userID: "alice")
            #expect(memory.kind == .turn)
            #expect(try await store.queuedJob(id: job)?.turn.keptMemoryID == memory.id)
            #expect(try await store.closeJob(job, keptAs: memory.id, userID: "alice", reason: "nothing to extract"))
            #expect(try await store.closeJob(job, keptAs: memory.id, userID: "alice", reason: "again") == false)
            #expect(try await store.memory(id: memory.id, userID: "alice")?.kind == .turn)
        }
    }
}
