import Foundation

/// The body of Ollama's `POST /api/embed` (docs/api.md, "Generate Embeddings").
struct OllamaEmbedRequest: Encodable {
    var model: String
    /// A list of texts; Ollama also accepts a single string, which this client never sends.
    var input: [String]
    /// Whether Ollama cuts inputs that exceed the context; omitted means Ollama's default (true).
    var truncate: Bool?
}

/// The answer to `POST /api/embed`: `{"model", "embeddings": [[…]], "total_duration", …}`.
/// Only `embeddings` is needed.
struct OllamaEmbedResponse: Decodable {
    var embeddings: [[Double]]
}
