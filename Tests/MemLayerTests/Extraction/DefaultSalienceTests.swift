import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("Extraction with the default salience gate")
struct DefaultSalienceTests {
    @Test("by default small talk never reaches the extraction model, and a personal fact does")
    func defaultGate() async throws {
        let reply = #"{"facts": [{"text": "User's sister Dana lives in Porto.", "importance": 0.7}]}"#
        let server = try ExtractionScript.server(
            chat: [OllamaScript.answer(["Noted."])], extraction: [ExtractionScript.reply(reply)])
        defer { server.stop() }
        let store = try await StoreFixture()
        var configuration = ExtractionWorker.Configuration()  // salience: local (MiniLM), rules first
        configuration.initialBackoff = .milliseconds(20)
        let client = MemoryClient(
            provider: OllamaChatProvider(model: "llama3.2", host: server.baseURL), engine: store.engine,
            userID: "alice", extraction: configuration, keepsTurns: false)
        _ = try await client.chat([.user("thanks, that's great!")])
        try await client.flush(timeout: .seconds(120))
        #expect(server.requests.filter(ExtractionScript.isExtraction).isEmpty)

        _ = try await client.chat([.user("My sister Dana lives in Porto")])
        try await client.flush(timeout: .seconds(120))
        #expect(server.requests.filter(ExtractionScript.isExtraction).count == 1)
        #expect(try await store.store.memories(userID: "alice").map(\.text) == ["User's sister Dana lives in Porto."])
        await client.close()
    }
}
