import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Serves `body` as Ollama does: chunked `application/x-ndjson`.
func ollamaStream(_ body: String) -> ScriptedResponse {
    .stream([.init(body)], contentType: "application/x-ndjson")
}

/// A provider for `server` with test timeouts and quick retries, ignoring the real environment.
func ollamaProvider(
    _ server: LoopbackHTTPServer, model: String = "llama3.2", idleTimeout: Duration = .seconds(5),
    keepAlive: String? = nil, contextLength: Int? = nil
) -> OllamaChatProvider {
    OllamaChatProvider(
        model: model, host: server.baseURL, keepAlive: keepAlive, contextLength: contextLength,
        idleTimeout: idleTimeout, transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])
}

@Suite("OllamaChatProvider")
struct OllamaChatProviderTests {
    @Test("A plain answer: POST /api/chat with stream true, text deltas, then the finish with token counts")
    func plainAnswer() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }
        let provider = ollamaProvider(server)

        let record = await recordChatStream(
            provider.stream(ChatRequest(system: "Be brief.", messages: [.user("Say hello in German.")])))

        #expect(record.error == nil)
        #expect(
            record.events == [
                .text("Grü"), .text("ße aus"), .text(" 世"), .text("界 👋"), .text(" (1 < 2)"),
                .finished(ChatFinish(reason: "stop", inputTokens: 26, outputTokens: 282)),
            ])
        #expect(record.text == OllamaChatTranscripts.plainText)
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/api/chat")
        #expect(request.headers["Content-Type"] == "application/json")
        #expect(request.headers["Accept"] == "application/x-ndjson")
        #expect(request.headers["Authorization"] == nil)
        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"llama3.2","stream":true,"options":{"num_ctx":4096},"messages":[
                      {"role":"system","content":"Be brief."},
                      {"role":"user","content":"Say hello in German."}]}
                    """#))
        #expect(provider.name == "Ollama")
        #expect(provider.model == "llama3.2")
    }

    @Test("The whole conversation is sent, system messages merged into one leading system message")
    func fullConversation() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }
        let request = ChatRequest(
            system: "You remember things.",
            messages: [
                .user("My cat is called Miso."), .assistant("Nice name!"), .system("Today is Monday."),
                .user("What is my cat called?"),
            ])

        _ = await recordChatStream(ollamaProvider(server).stream(request))

        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"llama3.2","stream":true,"options":{"num_ctx":4096},"messages":[
                      {"role":"system","content":"You remember things.\n\nToday is Monday."},
                      {"role":"user","content":"My cat is called Miso."},
                      {"role":"assistant","content":"Nice name!"},
                      {"role":"user","content":"What is my cat called?"}]}
                    """#))
    }

    @Test("Options: temperature and num_predict, format json, keep_alive and num_ctx")
    func options() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.lengthLimited) }
        defer { server.stop() }
        let provider = ollamaProvider(server, keepAlive: "10m", contextLength: 8192)

        let record = await recordChatStream(
            provider.stream(
                ChatRequest(
                    messages: [.user("Reply in JSON.")], temperature: 0.25, maxTokens: 2, responseFormat: .jsonObject)))

        #expect(record.finish == ChatFinish(reason: "length", inputTokens: 12, outputTokens: 2))
        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"llama3.2","stream":true,"format":"json","keep_alive":"10m",
                     "options":{"temperature":0.25,"num_predict":2,"num_ctx":8192},
                     "messages":[{"role":"user","content":"Reply in JSON."}]}
                    """#))
    }

    @Test("A tool call: native tools are sent, the call comes back with Ollama's id and object arguments as text")
    func toolCall() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.toolCall) }
        defer { server.stop() }

        let record = await recordChatStream(
            ollamaProvider(server, model: "qwen3:8b").stream(
                ChatRequest(messages: [.user("What is the weather in Tokyo?")], tools: [ChatTestFixtures.weatherTool])))

        #expect(record.error == nil)
        #expect(
            record.events == [
                .toolCall(
                    ToolCall(
                        id: "call_vq3fx1ab", name: "get_weather", argumentsJSON: #"{"city":"Tokyo","unit":"celsius"}"#)),
                .finished(ChatFinish(reason: "tool_calls", inputTokens: 169, outputTokens: 15)),
            ])
        #expect(record.text.isEmpty, "thinking is not part of the answer")
        #expect(
            server.canonicalRequestJSON()
                == canonicalJSON(
                    #"""
                    {"model":"qwen3:8b","stream":true,"options":{"num_ctx":4096},
                     "messages":[{"role":"user","content":"What is the weather in Tokyo?"}],
                     "tools":[{"type":"function","function":{"name":"get_weather",
                       "description":"Get the weather in a given city","parameters":\#(ChatTestFixtures.weatherToolParametersJSON)}}]}
                    """#))
    }

    @Test("Two tool calls without ids are numbered call_0 and call_1")
    func twoToolCalls() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.twoToolCalls) }
        defer { server.stop() }

        let record = await recordChatStream(
            ollamaProvider(server).stream(
                ChatRequest(messages: [.user("Weather and time?")], tools: [ChatTestFixtures.weatherTool])))

        #expect(
            record.toolCalls == [
                ToolCall(id: "call_0", name: "get_weather", argumentsJSON: #"{"city":"Tokyo"}"#),
                ToolCall(id: "call_1", name: "get_time", argumentsJSON: #"{"format":24,"timezone":"Asia/Tokyo"}"#),
            ])
        #expect(record.finish?.reason == "tool_calls")
    }

    @Test("The follow-up request carries the assistant's call (object arguments) and the result with tool_name")
    func toolResultRoundTrip() async throws {
        let server = try startServer { request in
            ollamaStream(request.index == 0 ? OllamaChatTranscripts.toolCall : OllamaChatTranscripts.afterToolResult)
        }
        defer { server.stop() }
        let provider = ollamaProvider(server, model: "qwen3:8b")
        var messages: [ChatMessage] = [.user("What is the weather in Tokyo?")]

        let first = await recordChatStream(
            provider.stream(ChatRequest(messages: messages, tools: [ChatTestFixtures.weatherTool])))
        let call = try #require(first.toolCalls.first)
        messages.append(.assistant("", toolCalls: [call]))
        messages.append(.toolResult(for: call, content: "11 degrees celsius"))
        let second = await recordChatStream(
            provider.stream(ChatRequest(messages: messages, tools: [ChatTestFixtures.weatherTool])))

        #expect(second.text == "The current temperature in Tokyo is 11°C.")
        #expect(second.finish?.reason == "stop")
        #expect(
            server.canonicalRequestJSON(1)
                == canonicalJSON(
                    #"""
                    {"model":"qwen3:8b","stream":true,"options":{"num_ctx":4096},"messages":[
                      {"role":"user","content":"What is the weather in Tokyo?"},
                      {"role":"assistant","content":"","tool_calls":[
                        {"id":"call_vq3fx1ab","function":{"name":"get_weather","arguments":{"city":"Tokyo","unit":"celsius"}}}]},
                      {"role":"tool","content":"11 degrees celsius","tool_name":"get_weather","tool_call_id":"call_vq3fx1ab"}],
                     "tools":[{"type":"function","function":{"name":"get_weather",
                       "description":"Get the weather in a given city","parameters":\#(ChatTestFixtures.weatherToolParametersJSON)}}]}
                    """#))
    }

    @Test("Arguments that are not a JSON object go back as {} so Ollama accepts the history")
    func brokenArgumentsInHistory() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.afterToolResult) }
        defer { server.stop() }
        let call = ToolCall(id: "call_0", name: "get_weather", argumentsJSON: #"{"city": "Tok"#)

        _ = await recordChatStream(
            ollamaProvider(server).stream(
                ChatRequest(messages: [
                    .user("Weather?"), .assistant("", toolCalls: [call]), .toolResult(for: call, content: "?"),
                ])))

        let messages = try #require(
            (server.requests.first?.jsonBody() as? [String: Any])?["messages"] as? [[String: Any]])
        let calls = try #require(messages[1]["tool_calls"] as? [[String: Any]])
        let function = try #require(calls.first?["function"] as? [String: Any])
        #expect((function["arguments"] as? [String: Any])?.isEmpty == true)
    }

    @Test("OLLAMA_HOST chooses the server when no host is given")
    func hostFromEnvironment() async throws {
        let server = try startServer { _ in ollamaStream(OllamaChatTranscripts.plain) }
        defer { server.stop() }
        let provider = OllamaChatProvider(model: "llama3.2", environment: ["OLLAMA_HOST": "127.0.0.1:\(server.port)"])

        let record = await recordChatStream(provider.stream(ChatRequest(messages: [.user("Hi")])))

        #expect(provider.baseURL.absoluteString == "http://127.0.0.1:\(server.port)")
        #expect(record.text == OllamaChatTranscripts.plainText)
        #expect(OllamaChatProvider(model: "m", environment: [:]).baseURL == OllamaHost.defaultURL)
    }
}
