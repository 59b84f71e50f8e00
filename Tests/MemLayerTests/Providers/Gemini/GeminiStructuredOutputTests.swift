import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// `responseJsonSchema` and `thinkingConfig`, with the field names of google-genai's
/// `GenerateContentConfig` / `ThinkingConfig` as the REST API spells them.
@Suite("GeminiChatProvider structured output and thinking")
struct GeminiStructuredOutputTests {
    static let schemaJSON =
        #"{"type":"object","properties":{"facts":{"type":"array","items":{"type":"string"}}},"required":["facts"],"additionalProperties":false}"#
    static let schema = JSONValue(parsing: schemaJSON)!

    static func provider(_ server: LoopbackHTTPServer, model: String) -> GeminiChatProvider {
        GeminiChatProvider(
            model: model, baseURL: server.url("/v1beta"), apiKey: GeminiChatProviderTests.key,
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
    }

    static func generationConfig(_ server: LoopbackHTTPServer) -> String? {
        let body = server.requests.first?.jsonBody() as? [String: Any]
        guard let config = body?["generationConfig"],
            let data = try? JSONSerialization.data(withJSONObject: config)
        else { return nil }
        return canonicalJSON(data)
    }

    @Test("A JSON Schema goes out whole in responseJsonSchema with the JSON MIME type; the answer is text")
    func schema() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }
        let request = ChatRequest(
            messages: [.user("I live in Lyon.")], responseFormat: .jsonSchema(name: "facts", schema: Self.schema))

        let outcome = await recordChatStream(Self.provider(server, model: "gemini-3.5-flash").stream(request))

        #expect(outcome.text == "Hello there! How can I help?")
        #expect(
            Self.generationConfig(server)
                == canonicalJSON(
                    #"{"responseMimeType":"application/json","responseJsonSchema":\#(Self.schemaJSON)}"#))
        #expect(server.requests.first?.bodyText.contains("systemInstruction") == false)
    }

    @Test("With tools, no schema is sent (Gemini refuses both together): the instruction asks for JSON")
    func schemaWithTools() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }
        let request = ChatRequest(
            messages: [.user("x")], tools: [ChatTestFixtures.weatherTool],
            responseFormat: .jsonSchema(name: "facts", schema: Self.schema))

        _ = await recordChatStream(Self.provider(server, model: "gemini-3.5-flash").stream(request))

        #expect(Self.generationConfig(server) == nil)
        #expect(server.requests.first?.bodyText.contains("Answer with one JSON object") == true)
    }

    @Test(
        "Minimal thinking: a level on Gemini 3 (LOW on Pro), a budget on 2.5 (128 on Pro), nothing on older models",
        arguments: [
            ("gemini-3.5-flash", #"{"thinkingConfig":{"thinkingLevel":"MINIMAL"}}"#),
            ("gemini-3.1-pro-preview", #"{"thinkingConfig":{"thinkingLevel":"LOW"}}"#),
            ("gemini-2.5-flash", #"{"thinkingConfig":{"thinkingBudget":0}}"#),
            ("gemini-2.5-flash-lite", #"{"thinkingConfig":{"thinkingBudget":0}}"#),
            ("gemini-2.5-pro", #"{"thinkingConfig":{"thinkingBudget":128}}"#),
            ("gemini-2.0-flash", nil), ("gemini-flash-latest", nil),
        ])
    func minimalThinking(model: String, config: String?) async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }

        _ = await recordChatStream(
            Self.provider(server, model: model).stream(ChatRequest(messages: [.user("x")], thinking: .minimal)))

        #expect(Self.generationConfig(server) == config.flatMap { canonicalJSON($0) })
    }

    @Test("The model's default thinking sends no thinkingConfig")
    func defaultThinking() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }

        _ = await recordChatStream(
            Self.provider(server, model: "gemini-2.5-pro").stream(ChatRequest(messages: [.user("x")])))

        #expect(Self.generationConfig(server) == nil)
    }
}
