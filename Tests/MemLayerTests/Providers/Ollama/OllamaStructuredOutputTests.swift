import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Schema-constrained output, thinking off and the context window, as Ollama's docs/api.md
/// ("Generate a chat completion": `format`, `think`, `options.num_ctx`) describes them.
@Suite("OllamaChatProvider structured output, thinking and context")
struct OllamaStructuredOutputTests {
    static let schema = JSONValue(
        parsing: #"{"type":"object","properties":{"facts":{"type":"array","items":{"type":"string"}}},"required":["facts"]}"#
    )!

    static func sent(_ server: LoopbackHTTPServer, _ index: Int = 0) -> [String: Any]? {
        server.requests.indices.contains(index) ? server.requests[index].jsonBody() as? [String: Any] : nil
    }

    @Test("A JSON Schema goes out as the `format` object, and .minimal thinking as think: false")
    func schemaAndThinking() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }
        let request = ChatRequest(
            messages: [.user("I live in Lyon.")], responseFormat: .jsonSchema(name: "facts", schema: Self.schema),
            thinking: .minimal)

        _ = await recordChatStream(ollamaProvider(server).stream(request))

        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"llama3.2","stream":true,"think":false,"options":{"num_ctx":4096},
                     "format":{"type":"object","properties":{"facts":{"type":"array","items":{"type":"string"}}},"required":["facts"]},
                     "messages":[{"role":"user","content":"I live in Lyon."}]}
                    """#))
    }

    @Test("The model's default thinking sends no `think` at all")
    func defaultThinking() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }

        _ = await recordChatStream(ollamaProvider(server).stream(ChatRequest(messages: [.user("Hi")])))

        #expect(Self.sent(server)?["think"] == nil)
    }

    @Test("Without a contextLength, num_ctx grows with the conversation in steps of 2048, capped, never shrinking")
    func contextSizedToRequest() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }
        let provider = OllamaChatProvider(
            model: "llama3.2", host: server.baseURL, maxContextLength: 16384,
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
        // 30,000 bytes ≈ 10,000 tokens, plus 1,000 for the answer: 11,000 → 12,288.
        let long = ChatRequest(messages: [.user(String(repeating: "a", count: 30_000))], maxTokens: 1000)
        let huge = ChatRequest(messages: [.user(String(repeating: "a", count: 90_000))], maxTokens: 1000)

        for request in [ChatRequest(messages: [.user("Hi")]), long, ChatRequest(messages: [.user("Hi")]), huge] {
            _ = await recordChatStream(provider.stream(request))
        }

        let sizes = (0..<4).map { (Self.sent(server, $0)?["options"] as? [String: Any])?["num_ctx"] as? Int }
        #expect(sizes == [4096, 12288, 12288, 16384])
    }

    @Test("A caller's contextLength is sent as it is, whatever the request's size")
    func explicitContextLength() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }
        let request = ChatRequest(messages: [.user(String(repeating: "a", count: 60_000))])

        _ = await recordChatStream(ollamaProvider(server, contextLength: 2048).stream(request))

        #expect((Self.sent(server)?["options"] as? [String: Any])?["num_ctx"] as? Int == 2048)
    }
}
