import Foundation

extension MemorySearchResult {
    /// The plain-text result the model reads: a header line, one line per memory (`[rank]
    /// (date, id …) text`, text on one line), the graph facts as `subject —predicate→ object`,
    /// and an end marker, so the model can tell where memories stop. A turn hit with
    /// `neighbours` is followed by the turns just before and after it, indented and shortened
    /// (a neighbour that is itself a hit is not repeated).
    public static func text(
        hits: [SearchHit], facts: [GraphFact], query: String, neighbours: [String: TurnNeighbours] = [:]
    ) -> String {
        guard !hits.isEmpty || !facts.isEmpty else { return "No memories found for \"\(query)\"." }
        var lines = ["Memories found for \"\(query)\" (most relevant first):"]
        let hitIDs = Set(hits.map(\.memory.id))
        for (rank, hit) in hits.enumerated() {
            let date = ISO8601.format(hit.memory.createdAt).prefix(10)
            let kind = hit.memory.kind == .fact ? "" : "\(hit.memory.kind.label), "
            lines.append("[\(rank + 1)] (\(date), \(kind)id \(hit.memory.id)) \(oneLine(hit.memory.text))")
            let around = neighbours[hit.memory.id]
            for (label, turn) in [("before", around?.before), ("after", around?.after)] {
                guard let turn, !hitIDs.contains(turn.id) else { continue }
                lines.append("    \(label): \(shortened(oneLine(turn.text)))")
            }
        }
        if !facts.isEmpty {
            lines.append("Related facts (knowledge graph):")
            lines.append(contentsOf: facts.map { "- \(oneLine($0.description))" })
        }
        lines.append("--- end of memories ---")
        return lines.joined(separator: "\n")
    }

    /// A neighbour is context, not the answer: its first words are enough.
    private static func shortened(_ text: String, limit: Int = 160) -> String {
        text.count <= limit ? text : String(text.prefix(limit - 1)).trimmingCharacters(in: .whitespaces) + "…"
    }

    /// A memory written over several lines would blur the one-memory-per-line layout.
    private static func oneLine(_ text: String) -> String {
        guard text.contains(where: \.isNewline) else { return text }
        return text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " / ")
    }
}

extension MemoryKind {
    /// How the result text names a memory of this kind.
    var label: String {
        switch self {
        case .fact: "fact"
        case .turn: "conversation turn"
        case .document: "document"
        }
    }
}
