/// What a provider's stream yields, in order: text deltas and tool calls as they complete, then
/// exactly one `.finished`.
public enum ChatEvent: Sendable, Equatable {
    /// Text as the model produces it (any size, never split inside a UTF-8 character).
    case text(String)
    /// A complete tool call (arguments fully accumulated).
    case toolCall(ToolCall)
    /// The model stopped.
    case finished(ChatFinish)
}

/// Why and how a model's turn ended.
public struct ChatFinish: Sendable, Equatable {
    /// Why the model stopped, the same across providers:
    ///
    /// - `stop`: the answer is complete (a natural end or a stop sequence);
    /// - `length`: the output cap (``ChatRequest/maxTokens``, or the model's context) cut it off;
    /// - `tool_calls`: the model called tools and waits for their results;
    /// - `content_filter`: a safety, recitation or refusal block ended or replaced the answer;
    /// - anything else: the provider's own value, unchanged (Claude's `pause_turn`, Gemini's
    ///   `MALFORMED_FUNCTION_CALL`, Ollama's `load`, …); nil when the provider gave none.
    public var reason: String?
    /// Prompt tokens, if reported.
    public var inputTokens: Int?
    /// Generated tokens, if reported.
    public var outputTokens: Int?

    public init(reason: String?, inputTokens: Int? = nil, outputTokens: Int? = nil) {
        self.reason = reason
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
    }
}
