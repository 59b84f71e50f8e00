import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// A query that names a time ranks what was said, learned or happened then first — boosted,
/// never filtered — and every result carries the dates a model needs to answer "when".
@Suite("Search: time-aware ranking")
struct TimeAwareSearchTests {
    static let utc = TimeZone(identifier: "UTC")!
    /// Saturday 10 June 2023, noon UTC: when the questions are asked.
    static let asked = ISO8601.parse("2023-06-10T12:00:00Z")!

    /// The same words said in March and in May 2023 (two conversations), among filler.
    static func gardenStore() async throws -> SearchFixture {
        let fixture = try await SearchFixture()
        let lines = [
            #"{"conversation": "c1", "time": "2023-03-14T18:00:00Z", "role": "user", "text": "We planted tomatoes in the garden", "id": "march"}"#,
            #"{"conversation": "c2", "time": "2023-05-09T18:00:00Z", "role": "user", "text": "We planted tomatoes in the garden", "id": "may"}"#,
        ]
        let messages = try ConversationFileReader.read(Data(lines.joined(separator: "\n").utf8))
        _ = try await fixture.engine.importConversations(messages, userID: "alice")
        try await fixture.add(SearchFixture.filler)
        return fixture
    }

    static func search(_ engine: MemoryEngine, _ query: String, tier: SearchTier = .balanced) async throws
        -> MemorySearchResult
    {
        try await engine.search(query, userID: "alice", tier: tier, limit: nil, now: asked, timeZone: utc)
    }

    @Test("a similarity floor leaves the time boost alone: it judges closeness, the window still orders")
    func floorKeepsTimeBoost() async throws {
        let fixture = try await Self.gardenStore()
        let query = "what did I say about the garden in March 2023"
        let all = try await Self.search(fixture.engine, query)
        let floor = Double(try #require(all.hits.first { $0.memory.id == "may" }?.similarity)) - 0.01
        let floored = try await fixture.engine.search(
            query, userID: "alice", tier: .balanced, limit: nil, now: Self.asked, timeZone: Self.utc,
            minimumSimilarity: floor)
        #expect(floored.hits.map(\.memory.id).prefix(2) == ["march", "may"])
        #expect(floored.scores["march"]?.inTimeWindow == true && floored.timeWindow?.phrase == "March 2023")
        #expect(floored.hits.allSatisfy { Double($0.similarity ?? 1) >= floor })
    }

    @Test("\"in May 2023\" and \"in March 2023\" each put the words said then first")
    func monthWindow() async throws {
        let fixture = try await Self.gardenStore()
        let may = try await Self.search(fixture.engine, "what did I say about the garden in May 2023")
        #expect(may.hits.first?.memory.id == "may")
        #expect(may.timeWindow?.phrase == "May 2023")
        let march = try await Self.search(fixture.engine, "what did I say about the garden in March 2023")
        #expect(march.hits.first?.memory.id == "march")
        #expect(march.scores["march"]?.inTimeWindow == true && march.scores["may"]?.inTimeWindow == false)
        // Boosted, not filtered: the May turn is still found, just second.
        #expect(march.hits.map(\.memory.id).prefix(2) == ["march", "may"])
        #expect(march.text.contains("Ranked first: memories from \"March 2023\" (2023-03-01 to 2023-03-31)."))
    }

    @Test("without the time boost the same question ranks the newer turn first (the boost is what decides)")
    func withoutBoost() async throws {
        let fixture = try await Self.gardenStore()
        var engine = fixture.engine
        engine.timeAwareRanking = false
        let march = try await Self.search(engine, "what did I say about the garden in March 2023")
        #expect(march.hits.first?.memory.id == "may")
        #expect(march.timeWindow == nil && march.scores["march"]?.inTimeWindow == nil)
    }

    @Test("relative windows resolve against the question's time; nothing in the window still finds the best match")
    func relativeWindows() async throws {
        let fixture = try await Self.gardenStore()
        // 10 June 2023: "a month ago" is May, "three months ago" is March.
        let month = try await Self.search(fixture.engine, "tomatoes in the garden a month ago")
        #expect(month.hits.first?.memory.id == "may")
        let three = try await Self.search(fixture.engine, "tomatoes in the garden three months ago")
        #expect(three.hits.first?.memory.id == "march")
        let yesterday = try await Self.search(fixture.engine, "tomatoes in the garden yesterday")
        #expect(Set(yesterday.hits.prefix(2).map(\.memory.id)) == ["march", "may"])
        #expect(yesterday.text.contains("2023-06-09"))
    }

    @Test("an event the question is placed before is dated by search, and what came just before it ranks first")
    func eventAnchor() async throws {
        let fixture = try await SearchFixture()
        let lines = [
            #"{"conversation": "c1", "time": "2023-04-20T09:00:00Z", "role": "user", "text": "I bought sunscreen and a hat", "id": "before"}"#,
            #"{"conversation": "c2", "time": "2023-05-01T09:00:00Z", "role": "user", "text": "Tomorrow we fly to Lisbon for the trip", "id": "trip"}"#,
            #"{"conversation": "c3", "time": "2023-05-30T09:00:00Z", "role": "user", "text": "I bought sunscreen and a hat", "id": "after"}"#,
        ]
        let messages = try ConversationFileReader.read(Data(lines.joined(separator: "\n").utf8))
        _ = try await fixture.engine.importConversations(messages, userID: "alice")
        try await fixture.add(SearchFixture.filler)
        let result = try await Self.search(fixture.engine, "what did I buy before the trip to Lisbon?")
        #expect(result.timeWindow?.end == ISO8601.parse("2023-05-01T09:00:00Z"))
        let order = result.hits.map(\.memory.id)
        #expect((order.firstIndex(of: "before") ?? 99) < (order.firstIndex(of: "after") ?? 99), "\(order)")
    }

    @Test("\"when did I move to Berlin?\": the fact says when it happened and the conversation it was learned from")
    func whenQuestion() async throws {
        let fixture = try await SearchFixture()
        let lines = [
            #"{"conversation": "c7", "time": "2023-05-03T10:00:00Z", "role": "user", "text": "We moved to Berlin in March 2019", "id": "t1"}"#
        ]
        let messages = try ConversationFileReader.read(Data(lines.joined(separator: "\n").utf8))
        _ = try await fixture.engine.importConversations(messages, userID: "alice")
        let fact = NewMemory(
            text: "User moved to Berlin in March 2019.", createdAt: ISO8601.parse("2023-05-03T10:00:00Z"),
            embedding: HashingEmbedder().vector(for: "User moved to Berlin in March 2019."),
            eventAt: ISO8601.parse("2019-03-01T00:00:00Z"), sourceTurnIDs: ["t1"])
        let stored = try await fixture.store.insert([fact], userID: "alice")[0]
        try await fixture.add(SearchFixture.filler)
        let result = try await Self.search(fixture.engine, "When did I move to Berlin?")
        let line = try #require(result.text.split(separator: "\n").first { $0.contains("id \(stored.id)") })
        #expect(
            line.hasSuffix(
                "(2023-05-03, happened 2019-03-01, from the conversation of 3 May 2023, id \(stored.id)) "
                    + "User moved to Berlin in March 2019."), "\(line)")
        #expect(result.text.contains("Dates: the first is when it was said or learned"))
        #expect(result.sources[stored.id]?.map(\.turnID) == ["t1"])
        #expect(result.sources[stored.id]?.first?.conversation == "c7")
    }

    @Test("a fact about something that happened in the window ranks up by its event time, not when it was learned")
    func eventTimeRanks() async throws {
        let fixture = try await SearchFixture()
        let learned = ISO8601.parse("2023-05-03T10:00:00Z")!
        let texts = ["User went hiking in the Alps.", "User went hiking in the Alps with Dana."]
        let items = [
            NewMemory(
                text: texts[0], createdAt: learned, embedding: HashingEmbedder().vector(for: texts[0]),
                eventAt: ISO8601.parse("2021-08-14T00:00:00Z")),
            NewMemory(
                text: texts[1], createdAt: learned, embedding: HashingEmbedder().vector(for: texts[1]),
                eventAt: ISO8601.parse("2019-07-02T00:00:00Z")),
        ]
        let stored = try await fixture.store.insert(items, userID: "alice")
        try await fixture.add(SearchFixture.filler)
        let result = try await Self.search(fixture.engine, "hiking in the Alps in 2019")
        #expect(result.hits.first?.memory.id == stored[1].id)
        let other = try await Self.search(fixture.engine, "hiking in the Alps in 2021")
        #expect(other.hits.first?.memory.id == stored[0].id)
    }

    @Test("the chat's search_memory resolves \"last week\" against the client's clock")
    func throughTheClient() async throws {
        let fixture = try await ClientFixture([
            OllamaScript.calls([("search_memory", #"{"query":"what did I cook last week"}"#)]),
            OllamaScript.answer(["Risotto."]),
        ])
        // ClientFixture.now is Thursday 26 November 2026: last week is 16–22 November.
        let cooked = NewMemory(
            text: "User: I cooked risotto\nAssistant: Nice.", kind: .turn,
            createdAt: ISO8601.parse("2026-11-18T19:00:00Z"))
        try await fixture.store.store.insert([cooked], userID: "alice")
        _ = try await fixture.client.chat([.user("What did I cook last week?")])
        let tool = fixture.messages(1).last?["content"] as? String ?? ""
        #expect(tool.contains("Ranked first: memories from \"last week\" (2026-11-16 to 2026-11-22)."), "\(tool)")
        #expect(tool.contains("(2026-11-18, conversation turn"))
    }
}
