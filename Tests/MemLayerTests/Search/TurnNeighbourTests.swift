import Foundation
import MemLayer
import Testing

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

    @Test("fast tier: no neighbours; a neighbour that is a hit itself is not repeated")
    func fastAndRepeats() async throws {
        let fixture = try await importedFixture()
        let fast = try await fixture.search("greyhound adopted", tier: .fast)
        #expect(fast.neighbours.isEmpty && !fast.text.contains("before:"))
        let deep = try await fixture.search("How was your week? greyhound", tier: .deep)
        let ids = deep.hits.map(\.memory.id)
        try #require(ids.contains("D1:1") && ids.contains("D1:2"))
        #expect(!deep.text.contains("before: Melanie: How was your week?"), "\(deep.text)")
    }

    @Test("a forgotten neighbour is no longer shown")
    func forgotten() async throws {
        let fixture = try await importedFixture()
        try await fixture.store.forget(id: "D1:1", userID: "alice")
        let result = try await fixture.search("greyhound adopted", tier: .balanced, limit: 1)
        #expect(result.neighbours["D1:2"]?.before == nil && result.neighbours["D1:2"]?.after?.id == "D1:3")
    }
}
