import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// A JSON Schema answer through a forced tool (Messages API `tools` + `tool_choice`
/// `{"type": "tool", "name"}`), handed back as text.
@Suite("ClaudeChatProvider structured output")
struct ClaudeStructuredOutputTests {
    static let schemaJSON =
        #"{"type":"object","properties":{"facts":{"type":"array","items":{"type":"string"}}},"required":["facts"]}"#
    static let request = ChatRequest(
        system: "Extract facts.", messages: [.user("I live in Lyon.")], maxTokens: 512,
        responseFormat: .jsonSchema(name: "facts", schema: JSONValue(parsing: schemaJSON)!), thinking: .minimal)

    @Test("The schema becomes a forced tool; its input comes back as the text of a turn that stopped")
    func forcedTool() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.forcedToolAnswer)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(ClaudeChatProviderTests.provider(server).stream(Self.request))

        #expect(outcome.error == nil)
        #expect(
            outcome.events == [
                .text(#"{"facts": ["lives in Lyon"]}"#),
                .finished(ChatFinish(reason: "stop", inputTokens: 380, outputTokens: 21)),
            ])
        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"claude-sonnet-4-5","max_tokens":512,"system":"Extract facts.","stream":true,
                     "messages":[{"role":"user","content":"I live in Lyon."}],
                     "tools":[{"name":"facts","description":"Give the answer as this tool's input, which follows the required schema.",
                               "input_schema":\#(Self.schemaJSON)}],
                     "tool_choice":{"type":"tool","name":"facts"}}
                    """#))
    }

    @Test("With tools of its own, nothing is forced: the system prompt asks for JSON and calls stay calls")
    func withTools() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.toolUse)]) }
        defer { server.stop() }
        var request = Self.request
        request.tools = [ClaudeChatProviderTests.weatherTool]

        let outcome = await recordChatStream(ClaudeChatProviderTests.provider(server).stream(request))

        #expect(outcome.toolCalls.map(\.name) == ["get_weather"])
        #expect(outcome.finish?.reason == "tool_calls")
        let body = try #require(server.requests.first?.bodyText)
        #expect(!body.contains("tool_choice"))
        #expect(body.contains("Answer with one JSON object"))
    }
}
