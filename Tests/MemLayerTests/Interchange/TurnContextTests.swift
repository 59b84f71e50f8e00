import Foundation
import MemLayer
import Testing

/// An imported message is embedded after the message before it in its conversation.
@Suite("Conversation import: each message's vector carries the message before it")
struct TurnContextTests {
    private static func line(_ conversation: String, _ second: Int, _ speaker: String, _ text: String, _ id: String)
        -> String
    {
        #"{"conversation": "\#(conversation)", "time": "2023-05-08T13:00:\#(10 + second)Z", "role": "user", "#
            + #""speaker": "\#(speaker)", "text": "\#(text)", "id": "\#(id)"}"#
    }

    private static func messages(_ lines: [String]) throws -> [ConversationMessage] {
        try ConversationFileReader.read(Data(lines.joined(separator: "\n").utf8))
    }

    /// Whether `id`'s stored vector is the embedding of `text`: the nearest memory to that
    /// embedding is `id`, at cosine 1.
    private static func isEmbedded(_ id: String, as text: String, in engine: MemoryEngine) async throws -> Bool {
        let vector = try await engine.embedder.embed([text])[0]
        let hit = try #require(try await engine.store.search(vector: vector, userID: "alice", k: 1).first)
        return hit.memory.id == id && abs(hit.score - 1) < 1e-5
    }

    @Test("the context is the end of the message before, then the message; none for a first message")
    func embeddingText() {
        #expect(TurnContext.embeddingText(of: "Priya: In Wakefield.", after: nil) == "Priya: In Wakefield.")
        #expect(
            TurnContext.embeddingText(of: "Priya: In Wakefield.", after: "Daniel: Where from?")
                == "Daniel: Where from?\nPriya: In Wakefield.")
        let long = String(repeating: "a", count: 1_000) + "END"
        let text = TurnContext.embeddingText(of: "Priya: yes", after: long)
        #expect(text.hasPrefix("…") && text.hasSuffix("END\nPriya: yes"))
        #expect(text.count == TurnContext.previousCharacterLimit + 1 + "\nPriya: yes".count)
    }

    @Test("the plan pairs each message with the one before it in the same conversation")
    func plan() throws {
        let plan = ConversationImport(
            messages: try Self.messages([
                Self.line("c1", 0, "Daniel", "Where did you get him?", "D1:1"),
                Self.line("c2", 1, "Sam", "Hello", "E1:1"),
                Self.line("c1", 2, "Priya", "From a rescue in Wakefield.", "D1:2"),
            ]), extract: false)
        #expect(
            plan.embeddingTexts == [
                "Daniel: Where did you get him?", "Sam: Hello",
                "Daniel: Where did you get him?\nPriya: From a rescue in Wakefield.",
            ])
        #expect(
            plan.memories.map(\.text) == [
                "Daniel: Where did you get him?", "Sam: Hello", "Priya: From a rescue in Wakefield.",
            ])
        #expect(plan.firstOfConversation == ["c1": 0, "c2": 1])
    }

    @Test("import, a file that continues a conversation, and importing again all embed the same context")
    func importedVectors() async throws {
        let fixture = try await StoreFixture()
        let january = try Self.messages([
            Self.line("c1", 0, "Daniel", "Where did you get him?", "D1:1"),
            Self.line("c1", 1, "Priya", "From a rescue in Wakefield.", "D1:2"),
        ])
        let february = try Self.messages([Self.line("c1", 2, "Daniel", "And how is he now?", "D2:1")])
        _ = try await fixture.engine.importConversations(january, userID: "alice")
        _ = try await fixture.engine.importConversations(february, userID: "alice")
        let engine = fixture.engine
        #expect(try await Self.isEmbedded("D1:1", as: "Daniel: Where did you get him?", in: engine))
        let second = "Daniel: Where did you get him?\nPriya: From a rescue in Wakefield."
        #expect(try await Self.isEmbedded("D1:2", as: second, in: engine))
        let continued = "Priya: From a rescue in Wakefield.\nDaniel: And how is he now?"
        #expect(try await Self.isEmbedded("D2:1", as: continued, in: engine))
        // Again, each file alone: every message keeps its place and so its context.
        _ = try await fixture.engine.importConversations(february, userID: "alice")
        _ = try await fixture.engine.importConversations(january, userID: "alice")
        #expect(try await Self.isEmbedded("D2:1", as: continued, in: engine))
        #expect(try await Self.isEmbedded("D1:2", as: second, in: engine))
    }

    @Test("a re-index embeds an imported message after the one before it, as the import did")
    func reindex() async throws {
        let fixture = try await StoreFixture()
        _ = try await fixture.engine.importConversations(
            try Self.messages([
                Self.line("c1", 0, "Daniel", "Where did you get him?", "D1:1"),
                Self.line("c1", 1, "Priya", "From a rescue in Wakefield.", "D1:2"),
            ]), userID: "alice")
        try await fixture.engine.remember("Priya likes tea", userID: "alice")
        let other = HashingEmbedder(dimension: 64)
        try await Reindexer(store: fixture.store, embedder: other).run()
        let engine = try await fixture.reopen(embedder: other)
        let second = "Daniel: Where did you get him?\nPriya: From a rescue in Wakefield."
        #expect(try await Self.isEmbedded("D1:2", as: second, in: engine))
        #expect(try await Self.isEmbedded("D1:1", as: "Daniel: Where did you get him?", in: engine))
    }
}
