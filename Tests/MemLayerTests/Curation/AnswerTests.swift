import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("Memory-grounded answers")
struct AnswerTests {
    /// Friday 14 March 2025, 12:00 UTC.
    static let recorded = Date(timeIntervalSince1970: 1_741_953_600)

    private func remember(_ fixture: ClientFixture, _ text: String, id: String, user: String = "alice") async throws {
        try await fixture.store.engine.importMemories(
            [NewMemory(text: text, id: id, createdAt: Self.recorded)], userID: user)
    }

    @Test("one model call, without tools, whose prompt holds the found memories with dates and the graph facts")
    func grounded() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Dana lives ", "in Porto."])])
        try await remember(fixture, "My sister Dana lives in Porto", id: "sister")
        try await remember(fixture, "I work at Acme Corp as an engineer", id: "work")
        try await remember(fixture, "Bob's sister Dana lives in Oslo", id: "bob-sister", user: "bob")
        try await fixture.store.store.addRelationship(
            subject: ("Dana", "person"), predicate: "lives in", object: ("Porto", "place"), sourceMemoryID: "sister",
            userID: "alice")
        try await fixture.store.store.addRelationship(
            subject: ("Dana", "person"), predicate: "lives in", object: ("Oslo", "place"), userID: "bob")

        let answer = try await fixture.client.answer("Where does my sister Dana live?")
        #expect(answer.text == "Dana lives in Porto.")
        #expect(answer.consultedModel)
        #expect(answer.memories.first?.memory.id == "sister")
        #expect(answer.graphFacts.map(\.description) == ["Dana —lives_in→ Porto"])

        #expect(fixture.server.requestCount == 1)
        #expect((fixture.request(0)["tools"] as? [Any] ?? []).isEmpty)
        let messages = fixture.messages(0)
        #expect(messages.compactMap { $0["role"] as? String } == ["system", "user"])
        #expect(messages.last?["content"] as? String == "Where does my sister Dana live?")
        let system = messages.first?["content"] as? String ?? ""
        #expect(system.contains("using ONLY the memories and facts below"), "\(system)")
        #expect(system.contains("reply exactly: I don't have that in memory."))
        #expect(system.contains("Today is 2026-11-26 (Thursday)."))
        #expect(system.contains("(2025-03-14 (Friday), id sister) My sister Dana lives in Porto"), "\(system)")
        #expect(system.contains("Knowledge-graph facts:\n- Dana —lives_in→ Porto"), "\(system)")
        #expect(!system.contains("Oslo"))
        #expect(try await fixture.queued().isEmpty)  // a question is not a conversation to extract from
    }

    @Test("with nothing relevant in memory the model is never called", arguments: [false, true])
    func nothingRelevant(unrelatedMemory: Bool) async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Blue, surely."])])
        if unrelatedMemory { try await remember(fixture, "I went hiking in the Alps", id: "hike") }
        try await remember(fixture, "My favourite colour is green", id: "bob-colour", user: "bob")
        let answer = try await fixture.client.answer("What is my favourite colour?")
        #expect(answer.text == MemoryAnswer.nothingInMemory)
        #expect(!answer.consultedModel && answer.memories.isEmpty && answer.graphFacts.isEmpty)
        #expect(fixture.server.requestCount == 0)
    }

    @Test("a graph fact about an entity the question names is enough to ask the model")
    func graphOnly() async throws {
        let fixture = try await ClientFixture([OllamaScript.answer(["Marco works at Initech."])])
        try await fixture.store.store.addRelationship(
            subject: ("Marco", "person"), predicate: "works at", object: ("Initech", "organization"), userID: "alice")
        let answer = try await fixture.client.answer("Where does Marco work?")
        #expect(answer.consultedModel && answer.text == "Marco works at Initech.")
        let system = fixture.messages(0).first?["content"] as? String ?? ""
        #expect(system.contains("- Marco —works_at→ Initech") && !system.contains("Memories ("))
    }
}
