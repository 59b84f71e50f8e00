import Foundation
import MemLayer
import MemLayerTesting
import Testing

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
}
