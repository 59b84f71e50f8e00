import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("GeminiChatProvider wire format")
struct GeminiChatProviderTests {
    static let key = "AIzaSyTest0123456789abcdefghijKLMNOPQ"
    static let streamTarget = "/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse"

    static func provider(
        _ server: LoopbackHTTPServer, key: String? = key, idleTimeout: Duration = .seconds(5),
        transport: HTTPTransport? = nil
    ) -> GeminiChatProvider {
        GeminiChatProvider(
            model: "gemini-2.5-flash", baseURL: server.url("/v1beta"), apiKey: key, idleTimeout: idleTimeout,
            transport: transport ?? HTTPTransport(retryPolicy: quickRetries), environment: [:])
    }

    /// A schema as JSON Schema tools write it, with keys Gemini rejects.
    static let weatherTool = ToolDefinition(
        name: "get_weather", description: "Get the current weather in a given location",
        parameters: JSONValue(
            parsing: #"""
                {"$schema":"http://json-schema.org/draft-07/schema#","type":"object","additionalProperties":false,
                 "properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},
                 "unit":{"type":["string","null"],"enum":["celsius","fahrenheit"]}},"required":["location"]}
                """#)!)

    static let weatherDeclarationJSON =
        #"{"name":"get_weather","description":"Get the current weather in a given location","parameters":{"type":"object","properties":{"location":{"type":"string","description":"The city and state, e.g. San Francisco, CA"},"unit":{"type":"string","nullable":true,"enum":["celsius","fahrenheit"]}},"required":["location"]}}"#

    static let timeTool = ToolDefinition(
        name: "get_time", description: "The current time", parameters: .object(["type": .string("object")]))

    static let question = ChatMessage.user("What's the weather like in San Francisco?")

    @Test("A plain answer: POST to :streamGenerateContent?alt=sse with the key in a header; text, then finish")
    func plainAnswer() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(ChatRequest(messages: [.user("Hi")])))

        #expect(outcome.error == nil)
        #expect(
            outcome.events == [
                .text("Hello"), .text(" there! How can I help?"),
                .finished(ChatFinish(reason: "stop", inputTokens: 8, outputTokens: 9)),
            ])
        let request = try #require(server.requests.first)
        #expect(request.method == "POST")
        #expect(request.target == Self.streamTarget)
        #expect(request.queryItems.map(\.name) == ["alt"], "the key never goes in the URL")
        #expect(request.headers["x-goog-api-key"] == Self.key)
        #expect(request.headers["content-type"] == "application/json")
        #expect(request.headers["Authorization"] == nil)
        #expect(
            canonicalJSON(request.body) == canonicalJSON(#"{"contents":[{"role":"user","parts":[{"text":"Hi"}]}]}"#))
    }

    @Test("A function call: schema reduced to Gemini's subset, config sent; the call gets an id and its args")
    func functionCall() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.functionCall)]) }
        defer { server.stop() }
        let request = ChatRequest(
            system: "You are a weather bot.", messages: [Self.question], tools: [Self.weatherTool, Self.timeTool],
            temperature: 0.2, maxTokens: 1024)

        let outcome = await recordChatStream(Self.provider(server).stream(request))

        #expect(outcome.error == nil)
        #expect(
            outcome.events == [
                .toolCall(
                    ToolCall(
                        id: "call_1", name: "get_weather",
                        argumentsJSON: #"{"location":"San Francisco, CA","unit":"fahrenheit"}"#)),
                .finished(ChatFinish(reason: "tool_calls", inputTokens: 61, outputTokens: 18)),
            ])
        let sent = try #require(server.requests.first)
        #expect(sent.headers["x-goog-api-key"] == Self.key)
        #expect(
            canonicalJSON(sent.body)
                == canonicalJSON(
                    #"""
                    {"contents":[{"role":"user","parts":[{"text":"What's the weather like in San Francisco?"}]}],
                     "systemInstruction":{"parts":[{"text":"You are a weather bot."}]},
                     "tools":[{"functionDeclarations":[\#(Self.weatherDeclarationJSON),
                       {"name":"get_time","description":"The current time"}]}],
                     "generationConfig":{"temperature":0.2,"maxOutputTokens":1024}}
                    """#))
    }

    @Test("The follow-up sends the model's functionCall with its thoughtSignature, and a user functionResponse")
    func followUpWithFunctionResponse() async throws {
        let server = try startServer { request in
            .stream([.init(request.index == 0 ? GeminiTranscripts.functionCall : GeminiTranscripts.plainAnswer)])
        }
        defer { server.stop() }
        let provider = Self.provider(server)
        let first = await recordChatStream(
            provider.stream(ChatRequest(messages: [Self.question], tools: [Self.weatherTool])))
        let call = try #require(first.toolCalls.first)

        let followUp = ChatRequest(
            messages: [
                Self.question, .assistant("", toolCalls: [call]), .toolResult(for: call, content: "15 degrees"),
            ],
            tools: [Self.weatherTool])
        let second = await recordChatStream(provider.stream(followUp))

        #expect(second.text == "Hello there! How can I help?")
        let sent = try #require(server.requests.last)
        #expect(
            canonicalJSON(sent.body)
                == canonicalJSON(
                    #"""
                    {"tools":[{"functionDeclarations":[\#(Self.weatherDeclarationJSON)]}],
                     "contents":[
                      {"role":"user","parts":[{"text":"What's the weather like in San Francisco?"}]},
                      {"role":"model","parts":[
                        {"functionCall":{"name":"get_weather","args":{"location":"San Francisco, CA","unit":"fahrenheit"}},
                         "thoughtSignature":"\#(GeminiTranscripts.signature)"}]},
                      {"role":"user","parts":[
                        {"functionResponse":{"name":"get_weather","response":{"output":"15 degrees"}}}]}]}
                    """#))
    }

    @Test("Two calls in one turn get distinct ids; only the first carries a signature back")
    func twoFunctionCalls() async throws {
        let server = try startServer { request in
            .stream([.init(request.index == 0 ? GeminiTranscripts.twoFunctionCalls : GeminiTranscripts.functionCall)])
        }
        defer { server.stop() }
        let provider = Self.provider(server)

        let first = await recordChatStream(provider.stream(ChatRequest(messages: [.user("Paris?")])))

        #expect(first.text == "Let me look both up.")
        #expect(
            first.toolCalls == [
                ToolCall(id: "call_1", name: "get_weather", argumentsJSON: #"{"location":"Paris"}"#),
                ToolCall(id: "call_2", name: "get_time", argumentsJSON: "{}"),
            ])
        #expect(first.finish == ChatFinish(reason: "tool_calls", inputTokens: 70, outputTokens: 21))

        let calls = first.toolCalls
        let followUp = ChatRequest(messages: [
            .user("Paris?"), .assistant(first.text, toolCalls: calls),
            .toolResult(for: calls[0], content: #"{"temperature": 18, "sky": "sunny"}"#),
            .toolResult(for: calls[1], content: "14:05"),
        ])
        let second = await recordChatStream(provider.stream(followUp))

        #expect(second.toolCalls.map(\.id) == ["call_3"], "ids stay unique for the provider's lifetime")
        #expect(
            canonicalJSON(try #require(server.requests.last).body)
                == canonicalJSON(
                    #"""
                    {"contents":[
                      {"role":"user","parts":[{"text":"Paris?"}]},
                      {"role":"model","parts":[
                        {"text":"Let me look both up."},
                        {"functionCall":{"name":"get_weather","args":{"location":"Paris"}},"thoughtSignature":"\#(GeminiTranscripts.signature)"},
                        {"functionCall":{"name":"get_time","args":{}}}]},
                      {"role":"user","parts":[
                        {"functionResponse":{"name":"get_weather","response":{"temperature":18,"sky":"sunny"}}},
                        {"functionResponse":{"name":"get_time","response":{"output":"14:05"}}}]}]}
                    """#))
    }

    @Test("The whole conversation is sent; calls Gemini never signed get the documented dummy signature")
    func fullConversation() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }
        let lookup = ToolCall(id: "toolu_from_claude", name: "search_memory", argumentsJSON: #"{"query":"cat"}"#)
        let messages: [ChatMessage] = [
            .user("Hello"), .assistant("Hi! How can I help?"), .system("Today is Monday."), .user("My cat?"),
            .user("Her name?"), .assistant("", toolCalls: [lookup]),
            ChatMessage(role: .tool, content: "Mitzi", toolCallID: "toolu_from_claude"), .assistant(""),
            .user("Thanks"),
        ]

        _ = await recordChatStream(
            Self.provider(server).stream(
                ChatRequest(system: "Be brief.", messages: messages, responseFormat: .jsonObject)))

        #expect(
            canonicalJSON(try #require(server.requests.first).body)
                == canonicalJSON(
                    #"""
                    {"systemInstruction":{"parts":[{"text":"Be brief.\n\nToday is Monday."}]},
                     "generationConfig":{"responseMimeType":"application/json"},
                     "contents":[
                      {"role":"user","parts":[{"text":"Hello"}]},
                      {"role":"model","parts":[{"text":"Hi! How can I help?"}]},
                      {"role":"user","parts":[{"text":"My cat?"},{"text":"Her name?"}]},
                      {"role":"model","parts":[
                        {"functionCall":{"name":"search_memory","args":{"query":"cat"}},"thoughtSignature":"skip_thought_signature_validator"}]},
                      {"role":"user","parts":[
                        {"functionResponse":{"name":"search_memory","response":{"output":"Mitzi"}}},{"text":"Thanks"}]}]}
                    """#))
    }

    @Test("JSON wanted together with tools is asked for in the system instruction, not with responseMimeType")
    func jsonWithTools() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }

        _ = await recordChatStream(
            Self.provider(server).stream(
                ChatRequest(messages: [.user("x")], tools: [Self.timeTool], responseFormat: .jsonObject)))

        let body = try #require(server.requests.first?.jsonBody() as? [String: Any])
        #expect(body["generationConfig"] == nil)
        let instruction = (body["systemInstruction"] as? [String: Any])?["parts"] as? [[String: Any]]
        #expect((instruction?.first?["text"] as? String)?.contains("one JSON object") == true)
    }

    @Test("Text is reassembled exactly whatever the chunk boundaries, even inside UTF-8 characters")
    func everySplitPoint() async throws {
        let body = Data(GeminiTranscripts.unicode.utf8)
        let expected = GeminiTranscripts.unicodeTexts.joined()
        #expect(expected.utf8.count > expected.count, "the transcript must hold multi-byte characters")

        let run = try await ChatSplitting.textFailures(
            body, expected: expected, offset: { ChatSplitting.offset(inGeminiRequest: $0) },
            provider: { Self.provider($0) })

        #expect(run.failures.isEmpty, "wrong text when split at byte offsets \(run.failures)")
        #expect(run.requests == body.count - 1)
    }

    @Test(
        "Finish reasons: MAX_TOKENS is `length`, blocks are `content_filter`, others pass as sent; thoughts are skipped",
        arguments: [
            (GeminiTranscripts.maxTokens, "Once upon", "length"), (GeminiTranscripts.safety, "I can", "content_filter"),
            (GeminiTranscripts.recitation, "It was the best", "content_filter"),
            (GeminiTranscripts.malformedCall, "", "MALFORMED_FUNCTION_CALL"), (GeminiTranscripts.withThought, "Hi!", "stop"),
        ])
    func finishReasons(transcript: String, text: String, reason: String) async throws {
        let server = try startServer { _ in .stream([.init(transcript)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(ChatRequest(messages: [.user("x")])))

        #expect(outcome.text == text)
        #expect(outcome.finish?.reason == reason)
        #expect(outcome.error == nil)
    }

    @Test("The key comes from GEMINI_API_KEY, else GOOGLE_API_KEY; a models/ prefix is accepted")
    func environment() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }
        func provider(_ environment: [String: String]) -> GeminiChatProvider {
            GeminiChatProvider(
                model: "models/gemini-2.5-flash", baseURL: server.url("/v1beta/"),
                transport: HTTPTransport(retryPolicy: quickRetries), environment: environment)
        }

        _ = await recordChatStream(
            provider(["GOOGLE_API_KEY": "google-key"]).stream(ChatRequest(messages: [.user("x")])))
        _ = await recordChatStream(
            provider(["GEMINI_API_KEY": " gemini-key\n", "GOOGLE_API_KEY": "google-key"]).stream(
                ChatRequest(messages: [.user("x")])))

        #expect(server.requests.map { $0.headers["x-goog-api-key"] } == ["google-key", "gemini-key"])
        #expect(server.requests.map(\.target) == [Self.streamTarget, Self.streamTarget])
        #expect(
            GeminiChatProvider(model: "gemini-2.5-pro", environment: [:]).endpoint.absoluteString
                == "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:streamGenerateContent?alt=sse"
        )
    }
}
