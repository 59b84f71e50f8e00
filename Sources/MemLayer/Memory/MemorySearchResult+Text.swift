import Foundation

extension MemorySearchResult {
    /// What the result text says about time besides each memory's date: the query's window, and
    /// whether it asks when something happened.
    public struct TimeContext: Sendable, Equatable {
        /// The window the query named, whose memories were ranked first.
        public var window: TimeWindow?
        /// True for "when did I …" questions.
        public var asksWhen: Bool
        /// The zone dates are written in: the one given, else the local zone (days are then read
        /// through the C library, so writing a result does not load ICU's zone data).
        public var timeZone: TimeZone {
            get { zone ?? .current }
            set { zone = newValue }
        }
        /// The zone given, or nil for the local zone.
        var zone: TimeZone?

        /// Creates a context; a nil `timeZone` is the local zone.
        public init(window: TimeWindow? = nil, asksWhen: Bool = false, timeZone: TimeZone? = nil) {
            self.window = window
            self.asksWhen = asksWhen
            self.zone = timeZone
        }
    }

    /// What the result text says about a similarity floor: which one applied, and how many
    /// memories fell below it.
    public struct FloorContext: Sendable, Equatable {
        /// The floor (a cosine), or nil for none.
        public var minimumSimilarity: Double?
        /// How many memories that would have been shown fell below it.
        public var belowFloor: Int

        /// Creates a context.
        public init(minimumSimilarity: Double? = nil, belowFloor: Int = 0) {
            self.minimumSimilarity = minimumSimilarity
            self.belowFloor = belowFloor
        }
    }

    /// The plain-text result the model reads: a header line, one line per memory (`[rank]
    /// (date, id …) text`, text on one line), the graph facts as `subject —predicate→ object`,
    /// and an end marker, so the model can tell where memories stop. A turn hit with
    /// `neighbours` is followed by the turns just before and after it, indented and shortened
    /// (a neighbour that is itself a hit is not repeated).
    ///
    /// Every memory carries its date: when it was said (a turn) or learned (a fact). A fact also
    /// says when what it tells happened (`happened …`) when extraction knew, and the
    /// conversation it was learned from (`sources`). A query that names a time, or asks when,
    /// gets a line saying how to read the dates, and the window it was read as.
    ///
    /// When a similarity floor left nothing, the text says "Nothing relevant in memory" and how
    /// many weak matches were left out, so the model answers without memory instead of reading
    /// the least bad guess.
    public static func text(
        hits: [SearchHit], facts: [GraphFact], query: String, neighbours: [String: TurnNeighbours] = [:],
        sources: [String: [FactSource]] = [:], time: TimeContext = TimeContext(), floor: FloorContext = FloorContext()
    ) -> String {
        guard !hits.isEmpty || !facts.isEmpty else {
            if let minimum = floor.minimumSimilarity, floor.belowFloor > 0 {
                let count = floor.belowFloor == 1 ? "1 memory" : "\(floor.belowFloor) memories"
                return "Nothing relevant in memory for \"\(query)\": \(count) matched only weakly "
                    + String(format: "(similarity below %.2f)", minimum)
                    + (floor.belowFloor == 1 ? " and was left out." : " and were left out.")
            }
            return "No memories found for \"\(query)\"" + (time.window.map { " (\(windowNote($0, time)))" } ?? "") + "."
        }
        var lines = ["Memories found for \"\(query)\" (most relevant first):"]
        if time.asksWhen || time.window != nil {
            var note = "Dates: the first is when it was said or learned; \"happened\" is when the event took place."
            if let window = time.window { note += " Ranked first: \(windowNote(window, time))." }
            lines.append(note)
        }
        let hitIDs = Set(hits.map(\.memory.id))
        for (rank, hit) in hits.enumerated() {
            let memory = hit.memory
            var labels = [CivilDay(memory.createdAt, in: time.zone).iso]
            if memory.kind != .fact { labels.append(memory.kind.label) }
            if let event = memory.eventAt { labels.append("happened \(CivilDay(event, in: time.zone).iso)") }
            if let source = sources[memory.id]?.first {
                labels.append("from the conversation of \(CivilDay(source.saidAt, in: time.zone).long)")
            }
            labels.append("id \(memory.id)")
            lines.append("[\(rank + 1)] (\(labels.joined(separator: ", "))) \(oneLine(memory.text))")
            let around = neighbours[memory.id]
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

    /// `memories from "last week" (2026-11-30 to 2026-12-06)`.
    private static func windowNote(_ window: TimeWindow, _ time: TimeContext) -> String {
        "memories from \"\(window.phrase)\" (\(window.span(in: time.timeZone)))"
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
