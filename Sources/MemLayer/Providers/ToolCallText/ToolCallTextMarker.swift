/// Where a tool call written as text may start in a model's reply, and how far the piece runs.
enum ToolCallTextMarker: Sendable, Equatable {
    /// `{` or `[`: a JSON value (or `[NAME(…)]`), ending at its balanced close.
    case json
    /// ```` ``` ````: a code fence, ending at the closing fence.
    case fence
    /// `<tool_call>` or `<|tool_call|>`: ending at `</tool_call>` (or the end of the reply).
    case toolCallTag
    /// `<function=NAME>`: ending at `</function>`.
    case functionTag
    /// `[TOOL_CALLS]`: calls to the end of the reply.
    case mistral
    /// `<|python_tag|>`: calls to the end of the reply.
    case pythonTag
    /// `NAME(` or `functions.NAME`: a call, ending at its balanced close.
    case callSyntax

    /// The fixed openings, by marker; `{`, `[` and tool names are matched separately.
    static let openings: [(text: [UInt8], marker: ToolCallTextMarker)] = [
        (Array("```".utf8), .fence),
        (Array("<tool_call>".utf8), .toolCallTag),
        (Array("<|tool_call|>".utf8), .toolCallTag),
        (Array("<function=".utf8), .functionTag),
        (Array("[TOOL_CALLS]".utf8), .mistral),
        (Array("<|python_tag|>".utf8), .pythonTag),
        (Array("functions.".utf8), .callSyntax),
    ]

    /// The form a call found after this marker was written in.
    var form: ToolCallTextForm {
        switch self {
        case .json: .json
        case .fence: .fencedJSON
        case .toolCallTag: .toolCallTag
        case .functionTag: .functionTag
        case .mistral: .mistral
        case .pythonTag: .pythonTag
        case .callSyntax: .callSyntax
        }
    }

    /// True for markers that only ever introduce tool calls: what follows is never shown, even
    /// when it cannot be read (it is then a malformed call).
    var isExplicit: Bool {
        switch self {
        case .toolCallTag, .functionTag, .mistral, .pythonTag, .callSyntax: true
        case .json, .fence: false
        }
    }
}
