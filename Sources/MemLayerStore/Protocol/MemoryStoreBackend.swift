/// A store the memory engine can keep memories in: ``SQLiteMemoryStore`` (one file, embedded)
/// or `PostgresMemoryStore` (PostgreSQL with pgvector, in the `MemLayerPostgres` library, for
/// several processes and machines sharing one memory).
///
/// Open a store, pass it to ``MemoryEngine`` (or to a `MemoryClient`), and close it when done:
///
/// ```swift
/// let store: any MemoryStoreBackend = try await PostgresMemoryStore.open("postgres://app@db.internal/memory")
/// let engine = try await MemoryEngine(store: store, embedder: try MiniLMEmbedder())
/// // …
/// await store.close()
/// ```
///
/// Every store behaves the same where callers can tell (the same tests run on each); the few
/// differences, such as keyword ranking, are listed in the README's PostgreSQL section.
///
/// Only MemLayer's own stores adopt this protocol: what the engine asks of a store is not public
/// (it changes as the engine does), and ``storeAccess`` cannot be made outside the package.
public protocol MemoryStoreBackend: Sendable {
    /// What the engine calls on this store; only MemLayer's stores can make one.
    var storeAccess: MemoryStoreAccess { get }
    /// Closes the store. Idempotent; work queued for extraction stays stored for the next open.
    func close() async
}

/// The engine's way into a ``MemoryStoreBackend``. Opaque: only MemLayer's stores make one.
public struct MemoryStoreAccess: Sendable {
    /// The store behind the package's store protocol.
    package let store: any MemoryStoring

    /// Access to `store`.
    package init(_ store: any MemoryStoring) {
        self.store = store
    }
}
