import Foundation
import MemLayer

/// Creates a store of `rows` memories with pseudo-random vectors for one user, as the app writes
/// them (memories table, full-text index, vector generation), in transactions of 10,000.
struct StoreBuilder {
    let path: String
    let rows: Int
    let dimension: Int
    let user: String

    func run() async throws -> [String: Double] {
        let start = ContinuousClock.now
        let store = try SQLiteMemoryStore(location: .file(path))
        try await store.useEmbedder(id: "minilm-l6-v2/\(dimension)", dimension: dimension)
        var random = SplitMix(seed: 2026)
        let date = Date(timeIntervalSince1970: 1_790_000_000)
        for chunk in stride(from: 0, to: rows, by: 10_000) {
            let items = (chunk..<min(chunk + 10_000, rows)).map { i in
                NewMemory(
                    text: "note \(i): something the user said once", createdAt: date,
                    embedding: (0..<dimension).map { _ in random.nextFloat() })
            }
            _ = try await store.insert(items, userID: user, now: date)
        }
        await store.close()
        return ["build_ms": milliseconds(since: start), "rows": Double(rows)]
    }
}

/// A small, fast, seeded generator (SplitMix64).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [-1, 1).
    mutating func nextFloat() -> Float { Float(next() >> 40) / Float(1 << 23) - 1 }
}
