import Foundation
import MemLayer
import MemLayerTesting
import Synchronization
import Testing

/// Bad replies, provider errors and outages, flush and close: nothing queued is ever lost.
@Suite("Extraction failures")
struct ExtractionFailureTests {
    static let valid = ExtractionScript.reply(#"{"facts": [{"text": "User lives in Lisbon.", "importance": 0.7}]}"#)
    static let truncated = ExtractionScript.reply(
        #"{"facts": [{"text": "User lives in Lisbon.", "importance": 0.7}, {"te"#)

    @Test("a truncated reply is retried with a warmer, stricter request; the second reply is stored once")
    func truncatedThenValid() async throws {
        let fixture = try await ExtractionFixture(extraction: [Self.truncated, Self.valid])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        #expect(try await fixture.store.store.memories(userID: "alice").count == 1)
        let requests = fixture.extractionRequests
        #expect(requests.count == 2)
        #expect(!ExtractionScript.prompt(requests[0]).system.contains("previous answer"))
        #expect(ExtractionScript.prompt(requests[1]).system.contains("Your previous answer could not be read"))
        let temperatures = requests.map {
            ((($0.jsonBody() as? [String: Any])?["options"] as? [String: Any])?["temperature"] as? Double)
        }
        #expect(temperatures[0] == 0 && (temperatures[1] ?? 0) > 0)
        let outcomes = fixture.reports.outcomes
        #expect(outcomes.count == 2)
        if case .willRetry(let attempt, let error) = outcomes[0] {
            #expect(attempt == 1 && error.contains("no complete JSON object"))
        } else {
            Issue.record("expected a retry first: \(outcomes)")
        }
    }

    @Test("malformed three times: the turn is kept as a raw `turn` memory, with the failure in history")
    func keptAsWritten() async throws {
        let chatty = ExtractionScript.reply("Sure! The user seems to live in Lisbon, which is lovely.")
        let fixture = try await ExtractionFixture(
            chat: [OllamaScript.answer(["Lisbon is lovely."])], extraction: [Self.truncated, chatty, chatty])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(fixture.extractionRequests.count == 3)
        let memories = try await fixture.store.store.memories(userID: "alice")
        #expect(memories.map(\.text) == ["User: I live in Lisbon\nAssistant: Lisbon is lovely."])
        #expect(memories.map(\.kind) == [.turn] && memories.first?.source == "chat")
        #expect(memories.first?.embedder == HashingEmbedder().id)
        let history = try fixture.inspector().history("alice")
        #expect(history.count == 1 && history[0].action == "add")
        #expect(
            history[0].reason.contains("extraction failed 3 times") && history[0].reason.contains("kept as written"))
        #expect(history[0].reason.contains("no JSON object"), "\(history[0].reason)")
        #expect(try await fixture.store.store.queuedJobs().isEmpty)
        let outcomes = fixture.reports.outcomes
        #expect(outcomes.count == 3)
        if case .keptAsWritten = outcomes.last {
        } else {
            Issue.record("expected the turn kept as written: \(outcomes)")
        }
        // Searchable like any memory.
        let hit = try await fixture.store.engine.search("Lisbon", userID: "alice", k: 1)
        #expect(hit.first?.memory.kind == .turn)
    }

    @Test("a provider error counts as a try; the next try succeeds")
    func serverErrorRetried() async throws {
        // Mid-stream, so past the transport's own retries (which cover 5xx before the first byte).
        let crash = OllamaScript.stream([#"{"error":"llama runner process has terminated: signal: killed"}"#])
        let fixture = try await ExtractionFixture(extraction: [crash, Self.valid])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        let outcomes = fixture.reports.outcomes
        if case .willRetry(1, let error) = outcomes.first {
            #expect(error.contains("llama runner process has terminated"), "\(error)")
        } else {
            Issue.record("expected a counted try: \(outcomes)")
        }
    }

    @Test("an unreachable extraction model leaves the job queued without counting tries; flush says so")
    func providerDown() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let fixture = try await ExtractionFixture(
            extraction: [Self.valid], extractionProvider: OllamaChatProvider(model: "llama3.2", host: refusing.url()))
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        do {
            try await fixture.client.flush(timeout: .seconds(30))
            Issue.record("flush should report the unreachable model")
        } catch let error as ExtractionError {
            #expect(error.kind == .providerUnavailable)
            #expect(error.message.contains("ollama serve") && error.message.contains("stay queued"), "\(error)")
        }
        // Asking again retries at once (and fails again), still without counting a try.
        #expect(await fixture.client.waitForQueuedWork(timeout: .seconds(30)) != .idle)
        let jobs = try await fixture.store.store.queuedJobs()
        #expect(jobs.count == 1 && jobs.first?.attempts == 0 && jobs.first?.lastError == nil)
        // The waiter is answered as the try fails; the worker then settles into backing off.
        var status = await fixture.client.worker?.status
        for _ in 0..<200 {
            if case .backingOff = status { break }
            try await Task.sleep(for: .milliseconds(10))
            status = await fixture.client.worker?.status
        }
        if case .backingOff(let reason) = status {
            #expect(reason.contains("Ollama"))
        } else {
            Issue.record("expected the worker to back off, found \(String(describing: status))")
        }
        #expect(try await fixture.store.store.memories(userID: "alice").isEmpty)
        #expect(fixture.reports.outcomes.allSatisfy { if case .unavailable = $0 { true } else { false } })
        await fixture.client.close()
    }

    @Test("after an outage the worker backs off and recovers by itself")
    func recovers() async throws {
        let server = try ExtractionScript.server(extraction: [Self.valid])
        let flaky = FlakyProvider(OllamaChatProvider(model: "llama3.2", host: server.baseURL), failures: 2)
        let fixture = try await ExtractionFixture(server: server, extractionProvider: flaky)
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        var result = ExtractionWorker.WaitResult.timedOut
        for _ in 0..<5 where result != .idle {
            result = await fixture.client.waitForQueuedWork(timeout: .seconds(30))
        }
        #expect(result == .idle)
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        let outcomes = fixture.reports.outcomes
        #expect(outcomes.count == 3)
        #expect(outcomes.prefix(2).allSatisfy { if case .unavailable = $0 { true } else { false } })
        if case .extracted = outcomes.last {} else { Issue.record("expected recovery: \(outcomes)") }
        #expect(try fixture.inspector().history("alice").map(\.reason) == ["extracted from chat"])
    }

    @Test("flush waits for the extraction that is under way, and returns once it is stored")
    func flushWaits() async throws {
        let gate = LoopbackGate()
        let held = OllamaScript.stream(
            [
                OllamaScript.line(content: #"{"facts": [{"text": "User lives in Lisbon.", "importance": 0.7}]}"#),
                OllamaScript.done,
            ],
            gate: gate)
        let fixture = try await ExtractionFixture(extraction: [held])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        let flushed = Flag()
        let client = fixture.client
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await client.flush(timeout: .seconds(30))
                flushed.set()
            }
            // The reply is held at the gate, so the job cannot have finished.
            #expect(await fixture.server.waitUntil { ExtractionFixture.extractionCount($0) == 1 })
            #expect(!flushed.isSet)
            #expect(try await fixture.store.store.queuedJobs().count == 1)
            gate.open()
            try await group.next()
        }
        #expect(flushed.isSet)
        #expect(try await fixture.facts().map(\.text) == ["User lives in Lisbon."])
        #expect(try await fixture.store.store.queuedJobs().isEmpty)
    }

    @Test("close mid-extraction keeps the job; closing twice is fine; the next open resumes it")
    func closeKeepsJobs() async throws {
        let fixture = try await ExtractionFixture(extraction: [.neverAnswer])
        _ = try await fixture.client.chat([.user("I live in Lisbon")])
        #expect(await fixture.server.waitUntil { ExtractionFixture.extractionCount($0) == 1 })
        await fixture.client.close()
        await fixture.client.close()
        #expect(await fixture.client.waitForQueuedWork(timeout: .seconds(5)) == .stopped)
        await #expect(throws: StoreError.self) { try await fixture.client.chat([.user("again")]) }

        let reopened = try await fixture.store.reopen()
        let jobs = try await reopened.store.queuedJobs()
        #expect(jobs.count == 1 && jobs.first?.attempts == 0)
        #expect(
            jobs.first?.turn
                == ConversationTurn(user: "I live in Lisbon", assistant: "Noted.", at: ExtractionFixture.now))

        let server = try ExtractionScript.server(extraction: [Self.valid])
        let next = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: reopened, userID: "alice",
            options: ExtractionFixture.options, extraction: ExtractionFixture.configuration(reports: ReportLog()),
            keepsTurns: false)
        try await next.flush(timeout: .seconds(30))
        #expect(try await reopened.store.memories(userID: "alice").map(\.text) == ["User lives in Lisbon."])
        #expect(try await reopened.store.queuedJobs().isEmpty)
        await next.close()
    }
}

extension ExtractionFixture {
    /// How many extraction requests `server` has received.
    static func extractionCount(_ server: LoopbackHTTPServer) -> Int {
        server.requests.filter(ExtractionScript.isExtraction).count
    }
}
