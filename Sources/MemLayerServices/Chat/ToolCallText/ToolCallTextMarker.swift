/// Where a tool call written as text may start in a model's reply, and how far the piece runs.
enum ToolCallTextMarker: Sendable, Equatable {
    /// `{` or `[`: a JSON value (or `[NAME(…)]`), ending at its balanced close.
    case json
    /// ```` ``` ````: a code fence, ending at the closing fence.
    case fence
    /// A tag or special token that opens tool calls; its body runs to `closing` (or to the end of
    /// the reply when there is none, or it never comes). Never shown, even when unreadable.
    case section(ToolCallTextForm, closing: [UInt8]?)
    /// `<function=NAME>`: ending at `</function>`.
    case functionTag
    /// Text that is never for the user, up to `closing`: reasoning the model marked as such
    /// (`<think>`, `<|START_THINKING|>`), or a tool result it echoed (`<tool_response>`).
    case hiddenSection(closing: [UInt8])
    /// A control token or stray closing tag that is never for the user: hidden, `length` bytes
    /// (and, after harmony's `<|channel|>`, the channel's name).
    case control(length: Int)
    /// `NAME(`, `functions.NAME`, `to=functions.NAME`, `functools[`: a call, ending at its close.
    case callSyntax

    /// The fixed openings, by marker; `{`, `[`, `<`, and tool names are matched separately.
    static let openings: [(text: [UInt8], marker: ToolCallTextMarker)] = [
        (Array("```".utf8), .fence),
        (Array("[TOOL_CALLS]".utf8), .section(.mistral, closing: nil)),
        (Array("functions.".utf8), .callSyntax),
        (Array("to=functions.".utf8), .callSyntax),
        (Array("functools[".utf8), .callSyntax),
    ]

    /// The form a call found after this marker was written in.
    var form: ToolCallTextForm {
        switch self {
        case .json: .json
        case .fence: .fencedJSON
        case .section(let form, _): form
        case .functionTag: .functionTag
        case .hiddenSection, .control, .callSyntax: .callSyntax
        }
    }
}
