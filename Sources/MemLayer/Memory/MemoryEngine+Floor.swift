import Foundation

extension MemoryEngine {
    /// The first `count` of `ranked` that reach `minimumSimilarity`, each with its similarity, and
    /// how many of the first `count` were left out for falling below it.
    ///
    /// A memory only the keyword search proposed has no cosine yet: it is computed from its stored
    /// embedding (one small read for the few that need it), so that every hit with a vector shows
    /// the same kind of number. Without a floor only the winners need one.
    func winners(
        _ ranked: [SearchRanking.Entry], count: Int, minimumSimilarity: Double?, queryVector: [Float]?,
        userID: String
    ) async throws -> (kept: [SearchRanking.Entry], belowFloor: Int) {
        var ranked = minimumSimilarity == nil ? Array(ranked.prefix(count)) : ranked
        if let queryVector {
            let missing = ranked.filter { $0.details.similarity == nil }.map(\.rowID)
            if !missing.isEmpty {
                let computed = try await store.similarities(of: missing, to: queryVector, userID: userID)
                for index in ranked.indices where ranked[index].details.similarity == nil {
                    ranked[index].details.similarity = computed[ranked[index].rowID]
                }
            }
        }
        guard let minimumSimilarity else { return (ranked, 0) }
        // No similarity means no vector was compared: the keyword search's shared word is the criterion.
        func passes(_ entry: SearchRanking.Entry) -> Bool {
            entry.details.similarity.map { $0 >= minimumSimilarity } ?? true
        }
        let belowFloor = ranked.prefix(count).filter { !passes($0) }.count
        return (Array(ranked.filter(passes).prefix(count)), belowFloor)
    }
}
