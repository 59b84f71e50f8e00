import MemLayerStore

/// The JSON `data` of one event of a Messages stream (Messages streaming reference;
/// anthropic-sdk-python `RawMessageStreamEvent`). One flat shape covers every event type;
/// each type fills its own fields:
///
/// - `message_start`: `message` (a Message with empty content, and its `usage.input_tokens`);
/// - `content_block_start`: `index`, `content_block` (`text`, or `tool_use` with `id`, `name`
///   and an empty `input` placeholder);
/// - `content_block_delta`: `index`, `delta` (`text_delta` with `text`, `input_json_delta` with
///   `partial_json`, and thinking deltas MemLayer ignores);
/// - `content_block_stop`: `index`;
/// - `message_delta`: `delta` (`stop_reason`, `stop_sequence`), `usage` (cumulative counts);
/// - `message_stop`, `ping`: nothing else;
/// - `error`: `error` (`type`, `message`).
struct ClaudeStreamEvent: Decodable {
    var type: String
    var index: Int?
    var message: MessageStart?
    var contentBlock: ContentBlock?
    var delta: Delta?
    var usage: Usage?
    var error: ClaudeErrorBody.Detail?

    enum CodingKeys: String, CodingKey {
        case type, index, message, delta, usage, error
        case contentBlock = "content_block"
    }

    struct MessageStart: Decodable {
        var usage: Usage?
    }

    struct ContentBlock: Decodable {
        var type: String
        var id: String?
        var name: String?
        var text: String?
        var input: JSONValue?
    }

    /// A content block delta or a message delta; the fields of the other kind stay nil.
    struct Delta: Decodable {
        var type: String?
        var text: String?
        var partialJSON: String?
        var stopReason: String?

        enum CodingKeys: String, CodingKey {
            case type, text
            case partialJSON = "partial_json"
            case stopReason = "stop_reason"
        }
    }

    struct Usage: Decodable {
        var inputTokens: Int?
        var outputTokens: Int?
        var cacheCreationInputTokens: Int?
        var cacheReadInputTokens: Int?

        enum CodingKeys: String, CodingKey {
            case inputTokens = "input_tokens"
            case outputTokens = "output_tokens"
            case cacheCreationInputTokens = "cache_creation_input_tokens"
            case cacheReadInputTokens = "cache_read_input_tokens"
        }

        /// Every prompt token, cached or not: `input_tokens` counts only those after the last
        /// cache breakpoint.
        var promptTokens: Int? {
            guard let inputTokens else { return nil }
            return inputTokens + (cacheCreationInputTokens ?? 0) + (cacheReadInputTokens ?? 0)
        }
    }
}
