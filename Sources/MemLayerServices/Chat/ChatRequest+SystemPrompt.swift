extension ChatRequest {
    /// The sentence a provider adds to the system prompt for ``ResponseFormat/jsonObject`` when
    /// it has no JSON mode it can use, so the prompt asks.
    static let jsonInstruction = "Answer with one JSON object and nothing else: no prose, no code fences."

    /// The name of a ``ResponseFormat/jsonSchema(name:schema:)`` as tool and format names must be
    /// spelt (`^[a-zA-Z0-9_-]{1,64}$` for OpenAI and Anthropic): other characters become `_`.
    static func wireName(_ name: String) -> String {
        let allowed = name.prefix(64).map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "_" }
        return allowed.isEmpty ? "answer" : String(allowed)
    }

    /// The system prompt and every `.system` message, in order, as one text; nil when there is
    /// none. Providers send it once, up front, as ``ChatMessage/system(_:)`` promises.
    var mergedSystemPrompt: String? {
        mergedSystemPrompt(adding: nil)
    }

    /// ``mergedSystemPrompt`` with `instruction`, if any, as its last paragraph.
    func mergedSystemPrompt(adding instruction: String?) -> String? {
        let systemMessages = messages.filter { $0.role == .system }.map(\.content)
        let parts = ([system] + systemMessages + [instruction]).compactMap { $0 }.filter { !$0.isEmpty }
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// The conversation without its system messages, oldest first.
    var conversation: [ChatMessage] {
        messages.filter { $0.role != .system }
    }

    /// The messages for an API that takes the system prompt as its first message (Ollama,
    /// Chat Completions): ``mergedSystemPrompt`` as one `.system` message, then the conversation.
    var messagesWithSystemFirst: [ChatMessage] {
        (mergedSystemPrompt.map { [.system($0)] } ?? []) + conversation
    }
}
