import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OllamaChatProvider streaming")
struct OllamaChatStreamingTests {
    static let question = ChatRequest(messages: [.user("Say hello in German.")])
    static let expected: [ChatEvent] = [
        .text("Grü"), .text("ße aus"), .text(" 世"), .text("界 👋"), .text(" (1 < 2)"),
        .finished(ChatFinish(reason: "stop", inputTokens: 26, outputTokens: 282)),
    ]

    @Test("Split into two HTTP chunks at every byte position (inside ü, 世 and 👋 too), the events are identical")
    func everySplitPosition() async throws {
        let body = Data(OllamaChatTranscripts.plain.utf8)
        let server = try startServer { request in
            // Request n is split after byte n + 1; a short pause keeps the halves apart on the wire.
            .stream(
                ScriptedResponse.split(body, at: [request.index + 1], delay: .microseconds(100)),
                contentType: "application/x-ndjson")
        }
        defer { server.stop() }
        let provider = ollamaProvider(server)

        for offset in 1..<body.count {
            let record = await recordChatStream(provider.stream(Self.question))
            #expect(record.error == nil, "split at \(offset)")
            #expect(record.events == Self.expected, "split at \(offset)")
        }
        #expect(server.requestCount == body.count - 1)
    }

    @Test("One byte per HTTP chunk, the reassembled text is identical")
    func oneBytePerChunk() async throws {
        let body = Data(OllamaChatTranscripts.plain.utf8)
        let server = try startServer { _ in
            .stream(
                ScriptedResponse.split(body, at: Array(1..<body.count), delay: .microseconds(100)),
                contentType: "application/x-ndjson")
        }
        defer { server.stop() }

        let record = await recordChatStream(ollamaProvider(server).stream(Self.question))

        #expect(record.events == Self.expected)
        #expect(record.text == OllamaChatTranscripts.plainText)
    }

    /// Serves the first line of ``OllamaChatTranscripts/plain`` and holds the rest behind `gate`.
    static func startGatedServer(_ gate: LoopbackGate) throws -> LoopbackHTTPServer {
        let lines = OllamaChatTranscripts.plain.split(separator: "\n").map { String($0) + "\n" }
        return try startServer { _ in
            .stream([.init(lines[0]), .init(lines[1...].joined(), gate: gate)], contentType: "application/x-ndjson")
        }
    }

    /// A provider for `server` that streams through `transport`, so tests can watch its transfers.
    static func provider(_ server: LoopbackHTTPServer, _ transport: HTTPTransport) -> OllamaChatProvider {
        OllamaChatProvider(model: "llama3.2", host: server.baseURL, transport: transport, environment: [:])
    }

    @Test("A consumer that stops early aborts the transfer; the server sees the disconnect")
    func consumerStopsEarly() async throws {
        let gate = LoopbackGate()
        let server = try Self.startGatedServer(gate)
        defer {
            gate.open()
            server.stop()
        }
        let transport = HTTPTransport(retryPolicy: .never)

        // The rest of the answer waits behind the gate, which stays shut: the response can only end
        // by the server seeing the client leave.
        let first = try await firstChatEvent(of: Self.provider(server, transport).stream(Self.question))

        #expect(first == .text("Grü"))
        await expectTransferAborted(server, transport)
        #expect(server.completedResponses == 0)
    }

    @Test("Cancelling the consuming task aborts the transfer and is not a ProviderError")
    func taskCancelled() async throws {
        let gate = LoopbackGate()
        let server = try Self.startGatedServer(gate)
        defer {
            gate.open()
            server.stop()
        }
        let transport = HTTPTransport(retryPolicy: .never)

        let record = await recordChatStreamCancelledAfterFirstEvent(Self.provider(server, transport), Self.question)

        #expect(record.events == [.text("Grü")])
        #expect(record.error == nil || record.error is CancellationError, "\(String(describing: record.error))")
        await expectTransferAborted(server, transport)
    }

    @Test("Cancelling before the server answers ends the stream without a ProviderError")
    func cancelledBeforeAnswer() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let transport = HTTPTransport(retryPolicy: .never)

        let record = await recordChatStreamCancelledBeforeAnswer(
            Self.provider(server, transport), Self.question, server: server)

        #expect(record.events.isEmpty)
        #expect(record.providerError == nil, "\(String(describing: record.error))")
        await expectTransferAborted(server, transport)
    }
}
