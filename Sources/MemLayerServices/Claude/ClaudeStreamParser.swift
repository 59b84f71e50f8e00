import Foundation

/// Reads a Messages stream: `message_start`, content blocks (each `content_block_start`, deltas,
/// `content_block_stop`), `message_delta`, then `message_stop`, with `ping`s anywhere.
///
/// Text deltas go out as they come. A tool call goes out whole at its block's
/// `content_block_stop`, its `input_json_delta` fragments joined in order (they are not valid
/// JSON until then). A stream that ends without `message_stop` is incomplete.
///
/// The call of ``answerTool`` (the forced tool of a JSON Schema answer) is no call: its input
/// goes out as `.text`, and the turn finishes with `stop`, so callers that read text keep working.
struct ClaudeStreamParser: SSEChatParser {
    static let provider = "Claude"

    /// The name of the forced tool whose input is the answer, if the request asked for one.
    let answerTool: String?
    private var toolCallCount = 0

    init(answerTool: String? = nil) {
        self.answerTool = answerTool
    }

    private var toolBlocks: [Int: ToolBlock] = [:]
    private var inputTokens: Int?
    private var outputTokens: Int?
    private var stopReason: String?
    private(set) var isComplete = false

    private struct ToolBlock {
        var id: String
        var name: String
        var json = ""
        /// The `input` of `content_block_start`: `{}` when streamed, but kept in case a block
        /// arrives whole.
        var initialInput: JSONValue?
    }

    mutating func consume(_ sse: SSEEvent) throws(ProviderError) -> [ChatEvent] {
        guard !isComplete else { return [] }
        let event = try Self.decode(sse)
        switch event.type {
        case "message_start":
            if let usage = event.message?.usage { note(usage) }
        case "content_block_start":
            let block = try Self.require(event.contentBlock, "content_block", in: event)
            let index = try Self.require(event.index, "index", in: event)
            if block.type == "tool_use" {
                toolBlocks[index] = ToolBlock(
                    id: try Self.require(block.id, "content_block.id", in: event),
                    name: try Self.require(block.name, "content_block.name", in: event),
                    initialInput: block.input)
            } else if block.type == "text", let text = block.text, !text.isEmpty {
                return [.text(text)]
            }
        case "content_block_delta":
            let delta = try Self.require(event.delta, "delta", in: event)
            switch delta.type {
            case "text_delta":
                if let text = delta.text, !text.isEmpty { return [.text(text)] }
            case "input_json_delta":
                let index = try Self.require(event.index, "index", in: event)
                toolBlocks[index]?.json += delta.partialJSON ?? ""
            default:
                break  // thinking, signature and citation deltas are not part of the answer
            }
        case "content_block_stop":
            let index = try Self.require(event.index, "index", in: event)
            if let block = toolBlocks.removeValue(forKey: index) {
                let call = Self.call(block)
                if let answerTool, call.name == answerTool { return [.text(call.argumentsJSON)] }
                toolCallCount += 1
                return [.toolCall(call)]
            }
        case "message_delta":
            if let reason = event.delta?.stopReason { stopReason = reason }
            if let usage = event.usage { note(usage) }
        case "message_stop":
            isComplete = true
            return [
                .finished(
                    ChatFinish(
                        reason: finishReason, inputTokens: inputTokens, outputTokens: outputTokens))
            ]
        case "error":
            throw Self.streamError(event.error)
        default:
            break  // `ping`, and event types added later: the API's versioning policy allows new ones
        }
        return []
    }

    func finish() throws(ProviderError) -> [ChatEvent] {
        guard isComplete else {
            throw ProviderError(
                .interrupted, provider: Self.provider,
                "The stream ended before message_stop, so the answer is incomplete; try again.")
        }
        return []
    }

    /// ``normalized(_:)``, except that a turn whose only call was the answer tool is complete.
    private var finishReason: String? {
        let reason = Self.normalized(stopReason)
        return reason == "tool_calls" && toolCallCount == 0 && answerTool != nil ? "stop" : reason
    }

    /// Usage counts are cumulative; a later event's non-zero count replaces an earlier one.
    private mutating func note(_ usage: ClaudeStreamEvent.Usage) {
        if let prompt = usage.promptTokens, prompt > 0 || inputTokens == nil { inputTokens = prompt }
        if let output = usage.outputTokens { outputTokens = output }
    }

    private static func call(_ block: ToolBlock) -> ToolCall {
        var arguments = block.json
        if arguments.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            // A tool without parameters streams no fragments at all.
            if case .object(let members)? = block.initialInput, !members.isEmpty {
                arguments = JSONValue.object(members).jsonText
            } else {
                arguments = "{}"
            }
        }
        return ToolCall(id: block.id, name: block.name, argumentsJSON: arguments)
    }

    /// `end_turn` and `stop_sequence` → `stop`; `max_tokens` and `model_context_window_exceeded`
    /// → `length`; `tool_use` → `tool_calls`; `refusal` → `content_filter`; anything else
    /// (`pause_turn`, …) as sent (anthropic-sdk-python `StopReason`).
    static func normalized(_ reason: String?) -> String? {
        switch reason {
        case "end_turn", "stop_sequence": "stop"
        case "max_tokens", "model_context_window_exceeded": "length"
        case "tool_use": "tool_calls"
        case "refusal": "content_filter"
        default: reason
        }
    }

    private static func streamError(_ detail: ClaudeErrorBody.Detail?) -> ProviderError {
        ProviderError(
            brokenOff: ClaudeErrorBody.kind(ofType: detail?.type), provider: provider, carrier: "an error event",
            summary: detail?.summary)
    }

    private static func decode(_ sse: SSEEvent) throws(ProviderError) -> ClaudeStreamEvent {
        do {
            return try JSONDecoder().decode(ClaudeStreamEvent.self, from: Data(sse.data.utf8))
        } catch {
            throw malformed("an event that is not the expected JSON (\(excerpt(sse)))")
        }
    }

    private static func require<T>(
        _ value: T?, _ name: String, in event: ClaudeStreamEvent
    ) throws(ProviderError) -> T {
        guard let value else { throw malformed("a \(event.type) event without \(name)") }
        return value
    }

    private static func malformed(_ what: String) -> ProviderError {
        ProviderError(
            .malformedResponse, provider: provider, "The stream does not follow the Messages protocol: \(what).")
    }

    private static func excerpt(_ sse: SSEEvent) -> String {
        let name = sse.event.map { "event \($0): " } ?? ""
        return name + (sse.data.count > 120 ? String(sse.data.prefix(119)) + "…" : sse.data)
    }
}
