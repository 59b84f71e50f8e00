/// What a tiered memory search found: memories best first, and (deep tier) the knowledge-graph
/// edges around them, with the timings of every phase and the text the model reads.
public struct MemorySearchResult: Sendable {
    /// The memories, best first. Each hit's `score` is the final blended ranking score (see
    /// ``scores``), not a similarity; its `similarity` is the cosine to the query (nil without
    /// vectors).
    public var hits: [SearchHit]
    /// Edges within two hops of the entities the query and the hits name (deep tier only), as
    /// `subject —predicate→ object`.
    public var graphFacts: [GraphFact]
    /// Phase events: `embed`, `vector`, `keyword`, `graph`, `rank`, `access`, `format`, with
    /// durations. A phase the tier or mode does not run is recorded with a `skipped` detail.
    public var trace: Trace
    /// How each hit earned its place, by memory id.
    public var scores: [String: SearchScore]
    /// The tier that ran.
    public var tier: SearchTier
    /// False when the search ran without vectors (lightweight mode, or a user with no
    /// embeddings): keyword and graph only.
    public var usedVectors: Bool
    /// The plain-text result for the model (see ``text(hits:facts:query:neighbours:sources:time:floor:)``).
    public var text: String
    /// The turns just before and after each turn hit, by the hit's memory id (balanced and
    /// deep tiers; a hit with no kept neighbour has no entry).
    public var neighbours: [String: TurnNeighbours]
    /// The window the query's time expression named ("last week"), resolved against the search's
    /// `now`; memories dated inside it were ranked up. Nil when the query named no time.
    public var timeWindow: TimeWindow?
    /// The kept turns each fact hit was learned from, earliest first, by the fact's id.
    public var sources: [String: [FactSource]]
    /// The similarity floor the search applied (a cosine), or nil when it applied none.
    public var minimumSimilarity: Double?
    /// How many memories that would have been returned without the floor fell below it (their
    /// places went to the next ones that reach it).
    public var belowFloor: Int

    /// Creates a result.
    public init(
        hits: [SearchHit], graphFacts: [GraphFact] = [], trace: Trace = Trace(),
        scores: [String: SearchScore] = [:], tier: SearchTier = .balanced, usedVectors: Bool = true, text: String = "",
        neighbours: [String: TurnNeighbours] = [:], timeWindow: TimeWindow? = nil,
        sources: [String: [FactSource]] = [:],
        minimumSimilarity: Double? = nil, belowFloor: Int = 0
    ) {
        self.minimumSimilarity = minimumSimilarity
        self.belowFloor = belowFloor
        self.timeWindow = timeWindow
        self.sources = sources
        self.neighbours = neighbours
        self.hits = hits
        self.graphFacts = graphFacts
        self.trace = trace
        self.scores = scores
        self.tier = tier
        self.usedVectors = usedVectors
        self.text = text
    }
}

/// The parts of one hit's ranking (see ``MemoryEngine/search(_:userID:tier:limit:now:timeZone:minimumSimilarity:)``),
/// and how close it is to the query.
public struct SearchScore: Sendable, Equatable {
    /// The final score: `0.97 × relevance + 0.02 × importance + 0.01 × recency`, plus 0.10 when
    /// the memory is dated inside the query's time window.
    public var score: Double
    /// Reciprocal-rank-fusion score scaled to 0…1 (1 = first in every list that ran).
    public var relevance: Double
    /// The memory's importance, 0…1.
    public var importance: Double
    /// 1 for a new memory, halving every 30 days.
    public var recency: Double
    /// Place in the vector list (from 1), if the memory was in it.
    public var vectorRank: Int?
    /// Place in the keyword list (from 1), if the memory was in it.
    public var keywordRank: Int?
    /// Cosine similarity to the query, for a memory in the vector list.
    public var cosine: Double?
    /// Cosine similarity between the query and the memory, -1…1: the number to read and to hold
    /// against a floor. Set for every hit that has an embedding when the search used vectors —
    /// found by the keyword search alone too (its cosine is computed for it). Nil without
    /// vectors (lightweight mode, or a memory stored without an embedding): a keyword match is
    /// not a similarity.
    public var similarity: Double?
    /// The retrievers that proposed the memory, in ``SearchRetriever`` order.
    public var retrievers: [SearchRetriever] = []
    /// SQLite's bm25 (lower is better), for a memory in the keyword list.
    public var bm25: Double?
    /// Whether the memory is dated inside the query's time window (and so got the time boost);
    /// nil when the query named no time.
    public var inTimeWindow: Bool?
}
