import Foundation

/// Reads Ollama's `/api/chat` stream: one JSON object per line, `message.content` deltas,
/// `message.tool_calls` (each call complete, arguments an object), and a last line with
/// `"done": true`, `done_reason` and the token counts. An `{"error": "…"}` line ends the stream
/// with an error even though the status was 200.
struct OllamaChatDecoder: ChatResponseDecoder {
    private var lines = NDJSONDecoder()
    private var toolCallCount = 0
    private(set) var isComplete = false
    /// Reused for every line, rather than set up anew per token.
    private let json = JSONDecoder()

    /// The provider's name for errors.
    let provider: String

    init(provider: String = "Ollama") {
        self.provider = provider
    }

    mutating func feed(_ chunk: Data, into events: inout [ChatEvent]) throws {
        for line in try lines.feed(chunk) where !isComplete {
            try decode(line, into: &events)
        }
    }

    mutating func finish(into events: inout [ChatEvent]) throws {
        if !isComplete, let last = lines.finish() {
            try decode(last, into: &events)
        }
        guard isComplete else {
            throw ProviderError(
                .interrupted, provider: provider,
                "the answer stream ended before Ollama said it was done (no line with \"done\": true); "
                    + "the answer is incomplete, try again")
        }
    }

    private mutating func decode(_ line: Data, into events: inout [ChatEvent]) throws {
        let chunk: OllamaChatChunk
        do {
            chunk = try json.decode(OllamaChatChunk.self, from: line)
        } catch {
            throw ProviderError(
                .malformedResponse, provider: provider,
                "a line of the answer stream is not the expected JSON: \(Self.excerpt(line))")
        }
        if let error = chunk.error {
            throw ProviderError(.server, provider: provider, "the model failed mid-answer: \(Self.describe(error))")
        }
        if let content = chunk.message?.content, !content.isEmpty {
            events.append(.text(content))
        }
        for call in chunk.message?.toolCalls ?? [] {
            events.append(.toolCall(toolCall(from: call)))
        }
        if chunk.done == true {
            isComplete = true
            events.append(
                .finished(
                    ChatFinish(
                        reason: finishReason(chunk.doneReason), inputTokens: chunk.promptEvalCount,
                        outputTokens: chunk.evalCount)))
        }
    }

    /// Ollama has no ids before recent versions: number the calls of this answer instead.
    private mutating func toolCall(from call: OllamaChatChunk.ToolCall) -> ToolCall {
        defer { toolCallCount += 1 }
        let id = call.id.flatMap { $0.isEmpty ? nil : $0 } ?? "call_\(toolCallCount)"
        let arguments: String
        switch call.function.arguments {
        case .string(let text)?: arguments = text
        case nil, .null?: arguments = "{}"
        case let value?: arguments = value.jsonText
        }
        return ToolCall(id: id, name: call.function.name, argumentsJSON: arguments)
    }

    /// Ollama says `stop` after tool calls too; the chat loop wants to know calls are pending.
    private func finishReason(_ raw: String?) -> String {
        let reason = raw.flatMap { $0.isEmpty ? nil : $0 } ?? "stop"
        return reason == "stop" && toolCallCount > 0 ? "tool_calls" : reason
    }

    static func describe(_ error: JSONValue) -> String {
        let text = error.stringValue ?? error["message"]?.stringValue ?? error.jsonText
        let oneLine = text.split(whereSeparator: \.isNewline).joined(separator: " ")
        return oneLine.count > 300 ? String(oneLine.prefix(299)) + "…" : oneLine
    }

    static func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self)
        return "\"\(text)\(data.count > 200 ? "…" : "")\""
    }
}
