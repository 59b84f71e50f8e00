import ArgumentParser
import Foundation
import MemLayer

/// Options every subcommand that opens a store shares.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: "The store file (default: $MEMLAYER_STORE or memlayer_data/memory.sqlite).")
    var store: String?

    @Option(name: .long, help: "Whose memories to use.")
    var user: String = "default"

    @Option(name: .long, help: "Embedder: \(EmbedderSpecification.accepted).")
    var embedder: String?

    func validate() throws {
        guard !user.isEmpty else { throw ValidationError("--user cannot be empty") }
        if let store, store.isEmpty { throw ValidationError("--store cannot be empty") }
        if let embedder { _ = try parsedEmbedder(embedder) }
    }

    var location: StoreLocation { store.map { .file($0) } ?? .default }

    /// The embedder named by `--embedder`, or the default.
    var embedderSpecification: EmbedderSpecification {
        get throws { try embedder.map(parsedEmbedder) ?? .default }
    }

    /// Opens the store without binding an embedder (commands that never embed text).
    func openStore() throws -> MemoryStore {
        try MemoryStore(location: location)
    }

    /// Opens an existing store for a command that only reads (`stats`, `search`, `export`,
    /// `graph`, `tasks`): a mistyped path fails and creates nothing, and a store in a read-only
    /// folder can still be read.
    func openExistingStore() throws -> MemoryStore {
        try MemoryStore(location: location, createIfMissing: false)
    }

    /// Opens the store and binds it to the chosen embedder; with `existing`, as
    /// ``openExistingStore()`` does.
    func openEngine(existing: Bool = false) async throws -> MemoryEngine {
        let store = try MemoryStore(location: location, createIfMissing: !existing)
        let embedder = try await embedderSpecification.makeEmbedder(storeEmbedderID: await store.embedderID)
        return try await MemoryEngine(store: store, embedder: embedder)
    }

    private func parsedEmbedder(_ text: String) throws -> EmbedderSpecification {
        do {
            return try EmbedderSpecification(parsing: text)
        } catch {
            throw ValidationError("\(error)")
        }
    }
}
