import Foundation
import MemLayer
import Synchronization

/// An embedder that answers from a fixed table of vectors, recording every call; a text missing
/// from the table is an error, so a test notices when the gate embeds something unexpected.
final class TableEmbedder: Embedder {
    let dimension: Int
    let id: String
    private let table: [String: [Float]]
    private let calls = Mutex<[[String]]>([])

    init(_ table: [String: [Float]], id: String = "table/2") {
        self.table = table
        self.dimension = table.values.first?.count ?? 2
        self.id = id
    }

    /// The texts of every `embed` call, in order.
    var batches: [[String]] { calls.withLock { $0 } }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        calls.withLock { $0.append(texts) }
        return try texts.map { text in
            guard let vector = table[text] else { throw EmbedderError(.model, "no vector for '\(text)' in the table") }
            return vector
        }
    }
}

/// Caches another embedder's vectors by text, so evaluations that see a text several times embed
/// it once (debug builds run MiniLM unoptimised).
final class MemoizingEmbedder: Embedder {
    private let base: any Embedder
    private let cache = Mutex<[String: [Float]]>([:])

    init(_ base: any Embedder) { self.base = base }

    var id: String { base.id }
    var dimension: Int { base.dimension }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        let missing = Array(Set(cache.withLock { cache in texts.filter { cache[$0] == nil } }))
        if !missing.isEmpty {
            let vectors = try await base.embed(missing)
            cache.withLock { cache in for (text, vector) in zip(missing, vectors) { cache[text] = vector } }
        }
        return cache.withLock { cache in texts.map { cache[$0]! } }
    }
}

/// A folder holding `salient.txt` and `non_salient.txt`.
struct PrototypeFolder {
    let directory: TemporaryDirectory

    init(salient: [String], nonSalient: [String]) throws {
        directory = try TemporaryDirectory()
        try write(salient: salient, nonSalient: nonSalient)
    }

    var url: URL { directory.url }

    func write(salient: [String], nonSalient: [String]) throws {
        try (salient.joined(separator: "\n") + "\n").write(
            to: url.appendingPathComponent(SaliencePrototypes.salientFileName), atomically: true, encoding: .utf8)
        try (nonSalient.joined(separator: "\n") + "\n").write(
            to: url.appendingPathComponent(SaliencePrototypes.nonSalientFileName), atomically: true, encoding: .utf8)
    }

    func load() throws -> SaliencePrototypes { try SaliencePrototypes.load(from: url) }
}

/// A small prototype set for cache and online tests.
enum SmallPrototypes {
    static let salient = [
        "I live in Porto with my wife.", "My birthday is on May 4th.", "I'm allergic to cats.",
        "I work as a nurse at the clinic.",
    ]
    static let nonSalient = ["Hello there!", "What is the capital of Peru?", "Write a limerick.", "Thanks a lot."]
}
