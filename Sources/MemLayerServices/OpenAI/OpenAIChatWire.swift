import Foundation
import MemLayerStore

/// The body of `POST /chat/completions` (openai-openapi `CreateChatCompletionRequest`; the
/// openai-python types under `types/chat/`).
struct OpenAIChatRequestBody: Encodable {
    var model: String
    var messages: [Message]
    var stream = true
    /// Asks for the last chunk with `usage` (and empty `choices`) before `[DONE]`.
    var includeUsage = true
    var tools: [FunctionTool]
    /// How JSON is asked for; nil for free text.
    var responseFormat: ResponseFormat?
    var temperature: Double?
    /// `none` … `max` for reasoning models; nil for the model's default.
    var reasoningEffort: String?
    /// The token limit and the field it goes in: OpenAI deprecated `max_tokens` in favour of
    /// `max_completion_tokens` (its reasoning models reject the old name), while compatible
    /// servers know `max_tokens`.
    var maxTokens: Int?
    var maxTokensField: TokenLimitField

    enum TokenLimitField: String, Sendable {
        case maxTokens = "max_tokens"
        case maxCompletionTokens = "max_completion_tokens"
    }

    /// One message. `content` is always a string: an assistant message that only calls tools
    /// carries `""`, since some compatible servers reject the `null` the spec allows.
    struct Message: Encodable {
        var role: String
        var content: String
        var toolCalls: [ToolCall] = []
        /// For a `tool` message: the id of the call it answers (required).
        var toolCallID: String?

        enum CodingKeys: String, CodingKey {
            case role, content
            case toolCalls = "tool_calls"
            case toolCallID = "tool_call_id"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(role, forKey: .role)
            try container.encode(content, forKey: .content)
            if !toolCalls.isEmpty { try container.encode(toolCalls, forKey: .toolCalls) }
            try container.encodeIfPresent(toolCallID, forKey: .toolCallID)
        }
    }

    /// `ChatCompletionMessageFunctionToolCallParam`: arguments are JSON *text*.
    struct ToolCall: Encodable {
        var id: String
        var type = "function"
        var function: Function

        struct Function: Encodable {
            var name: String
            var arguments: String
        }
    }

    private struct StreamOptions: Encodable {
        var includeUsage: Bool

        enum CodingKeys: String, CodingKey {
            case includeUsage = "include_usage"
        }
    }

    /// `{"type": "json_object"}`, or `{"type": "json_schema", "json_schema": {"name", "schema"}}`
    /// (openai-python `ResponseFormatJSONSchema`): the caller's schema, or that of any object,
    /// which means the same as `json_object`.
    enum ResponseFormat: Encodable, Equatable {
        case jsonObject
        case jsonSchema(name: String, schema: JSONValue)

        /// `json_schema` with the schema of any object, for servers without `json_object`.
        static let anyObject = ResponseFormat.jsonSchema(name: "object", schema: .object(["type": .string("object")]))

        private struct JSONSchema: Encodable {
            var name: String
            var schema: JSONValue
        }

        enum CodingKeys: String, CodingKey {
            case type
            case jsonSchema = "json_schema"
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            switch self {
            case .jsonObject:
                try container.encode("json_object", forKey: .type)
            case .jsonSchema(let name, let schema):
                try container.encode("json_schema", forKey: .type)
                try container.encode(JSONSchema(name: name, schema: schema), forKey: .jsonSchema)
            }
        }
    }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ name: String) { stringValue = name }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        try container.encode(model, forKey: Key("model"))
        try container.encode(messages, forKey: Key("messages"))
        try container.encode(stream, forKey: Key("stream"))
        if includeUsage { try container.encode(StreamOptions(includeUsage: true), forKey: Key("stream_options")) }
        if !tools.isEmpty { try container.encode(tools, forKey: Key("tools")) }
        try container.encodeIfPresent(responseFormat, forKey: Key("response_format"))
        try container.encodeIfPresent(temperature, forKey: Key("temperature"))
        try container.encodeIfPresent(reasoningEffort, forKey: Key("reasoning_effort"))
        try container.encodeIfPresent(maxTokens, forKey: Key(maxTokensField.rawValue))
    }
}

/// One `data:` payload of the stream (`ChatCompletionChunk`), or an `{"error": {…}}` payload.
struct OpenAIChatChunk: Decodable {
    var choices: [Choice]?
    var usage: Usage?
    var error: JSONValue?

    struct Choice: Decodable {
        var index: Int?
        var delta: Delta?
        var finishReason: String?

        enum CodingKeys: String, CodingKey {
            case index, delta
            case finishReason = "finish_reason"
        }
    }

    struct Delta: Decodable {
        var content: String?
        var refusal: String?
        var toolCalls: [ToolCallDelta]?

        enum CodingKeys: String, CodingKey {
            case content, refusal
            case toolCalls = "tool_calls"
        }
    }

    /// A fragment of a tool call: `index` says which call; `id` and `function.name` come in its
    /// first fragment, `function.arguments` in pieces after.
    struct ToolCallDelta: Decodable {
        var index: Int?
        var id: String?
        var function: FunctionDelta?
    }

    struct FunctionDelta: Decodable {
        var name: String?
        var arguments: String?

        enum CodingKeys: String, CodingKey {
            case name, arguments
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            // The spec says text; a few compatible servers send the arguments as an object.
            if let text = try? container.decodeIfPresent(String.self, forKey: .arguments) {
                arguments = text
            } else {
                arguments = try container.decodeIfPresent(JSONValue.self, forKey: .arguments).map(\.jsonText)
            }
        }
    }

    struct Usage: Decodable {
        var promptTokens: Int?
        var completionTokens: Int?

        enum CodingKeys: String, CodingKey {
            case promptTokens = "prompt_tokens"
            case completionTokens = "completion_tokens"
        }
    }
}
