import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The NDJSON state machine alone, fed without I/O.
@Suite("OllamaChatDecoder")
struct OllamaChatDecoderTests {
    @Test(
        "Every two-chunk split of a transcript decodes to the same events",
        arguments: [OllamaChatTranscripts.plain, OllamaChatTranscripts.toolCall, OllamaChatTranscripts.twoToolCalls])
    func everySplit(transcript: String) throws {
        let body = Data(transcript.utf8)
        let whole = try decodeChat(OllamaChatDecoder(), [body])
        #expect(whole.last.map { if case .finished = $0 { true } else { false } } == true)
        for offset in 1..<body.count {
            let split = try decodeChat(OllamaChatDecoder(), [body.prefix(offset), body.dropFirst(offset)])
            #expect(split == whole, "split at \(offset)")
        }
        #expect(try decodeChat(OllamaChatDecoder(), body.map { Data([$0]) }) == whole, "one byte at a time")
    }

    @Test("Lines after the done line are not read")
    func stopsAtDone() throws {
        let body = Data((OllamaChatTranscripts.lengthLimited + "not json\n").utf8)
        var decoder = OllamaChatDecoder()
        var events: [ChatEvent] = []
        try decoder.feed(body, into: &events)
        #expect(decoder.isComplete)
        #expect(events.last == .finished(ChatFinish(reason: "length", inputTokens: 12, outputTokens: 2)))
    }

    @Test("A last line without its newline still counts")
    func lastLineWithoutNewline() throws {
        let body = Data(OllamaChatTranscripts.afterToolResult.dropLast().utf8)
        let events = try decodeChat(OllamaChatDecoder(), [body])
        #expect(events.last == .finished(ChatFinish(reason: "stop", inputTokens: 94, outputTokens: 11)))
    }
}
