/// The least similarity (cosine between query and memory) a memory needs for `search_memory` to
/// show it to the model, so that an unrelated question hears "Nothing relevant in memory"
/// instead of the least bad guess.
///
/// Cosines are not comparable across embedders (a hashing embedder's are word overlap, MiniLM's
/// are meaning), so the default is measured per embedder; an embedder nobody measured gets no
/// floor. Without vectors (lightweight mode) there is no cosine: the keyword search only proposes
/// memories sharing an uncommon word with the query, and that is the criterion.
public enum SimilarityFloor: Sendable, Equatable {
    /// The floor measured for the engine's embedder (``measuredMinimum(forEmbedder:)``).
    case embedderDefault
    /// This cosine, whatever the embedder.
    case minimum(Double)
    /// No floor: the tier's count of best matches, however weak.
    case off

    /// The cosine for the engine whose embedder has this id, or nil for none.
    public func minimum(forEmbedder id: String) -> Double? {
        switch self {
        case .embedderDefault: Self.measuredMinimum(forEmbedder: id)
        case .minimum(let value): value
        case .off: nil
        }
    }

    /// The default floor for an embedder, chosen on the retrieval sets (`SimilarityFloorEvaluationTests`):
    /// the highest that loses no answer of the development set. Nil for an embedder nobody
    /// measured, and for the hashing embedder, whose smallest floor (0.05) already loses answers.
    public static func measuredMinimum(forEmbedder id: String) -> Double? {
        id == EmbedderSpecification.miniLMID ? miniLM : nil
    }

    /// all-MiniLM-L6-v2, balanced tier. Measured (answers kept; unrelated questions left with no
    /// memory; unrelated memories shown), development / held-out set: no floor 40/40, 0/30, 150 /
    /// 30/30, 0/20, 100; 0.15 40/40, 5/30, 71 / 30/30, 4/20, 46; 0.20 39/40, 17/30, 20 / 30/30,
    /// 9/20, 17; 0.25 37/40, 24/30, 7 / 30/30, 14/20, 7. A lost answer makes the model say it knows
    /// nothing it was told; an unrelated memory shown can still be ignored — so answers decide.
    static let miniLM = 0.15
}
