import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// What extraction does to existing memories: duplicates, entities, other users, concurrent workers.
@Suite("Extraction writes")
struct ExtractionStoreTests {
    static func facts(_ items: [(String, Double)]) -> ScriptedResponse {
        let list = items.map { #"{"text": "\#($0.0)", "importance": \#($0.1)}"# }.joined(separator: ", ")
        return ExtractionScript.reply(#"{"facts": [\#(list)]}"#)
    }

    @Test("a restated fact — same text or near-duplicate — refreshes the stored one instead of adding a copy")
    func duplicatesUpdate() async throws {
        let fixture = try await ExtractionFixture(extraction: [
            Self.facts([("User works at Acme Corp.", 0.6)]),
            Self.facts([("The user works at Acme Corp.", 0.9), ("User likes tea.", 0.3)]),
            Self.facts([("user works at  acme corp.", 0.2)]),
        ])
        for message in ["I work at Acme Corp", "Yes, Acme Corp, and I like tea", "Did I say I work at Acme?"] {
            _ = try await fixture.client.chat([.user(message)])
            try await fixture.client.flush(timeout: .seconds(30))
        }
        let facts = try await fixture.facts()
        #expect(facts.map(\.text) == ["User works at Acme Corp.", "User likes tea."])
        #expect(facts.map(\.importance) == [0.9, 0.3])
        let history = try fixture.inspector().history("alice")
        #expect(history.map(\.action) == ["add", "update", "add", "update"])
        #expect(history[1].text == "The user works at Acme Corp." && history[1].reason.contains("cosine"))
        #expect(history[3].reason == "extracted again from chat (the same text)")
        guard case .extracted(let second) = fixture.reports.outcomes[1] else {
            Issue.record("expected the second turn extracted: \(fixture.reports.outcomes)")
            return
        }
        #expect(second.updatedFactIDs == [facts[0].id] && second.addedFactIDs == [facts[1].id])
    }

    @Test("with MiniLM, a restatement in other word forms refreshes the fact; a different diet does not")
    func restatedInOtherWords() async throws {
        let server = try ExtractionScript.server(
            chat: [OllamaScript.answer(["Noted."])],
            extraction: [
                Self.facts([("User has a peanut allergy.", 0.8)]),
                Self.facts([("User is allergic to peanuts.", 0.9), ("User is vegan.", 0.5)]),
                Self.facts([("User is vegetarian.", 0.5)]),
            ])
        let store = try await StoreFixture(embedder: MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory))
        let fixture = try await ExtractionFixture(server: server, store: store)
        for message in ["I have a peanut allergy", "I'm allergic to peanuts, and I'm vegan", "I am vegetarian now"] {
            _ = try await fixture.client.chat([.user(message)])
            try await fixture.client.flush(timeout: .seconds(30))
        }
        let facts = try await fixture.facts()
        #expect(facts.map(\.text) == ["User has a peanut allergy.", "User is vegan.", "User is vegetarian."])
        #expect(facts.first?.importance == 0.9)
        let history = try fixture.inspector().history("alice")
        #expect(history.map(\.action) == ["add", "update", "add", "add"])
        #expect(history[1].text == "User is allergic to peanuts." && history[1].reason.contains("cosine 0.90"))
    }

    @Test("close vectors that differ in a day, a number or a name stay separate facts")
    func anchorsKeepFactsApart() async throws {
        // A low threshold, so only the anchor check can keep these apart under the hashing embedder.
        let fixture = try await ExtractionFixture(
            extraction: [
                Self.facts([("User is meeting Dana on Friday.", 0.5), ("User has two kids.", 0.6)]),
                Self.facts([("User is meeting Dana on Saturday.", 0.5), ("User has three kids.", 0.6)]),
            ], duplicates: DuplicatePolicy(threshold: 0.5))
        for message in ["Meeting Dana Friday; two kids", "Actually Saturday, and three kids"] {
            _ = try await fixture.client.chat([.user(message)])
            try await fixture.client.flush(timeout: .seconds(30))
        }
        #expect(try await fixture.facts().count == 4)
        #expect(try fixture.inspector().history("alice").allSatisfy { $0.action == "add" })
    }

    @Test("entities: case and spacing never make two; people who share a first name are never merged")
    func entities() async throws {
        let reply = """
            {"entities": [{"name": "Dana Smith", "type": "person"}, {"name": "dana   smith", "type": "person"},
                          {"name": "Dana Jones", "type": "person"}, {"name": "Dana", "type": "person"},
                          {"name": "Acme", "type": "organization"}, {"name": "Initech", "type": "organization"}],
             "relationships": [{"subject": "Dana Smith", "predicate": "works at", "object": "Acme"},
                               {"subject": "DANA SMITH", "predicate": "Works At", "object": "acme"},
                               {"subject": "Dana Jones", "predicate": "works at", "object": "Initech"}]}
            """
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(reply)])
        _ = try await fixture.client.chat([.user("Dana Smith works at Acme; Dana Jones at Initech")])
        try await fixture.client.flush(timeout: .seconds(30))
        let entities = try await fixture.store.store.entities(userID: "alice")
        #expect(entities.map(\.canonicalName) == ["acme", "dana", "dana jones", "dana smith", "initech"])
        #expect(entities.first { $0.canonicalName == "dana smith" }?.aliases == ["dana smith", "DANA SMITH"])
        #expect(
            try await fixture.store.store.graphFacts(userID: "alice").map(\.description) == [
                "Dana Jones —works_at→ Initech", "Dana Smith —works_at→ Acme",
            ])
        // No fact came with the edges, so they have no source memory — and nothing else was stored.
        #expect(try await fixture.store.store.memories(userID: "alice").isEmpty)
    }

    @Test("users are isolated: facts, entities, edges, tasks and duplicate checks never cross")
    func isolation() async throws {
        let server = try ExtractionScript.server { request, _ in
            let company = ExtractionScript.prompt(request).user.contains("Initech") ? "Initech" : "Acme Corp"
            return ExtractionScript.reply(
                """
                {"facts": [{"text": "User works at \(company).", "importance": 0.6}, {"text": "User likes coffee.", "importance": 0.4}],
                 "entities": [{"name": "\(company)", "type": "organization"}],
                 "relationships": [{"subject": "User", "predicate": "works at", "object": "\(company)"}],
                 "tasks": [{"description": "Email \(company) HR", "due_date": "2026-11-30T09:00:00Z"}]}
                """)
        }
        let fixture = try await ExtractionFixture(server: server)
        let bob = fixture.client(for: "bob")
        _ = try await fixture.client.chat([.user("I work at Acme Corp and like coffee. Remind me to email HR.")])
        try await fixture.client.flush(timeout: .seconds(30))
        _ = try await bob.chat([.user("I work at Initech and like coffee. Remind me to email HR.")])
        try await bob.flush(timeout: .seconds(30))

        let store = fixture.store.store
        for (user, own, other) in [("alice", "Acme Corp", "Initech"), ("bob", "Initech", "Acme Corp")] {
            let texts = try await store.memories(userID: user).map(\.text)
            #expect(texts == ["User works at \(own).", "User likes coffee."], "\(user)")
            #expect(try await store.entities(userID: user).map(\.name).sorted() == [own, "User"].sorted())
            #expect(try await store.graphFacts(userID: user).map(\.object) == [own])
            #expect(try await store.tasks(userID: user).map(\.description) == ["Email \(own) HR"])
            let hits = try await fixture.store.engine.search("works at \(other)", userID: user, k: 5)
            #expect(!hits.contains { $0.memory.text.contains(other) })
            // Bob's "User likes coffee." is his own new fact, not an update of Alice's.
            #expect(try fixture.inspector().history(user).map(\.action) == ["add", "add"])
        }
        await bob.close()
    }

    @Test("two workers on two connections race for one job: one claims it, asks the model once, writes it once")
    func exactlyOnce() async throws {
        let gate = LoopbackGate()
        let held = OllamaScript.stream(
            [
                OllamaScript.line(content: #"{"facts": [{"text": "User lives in Lisbon.", "importance": 0.7}]}"#),
                OllamaScript.done,
            ],
            gate: gate)
        let server = try ExtractionScript.server(extraction: [held, held])
        let store = try await StoreFixture()
        let job = try await store.store.enqueue(
            ConversationTurn(user: "I live in Lisbon", assistant: "Nice.", at: ExtractionFixture.now), userID: "alice")
        let other = try await store.reopen()
        let provider = OllamaChatProvider(model: "llama3.2", host: server.baseURL)
        let configuration = ExtractionFixture.configuration(reports: ReportLog())
        let first = ExtractionWorker(engine: store.engine, provider: provider, configuration: configuration)
        let second = ExtractionWorker(engine: other, provider: provider, configuration: configuration)

        let results = try await withThrowingTaskGroup(of: ExtractionWorker.DrainResult.self) { group in
            group.addTask { await first.drain(jobIDs: [job]) }
            group.addTask { await second.drain(jobIDs: [job]) }
            // One worker holds the job (a generous bound: parallel tests can starve the pool).
            #expect(await server.waitUntil(timeout: .seconds(30)) { $0.requestCount == 1 })
            // The other finds the job claimed and ends with nothing to do, while the first waits.
            let idle = try #require(try await group.next())
            #expect(idle.reports.isEmpty && idle.unavailable == nil)
            gate.open()
            return try await group.reduce(into: [idle]) { $0.append($1) }
        }
        let outcomes = results.flatMap(\.reports).map(\.outcome)
        #expect(outcomes.count == 1)
        #expect(outcomes.filter { if case .extracted = $0 { true } else { false } }.count == 1)
        #expect(server.requestCount == 1)
        #expect(try await store.store.memories(userID: "alice").map(\.text) == ["User lives in Lisbon."])
        let inspector = try StoreInspector(path: store.path)
        #expect(try inspector.history("alice").map(\.action) == ["add"])
        #expect(try await store.store.queuedJobs().isEmpty)
    }

    @Test("every job reports its phases; timings over the loopback server")
    func timings() async throws {
        let server = try ExtractionScript.server { request, index in
            Self.facts([("User fact number \(index) about topic \(index * 7).", 0.5)])
        }
        let store = try await StoreFixture()
        let turns = (0..<20).map {
            ConversationTurn(
                user: "Turn \($0)", assistant: "OK", at: ExtractionFixture.now.addingTimeInterval(Double($0)))
        }
        try await store.store.enqueue(turns, userID: "alice")
        let worker = ExtractionWorker(
            engine: store.engine, provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL),
            configuration: ExtractionFixture.configuration(reports: ReportLog()))
        let result = await worker.drain()
        #expect(result.reports.count == 20 && result.unavailable == nil)
        #expect(result.reports.allSatisfy { $0.phases.map(\.name) == ["model", "parse", "embed", "write"] })
        #expect(try await store.store.memories(userID: "alice").count == 20)
        func median(_ name: String?) -> Double {
            let values = result.reports.map { report in
                let duration = name.flatMap(report.duration(of:)) ?? report.total
                return Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            }.sorted()
            return values[values.count / 2]
        }
        let line = ["model", "parse", "embed", "write"].map { String(format: "%@ %.2f ms", $0, median($0)) }
        print(
            "extraction per job (median of 20, loopback Ollama, hashing embedder): "
                + line.joined(separator: ", ") + String(format: ", total %.2f ms", median(nil)))
    }
}
