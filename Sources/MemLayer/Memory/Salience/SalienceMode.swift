/// How a salience gate scores the texts its rule stage leaves open.
public enum SalienceMode: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Similarity to prototype sentences, embedded in-process (the built-in MiniLM unless another
    /// embedder is given). The default: no network, a few milliseconds per text.
    case local
    /// The same prototype comparison with a remote embedder (``OllamaEmbedder``,
    /// ``OpenAIEmbedder``); one request per evaluated text.
    case online
    /// Keyword and pattern scoring only: no model, no embeddings, no I/O.
    case lightweight

    public var description: String { rawValue }
}
