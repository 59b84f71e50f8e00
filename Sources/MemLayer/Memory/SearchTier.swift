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
}
