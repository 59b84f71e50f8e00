import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// The worker's events, through a scripted Ollama on loopback: one per step, in order, to every
/// subscriber.
@Suite("Extraction events", .timeLimit(.minutes(1)))
struct ExtractionEventTests {
    static let valid = ExtractionFailureTests.valid
    static let chatty = ExtractionScript.reply("Sure! The user seems to have a cat, which is lovely.")

    /// A client on a fresh store whose worker gates with ``SmallTalkGate``.
    static func client(
        _ fixture: StoreFixture, server: LoopbackHTTPServer, extractionProvider: (any ChatProvider)? = nil
    ) -> MemoryClient {
        MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: fixture.engine,
            userID: "alice", options: ExtractionFixture.options,
            extraction: ExtractionFixture.configuration(reports: ReportLog(), gate: SmallTalkGate()),
            extractionProvider: extractionProvider, keepsTurns: false)
    }

    /// One line per event, short enough to compare whole sequences.
    static func line(_ event: ExtractionEvent) -> String {
        switch event {
        case .started(let jobID, let userID, let origin, let attempt):
            "started \(jobID) \(userID) \(origin.rawValue) try \(attempt)"
        case .gateDecided(let jobID, let decision):
            "gate \(jobID) \(decision.isSalient ? "sent" : "skipped") (\(decision.reason))"
        case .finished(let report):
            switch report.outcome {
            case .extracted(let summary): "finished \(report.jobID) extracted \(summary.addedFactIDs.count) facts"
            case .notSalient: "finished \(report.jobID) not salient"
            case .keptAsWritten: "finished \(report.jobID) kept as written"
            case .willRetry(let attempt, _): "finished \(report.jobID) will retry after try \(attempt)"
            case .unavailable: "finished \(report.jobID) unavailable"
            case .modelMissing: "finished \(report.jobID) model missing"
            case .alreadyProcessed: "finished \(report.jobID) already processed"
            case .interrupted: "finished \(report.jobID) interrupted"
            }
        case .backingOff(_, let pause): "backing off \(pause)"
        case .stopped(let reason): "stopped \(reason ?? "-")"
        }
    }

    @Test("an extracted job, one the gate skips and one that fails three times: every step, in order")
    func extractedSkippedFailed() async throws {
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [Self.valid, Self.chatty])
        defer { server.stop() }
        let client = Self.client(fixture, server: server)
        let events = client.extractionEvents()
        _ = try await client.chat([.user("I live in Lisbon")])
        _ = try await client.chat([.user("thanks")])
        _ = try await client.chat([.user("I have a cat")])
        try await client.flush(timeout: .seconds(30))
        await client.close()

        var seen: [ExtractionEvent] = []
        for await event in events { seen.append(event) }  // ends after `stopped`
        #expect(
            seen.map(Self.line) == [
                "started 1 alice chat try 1", "gate 1 sent (test: content)", "finished 1 extracted 1 facts",
                "started 2 alice chat try 1", "gate 2 skipped (test: small talk)", "finished 2 not salient",
                "started 3 alice chat try 1", "gate 3 sent (test: content)", "finished 3 will retry after try 1",
                "started 3 alice chat try 2", "gate 3 sent (test: content)", "finished 3 will retry after try 2",
                "started 3 alice chat try 3", "gate 3 sent (test: content)", "finished 3 kept as written",
                "stopped -",
            ])
        // The report is the one `onReport` hears: the facts written and the phases that ran.
        guard case .finished(let report) = seen[2], case .extracted(let summary) = report.outcome else {
            Issue.record("expected the first job's report: \(seen)")
            return
        }
        let facts = try await fixture.store.memories(userID: "alice").filter { $0.kind == .fact }
        #expect(facts.map(\.id) == summary.addedFactIDs)
        #expect(report.gate?.isSalient == true && report.phases.map(\.name).first == "gate")
        #expect(seen.map(\.jobID).last == .some(nil))
    }

    @Test("an unreachable model: the job's report, a pause, the same job again, then the stop")
    func backingOff() async throws {
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [Self.valid])
        defer { server.stop() }
        let flaky = FlakyProvider(OllamaChatProvider(model: "llama3.2", host: server.baseURL), failures: 1)
        let client = Self.client(fixture, server: server, extractionProvider: flaky)
        let events = client.extractionEvents()
        var iterator = events.makeAsyncIterator()
        _ = try await client.chat([.user("I live in Lisbon")])
        var seen: [ExtractionEvent] = []
        while let event = await iterator.next() {
            seen.append(event)
            if case .finished(let report) = event, case .extracted = report.outcome { break }
        }
        await client.close()
        while let event = await iterator.next() { seen.append(event) }
        #expect(
            seen.map(Self.line) == [
                "started 1 alice chat try 1", "gate 1 sent (test: content)", "finished 1 unavailable",
                "backing off 0.02 seconds",
                "started 1 alice chat try 1", "gate 1 sent (test: content)", "finished 1 extracted 1 facts",
                "stopped -",
            ])
        if case .backingOff(let reason, _) = seen[3] {
            #expect(reason.contains("scripted outage"), "\(reason)")
        }
    }

    @Test("every subscriber hears every event; one that subscribes after the stop ends at once")
    func severalSubscribers() async throws {
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [Self.valid])
        defer { server.stop() }
        let client = Self.client(fixture, server: server)
        let first = client.extractionEvents()
        let second = client.extractionEvents()
        let abandoned = client.extractionEvents()
        _ = abandoned  // never read: must not hold the worker up
        _ = try await client.chat([.user("I live in Lisbon")])
        try await client.flush(timeout: .seconds(30))
        await client.close()
        var heard: [[String]] = [[], []]
        for await event in first { heard[0].append(Self.line(event)) }
        for await event in second { heard[1].append(Self.line(event)) }
        #expect(heard[0].count == 4 && heard[0] == heard[1], "\(heard)")
        var late: [ExtractionEvent] = []
        for await event in client.extractionEvents() { late.append(event) }
        #expect(late.isEmpty)
    }

    @Test("a slow subscriber keeps the newest events up to its bound")
    func bounded() async throws {
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [Self.valid])
        defer { server.stop() }
        let client = Self.client(fixture, server: server)
        let events = client.extractionEvents(bufferingNewest: 2)
        _ = try await client.chat([.user("I live in Lisbon")])
        try await client.flush(timeout: .seconds(30))
        await client.close()
        var seen: [String] = []
        for await event in events { seen.append(Self.line(event)) }
        #expect(seen == ["finished 1 extracted 1 facts", "stopped -"])
    }

    @Test("drain tells the same events; a drain-only worker's streams end when it is released")
    func drainOnly() async throws {
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [Self.valid])
        defer { server.stop() }
        var worker: ExtractionWorker? = ExtractionWorker(
            engine: fixture.engine, provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL),
            configuration: ExtractionFixture.configuration(reports: ReportLog(), gate: SmallTalkGate()))
        let events = try #require(worker).events()
        _ = try await fixture.engine.enqueueNote("I live in Lisbon", userID: "alice", now: ExtractionFixture.now)
        let drained = await worker?.drain()
        #expect(drained?.reports.count == 1)
        worker = nil
        var seen: [String] = []
        for await event in events { seen.append(Self.line(event)) }
        // A note is never gated; no `stopped`, since run() never ran.
        #expect(seen == ["started 1 alice note try 1", "finished 1 extracted 1 facts"])
    }

    @Test("a client without a worker has a stream that ends at once")
    func noWorker() async throws {
        let fixture = try await StoreFixture()
        let server = try ExtractionScript.server(extraction: [Self.valid])
        defer { server.stop() }
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: fixture.engine,
            extraction: nil, curationInterval: nil)
        var count = 0
        for await _ in client.extractionEvents() { count += 1 }
        #expect(count == 0)
        await client.close()
    }
}
