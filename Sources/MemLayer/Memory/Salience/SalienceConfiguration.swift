/// What the rest of MemLayer builds a salience gate from: the mode, the threshold, and for the
/// embedding modes the embedder and the store that caches prototype vectors.
///
/// ```swift
/// let gate = try await SalienceConfiguration(store: store).makeGate()          // local, MiniLM
/// let online = try await SalienceConfiguration(
///     mode: .online, embedder: OllamaEmbedder(model: "nomic-embed-text", dimension: 768), store: store
/// ).makeGate()
/// let cheap = try await SalienceConfiguration(mode: .lightweight).makeGate()   // no model at all
/// ```
public struct SalienceConfiguration: Sendable {
    /// How texts the rules leave open are scored.
    public var mode: SalienceMode
    /// The salience threshold: a text goes to extraction when its score is above it. Nil uses
    /// the mode's ``SalienceMode/defaultThreshold`` (below zero: when in doubt, the extraction
    /// model judges). 0 means, in the embedding modes, "closer to a salient prototype than to
    /// any non-salient one"; in lightweight mode, "more evidence for than against". Raise it to
    /// extract less.
    public var threshold: Double?
    /// The embedder of the `local` and `online` modes. For `local`, nil means the built-in
    /// ``MiniLMEmbedder``; `online` needs a remote one (``OllamaEmbedder``, ``OpenAIEmbedder``).
    /// Lightweight mode ignores it.
    public var embedder: (any Embedder)?
    /// Where prototype vectors are cached across gates and runs; nil embeds them on every start.
    package var store: (any MemoryStoring)?
    /// The example sentences; nil reads `models/salience/` (see ``SaliencePrototypes/load(from:)``).
    public var prototypes: SaliencePrototypes?
    /// Whether the rule stage runs first (on by default; off only to measure the scorers alone).
    public var usesRules: Bool

    /// Creates a configuration; every argument has the default described on its property.
    public init(
        mode: SalienceMode = .local, threshold: Double? = nil, embedder: (any Embedder)? = nil,
        store: (any MemoryStoreBackend)? = nil, prototypes: SaliencePrototypes? = nil, usesRules: Bool = true
    ) {
        self.mode = mode
        self.threshold = threshold
        self.embedder = embedder
        self.store = store?.storeAccess.store
        self.prototypes = prototypes
        self.usesRules = usesRules
    }

    /// Builds the gate. The embedding modes load (or compute and cache) the prototype vectors
    /// here, so the first evaluation is as fast as the rest.
    /// Throws a ``SalienceError`` when the word lists and patterns of `models/salience/rules/`
    /// are missing or malformed (naming the file and line).
    public func makeGate() async throws -> any SalienceGate {
        _ = try SalienceLexicon.shipped.get()
        let rules = usesRules ? SalienceRules() : nil
        let threshold = self.threshold ?? mode.defaultThreshold
        switch mode {
        case .lightweight:
            return KeywordSalienceGate(threshold: threshold, rules: rules)
        case .local, .online:
            let embedder: any Embedder
            if let configured = self.embedder {
                embedder = configured
            } else if mode == .local {
                embedder = try MiniLMEmbedder()
            } else {
                throw SalienceError(
                    .configuration,
                    "online salience needs a remote embedder: pass an OllamaEmbedder or OpenAIEmbedder as `embedder`, "
                        + "or use the local mode (built-in MiniLM) or the lightweight mode (no model)")
            }
            return try await PrototypeSalienceGate(
                embedder: embedder, prototypes: prototypes ?? SaliencePrototypes.load(), cache: store,
                threshold: threshold, rules: rules, label: mode.rawValue)
        }
    }
}
