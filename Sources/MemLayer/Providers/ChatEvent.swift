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
    /// The provider's reason, normalised: `stop`, `length`, `tool_calls`, or the raw value.
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
