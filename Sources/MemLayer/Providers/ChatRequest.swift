/// One request to a chat model: everything a provider turns into its wire format.
public struct ChatRequest: Sendable, Equatable {
    /// What the model is asked to produce.
    public enum ResponseFormat: Sendable, Equatable {
        /// Free text (the default).
        case text
        /// A JSON object (the provider's JSON mode where it has one; otherwise the prompt asks).
        case jsonObject
    }

    /// The system prompt (instructions, date and time, reminders).
    public var system: String?
    /// The whole conversation, oldest first; never only the last message.
    public var messages: [ChatMessage]
    /// Tools the model may call; empty for none.
    public var tools: [ToolDefinition]
    public var temperature: Double?
    /// Upper bound on generated tokens (required by some providers; they pick a default).
    public var maxTokens: Int?
    public var responseFormat: ResponseFormat

    public init(
        system: String? = nil, messages: [ChatMessage], tools: [ToolDefinition] = [], temperature: Double? = nil,
        maxTokens: Int? = nil, responseFormat: ResponseFormat = .text
    ) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.responseFormat = responseFormat
    }
}
