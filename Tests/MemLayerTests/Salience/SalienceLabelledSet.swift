import Foundation
import MemLayer

/// One hand-labelled chat text from `Fixtures/salience_labelled.tsv`.
struct LabelledText: Sendable {
    let text: String
    let isSalient: Bool
}

/// The labelled evaluation set and the scores of a gate on it.
enum SalienceLabelledSet {
    /// The development set: the rules, prototypes and weights were adjusted while looking at it.
    static let development = "salience_labelled.tsv"
    /// The held-out set: written before any tuning and never tuned on.
    static let heldOut = "salience_heldout.tsv"
    /// Texts in thirteen other languages, written before the gate handled any of them.
    static let multilingual = "salience_multilingual.tsv"
    /// More texts in other languages, written after that handling was built and never tuned on.
    static let multilingualHeldOut = "salience_multilingual_heldout.tsv"

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Salience
        .deletingLastPathComponent()  // MemLayerTests
        .appendingPathComponent("Fixtures")

    static func load(_ name: String = development) throws -> [LabelledText] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(name), encoding: .utf8)
        return try text.split(whereSeparator: \.isNewline).compactMap { line -> LabelledText? in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 1).map(String.init)
            guard fields.count == 2, ["salient", "non_salient"].contains(fields[0]) else {
                throw LabelledSetError(line: String(line))
            }
            return LabelledText(text: fields[1], isSalient: fields[0] == "salient")
        }
    }

    /// The repository's real prototype sentences (models/salience).
    static func prototypes() throws -> SaliencePrototypes {
        try SaliencePrototypes.load(from: MiniLMTestSupport.root.appendingPathComponent("models/salience"))
    }
}

struct LabelledSetError: Error, CustomStringConvertible {
    let line: String
    var description: String { "not `salient|non_salient<TAB>text`: \(line)" }
}

/// Precision and recall of "salient" over a labelled set, with the texts the gate got wrong.
struct SalienceScore: CustomStringConvertible {
    var truePositives = 0
    var falsePositives = 0
    var falseNegatives = 0
    var trueNegatives = 0
    var mistakes: [String] = []

    init(_ set: [LabelledText], _ decisions: [SalienceDecision]) {
        for (item, decision) in zip(set, decisions) {
            switch (item.isSalient, decision.isSalient) {
            case (true, true): truePositives += 1
            case (false, true):
                falsePositives += 1
                mistakes.append("  FP \(item.text)  [\(decision.reason)]")
            case (true, false):
                falseNegatives += 1
                mistakes.append("  FN \(item.text)  [\(decision.reason)]")
            case (false, false): trueNegatives += 1
            }
        }
    }

    var precision: Double { Double(truePositives) / Double(max(1, truePositives + falsePositives)) }
    var recall: Double { Double(truePositives) / Double(max(1, truePositives + falseNegatives)) }
    var f1: Double { precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0 }

    var description: String {
        String(
            format: "precision %.3f  recall %.3f  F1 %.3f  (TP %d FP %d FN %d TN %d)", precision, recall, f1,
            truePositives, falsePositives, falseNegatives, trueNegatives)
    }

    /// Decisions of `gate` for every text, one at a time (the protocol's only entry point).
    static func decisions(of gate: any SalienceGate, on set: [LabelledText]) async throws -> [SalienceDecision] {
        var decisions: [SalienceDecision] = []
        for item in set { decisions.append(try await gate.evaluate(item.text)) }
        return decisions
    }
}
