import MemLayerStore

/// A deterministic embedder with no model: signed feature hashing of word unigrams, word
/// bigrams and character trigrams, L2-normalised.
///
/// It captures shared words, not meaning ("car" and "automobile" are unrelated to it). It is
/// here for tests and for lightweight deployments that cannot run a model; the built-in MiniLM
/// embedder is the default for real use.
public struct HashingEmbedder: Embedder {
    public let dimension: Int
    public var id: String { "hash-ngram-v1/\(dimension)" }

    /// Creates an embedder producing `dimension`-long vectors (at least 16).
    public init(dimension: Int = 384) {
        precondition(dimension >= 16, "HashingEmbedder needs at least 16 dimensions")
        self.dimension = dimension
    }

    public func embed(_ texts: [String]) async throws -> [[Float]] {
        texts.map(vector(for:))
    }

    /// The vector for one text (synchronous; the protocol's async form just maps this).
    public func vector(for text: String) -> [Float] {
        var vector = [Float](repeating: 0, count: dimension)
        let words = Self.words(in: text)
        for word in words { add("w:" + word, weight: 1.0, to: &vector) }
        for (first, second) in zip(words, words.dropFirst()) {
            add("b:" + first + " " + second, weight: 0.7, to: &vector)
        }
        for word in words {
            let scalars = Array(("<" + word + ">").unicodeScalars)
            guard scalars.count > 3 else { continue }
            for start in 0...(scalars.count - 3) {
                var gram = "c:"
                gram.unicodeScalars.append(contentsOf: scalars[start..<(start + 3)])
                add(gram, weight: 0.35, to: &vector)
            }
        }
        if words.isEmpty { add("<empty>", weight: 1.0, to: &vector) }  // never a zero vector
        let norm = vector.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return vector.map { $0 / norm }
    }

    /// Lower-cased runs of letters and digits.
    static func words(in text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    private func add(_ feature: String, weight: Float, to vector: inout [Float]) {
        let hash = FNV1a.hash(feature)  // stable across runs and platforms
        let slot = Int(hash % UInt64(dimension))
        vector[slot] += (hash >> 63) == 0 ? weight : -weight
    }
}
