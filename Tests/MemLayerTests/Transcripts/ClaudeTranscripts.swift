// Anthropic Messages API streams, byte for byte as the service sends them: `event:` and `data:`
// lines, LF line endings, a blank line after each event, compact JSON, and the docs' `ping`
// written with a space (`{"type": "ping"}`). Shapes from the Messages streaming reference
// ("Basic streaming request", "Streaming request with tool use", "Error events") and the
// errors reference; field sets from anthropic-sdk-python's RawMessageStreamEvent types.
// Swift constants rather than files: see OllamaTranscripts.swift.

/// Anthropic `POST /v1/messages` (`stream: true`) transcripts.
enum ClaudeTranscripts {
    /// One SSE event as the API frames it.
    static func event(_ name: String, _ json: String) -> String {
        "event: \(name)\ndata: \(json)\n\n"
    }

    static func messageStart(inputTokens: Int = 25, cacheRead: Int = 0) -> String {
        event(
            "message_start",
            #"{"type":"message_start","message":{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant","model":"claude-sonnet-4-5-20250929","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":\#(inputTokens),"cache_creation_input_tokens":0,"cache_read_input_tokens":\#(cacheRead),"output_tokens":1,"service_tier":"standard"}}}"#
        )
    }

    static let ping = event("ping", #"{"type": "ping"}"#)

    static func textStart(_ index: Int) -> String {
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"text","text":""}}"#)
    }

    /// A `text_delta`; `text` must already be escaped for JSON.
    static func textDelta(_ index: Int, _ text: String) -> String {
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"text_delta","text":"\#(text)"}}"#)
    }

    static func toolStart(_ index: Int, id: String, name: String) -> String {
        event(
            "content_block_start",
            #"{"type":"content_block_start","index":\#(index),"content_block":{"type":"tool_use","id":"\#(id)","name":"\#(name)","input":{}}}"#
        )
    }

    /// An `input_json_delta`; `json` must already be escaped for a JSON string.
    static func jsonDelta(_ index: Int, _ json: String) -> String {
        event(
            "content_block_delta",
            #"{"type":"content_block_delta","index":\#(index),"delta":{"type":"input_json_delta","partial_json":"\#(json)"}}"#
        )
    }

    static func blockStop(_ index: Int) -> String {
        event("content_block_stop", #"{"type":"content_block_stop","index":\#(index)}"#)
    }

    static func messageDelta(_ stopReason: String, outputTokens: Int) -> String {
        event(
            "message_delta",
            #"{"type":"message_delta","delta":{"stop_reason":"\#(stopReason)","stop_sequence":null},"usage":{"output_tokens":\#(outputTokens)}}"#
        )
    }

    static let messageStop = event("message_stop", #"{"type":"message_stop"}"#)

    /// A plain answer, "Hello!", in two deltas with a ping between the events.
    static let plainAnswer =
        messageStart() + textStart(0) + ping + textDelta(0, "Hello") + textDelta(0, "!") + blockStop(0)
        + messageDelta("end_turn", outputTokens: 15) + messageStop

    /// Text, then a `get_weather` call whose input arrives in fragments (the first one empty),
    /// as in the reference's "Streaming request with tool use".
    static let toolUse =
        messageStart(inputTokens: 472) + textStart(0) + ping
        + textDelta(0, "Okay, let's check the weather for San Francisco, CA:") + blockStop(0)
        + toolStart(1, id: "toolu_01T1x1fJ34qAmk2tNTrN7Up6", name: "get_weather") + jsonDelta(1, "")
        + jsonDelta(1, #"{\"location\":"#) + jsonDelta(1, #" \"San"#) + jsonDelta(1, #" Francisc"#)
        + jsonDelta(1, #"o,"#) + jsonDelta(1, #" CA\""#) + jsonDelta(1, #", "#) + jsonDelta(1, #"\"unit\": \"fah"#)
        + jsonDelta(1, #"renheit\"}"#) + blockStop(1) + messageDelta("tool_use", outputTokens: 89) + messageStop

    /// The input `toolUse` streams, joined.
    static let toolUseInput = #"{"location": "San Francisco, CA", "unit": "fahrenheit"}"#

    /// Two calls in one answer: the second (a tool without parameters) streams no fragments.
    static let twoToolCalls =
        messageStart(inputTokens: 510) + toolStart(0, id: "toolu_01A09q90qw90lq917835lq9", name: "get_weather")
        + jsonDelta(0, #"{\"location\": \"Par"#) + ping + jsonDelta(0, #"is\"}"#) + blockStop(0)
        + toolStart(1, id: "toolu_01B7sYWWpNdC6cFnsJbWNd4s", name: "get_time") + blockStop(1)
        + messageDelta("tool_use", outputTokens: 74) + messageStop

    /// Multi-byte text for the chunk-boundary test: two- (ü, ß), three- (世, —) and four-byte (👋)
    /// characters. Each delta is a JSON string of whole characters; the test splits the bytes.
    static let unicodeDeltas = ["Grü", "ße aus 世", "界 👋", " — ok"]
    static let unicode =
        messageStart(inputTokens: 12) + textStart(0) + ping + unicodeDeltas.map { textDelta(0, $0) }.joined()
        + blockStop(0) + messageDelta("end_turn", outputTokens: 9) + messageStop

    /// An answer that stops at `max_tokens`.
    static let maxTokens =
        messageStart(inputTokens: 30, cacheRead: 2048) + textStart(0) + textDelta(0, "Once upon") + blockStop(0)
        + messageDelta("max_tokens", outputTokens: 2) + messageStop

    /// The answer to a forced `tool_choice`: no text, one `tool_use` block of the forced tool
    /// (the tool-use guide's "Forcing tool use"; JSON output via tools), `stop_reason` `tool_use`.
    static let forcedToolAnswer =
        messageStart(inputTokens: 380) + toolStart(0, id: "toolu_01QxvPjYbBJhmkDE3Wg1Uhvi", name: "facts")
        + jsonDelta(0, "") + jsonDelta(0, #"{\"facts\": [\"lives"#) + jsonDelta(0, #" in Lyon\"]}"#) + blockStop(0)
        + messageDelta("tool_use", outputTokens: 21) + messageStop

    /// Some text, then the stop reason `reason` (`refusal`, `model_context_window_exceeded`, …).
    static func stopping(_ reason: String) -> String {
        messageStart(inputTokens: 12) + textStart(0) + textDelta(0, "I can") + blockStop(0)
            + messageDelta(reason, outputTokens: 2) + messageStop
    }

    /// The reference's mid-stream error: an `overloaded_error` event after some text.
    static let overloadedMidStream =
        messageStart() + textStart(0) + textDelta(0, "Hel")
        + event("error", #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)

    // MARK: Error bodies (errors reference: {"type": "error", "error": {"type", "message"}, "request_id"})

    static func errorBody(_ type: String, _ message: String) -> String {
        #"{"type":"error","error":{"type":"\#(type)","message":"\#(message)"},"request_id":"req_011CSHoEeqs5C35K2UUqR7Fy"}"#
    }

    static let invalidRequest = errorBody(
        "invalid_request_error",
        "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-sonnet-4-5-20250929"
    )
    static func invalidKey(echoing key: String) -> String {
        errorBody("authentication_error", "invalid x-api-key \(key)")
    }
    static let permissionDenied = errorBody(
        "permission_error", "Your API key does not have permission to use the specified resource.")
    static let modelNotFound = errorBody("not_found_error", "model: claude-sonnet-9")
    static let rateLimited = errorBody(
        "rate_limit_error",
        "This request would exceed the rate limit for your organization of 50,000 input tokens per minute.")
    static let apiError = errorBody("api_error", "Internal server error")
    static let overloaded = errorBody("overloaded_error", "Overloaded")
}
