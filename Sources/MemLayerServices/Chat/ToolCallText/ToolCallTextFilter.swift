/// Streams one round of a model's reply to the user while taking out every tool call the model
/// wrote as text — bare or fenced JSON, several in a row, cut off, in `<tool_call>` tags, after
/// `[TOOL_CALLS]` or `<|python_tag|>`, or as `NAME(arg=…)` — wherever in the round it appears.
///
/// Text is shown as soon as it cannot be the start of a call; from a possible start it is held
/// until the piece is known: a call (taken out, never shown), or not (shown as it was). A piece
/// still open when the round ends is closed where that is unambiguous (missing brackets) and
/// read again. Text after an explicit call marker (a tag, `[TOOL_CALLS]`) is never shown, even
/// when it cannot be read: it is counted as a malformed call instead.
package struct ToolCallTextFilter: Sendable {
    let decoder: ToolCallTextDecoder
    private let names: [[UInt8]]
    /// The round's text so far, as UTF-8.
    private(set) var bytes: [UInt8] = []
    /// Bytes before this are shown or taken out.
    private var resolved = 0
    /// White space held until more text follows it (never shown before a call or at the end).
    private var pendingSpace: [UInt8] = []
    /// The text shown so far.
    package private(set) var shown = ""
    /// The calls found so far, in order.
    package private(set) var recognised: [RecognisedToolCall] = []
    /// Pieces that were plainly tool calls but could not be read; taken out, not shown.
    package private(set) var malformed = 0

    /// A filter for a round in which `tools` were offered (or were offered earlier in the turn).
    package init(tools: [ToolDefinition]) {
        decoder = ToolCallTextDecoder(tools: tools)
        names = tools.map { Array($0.name.utf8) }
    }

    /// The round's whole text so far, shown or not.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Takes the next chunk of the reply; returns the text that can be shown now (maybe empty).
    package mutating func feed(_ chunk: String) -> String {
        bytes.append(contentsOf: chunk.utf8)
        return advance(final: false)
    }

    /// The round is over: decides what was held; returns the rest of the text to show.
    package mutating func finish() -> String {
        advance(final: true)
    }

    /// Recognises the calls in a whole reply at once: what ``feed(_:)`` and ``finish()`` would.
    static func recognise(_ text: String, tools: [ToolDefinition]) -> ToolCallTextFilter {
        var filter = ToolCallTextFilter(tools: tools)
        _ = filter.feed(text)
        _ = filter.finish()
        return filter
    }

    private mutating func advance(final: Bool) -> String {
        var output: [UInt8] = []
        var index = resolved
        scanning: while index < bytes.count {
            guard let (position, match) = nextMarker(from: index, final: final) else {
                output += bytes[index...]
                index = bytes.count
                break
            }
            output += bytes[index..<position]
            index = position
            guard case .marker(let marker, let bodyStart) = match else { break scanning }  // a partial marker
            switch resolve(marker, at: position, bodyStart: bodyStart, final: final) {
            case .undecided:
                break scanning
            case .calls(let calls, let end):
                recognised += calls.map { RecognisedToolCall(call: $0, form: marker.form) }
                index = skippingStrayClosers(from: end)
            case .malformed(let end):
                malformed += 1
                index = end
            case .hidden(let end):
                index = end
            case .text(let end):
                output += bytes[position..<end]
                index = end
            }
        }
        resolved = index
        return show(output, final: final)
    }

    /// Hands `output` to the caller, holding trailing white space back until text follows it.
    private mutating func show(_ output: [UInt8], final: Bool) -> String {
        var combined = pendingSpace + output
        if shown.isEmpty { combined = Array(combined.drop(while: BalancedSpan.isSpace)) }
        let cut = (combined.lastIndex { !BalancedSpan.isSpace($0) }).map { $0 + 1 } ?? 0
        pendingSpace = final ? [] : Array(combined[cut...])
        let text = String(decoding: combined[..<cut], as: UTF8.self)
        shown += text
        return text
    }

    /// After a call, closing brackets the model added one too many of.
    private func skippingStrayClosers(from end: Int) -> Int {
        var index = end
        while index < bytes.count, bytes[index] == UInt8(ascii: "}") || bytes[index] == UInt8(ascii: "]") {
            index += 1
        }
        return index
    }

    // MARK: Finding markers

    private enum Match {
        /// A marker starting at the position, its body from `bodyStart`.
        case marker(ToolCallTextMarker, bodyStart: Int)
        /// The text ends with what may be the start of a marker: hold it.
        case partial
    }

    private func nextMarker(from start: Int, final: Bool) -> (Int, Match)? {
        var position = start
        while position < bytes.count {
            let byte = bytes[position]
            let wordStart = position == 0 || !ToolCallTextDecoder.isIdentifierByte(bytes[position - 1])
            if byte == UInt8(ascii: "<"), let match = tag(at: position, final: final) {
                switch match {
                case .partial: return (position, .partial)
                case .marker(let marker, let bodyStart): return (position, .marker(marker, bodyStart: bodyStart))
                }
            }
            if let match = opening(at: position, final: final, wordStart: wordStart) { return (position, match) }
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                return (position, .marker(.json, bodyStart: position))
            }
            if wordStart, let match = toolName(at: position, final: final) { return (position, match) }
            position += 1
        }
        return nil
    }

    private func opening(at position: Int, final: Bool, wordStart: Bool) -> Match? {
        let available = bytes.count - position
        for (text, marker) in ToolCallTextMarker.openings where text[0] == bytes[position] {
            if marker == .callSyntax && !wordStart { continue }
            if available >= text.count {
                if bytes[position..<position + text.count].elementsEqual(text) {
                    return .marker(marker, bodyStart: position + text.count)
                }
            } else if !final, bytes[position...].elementsEqual(text[..<available]) {
                return .partial
            }
        }
        return nil
    }

    private func toolName(at position: Int, final: Bool) -> Match? {
        let available = bytes.count - position
        for name in names where name[0] == bytes[position] {
            if available > name.count {
                if bytes[position..<position + name.count].elementsEqual(name) {
                    return .marker(.callSyntax, bodyStart: position)
                }
            } else if !final, bytes[position...].elementsEqual(name[..<available]) {
                return .partial
            }
        }
        return nil
    }
}
