import Foundation
import MemLayer
import MemLayerTesting

/// Runs a chunk-boundary check at many split offsets, a few at a time.
enum ChatSplitting {
    /// Serves `body` split into two HTTP chunks at every offset from 1 to its end to the provider
    /// `makeProvider` creates for the server, a few requests at a time. Each request names its
    /// offset as its first user message, which `offset` reads back from the request.
    ///
    /// Returns the offsets at which the text was not `expected`, the answer did not finish or the
    /// stream failed, and how many requests the server saw.
    static func textFailures(
        _ body: Data, expected: String, offset: @escaping @Sendable (RecordedRequest) -> Int,
        provider makeProvider: (LoopbackHTTPServer) -> some ChatProvider
    ) async throws -> (failures: [Int], requests: Int) {
        let server = try startServer { request in .stream(ScriptedResponse.split(body, at: [offset(request)])) }
        defer { server.stop() }
        let provider = makeProvider(server)
        let failures = await failingOffsets(1..<body.count) { offset in
            let record = await recordChatStream(provider.stream(ChatRequest(messages: [.user("\(offset)")])))
            return record.text == expected && record.finish != nil && record.error == nil
        }
        return (failures, server.requestCount)
    }

    /// The offsets in `offsets` for which `check` returned false, in order.
    private static func failingOffsets(
        _ offsets: Range<Int>, concurrency: Int = 4, _ check: @escaping @Sendable (Int) async -> Bool
    ) async -> [Int] {
        await withTaskGroup(of: (Int, Bool).self) { group in
            var pending = offsets.makeIterator()
            for _ in 0..<concurrency {
                guard let offset = pending.next() else { break }
                group.addTask { (offset, await check(offset)) }
            }
            var failures: [Int] = []
            for await (offset, passed) in group {
                if !passed { failures.append(offset) }
                if let next = pending.next() { group.addTask { (next, await check(next)) } }
            }
            return failures.sorted()
        }
    }

    /// The split offset a Claude request carries as its first user message.
    static func offset(inClaudeRequest request: RecordedRequest) -> Int {
        let body = request.jsonBody() as? [String: Any]
        let messages = body?["messages"] as? [[String: Any]]
        return (messages?.first?["content"] as? String).flatMap(Int.init) ?? 0
    }

    /// The split offset a Gemini request carries as its first user text.
    static func offset(inGeminiRequest request: RecordedRequest) -> Int {
        let body = request.jsonBody() as? [String: Any]
        let contents = body?["contents"] as? [[String: Any]]
        let parts = contents?.first?["parts"] as? [[String: Any]]
        return (parts?.first?["text"] as? String).flatMap(Int.init) ?? 0
    }
}
