import Foundation

/// Reads a `streamGenerateContent?alt=sse` stream: each event a `GenerateContentResponse` with
/// the next parts of the first candidate, the last one carrying `finishReason` and usage.
///
/// Text parts go out as they come (thought summaries are skipped). Function calls arrive whole;
/// each gets an id from the ``GeminiCallLedger``, which also keeps its `thoughtSignature`. The
/// stream has no end marker, so a body that ends before any `finishReason` is incomplete.
struct GeminiStreamParser: SSEChatParser {
    static let provider = "Gemini"

    let ledger: GeminiCallLedger
    private var finishReason: String?
    private var promptTokens: Int?
    private var outputTokens: Int?
    private var calledTools = false

    init(ledger: GeminiCallLedger) {
        self.ledger = ledger
    }

    mutating func consume(_ sse: SSEEvent) throws(ProviderError) -> [ChatEvent] {
        let chunk = try Self.decode(sse)
        if let error = chunk.error { throw Self.streamError(error) }
        if let reason = chunk.promptFeedback?.blockReason {
            throw ProviderError(
                .badRequest, provider: Self.provider,
                "The prompt was blocked (blockReason \(reason)), so nothing was generated; rephrase the request or "
                    + "remove what the safety filters object to.")
        }
        if let usage = chunk.usageMetadata {
            promptTokens = usage.promptTokenCount ?? promptTokens
            outputTokens = usage.candidatesTokenCount ?? outputTokens
        }
        guard let candidate = chunk.candidates?.first else { return [] }
        var events: [ChatEvent] = []
        for part in candidate.content?.parts ?? [] {
            if let call = part.functionCall {
                calledTools = true
                let id = ledger.register(serviceID: call.id, thoughtSignature: part.thoughtSignature)
                let arguments = call.args.map(\.jsonText) ?? "{}"
                events.append(.toolCall(ToolCall(id: id, name: call.name, argumentsJSON: arguments)))
            } else if let text = part.text, !text.isEmpty, part.thought != true {
                events.append(.text(text))
            }
        }
        if let reason = candidate.finishReason { finishReason = reason }
        return events
    }

    func finish() throws(ProviderError) -> [ChatEvent] {
        guard let finishReason else {
            throw ProviderError(
                .interrupted, provider: Self.provider,
                "The stream ended without a finishReason, so the answer is incomplete; try again.")
        }
        return [
            .finished(
                ChatFinish(
                    reason: Self.normalized(finishReason, calledTools: calledTools), inputTokens: promptTokens,
                    outputTokens: outputTokens))
        ]
    }

    /// `STOP` → `stop`, or `tool_calls` when the turn called functions (Gemini says `STOP` for
    /// both); `MAX_TOKENS` → `length`; the blocks of google-genai's `FinishReason` (safety,
    /// recitation, blocklist, prohibited content, SPII, and their image forms) →
    /// `content_filter`; anything else (`MALFORMED_FUNCTION_CALL`, `LANGUAGE`, …) as sent.
    static func normalized(_ reason: String, calledTools: Bool) -> String {
        switch reason {
        case "STOP": calledTools ? "tool_calls" : "stop"
        case "MAX_TOKENS": "length"
        case _ where blockReasons.contains(reason): "content_filter"
        default: reason
        }
    }

    /// Finish reasons that mean a filter stopped the answer.
    static let blockReasons: Set<String> = [
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY",
        "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
    ]

    private static func streamError(_ detail: GeminiErrorBody.Detail) -> ProviderError {
        ProviderError(
            brokenOff: GeminiErrorBody.kind(of: detail), provider: provider, carrier: "an error",
            summary: detail.summary)
    }

    private static func decode(_ sse: SSEEvent) throws(ProviderError) -> GeminiStreamChunk {
        do {
            return try JSONDecoder().decode(GeminiStreamChunk.self, from: Data(sse.data.utf8))
        } catch {
            let excerpt = sse.data.count > 120 ? String(sse.data.prefix(119)) + "…" : sse.data
            throw ProviderError(
                .malformedResponse, provider: provider,
                "The stream does not follow the streamGenerateContent protocol: an event that is not a "
                    + "GenerateContentResponse (\(excerpt)).")
        }
    }
}
