/// Which embedder to use, as written on the command line (`--embedder`).
public enum EmbedderSpecification: Sendable, Equatable, CustomStringConvertible {
    /// ``MiniLMEmbedder``: all-MiniLM-L6-v2 in-process, no server (the default).
    case miniLM
    /// ``HashingEmbedder``: no model, shared words only (lightweight mode and tests).
    case hash
    /// ``OllamaEmbedder`` with a model served by Ollama (`/api/embed`, host from `OLLAMA_HOST`).
    case ollama(model: String)
    /// ``OpenAIEmbedder`` (`/v1/embeddings`; `OPENAI_BASE_URL` for compatible servers, key from
    /// `OPENAI_API_KEY`).
    case openAI(model: String)

    /// Parses `minilm`, `hash`, `ollama:MODEL` or `openai:MODEL`. Anything else throws an error listing the
    /// accepted forms.
    public init(parsing text: String) throws {
        let lowered = text.lowercased()
        if lowered == "minilm" || lowered == "minilm-l6-v2" {
            self = .miniLM
        } else if lowered == "hash" {
            self = .hash
        } else if lowered.hasPrefix("ollama:"), text.count > 7 {
            self = .ollama(model: String(text.dropFirst(7)))
        } else if lowered.hasPrefix("openai:"), text.count > 7 {
            self = .openAI(model: String(text.dropFirst(7)))
        } else {
            throw EmbedderError(.modelFiles, "unknown embedder '\(text)'; use one of: \(Self.accepted)")
        }
    }

    /// The specification that builds the embedder whose id a store recorded: `minilm-l6-v2/384`,
    /// `hash-ngram-v1/384`, `ollama:MODEL/DIM` or `openai:MODEL/DIM`. Nil for an id none of
    /// them makes (an app's own embedder, or the hashing embedder at another dimension).
    public init?(storeEmbedderID id: String) {
        if id == Self.miniLMID {
            self = .miniLM
        } else if id == HashingEmbedder().id {
            self = .hash
        } else if let model = Self.model(in: id, prefix: "ollama:") {
            self = .ollama(model: model)
        } else if let model = Self.model(in: id, prefix: "openai:") {
            self = .openAI(model: model)
        } else {
            return nil
        }
    }

    /// The id ``MiniLMEmbedder`` records, known without loading the model.
    package static let miniLMID = "minilm-l6-v2/384"

    /// `MODEL` of `PREFIXMODEL/DIM` when DIM is a positive number.
    private static func model(in id: String, prefix: String) -> String? {
        guard id.hasPrefix(prefix), let slash = id.lastIndex(of: "/") else { return nil }
        let model = id[id.index(id.startIndex, offsetBy: prefix.count)..<slash]
        guard !model.isEmpty, let dimension = Int(id[id.index(after: slash)...]), dimension > 0 else { return nil }
        return String(model)
    }

    /// The accepted spellings, for help and error text.
    public static let accepted = "minilm (default), hash, ollama:MODEL, openai:MODEL"

    /// The embedder a fresh store gets when none is named.
    public static let `default`: EmbedderSpecification = .miniLM

    public var description: String {
        switch self {
        case .miniLM: "minilm"
        case .hash: "hash"
        case .ollama(let model): "ollama:\(model)"
        case .openAI(let model): "openai:\(model)"
        }
    }

    /// Builds the embedder. A remote model's dimension is taken from `storeEmbedderID` when the
    /// store was made with the same model (`ollama:MODEL/DIM`), and otherwise asked of the
    /// service with one probe request.
    public func makeEmbedder(storeEmbedderID: String? = nil) async throws -> any Embedder {
        switch self {
        case .miniLM:
            return try MiniLMEmbedder()
        case .hash:
            return HashingEmbedder()
        case .ollama(let model):
            if let dimension = Self.dimension(in: storeEmbedderID, prefix: "ollama:\(model)/") {
                return OllamaEmbedder(model: model, dimension: dimension)
            }
            return try await OllamaEmbedder(model: model)
        case .openAI(let model):
            if let dimension = Self.dimension(in: storeEmbedderID, prefix: "openai:\(model)/") {
                return try OpenAIEmbedder(model: model, dimension: dimension)
            }
            return try await OpenAIEmbedder(model: model)
        }
    }

    private static func dimension(in embedderID: String?, prefix: String) -> Int? {
        guard let embedderID, embedderID.hasPrefix(prefix) else { return nil }
        return Int(embedderID.dropFirst(prefix.count)).flatMap { $0 > 0 ? $0 : nil }
    }
}
