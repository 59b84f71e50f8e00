import Foundation

/// Where the tokenizer tests find the model's vocabulary and their reference fixtures.
enum TokenizerTestFiles {
    /// The repository root: this file is Tests/MemLayerTests/Embedding/TokenizerTestFiles.swift.
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Embedding
        .deletingLastPathComponent()  // MemLayerTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()

    /// `vocab.txt` of all-MiniLM-L6-v2, under `$MEMLAYER_MODELS` when set, as models/fetch.sh
    /// puts it.
    static var vocabulary: URL {
        let models =
            ProcessInfo.processInfo.environment["MEMLAYER_MODELS"].map { URL(fileURLWithPath: $0) }
            ?? repositoryRoot.appendingPathComponent("models")
        return models.appendingPathComponent("cache/all-MiniLM-L6-v2/vocab.txt")
    }

    /// A fixture written by Tests/MemLayerTests/Fixtures/generate_tokenizer_fixture.py.
    static func fixture(_ name: String) -> URL {
        repositoryRoot.appendingPathComponent("Tests/MemLayerTests/Fixtures/\(name)")
    }
}
