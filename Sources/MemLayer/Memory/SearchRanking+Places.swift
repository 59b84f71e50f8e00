extension SearchRanking {
    /// `ranked` without the turns that a turn ranked above them already shows: a turn hit comes
    /// with the turns just before and after it in its conversation (balanced and deep tiers), so a
    /// turn beside a better hit is in the result text anyway, and its own place would show the
    /// same exchange twice. Leaving it out gives the place to the next distinct part of the
    /// conversations: k results show k exchanges. A left-out turn is still read, as the better
    /// hit's neighbour; facts and turns without a place are never left out.
    ///
    /// Measured on the conversation development set (`Benchmarks/run-retrieval.sh`, balanced
    /// tier, hit ± 1 shown): evidence recall@10 0.76 without it, 0.79 with it; multi-hop and
    /// open-ended questions, whose evidence is spread over several exchanges, gain the most.
    static func onePerPlace(_ ranked: [Entry], places: [Int64: TurnPlace]) -> [Entry] {
        var shown: Set<TurnPlace> = []
        return ranked.filter { entry in
            guard let place = places[entry.rowID] else { return true }
            guard !shown.contains(place) else { return false }
            // Only the turns beside it are shown with it: another turn at the same place (two
            // clients that numbered one conversation alike) is not, and keeps its own place.
            for offset in [-1, 1] {
                shown.insert(TurnPlace(conversation: place.conversation, position: place.position + offset))
            }
            return true
        }
    }
}
