import Foundation
import MemLayer

/// A fresh file-backed store with the hashing embedder, in its own temporary folder.
struct StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    let engine: MemoryEngine
    /// The engine's store, as the SQLite store it is (tests reach its SQLite-only calls).
    let store: SQLiteMemoryStore

    init(embedder: any Embedder = HashingEmbedder()) async throws {
        directory = try TemporaryDirectory()
        path = directory.path("memory.sqlite")
        store = try SQLiteMemoryStore(location: .file(path))
        engine = try await MemoryEngine(store: store, embedder: embedder)
    }

    /// A second, independent engine on the same file (another "process").
    func reopen(embedder: any Embedder = HashingEmbedder()) async throws -> MemoryEngine {
        try await MemoryEngine(store: SQLiteMemoryStore(location: .file(path)), embedder: embedder)
    }
}
