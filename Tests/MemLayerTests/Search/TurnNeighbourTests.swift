import Foundation
import Testing

@testable import MemLayer

/// A turn hit comes with the turns around it in the balanced and deep tiers.
@Suite("Search: turn neighbours")
struct TurnNeighbourTests {
    private static func line(_ conversation: String, _ minute: Int, _ speaker: String, _ text: String, _ id: String)
        -> String
    {
        #"{"conversation": "\#(conversation)", "time": "2023-05-08T13:\#(minute):00Z", "role": "user", "#
            + #""speaker": "\#(speaker)", "text": "\#(text)", "id": "\#(id)"}"#
    }

    private func importedFixture() async throws -> SearchFixture {
        let fixture = try await SearchFixture()
        let file = [
            Self.line("c1", 10, "Melanie", "How was your week?", "D1:1"),
            Self.line("c1", 11, "Caroline", "I adopted a greyhound called Pixel", "D1:2"),
            Self.line("c1", 12, "Melanie", "Oh lovely, send me pictures!", "D1:3"),
            Self.line("c2", 20, "Melanie", "Pixel chewed my umbrella", "D2:1"),
        ].joined(separator: "\n")
        let messages = try ConversationFileReader.read(Data(file.utf8))
        _ = try await fixture.engine.importConversations(messages, userID: "alice")
        try await fixture.add(SearchFixture.filler)
        return fixture
    }

    @Test("balanced: the turns before and after a turn hit, same conversation only, in the tool text")
    func balanced() async throws {
        let fixture = try await importedFixture()
        let result = try await fixture.search("greyhound adopted", tier: .balanced, limit: 1)
        #expect(result.hits.first?.memory.id == "D1:2")
        let around = try #require(result.neighbours["D1:2"])
        #expect(around.before?.id == "D1:1" && around.after?.id == "D1:3")
        #expect(result.text.contains("conversation turn, id D1:2) Caroline: I adopted a greyhound called Pixel"))
        #expect(result.text.contains("\n    before: Melanie: How was your week?\n    after: Melanie: Oh lovely"))
        #expect(!result.text.contains("umbrella"))
    }

    @Test("fast tier: no neighbours; a turn beside a better hit is shown once, as its neighbour")
    func fastAndRepeats() async throws {
        let fixture = try await importedFixture()
        let fast = try await fixture.search("greyhound adopted", tier: .fast)
        #expect(fast.neighbours.isEmpty && !fast.text.contains("before:"))
        let deep = try await fixture.search("How was your week? greyhound", tier: .deep)
        let ids = deep.hits.map(\.memory.id)
        // Both turns match; the better one is a hit and the other is shown beside it, not again:
        // no two turn hits are next to each other.
        let places = deep.hits.compactMap { TurnPlace(of: $0.memory) }
        for (index, place) in places.enumerated() {
            for other in places[(index + 1)...] where other.conversation == place.conversation {
                #expect(abs(other.position - place.position) >= 2, "\(ids)")
            }
        }
        #expect(ids.contains("D1:1") != ids.contains("D1:2"), "\(ids)")
        #expect(deep.text.contains("before: Melanie: How was your week?") != ids.contains("D1:1"), "\(deep.text)")
        // The place went to the next distinct memory.
        #expect(ids.count == 10, "\(ids)")
    }

    @Test("k results show k exchanges: a turn next to a better turn hit gives its place away")
    func onePlacePerExchange() {
        func entry(_ rowID: Int64) -> SearchRanking.Entry {
            .init(
                rowID: rowID, score: 0, relevance: 0,
                details: SearchScore(score: 0, relevance: 0, importance: 0, recency: 0))
        }
        let places: [Int64: TurnPlace] = [
            1: TurnPlace(conversation: "c1", position: 5), 2: TurnPlace(conversation: "c1", position: 6),
            3: TurnPlace(conversation: "c2", position: 6), 4: TurnPlace(conversation: "c1", position: 4),
            5: TurnPlace(conversation: "c1", position: 7), 6: TurnPlace(conversation: "c1", position: 8),
        ]
        // 7 is a fact (no place): never left out.
        let kept = SearchRanking.onePerPlace([1, 2, 3, 7, 4, 5, 6].map(entry), places: places).map(\.rowID)
        #expect(kept == [1, 3, 7, 5])
        // Two turns numbered alike (clients that placed one conversation the same way): the
        // second is not shown beside the first, so it keeps its own place.
        let twins: [Int64: TurnPlace] = [1: TurnPlace(conversation: "c1", position: 1), 2: TurnPlace(conversation: "c1", position: 1)]
        #expect(SearchRanking.onePerPlace([1, 2].map(entry), places: twins).map(\.rowID) == [1, 2])
    }

    @Test("a forgotten neighbour is no longer shown")
    func forgotten() async throws {
        let fixture = try await importedFixture()
        try await fixture.store.forget(id: "D1:1", userID: "alice")
        let result = try await fixture.search("greyhound adopted", tier: .balanced, limit: 1)
        #expect(result.neighbours["D1:2"]?.before == nil && result.neighbours["D1:2"]?.after?.id == "D1:3")
    }
}
