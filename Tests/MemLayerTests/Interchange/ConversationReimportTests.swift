import Foundation
import MemLayer
import Testing

/// Importing conversations again: no turn twice, and every turn of a conversation at one place.
@Suite("Conversation import: importing again")
struct ConversationReimportTests {
    private static func line(_ conversation: String, _ second: Int, _ text: String, id: String? = nil) -> String {
        let idField = id.map { #", "id": "\#($0)""# } ?? ""
        return #"{"conversation": "\#(conversation)", "time": "2023-05-08T13:00:\#(10 + second)Z", "role": "user", "#
            + #""speaker": "Caroline", "text": "\#(text)"\#(idField)}"#
    }

    private static func messages(_ lines: [String]) throws -> [ConversationMessage] {
        try ConversationFileReader.read(Data(lines.joined(separator: "\n").utf8))
    }

    private static func places(_ fixture: StoreFixture) async throws -> [String: Int] {
        var places: [String: Int] = [:]
        for memory in try await fixture.store.memories(userID: "alice") {
            places[memory.text] = try #require(TurnPlace(of: memory)).position
        }
        return places
    }

    @Test("a file without ids imported twice keeps each message once, at the same place")
    func withoutIDs() async throws {
        let fixture = try await StoreFixture()
        let file = try Self.messages([
            Self.line("c1", 0, "I adopted a greyhound"), Self.line("c1", 1, "Thanks!"),
            Self.line("c1", 2, "Thanks!"), Self.line("c2", 3, "Thanks!"),
        ])
        _ = try await fixture.engine.importConversations(file, userID: "alice")
        let first = try await fixture.store.memories(userID: "alice")
        _ = try await fixture.engine.importConversations(file, userID: "alice")
        let second = try await fixture.store.memories(userID: "alice")
        #expect(second.count == 4, "\(second.map(\.text))")
        #expect(Set(second.map(\.id)) == Set(first.map(\.id)))
        #expect(second.map(\.metadataJSON) == first.map(\.metadataJSON))
        // The same words said twice in one conversation stay two turns, one place each.
        let positions = second.filter { $0.id.hasPrefix("c1#") }.compactMap { TurnPlace(of: $0)?.position }
        #expect(positions.sorted() == [1, 2, 3])
    }

    @Test("a second file that continues a conversation numbers on, and its first turn has the last as neighbour")
    func continuedConversation() async throws {
        let fixture = try await StoreFixture()
        let january = try Self.messages([
            Self.line("c1", 0, "I adopted a greyhound called Pixel", id: "D1:1"),
            Self.line("c1", 1, "He sleeps all day", id: "D1:2"),
        ])
        let february = try Self.messages([
            Self.line("c1", 2, "Pixel learned the stairs", id: "D2:1"),
            Self.line("c1", 3, "Now he chases pigeons", id: "D2:2"),
        ])
        _ = try await fixture.engine.importConversations(january, userID: "alice")
        _ = try await fixture.engine.importConversations(february, userID: "alice")
        // Both files again, in the other order: nothing moves.
        _ = try await fixture.engine.importConversations(february, userID: "alice")
        _ = try await fixture.engine.importConversations(january, userID: "alice")
        let places = try await Self.places(fixture)
        #expect(
            places == [
                "Caroline: I adopted a greyhound called Pixel": 1, "Caroline: He sleeps all day": 2,
                "Caroline: Pixel learned the stairs": 3, "Caroline: Now he chases pigeons": 4,
            ])
        let stairs = try #require(try await fixture.store.memory(id: "D2:1", userID: "alice"))
        let around = try await fixture.store.turnNeighbours(of: [stairs], userID: "alice")
        #expect(around["D2:1"]?.before?.id == "D1:2" && around["D2:1"]?.after?.id == "D2:2")
    }
}
