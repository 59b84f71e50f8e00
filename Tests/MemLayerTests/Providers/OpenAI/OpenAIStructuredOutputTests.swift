import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Structured Outputs, reasoning effort and temperature, with openai-python's field names
/// (`response_format` `ResponseFormatJSONSchema`, `reasoning_effort` `ReasoningEffort`), and the
/// one retry a refusing server gets.
@Suite("OpenAIChatProvider structured output and reasoning models")
struct OpenAIStructuredOutputTests {
    static let schemaJSON =
        #"{"type":"object","properties":{"facts":{"type":"array","items":{"type":"string"}}},"required":["facts"]}"#
    static let extraction = ChatRequest(
        system: "Extract facts.", messages: [.user("I live in Lyon.")], temperature: 0.2,
        responseFormat: .jsonSchema(name: "user facts", schema: JSONValue(parsing: schemaJSON)!), thinking: .minimal)

    static func body(_ server: LoopbackHTTPServer, _ index: Int) -> [String: Any] {
        (server.requests.indices.contains(index) ? server.requests[index].jsonBody() as? [String: Any] : nil) ?? [:]
    }

    static func format(_ server: LoopbackHTTPServer, _ index: Int) -> String? {
        guard let format = body(server, index)["response_format"],
            let data = try? JSONSerialization.data(withJSONObject: format)
        else { return nil }
        return canonicalJSON(data)
    }

    @Test("A JSON Schema goes out as response_format json_schema with a valid name; no effort for gpt-4.1")
    func schema() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(Self.extraction))

        #expect(record.error == nil)
        #expect(
            Self.format(server, 0)
                == canonicalJSON(#"{"type":"json_schema","json_schema":{"name":"user_facts","schema":\#(Self.schemaJSON)}}"#))
        #expect(Self.body(server, 0)["temperature"] as? Double == 0.2)
        #expect(Self.body(server, 0)["reasoning_effort"] == nil)
    }

    @Test("A server that refuses json_schema is asked once more with json_object, and not again after that")
    func jsonSchemaFallback() async throws {
        let server = try startServer { request in
            request.index == 0
                ? .json(OpenAIChatTranscripts.jsonSchemaUnsupported, status: 400) : sseStream(OpenAIChatTranscripts.plain)
        }
        defer { server.stop() }
        let provider = try openAIProvider(server)

        let first = await recordChatStream(provider.stream(Self.extraction))
        let second = await recordChatStream(provider.stream(Self.extraction))

        #expect(first.error == nil)
        #expect(first.text == OpenAIChatTranscripts.plainText)
        #expect(second.error == nil)
        #expect(server.requestCount == 3)
        #expect(Self.format(server, 1) == canonicalJSON(#"{"type":"json_object"}"#))
        #expect(Self.format(server, 2) == canonicalJSON(#"{"type":"json_object"}"#))
        let system = (Self.body(server, 1)["messages"] as? [[String: Any]])?.first?["content"] as? String
        #expect(system?.contains("JSON") == true, "JSON mode needs the word in the messages")
    }

    @Test(
        "Reasoning models get no temperature and, for minimal thinking, their lowest reasoning_effort",
        arguments: [("o4-mini", "low"), ("gpt-5-mini", "minimal"), ("gpt-5.1", "none"), ("openai/o3", "low")])
    func reasoningModels(model: String, effort: String) async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }

        _ = await recordChatStream(try openAIProvider(server, model: model).stream(Self.extraction))

        #expect(Self.body(server, 0)["temperature"] == nil)
        #expect(Self.body(server, 0)["reasoning_effort"] as? String == effort)
    }

    @Test("The model's default thinking sends no reasoning_effort, even to a reasoning model")
    func defaultThinking() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }

        _ = await recordChatStream(try openAIProvider(server, model: "o4-mini").stream(ChatRequest(messages: [.user("x")])))

        #expect(Self.body(server, 0)["reasoning_effort"] == nil)
    }

    @Test("A 400 about temperature is retried once without it, and temperature stays off afterwards")
    func temperatureRefused() async throws {
        let server = try startServer { request in
            request.index == 0
                ? .json(OpenAIChatTranscripts.temperatureUnsupported, status: 400)
                : sseStream(OpenAIChatTranscripts.plain)
        }
        defer { server.stop() }
        let provider = try openAIProvider(server, model: "house-reasoner")
        let request = ChatRequest(messages: [.user("x")], temperature: 0.2)

        let first = await recordChatStream(provider.stream(request))
        _ = await recordChatStream(provider.stream(request))

        #expect(first.error == nil)
        #expect(server.requestCount == 3)
        #expect(Self.body(server, 0)["temperature"] as? Double == 0.2)
        #expect(Self.body(server, 1)["temperature"] == nil)
        #expect(Self.body(server, 2)["temperature"] == nil)
    }

    @Test("A refused reasoning_effort is retried once with the lowest value the server lists")
    func effortRefused() async throws {
        let server = try startServer { request in
            request.index == 0
                ? .json(OpenAIChatTranscripts.effortUnsupported, status: 400) : sseStream(OpenAIChatTranscripts.plain)
        }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server, model: "gpt-5").stream(Self.extraction))

        #expect(record.error == nil)
        #expect(Self.body(server, 0)["reasoning_effort"] as? String == "minimal")
        #expect(Self.body(server, 1)["reasoning_effort"] as? String == "low")
    }

    @Test("A 400 that no adjustment cures is reported, after one request")
    func unrelatedRefusal() async throws {
        let server = try startServer { _ in .json(OpenAIChatTranscripts.jsonWordMissing, status: 400) }
        defer { server.stop() }

        let error = await chatStreamError(try openAIProvider(server).stream(ChatRequest(messages: [.user("x")])))

        #expect(error?.kind == .badRequest)
        #expect(server.requestCount == 1)
    }
}
