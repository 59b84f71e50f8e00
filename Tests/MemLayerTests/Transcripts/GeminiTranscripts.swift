// Gemini `streamGenerateContent?alt=sse` streams, byte for byte as Google sends them: one
// `data:` line per GenerateContentResponse, CRLF line endings, Google's JSON spacing
// (`"key": value` with `,` between members), no end marker. Shapes from the Gemini API reference
// (GenerateContentResponse, Candidate, Part, FunctionCall, UsageMetadata, PromptFeedback), the
// thought-signatures guide (the signature is a sibling of `functionCall` in its part, on the first
// call of a turn only), and Google's error model (google.rpc.Status, pretty-printed).
// Swift constants rather than files: see OllamaTranscripts.swift.

/// Gemini `POST /v1beta/models/{model}:streamGenerateContent?alt=sse` transcripts.
enum GeminiTranscripts {
    /// One SSE event as Google frames it.
    static func event(_ json: String) -> String {
        "data: \(json)\r\n\r\n"
    }

    static let responseID = #""modelVersion": "gemini-2.5-flash","responseId": "kD8naf6aFI2Cm9IPz7qgoAY""#

    /// A chunk holding `parts` (JSON), with a finish reason when given.
    static func chunk(_ parts: String, finishReason: String? = nil, prompt: Int = 8, candidates: Int? = nil) -> String {
        let finish = finishReason.map { #","finishReason": "\#($0)""# } ?? ""
        let output = candidates.map { #","candidatesTokenCount": \#($0)"# } ?? ""
        let total = prompt + (candidates ?? 0)
        return event(
            #"{"candidates": [{"content": {"parts": \#(parts),"role": "model"}\#(finish),"index": 0}],"usageMetadata": {"promptTokenCount": \#(prompt)\#(output),"totalTokenCount": \#(total),"promptTokensDetails": [{"modality": "TEXT","tokenCount": \#(prompt)}]},\#(responseID)}"#
        )
    }

    /// A text part; `text` must already be escaped for JSON.
    static func text(_ text: String) -> String { #"[{"text": "\#(text)"}]"# }

    /// A plain answer in two chunks, the last with `STOP` and usage.
    static let plainAnswer =
        chunk(text("Hello")) + chunk(text(" there! How can I help?"), finishReason: "STOP", candidates: 9)

    /// A Gemini 3 function call with its thought signature, in one chunk.
    static let signature = "CiQB0e2Kb5y8vX+GqN3wTf1rV9mL0sPoZc7Uj2Wk4Hb6yQ1eRtASPgEB0e2Kbw=="
    static let functionCall = chunk(
        #"[{"functionCall": {"name": "get_weather","args": {"location": "San Francisco, CA","unit": "fahrenheit"}},"thoughtSignature": "\#(signature)"}]"#,
        finishReason: "STOP", prompt: 61, candidates: 18)

    /// Text, then two parallel calls: only the first carries a signature; the second has no args.
    static let twoFunctionCalls =
        chunk(text("Let me look both up."), prompt: 70)
        + chunk(
            #"[{"functionCall": {"name": "get_weather","args": {"location": "Paris"}},"thoughtSignature": "\#(signature)"},{"functionCall": {"name": "get_time"}}]"#,
            finishReason: "STOP", prompt: 70, candidates: 21)

    /// Multi-byte text across chunks for the chunk-boundary test.
    static let unicodeTexts = ["Grü", "ße aus 世", "界 👋", " — ok"]
    static let unicode =
        unicodeTexts.dropLast().map { chunk(text($0)) }.joined()
        + chunk(text(unicodeTexts.last!), finishReason: "STOP", candidates: 11)

    /// A thought summary (skipped) before the answer, as sent with `includeThoughts`.
    static let withThought =
        chunk(#"[{"text": "**Greeting the user**\n\nThe user said hi.","thought": true}]"#)
        + chunk(text("Hi!"), finishReason: "STOP", candidates: 2)

    static let maxTokens = chunk(text("Once upon"), finishReason: "MAX_TOKENS", candidates: 2)

    static let safety = chunk(text("I can"), finishReason: "SAFETY", candidates: 2)

    /// An answer stopped for quoting its sources too closely (`RECITATION`, an empty last part).
    static let recitation = chunk(text("It was the best")) + chunk(#"[{"text": ""}]"#, finishReason: "RECITATION")

    /// A function call Gemini could not form (google-genai `FinishReason.MALFORMED_FUNCTION_CALL`).
    static let malformedCall = chunk(#"[{"text": ""}]"#, finishReason: "MALFORMED_FUNCTION_CALL", candidates: 0)

    /// The prompt itself was blocked: no candidates, only `promptFeedback`.
    static let promptBlocked = event(
        #"{"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},"usageMetadata": {"promptTokenCount": 7,"totalTokenCount": 7},\#(responseID)}"#
    )

    /// A stream that breaks off with an error object after some text.
    static let errorMidStream =
        chunk(text("Hel"))
        + event(
            #"{"error": {"code": 503,"message": "The model is overloaded. Please try again later.","status": "UNAVAILABLE"}}"#
        )

    /// A stream whose body ends cleanly but without any `finishReason`.
    static let noFinishReason = chunk(text("Hello"))

    // MARK: Error bodies (google.rpc.Status as Google's front end prints it)

    static func errorBody(_ code: Int, _ status: String, _ message: String, details: String? = nil) -> String {
        let detailsText = details.map { ",\n    \"details\": \($0)" } ?? ""
        return """
            {
              "error": {
                "code": \(code),
                "message": "\(message)",
                "status": "\(status)"\(detailsText)
              }
            }

            """
    }

    static let invalidKey = errorBody(
        400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.",
        details: #"""
            [
                  {
                    "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                    "reason": "API_KEY_INVALID",
                    "domain": "googleapis.com",
                    "metadata": {
                      "service": "generativelanguage.googleapis.com"
                    }
                  }
                ]
            """#)
    static let invalidArgument = errorBody(
        400, "INVALID_ARGUMENT",
        "* GenerateContentRequest.generation_config.max_output_tokens: max_output_tokens must be positive.\\n")
    static let permissionDenied = errorBody(
        403, "PERMISSION_DENIED",
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."
    )
    static let modelNotFound = errorBody(
        404, "NOT_FOUND",
        "models/gemini-9-pro is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods."
    )
    static let quotaExhausted = errorBody(
        429, "RESOURCE_EXHAUSTED",
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
    )
    static let internalError = errorBody(
        500, "INTERNAL",
        "An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting"
    )
    static let overloaded = errorBody(503, "UNAVAILABLE", "The model is overloaded. Please try again later.")
}
