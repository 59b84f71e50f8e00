/// One `data:` event of a `streamGenerateContent?alt=sse` stream: a whole
/// `GenerateContentResponse` (Gemini API reference; google-genai `types.GenerateContentResponse`)
/// holding the next piece of the answer. A stream may also end with an error object instead.
struct GeminiStreamChunk: Decodable {
    var candidates: [Candidate]?
    var promptFeedback: PromptFeedback?
    var usageMetadata: UsageMetadata?
    var error: GeminiErrorBody.Detail?

    struct Candidate: Decodable {
        var content: Content?
        /// `STOP`, `MAX_TOKENS`, `SAFETY`, `RECITATION`, `MALFORMED_FUNCTION_CALL`, …; set on the
        /// candidate's last chunk only (`STOP` also ends a turn of function calls).
        var finishReason: String?
    }

    struct Content: Decodable {
        var parts: [Part]?
        var role: String?
    }

    struct Part: Decodable {
        var text: String?
        /// True for a thought summary, which is not part of the answer.
        var thought: Bool?
        var functionCall: FunctionCall?
        /// The opaque signature of the model's reasoning up to this part (Gemini 2.5 and 3).
        var thoughtSignature: String?
    }

    struct FunctionCall: Decodable {
        /// Usually absent on the Developer API.
        var id: String?
        var name: String
        var args: JSONValue?
    }

    /// Present when the prompt itself was refused; there are no candidates then.
    struct PromptFeedback: Decodable {
        var blockReason: String?
    }

    struct UsageMetadata: Decodable {
        var promptTokenCount: Int?
        var candidatesTokenCount: Int?
    }
}
