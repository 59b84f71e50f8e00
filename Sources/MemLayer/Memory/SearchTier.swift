/// How hard `search_memory` looks: the model picks per call.
public enum SearchTier: String, Sendable, CaseIterable, Codable {
    /// The two closest memories by vector: a quick fact check.
    case fast
    /// The five best of vector and keyword search: the default.
    case balanced
    /// The ten best, plus what the knowledge graph connects to them.
    case deep

    /// How many memories the tier returns.
    public var resultCount: Int {
        switch self {
        case .fast: 2
        case .balanced: 5
        case .deep: 10
        }
    }

    /// Whether the tier runs the full-text search beside the vector search. Without vectors
    /// (lightweight mode) every tier does, because it is all there is.
    public var usesKeywords: Bool { self != .fast }

    /// Whether the tier shows a turn hit with the turns just before and after it.
    var showsNeighbours: Bool { self != .fast }

    /// Whether the tier walks the knowledge graph around the entities it finds named.
    public var usesGraph: Bool { self == .deep }

    /// How many candidates each retriever proposes for `count` results: enough that importance
    /// and recency can reorder near-equals and fusion can promote a memory both lists rank fairly
    /// well, few enough that reading them costs microseconds.
    static func candidatePool(for count: Int) -> Int { max(20, count.saturatingMultiplied(by: 4)) }
}
