/// One request to a chat model: everything a provider turns into its wire format.
public struct ChatRequest: Sendable, Equatable {
    /// What the model is asked to produce.
    public enum ResponseFormat: Sendable, Equatable {
        /// Free text (the default).
        case text
        /// A JSON object (the provider's JSON mode where it has one; otherwise the prompt asks).
        case jsonObject
        /// A JSON object that follows `schema` (a JSON Schema object), named `name`: the
        /// provider's schema-constrained output where it has one (Ollama `format`, OpenAI
        /// `response_format` `json_schema`, Gemini `responseSchema`, Claude a forced tool),
        /// otherwise JSON mode.
        case jsonSchema(name: String, schema: JSONValue)

        /// True for every form that asks for JSON.
        public var wantsJSON: Bool {
            switch self {
            case .text: false
            case .jsonObject, .jsonSchema: true
            }
        }
    }

    /// Whether a model that can think (reason before answering) should.
    public enum Thinking: Sendable, Equatable {
        /// Whatever the model and server do by default.
        case modelDefault
        /// Off, or as little as the API allows: for short structured work (extraction) whose
        /// token cap thinking would otherwise spend.
        case minimal
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
    /// Whether the model should think first; see ``Thinking``.
    public var thinking: Thinking

    public init(
        system: String? = nil, messages: [ChatMessage], tools: [ToolDefinition] = [], temperature: Double? = nil,
        maxTokens: Int? = nil, responseFormat: ResponseFormat = .text, thinking: Thinking = .modelDefault
    ) {
        self.system = system
        self.messages = messages
        self.tools = tools
        self.temperature = temperature
        self.maxTokens = maxTokens
        self.responseFormat = responseFormat
        self.thinking = thinking
    }
}
