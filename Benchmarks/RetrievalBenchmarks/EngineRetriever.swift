import Foundation
import MemLayer

/// The default search (``MemoryEngine/search(_:userID:tier:limit:now:)``) over an imported store,
/// as the set's retriever: k results at a tier, and the message ids they show.
struct EngineRetriever {
    let engine: MemoryEngine
    let userID: String
    /// Fact id → the messages it was extracted from (empty when no facts were extracted).
    var factSources: [String: Set<String>] = [:]

    /// The ids of the first `k` results at `tier`, best first (a search with `limit: k`).
    func hitIDs(_ question: String, tier: SearchTier, k: Int) async throws -> [String] {
        try await engine.search(question, userID: userID, tier: tier, limit: k).hits.map(\.memory.id)
    }

    /// The messages `k` results at `tier` show: each hit's own id and, for a fact, the messages it
    /// came from; with `neighbours`, also the turns printed before and after a turn hit in the
    /// tool text (the balanced and deep tiers print them; a neighbour counts only if the text
    /// the model reads contains it).
    func shown(_ question: String, tier: SearchTier, k: Int, neighbours: Bool) async throws -> Set<String> {
        let result = try await engine.search(question, userID: userID, tier: tier, limit: k)
        var ids = Set<String>()
        for hit in result.hits {
            ids.insert(hit.memory.id)
            ids.formUnion(factSources[hit.memory.id] ?? [])
            guard neighbours, let around = result.neighbours[hit.memory.id] else { continue }
            for turn in [around.before, around.after].compactMap({ $0 })
            where result.text.contains(String(turn.text.prefix(60))) {
                ids.insert(turn.id)
            }
        }
        return ids
    }
}
