import Foundation

/// The `lightweight` salience gate: keyword and pattern scoring, no model, no embeddings, no I/O.
///
/// After the ``SalienceRules``, a text scores the sum of the signals it shows, each with a fixed
/// weight: statements about the user (I, my, we), personal topics (family, work, home, health,
/// events), times and dates, proper nouns where capitals are informative, life-event verbs push
/// it up; questions, requests to the assistant, very short texts and bare opinions push it
/// down. It is salient when the score is above ``threshold`` (strictly).
public struct KeywordSalienceGate: SalienceGate {
    /// A score must exceed this to be salient.
    public let threshold: Double
    /// The rule stage run first, or nil to score every text.
    public let rules: SalienceRules?

    /// Creates the gate.
    public init(threshold: Double = 0, rules: SalienceRules? = SalienceRules()) {
        self.threshold = threshold
        self.rules = rules
    }

    public func evaluate(_ text: String) async throws -> SalienceDecision {
        if let verdict = rules?.verdict(for: text) { return verdict }
        let (score, signals) = Self.score(text)
        let isSalient = score > threshold
        let evidence = signals.isEmpty ? "no signals" : signals.joined(separator: ", ")
        let comparison =
            "\(PrototypeSalienceGate.format(score)) \(isSalient ? ">" : "≤") "
            + PrototypeSalienceGate.format(threshold)
        return SalienceDecision(
            isSalient: isSalient, score: score, reason: "lightweight: score \(comparison) (\(evidence))")
    }

    /// The score of `text` and the names of the signals that made it.
    public static func score(_ text: String) -> (score: Double, signals: [String]) {
        let parsed = SalienceText(text)
        var score = KeywordSignal.baseline
        var signals: [String] = []
        for signal in KeywordSignal.allCases where signal.isPresent(in: parsed) {
            score += signal.weight
            signals.append(signal.rawValue)
        }
        return (score, signals)
    }
}
