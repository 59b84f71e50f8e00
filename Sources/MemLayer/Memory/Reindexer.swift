/// Re-embeds every memory of every user with a new embedder, then switches the store to it.
///
/// Vectors are staged beside the live ones, batch by batch, so searches keep working on the old
/// vectors throughout, and an interrupted run (error, Ctrl-C, kill) resumes where it stopped:
/// staged rows are not embedded again. The switch itself is one transaction.
public struct Reindexer: Sendable {
    public let store: MemoryStore
    public let embedder: any Embedder
    /// How many texts go to the embedder at once.
    public var batchSize: Int = 256

    public init(store: MemoryStore, embedder: any Embedder) {
        self.store = store
        self.embedder = embedder
    }

    /// Runs (or resumes) the re-index. `progress(done, total)` is called after every batch.
    /// - Returns: how many memories were embedded by this run (not counting resumed ones).
    @discardableResult
    public func run(progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> Int {
        let target = embedder.id
        var embedded = 0
        while true {
            let start = try await store.reindexProgress(target: target)
            progress?(start.done, start.total)
            while true {
                try Task.checkCancellation()
                let batch = try await store.memoriesAwaitingReindex(target: target, limit: batchSize)
                if batch.isEmpty { break }
                let vectors = try await embedder.embed(batch.map(\.text))
                guard vectors.count == batch.count else {
                    throw EmbedderError(.dimension, "\(target) returned \(vectors.count) vectors for \(batch.count) texts")
                }
                try await store.stageReindexVectors(
                    target: target, dimension: embedder.dimension,
                    zip(batch, vectors).map { ($0.rowID, $1) })
                embedded += batch.count
                let now = try await store.reindexProgress(target: target)
                progress?(now.done, now.total)
            }
            // Memories added meanwhile make the switch refuse; embed them and try again.
            if try await store.completeReindex(target: target, dimension: embedder.dimension) { return embedded }
        }
    }
}
