import Foundation

/// Memory without chat: remember, import, search and forget text, embedding it with one
/// ``Embedder`` into one store (a ``SQLiteMemoryStore``, or another ``MemoryStoreBackend`` such
/// as `PostgresMemoryStore`).
public struct MemoryEngine: Sendable {
    /// Where memories live.
    package let store: any MemoryStoring
    /// What turns text into vectors for this store.
    public let embedder: any Embedder
    /// How many texts go to the embedder at once.
    public var batchSize: Int = 64
    /// True for an engine made with ``init(lightweight:)``: no embeddings are made or searched;
    /// search runs on full text and the knowledge graph.
    public internal(set) var isLightweight = false
    /// Whether a time expression in a query ("last week", "in May 2023") ranks memories from
    /// that time higher (see ``search(_:userID:tier:limit:now:timeZone:minimumSimilarity:)``). On by default;
    /// off, queries are ranked as if they named no time.
    public var timeAwareRanking = true

    /// Binds `store` (a ``SQLiteMemoryStore`` or another ``MemoryStoreBackend``) to `embedder`;
    /// fails with `StoreError(.embedderMismatch)` when the store's vectors came from another
    /// embedder. The store stays the caller's to close.
    public init(store: any MemoryStoreBackend, embedder: any Embedder) async throws {
        self.store = store.storeAccess.store
        self.embedder = embedder
        try await self.store.useEmbedder(id: embedder.id, dimension: embedder.dimension)
    }

    /// Stores one memory for `userID`.
    @discardableResult
    public func remember(
        _ text: String, userID: String, importance: Double = 0.5, kind: MemoryKind = .fact, source: String? = nil
    ) async throws -> Memory {
        let item = NewMemory(text: text, kind: kind, importance: importance, source: source)
        return try await importMemories([item], userID: userID)[0]
    }

    /// Stores many memories for `userID` atomically: texts without a vector are embedded in
    /// batches first (calling `progress(done, total)` after each), then everything is written in
    /// one transaction, so a failure leaves the store as it was.
    @discardableResult
    public func importMemories(
        _ items: [NewMemory], userID: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> [Memory] {
        try await store.insert(try await embeddingMissing(items, progress: progress), userID: userID)
    }

    /// Imports a file's memories for `userID` atomically, as `memlayer import` does: texts are
    /// embedded as in ``importMemories(_:userID:progress:)``, then
    /// ``SQLiteMemoryStore/importItems(_:userID:now:)`` writes them — an item whose text the user
    /// already has is reported as a duplicate instead of being merged into that memory.
    public func importRecords(
        _ items: [NewMemory], userID: String, progress: (@Sendable (Int, Int) -> Void)? = nil
    ) async throws -> ImportReport {
        try await store.importItems(try await embeddingMissing(items, progress: progress), userID: userID)
    }

    /// `items` with a vector for every text that has none (none for a lightweight engine),
    /// embedded in batches, calling `progress(done, total)` after each.
    private func embeddingMissing(_ items: [NewMemory], progress: (@Sendable (Int, Int) -> Void)?) async throws
        -> [NewMemory]
    {
        var items = items
        let pending = isLightweight ? [] : items.indices.filter { items[$0].embedding == nil }
        var done = 0
        progress?(0, pending.count)
        for start in stride(from: 0, to: pending.count, by: max(1, batchSize)) {
            let slice = Array(pending[start..<min(start + batchSize, pending.count)])
            let vectors = try await embed(slice.map { items[$0].text })
            for (position, index) in slice.enumerated() { items[index].embedding = vectors[position] }
            done += slice.count
            progress?(done, pending.count)
        }
        return items
    }

    /// The `k` memories of `userID` closest in meaning to `query`, best first (by keyword for a
    /// lightweight engine, which has no vectors).
    ///
    /// Each hit's `similarity` is its cosine to the query and its `score` the ranking score (see
    /// ``SearchHit``): with an embedder the ranking is by that cosine, so the two are equal; a
    /// lightweight engine ranks by the balanced tier's blended score and has no similarity (nil).
    public func search(_ query: String, userID: String, k: Int = 5) async throws -> [SearchHit] {
        if isLightweight { return try await search(query, userID: userID, tier: .balanced, limit: k).hits }
        let vector = try await embed([query])[0]
        return try await store.search(vector: vector, userID: userID, k: k)
    }

    /// Embeds `texts`, checking the embedder kept its promise about count and dimension.
    func embed(_ texts: [String]) async throws -> [[Float]] {
        let vectors = try await embedder.embed(texts)
        guard vectors.count == texts.count else {
            throw EmbedderError(.dimension, "\(embedder.id) returned \(vectors.count) vectors for \(texts.count) texts")
        }
        if let wrong = vectors.first(where: { $0.count != embedder.dimension }) {
            throw EmbedderError(
                .dimension,
                "\(embedder.id) returned a \(wrong.count)-dimensional vector; expected \(embedder.dimension)")
        }
        return vectors
    }
}
