import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// Request details that need OpenAI's own host, which tests cannot reach: checked on the body
/// the provider would send.
@Suite("OpenAIChatProvider request body")
struct OpenAIChatRequestTests {
    static func body(_ provider: OpenAIChatProvider, maxTokens: Int) throws -> String? {
        let encoder = JSONEncoder()
        let request = ChatRequest(messages: [.user("Hi")], maxTokens: maxTokens)
        return canonicalJSON(try encoder.encode(provider.requestBody(request)))
    }

    @Test("OpenAI's own API gets max_completion_tokens (its reasoning models reject max_tokens)")
    func openAITokenLimit() throws {
        let provider = try OpenAIChatProvider(model: "o4-mini", apiKey: "k", environment: [:])
        #expect(
            try Self.body(provider, maxTokens: 100)
                == canonicalJSON(
                    #"""
                    {"model":"o4-mini","stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":100,
                     "messages":[{"role":"user","content":"Hi"}]}
                    """#))
    }

    @Test("Compatible servers get max_tokens, which they all know")
    func compatibleTokenLimit() throws {
        let provider = try OpenAIChatProvider(
            model: "m", baseURL: URL(string: "http://localhost:1234/v1")!, environment: [:])
        let body = try #require(try Self.body(provider, maxTokens: 100))
        #expect(body.contains(#""max_tokens":100"#))
        #expect(!body.contains("max_completion_tokens"))
    }

    @Test("A tool result without a call id still sends tool_call_id (empty), as the spec requires the field")
    func toolResultWithoutID() throws {
        let messages = OpenAIChatProvider.messages(
            ChatRequest(messages: [ChatMessage(role: .tool, content: "42", toolName: "answer")]))
        #expect(
            canonicalJSON(try JSONEncoder().encode(messages))
                == canonicalJSON(
                    #"[{"role":"tool","content":"42","tool_call_id":""}]"#))
    }
}
