import Foundation
import MemLayerTesting

/// Runs a chunk-boundary check at many split offsets, a few at a time.
enum ChatSplitting {
    /// The offsets in `offsets` for which `check` returned false, in order.
    static func failingOffsets(
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
