import MemLayerStore

/// The body of Anthropic's `POST /v1/messages` with `stream: true` (Messages API reference;
/// anthropic-sdk-python `MessageCreateParams`): only the fields MemLayer sends.
struct ClaudeRequestBody: Encodable, Equatable {
    var model: String
    /// Required by the API; the provider picks a default when the request has none.
    var maxTokens: Int
    /// The system prompt as one top-level string (Claude has no `system` role in `messages`).
    var system: String?
    /// Alternating `user` and `assistant` turns.
    var messages: [Message]
    var tools: [Tool]?
    /// `{"type": "tool", "name": …}` to force one tool: how a JSON Schema answer is asked for.
    var toolChoice: ToolChoice?
    var temperature: Double?
    var stream = true

    enum CodingKeys: String, CodingKey {
        case model, system, messages, tools, temperature, stream
        case maxTokens = "max_tokens"
        case toolChoice = "tool_choice"
    }

    /// anthropic-sdk-python `ToolChoiceToolParam`.
    struct ToolChoice: Encodable, Equatable {
        var type = "tool"
        var name: String
    }

    /// One turn: `content` is a string for plain text, else an array of content blocks.
    struct Message: Encodable, Equatable {
        var role: String
        var content: [Block]

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            if content.count == 1, case .text(let text) = content[0] {
                try container.encode(text, forKey: .content)
            } else {
                try container.encode(content, forKey: .content)
            }
        }

        enum CodingKeys: String, CodingKey { case role, content }
    }

    /// A content block: `text`, an assistant's `tool_use`, or a user's `tool_result`.
    enum Block: Encodable, Equatable {
        case text(String)
        case toolUse(id: String, name: String, input: JSONValue)
        case toolResult(toolUseID: String, content: String)

        var isToolResult: Bool {
            if case .toolResult = self { return true }
            return false
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .text(let text):
                try container.encode("text", forKey: .type)
                try container.encode(text, forKey: .text)
            case .toolUse(let id, let name, let input):
                try container.encode("tool_use", forKey: .type)
                try container.encode(id, forKey: .id)
                try container.encode(name, forKey: .name)
                try container.encode(input, forKey: .input)
            case .toolResult(let toolUseID, let content):
                try container.encode("tool_result", forKey: .type)
                try container.encode(toolUseID, forKey: .toolUseID)
                try container.encode(content, forKey: .content)
            }
        }

        enum CodingKeys: String, CodingKey {
            case type, text, id, name, input, content
            case toolUseID = "tool_use_id"
        }
    }

    /// A client tool: name, description and the JSON Schema of its input.
    struct Tool: Encodable, Equatable {
        var name: String
        var description: String
        var inputSchema: JSONValue

        enum CodingKeys: String, CodingKey {
            case name, description
            case inputSchema = "input_schema"
        }
    }
}
