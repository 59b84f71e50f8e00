import Foundation

/// Reads a Chat Completions stream: server-sent events whose `data:` is a
/// `chat.completion.chunk` (text in `choices[0].delta.content`, tool calls as fragments in
/// `delta.tool_calls`, then `finish_reason`), a last chunk with `usage` and empty `choices`, and
/// `data: [DONE]`. A `data: {"error": {…}}` payload (OpenAI, llama.cpp) ends the stream with an
/// error even though the status was 200.
struct OpenAIChatDecoder: ChatResponseDecoder {
    /// The provider's name for errors.
    let provider: String
    private var sse = SSEDecoder()
    private var toolCalls = OpenAIToolCallAccumulator()
    private var toolCallCount = 0
    private var finishReason: String?
    private var inputTokens: Int?
    private var outputTokens: Int?
    private var sawEvent = false
    /// Whether the model refused (Structured Outputs' `refusal`) instead of answering.
    private var refused = false
    /// The start of the body, to show when it turns out not to be an event stream.
    private var head = Data()
    private(set) var isComplete = false
    /// Reused for every event, rather than set up anew per token.
    private let json = JSONDecoder()

    init(provider: String) {
        self.provider = provider
    }

    mutating func feed(_ chunk: Data, into events: inout [ChatEvent]) throws {
        if head.count < 200 { head += chunk.prefix(200 - head.count) }
        for event in try sse.feed(chunk) where !isComplete {
            try handle(event, into: &events)
        }
    }

    mutating func finish(into events: inout [ChatEvent]) throws {
        if !isComplete, let last = try sse.finish() {
            try handle(last, into: &events)
        }
        if isComplete { return }
        // Some servers close without `[DONE]`; a finished choice is still a whole answer.
        if finishReason != nil { return complete(into: &events) }
        // A JSON or HTML body where events were expected (a proxy's page, a server that
        // ignored `stream`) is a different failure from a stream cut short.
        if !sawEvent, let first = head.first(where: { ![0x20, 0x09, 0x0A, 0x0D].contains($0) }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "<")
        {
            throw ProviderError(
                .malformedResponse, provider: provider,
                "the answer is not an event stream of chat completion chunks: \(excerpt(head))")
        }
        throw ProviderError(
            .interrupted, provider: provider,
            "the answer stream ended before the model finished (no finish_reason, no [DONE]); the answer is "
                + "incomplete, try again")
    }

    private mutating func handle(_ event: SSEEvent, into events: inout [ChatEvent]) throws {
        sawEvent = true
        let data = event.data.trimmingCharacters(in: .whitespaces)
        if data == "[DONE]" { return complete(into: &events) }
        if event.event == "error" {
            let payload = JSONValue(parsing: data) ?? .string(data)
            throw serviceFailure(payload["error"] ?? payload)
        }
        let chunk: OpenAIChatChunk
        do {
            chunk = try json.decode(OpenAIChatChunk.self, from: Data(data.utf8))
        } catch {
            throw ProviderError(
                .malformedResponse, provider: provider,
                "an event of the answer stream is not the expected JSON: \(excerpt(Data(data.utf8)))")
        }
        if let error = chunk.error { throw serviceFailure(error) }
        if let usage = chunk.usage {
            inputTokens = usage.promptTokens ?? inputTokens
            outputTokens = usage.completionTokens ?? outputTokens
        }
        // MemLayer never asks for more than one choice (`n`); others are ignored.
        for choice in chunk.choices ?? [] where (choice.index ?? 0) == 0 {
            if let text = choice.delta?.content, !text.isEmpty { events.append(.text(text)) }
            if let refusal = choice.delta?.refusal, !refusal.isEmpty {
                refused = true
                events.append(.text(refusal))
            }
            if let fragments = choice.delta?.toolCalls { toolCalls.add(fragments) }
            if let reason = choice.finishReason {
                finishReason = reason
                drainToolCalls(into: &events)
            }
        }
    }

    private mutating func drainToolCalls(into events: inout [ChatEvent]) {
        let calls = toolCalls.drain()
        toolCallCount += calls.count
        events += calls.map(ChatEvent.toolCall)
    }

    private mutating func complete(into events: inout [ChatEvent]) {
        isComplete = true
        drainToolCalls(into: &events)
        events.append(.finished(ChatFinish(reason: reason, inputTokens: inputTokens, outputTokens: outputTokens)))
    }

    /// `function_call` is the deprecated name of `tool_calls`; some compatible servers say `stop`
    /// after tool calls. The chat loop only needs to know that calls are pending. A refusal ends
    /// with `stop` on the wire, but the text is the refusal, not the answer: `content_filter`.
    private var reason: String? {
        switch finishReason {
        case "function_call": "tool_calls"
        case "stop", nil:
            if toolCallCount > 0 { "tool_calls" } else if refused { "content_filter" } else { finishReason }
        default: finishReason
        }
    }

    /// An error the service reported inside the stream: OpenAI's `{"message", "type", "param",
    /// "code"}` object, llama.cpp's `{"code", "message", "type"}`, or a bare string.
    private func serviceFailure(_ error: JSONValue) -> ProviderError {
        var text = error.stringValue ?? error["message"]?.stringValue ?? error.jsonText
        if let type = error["type"]?.stringValue, !type.isEmpty { text += " (\(type))" }
        return ProviderError(.server, provider: provider, "the service failed mid-answer: \(text)")
    }

    private func excerpt(_ data: Data) -> String {
        let text = String(decoding: data.prefix(200), as: UTF8.self)
            .split(whereSeparator: \.isNewline).joined(separator: " ")
        return "\"\(text)\(data.count > 200 ? "…" : "")\""
    }
}
