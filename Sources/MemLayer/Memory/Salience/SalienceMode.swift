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

    /// The threshold a gate of this mode uses unless told otherwise. Below zero: the gate decides
    /// only whether a turn is worth an extraction call (issue 14), so a text the rules leave open
    /// goes to the model unless it is clearly closer to the non-personal examples — the model
    /// answers with empty arrays when nothing is worth keeping, while a turn skipped here is
    /// never extracted. Chosen on the development sets (`salience_labelled.tsv`,
    /// `salience_gate_development.tsv`): local −0.15 took recall there from 0.940 to 1.000 at
    /// precision 0.875; lightweight −0.6 from 0.865 to 0.970 at 0.854.
    public var defaultThreshold: Double {
        switch self {
        case .local, .online: -0.15
        case .lightweight: -0.6
        }
    }
}
