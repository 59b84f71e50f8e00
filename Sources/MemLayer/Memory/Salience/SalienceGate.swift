/// Decides whether a piece of conversation is worth an extraction call. It no longer decides what
/// is remembered — a chat turn is kept word for word anyway — only whether to spend a model call
/// on it: plainly empty turns, small talk and questions about nothing personal are skipped, and
/// the extraction model judges the rest.
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
    /// A short, stable name for the reason, without numbers — `small talk`, `empty or symbols
    /// only`, `family`, `local score` — what the job record keeps and `memlayer stats` counts by.
    public var category: String

    /// A decision; `category` defaults to the rule's name (`rule: small talk` → `small talk`) or
    /// the scorer's (`local: margin …` → `local score`).
    public init(isSalient: Bool, score: Double, reason: String, category: String? = nil) {
        self.isSalient = isSalient
        self.score = score
        self.reason = reason
        self.category = category ?? Self.category(of: reason)
    }

    static func category(of reason: String) -> String {
        if reason.hasPrefix("rule: ") { return String(reason.dropFirst("rule: ".count)) }
        guard let colon = reason.firstIndex(of: ":") else { return reason }
        return reason[..<colon] + " score"
    }
}
