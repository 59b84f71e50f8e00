import Foundation
import MemLayer

/// A fresh file-backed store with the hashing embedder, in its own temporary folder.
struct StoreFixture {
    let directory: TemporaryDirectory
    let path: String
    let engine: MemoryEngine

    init(embedder: any Embedder = HashingEmbedder()) async throws {
        directory = try TemporaryDirectory()
        path = directory.path("memory.sqlite")
        engine = try await MemoryEngine(store: MemoryStore(location: .file(path)), embedder: embedder)
    }

    var store: MemoryStore { engine.store }

    /// A second, independent engine on the same file (another "process").
    func reopen(embedder: any Embedder = HashingEmbedder()) async throws -> MemoryEngine {
        try await MemoryEngine(store: MemoryStore(location: .file(path)), embedder: embedder)
    }
}
