import Foundation

/// The single request a memory-grounded answer makes: the question as the user message, and a
/// system prompt that lists what was found (memories with their dates and ids, graph facts) and
/// says to answer from that alone.
struct AnswerPrompt {
    var question: String
    var memories: [SearchHit]
    var facts: [GraphFact]
    var now: Date
    var timeZone: TimeZone

    var system: String {
        var parts = [
            """
            You answer the user's question about themselves using ONLY the memories and facts below, which \
            come from their long-term memory. Do not use outside knowledge and do not guess. If they do not \
            contain the answer, reply exactly: \(MemoryAnswer.nothingInMemory)
            Answer briefly, in plain language; never mention memory ids. When memories disagree, prefer the \
            more recent one.
            """,
            "Today is \(Self.day(now, in: timeZone)).",
        ]
        if !memories.isEmpty {
            let lines = memories.enumerated().map { rank, hit in
                "[\(rank + 1)] (\(Self.day(hit.memory.createdAt, in: timeZone)), id \(hit.memory.id)) \(hit.memory.text)"
            }
            parts.append(
                "Memories (most relevant first, each with the date it was recorded):\n" + lines.joined(separator: "\n"))
        }
        if !facts.isEmpty {
            parts.append("Knowledge-graph facts:\n" + facts.map { "- \($0)" }.joined(separator: "\n"))
        }
        return parts.joined(separator: "\n\n")
    }

    func request(options: AnswerOptions) -> ChatRequest {
        ChatRequest(
            system: system, messages: [.user(question)], temperature: options.temperature, maxTokens: options.maxTokens)
    }

    /// `2026-11-26` (English digits whatever the locale).
    private static func day(_ date: Date, in timeZone: TimeZone) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = timeZone
        formatter.dateFormat = "yyyy-MM-dd (EEEE)"
        return formatter.string(from: date)
    }
}
