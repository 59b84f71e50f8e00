import Foundation

/// Re-embeds every memory of every user with a new embedder, then switches the store to it.
/// Each memory is embedded as it was written: its text, and for an imported conversation turn the
/// turn before it too (``TurnContext``).
///
/// Vectors are staged beside the live ones, batch by batch, so searches keep working on the old
/// vectors throughout, and an interrupted run (error, Ctrl-C, kill) resumes where it stopped:
/// staged rows are not embedded again. The switch itself is one transaction.
///
/// One re-index runs per store at a time: a run claims the store (``ReindexLease``, renewed after
/// every batch and every third of ``leaseDuration``) and a second run, in this process or
/// another, fails with `StoreError` `.busy` rather than embedding the same memories again.
public struct Reindexer: Sendable {
    /// The store to re-embed.
    package let store: any MemoryStoring
    /// The embedder every memory is re-embedded with; the store switches to it at the end.
    public let embedder: any Embedder
    /// How many texts go to the embedder at once.
    public var batchSize: Int = 256
    /// How long the claim lasts without renewal (a live run renews it every third of this):
    /// short enough that a crashed run does not block the next one for long.
    public var leaseDuration: TimeInterval = 300

    /// A re-index of `store` to `embedder`; nothing runs until ``run(progress:)``.
    public init(store: any MemoryStoreBackend, embedder: any Embedder) {
        self.store = store.storeAccess.store
        self.embedder = embedder
    }

    /// Runs (or resumes) the re-index. `progress(done, total)` is called after every batch.
    /// - Returns: how many memories were embedded by this run (not counting resumed ones).
    /// - Throws: `StoreError` `.busy` when another re-index holds the store; the embedder's and
    ///   the store's errors otherwise (staged work is kept for the next run).
    @discardableResult
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Int {
        let owner = UUID().uuidString
        try await store.claimReindexLease(owner: owner, target: embedder.id, duration: leaseDuration)
        // Renewed on a timer too, so one slow batch (a remote embedder) cannot let the claim lapse.
        let heartbeat = Task { [store, leaseDuration, target = embedder.id] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(leaseDuration / 3))
                if Task.isCancelled { break }
                try? await store.claimReindexLease(owner: owner, target: target, duration: leaseDuration)
            }
        }
        do {
            let embedded = try await reembed(owner: owner, progress: progress)
            heartbeat.cancel()
            await heartbeat.value  // no renewal may land after the release
            try await store.releaseReindexLease(owner: owner)
            return embedded
        } catch {
            heartbeat.cancel()
            await heartbeat.value
            try? await store.releaseReindexLease(owner: owner)
            throw error
        }
    }

    private func reembed(owner: String, progress: (@Sendable (Int, Int) -> Void)?) async throws -> Int {
        let target = embedder.id
        var embedded = 0
        while true {
            let start = try await store.reindexProgress(target: target)
            progress?(start.done, start.total)
            while true {
                try Task.checkCancellation()
                let batch = try await store.memoriesAwaitingReindex(target: target, limit: batchSize)
                if batch.isEmpty { break }
                // An imported turn is embedded after the turn before it, as the import did.
                let contexts = try await store.importedTurnContexts(of: batch.map(\.rowID))
                let vectors = try await embedder.embed(
                    batch.map { TurnContext.embeddingText(of: $0.text, after: contexts[$0.rowID]) })
                guard vectors.count == batch.count else {
                    throw EmbedderError(
                        .dimension, "\(target) returned \(vectors.count) vectors for \(batch.count) texts")
                }
                try await store.stageReindexVectors(
                    target: target, dimension: embedder.dimension,
                    zip(batch, vectors).map { ($0.rowID, $0.text, $1) })
                embedded += batch.count
                try await store.claimReindexLease(owner: owner, target: target, duration: leaseDuration)
                let now = try await store.reindexProgress(target: target)
                progress?(now.done, now.total)
            }
            // Memories added meanwhile make the switch refuse; embed them and try again.
            if try await store.completeReindex(target: target, dimension: embedder.dimension) { return embedded }
        }
    }
}
