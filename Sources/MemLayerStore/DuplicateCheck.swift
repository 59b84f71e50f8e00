/// The decision whether a new fact restates one already stored, handed to the store with each
/// extraction so the store names no policy (the memory engine's `DuplicatePolicy` makes it).
///
/// The store finds candidates — the same normalised text, facts written earlier in the same
/// extraction, and the user's nearest vectors at or above ``lowestThreshold`` — and asks
/// ``isDuplicate(_:of:cosine:)`` about each.
package struct DuplicateCheck: Sendable {
    /// The lowest cosine at which two different texts may be duplicates: nearer vectors only are
    /// asked about.
    package var lowestThreshold: Float
    private let decide: @Sendable (_ candidate: String, _ existing: String, _ cosine: Float) -> Bool

    /// A check asking `decide(candidate, existing, cosine)` about vectors at or above
    /// `lowestThreshold`.
    package init(
        lowestThreshold: Float, decide: @escaping @Sendable (_ candidate: String, _ existing: String, _ cosine: Float) -> Bool
    ) {
        self.lowestThreshold = lowestThreshold
        self.decide = decide
    }

    /// True when `candidate` restates `existing`, whose vectors are `cosine` apart.
    package func isDuplicate(_ candidate: String, of existing: String, cosine: Float) -> Bool {
        decide(candidate, existing, cosine)
    }
}
