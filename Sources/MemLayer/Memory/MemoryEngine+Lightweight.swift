extension MemoryEngine {
    /// An engine with no embedder: memories are stored without vectors and every search tier
    /// runs on the full-text index and the knowledge graph only. For machines that cannot run
    /// an embedding model (no weights, no server).
    ///
    /// The store is not bound to an embedder, so a store that already holds vectors can be
    /// searched this way too (they are ignored), and a store filled this way can later be opened
    /// with an embedder; `memlayer reindex` then embeds what it holds.
    public init(lightweight store: any MemoryStoreBackend) {
        self.store = store.storeAccess.store
        self.embedder = UnavailableEmbedder()
        self.isLightweight = true
    }
}

/// The embedder of a lightweight engine: it has none, and says so if anything asks it for
/// vectors.
struct UnavailableEmbedder: Embedder {
    var id: String { "none" }
    var dimension: Int { 0 }

    func embed(_ texts: [String]) async throws -> [[Float]] {
        throw EmbedderError(
            .modelFiles,
            "this memory engine runs in lightweight mode (no embeddings); open it with an embedder to embed text")
    }
}
