import Foundation
import Testing

@testable import MemLayer
@testable import MemLayerHTTP
@testable import MemLayerServices
@testable import MemLayerStore

/// The parsers fed through ``SSEChatDecoder`` with the tool-call transcripts split at every byte
/// offset, and one byte at a time: no I/O, so thousands of runs take about a second.
@Suite("Stream parsers at every split")
struct StreamParserSplitTests {
    static func events(_ body: Data, splits: [Int], parser: some SSEChatParser) throws -> [ChatEvent] {
        let pieces = zip([0] + splits, splits + [body.count]).map { body.subdata(in: $0..<$1) }
        return try decodeChat(SSEChatDecoder(parser), pieces)
    }

    /// The splits (offsets, or `[-1]` for byte-by-byte) whose events differ from the whole body's.
    static func failingSplits(_ body: Data, parser: () -> some SSEChatParser) throws -> [[Int]] {
        let whole = try events(body, splits: [], parser: parser())
        var failures: [[Int]] = []
        for offset in 1..<body.count where try events(body, splits: [offset], parser: parser()) != whole {
            failures.append([offset])
        }
        if try events(body, splits: Array(1..<body.count), parser: parser()) != whole { failures.append([-1]) }
        return failures
    }

    @Test("Claude: tool-call fragments, pings and usage come out the same for any split")
    func claude() throws {
        let body = Data(ClaudeTranscripts.twoToolCalls.utf8)
        let whole = try Self.events(body, splits: [], parser: ClaudeStreamParser())
        #expect(whole.count == 3, "two calls and the finish")

        #expect(try Self.failingSplits(body) { ClaudeStreamParser() }.isEmpty)
    }

    @Test("Gemini: text and function calls come out the same for any split")
    func gemini() throws {
        let body = Data(GeminiTranscripts.twoFunctionCalls.utf8)
        let whole = try Self.events(body, splits: [], parser: GeminiStreamParser(ledger: GeminiCallLedger()))
        #expect(whole.count == 4)

        #expect(try Self.failingSplits(body) { GeminiStreamParser(ledger: GeminiCallLedger()) }.isEmpty)
    }
}
