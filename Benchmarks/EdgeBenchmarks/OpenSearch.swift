import Foundation
import MemLayer

/// Opens an existing store and answers one top-10 search by vector, timing the open, the first
/// search (which loads or maps the user's index) and the median of 15 more (the index in memory).
struct OpenSearch {
    let path: String
    let user: String

    func run() async throws -> [String: Double] {
        let start = ContinuousClock.now
        let store = try SQLiteMemoryStore(location: .file(path), createIfMissing: false)
        let opened = milliseconds(since: start)
        guard let dimension = await store.dimension else { throw BenchFailure("\(path) has no vectors") }
        var random = SplitMix(seed: 7)
        let query = (0..<dimension).map { _ in random.nextFloat() }
        let firstStart = ContinuousClock.now
        let hits = try await store.search(vector: query, userID: user, k: 10)
        let first = milliseconds(since: firstStart)
        let total = milliseconds(since: start)
        var later: [Double] = []
        for _ in 0..<15 {
            let laterStart = ContinuousClock.now
            _ = try await store.search(vector: query, userID: user, k: 10)
            later.append(milliseconds(since: laterStart))
        }
        let second = median(later)
        let closeStart = ContinuousClock.now
        await store.close()
        return [
            "open_ms": opened, "first_search_ms": first, "open_and_first_ms": total, "later_search_ms": second,
            "close_ms": milliseconds(since: closeStart), "hits": Double(hits.count),
        ]
    }
}
