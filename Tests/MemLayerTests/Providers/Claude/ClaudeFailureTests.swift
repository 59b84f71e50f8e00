import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("ClaudeChatProvider failures")
struct ClaudeFailureTests {
    static let key = ClaudeChatProviderTests.key
    static let request = ChatRequest(messages: [.user("Hi")])

    static func provider(
        _ server: LoopbackHTTPServer, key: String? = key, idleTimeout: Duration = .seconds(5),
        transport: HTTPTransport? = nil
    ) -> ClaudeChatProvider {
        ClaudeChatProviderTests.provider(server, key: key, idleTimeout: idleTimeout, transport: transport)
    }

    @Test(
        "HTTP error bodies become the right kind, with Anthropic's type and message and what to do",
        arguments: [
            (
                400, ClaudeTranscripts.invalidRequest, ProviderError.Kind.badRequest, 1,
                ["HTTP 400", "invalid_request_error", "max_tokens: 100000 > 64000"]
            ),
            (
                401, ClaudeTranscripts.invalidKey(echoing: "x"), .authentication, 1,
                ["HTTP 401", "authentication_error", "export ANTHROPIC_API_KEY"]
            ),
            (403, ClaudeTranscripts.permissionDenied, .authentication, 1, ["HTTP 403", "permission_error"]),
            (
                404, ClaudeTranscripts.modelNotFound, .modelNotFound, 1,
                [
                    "HTTP 404", "not_found_error: model: claude-sonnet-9", #"model "claude-sonnet-4-5" does not exist"#,
                    "was retired", "pass --model",
                ]
            ),
            (
                500, ClaudeTranscripts.apiError, .server, 3,
                ["HTTP 500", "api_error: Internal server error", "3 attempts"]
            ),
            (
                529, ClaudeTranscripts.overloaded, .rateLimited, 3,
                ["HTTP 529", "overloaded_error", "overloaded; try again"]
            ),
        ])
    func httpErrors(status: Int, body: String, kind: ProviderError.Kind, attempts: Int, phrases: [String]) async throws
    {
        let server = try startServer { _ in .json(body, status: status) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server).stream(Self.request))

        expectProviderError(error, kind, status: status, provider: "Claude", saying: phrases)
        #expect(server.requestCount == attempts)
    }

    @Test("A 429 is retried, and reported as rate limiting once the retries are used up")
    func rateLimited() async throws {
        let server = try startServer { _ in
            .json(ClaudeTranscripts.rateLimited, status: 429, headers: ["retry-after": "0"])
        }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server).stream(Self.request))

        #expect(error?.kind == .rateLimited)
        #expect(error?.message.contains("rate_limit_error") == true)
        #expect(error?.message.contains("50,000 input tokens per minute") == true)
        #expect(error?.message.contains("after 3 attempts") == true)
        #expect(server.requestCount == 3)
    }

    @Test("An overloaded 529 followed by a good answer is retried transparently")
    func overloadedThenAnswer() async throws {
        let server = try startServer { request in
            request.index == 0
                ? .json(ClaudeTranscripts.overloaded, status: 529) : .stream([.init(ClaudeTranscripts.plainAnswer)])
        }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.text == "Hello!")
        #expect(server.requestCount == 2)
    }

    @Test("An overloaded_error event mid-stream is overload (.rateLimited), after the text so far")
    func errorEvent() async throws {
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.overloadedMidStream)]) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.events == [.text("Hel")])
        let error = try #require(outcome.providerError)
        #expect(error.kind == .rateLimited)
        #expect(error.message.contains("overloaded_error: Overloaded"))
        #expect(error.message.contains("try again in a moment"))
        #expect(server.requestCount == 1, "a stream that started is not retried")
    }

    @Test("A connection dropped mid-stream is an interruption, never a short success")
    func droppedMidStream() async throws {
        let body = Data(ClaudeTranscripts.plainAnswer.utf8)
        let cut = ClaudeTranscripts.plainAnswer.utf8.count - ClaudeTranscripts.messageStop.utf8.count - 40
        let server = try startServer { _ in
            .stream(ScriptedResponse.split(body, at: [cut / 2, cut])).droppingConnection(afterBodyBytes: cut)
        }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.finish == nil)
        #expect(outcome.text == "Hello!")
        #expect(outcome.providerError?.kind == .interrupted)
        #expect(outcome.providerError?.message.contains("connection dropped") == true)
    }

    @Test("A body that ends cleanly but without message_stop is incomplete")
    func endsWithoutMessageStop() async throws {
        let truncated = String(ClaudeTranscripts.plainAnswer.dropLast(ClaudeTranscripts.messageStop.count))
        let server = try startServer { _ in .stream([.init(truncated)], framing: .untilClose) }
        defer { server.stop() }

        let outcome = await recordChatStream(Self.provider(server).stream(Self.request))

        #expect(outcome.text == "Hello!")
        #expect(outcome.finish == nil)
        #expect(outcome.providerError?.kind == .interrupted)
        #expect(outcome.providerError?.message.contains("message_stop") == true)
    }

    @Test("An event that is not JSON is a malformed response")
    func malformedEvent() async throws {
        let body =
            ClaudeTranscripts.messageStart() + "event: content_block_delta\ndata: {\"type\":\"content_block_de\n\n"
        let server = try startServer { _ in .stream([.init(body)]) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server).stream(Self.request))

        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains("content_block_de") == true)
    }

    @Test("A server that never answers times out after the idle timeout")
    func neverAnswers() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let started = ContinuousClock.now

        let error = await chatStreamError(
            Self.provider(server, idleTimeout: .milliseconds(300)).stream(Self.request))

        #expect(error?.kind == .timeout)
        #expect(error?.message.contains("0.3 s") == true)
        #expect(ContinuousClock.now - started < .seconds(10), "it must time out, not wait for the server")
        #expect(server.requestCount == 1)
        #expect(await server.waitUntil { $0.clientDisconnects == 1 })
    }

    @Test("Silence in the middle of an answer times out after the text so far")
    func silentMidStream() async throws {
        let parts: [ScriptedResponse.Part] = [
            .init(
                ClaudeTranscripts.messageStart() + ClaudeTranscripts.textStart(0)
                    + ClaudeTranscripts.textDelta(0, "Hel")),
            .init(ClaudeTranscripts.messageStop, after: .seconds(5)),
        ]
        let server = try startServer { _ in .stream(parts) }
        defer { server.stop() }

        let outcome = await recordChatStream(
            Self.provider(server, idleTimeout: .milliseconds(300)).stream(Self.request))

        #expect(outcome.events == [.text("Hel")])
        #expect(outcome.providerError?.kind == .timeout)
    }

    @Test("A consumer that stops early aborts the transfer: the server sees the disconnect")
    func consumerStopsEarly() async throws {
        let gate = LoopbackGate()
        let head =
            ClaudeTranscripts.messageStart() + ClaudeTranscripts.textStart(0) + ClaudeTranscripts.textDelta(0, "Hel")
        let server = try startServer { _ in
            .stream([
                .init(head), .init(ClaudeTranscripts.textDelta(0, "lo") + ClaudeTranscripts.messageStop, gate: gate),
            ])
        }
        defer { server.stop() }
        let transport = HTTPTransport(retryPolicy: quickRetries)

        let first = try await firstChatEvent(of: Self.provider(server, transport: transport).stream(Self.request)) {
            #expect(transport.activeTransfers == 1, "the provider streams through the caller's transport")
        }

        #expect(first == .text("Hel"))
        await expectTransferAborted(server, transport, within: .seconds(2))
        #expect(server.completedResponses == 0)
        #expect(!gate.isOpen)
    }

    @Test("Cancelling the consuming task ends the stream without a ProviderError and closes the connection")
    func cancellation() async throws {
        let gate = LoopbackGate()
        let head =
            ClaudeTranscripts.messageStart() + ClaudeTranscripts.textStart(0) + ClaudeTranscripts.textDelta(0, "Hel")
        let server = try startServer { _ in .stream([.init(head), .init(ClaudeTranscripts.messageStop, gate: gate)]) }
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
        let server = try startServer { _ in .stream([.init(ClaudeTranscripts.plainAnswer)]) }
        defer { server.stop() }

        let error = await chatStreamError(Self.provider(server, key: nil).stream(Self.request))

        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("export ANTHROPIC_API_KEY=") == true)
        #expect(server.requestCount == 0)
    }

    @Test("The API key never appears in errors, URLs, descriptions or mirrors, even when echoed back")
    func keyNeverShown() async throws {
        let server = try startServer { request in
            .json(ClaudeTranscripts.invalidKey(echoing: request.headers["x-api-key"] ?? ""), status: 401)
        }
        defer { server.stop() }
        let provider = Self.provider(server)

        let error = await chatStreamError(provider.stream(Self.request))

        #expect(error?.kind == .authentication)
        #expect(error?.message.contains("invalid x-api-key") == true)
        #expect(error.map { "\($0)" }?.contains(Self.key) == false)
        #expect(error.map { String(reflecting: $0) }?.contains(Self.key) == false)
        #expect(server.requests.first.map { $0.target.contains(Self.key) } == false)
        expectHidden(Self.key, in: provider)
    }

    @Test("An unreachable server is reported as unreachable, with its address and without the key")
    func unreachable() async throws {
        let refusing = try RefusingLoopbackPort()
        defer { refusing.close() }
        let provider = ClaudeChatProvider(
            model: "claude-sonnet-4-5", baseURL: refusing.url(), apiKey: Self.key,
            transport: HTTPTransport(retryPolicy: quickRetries), environment: [:])

        let error = await chatStreamError(provider.stream(Self.request))

        #expect(error?.kind == .unreachable)
        #expect(error?.message.contains("127.0.0.1:\(refusing.port)/v1/messages") == true)
        #expect(error?.message.contains("ANTHROPIC_BASE_URL") == true)
        #expect(error?.message.contains(Self.key) == false)
    }
}
