import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// A model server's line, event or embedding reply is bounded: a server that never ends a line
/// (or sends one huge line) fails the request with a clear error instead of growing memory.
@Suite("Frame bounds")
struct FrameBoundTests {
    @Test("NDJSON: a line past the bound throws, wherever the chunks split it")
    func ndjsonLine() throws {
        let long = Data(repeating: UInt8(ascii: "a"), count: 17)
        for split in 1..<long.count {
            var decoder = NDJSONDecoder(maximumLineBytes: 16)
            #expect(try decoder.feed(Data("{\"ok\":1}\n".utf8)) == [Data("{\"ok\":1}".utf8)])
            _ = try? decoder.feed(long.prefix(split))
            expectTooLarge("line", 16) { _ = try decoder.feed(long.dropFirst(split)) }
        }
        var exact = NDJSONDecoder(maximumLineBytes: 16)
        #expect(try exact.feed(Data(repeating: 0x61, count: 16) + Data("\n".utf8)).count == 1)
    }

    @Test("SSE: a line, or an event's data lines together, past the bound throws")
    func sseBounds() throws {
        var lines = SSEDecoder(maximumLineBytes: 32, maximumEventBytes: 1024)
        expectTooLarge("line", 32) {
            _ = try lines.feed(Data(("data: " + String(repeating: "x", count: 40)).utf8))
        }
        var events = SSEDecoder(maximumLineBytes: 32, maximumEventBytes: 64)
        let chunk = Data(String(repeating: "data: 0123456789\n", count: 5).utf8)  // 5 × 11 bytes of data
        #expect(try events.feed(chunk).isEmpty)
        expectTooLarge("event", 64) { _ = try events.feed(chunk) }
        var fine = SSEDecoder(maximumLineBytes: 32, maximumEventBytes: 64)
        #expect(try fine.feed(chunk + Data("\n".utf8) + chunk + Data("\n".utf8)).count == 2)
    }

    @Test("Ollama chat: a 9 MiB answer line is a malformed response, not 9 MiB of text")
    func ollamaHugeLine() async throws {
        let filler = String(repeating: "a", count: 9 << 20)
        let line = #"{"model":"llama3.2","message":{"role":"assistant","content":"\#(filler)"},"done":true}"#
        let server = try startServer { _ in ollamaStream(line + "\n") }
        defer { server.stop() }

        let error = await chatStreamError(ollamaProvider(server).stream(ChatRequest(messages: [.user("hi")])))

        #expect(error?.kind == .malformedResponse)
        #expect(error?.provider == "Ollama")
        #expect(error?.message.contains("longer than 8 MiB") == true, "\(error?.message ?? "")")
    }

    @Test("OpenAI chat: an event past 8 MiB is a malformed response")
    func openAIHugeEvent() async throws {
        let filler = String(repeating: "b", count: 1 << 20)
        let chunk = #"{"choices":[{"index":0,"delta":{"content":"\#(filler)"}}]}"#
        let body = Array(repeating: "data: " + chunk, count: 9).joined(separator: "\n") + "\n\n"
        let server = try startServer { _ in sseStream(body) }
        defer { server.stop() }

        let error = await chatStreamError(try openAIProvider(server).stream(ChatRequest(messages: [.user("hi")])))

        #expect(error?.kind == .malformedResponse)
        #expect(error?.message.contains("stream event longer than 8 MiB") == true, "\(error?.message ?? "")")
    }

    @Test("Ollama embedder: a reply past 64 MiB is refused with an error naming the service")
    func embedderHugeReply() async throws {
        let padded = OllamaTranscripts.embedTwo.replacingOccurrences(
            of: "\"model\"", with: String(repeating: " ", count: 65 << 20) + "\"model\"")
        let server = try startServer { _ in .json(padded) }
        defer { server.stop() }
        let embedder = OllamaEmbedderTests.embedder(server)

        let error = await #expect(throws: EmbedderError.self) {
            _ = try await embedder.embed(["Why is the sky blue?", "Why is the grass green?"])
        }
        #expect(error.map { "\($0)".contains("longer than 64 MiB") } == true, "\(String(describing: error))")
    }
}

/// Expects `body` to throw ``FrameTooLarge`` for `frame` at `limit` bytes.
private func expectTooLarge(
    _ frame: String, _ limit: Int, sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    let error = #expect(throws: FrameTooLarge.self, sourceLocation: sourceLocation) { try body() }
    #expect(error?.frame == frame && error?.limit == limit, sourceLocation: sourceLocation)
}
