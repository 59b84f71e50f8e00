import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The event-stream state machine alone, fed without I/O.
@Suite("OpenAIChatDecoder")
struct OpenAIChatDecoderTests {
    @Test("Every two-chunk split of the UTF-8 transcript, and one byte at a time, decodes to the same events")
    func everySplit() throws {
        try checkSplits(OpenAIChatTranscripts.plain, at: Array(1..<OpenAIChatTranscripts.plain.utf8.count))
    }

    @Test(
        "Splits at every event boundary, inside every multi-byte character and every 16th byte decode the same",
        arguments: [
            OpenAIChatTranscripts.toolCall, OpenAIChatTranscripts.twoToolCallsInterleaved,
            OpenAIChatTranscripts.llamaServer,
        ])
    func interestingSplits(transcript: String) throws {
        try checkSplits(transcript, at: OpenAIChatStreamingTests.interestingOffsets(Data(transcript.utf8)))
    }

    private func checkSplits(_ transcript: String, at offsets: [Int]) throws {
        let body = Data(transcript.utf8)
        let whole = try decodeChat(OpenAIChatDecoder(provider: "OpenAI"), [body])
        #expect(whole.last.map { if case .finished = $0 { true } else { false } } == true)
        for offset in offsets {
            let split = try decodeChat(
                OpenAIChatDecoder(provider: "OpenAI"), [body.prefix(offset), body.dropFirst(offset)])
            #expect(split == whole, "split at \(offset)")
        }
        #expect(
            try decodeChat(OpenAIChatDecoder(provider: "OpenAI"), body.map { Data([$0]) }) == whole,
            "one byte at a time")
    }

    @Test("CRLF line endings and comment lines (keep-alives) change nothing")
    func crlfAndComments() throws {
        let crlf = OpenAIChatTranscripts.plain.replacingOccurrences(of: "\n", with: "\r\n")
        let withComments =
            ": keep-alive\n\n"
            + OpenAIChatTranscripts.plain.replacingOccurrences(
                of: "data: [DONE]", with: ": PROCESSING\n\ndata: [DONE]")
        let expected = try decodeChat(OpenAIChatDecoder(provider: "OpenAI"), [Data(OpenAIChatTranscripts.plain.utf8)])
        #expect(try decodeChat(OpenAIChatDecoder(provider: "OpenAI"), [Data(crlf.utf8)]) == expected)
        #expect(try decodeChat(OpenAIChatDecoder(provider: "OpenAI"), [Data(withComments.utf8)]) == expected)
    }

    @Test("Calls without ids or indices get call_<n>; the deprecated function_call reason reads tool_calls")
    func looseToolCalls() throws {
        let body = OpenAIChatTranscripts.body([
            #"{"choices":[{"index":0,"delta":{"tool_calls":[{"function":{"name":"a","arguments":"{}"}},{"function":{"name":"b"}}]}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"function_call"}]}"#,
            "[DONE]",
        ])
        let events = try decodeChat(OpenAIChatDecoder(provider: "X"), [Data(body.utf8)])
        #expect(
            events == [
                .toolCall(ToolCall(id: "call_0", name: "a", argumentsJSON: "{}")),
                .toolCall(ToolCall(id: "call_1", name: "b", argumentsJSON: "{}")),
                .finished(ChatFinish(reason: "tool_calls")),
            ])
    }

    @Test("Choices other than the first are ignored")
    func otherChoicesIgnored() throws {
        let body = OpenAIChatTranscripts.body([
            #"{"choices":[{"index":1,"delta":{"content":"other"}},{"index":0,"delta":{"content":"mine"}}]}"#,
            #"{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"#,
            "[DONE]",
        ])
        let events = try decodeChat(OpenAIChatDecoder(provider: "X"), [Data(body.utf8)])
        #expect(events == [.text("mine"), .finished(ChatFinish(reason: "stop"))])
    }

    @Test("A body of keep-alives only is an interruption; a JSON body is not an event stream")
    func emptyStreams() throws {
        #expect {
            try decodeChat(OpenAIChatDecoder(provider: "X"), [Data(": keep-alive\n\n".utf8)])
        } throws: { ($0 as? ProviderError)?.kind == .interrupted }
        #expect {
            try decodeChat(OpenAIChatDecoder(provider: "X"), [Data("\n{\"error\":\"no\"}".utf8)])
        } throws: { ($0 as? ProviderError)?.kind == .malformedResponse }
        #expect {
            try decodeChat(OpenAIChatDecoder(provider: "X"), [])
        } throws: { ($0 as? ProviderError)?.kind == .interrupted }
    }
}
