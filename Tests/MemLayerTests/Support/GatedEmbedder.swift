import Foundation
import MemLayer
import Synchronization

/// An embedder whose `held`-th batch (from 1) waits until the test opens the gate, so a
/// re-index can be held mid-run — its texts read, its vectors not yet staged — while the test
/// does something else to the store.
final class GatedEmbedder: Embedder {
    private let base: any Embedder
    private let held: Int
    private let state = Mutex((open: false, entered: false, batches: 0))

    init(_ base: any Embedder, holding held: Int = 1) {
        self.base = base
        self.held = held
    }

    var id: String { base.id }
    var dimension: Int { base.dimension }
    /// Whether the held batch has arrived.
    var entered: Bool { state.withLock { $0.entered } }
    func open() { state.withLock { $0.open = true } }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        let isHeld = state.withLock { state -> Bool in
            state.batches += 1
            if state.batches == held { state.entered = true }
            return state.batches >= held
        }
        while isHeld, !state.withLock({ $0.open }) { try await Task.sleep(for: .milliseconds(5)) }
        return try await base.embed(texts)
    }
}
