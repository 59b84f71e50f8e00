import Foundation

/// The body of Ollama's `POST /api/embed` (docs/api.md, "Generate Embeddings").
struct OllamaEmbedRequest: Encodable {
    var model: String
    /// A list of texts; Ollama also accepts a single string, which this client never sends.
    var input: [String]
    /// Whether Ollama cuts inputs that exceed the context; omitted means Ollama's default (true).
    var truncate: Bool?
    /// How long the model stays loaded afterwards, for example `"5m"`; omitted means Ollama's default.
    var keepAlive: String?

    enum CodingKeys: String, CodingKey {
        case model, input, truncate
        case keepAlive = "keep_alive"
    }
}

/// The answer to `POST /api/embed`: `{"model", "embeddings": [[…]], "total_duration", …}`.
/// Only `embeddings` is needed.
struct OllamaEmbedResponse: Decodable {
    var embeddings: [[Double]]
}
