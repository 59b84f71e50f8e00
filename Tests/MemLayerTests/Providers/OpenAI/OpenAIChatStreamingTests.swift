import Foundation
import MemLayer
import MemLayerTesting
import Testing

@Suite("OpenAIChatProvider streaming")
struct OpenAIChatStreamingTests {
    static let question = ChatRequest(messages: [.user("Say hello in German.")])
    static let expected: [ChatEvent] = [
        .text("Grü"), .text("ße aus"), .text(" 世界"), .text(" 👋"),
        .finished(ChatFinish(reason: "stop", inputTokens: 19, outputTokens: 6)),
    ]

    /// Where a split tests something: inside and around every multi-byte character, at every line
    /// and event boundary, and every 16th byte between. (Every position is covered without I/O in
    /// OpenAIChatDecoderTests; through the server it would take seconds.)
    static func interestingOffsets(_ body: Data) -> [Int] {
        let bytes = Array(body)
        return (1..<bytes.count).filter { offset in
            bytes[offset] >= 0x80 || bytes[offset - 1] >= 0x80 || bytes[offset] == 0x0A || bytes[offset - 1] == 0x0A
                || offset % 16 == 0
        }
    }

    /// A provider for `server`'s `/v1` that streams through `transport`, so tests can watch its
    /// transfers.
    static func provider(_ server: LoopbackHTTPServer, _ transport: HTTPTransport) throws -> OpenAIChatProvider {
        try OpenAIChatProvider(model: "gpt-4.1", baseURL: server.url("/v1"), transport: transport, environment: [:])
    }

    @Test("Split into two HTTP chunks inside ü, 世 and 👋, at every event boundary and between, the events are identical")
    func splitPositions() async throws {
        let body = Data(OpenAIChatTranscripts.plain.utf8)
        let offsets = Self.interestingOffsets(body)
        let server = try startServer { request in
            // A short pause keeps the halves apart on the wire.
            .stream(
                ScriptedResponse.split(body, at: [offsets[request.index]], delay: .microseconds(200)),
                contentType: "text/event-stream")
        }
        defer { server.stop() }
        let provider = try openAIProvider(server)

        for offset in offsets {
            let record = await recordChatStream(provider.stream(Self.question))
            #expect(record.error == nil, "split at \(offset)")
            #expect(record.events == Self.expected, "split at \(offset)")
        }
        #expect(server.requestCount == offsets.count)
        #expect(offsets.count > 100)
    }

    @Test("Tool-call fragments sent one byte per HTTP chunk assemble into the same calls")
    func toolCallsOneBytePerChunk() async throws {
        let body = Data(OpenAIChatTranscripts.twoToolCallsInterleaved.utf8)
        let server = try startServer { _ in
            .stream(
                ScriptedResponse.split(body, at: Array(1..<body.count), delay: .microseconds(50)),
                contentType: "text/event-stream")
        }
        defer { server.stop() }

        let record = await recordChatStream(
            try openAIProvider(server).stream(
                ChatRequest(messages: [.user("?")], tools: [ChatTestFixtures.weatherTool])))

        #expect(record.error == nil)
        #expect(
            record.toolCalls == [
                ToolCall(id: "call_A1", name: "get_weather", argumentsJSON: #"{"city":"Tokyo"}"#),
                ToolCall(id: "call_B2", name: "get_time", argumentsJSON: #"{"timezone":"Asia/Tokyo"}"#),
            ])
    }

    @Test("A consumer that stops early aborts the transfer; the server sees the disconnect")
    func consumerStopsEarly() async throws {
        let gate = LoopbackGate()
        let events = OpenAIChatTranscripts.plain.components(separatedBy: "\n\n").filter { !$0.isEmpty }
        let server = try startServer { _ in
            .stream(
                [
                    .init(events[0] + "\n\n" + events[1] + "\n\n"),
                    .init(events[2...].map { $0 + "\n\n" }.joined(), gate: gate),
                ],
                contentType: "text/event-stream")
        }
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
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let transport = HTTPTransport(retryPolicy: .never)
        let provider = try Self.provider(server, transport)

        let record = await recordChatStreamCancelledBeforeAnswer(provider, Self.question, server: server)

        #expect(record.events.isEmpty)
        #expect(record.providerError == nil, "\(String(describing: record.error))")
        await expectTransferAborted(server, transport)
    }

    @Test("A stream nobody iterates is dropped, and its transfer with it")
    func droppedStream() async throws {
        let server = try startServer { _ in .neverAnswer }
        defer { server.stop() }
        let transport = HTTPTransport(retryPolicy: .never)
        let provider = try Self.provider(server, transport)

        do {
            let stream = provider.stream(Self.question)
            #expect(await server.waitUntil { $0.requestCount == 1 })
            _ = stream
        }

        await expectTransferAborted(server, transport)
    }
}
