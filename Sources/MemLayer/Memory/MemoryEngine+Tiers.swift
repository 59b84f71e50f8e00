extension MemoryEngine {
    /// Searches `userID`'s memory at `tier` (fast: 2 by vector; balanced: 5; deep: 10 plus the
    /// graph around the entities the query and the hits name).
    public func search(_ query: String, userID: String, tier: SearchTier) async throws -> MemorySearchResult {
        var recorder = TraceRecorder()
        let vector = try await recorder.measure("embed", query) { try await embed([query])[0] }
        let hits = try await recorder.measure("vector", tier.rawValue) {
            try await store.search(vector: vector, userID: userID, k: tier.resultCount)
        }
        var facts: [GraphFact] = []
        if tier == .deep {
            let names = try await store.entities(userID: userID).map(\.canonicalName)
            let lowered = ([query] + hits.map(\.memory.text)).joined(separator: "\n").lowercased()
            let mentioned = names.filter { lowered.contains($0) }
            facts = try await recorder.measure("graph", "\(mentioned.count) entities") {
                try await store.graphNeighborhood(of: mentioned, userID: userID, hops: 2)
            }
        }
        return MemorySearchResult(hits: hits, graphFacts: facts, trace: recorder.finish())
    }
}
