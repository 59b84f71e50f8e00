import Foundation

extension ToolCallTextFilter {
    /// What a piece of text that starts at a marker turned out to be.
    enum Resolution: Equatable {
        /// Not known yet: hold the text from the marker on.
        case undecided
        /// Tool calls, running to `end`: taken out.
        case calls([ToolCall], end: Int)
        /// Plainly a call (an explicit marker), but unreadable: taken out, counted.
        case malformed(end: Int)
        /// Not a call: show the text up to `end` and scan on from there.
        case text(end: Int)
    }

    /// Decides the piece starting at `position`; `final` when the round has ended (nothing more
    /// will come, so an open piece is closed or given up).
    func resolve(_ marker: ToolCallTextMarker, at position: Int, bodyStart: Int, final: Bool) -> Resolution {
        switch marker {
        case .json: return resolveJSON(at: position, final: final)
        case .fence: return resolveFence(bodyStart: bodyStart, final: final)
        case .toolCallTag:
            return resolveTagged(bodyStart: bodyStart, closing: "</tool_call>", final: final) {
                decoder.calls(inJSONSequence: $0) ?? decoder.calls(inCallSyntax: $0)
            }
        case .functionTag: return resolveFunctionTag(bodyStart: bodyStart, final: final)
        case .mistral:
            guard final else { return .undecided }
            return explicit(mistralCalls(bytes[bodyStart...]), end: bytes.count)
        case .pythonTag:
            guard final else { return .undecided }
            let body = bytes[bodyStart...]
            return explicit(decoder.calls(inJSONSequence: body) ?? decoder.calls(inCallSyntax: body), end: bytes.count)
        case .callSyntax: return resolveCallSyntax(at: position, final: final)
        }
    }

    private func explicit(_ calls: [ToolCall]?, end: Int) -> Resolution {
        calls.map { .calls($0, end: end) } ?? .malformed(end: end)
    }

    /// `{…}` or `[…]`: a call (or several), other JSON (shown whole), or not JSON (the bracket
    /// is shown and what follows it scanned on its own).
    private func resolveJSON(at position: Int, final: Bool) -> Resolution {
        if let end = BalancedSpan.end(of: bytes, from: position) {
            let piece = bytes[position..<end]
            if let calls = decoder.calls(inJSONText: piece) { return .calls(calls, end: end) }
            if JSONValue(parsing: String(decoding: piece, as: UTF8.self)) != nil { return .text(end: end) }
            if bytes[position] == UInt8(ascii: "["), let calls = decoder.calls(inCallSyntax: piece) {
                return .calls(calls, end: end)
            }
            return .text(end: position + 1)
        }
        guard final else { return .undecided }
        // Cut off: every value from here to the end, the last one closed …
        let rest = bytes[position...]
        if let calls = decoder.calls(inJSONSequence: rest) { return .calls(calls, end: bytes.count) }
        // … or one call left open, then text (or another call) on the next line.
        if let line = nextLineStartingAValue(after: position),
            let calls = decoder.calls(inJSONText: bytes[position..<line])
        {
            return .calls(calls, end: line)
        }
        return .text(end: position + 1)
    }

    private func nextLineStartingAValue(after position: Int) -> Int? {
        var index = position
        while let newline = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) {
            let next = bytes[(newline + 1)...].firstIndex { !BalancedSpan.isSpace($0) }
            guard let next else { return nil }
            if [UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "<")].contains(bytes[next]) { return newline }
            index = newline + 1
        }
        return nil
    }

    /// A code fence: calls when its body is only calls, else the whole fence is shown.
    private func resolveFence(bodyStart: Int, final: Bool) -> Resolution {
        let closing = find("```", from: bodyStart)
        guard closing != nil || final else { return .undecided }
        let bodyEnd = closing ?? bytes.count
        let end = closing.map { $0 + 3 } ?? bytes.count
        // The first line is the language tag (```json).
        let firstNewline = bytes[bodyStart..<bodyEnd].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bodyStart
        let body = bytes[firstNewline..<bodyEnd]
        if let calls = decoder.calls(inJSONSequence: body) ?? decoder.calls(inCallSyntax: body) {
            return .calls(calls, end: end)
        }
        return .text(end: end)
    }

    private func resolveTagged(
        bodyStart: Int, closing: String, final: Bool, read: (ArraySlice<UInt8>) -> [ToolCall]?
    ) -> Resolution {
        let close = find(closing, from: bodyStart)
        guard close != nil || final else { return .undecided }
        let body = bytes[bodyStart..<(close ?? bytes.count)]
        return explicit(read(body), end: close.map { $0 + closing.utf8.count } ?? bytes.count)
    }

    /// `<function=NAME>{arguments}</function>`.
    private func resolveFunctionTag(bodyStart: Int, final: Bool) -> Resolution {
        resolveTagged(bodyStart: bodyStart, closing: "</function>", final: final) { body in
            guard let close = body.firstIndex(of: UInt8(ascii: ">")) else { return nil }
            let name = String(decoding: body[..<close], as: UTF8.self)
            let arguments = body[(close + 1)...]
            guard decoder.parameters[name] != nil || ToolCallTextDecoder.isIdentifier(name) else { return nil }
            let text = String(decoding: arguments, as: UTF8.self)
            let candidates = [text] + BalancedSpan.completions(of: arguments)
            guard let value = candidates.lazy.compactMap({ JSONValue(parsing: $0) }).first else { return nil }
            return decoder.make(name, value).map { [$0] }
        }
    }

    /// `NAME(…)` or `functions.NAME(…)` for an offered tool; anything else is text.
    private func resolveCallSyntax(at position: Int, final: Bool) -> Resolution {
        var index = position
        if bytes[index...].starts(with: "functions.".utf8) { index += "functions.".utf8.count }
        let nameStart = index
        while index < bytes.count, ToolCallTextDecoder.isIdentifierByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        guard decoder.parameters[name] != nil else {
            return index >= bytes.count && !final ? .undecided : .text(end: position + 1)
        }
        if bytes[index...].starts(with: ".call".utf8) { index += 5 }
        let prefixed = nameStart > position
        if prefixed {  // functions.NAME:0 {…}
            while index < bytes.count, Self.isIndexOrSpace(bytes[index]) { index += 1 }
        }
        guard index < bytes.count else { return final ? .text(end: position + 1) : .undecided }
        let opener = bytes[index]
        guard opener == UInt8(ascii: "(") || (prefixed && opener == UInt8(ascii: "{")) else {
            return .text(end: position + 1)
        }
        if let end = BalancedSpan.end(of: bytes, from: index) {
            return explicit(decoder.calls(inCallSyntax: bytes[position..<end]), end: end)
        }
        guard final else { return .undecided }
        return explicit(decoder.calls(inCallSyntax: bytes[position...]), end: bytes.count)
    }

    /// `[TOOL_CALLS][{…}]` (JSON) or `[TOOL_CALLS]NAME[ARGS]{…}` / `NAME[CALL_ID]id[ARGS]{…}`,
    /// repeated for several calls.
    private func mistralCalls(_ body: ArraySlice<UInt8>) -> [ToolCall]? {
        let text = String(decoding: body, as: UTF8.self)
        var calls: [ToolCall] = []
        for part in text.components(separatedBy: "[TOOL_CALLS]") {
            let trimmed = part.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") {
                guard let found = decoder.calls(inJSONSequence: trimmed.utf8) else { return nil }
                calls += found
                continue
            }
            guard let args = trimmed.range(of: "[ARGS]") else { return nil }
            var name = String(trimmed[..<args.lowerBound])
            if let id = name.range(of: "[CALL_ID]") { name = String(name[..<id.lowerBound]) }
            let arguments = Array(trimmed[args.upperBound...].utf8)
            let candidates = [String(decoding: arguments, as: UTF8.self)] + BalancedSpan.completions(of: arguments[...])
            guard let value = candidates.lazy.compactMap({ JSONValue(parsing: $0) }).first,
                let call = decoder.make(name.trimmingCharacters(in: .whitespaces), value)
            else { return nil }
            calls.append(call)
        }
        return calls.isEmpty ? nil : calls
    }

    private static func isIndexOrSpace(_ byte: UInt8) -> Bool {
        BalancedSpan.isSpace(byte) || byte == UInt8(ascii: ":") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private func find(_ needle: String, from start: Int) -> Int? {
        let pattern = Array(needle.utf8)
        guard pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
