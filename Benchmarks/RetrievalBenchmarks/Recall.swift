/// Evidence recall of one retriever over the set: for each question, the share of its evidence
/// ids among the message ids the retriever showed with k results; averaged per category and over
/// all questions (each question counts once).
struct RecallTable {
    /// The cutoffs reported: recall@5 and recall@10.
    static let cutoffs = [5, 10]

    let questions: [DevSet.Question]

    /// Recall per category (and `overall`) for every cutoff, as `[k: [category: recall]]`.
    /// - Parameter shown: for k and a question id, the message ids the k results showed.
    func recall(
        isolation: isolated (any Actor)? = #isolation, _ shown: (Int, DevSet.Question) async throws -> Set<String>
    ) async rethrows -> [Int: [String: Double]] {
        var table: [Int: [String: Double]] = [:]
        for k in Self.cutoffs {
            var sums: [String: (Double, Int)] = [:]
            for question in questions {
                let ids = try await shown(k, question)
                let found = Double(question.evidence.filter(ids.contains).count) / Double(question.evidence.count)
                for key in [question.category, "overall"] {
                    let (sum, count) = sums[key] ?? (0, 0)
                    sums[key] = (sum + found, count + 1)
                }
            }
            table[k] = sums.mapValues { $0.0 / Double($0.1) }
        }
        return table
    }
}
