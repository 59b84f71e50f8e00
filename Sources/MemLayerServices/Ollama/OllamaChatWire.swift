import Foundation
import MemLayerStore

/// The body of Ollama's `POST /api/chat` (docs/api.md "Generate a chat completion";
/// `api.ChatRequest` in api/types.go).
struct OllamaChatRequestBody: Encodable {
    var model: String
    var messages: [Message]
    var stream = true
    var tools: [FunctionTool]
    /// `"json"` for JSON mode, a JSON Schema object for structured output; absent for free text.
    var format: JSONValue?
    /// `false` to turn a thinking model's thinking off; absent for the model's default. (Ollama
    /// rejects only `true` for a model that cannot think, so `false` is safe for every model.)
    var think: Bool?
    var options: Options
    /// How long the model stays loaded afterwards, such as `"5m"`; absent for Ollama's default.
    var keepAlive: String?

    /// One chat message (`api.Message`).
    struct Message: Encodable {
        var role: String
        var content: String
        var toolCalls: [ToolCall] = []
        /// For a `tool` message: the tool that produced it, which is how Ollama matches results.
        var toolName: String?
        /// For a `tool` message: the call it answers (recent Ollama versions pass it to templates that
        /// want it; older servers ignore it).
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolName = "tool_name"
            case toolCallID = "tool_call_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            try container.encode(content, forKey: .content)
            if !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
            try container.encodeIfPresent(toolName, forKey: .toolName)
            try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        }
    }

    /// `api.ToolCall`: `{"id", "function": {"name", "arguments": {…}}}`, arguments an object.
    struct ToolCall: Encodable {
        var id: String
        var function: Function

        struct Function: Encodable {
            var name: String
            var arguments: JSONValue
        }
    }

    /// The model parameters MemLayer sets (Modelfile names).
    struct Options: Encodable {
        var temperature: Double?
        var numPredict: Int?
        var numContext: Int?

        var isEmpty: Bool { temperature == nil && numPredict == nil && numContext == nil }

        enum CodingKeys: String, CodingKey {
            case temperature
            case numPredict = "num_predict"
            case numContext = "num_ctx"
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, tools, format, think, options
        case keepAlive = "keep_alive"
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(model, forKey: .model)
        try container.encode(messages, forKey: .messages)
        try container.encode(stream, forKey: .stream)
        if !tools.isEmpty { try container.encode(tools, forKey: .tools) }
        try container.encodeIfPresent(format, forKey: .format)
        try container.encodeIfPresent(think, forKey: .think)
        if !options.isEmpty { try container.encode(options, forKey: .options) }
        try container.encodeIfPresent(keepAlive, forKey: .keepAlive)
    }
}

/// One line of the NDJSON answer (`api.ChatResponse`), or an `{"error": "…"}` line.
struct OllamaChatChunk: Decodable {
    var message: Message?
    var done: Bool?
    var doneReason: String?
    var promptEvalCount: Int?
    var evalCount: Int?
    /// Ollama's errors are strings; anything else is kept whole so it can still be shown.
    var error: JSONValue?

    struct Message: Decodable {
        var content: String?
        var toolCalls: [ToolCall]?

        enum CodingKeys: String, CodingKey {
            case content
            case toolCalls = "tool_calls"
        }
    }

    /// A complete call; `id` only from Ollama versions that generate one.
    struct ToolCall: Decodable {
        var id: String?
        var function: Function

        struct Function: Decodable {
            var name: String
            /// An object per the API; a proxy may send a JSON string instead.
            var arguments: JSONValue?
        }
    }

    enum CodingKeys: String, CodingKey {
        case message, done, error
        case doneReason = "done_reason"
        case promptEvalCount = "prompt_eval_count"
        case evalCount = "eval_count"
    }
}
