import Foundation

/// The built-in embedder: all-MiniLM-L6-v2 (384 dimensions, mean pooling, L2-normalised), with
/// the BERT tokenizer in Swift and the encoder in C with BLAS. Runs in-process; no server.
///
/// Loading maps the 91 MB weights once; embedding runs off Swift's cooperative thread pool so
/// long batches never starve other tasks. Safe to share between tasks.
public struct MiniLMEmbedder: Embedder {
    /// The model's folder name under `models/cache/`.
    public static let modelName = "all-MiniLM-L6-v2"
    /// The maximum word pieces per text, as sentence-transformers configures this model.
    public static let maxSequenceLength = 256

    public let id = EmbedderSpecification.miniLMID
    public var dimension: Int { encoder.dimension }
    private let tokenizer: BertTokenizer
    private let encoder: MiniLMEncoder

    /// Loads the model from `directory`, or from ``ModelLocation``'s search when nil.
    public init(directory: URL? = nil) throws {
        let folder =
            try directory
            ?? ModelLocation.directory(
                for: Self.modelName, requiredFiles: ["vocab.txt", "model.safetensors"])
        tokenizer = try BertTokenizer(vocabularyURL: folder.appendingPathComponent("vocab.txt"))
        encoder = try MiniLMEncoder(modelURL: folder.appendingPathComponent("model.safetensors"))
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let tokenizer = tokenizer
        let encoder = encoder
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                continuation.resume(
                    with: Result {
                        let batches = texts.map { tokenizer.encode($0, maxLength: Self.maxSequenceLength) }
                        return try encoder.encode(tokenBatches: batches)
                    })
            }
        }
    }
}
