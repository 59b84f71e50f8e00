import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Issue 14 end to end through `MemoryClient`, a loopback Ollama and the real default gate (local
/// mode, MiniLM, the shipped prototypes and word lists): the five turns the old gate dropped are
/// kept, findable and sent to extraction, and the gate's decision on every turn is on its job's
/// row, in the turn's trace and in the store's counts.
@Suite("Salience gate decisions through MemoryClient", .serialized)
struct GateDecisionClientTests {
    static func defaultGate() async throws -> any SalienceGate {
        try await SalienceConfiguration(
            embedder: SalienceEvaluationTests.miniLM.get(), prototypes: SalienceLabelledSet.prototypes()
        ).makeGate()
    }

    @Test("after a chat with the five issue turns each is findable, and each job records 'sent to extraction'")
    func issueTurns() async throws {
        let examples = try SalienceLabelledSet.load(SalienceGateTargetTests.issueExamples).map(\.text)
        let fixture = try await ExtractionFixture(
            extraction: [ExtractionScript.reply(#"{"facts": []}"#)], gate: try await Self.defaultGate(),
            keepsTurns: true)
        var jobs: [Int64] = []
        for text in examples {
            _ = try await fixture.client.chat([.user(text)])
            jobs.append(try #require(await fixture.client.lastJobID))
        }
        try await fixture.client.flush(timeout: .seconds(60))
        #expect(fixture.extractionRequests.count == examples.count)

        for (text, job) in zip(examples, jobs) {
            let record = try #require(try await fixture.store.store.gateRecord(jobID: job, userID: "alice"))
            #expect(record.sentToExtraction, "\(text): \(record)")
            #expect(!record.detail.isEmpty)
            let words = text.split(separator: " ").prefix(4).joined(separator: " ")
            let found = try await fixture.client.engine.search(words, userID: "alice", tier: .balanced)
            #expect(
                found.hits.contains { $0.memory.kind == .turn && $0.memory.text.contains(text) },
                "\(text) not found by '\(words)'")
        }
        let trace = await fixture.client.lastTrace
        let gate = try #require(trace.events.last)
        #expect(gate.name == "gate")
        #expect(gate.detail.hasPrefix("job \(jobs[4]): sent to extraction ("), "\(gate.detail)")
        #expect(trace.description.contains("gate job \(jobs[4]): sent to extraction"))
    }

    @Test("small talk is skipped without a model call; the turn is kept, and the skip is on record and counted")
    func skippedTurn() async throws {
        let fixture = try await ExtractionFixture(
            extraction: [ExtractionScript.reply(#"{"facts": []}"#)], gate: try await Self.defaultGate(),
            keepsTurns: true)
        _ = try await fixture.client.chat([.user("Thanks so much, bye!")])
        let skipped = try #require(await fixture.client.lastJobID)
        try await fixture.client.flush(timeout: .seconds(60))
        #expect(fixture.extractionRequests.isEmpty)

        let record = try #require(try await fixture.store.store.gateRecord(jobID: skipped, userID: "alice"))
        #expect(record == GateRecord(sentToExtraction: false, reason: "small talk", detail: "rule: small talk"))
        #expect(try await fixture.store.store.gateRecord(jobID: skipped, userID: "bob") == nil)
        let trace = await fixture.client.lastTrace
        #expect(trace.events.last?.detail == "job \(skipped): skipped, no extraction call (rule: small talk)")
        let kept = try await fixture.client.engine.search("thanks", userID: "alice", tier: .balanced)
        #expect(kept.hits.contains { $0.memory.kind == .turn })
        // The record keeps no words of the turn, and is no longer queued.
        #expect(try fixture.inspector().count("SELECT count(*) FROM extraction_jobs WHERE payload LIKE '%Thanks%'") == 0)
        #expect(try await fixture.store.store.queuedJobs().isEmpty)

        _ = try await fixture.client.chat([.user("My boat is called Kestrel.")])
        try await fixture.client.flush(timeout: .seconds(60))
        let stats = try await fixture.store.store.stats(userID: "alice")
        #expect(stats.gateSkipped == 1 && stats.gateSentToExtraction == 1)
        #expect(stats.gateSkippedByReason == ["small talk": 1])
        #expect(stats.queuedExtractionJobs == 0)
        let json = String(decoding: try JSONEncoder().encode(stats), as: UTF8.self)
        #expect(json.contains(#""gate_skipped_by_reason":{"small talk":1}"#), "\(json)")
        #expect(json.contains(#""gate_sent_to_extraction":1"#))
        #expect(try await fixture.store.store.stats(userID: "bob").gateSkipped == 0)

        // Forgetting the turn takes its job record with it.
        let turn = try #require(try await fixture.store.store.memories(userID: "alice").first { $0.text.contains("Thanks so much") })
        try await fixture.store.store.forget(id: turn.id, userID: "alice")
        #expect(try await fixture.store.store.gateRecord(jobID: skipped, userID: "alice") == nil)
    }
}
