import Foundation
import MemLayerHTTP

/// Embeds texts with a model served by a local (or remote) Ollama, through `POST /api/embed`.
///
/// ```swift
/// // Ask Ollama once for the model's dimension:
/// let embedder = try await OllamaEmbedder(model: "nomic-embed-text")
/// // Or state it and skip the probe:
/// let known = OllamaEmbedder(model: "all-minilm", dimension: 384)
/// ```
///
/// The server address comes from `host`, else from `OLLAMA_HOST` (read as Ollama reads it, see
/// ``OllamaHost``), else `http://localhost:11434`. Failures are ``EmbedderError``s whose
/// message says what to do: start `ollama serve`, `ollama pull` the model, and so on.
public struct OllamaEmbedder: Embedder {
    /// The Ollama model name, such as `nomic-embed-text`.
    public let model: String
    /// The server's base URL.
    public let baseURL: URL
    /// The length of every vector.
    public let dimension: Int
    /// Whether Ollama should cut inputs longer than the model's context (nil: Ollama's default, true).
    public var truncate: Bool?
    /// How many texts go into one request.
    public var batchSize: Int
    /// The longest silence allowed while Ollama loads the model and embeds a batch.
    public var idleTimeout: Duration

    private let transport: HTTPTransport

    /// `ollama:<model>/<dimension>`, for example `ollama:nomic-embed-text/768`.
    public var id: String { "ollama:\(model)/\(dimension)" }

    /// Creates an embedder for a model whose dimension is known; no request is made.
    ///
    /// - Parameters:
    ///   - model: The embedding model, as Ollama names it (`nomic-embed-text`).
    ///   - dimension: The length of the model's vectors (checked on every reply).
    ///   - host: An `OLLAMA_HOST`-style address; nil reads `OLLAMA_HOST` from `environment`.
    ///   - truncate: Whether Ollama may cut texts longer than the model's context; nil keeps
    ///     Ollama's default.
    ///   - batchSize: Texts per request.
    ///   - idleTimeout: How long a request may wait with no bytes arriving.
    ///   - transport: The HTTP client.
    ///   - environment: Where `OLLAMA_HOST` is read from.
    public init(
        model: String,
        dimension: Int,
        host: String? = nil,
        truncate: Bool? = nil,
        batchSize: Int = 64,
        idleTimeout: Duration = .seconds(300),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.model = model
        self.dimension = dimension
        self.baseURL = host.flatMap(OllamaHost.parse) ?? OllamaHost.url(environment: environment)
        self.truncate = truncate
        self.batchSize = max(1, batchSize)
        self.idleTimeout = idleTimeout
        self.transport = transport
    }

    /// Creates an embedder and learns the model's dimension by embedding one short text.
    public init(
        model: String,
        host: String? = nil,
        truncate: Bool? = nil,
        batchSize: Int = 64,
        idleTimeout: Duration = .seconds(300),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws {
        let probe = OllamaEmbedder(
            model: model, dimension: 0, host: host, truncate: truncate, batchSize: batchSize,
            idleTimeout: idleTimeout, transport: transport, environment: environment)
        let vectors = try await probe.request([RemoteEmbedding.probeText], dimension: nil)
        self.init(
            model: model, dimension: vectors[0].count, host: host, truncate: truncate, batchSize: batchSize,
            idleTimeout: idleTimeout, transport: transport, environment: environment)
    }

    /// Embeds `texts` in batches of ``batchSize``; one vector of ``dimension`` floats per text, in order.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await RemoteEmbedding.inBatches(texts, of: batchSize) { try await request($0, dimension: dimension) }
    }

    /// The embed endpoint.
    var endpoint: URL { baseURL.appendingPathComponent("api/embed") }

    private func request(_ texts: [String], dimension: Int?) async throws -> [[Float]] {
        let request = try HTTPRequest.postingJSON(
            OllamaEmbedRequest(model: model, input: texts, truncate: truncate), to: endpoint,
            headers: ["Content-Type": "application/json", "Accept": "application/json"], serviceName: "Ollama",
            connectTimeout: .seconds(5), idleTimeout: idleTimeout)
        let decoded = try await RemoteEmbedding.exchange(
            request, through: transport, answer: OllamaEmbedResponse.self, shape: #"{"embeddings": [[…]]}"#,
            explain: explain)
        return try VectorCheck.vectors(
            decoded.embeddings, expectedCount: texts.count, dimension: dimension, service: "Ollama",
            embedderID: "ollama:\(model)/\(dimension ?? 0)")
    }
}
