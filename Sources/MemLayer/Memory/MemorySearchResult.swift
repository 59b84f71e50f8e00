/// What a tiered memory search found: memories best first, and (deep tier) the knowledge-graph
/// edges around them, with the timings of every phase.
public struct MemorySearchResult: Sendable {
    public var hits: [SearchHit]
    public var graphFacts: [GraphFact]
    /// Phase events: `embed`, `vector`, `keyword`, `graph`, `rank`, with durations.
    public var trace: ChatTrace

    public init(hits: [SearchHit], graphFacts: [GraphFact] = [], trace: ChatTrace = ChatTrace()) {
        self.hits = hits
        self.graphFacts = graphFacts
        self.trace = trace
    }
}
