import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OpenAIChatProvider failures")
struct OpenAIChatFailureTests {
    static let question = ChatRequest(messages: [.user("Why is the sky blue?")])

    @Test(
        "Status codes map to kinds, with the service's message and what to do",
        arguments: [
            (400, OpenAIChatTranscripts.jsonWordMissing, ProviderError.Kind.badRequest, "word JSON in the prompt", 1),
            (401, OpenAIChatTranscripts.invalidKey(echoing: openAITestKey), .authentication, "OPENAI_API_KEY", 1),
            (404, OpenAIChatTranscripts.modelNotFound, .modelNotFound, "does not exist", 1),
            (404, OpenAIChatTranscripts.modelRetired, .modelNotFound, #"model "gpt-4.1" does not exist here or was retired; pass --model"#, 1),
            (404, OpenAIChatTranscripts.invalidURL, .badRequest, "it usually ends in /v1", 1),
            (429, OpenAIChatTranscripts.rateLimited, .rateLimited, "wait a moment", 3),
            (429, OpenAIChatTranscripts.insufficientQuota, .rateLimited, "quota is used up", 3),
            (500, OpenAIChatTranscripts.serverError, .server, "Sorry about that!", 3),
            (503, OpenAIChatTranscripts.llamaServerLoading, .server, "Loading model", 3),
        ])
    func statuses(status: Int, body: String, kind: ProviderError.Kind, text: String, attempts: Int) async throws {
        let server = try startServer { _ in .json(body, status: status) }
        defer { server.stop() }
        // Named "OpenAI" so the hints are OpenAI's own; the server is still the loopback one.
        let provider = try openAIProvider(server, name: "OpenAI")

        let error = await chatStreamError(provider.stream(Self.question))

        expectProviderError(error, kind, status: status, provider: "OpenAI", saying: ["HTTP \(status)", text])
        #expect(server.requestCount == attempts, "429 and 5xx are retried before giving up")
        #expect(error?.message.contains("T3stK3y") == false)
    }

    @Test("A 401 never shows the key, though the server echoes it")
    func invalidKeyIsScrubbed() async throws {
        let server = try startServer { _ in .json(OpenAIChatTranscripts.invalidKey(echoing: openAITestKey), status: 401)
        }
        defer { server.stop() }

        let error = await chatStreamError(try openAIProvider(server).stream(Self.question))

        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("Incorrect API key provided") == true)
        #expect(error?.message.contains(openAITestKey) == false)
        #expect(error?.description.contains("T3stK3y") == false)
        #expect(String(describing: error).contains("T3stK3y") == false)
    }

    @Test(
        "Servers that cannot take tools answer .toolsUnsupported",
        arguments: [
            (500, OpenAIChatTranscripts.llamaServerNoJinja),
            (
                400,
                #"{"error":{"message":"registry.ollama.ai/library/gemma:2b does not support tools","type":"api_error","param":null,"code":null}}"#
            ),
        ])
    func toolsUnsupported(status: Int, body: String) async throws {
        let server = try startServer { _ in .json(body, status: status) }
        defer { server.stop() }

        let error = await chatStreamError(
            try openAIProvider(server, key: nil).stream(
                ChatRequest(messages: [.user("Weather?")], tools: [ChatTestFixtures.weatherTool])))

        #expect(error?.kind == .toolsUnsupported)
        #expect(error?.status == status)
    }

    @Test("LM Studio's refusal of json_object says to use jsonMode .jsonSchema")
    func lmStudioJSONObject() async throws {
        let server = try startServer { _ in .json(OpenAIChatTranscripts.lmStudioJSONObject, status: 400) }
        defer { server.stop() }

        let error = await chatStreamError(
            try openAIProvider(server, key: nil, name: "LM Studio").stream(
                ChatRequest(messages: [.user("JSON?")], responseFormat: .jsonObject)))

        #expect(error?.kind == .badRequest)
        #expect(error?.provider == "LM Studio")
        #expect(error?.message.contains("'response_format.type' must be 'json_schema' or 'text'") == true)
        #expect(error?.message.contains("jsonMode: .jsonSchema") == true)
    }

    @Test("An unreachable local server is .unreachable and says to start it")
    func unreachable() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let provider = try OpenAIChatProvider(
            model: "m", baseURL: refusing.url("/v1"), name: "LM Studio",
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])

        let error = await chatStreamError(provider.stream(Self.question))

        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("is LM Studio running") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("127.0.0.1:\(refusing.port)") == true)
    }

    @Test(
        "An error payload mid-stream is .server after the text before it",
        arguments: [
            (OpenAIChatTranscripts.errorMidStream, "The", "Sorry about that! (server_error)"),
            (OpenAIChatTranscripts.llamaServerErrorMidStream, "Hallo", "exceeds the available context size"),
        ])
    func errorMidStream(body: String, text: String, message: String) async throws {
        let server = try startServer { _ in sseStream(body) }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(Self.question))

        #expect(record.events == [.text(text)])
        #expect(record.providerError?.kind == .server)
        #expect(record.providerError?.message.contains(message) == true, "\(record.error.map { "\($0)" } ?? "")")
    }

    @Test("An error event that echoes the key does not carry it into the message")
    func errorEventScrubbed() async throws {
        let server = try startServer { _ in
            sseStream(
                "event: error\ndata: {\"error\":{\"message\":\"bad key \(openAITestKey)\",\"type\":\"auth\"}}\n\n")
        }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(Self.question))

        #expect(record.providerError?.kind == .server)
        #expect(record.providerError?.message.contains("bad key") == true)
        #expect(record.providerError?.message.contains("T3stK3y") == false)
    }

    @Test("A connection dropped mid-stream is .interrupted, never a short success")
    func droppedMidStream() async throws {
        let body = OpenAIChatTranscripts.plain
        let server = try startServer { _ in sseStream(body).droppingConnection(afterBodyBytes: body.utf8.count * 2 / 3)
        }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(Self.question))

        #expect(record.providerError?.kind == .interrupted)
        #expect(record.finish == nil)
        #expect(!record.text.isEmpty)
    }

    @Test("A body that ends without finish_reason or [DONE] is .interrupted")
    func endsEarly() async throws {
        let events = OpenAIChatTranscripts.plain.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let server = try startServer { _ in
            .stream(
                [.init(events.prefix(4).map { $0 + "\n\n" }.joined())], contentType: "text/event-stream",
                framing: .untilClose)
        }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(Self.question))

        #expect(record.text == "Grüße aus 世界")
        #expect(record.providerError?.kind == .interrupted)
    }

    @Test("A finished choice without [DONE] (some servers close right away) is a whole answer")
    func finishedWithoutDone() async throws {
        let events = OpenAIChatTranscripts.plain.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let server = try startServer { _ in
            sseStream(events.dropLast(2).map { $0 + "\n\n" }.joined())  // no usage chunk, no [DONE]
        }
        defer { server.stop() }

        let record = await recordChatStream(try openAIProvider(server).stream(Self.question))

        #expect(record.error == nil)
        #expect(record.text == OpenAIChatTranscripts.plainText)
        #expect(record.finish == ChatFinish(reason: "stop"))
    }

    @Test("A 200 that is not an event stream is .malformedResponse with an excerpt")
    func notAnEventStream() async throws {
        let server = try startServer { _ in .json(#"{"object":"chat.completion","choices":[]}"#) }
        defer { server.stop() }

        let error = await chatStreamError(try openAIProvider(server).stream(Self.question))

        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains("chat.completion") == true)
    }

    @Test("A data payload that is not JSON is .malformedResponse")
    func malformedEvent() async throws {
        let server = try startServer { _ in sseStream("data: {\"choices\":[{\"delta\":\n\n") }
        defer { server.stop() }

        let error = await chatStreamError(try openAIProvider(server).stream(Self.question))

        #expect(error?.kind == .malformedResponse)
    }

    @Test("A server that never answers is .timeout after the idle timeout")
    func neverAnswers() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let started = ContinuousClock.now

        let error = await chatStreamError(
            try openAIProvider(server, idleTimeout: .milliseconds(300)).stream(Self.question))

        #expect(error?.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(5))
        #expect(server.requestCount == 1)
    }
}
