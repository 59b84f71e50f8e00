/// How many rows of the full-text index each term was found in (counted up to a cap), remembered
/// so that a question naming the same person again does not count the name's matches again
/// (about 1.7 ms for a name in 45,000 rows).
///
/// The answers hold for one state of the index: any memory added or deleted, by any user or
/// process, bumps `vector_versions`, and a different ``Generation`` starts the cache over. A
/// chat keeps a turn every round, so the first search after it counts again; searches in
/// between (several tool calls in one turn, a benchmark, a script) reuse the counts.
struct TermCountCache {
    /// The state of the index the answers were counted in.
    struct Generation: Equatable {
        /// The largest rowid of `memories`.
        var rows: Int64
        /// The sum of every user's `vector_versions`.
        var versions: Int64
    }

    private var generation: Generation?
    private var counts: [String: Int64] = [:]
    /// Past this many terms the cache starts over.
    static let capacity = 4_096

    /// How many rows `term` matched in `generation` (up to the cap it was counted to), if it was
    /// counted then.
    func matches(of term: String, in generation: Generation) -> Int64? {
        self.generation == generation ? counts[term] : nil
    }

    mutating func record(_ term: String, matches: Int64, in generation: Generation) {
        if self.generation != generation || counts.count >= Self.capacity {
            counts.removeAll(keepingCapacity: true)
            self.generation = generation
        }
        counts[term] = matches
    }
}
