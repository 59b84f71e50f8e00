import Foundation
import MemLayer
import Synchronization

/// Wraps an embedder, counting the texts it embeds and optionally failing after some batches
/// (to interrupt long jobs at a known point).
final class ScriptedEmbedder: Embedder {
    private let base: any Embedder
    private let failAfterBatches: Int?
    private let counters = Mutex((batches: 0, texts: 0))

    init(_ base: any Embedder, failAfterBatches: Int? = nil) {
        self.base = base
        self.failAfterBatches = failAfterBatches
    }

    var id: String { base.id }
    var dimension: Int { base.dimension }
    var textsEmbedded: Int { counters.withLock { $0.texts } }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        let batch = counters.withLock { state -> Int in
            state.batches += 1
            return state.batches
        }
        if let failAfterBatches, batch > failAfterBatches {
            throw EmbedderError(.remote, "scripted failure after \(failAfterBatches) batches")
        }
        counters.withLock { $0.texts += texts.count }
        return try await base.embed(texts)
    }
}
