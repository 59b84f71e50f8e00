import Foundation
import MemLayer

extension SearchCommand {
    /// One object whatever the tier: the memories, and the graph facts (empty below deep).
    /// Every hit has the same snake_case keys whatever its kind or the tier (null where one does
    /// not apply), so a script reads `conversation` or `keyword_rank` without checking first.
    static func jsonObject(_ result: MemorySearchResult, query: String, user: String) -> [String: Any] {
        let memories: [[String: Any]] = result.hits.map { hit in
            let memory = hit.memory
            let place = TurnPlace(of: memory)
            let parts = result.scores[memory.id]
            var object: [String: Any] = [
                "id": memory.id,
                "text": memory.text,
                "kind": memory.kind.rawValue,
                "conversation": place?.conversation ?? NSNull(),
                "position": place?.position ?? NSNull(),
                "score": Double(hit.score),
                "similarity": parts?.similarity ?? NSNull(),
                "retrievers": (parts?.retrievers ?? []).map(\.rawValue),
                "relevance": parts?.relevance ?? NSNull(),
                "vector_rank": parts?.vectorRank ?? NSNull(),
                "keyword_rank": parts?.keywordRank ?? NSNull(),
                "importance": memory.importance,
                "access_count": memory.accessCount,
                "status": memory.status.rawValue,
                "source": memory.source ?? NSNull(),
                "expires_at": NSNull(),
                "metadata": NSNull(),
                "event_time": NSNull(),
                "in_time_window": parts?.inTimeWindow ?? NSNull(),
                "sources": (result.sources[memory.id] ?? []).map { source -> [String: Any] in
                    [
                        "id": source.turnID, "conversation": source.conversation ?? NSNull(),
                        "created_at": source.saidAt.formatted(.iso8601),
                    ]
                },
            ]
            let record = MemoryRecord.object(for: memory, vector: nil)
            for key in ["created_at", "updated_at", "expires_at", "metadata", "event_time"] where record[key] != nil {
                object[key] = record[key]
            }
            return object
        }
        return [
            "user": user, "query": query, "tier": result.tier.rawValue,
            "time_window": result.timeWindow.map { window -> [String: Any] in
                [
                    "phrase": window.phrase, "start": window.start.formatted(.iso8601),
                    "end": window.end.formatted(.iso8601),
                ]
            } ?? NSNull(),
            "memories": memories,
            "facts": result.graphFacts.map(GraphCommand.object(for:)),
        ]
    }

    /// `2 memories below similarity 0.30`.
    static func belowNote(_ count: Int, _ minimum: Double) -> String {
        (count == 1 ? "1 memory" : "\(count) memories") + " below similarity " + String(format: "%.2f", minimum)
    }

    /// `similarity 0.612 · vector+keyword`: how close a hit is and which searches found it; just
    /// `keyword` when no vector was compared.
    static func closeness(_ parts: SearchScore?) -> String {
        let found = (parts?.retrievers ?? []).map(\.rawValue).joined(separator: "+")
        guard let similarity = parts?.similarity else { return found }
        return String(format: "similarity %.3f", similarity) + (found.isEmpty ? "" : " · " + found)
    }

    /// One line per hit, best first, with its similarity and the searches that found it; a turn
    /// says so and names its conversation.
    static func plainText(_ result: MemorySearchResult, user: String) -> String {
        if result.hits.isEmpty && result.graphFacts.isEmpty {
            guard let minimum = result.minimumSimilarity, result.belowFloor > 0 else {
                return "no memories found for user \(user)"
            }
            return "nothing relevant for user \(user): " + Self.belowNote(result.belowFloor, minimum)
        }
        var lines = result.hits.enumerated().map { rank, hit in
            let memory = hit.memory
            var date = CivilDay(memory.createdAt).short
            if let event = memory.eventAt {
                date += ", happened " + CivilDay(event).short
            }
            if let source = result.sources[memory.id]?.first {
                date +=
                    ", from " + (source.conversation.map { "conversation \($0) of " } ?? "the conversation of ")
                    + CivilDay(source.saidAt).short
            }
            var text = memory.text
            if memory.kind == .turn {
                let words = text.split(whereSeparator: \.isNewline).joined(separator: " / ")
                text = "turn" + (TurnPlace(of: memory).map { " in \($0.conversation)" } ?? "") + ": " + words
            }
            return "\(rank + 1). [\(Self.closeness(result.scores[memory.id]))] \(text)  (\(memory.id), \(date))"
        }
        if let window = result.timeWindow {
            lines.insert("time: \"\(window.phrase)\" = \(window.span(in: .current)), ranked first", at: 0)
        }
        if let minimum = result.minimumSimilarity, result.belowFloor > 0 {
            lines.append("(" + Self.belowNote(result.belowFloor, minimum) + " left out)")
        }
        if !result.graphFacts.isEmpty {
            lines.append("related facts:")
            lines += result.graphFacts.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
