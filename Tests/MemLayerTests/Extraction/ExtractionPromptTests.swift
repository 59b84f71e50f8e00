import Foundation
import MemLayerTesting
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The extraction request: schema-constrained, no thinking, and only the user's words and the answer.
@Suite("Extraction prompt")
struct ExtractionPromptTests {
    static let turn = ConversationTurn(
        user: "Remind me at 9 to call Dana", assistant: "Done — 9:00 tomorrow.", at: ExtractionFixture.now,
        scheduledTaskIDs: [4])

    @Test("the reply is asked for under its JSON Schema, with minimal thinking")
    func schema() {
        let request = ExtractionPrompt(turn: Self.turn, timeZone: TimeZone(identifier: "UTC")!).request()
        #expect(request.thinking == .minimal)
        guard case .jsonSchema(let name, let schema) = request.responseFormat else {
            Issue.record("expected a JSON Schema, got \(request.responseFormat)")
            return
        }
        #expect(name == "memories")
        let required = { (value: JSONValue?) -> [String] in
            guard case .array(let keys)? = value?["required"] else { return [] }
            return keys.compactMap(\.stringValue)
        }
        #expect(required(schema) == ["entities", "facts", "relationships", "tasks"])
        #expect(schema["additionalProperties"] == .bool(false))
        let items = { (section: String) in schema["properties"]?[section]?["items"] }
        #expect(required(items("facts")) == ["event_date", "expires_at", "importance", "text"])
        #expect(required(items("entities")) == ["name", "type"])
        #expect(required(items("relationships")) == ["object", "predicate", "subject"])
        #expect(required(items("tasks")) == ["description", "due_date"])
    }

    @Test("a chat turn is sent as the user's message and the final answer, nothing else")
    func content() {
        let prompt = ExtractionPrompt(turn: Self.turn, timeZone: TimeZone(identifier: "UTC")!)
        #expect(
            prompt.content == "Conversation turn:\nUser: Remind me at 9 to call Dana\nAssistant: Done — 9:00 tomorrow.")
        #expect(prompt.request().messages == [.user(prompt.content)])
    }

    @Test("tool calls and tool results of the chat never reach the extraction model")
    func noToolText() async throws {
        let chat = [
            OllamaScript.calls([("search_memory", #"{"query": "Dana's city"}"#)]),
            OllamaScript.answer(["Dana lives in Porto."]),
        ]
        let reply = ExtractionScript.reply(
            #"{"facts": [{"text": "User's sister Dana lives in Porto.", "importance": 0.8}]}"#)
        let fixture = try await ExtractionFixture(chat: chat, extraction: [reply])
        try await fixture.store.engine.remember("User's sister Dana lives in Porto.", userID: "alice")
        #expect(try await fixture.client.chat([.user("Where does my sister live?")]) == "Dana lives in Porto.")
        try await fixture.client.flush(timeout: .seconds(30))
        let request = try #require(fixture.extractionRequests.first)
        let user = ExtractionScript.prompt(request).user
        #expect(user == "Conversation turn:\nUser: Where does my sister live?\nAssistant: Dana lives in Porto.")
        let messages = ((request.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]]) ?? []
        #expect(messages.map { $0["role"] as? String } == ["system", "user"])
        #expect(!"\(messages)".contains("search_memory") && !"\(messages)".contains("Dana's city"))
    }
}
