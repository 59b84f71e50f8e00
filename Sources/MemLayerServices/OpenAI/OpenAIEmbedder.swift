import Foundation
import MemLayerHTTP

/// Embeds texts with OpenAI's `POST /v1/embeddings`, or any server that speaks it (LM Studio,
/// llama.cpp's llama-server, vLLM, Ollama's `/v1`).
///
/// ```swift
/// let embedder = try await OpenAIEmbedder(model: "text-embedding-3-small")   // probes the dimension
/// let local = try OpenAIEmbedder(model: "nomic-embed", dimension: 768,
///                                baseURL: URL(string: "http://localhost:1234/v1")!)
/// ```
///
/// The base URL comes from `baseURL`, else `OPENAI_BASE_URL`, else `https://api.openai.com/v1`.
/// The key comes from `apiKey`, else `OPENAI_API_KEY`; it may be absent only for a server on this
/// machine. The key is sent as `Authorization: Bearer …` and never appears in an error, a
/// description or a mirror of this value.
public struct OpenAIEmbedder: Embedder, CustomStringConvertible, CustomReflectable {
    /// The model name, such as `text-embedding-3-small`.
    public let model: String
    /// The API base URL, ending before `/embeddings`.
    public let baseURL: URL
    /// The length of every vector.
    public let dimension: Int
    /// How many texts go into one request.
    public var batchSize: Int
    /// The longest silence allowed while waiting for an answer.
    public var idleTimeout: Duration

    private let apiKey: String?
    private let transport: HTTPTransport

    /// OpenAI's own API.
    public static let defaultBaseURL = OpenAIBaseURL.openAI
    /// The largest batch the embedder sends (OpenAI accepts up to 2048 inputs per request).
    public static let maxBatchSize = 256

    /// `openai:<model>/<dimension>`, for example `openai:text-embedding-3-small/1536`.
    public var id: String { "openai:\(model)/\(dimension)" }

    /// Creates an embedder for a model whose dimension is known; no request is made.
    ///
    /// Throws when no API key is available for a server that is not on this machine.
    public init(
        model: String,
        dimension: Int,
        baseURL: URL? = nil,
        apiKey: String? = nil,
        batchSize: Int = OpenAIEmbedder.maxBatchSize,
        idleTimeout: Duration = .seconds(120),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws {
        let base = baseURL ?? ProviderEnvironment.url("OPENAI_BASE_URL", in: environment) ?? Self.defaultBaseURL
        let key = ProviderEnvironment.value(apiKey, ["OPENAI_API_KEY"], in: environment)
        guard key != nil || Self.isLocal(base) else {
            throw EmbedderError(
                .remote,
                "No OpenAI API key: export OPENAI_API_KEY=<your key> (or pass apiKey:), or set OPENAI_BASE_URL "
                    + "to a local OpenAI-compatible server.")
        }
        self.model = model
        self.dimension = dimension
        self.baseURL = base
        self.apiKey = key
        self.batchSize = min(max(1, batchSize), Self.maxBatchSize)
        self.idleTimeout = idleTimeout
        self.transport = transport
    }

    /// Creates an embedder and learns the model's dimension by embedding one short text.
    public init(
        model: String,
        baseURL: URL? = nil,
        apiKey: String? = nil,
        batchSize: Int = OpenAIEmbedder.maxBatchSize,
        idleTimeout: Duration = .seconds(120),
        transport: HTTPTransport = HTTPTransport(),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) async throws {
        let probe = try OpenAIEmbedder(
            model: model, dimension: 0, baseURL: baseURL, apiKey: apiKey, batchSize: batchSize,
            idleTimeout: idleTimeout, transport: transport, environment: environment)
        let vectors = try await probe.request([RemoteEmbedding.probeText], dimension: nil)
        try self.init(
            model: model, dimension: vectors[0].count, baseURL: baseURL, apiKey: apiKey, batchSize: batchSize,
            idleTimeout: idleTimeout, transport: transport, environment: environment)
    }

    /// Embeds `texts` in batches of ``batchSize``; one vector of ``dimension`` floats per text, in order.
    public func embed(_ texts: [String]) async throws -> [[Float]] {
        try await RemoteEmbedding.inBatches(texts, of: batchSize) { try await request($0, dimension: dimension) }
    }

    /// The embeddings endpoint.
    var endpoint: URL { baseURL.appendingPathComponent("embeddings") }

    /// "OpenAI" for OpenAI's own API, "OpenAI-compatible server at <host>" otherwise.
    var serviceName: String {
        baseURL.host == Self.defaultBaseURL.host ? "OpenAI" : "OpenAI-compatible server at \(baseURL.host ?? "?")"
    }

    private func request(_ texts: [String], dimension: Int?) async throws -> [[Float]] {
        var headers: HTTPHeaders = ["Content-Type": "application/json", "Accept": "application/json"]
        if let apiKey { headers.add("Authorization", "Bearer \(apiKey)") }
        let request = try HTTPRequest.postingJSON(
            OpenAIEmbeddingRequest(model: model, input: texts), to: endpoint, headers: headers,
            serviceName: serviceName, connectTimeout: .seconds(10), idleTimeout: idleTimeout)
        let decoded = try await RemoteEmbedding.exchange(
            request, through: transport, answer: OpenAIEmbeddingResponse.self,
            shape: #"{"data": [{"index", "embedding": […]}]}"#, explain: explain)
        let ordered = decoded.data.sorted { $0.index < $1.index }
        if ordered.count == texts.count, ordered.map(\.index) != Array(0..<texts.count) {
            throw EmbedderError(
                .remote,
                "\(serviceName) returned embeddings with indices \(ordered.map(\.index)) for \(texts.count) texts; "
                    + "the response is unusable.")
        }
        return try VectorCheck.vectors(
            ordered.map(\.embedding.values), expectedCount: texts.count, dimension: dimension,
            service: serviceName, embedderID: "openai:\(model)/\(dimension ?? 0)")
    }

    /// The embedder's id and base URL, without the key.
    public var description: String { "OpenAIEmbedder(\(id) at \(SecretRedactor.redactedURL(baseURL)))" }

    /// A mirror without the API key, so `dump` and debuggers cannot show it.
    public var customMirror: Mirror {
        Mirror(self, children: ["id": id, "baseURL": SecretRedactor.redactedURL(baseURL), "batchSize": batchSize])
    }

    /// Whether `url` points at this machine, where a key is optional.
    static func isLocal(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")) else {
            return false
        }
        return host == "localhost" || host.hasSuffix(".localhost") || host.hasPrefix("127.") || host == "::1"
            || host == "0.0.0.0"
    }
}
