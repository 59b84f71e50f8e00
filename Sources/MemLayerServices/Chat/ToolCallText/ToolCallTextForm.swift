/// The ways models write a tool call as text instead of a structured call. Named in traces so a
/// user can see which form a model used.
package enum ToolCallTextForm: String, Sendable, CaseIterable {
    /// A bare JSON object or array (`{"name": …, "arguments": …}`), one or several, maybe cut off.
    case json
    /// JSON in a Markdown code fence (```` ```json ````).
    case fencedJSON = "fenced_json"
    /// `<tool_call>…</tool_call>` (Qwen, Hermes) and other XML-like tool tags (`<TOOLCALL>`,
    /// `<minimax:tool_call>`, DeepSeek's `<｜DSML｜function_calls>`).
    case toolCallTag = "tool_call_tag"
    /// `<function=NAME>{…}</function>` (Llama 3.1's custom form, Functionary, Qwen3-Coder).
    case functionTag = "function_tag"
    /// A special token that opens tool calls: `<|tool_call_start|>` (LFM2),
    /// `<|tool_calls_section_begin|>` (Kimi), `<|START_ACTION|>` (Command R), `<|tool_call>` (Gemma).
    case specialToken = "special_token"
    /// `[TOOL_CALLS]` followed by JSON or `NAME[ARGS]{…}` (Mistral).
    case mistral = "mistral_tool_calls"
    /// `<|python_tag|>` followed by JSON or `NAME.call(…)` (Llama 3.x).
    case pythonTag = "python_tag"
    /// `NAME(arg="…")`, `functions.NAME({…})`, `to=functions.NAME` (gpt-oss), `[NAME(…), …]`,
    /// or a tool's name on its own line followed by its JSON arguments (Functionary).
    case callSyntax = "call_syntax"
}

/// A tool call found in a model's text, and the form it was written in.
package struct RecognisedToolCall: Sendable, Equatable {
    package var call: ToolCall
    package var form: ToolCallTextForm
}
