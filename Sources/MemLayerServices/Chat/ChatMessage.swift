/// One message of a conversation, in a provider-neutral form.
public struct ChatMessage: Sendable, Equatable {
    /// Who wrote the message.
    public enum Role: String, Sendable, Equatable {
        case system, user, assistant, tool
    }

    public var role: Role
    /// The text; empty for an assistant message that only calls tools.
    public var content: String
    /// Tools the assistant called in this message.
    public var toolCalls: [ToolCall]
    /// For a `.tool` message: the id of the call it answers.
    public var toolCallID: String?
    /// For a `.tool` message: the name of the tool that produced it (Gemini and Ollama need it).
    public var toolName: String?

    public init(
        role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, toolName: String? = nil
    ) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.toolName = toolName
    }

    /// A message from the user.
    public static func user(_ text: String) -> ChatMessage { ChatMessage(role: .user, content: text) }
    /// A message from the assistant.
    public static func assistant(_ text: String, toolCalls: [ToolCall] = []) -> ChatMessage {
        ChatMessage(role: .assistant, content: text, toolCalls: toolCalls)
    }
    /// A system message (merged into the provider's system prompt).
    public static func system(_ text: String) -> ChatMessage { ChatMessage(role: .system, content: text) }
    /// The result of running the tool call `call`.
    public static func toolResult(for call: ToolCall, content: String) -> ChatMessage {
        ChatMessage(role: .tool, content: content, toolCallID: call.id, toolName: call.name)
    }
}

/// A model's request to run a tool.
public struct ToolCall: Sendable, Equatable {
    /// The provider's id for the call (generated when the provider has none, as Ollama and
    /// Gemini do not), used to match the result to the call.
    public var id: String
    public var name: String
    /// The arguments as JSON text, exactly as the model wrote them (may be invalid JSON).
    public var argumentsJSON: String

    public init(id: String, name: String, argumentsJSON: String) {
        self.id = id
        self.name = name
        self.argumentsJSON = argumentsJSON
    }
}

/// A tool the model may call, described by a JSON Schema of its parameters.
public struct ToolDefinition: Sendable, Equatable {
    public var name: String
    public var description: String
    /// A JSON Schema object (`{"type": "object", "properties": {...}, "required": [...]}`).
    public var parameters: JSONValue

    public init(name: String, description: String, parameters: JSONValue) {
        self.name = name
        self.description = description
        self.parameters = parameters
    }
}
