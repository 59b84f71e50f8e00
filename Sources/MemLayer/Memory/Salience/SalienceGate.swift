/// Decides whether a piece of conversation is worth remembering, before any LLM is asked to
/// extract facts from it.
public protocol SalienceGate: Sendable {
    /// The decision for `text` (a user message, a turn, or a document chunk).
    func evaluate(_ text: String) async throws -> SalienceDecision
}

/// A salience gate's verdict, with the evidence for it.
public struct SalienceDecision: Sendable, Equatable {
    /// True when the text should go on to extraction.
    public var isSalient: Bool
    /// The score compared with the threshold (mode-specific; higher is more salient).
    public var score: Double
    /// Which stage decided and why, e.g. `rule: greeting` or `local: margin 0.12 > 0.0`.
    public var reason: String

    public init(isSalient: Bool, score: Double, reason: String) {
        self.isSalient = isSalient
        self.score = score
        self.reason = reason
    }
}
