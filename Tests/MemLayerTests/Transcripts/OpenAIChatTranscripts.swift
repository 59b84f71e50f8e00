// Chat Completions streams byte for byte as the servers write them: `data: <chunk>` events
// separated by blank lines, ending in `data: [DONE]` (openai-openapi `ChatCompletionChunk`, the
// openai-python types and `_streaming.py`; llama.cpp's tools/server for its variant). Swift
// constants rather than files: see OllamaTranscripts.swift.

/// Chat Completions transcripts (OpenAI, llama.cpp's llama-server, LM Studio).
enum OpenAIChatTranscripts {
    /// The event-stream body made of one `data:` event per payload.
    static func body(_ payloads: [String]) -> String {
        payloads.map { "data: \($0)\n\n" }.joined()
    }

    /// OpenAI's chunk envelope around `choices`, as every chunk of one answer repeats it.
    static func chunk(_ choices: String, usage: String = "null", obfuscation: String? = nil) -> String {
        let tail = obfuscation.map { #","obfuscation":"\#($0)""# } ?? ""
        return
            #"{"id":"chatcmpl-BwoiPTGRbKkY5rncfaM0s9KtWrq5N","object":"chat.completion.chunk","created":1753357673,"model":"gpt-4.1-2025-04-14","service_tier":"default","system_fingerprint":"fp_51e1070cf2","choices":\#(choices),"usage":\#(usage)\#(tail)}"#
    }

    /// The last chunk when `stream_options.include_usage` is set: empty `choices`, the usage.
    static func usageChunk(prompt: Int, completion: Int) -> String {
        chunk(
            "[]",
            usage:
                #"{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion),"prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0}}"#
        )
    }

    /// A plain answer with two-, three- and four-byte UTF-8 characters.
    static let plain = body([
        chunk(
            #"[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]"#,
            obfuscation: "aZ4"),
        chunk(#"[{"index":0,"delta":{"content":"Grü"},"logprobs":null,"finish_reason":null}]"#, obfuscation: "tQ"),
        chunk(#"[{"index":0,"delta":{"content":"ße aus"},"logprobs":null,"finish_reason":null}]"#, obfuscation: "x"),
        chunk(#"[{"index":0,"delta":{"content":" 世界"},"logprobs":null,"finish_reason":null}]"#, obfuscation: "Lm0"),
        chunk(#"[{"index":0,"delta":{"content":" 👋"},"logprobs":null,"finish_reason":null}]"#, obfuscation: "q"),
        chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]"#, obfuscation: "9fK"),
        usageChunk(prompt: 19, completion: 6),
        "[DONE]",
    ])

    /// The text of ``plain``.
    static let plainText = "Grüße aus 世界 👋"

    /// One tool call, its arguments in fragments (the platform guide's streaming function-call
    /// example): `id`, `type` and `name` in the first fragment, `arguments` after.
    static let toolCall = body([
        chunk(
            #"[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_DdmO9pD3xa9XTPNJ32zg2hcA","type":"function","function":{"name":"get_weather","arguments":""}}],"refusal":null},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\""}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"city"}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\":\""}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"Münch"}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"en\"}"}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]"#),
        usageChunk(prompt: 81, completion: 16),
        "[DONE]",
    ])

    /// The arguments ``toolCall`` assembles.
    static let toolCallArguments = #"{"city":"München"}"#

    /// Two calls whose fragments interleave by index, one delta carrying fragments of both.
    static let twoToolCallsInterleaved = body([
        chunk(
            #"[{"index":0,"delta":{"role":"assistant","content":null,"tool_calls":[{"index":0,"id":"call_A1","type":"function","function":{"name":"get_weather","arguments":""}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_B2","type":"function","function":{"name":"get_time","arguments":""}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"timezone\":"}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(
            #"[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"\"Asia/Tokyo\"}"}},{"index":0,"function":{"arguments":"\"Tokyo\"}"}}]},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]"#),
        usageChunk(prompt: 90, completion: 40),
        "[DONE]",
    ])

    /// The answer after a tool result.
    static let afterToolResult = body([
        chunk(
            #"[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(#"[{"index":0,"delta":{"content":"It is 11°C in München."},"logprobs":null,"finish_reason":null}]"#),
        chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]"#),
        usageChunk(prompt: 120, completion: 9),
        "[DONE]",
    ])

    /// llama.cpp's llama-server: its own key order, `content: null` in the first delta, usage and
    /// `timings` in the finishing chunk.
    static let llamaServer = body([
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"role":"assistant","content":null}}],"created":1753357673,"id":"chatcmpl-Xk2v0xNhUOBSZq4Ds1hn3bNX3WAn6x7a","model":"qwen2.5-7b-instruct","system_fingerprint":"b6012-1e15bfd4","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hallo"}}],"created":1753357673,"id":"chatcmpl-Xk2v0xNhUOBSZq4Ds1hn3bNX3WAn6x7a","model":"qwen2.5-7b-instruct","system_fingerprint":"b6012-1e15bfd4","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":" Welt!"}}],"created":1753357673,"id":"chatcmpl-Xk2v0xNhUOBSZq4Ds1hn3bNX3WAn6x7a","model":"qwen2.5-7b-instruct","system_fingerprint":"b6012-1e15bfd4","object":"chat.completion.chunk"}"#,
        #"{"choices":[{"finish_reason":"length","index":0,"delta":{}}],"created":1753357673,"id":"chatcmpl-Xk2v0xNhUOBSZq4Ds1hn3bNX3WAn6x7a","model":"qwen2.5-7b-instruct","system_fingerprint":"b6012-1e15bfd4","object":"chat.completion.chunk","usage":{"completion_tokens":3,"prompt_tokens":12,"total_tokens":15},"timings":{"prompt_n":12,"prompt_ms":41.2,"predicted_n":3,"predicted_ms":60.9}}"#,
        "[DONE]",
    ])

    /// OpenAI failing mid-answer: the error as a `data:` payload, then the connection closes
    /// without `[DONE]`.
    static let errorMidStream = body([
        chunk(
            #"[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(#"[{"index":0,"delta":{"content":"The"},"logprobs":null,"finish_reason":null}]"#),
        #"{"error": {"message": "The server had an error while processing your request. Sorry about that!", "type": "server_error"}}"#,
    ])

    /// llama-server failing mid-answer (`format_oai_sse(json {{"error", …}})`).
    static let llamaServerErrorMidStream = body([
        #"{"choices":[{"finish_reason":null,"index":0,"delta":{"content":"Hallo"}}],"created":1753357673,"id":"chatcmpl-Xk2v","model":"qwen2.5-7b-instruct","object":"chat.completion.chunk"}"#,
        #"{"error":{"code":500,"message":"the request exceeds the available context size, try increasing it","type":"exceed_context_size_error"}}"#,
    ])

    /// A Structured Outputs refusal: the text comes in `delta.refusal`, the finish reason is `stop`.
    static let refusal = body([
        chunk(
            #"[{"index":0,"delta":{"role":"assistant","content":null,"refusal":""},"logprobs":null,"finish_reason":null}]"#
        ),
        chunk(#"[{"index":0,"delta":{"refusal":"I'm sorry, I can't"},"logprobs":null,"finish_reason":null}]"#),
        chunk(#"[{"index":0,"delta":{"refusal":" help with that."},"logprobs":null,"finish_reason":null}]"#),
        chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"stop"}]"#),
        usageChunk(prompt: 40, completion: 9),
        "[DONE]",
    ])

    /// An answer the content filter cut off.
    static let contentFilter = body([
        chunk(#"[{"index":0,"delta":{"role":"assistant","content":"Well"},"logprobs":null,"finish_reason":null}]"#),
        chunk(#"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"content_filter"}]"#),
        "[DONE]",
    ])

    /// An OpenAI error body: pretty-printed with four-space indentation.
    static func error(message: String, type: String, param: String? = nil, code: String?) -> String {
        let param = param.map { "\"\($0)\"" } ?? "null"
        let code = code.map { "\"\($0)\"" } ?? "null"
        return """
            {
                "error": {
                    "message": "\(message)",
                    "type": "\(type)",
                    "param": \(param),
                    "code": \(code)
                }
            }

            """
    }

    /// 401 for a wrong key; OpenAI echoes the key it was given.
    static func invalidKey(echoing key: String) -> String {
        error(
            message:
                "Incorrect API key provided: \(key). You can find your API key at https://platform.openai.com/account/api-keys.",
            type: "invalid_request_error", code: "invalid_api_key")
    }

    /// 400 for JSON mode without "json" in the messages.
    static let jsonWordMissing = error(
        message:
            "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.",
        type: "invalid_request_error", param: "messages", code: nil)

    /// 404 for an unknown model.
    static let modelNotFound = error(
        message: "The model `gpt-9` does not exist or you do not have access to it.",
        type: "invalid_request_error", code: "model_not_found")

    /// 404 for a model OpenAI shut down: the same code as an unknown model.
    static let modelRetired = error(
        message:
            "The model `gpt-4-32k` has been deprecated, learn more here: https://platform.openai.com/docs/deprecations",
        type: "invalid_request_error", code: "model_not_found")

    /// 400 from a model without Structured Outputs, asked for `json_schema`.
    static let jsonSchemaUnsupported = error(
        message: "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
        type: "invalid_request_error", param: "response_format", code: nil)

    /// 400 from a reasoning model given a temperature.
    static let temperatureUnsupported = error(
        message:
            "Unsupported value: 'temperature' does not support 0.2 with this model. Only the default (1) value is supported.",
        type: "invalid_request_error", param: "temperature", code: "unsupported_value")

    /// 400 for a `reasoning_effort` the model does not take, listing those it does.
    static let effortUnsupported = error(
        message:
            "Unsupported value: 'minimal' is not supported with the 'gpt-5' model. Supported values are: 'low', 'medium', and 'high'.",
        type: "invalid_request_error", param: "reasoning_effort", code: "unsupported_value")

    /// 404 for a wrong path (a base URL without `/v1`).
    static let invalidURL = error(
        message: "Invalid URL (POST /chat/completions)", type: "invalid_request_error", code: nil)

    /// 429 for a rate limit.
    static let rateLimited = error(
        message:
            "Rate limit reached for gpt-4.1 in organization org-abc123 on tokens per min (TPM): Limit 30000, Used 29788, Requested 1024. Please try again in 1.626s. Visit https://platform.openai.com/account/rate-limits to learn more.",
        type: "tokens", code: "rate_limit_exceeded")

    /// 429 for an exhausted quota.
    static let insufficientQuota = error(
        message: "You exceeded your current quota, please check your plan and billing details.",
        type: "insufficient_quota", code: "insufficient_quota")

    /// 500 from OpenAI.
    static let serverError = error(
        message: "The server had an error while processing your request. Sorry about that!", type: "server_error",
        code: nil)

    /// llama-server without `--jinja` asked for tools.
    static let llamaServerNoJinja =
        #"{"error":{"code":500,"message":"tools param requires --jinja flag","type":"server_error"}}"#

    /// llama-server while it loads the model.
    static let llamaServerLoading = #"{"error":{"code":503,"message":"Loading model","type":"unavailable_error"}}"#

    /// LM Studio asked for `json_object` (its errors are a bare string).
    static let lmStudioJSONObject = #"{"error":"'response_format.type' must be 'json_schema' or 'text'"}"#
}
