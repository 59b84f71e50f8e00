import Foundation

extension ToolCallTextFilter {
    /// What starts at a `<`: a tag or special token that opens tool calls or reasoning, a
    /// control token or stray closing tag to hide, or nothing of the kind (nil: it is text).
    func tag(at position: Int, final: Bool) -> TagMatch? {
        let limit = min(bytes.count, position + Self.longestTag)
        guard let close = bytes[(position + 1)..<limit].firstIndex(of: UInt8(ascii: ">")) else {
            // Not closed yet: hold it while it could still become a tag.
            let open = bytes[(position + 1)..<limit]
            let mayBeTag = !open.contains(UInt8(ascii: "\n")) && !open.contains(UInt8(ascii: "<"))
            return !final && limit == bytes.count && mayBeTag ? .partial : nil
        }
        let name = String(decoding: bytes[(position + 1)..<close], as: UTF8.self)
        let lower = name.lowercased()
        let end = close + 1
        if lower.hasPrefix("function=") { return .marker(.functionTag, bodyStart: end) }
        if lower.hasPrefix("/") {
            let closed = lower.dropFirst()
            let hidden = ["think", "tool", "function", "invoke", "parameter", "action"].contains { closed.contains($0) }
            return hidden ? .marker(.control(length: end - position), bodyStart: end) : nil
        }
        if lower.hasPrefix("|") || lower.hasSuffix("|") {
            return specialToken(
                lower.trimmingCharacters(in: ["|"]), name: name, at: position, end: end, final: final)
        }
        if ["think", "thinking", "tool_response", "tool_result"].contains(lower) {
            return .marker(.hiddenSection(closing: Array("</\(name)>".utf8)), bodyStart: end)
        }
        let opensCalls = ["tool_call", "toolcall", "function_call", "tool_use"].contains { lower.contains($0) }
        if opensCalls || lower == "tools" {
            return .marker(.section(.toolCallTag, closing: Array("</\(name)>".utf8)), bodyStart: end)
        }
        return nil
    }

    private func specialToken(_ token: String, name: String, at position: Int, end: Int, final: Bool) -> TagMatch {
        if token == "python_tag" { return .marker(.section(.pythonTag, closing: nil), bodyStart: end) }
        let isEnd = token.contains("end") || token.hasPrefix("/")
        if token.contains("think"), !isEnd {
            let closing = name.replacingOccurrences(of: "START", with: "END").replacingOccurrences(of: "start", with: "end")
            return .marker(.hiddenSection(closing: Array("<\(closing)>".utf8)), bodyStart: end)
        }
        if ["tool", "action", "function"].contains(where: { token.contains($0) }), !isEnd {
            return .marker(.section(.specialToken, closing: nil), bodyStart: end)
        }
        // `<|message|>`, `<|im_end|>`, `<|eot_id|>` …; harmony's `<|channel|>` is followed by the
        // channel's name (`analysis`, `commentary`), which is no more for the user than the token.
        var length = end - position
        if token == "channel" {
            var index = end
            while index < bytes.count, ToolCallTextDecoder.isIdentifierByte(bytes[index]) { index += 1 }
            if index == bytes.count, !final { return .partial }  // the name may go on
            length = index - position
        }
        return .marker(.control(length: length), bodyStart: end)
    }

    /// The longest tag or special token looked for.
    static let longestTag = 64

    /// What ``tag(at:final:)`` found.
    enum TagMatch {
        case marker(ToolCallTextMarker, bodyStart: Int)
        case partial
    }
}
