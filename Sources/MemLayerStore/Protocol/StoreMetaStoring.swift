/// The store as a whole: which embedder's vectors it holds, cached prototype vectors, closing.
package protocol StoreMetaStoring: Sendable {
    /// The embedder whose vectors the store holds, if any.
    var embedderID: String? { get async }
    /// The dimension of ``embedderID``'s vectors.
    var dimension: Int? { get async }
    /// Binds the store to embedder `id`; `.embedderMismatch` while another's vectors exist.
    func useEmbedder(id: String, dimension: Int) async throws
    /// The salience gate's prototype vectors cached for `embedder` and sentence set `setHash`.
    func prototypeVectors(embedder: String, setHash: String, salientCount: Int, nonSalientCount: Int, dimension: Int)
        async throws -> PrototypeVectors?
    /// Caches prototype vectors for `embedder` and `setHash`.
    func savePrototypeVectors(_ vectors: PrototypeVectors, embedder: String, setHash: String) async throws
    /// Closes the store. Idempotent; queued work stays stored.
    func close() async
}
