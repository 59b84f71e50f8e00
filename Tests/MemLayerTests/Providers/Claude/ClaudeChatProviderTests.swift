import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("ClaudeChatProvider wire format")
struct ClaudeChatProviderTests {
    static let key = "sk-ant-api03-test0123456789abcdefKEY"

    static func provider(
        _ server: LoopbackHTTPServer, key: String? = key, idleTimeout: Duration = .seconds(5),
        retryPolicy: RetryPolicy = quickRetries, transport: HTTPTransport? = nil
    ) -> ClaudeChatProvider {
        ClaudeChatProvider(
            model: "claude-sonnet-4-5", baseURL: server.baseURL, apiKey: key, idleTimeout: idleTimeout,
            transport: transport ?? HTTPTransport(retryPolicy: retryPolicy), environment: [:])
    }

    static let weatherTool = ToolDefinition(
        name: "get_weather", description: "Get the current weather in a given location",
        parameters: JSONValue(
            parsing: #"""
                {"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
                "unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}
                """#)!)

    static let weatherToolJSON =
        #"{"name":"get_weather","description":"Get the current weather in a given location","input_schema":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}}"#

    static let question = ChatMessage.user("What's the weather like in San Francisco?")

    @Test("A plain answer streams its text deltas, then finishes with the stop reason and usage")
    func plainAnswer() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.plainAnswer)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(ChatRequest(messages: [.user("Hi")])))

        #expect(outcome.error == nil)
        #expect(
            outcome.events == [
                .text("Hello"), .text("!"), .finished(ChatFinish(reason: "stop", inputTokens: 25, outputTokens: 15)),
            ])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == "/v1/messages")
        #expect(request.headers["x-api-key"] == Self.key)
        #expect(request.headers["anthropic-version"] == "2023-06-01")
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["Authorization"] == nil)
        #expect(
            canonicalJSON(request.body)
                == canonicalJSON(
                    #"{"model":"claude-sonnet-4-5","max_tokens":4096,"messages":[{"role":"user","content":"Hi"}],"stream":true}"#
                ))
    }

    @Test("A tool call: the request carries system, tools and temperature; the call's input arrives whole")
    func toolCall() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.toolUse)]) }
        defer { server.stop() }
        let request = ChatRequest(
            system: "You are a weather bot.", messages: [Self.question], tools: [Self.weatherTool], temperature: 0.2,
            maxTokens: 1024)

        let outcome = await recordChatStream(Self.provider(server).stream(request))

        #expect(outcome.error == nil)
        #expect(
            outcome.events == [
                .text("Okay, let's check the weather for San Francisco, CA:"),
                .toolCall(
                    ToolCall(
                        id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather",
                        argumentsJSON: ClaudeTranscripts.toolUseInput)),
                .finished(ChatFinish(reason: "tool_calls", inputTokens: 472, outputTokens: 89)),
            ])
        let sent = try #require(server.requests.first)
        #expect(sent.headers["x-api-key"] == Self.key)
        #expect(sent.headers["anthropic-version"] == "2023-06-01")
        #expect(
            canonicalJSON(sent.body)
                == canonicalJSON(
                    #"{"model":"claude-sonnet-4-5","max_tokens":1024,"system":"You are a weather bot.","messages":[{"role":"user","content":"What's the weather like in San Francisco?"}],"tools":[\#(Self.weatherToolJSON)],"temperature":0.2,"stream":true}"#
                ))
    }

    @Test("The follow-up carries the assistant's tool_use block and a user tool_result block")
    func followUpWithToolResult() async throws {
        let server = try startServer { request in
            .stream([.init(request.index == 0 ? ClaudeTranscripts.toolUse : ClaudeTranscripts.plainAnswer)])
        }
        defer { server.stop() }
        let provider = Self.provider(server)
        let first = await recordChatStream(
            provider.stream(ChatRequest(messages: [Self.question], tools: [Self.weatherTool])))
        let call = try #require(first.toolCalls.first)

        let followUp = ChatRequest(
            messages: [
                Self.question, .assistant(first.text, toolCalls: [call]), .toolResult(for: call, content: "15 degrees"),
            ],
            tools: [Self.weatherTool])
        let second = await recordChatStream(provider.stream(followUp))

        #expect(second.text == "Hello!")
        let sent = try #require(server.requests.last)
        #expect(
            canonicalJSON(sent.body)
                == canonicalJSON(
                    #"""
                    {"model":"claude-sonnet-4-5","max_tokens":4096,"stream":true,"tools":[\#(Self.weatherToolJSON)],
                     "messages":[
                      {"role":"user","content":"What's the weather like in San Francisco?"},
                      {"role":"assistant","content":[
                        {"type":"text","text":"Okay, let's check the weather for San Francisco, CA:"},
                        {"type":"tool_use","id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","name":"get_weather",
                         "input":{"location":"San Francisco, CA","unit":"fahrenheit"}}]},
                      {"role":"user","content":[
                        {"type":"tool_result","tool_use_id":"toolu_01T1x1fJ34qAmk2tNTrN7Up6","content":"15 degrees"}]}]}
                    """#))
    }

    @Test("Two tool calls in one answer each come whole; a call without input gets {}")
    func twoToolCalls() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.twoToolCalls)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(ChatRequest(messages: [.user("x")])))

        #expect(
            outcome.toolCalls == [
                ToolCall(
                    id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather", argumentsJSON: #"{"location": "Paris"}"#),
                ToolCall(id: "toolu_01B7sYWWpNdC6cFnsJbWNd4s", name: "get_time", argumentsJSON: "{}"),
            ])
        #expect(outcome.finish == ChatFinish(reason: "tool_calls", inputTokens: 510, outputTokens: 74))
        #expect(outcome.text.isEmpty)
    }

    @Test("The whole conversation is sent: system messages join `system`, same-role turns merge, results first")
    func fullConversation() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.plainAnswer)]) }
        defer { server.stop() }
        let weather = ToolCall(id: "toolu_1", name: "get_weather", argumentsJSON: #"{"location":"Paris"}"#)
        let time = ToolCall(id: "toolu_2", name: "get_time", argumentsJSON: "")
        let messages: [ChatMessage] = [
            .user("Hello"), .assistant("Hi! How can I help?"), .system("Today is Monday."), .user("Weather in Paris?"),
            .user("And the time?"), .assistant("", toolCalls: [weather, time]),
            .toolResult(for: weather, content: "18 °C, sunny"), .toolResult(for: time, content: "14:05"),
            .assistant(""), .user("Thanks"),
        ]

        _ = await recordChatStream(
            Self.provider(server).stream(
                ChatRequest(system: "Be brief.", messages: messages, responseFormat: .jsonObject)))

        let sent = try #require(server.requests.first)
        #expect(
            canonicalJSON(sent.body)
                == canonicalJSON(
                    #"""
                    {"model":"claude-sonnet-4-5","max_tokens":4096,"stream":true,
                     "system":"Be brief.\n\nToday is Monday.\n\nAnswer with one JSON object and nothing else: no prose, no code fences.",
                     "messages":[
                      {"role":"user","content":"Hello"},
                      {"role":"assistant","content":"Hi! How can I help?"},
                      {"role":"user","content":[{"type":"text","text":"Weather in Paris?"},{"type":"text","text":"And the time?"}]},
                      {"role":"assistant","content":[
                        {"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"location":"Paris"}},
                        {"type":"tool_use","id":"toolu_2","name":"get_time","input":{}}]},
                      {"role":"user","content":[
                        {"type":"tool_result","tool_use_id":"toolu_1","content":"18 °C, sunny"},
                        {"type":"tool_result","tool_use_id":"toolu_2","content":"14:05"},
                        {"type":"text","text":"Thanks"}]}]}
                    """#))
    }

    @Test("Text is reassembled exactly whatever the chunk boundaries, even inside UTF-8 characters")
    func everySplitPoint() async throws {
        let body = Data(ClaudeTranscripts.unicode.utf8)
        let expected = ClaudeTranscripts.unicodeDeltas.joined()
        #expect(expected.utf8.count > expected.count, "the transcript must hold multi-byte characters")

        let run = try await ChatSplitting.textFailures(
            body, expected: expected, offset: { ChatSplitting.offset(inClaudeRequest: $0) },
            provider: { Self.provider($0) })

        #expect(run.failures.isEmpty, "wrong text when split at byte offsets \(run.failures)")
        #expect(run.requests == body.count - 1)
    }

    @Test("max_tokens finishes with `length`; cached prompt tokens count as input")
    func maxTokens() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.maxTokens)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(ChatRequest(messages: [.user("x")])))

        #expect(outcome.text == "Once upon")
        #expect(outcome.finish == ChatFinish(reason: "length", inputTokens: 30 + 2048, outputTokens: 2))
    }

    @Test(
        "Stop reasons: refusal is `content_filter`, a full context window is `length`, others pass as sent",
        arguments: [
            ("refusal", "content_filter"), ("model_context_window_exceeded", "length"), ("stop_sequence", "stop"),
            ("pause_turn", "pause_turn"),
        ])
    func stopReasons(raw: String, normalized: String) async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.stopping(raw))]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(ChatRequest(messages: [.user("x")])))

        #expect(outcome.text == "I can")
        #expect(outcome.finish?.reason == normalized)
    }

    @Test("ANTHROPIC_BASE_URL and ANTHROPIC_API_KEY come from the environment")
    func environment() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.plainAnswer)]) }
        defer { server.stop() }
        let provider = ClaudeChatProvider(
            model: "claude-haiku-4-5",
            environment: [
                "ANTHROPIC_BASE_URL": server.baseURL.absoluteString + "/", "ANTHROPIC_API_KEY": " \(Self.key)\n",
            ])

        let outcome = await recordChatStream(provider.stream(ChatRequest(messages: [.user("Hi")])))

        #expect(outcome.text == "Hello!")
        #expect(server.requests.first?.target == "/v1/messages")
        #expect(server.requests.first?.headers["x-api-key"] == Self.key)
        #expect(
            ClaudeChatProvider(model: "m", environment: [:]).endpoint.absoluteString
                == "https://api.anthropic.com/v1/messages")
    }
}
