import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Nothing said is lost: every finished chat turn is kept word for word beside the facts
/// extracted from it, whatever the salience gate or the extraction model does with it.
@Suite("Turns kept word for word")
struct KeptTurnTests {
    static func turns(_ fixture: ExtractionFixture) async throws -> [Memory] {
        try await fixture.store.store.memories(userID: "alice").filter { $0.kind == .turn }
    }

    @Test("a turn the gate drops is still found by search: at once by its words, and by vector once embedded")
    func gateDoesNotLoseTheTurn() async throws {
        let fixture = try await ExtractionFixture(extraction: [], gate: RejectingGate(), keepsTurns: true)
        _ = try await fixture.client.chat([.user("My boat is called Kestrel.")])
        let balanced = try await fixture.store.engine.search("Kestrel", userID: "alice", tier: .balanced)
        #expect(balanced.hits.first?.memory.kind == .turn)
        #expect(balanced.text.contains("conversation turn"))
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(fixture.extractionRequests.isEmpty)
        let kept = try await Self.turns(fixture)
        #expect(kept.map(\.text) == ["User: My boat is called Kestrel.\nAssistant: Noted."])
        #expect(kept.first?.embedder == HashingEmbedder().id)
        let fast = try await fixture.store.engine.search("what is my boat called", userID: "alice", tier: .fast)
        #expect(fast.hits.contains { $0.memory.id == kept.first?.id })
    }

    /// The five turns issue 14 found dropped for ever by the old gate, each with a question a
    /// user would later ask about it.
    static let droppedTurns = [
        ("My boat is called Kestrel.", "what is my boat called"),
        ("The kids' dentist is Dr. Okafor on Elm Street.", "who is the children's dentist"),
        ("My laptop is a ThinkPad X1 running Fedora.", "what computer do I use"),
        ("What's a good gift for my niece Emma? She's turning 7 and loves dinosaurs.", "what does Emma like"),
        ("I keep forgetting to water my bonsai, any tips?", "which plant do I have"),
    ]

    @Test("the five turns the old gate dropped are found after the chat by a later question, with the real embedder")
    func issueTurnsAreFound() async throws {
        let store = try await StoreFixture(
            embedder: try MiniLMEmbedder(directory: MiniLMTestSupport.modelDirectory))
        let server = try ExtractionScript.server(
            chat: Array(repeating: OllamaScript.answer(["Noted."]), count: Self.droppedTurns.count), extraction: [])
        let fixture = try await ExtractionFixture(server: server, store: store, gate: RejectingGate(), keepsTurns: true)
        for (turn, _) in Self.droppedTurns {
            _ = try await fixture.client.chat([.user(turn)])
        }
        try await fixture.client.flush(timeout: .seconds(60))
        #expect(fixture.extractionRequests.isEmpty)
        // One message per call, as a stateless app sends them: still five places, in order.
        let places = try await Self.turns(fixture).compactMap { TurnPlace(of: $0)?.position }
        #expect(places.sorted() == [1, 2, 3, 4, 5])
        for (turn, question) in Self.droppedTurns {
            let result = try await store.engine.search(question, userID: "alice", tier: .balanced, limit: 3)
            #expect(
                result.hits.contains { $0.memory.kind == .turn && $0.memory.text.contains(turn) },
                "\(question) → \(result.hits.map(\.memory.text))")
        }
    }

    @Test("when extraction fails for good, the kept turn is the one memory of it: no copy, and it has its vector")
    func failedExtractionMakesNoCopy() async throws {
        let garbage = ExtractionScript.reply("I cannot do that.")
        let fixture = try await ExtractionFixture(extraction: [garbage, garbage, garbage], keepsTurns: true)
        _ = try await fixture.client.chat([.user("My laptop is a ThinkPad X1 running Fedora.")])
        try await fixture.client.flush(timeout: .seconds(30))
        let kept = try await Self.turns(fixture)
        #expect(kept.count == 1)
        #expect(kept.first?.embedder == HashingEmbedder().id)
        #expect(try await fixture.store.store.queuedJobs().isEmpty)
    }

    @Test("with keepsTurns off nothing verbatim is stored")
    func privacySwitch() async throws {
        let fixture = try await ExtractionFixture(extraction: [], gate: RejectingGate(), keepsTurns: false)
        _ = try await fixture.client.chat([.user("My boat is called Kestrel.")])
        try await fixture.client.flush(timeout: .seconds(30))
        #expect(try await fixture.store.store.memories(userID: "alice").isEmpty)
    }

    @Test("turns are kept per user: another user's search never sees them")
    func isolation() async throws {
        let fixture = try await ExtractionFixture(extraction: [], gate: RejectingGate(), keepsTurns: true)
        _ = try await fixture.client.chat([.user("My boat is called Kestrel.")])
        let other = try await fixture.store.engine.search("Kestrel", userID: "bob", tier: .balanced)
        #expect(other.hits.isEmpty)
    }

    @Test("with an in-process embedder the kept turn has its vector when the turn ends, before any worker runs")
    func vectorAtOnce() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Noted."])])  // no extraction worker
        _ = try await fixture.client.chat([.user("I work as a nurse at Santa Maria hospital.")])
        let kept = try #require(try await fixture.store.store.memories(userID: "alice").first { $0.kind == .turn })
        #expect(kept.embedder == HashingEmbedder().id)
        let fast = try await fixture.store.engine.search("where do I work as a nurse", userID: "alice", tier: .fast)
        #expect(fast.hits.first?.memory.id == kept.id)
    }

    @Test("a fallback answer does not quote back a turn in which the user only asked something")
    func questionTurnsAreNotAnswers() {
        let question = Memory.turnForTest("User: Where does my sister live?\nAssistant: I don't know.")
        let statement = Memory.turnForTest("User: My sister Dana lives in Porto.\nAssistant: Noted.")
        #expect(MemoryTools.isQuestionTurn(question))
        #expect(!MemoryTools.isQuestionTurn(statement))
    }
}

extension Memory {
    static func turnForTest(_ text: String) -> Memory {
        Memory(
            id: "t", userID: "alice", text: text, kind: .turn, importance: 0.5, createdAt: Date(), updatedAt: Date(),
            expiresAt: nil, lastAccessedAt: nil, accessCount: 0, status: .active, source: "chat", metadataJSON: nil,
            embedder: nil)
    }
}
