import Foundation
import MemLayer
import Testing

@Suite("Stream framing")
struct FramingTests {
    static let sse = Data(
        """
        : a comment\r
        event: message_start\r
        data: {"type":"message_start"}\r
        \r
        data: {"text":"héllo 👋 wörld"}
        data: second line

        event: ping
        data:

        id: 7
        retry: 100
        data:no-space

        event: empty

        data: [DONE]

        """.utf8)

    static let expectedSSE = [
        SSEEvent(event: "message_start", data: #"{"type":"message_start"}"#),
        SSEEvent(data: "{\"text\":\"héllo 👋 wörld\"}\nsecond line"),
        SSEEvent(event: "ping", data: ""),
        SSEEvent(data: "no-space", id: "7"),
        SSEEvent(data: "[DONE]", id: "7"),
    ]

    @Test("SSE events decode the same at every split point of the stream")
    func sseEverySplit() throws {
        for split in 0...Self.sse.count {
            var decoder = SSEDecoder()
            var events = try decoder.feed(Self.sse.prefix(split))
            events += try decoder.feed(Self.sse.dropFirst(split))
            if let last = try decoder.finish() { events.append(last) }
            #expect(events == Self.expectedSSE, "split at \(split)")
        }
    }

    @Test("SSE fed one byte at a time, and a last event without its blank line")
    func sseByteByByte() throws {
        var decoder = SSEDecoder()
        var events: [SSEEvent] = []
        for byte in Self.sse { events += try decoder.feed(Data([byte])) }
        #expect(events == Array(Self.expectedSSE.dropLast()))  // the last event still awaits its blank line
        #expect(try decoder.finish() == Self.expectedSSE.last)
        var tail = SSEDecoder()
        #expect(try tail.feed(Data("data: {\"a\":1}".utf8)).isEmpty)
        #expect(try tail.finish() == SSEEvent(data: "{\"a\":1}"))
    }

    @Test("NDJSON lines decode the same at every split point, blank lines skipped")
    func ndjsonEverySplit() throws {
        let stream = Data("{\"message\":{\"content\":\"Olá 世界\"}}\n\n{\"done\":false}\r\n{\"done\":true}".utf8)
        let expected = ["{\"message\":{\"content\":\"Olá 世界\"}}", "{\"done\":false}", "{\"done\":true}"].map {
            Data($0.utf8)
        }
        for split in 0...stream.count {
            var decoder = NDJSONDecoder()
            var lines = try decoder.feed(stream.prefix(split))
            lines += try decoder.feed(stream.dropFirst(split))
            if let last = decoder.finish() { lines.append(last) }
            #expect(lines == expected, "split at \(split)")
        }
    }
}
