import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("GeminiChatProvider failures")
struct GeminiFailureTests {
    static let key = GeminiChatProviderTests.key
    static let request = ChatRequest(messages: [.user("Hi")])

    static func provider(
        _ server: LoopbackHTTPServer, key: String? = key, idleTimeout: Duration = .seconds(5),
        transport: HTTPTransport? = nil
    ) -> GeminiChatProvider {
        GeminiChatProviderTests.provider(server, key: key, idleTimeout: idleTimeout, transport: transport)
    }

    /// Serves "Hel", then holds the rest of the answer behind `gate`.
    static func startGatedServer(_ gate: LoopbackGate) throws -> LoopbackHTTPServer {
        try startServer { _ in
            .stream([
                .init(GeminiTranscripts.chunk(GeminiTranscripts.text("Hel"))),
                .init(GeminiTranscripts.chunk(GeminiTranscripts.text("lo"), finishReason: "STOP"), gate: gate),
            ])
        }
    }

    @Test(
        "HTTP error bodies become the right kind, with Google's status and message and what to do",
        arguments: [
            (
                400, GeminiTranscripts.invalidKey, ProviderError.Kind.authentication, 1,
                ["HTTP 400", "INVALID_ARGUMENT: API key not valid", "export GEMINI_API_KEY"]
            ),
            (
                400, GeminiTranscripts.invalidArgument, .badRequest, 1,
                ["HTTP 400", "max_output_tokens must be positive", "refused the request"]
            ),
            (403, GeminiTranscripts.permissionDenied, .authentication, 1, ["HTTP 403", "PERMISSION_DENIED"]),
            (
                404, GeminiTranscripts.modelNotFound, .modelNotFound, 1,
                [
                    "HTTP 404", "NOT_FOUND: models/gemini-9-pro is not found", #"model "gemini-2.5-flash" does not exist"#,
                    "pass --model",
                ]
            ),
            (
                500, GeminiTranscripts.internalError, .server, 3,
                ["HTTP 500", "INTERNAL: An internal error", "3 attempts"]
            ),
            (
                503, GeminiTranscripts.overloaded, .rateLimited, 3,
                ["HTTP 503", "UNAVAILABLE: The model is overloaded", "overloaded; try again"]
            ),
        ])
    func httpErrors(status: Int, body: String, kind: ProviderError.Kind, attempts: Int, phrases: [String]) async throws
    {
        let server = try startServer { _ in .json(body, status: status) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server).stream(Self.request))

        expectProviderError(error, kind, status: status, provider: "Gemini", saying: phrases)
        #expect(server.requestCount == attempts)
    }

    @Test("An exhausted quota (429 RESOURCE_EXHAUSTED) is retried, then reported as rate limiting")
    func quotaExhausted() async throws {
        let server = try startServer { _ in .json(GeminiTranscripts.quotaExhausted, status: 429) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server).stream(Self.request))

        #expect(error?.kind == .rateLimited)
        #expect(error?.message.contains("RESOURCE_EXHAUSTED: You exceeded your current quota") == true)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(server.requestCount == 3)
    }

    @Test("A blocked prompt (promptFeedback.blockReason) is a clear error, not an empty answer")
    func promptBlocked() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.promptBlocked)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.events.isEmpty)
        #expect(outcome.providerError?.kind == .badRequest)
        #expect(outcome.providerError?.message.contains("prompt was blocked (blockReason PROHIBITED_CONTENT)") == true)
    }

    @Test("An error object mid-stream ends the stream with its kind (overload: .rateLimited) after the text so far")
    func errorMidStream() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.errorMidStream)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.events == [.text("Hel")])
        #expect(outcome.providerError?.kind == .rateLimited)
        #expect(outcome.providerError?.message.contains("UNAVAILABLE: The model is overloaded") == true)
        #expect(server.requestCount == 1)
    }

    @Test("A connection dropped mid-stream is an interruption, never a short success")
    func droppedMidStream() async throws {
        let body = Data(GeminiTranscripts.plainAnswer.utf8)
        let cut = GeminiTranscripts.chunk(GeminiTranscripts.text("Hello")).utf8.count + 30
        let server = try startServer { _ in
            .stream(ScriptedResponse.split(body, at: [cut / 2, cut])).droppingConnection(afterBodyBytes: cut)
        }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.events == [.text("Hello")])
        #expect(outcome.providerError?.kind == .interrupted)
        #expect(outcome.providerError?.message.contains("connection dropped") == true)
    }

    @Test("A body that ends cleanly without any finishReason is incomplete")
    func endsWithoutFinishReason() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.noFinishReason)], framing: .untilClose) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.events == [.text("Hello")])
        #expect(outcome.providerError?.kind == .interrupted)
        #expect(outcome.providerError?.message.contains("finishReason") == true)
    }

    @Test("A chunk that is not a GenerateContentResponse is a malformed response")
    func malformedChunk() async throws {
        let server = try startServer { _ in .stream([.init("data: {\"candidates\": [{\"content\": \r\n\r\n")]) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server).stream(Self.request))

        #expect(error?.kind == .malformedResponse)
    }

    @Test("A server that never answers times out after the idle timeout")
    func neverAnswers() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let started = ContinuousClock.now

        let error = await chatStreamError(
            Self.provider(server, idleTimeout: .milliseconds(300)).stream(Self.request))

        #expect(error?.kind == .timeout)
        #expect(ContinuousClock.now - started < .seconds(10), "it must time out, not wait for the server")
        #expect(server.requestCount == 1)
        #expect(await server.waitUntil { $0.clientDisconnects == 1 })
    }

    @Test("A consumer that stops early aborts the transfer: the server sees the disconnect")
    func consumerStopsEarly() async throws {
        let gate = LoopbackGate()
        let server = try Self.startGatedServer(gate)
        defer { server.stop() }
        let transport = HTTPTransport(retryPolicy: quickRetries)

        let first = try await firstChatEvent(of: Self.provider(server, transport: transport).stream(Self.request)) {
            #expect(transport.activeTransfers == 1, "the provider streams through the caller's transport")
        }

        #expect(first == .text("Hel"))
        await expectTransferAborted(server, transport, within: .seconds(2))
        #expect(server.completedResponses == 0)
    }

    @Test("Cancelling the consuming task ends the stream without a ProviderError and closes the connection")
    func cancellation() async throws {
        let gate = LoopbackGate()
        let server = try Self.startGatedServer(gate)
        defer { server.stop() }
        let transport = HTTPTransport(retryPolicy: quickRetries)

        let record = await recordChatStreamCancelledAfterFirstEvent(
            Self.provider(server, transport: transport), Self.request)

        #expect(record.events == [.text("Hel")], "ended quietly after the text so far")
        #expect(
            record.error == nil || record.error is CancellationError,
            "not a ProviderError: \(String(describing: record.error))")
        await expectTransferAborted(server, transport, within: .seconds(2))
    }

    @Test("Without a key the stream fails before any request, saying what to export")
    func missingKey() async throws {
        let server = try startServer { _ in .stream([.init(GeminiTranscripts.plainAnswer)]) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server, key: nil).stream(Self.request))

        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("export GEMINI_API_KEY=") == true)
        #expect(server.requestCount == 0)
    }

    @Test("The API key never appears in errors, URLs, descriptions or mirrors, even when echoed back")
    func keyNeverShown() async throws {
        let server = try startServer { request in
            let echoed = request.headers["x-goog-api-key"] ?? ""
            return .json(
                GeminiTranscripts.errorBody(400, "INVALID_ARGUMENT", "API key not valid: \(echoed)"), status: 400)
        }
        defer { server.stop() }
        let provider = Self.provider(server)

        let error = await chatStreamError(provider.stream(Self.request))

        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("API key not valid") == true)
        #expect(error.map { "\($0)" }?.contains(Self.key) == false)
        #expect(error.map { String(reflecting: $0) }?.contains(Self.key) == false)
        #expect(server.requests.first.map { $0.target.contains(Self.key) } == false)
        expectHidden(Self.key, in: provider)
    }
}
