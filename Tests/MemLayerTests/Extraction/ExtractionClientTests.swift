import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Turns extracted end to end: MemoryClient → scripted Ollama (JSON mode) → the store.
@Suite("Extraction through MemoryClient")
struct ExtractionClientTests {
    static let sisterTurn =
        "My sister Dana Smith lives in Porto and I'm visiting her next week. Remind me tomorrow at 9 to book the train."

    static let sisterReply = """
        {"facts": [
           {"text": "User's sister Dana Smith lives in Porto.", "importance": 0.9, "expires_at": null},
           {"text": "User is visiting Dana in Porto next week.", "importance": 0.5, "expires_at": "2026-12-06T23:59:00Z"}],
         "entities": [{"name": "Dana Smith", "type": "person"}, {"name": "Porto", "type": "place"}],
         "relationships": [
           {"subject": "Dana Smith", "predicate": "sister of", "object": "User"},
           {"subject": "Dana Smith", "predicate": "lives in", "object": "Porto"}],
         "tasks": [{"description": "Book the train to Porto", "due_date": "2026-11-27T09:00:00Z"}]}
        """

    @Test("facts with importance and expiry, entities, sourced edges and the reminder land; the job is gone")
    func validReply() async throws {
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(Self.sisterReply)])
        #expect(try await fixture.client.chat([.user(Self.sisterTurn)]) == "Noted.")
        try await fixture.client.flush(timeout: .seconds(30))

        let facts = try await fixture.facts()
        #expect(
            facts.map(\.text) == [
                "User's sister Dana Smith lives in Porto.", "User is visiting Dana in Porto next week.",
            ])
        #expect(facts.map(\.importance) == [0.9, 0.5])
        #expect(facts.map(\.expiresAt) == [nil, ISO8601.parse("2026-12-06T23:59:00Z")])
        #expect(
            facts.allSatisfy {
                $0.source == "chat" && $0.embedder == HashingEmbedder().id && $0.createdAt == ExtractionFixture.now
            })
        #expect(try await fixture.store.store.memories(userID: "alice").count == 2)  // no raw turn besides

        let entities = try await fixture.store.store.entities(userID: "alice")
        #expect(entities.map(\.name) == ["Dana Smith", "Porto", "User"])
        #expect(entities.map(\.type) == ["person", "place", "person"])  // the speaker is a person
        let inspector = try fixture.inspector()
        #expect(
            try inspector.edgeSources("alice") == [
                "Dana Smith lives_in Porto <- User's sister Dana Smith lives in Porto.",
                "Dana Smith sister_of User <- User's sister Dana Smith lives in Porto.",
            ])
        let tasks = try await fixture.store.store.tasks(userID: "alice")
        #expect(tasks.map(\.description) == ["Book the train to Porto"])
        #expect(tasks.first?.dueAt == ISO8601.parse("2026-11-27T09:00:00Z"))
        #expect(try inspector.history("alice").map(\.action) == ["add", "add"])
        #expect(try inspector.history("alice").allSatisfy { $0.reason == "extracted from chat" })
        #expect(try await fixture.store.store.queuedJobs().isEmpty)
        let hit = try await fixture.store.engine.search("where does my sister Dana live", userID: "alice", k: 1)
        #expect(hit.first?.memory.text == "User's sister Dana Smith lives in Porto.")

        // One extraction call, in JSON mode, told the date, time and zone, with the whole turn.
        #expect(fixture.extractionRequests.count == 1)
        let request = try #require(fixture.extractionRequests.first)
        let (system, user) = ExtractionScript.prompt(request)
        #expect(system.contains("Thursday, 26 November 2026, 10:30") && system.contains("UTC+00:00"), "\(system)")
        #expect(system.contains("2026-11-26T10:30:00+00:00"))
        #expect(user == "Conversation turn:\nUser: \(Self.sisterTurn)\nAssistant: Noted.")
        let summary = fixture.reports.outcomes
        guard case .extracted(let written)? = summary.first else {
            Issue.record("expected an extraction, got \(summary)")
            return
        }
        #expect(written.addedFactIDs == facts.map(\.id) && written.entities == 3 && written.relationships == 2)
        #expect(written.tasksAdded == 1)
    }

    @Test(
        "fenced, chatty and type-sloppy replies store exactly the usable items",
        arguments: [
            "```json\n{\"facts\": [{\"text\": \"User is allergic to peanuts.\", \"importance\": \"0.8\"}]}\n```",
            "Here is the JSON: {\"facts\": [{\"text\": \"User is allergic to peanuts.\", \"importance\": 0.8}]} Hope this helps!",
            """
            {"facts": [{"text": "User is allergic to peanuts.", "importance": "80%", "expires_at": "whenever", "mood": "ok"},
                       {"importance": 1}, {"text": ""}],
             "entities": [{"name": ""}], "relationships": [{"subject": "User"}], "tasks": null, "confidence": "high"}
            """,
        ])
    func wrappedReplies(reply: String) async throws {
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(reply)])
        _ = try await fixture.client.chat([.user("I'm allergic to peanuts")])
        try await fixture.client.flush(timeout: .seconds(30))
        let facts = try await fixture.facts()
        #expect(facts.map(\.text) == ["User is allergic to peanuts."])
        #expect(facts.map(\.importance) == [0.8] && facts.first?.expiresAt == nil)
        #expect(try await fixture.store.store.entities(userID: "alice").isEmpty)
        #expect(try await fixture.store.store.graphFacts(userID: "alice").isEmpty)
        #expect(try await fixture.store.store.tasks(userID: "alice").isEmpty)
        #expect(fixture.extractionRequests.count == 1)
    }

    @Test("out-of-range importance is clamped")
    func clamped() async throws {
        let reply =
            #"{"facts": [{"text": "User is a pilot.", "importance": 7}, {"text": "User hums.", "importance": -0.5}]}"#
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(reply)])
        _ = try await fixture.client.chat([.user("I fly planes for a living, and I hum.")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.importance) == [1, 0])
    }

    @Test("a turn the gate rejects is dropped without an LLM call and leaves nothing behind")
    func notSalient() async throws {
        let gate = SmallTalkGate()
        let reply = #"{"facts": [{"text": "User's cat is called Miso.", "importance": 0.6}]}"#
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(reply)], gate: gate)
        _ = try await fixture.client.chat([.user("thanks!")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(fixture.extractionRequests.isEmpty)
        #expect(try await fixture.store.store.memories(userID: "alice").isEmpty)
        #expect(try fixture.inspector().history("alice").isEmpty)
        #expect(try await fixture.store.store.queuedJobs().isEmpty)
        guard case .notSalient(let decision)? = fixture.reports.outcomes.first else {
            Issue.record("expected the gate to drop the turn: \(fixture.reports.outcomes)")
            return
        }
        #expect(decision.reason == "test: small talk")

        _ = try await fixture.client.chat([.user("My cat is called Miso")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == ["User's cat is called Miso."])
        #expect(gate.evaluated == ["thanks!", "My cat is called Miso"])  // the user's message, not the answer
    }

    @Test("remember queues a note that is never gated; its importance wins; raw stores it as written")
    func notes() async throws {
        let reply = """
            {"facts": [{"text": "User is allergic to peanuts.", "importance": 0.4}],
             "entities": [{"name": "peanuts", "type": "thing"}],
             "relationships": [{"subject": "User", "predicate": "allergic to", "object": "peanuts"}]}
            """
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(reply)], gate: RejectingGate())
        let receipt = try await fixture.client.remember("I'm allergic to peanuts", importance: 1)
        guard case .queued(let jobs) = receipt, jobs.count == 1 else {
            Issue.record("expected one queued job, got \(receipt)")
            return
        }
        try await fixture.client.flush(timeout: .seconds(30))
        let facts = try await fixture.facts()
        #expect(facts.map(\.text) == ["User is allergic to peanuts."])
        #expect(facts.map(\.importance) == [1] && facts.first?.source == "note")
        #expect(
            ExtractionScript.prompt(fixture.extractionRequests[0]).user
                == "The user asked you to remember this:\nI'm allergic to peanuts")
        #expect(
            try fixture.inspector().edgeSources("alice") == ["User allergic_to peanuts <- User is allergic to peanuts."]
        )

        let raw = try await fixture.client.remember("Locker code is 4512", raw: true)
        guard case .stored(let stored) = raw else {
            Issue.record("expected the text stored as written, got \(raw)")
            return
        }
        #expect(stored.map(\.text) == ["Locker code is 4512"])
        #expect(fixture.extractionRequests.count == 1)
    }

    @Test("a note the model finds no fact in is kept as the fact itself, with the edges it did find")
    func noteWithoutFacts() async throws {
        let reply = #"""
            {"facts": [], "entities": [{"name": "Vim", "type": "thing"}],
             "relationships": [{"subject": "User", "predicate": "uses", "object": "Vim"}]}
            """#
        let fixture = try await ExtractionFixture(extraction: [ExtractionScript.reply(reply)])
        try await fixture.client.remember("vim > emacs")
        try await fixture.client.flush(timeout: .seconds(30))
        let facts = try await fixture.facts()
        #expect(facts.map(\.text) == ["vim > emacs"] && facts.map(\.importance) == [0.5])
        #expect(try fixture.inspector().edgeSources("alice") == ["User uses Vim <- vim > emacs"])
    }

    @Test("ingest splits a document, extracts each chunk with its own call, and raw ingest stores chunks as documents")
    func documents() async throws {
        let server = try ExtractionScript.server { request, _ in
            // Each chunk's reply names the chunk, so every fact can be traced to its call.
            let user = ExtractionScript.prompt(request).user
            let number = user.components(separatedBy: "Section ").dropFirst().first?.prefix { $0.isNumber } ?? "?"
            return ExtractionScript.reply(
                #"{"facts": [{"text": "Handbook section \#(number) was read.", "importance": 0.3}]}"#)
        }
        let fixture = try await ExtractionFixture(server: server, gate: RejectingGate())
        let section = { (n: Int) in "Section \(n). " + String(repeating: "Policy text goes here. ", count: 40) }
        let document = (1...3).map(section).joined(separator: "\n\n")
        let receipt = try await fixture.client.ingest(document, source: "handbook.md")
        guard case .queued(let jobs) = receipt else {
            Issue.record("expected queued chunks, got \(receipt)")
            return
        }
        #expect(jobs.count == 3)
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.facts().map(\.text) == (1...3).map { "Handbook section \($0) was read." })
        #expect(try await fixture.facts().allSatisfy { $0.source == "handbook.md" })
        #expect(
            fixture.extractionRequests.allSatisfy {
                ExtractionScript.prompt($0).user.hasPrefix(
                    "Excerpt of a document the user shared (handbook.md):\nSection ")
            })

        let raw = try await fixture.client.ingest(document, source: "handbook.md", raw: true)
        guard case .stored(let memories) = raw else {
            Issue.record("expected stored chunks, got \(raw)")
            return
        }
        #expect(memories.count == 3 && memories.allSatisfy { $0.kind == .document && $0.source == "handbook.md" })
        #expect(fixture.extractionRequests.count == 3)
    }
}
