import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// A key shaped like OpenAI's, for tests that must never see it again.
let openAITestKey = "sk-proj-T3stK3yN0tR3al4f9a8b7c6d5e4f3a2b1c0d"

/// Serves `body` as OpenAI does: chunked `text/event-stream`.
func sseStream(_ body: String) -> ScriptedResponse {
    .stream([.init(body)], contentType: "text/event-stream; charset=utf-8")
}

/// A provider for `server`'s `/v1` with test timeouts and quick retries, ignoring the real environment.
func openAIProvider(
    _ server: LoopbackHTTPServer, model: String = "gpt-4.1", key: String? = openAITestKey, name: String? = nil,
    idleTimeout: Duration = .seconds(5), jsonMode: OpenAIChatProvider.JSONMode = .jsonObject
) throws -> OpenAIChatProvider {
    try OpenAIChatProvider(
        model: model, baseURL: server.url("/v1"), apiKey: key, name: name, idleTimeout: idleTimeout, jsonMode: jsonMode,
        transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
}

@Suite("OpenAIChatProvider")
struct OpenAIChatProviderTests {
    static let toolsJSON =
        #"[{"type":"function","function":{"name":"get_weather","description":"Get the weather in a given city","parameters":\#(ChatTestFixtures.weatherToolParametersJSON)}}]"#

    @Test("A plain answer: POST {base}/chat/completions with stream and include_usage, text deltas, usage")
    func plainAnswer() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }
        let provider = try openAIProvider(server, name: "OpenAI")

        let record = await recordChatStream(
            provider.stream(ChatRequest(system: "Be brief.", messages: [.user("Say hello in German.")])))

        #expect(record.error == nil)
        #expect(
            record.events == [
                .text("Grü"), .text("ße aus"), .text(" 世界"), .text(" 👋"),
                .finished(ChatFinish(reason: "stop", inputTokens: 19, outputTokens: 6)),
            ])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/chat/completions")
        #expect(request.headers["Authorization"] == "Bearer \(openAITestKey)")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Accept"] == "text/event-stream")
        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"gpt-4.1","stream":true,"stream_options":{"include_usage":true},"messages":[
                      {"role":"system","content":"Be brief."},
                      {"role":"user","content":"Say hello in German."}]}
                    """#))
    }

    @Test("The whole conversation goes out, with temperature, max_tokens and JSON mode")
    func conversationAndOptions() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }
        let request = ChatRequest(
            system: "Answer in JSON.",
            messages: [
                .user("My cat is called Miso."), .assistant("Noted."), .system("Today is Monday."),
                .user("What is my cat called?"),
            ],
            temperature: 0.5, maxTokens: 256, responseFormat: .jsonObject)

        _ = await recordChatStream(try openAIProvider(server).stream(request))

        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"gpt-4.1","stream":true,"stream_options":{"include_usage":true},
                     "temperature":0.5,"max_tokens":256,"response_format":{"type":"json_object"},
                     "messages":[
                      {"role":"system","content":"Answer in JSON.\n\nToday is Monday."},
                      {"role":"user","content":"My cat is called Miso."},
                      {"role":"assistant","content":"Noted."},
                      {"role":"user","content":"What is my cat called?"}]}
                    """#))
    }

    @Test("JSON mode as a schema of any object, for servers that reject json_object")
    func jsonSchemaMode() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }

        _ = await recordChatStream(
            try openAIProvider(server, jsonMode: .jsonSchema).stream(
                ChatRequest(messages: [.user("JSON please")], responseFormat: .jsonObject)))

        let body = try #require(server.requests.first?.jsonBody() as? [String: Any])
        let format = try #require(body["response_format"])
        #expect(
            canonicalJSON(try JSONSerialization.data(withJSONObject: format))
                == canonicalJSON(#"{"type":"json_schema","json_schema":{"name":"object","schema":{"type":"object"}}}"#))
    }

    @Test("A tool call: tools are sent, fragments are assembled into one call when the choice finishes")
    func toolCall() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.toolCall) }
        defer { server.stop() }

        let record = await recordChatStream(
            try openAIProvider(server).stream(
                ChatRequest(messages: [.user("What is the weather in Munich?")], tools: [ChatTestFixtures.weatherTool]))
        )

        #expect(record.error == nil)
        #expect(
            record.events == [
                .toolCall(
                    ToolCall(
                        id: "call_DdmO9pD3xa9XTPNJ32zg2hcA", name: "get_weather",
                        argumentsJSON: OpenAIChatTranscripts.toolCallArguments)),
                .finished(ChatFinish(reason: "tool_calls", inputTokens: 81, outputTokens: 16)),
            ])
        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"gpt-4.1","stream":true,"stream_options":{"include_usage":true},
                     "messages":[{"role":"user","content":"What is the weather in Munich?"}],
                     "tools":\#(Self.toolsJSON)}
                    """#))
    }

    @Test("Two calls whose fragments interleave by index come out whole, in index order")
    func twoToolCallsInterleaved() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.twoToolCallsInterleaved) }
        defer { server.stop() }

        let record = await recordChatStream(
            try openAIProvider(server).stream(
                ChatRequest(messages: [.user("Weather and time?")], tools: [ChatTestFixtures.weatherTool]))
        )

        #expect(
            record.toolCalls == [
                ToolCall(id: "call_A1", name: "get_weather", argumentsJSON: #"{"city":"Tokyo"}"#),
                ToolCall(id: "call_B2", name: "get_time", argumentsJSON: #"{"timezone":"Asia/Tokyo"}"#),
            ])
        #expect(record.finish == ChatFinish(reason: "tool_calls", inputTokens: 90, outputTokens: 40))
    }

    @Test("The follow-up carries the assistant's calls with content \"\" and the result with tool_call_id")
    func toolResultRoundTrip() async throws {
        let server = try startServer { request in
            sseStream(request.index == 0 ? OpenAIChatTranscripts.toolCall : OpenAIChatTranscripts.afterToolResult)
        }
        defer { server.stop() }
        let provider = try openAIProvider(server)
        var messages: [ChatMessage] = [.user("What is the weather in Munich?")]

        let first = await recordChatStream(
            provider.stream(ChatRequest(messages: messages, tools: [ChatTestFixtures.weatherTool])))
        let call = try #require(first.toolCalls.first)
        messages.append(.assistant("", toolCalls: [call]))
        messages.append(.toolResult(for: call, content: "11 degrees celsius"))
        let second = await recordChatStream(
            provider.stream(ChatRequest(messages: messages, tools: [ChatTestFixtures.weatherTool])))

        #expect(second.text == "It is 11°C in München.")
        #expect(second.finish == ChatFinish(reason: "stop", inputTokens: 120, outputTokens: 9))
        #expect(
            server.canonicalRequestJSON(1)
                == canonicalJSON(
                    #"""
                    {"model":"gpt-4.1","stream":true,"stream_options":{"include_usage":true},"messages":[
                      {"role":"user","content":"What is the weather in Munich?"},
                      {"role":"assistant","content":"","tool_calls":[{"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA",
                        "type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"München\"}"}}]},
                      {"role":"tool","tool_call_id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","content":"11 degrees celsius"}],
                     "tools":\#(Self.toolsJSON)}
                    """#))
        let assistant = try #require(
            ((server.requests[1].jsonBody() as? [String: Any])?["messages"] as? [[String: Any]])?[1])
        #expect(assistant["content"] as? String == "", "never null: some compatible servers reject it")
    }

    @Test("llama-server: its own chunk shape, usage in the finishing chunk, and no key for a local server")
    func llamaServer() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.llamaServer) }
        defer { server.stop() }
        let provider = try openAIProvider(server, model: "qwen2.5-7b-instruct", key: nil, name: "llama-server")

        let record = await recordChatStream(provider.stream(ChatRequest(messages: [.user("Hallo?")], maxTokens: 3)))

        #expect(
            record.events == [
                .text("Hallo"), .text(" Welt!"),
                .finished(ChatFinish(reason: "length", inputTokens: 12, outputTokens: 3)),
            ])
        #expect(server.requests.first?.headers["Authorization"] == nil)
        #expect(provider.name == "llama-server")
    }

    @Test("OPENAI_BASE_URL and OPENAI_API_KEY come from the environment; the name follows the host")
    func environment() async throws {
        let server = try startServer { _ in sseStream(OpenAIChatTranscripts.plain) }
        defer { server.stop() }
        let provider = try OpenAIChatProvider(
            model: "gpt-4.1",
            environment: ["OPENAI_BASE_URL": server.url("/v1").absoluteString, "OPENAI_API_KEY": " \(openAITestKey)\n"])

        let record = await recordChatStream(provider.stream(ChatRequest(messages: [.user("Hi")])))

        #expect(record.text == OpenAIChatTranscripts.plainText)
        #expect(server.requests.first?.headers["Authorization"] == "Bearer \(openAITestKey)")
        #expect(provider.name == "OpenAI-compatible server at 127.0.0.1")
        #expect(try OpenAIChatProvider(model: "gpt-4.1", apiKey: "k", environment: [:]).name == "OpenAI")
    }

    @Test("Without a key, a remote base URL is refused up front with what to export; nothing is sent")
    func missingKey() throws {
        for base in [nil, URL(string: "https://api.groq.com/openai/v1")!] {
            #expect {
                try OpenAIChatProvider(model: "gpt-4.1", baseURL: base, environment: ["OPENAI_API_KEY": "  "])
            } throws: { error in
                let error = error as? ProviderError
                return error?.kind == .authentication && error?.message.contains("export OPENAI_API_KEY=") == true
            }
        }
    }

    @Test(
        "Servers on this machine or the local network need no key",
        arguments: [
            "http://localhost:1234/v1", "http://127.0.0.1:8080/v1", "http://[::1]:8000/v1",
            "http://192.168.1.20:1234/v1",
            "http://10.0.0.7:8080/v1", "http://172.20.0.3:8000/v1", "http://gpu-box:1234/v1",
            "http://studio.local:1234/v1",
        ])
    func localNeedsNoKey(base: String) throws {
        let provider = try OpenAIChatProvider(model: "m", baseURL: URL(string: base)!, environment: [:])
        #expect(provider.baseURL.absoluteString == base)
    }

    @Test("The key never shows in the description or a mirror")
    func keyHidden() throws {
        let provider = try OpenAIChatProvider(model: "gpt-4.1", apiKey: openAITestKey, environment: [:])

        expectHidden(openAITestKey, in: provider)
        expectHidden("T3stK3y", in: provider)  // not even the key's middle
    }
}
