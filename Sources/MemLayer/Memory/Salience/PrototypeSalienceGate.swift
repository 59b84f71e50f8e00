import Foundation

/// A salience gate that compares text with example sentences of what is and is not worth
/// remembering (the `local` and `online` modes; they differ only in the embedder).
///
/// A text the ``SalienceRules`` do not settle is embedded and scored by its margin: its highest
/// cosine similarity to a salient prototype minus its highest to a non-salient one. It is salient
/// when the margin is above ``threshold`` (strictly). A text of several sentences scores as its
/// best part — itself or any one sentence — so one fact among pleasantries still counts.
///
/// Prototype vectors are computed once per embedder and sentence set and cached in the store's
/// `prototype_vectors` table, so later gates (and later runs) embed only the texts they judge.
public struct PrototypeSalienceGate: SalienceGate {
    /// Turns texts and prototypes into vectors.
    public let embedder: any Embedder
    /// The example sentences.
    public let prototypes: SaliencePrototypes
    /// A margin must exceed this to be salient. 0 means "closer to a salient example than to any
    /// non-salient one"; raise it to send fewer texts to extraction.
    public let threshold: Double
    /// The rule stage run before embedding, or nil to score every text.
    public let rules: SalienceRules?
    /// The mode name that starts each embedding-based reason, `local` or `online`.
    public let label: String
    /// Whether a text of several sentences also scores each sentence (its best part counts).
    public var scoresSentences = true

    /// Unit-length prototype vectors.
    let vectors: PrototypeVectors

    /// The most sentences of one text scored separately; longer texts score their first ones.
    static let maximumSentences = 8

    /// Prepares the gate: reads the prototype vectors from `store` when `embedder` already made
    /// them for this sentence set, otherwise embeds the prototypes (one call) and caches them there.
    public init(
        embedder: any Embedder, prototypes: SaliencePrototypes, store: (any MemoryStoreBackend)? = nil,
        threshold: Double = 0, rules: SalienceRules? = SalienceRules(), label: String = SalienceMode.local.rawValue
    ) async throws {
        try await self.init(
            embedder: embedder, prototypes: prototypes, cache: store?.storeAccess.store, threshold: threshold,
            rules: rules, label: label)
    }

    /// The gate with prototype vectors cached in any store that keeps the store contract.
    package init(
        embedder: any Embedder, prototypes: SaliencePrototypes, cache store: (any MemoryStoring)?, threshold: Double,
        rules: SalienceRules?, label: String
    ) async throws {
        self.embedder = embedder
        self.prototypes = prototypes
        self.threshold = threshold
        self.rules = rules
        self.label = label
        let cached = try await store?.prototypeVectors(
            embedder: embedder.id, setHash: prototypes.setHash, salientCount: prototypes.salient.count,
            nonSalientCount: prototypes.nonSalient.count, dimension: embedder.dimension)
        let raw: PrototypeVectors
        if let cached {
            raw = cached
        } else {
            let all = try await Self.embed(prototypes.salient + prototypes.nonSalient, with: embedder)
            raw = PrototypeVectors(
                salient: Array(all.prefix(prototypes.salient.count)),
                nonSalient: Array(all.dropFirst(prototypes.salient.count)))
            try await store?.savePrototypeVectors(raw, embedder: embedder.id, setHash: prototypes.setHash)
        }
        vectors = PrototypeVectors(salient: raw.salient.map(Self.unit), nonSalient: raw.nonSalient.map(Self.unit))
    }

    public func evaluate(_ text: String) async throws -> SalienceDecision {
        try await evaluate([text])[0]
    }

    /// Decisions for many texts, with one embedder call for all the texts the rules leave open.
    public func evaluate(_ texts: [String]) async throws -> [SalienceDecision] {
        var decisions = [SalienceDecision?](repeating: nil, count: texts.count)
        var segments: [String] = []
        var owners: [Int] = []
        for (index, text) in texts.enumerated() {
            if let verdict = rules?.verdict(for: text) {
                decisions[index] = verdict
                continue
            }
            for part in parts(of: text) {
                segments.append(part)
                owners.append(index)
            }
        }
        let embedded = try await Self.embed(segments, with: embedder)
        var best = [Double](repeating: -.infinity, count: texts.count)
        for (owner, vector) in zip(owners, embedded) {
            best[owner] = max(best[owner], margin(of: vector))
        }
        return texts.indices.map { index in
            decisions[index] ?? decision(margin: best[index])
        }
    }

    /// The margin of one vector: best salient cosine minus best non-salient cosine, in [−2, 2].
    public func margin(of vector: [Float]) -> Double {
        let unit = Self.unit(vector)
        return Self.bestSimilarity(unit, vectors.salient) - Self.bestSimilarity(unit, vectors.nonSalient)
    }

    private func decision(margin: Double) -> SalienceDecision {
        let margin = margin.isFinite ? margin : -2  // a text with no words: nothing to remember
        let isSalient = margin > threshold
        let reason = "\(label): margin \(Self.format(margin)) \(isSalient ? ">" : "≤") \(Self.format(threshold))"
        return SalienceDecision(isSalient: isSalient, score: margin, reason: reason)
    }

    /// The text itself and, when it has several, each of its first sentences.
    private func parts(of text: String) -> [String] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return [] }
        guard scoresSentences else { return [trimmed] }
        let sentences = SalienceText(trimmed).sentences
        return sentences.count > 1 ? [trimmed] + sentences.prefix(Self.maximumSentences) : [trimmed]
    }

    private static func embed(_ texts: [String], with embedder: any Embedder) async throws -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        let vectors = try await embedder.embed(texts)
        guard vectors.count == texts.count else {
            throw EmbedderError(.dimension, "\(embedder.id) returned \(vectors.count) vectors for \(texts.count) texts")
        }
        if let wrong = vectors.first(where: { $0.count != embedder.dimension }) {
            throw EmbedderError(
                .dimension,
                "\(embedder.id) returned a \(wrong.count)-dimensional vector; expected \(embedder.dimension)")
        }
        return vectors
    }

    static func unit(_ vector: [Float]) -> [Float] {
        let norm = vector.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? vector.map { $0 / norm } : vector
    }

    private static func bestSimilarity(_ vector: [Float], _ set: [[Float]]) -> Double {
        var best = -Double.infinity
        for candidate in set {
            var dot: Float = 0
            for index in 0..<min(vector.count, candidate.count) { dot += vector[index] * candidate[index] }
            best = max(best, Double(dot))
        }
        return best
    }

    static func format(_ value: Double) -> String { String(format: "%.3f", value) }
}
