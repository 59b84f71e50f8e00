/// A search that proposes memories for the final ranking. Graph expansion (deep tier) adds
/// facts (``GraphFact``), not hits, so it is not one.
public enum SearchRetriever: String, Sendable, CaseIterable, Comparable {
    /// Nearest neighbours of the query's embedding (cosine).
    case vector
    /// Full-text search (FTS5, bm25): memories sharing an uncommon word of the query.
    case keyword

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
