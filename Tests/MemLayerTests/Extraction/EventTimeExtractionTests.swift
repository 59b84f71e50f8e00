import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Extraction records when a fact's event happened, resolved from the turn's own time, apart
/// from when it was learned, and links the fact to the kept turn it came from.
@Suite("Extraction: event time and sources")
struct EventTimeExtractionTests {
    static func fact(_ text: String, event: String?) -> String {
        let date = event.map { "\"\($0)\"" } ?? "null"
        return #"{"facts": [{"text": "\#(text)", "importance": 0.6, "expires_at": null, "event_date": \#(date)}], "#
            + #""entities": [], "relationships": [], "tasks": []}"#
    }

    @Test("a relative event date resolves against the turn's time; the fact is linked to its kept turn")
    func relativeEventDate() async throws {
        // The turn is said on Thursday 26 November 2026: "last March" is March 2026.
        let fixture = try await ExtractionFixture(
            extraction: [ExtractionScript.reply(Self.fact("User moved to Berlin.", event: "last March"))],
            keepsTurns: true)
        _ = try await fixture.client.chat([.user("We moved to Berlin last March.")])
        try await fixture.client.flush(timeout: .seconds(30))
        let fact = try #require(try await fixture.facts().first)
        #expect(fact.eventAt == ISO8601.parse("2026-03-01T00:00:00Z"))
        #expect(fact.createdAt == ExtractionFixture.now)
        let turn = try #require(try await KeptTurnTests.turns(fixture).first)
        let sources = try await fixture.store.store.sources(of: [fact], userID: "alice")
        #expect(sources[fact.id]?.map(\.turnID) == [turn.id])

        let result = try await fixture.store.engine.search(
            "when did I move to Berlin?", userID: "alice", tier: .balanced, limit: nil, now: ExtractionFixture.now,
            timeZone: TimeZone(identifier: "UTC")!)
        #expect(
            result.text.contains(
                "(2026-11-26, happened 2026-03-01, from the conversation of 26 November 2026, id \(fact.id)) User moved to Berlin."
            ), "\(result.text)")

        // Forgetting the turn removes the link, never the fact; forgetting the fact leaves the turn.
        try await fixture.store.store.forget(id: turn.id, userID: "alice")
        #expect(try await fixture.store.store.memory(id: fact.id, userID: "alice") != nil)
        #expect(try await fixture.store.store.sources(of: [fact], userID: "alice").isEmpty)
        #expect(try fixture.inspector().count("SELECT count(*) FROM memory_sources") == 0)
    }

    @Test("with no event date from the model, the fact's own words date it; an impossible date dates nothing")
    func fallbackAndImpossibleDates() async throws {
        let fixture = try await ExtractionFixture(
            extraction: [
                ExtractionScript.reply(Self.fact("User started at Acme in May 2019.", event: nil)),
                ExtractionScript.reply(Self.fact("User's sister married.", event: "2023-02-30")),
            ])
        _ = try await fixture.client.chat([.user("I started at Acme in May 2019.")])
        try await fixture.client.flush(timeout: .seconds(30))
        _ = try await fixture.client.chat([.user("My sister married on 30 February 2023.")])
        try await fixture.client.flush(timeout: .seconds(30))
        let facts = try await fixture.facts()
        #expect(facts.first { $0.text.contains("Acme") }?.eventAt == ISO8601.parse("2019-05-01T00:00:00Z"))
        let married = try #require(facts.first { $0.text.contains("married") })
        #expect(married.eventAt == nil)
    }

    @Test("the parser reads ISO and relative event dates and refuses impossible ones")
    func parser() throws {
        let said = ISO8601.parse("2024-03-01T10:00:00Z")!
        let parser = ExtractionReplyParser(timeZone: TimeZone(identifier: "UTC")!, reference: said)
        #expect(parser.eventDate("2024-02-29") == ISO8601.parse("2024-02-29T00:00:00Z"))
        #expect(parser.eventDate("yesterday") == ISO8601.parse("2024-02-29T00:00:00Z"))
        #expect(parser.eventDate("3 days ago") == ISO8601.parse("2024-02-27T00:00:00Z"))
        #expect(parser.eventDate("2023-02-29") == nil)
        #expect(parser.eventDate("1066-10-14") == nil)
        #expect(parser.eventDate("2400-01-01") == nil)
        #expect(parser.eventDate("sometime") == nil)
    }
}
