import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// How extraction reads why a reply ended, and a model that does not exist.
@Suite("Extraction stop reasons")
struct ExtractionStopTests {
    /// A reply cut at the token cap: Ollama's `done_reason` is `length`.
    static let cut = OllamaScript.stream([
        OllamaScript.line(content: #"{"facts": [{"text": "User lives in Lisbon.", "importance": 0.7}, {"te"#),
        OllamaScript.done.replacingOccurrences(of: #""done_reason":"stop""#, with: #""done_reason":"length""#),
    ])
    static let valid = ExtractionFailureTests.valid

    static func cap(_ request: RecordedRequest) -> Int? {
        (((request.jsonBody() as? [String: Any])?["options"] as? [String: Any])?["num_predict"] as? NSNumber)?.intValue
    }

    @Test("a reply cut at the cap is asked again at once with twice the cap; no try is counted")
    func doubledCap() async throws {
        let fixture = try await ExtractionFixture(extraction: [Self.cut, Self.valid])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        #expect(fixture.extractionRequests.map(Self.cap) == [1_024, 2_048])
        let reports = fixture.reports.all
        #expect(reports.count == 1)
        #expect(reports.first?.phases.map(\.name) == ["model", "model, doubled cap", "parse", "embed", "write"])
    }

    @Test("cut at the doubled cap too: a counted try whose error names the cap")
    func cutTwice() async throws {
        let fixture = try await ExtractionFixture(extraction: [Self.cut, Self.cut, Self.valid])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        #expect(fixture.extractionRequests.map(Self.cap) == [1_024, 2_048, 1_024])
        guard case .willRetry(1, let error)? = fixture.reports.outcomes.first else {
            Issue.record("expected a counted try: \(fixture.reports.outcomes)")
            return
        }
        #expect(error.contains("the reply stopped at the 2048-token cap"), "\(error)")
    }

    @Test("a complete object followed by rambling up to the cap is used as it is")
    func completeBeforeCap() async throws {
        let rambling = OllamaScript.stream([
            OllamaScript.line(
                content: #"{"facts": [{"text": "User lives in Lisbon.", "importance": 0.7}]} and also the user"#),
            OllamaScript.done.replacingOccurrences(of: #""done_reason":"stop""#, with: #""done_reason":"length""#),
        ])
        let fixture = try await ExtractionFixture(extraction: [rambling])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        #expect(fixture.extractionRequests.count == 1)
    }

    @Test("a model the service does not have stops the worker with a message naming it; nothing is retried")
    func modelMissing() async throws {
        let missing = ScriptedResponse.json(
            #"{"error":"model \"qwen-retired\" not found, try pulling it first"}"#, status: 404)
        let server = try ExtractionScript.server(extraction: [missing])
        let fixture = try await ExtractionFixture(
            server: server, extractionProvider: OllamaChatProvider(model: "qwen-retired", host: server.baseURL))
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        do {
            try await fixture.client.flush(timeout: .seconds(30))
            Issue.record("flush should report the missing model")
        } catch let error as ExtractionError {
            #expect(error.kind == .providerUnavailable)
            #expect(error.message.contains("\"qwen-retired\"") && error.message.contains("--model"), "\(error)")
            #expect(error.message.contains("stopped"), "\(error)")
        }
        let worker = try #require(fixture.client.worker)
        #expect(await worker.status == .stopped)
        #expect(await worker.stopReason?.contains("qwen-retired") == true)
        // Asked again, it answers at once with the same reason and calls the model no more.
        guard case .unavailable(let reason) = await fixture.client.waitForQueuedWork(timeout: .seconds(5)) else {
            Issue.record("expected the reason again")
            return
        }
        #expect(reason.contains("--model"))
        #expect(fixture.extractionRequests.count == 1)
        let jobs = try await fixture.store.store.queuedJobs()
        #expect(jobs.count == 1 && jobs.first?.attempts == 0)
        #expect(fixture.reports.outcomes.allSatisfy { if case .modelMissing = $0 { true } else { false } })
        await fixture.client.close()
    }

    @Test("drain stops at a missing model and says why, leaving the jobs queued")
    func drainModelMissing() async throws {
        let missing = ScriptedResponse.json(#"{"error":"model 'gone' not found"}"#, status: 404)
        let server = try ExtractionScript.server(extraction: [missing])
        let store = try await StoreFixture()
        let turns = (0..<2).map { ConversationTurn(user: "Fact \($0)", assistant: "OK", at: ExtractionFixture.now) }
        try await store.store.enqueue(turns, userID: "alice")
        let worker = ExtractionWorker(
            engine: store.engine, provider: OllamaChatProvider(model: "gone", host: server.baseURL),
            configuration: ExtractionFixture.configuration(reports: ReportLog()))
        let result = await worker.drain()
        #expect(result.reports.count == 1)
        #expect(result.unavailable?.contains("\"gone\" does not exist on Ollama") == true, "\(result)")
        #expect(try await store.store.queuedJobs().count == 2)
    }
}
