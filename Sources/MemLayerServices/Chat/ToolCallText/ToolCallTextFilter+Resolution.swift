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
        /// Never for the user, and no call either (a control token, reasoning): skip to `end`.
        case hidden(end: Int)
    }

    /// Decides the piece starting at `position`; `final` when the round has ended (nothing more
    /// will come, so an open piece is closed or given up).
    func resolve(_ marker: ToolCallTextMarker, at position: Int, bodyStart: Int, final: Bool) -> Resolution {
        switch marker {
        case .json: return resolveJSON(at: position, final: final)
        case .fence: return resolveFence(bodyStart: bodyStart, final: final)
        case .section(.mistral, _):
            guard final else { return .undecided }
            return explicit(mistralCalls(bytes[bodyStart...]), end: bytes.count)
        case .section(_, let closing):
            let close = closing.flatMap { find($0, from: bodyStart) }
            guard close != nil || final else { return .undecided }
            let body = bytes[bodyStart..<(close ?? bytes.count)]
            return explicit(decoder.calls(inSection: body), end: close.map { $0 + closing!.count } ?? bytes.count)
        case .functionTag:
            let close = find(Array("</function>".utf8), from: bodyStart)
            guard close != nil || final else { return .undecided }
            let end = close.map { $0 + "</function>".utf8.count } ?? bytes.count
            return explicit(decoder.calls(inSection: bytes[position..<end]), end: end)
        case .hiddenSection(let closing):
            let close = find(closing, from: bodyStart)
            guard close != nil || final else { return .undecided }
            return .hidden(end: close.map { $0 + closing.count } ?? bytes.count)
        case .control(let length): return .hidden(end: position + length)
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
            if let value = JSONValue(parsing: String(decoding: piece, as: UTF8.self)) {
                // Other JSON is shown as it is — unless it is a tool's definition echoed back.
                return ToolCallTextDecoder.isDefinition(value) ? .malformed(end: end) : .text(end: end)
            }
            if bytes[position] == UInt8(ascii: "["), let calls = decoder.calls(inCallSyntax: piece) {
                return .calls(calls, end: end)
            }
            // Broken JSON that opens like a call (`{"name": "schedule_task", "arguments": {…}, {…}}`)
            // is a call the model botched: hidden, never scanned into pieces and shown.
            if Self.opensLikeCall(piece) { return .malformed(end: end) }
            return .text(end: position + 1)
        }
        guard final else { return .undecided }
        // Cut off: every value from here to the end, the last one closed …
        let rest = bytes[position...]
        if let calls = decoder.calls(inJSONSequence: rest) { return completeCalls(calls, end: bytes.count) }
        // … or one call left open, then text (or another call) on the next line.
        if let line = nextLineStartingAValue(after: position),
            let calls = decoder.calls(inJSONText: bytes[position..<line])
        {
            return completeCalls(calls, end: line)
        }
        // An object cut off after its first key (`{"name": "sea`, `{"response": …`) is a call or
        // a JSON answer that never finished: hidden, not shown raw. A lone `{` in prose is text.
        let afterBracket = rest.dropFirst().drop { BalancedSpan.isSpace($0) || $0 == UInt8(ascii: "{") }
        if afterBracket.first == UInt8(ascii: "\"") { return .malformed(end: bytes.count) }
        return .text(end: position + 1)
    }

    /// Calls closed by repair run only when they are of an offered tool and the model got as far
    /// as their arguments; the rest (a call cut off after its name, an invented tool) is counted
    /// as malformed instead.
    private func completeCalls(_ calls: [ToolCall], end: Int) -> Resolution {
        let usable = calls.filter { decoder.parameters[$0.name] != nil && $0.argumentsJSON != "{}" }
        return usable.isEmpty ? .malformed(end: end) : .calls(usable, end: end)
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
        let closing = find(Array("```".utf8), from: bodyStart)
        guard closing != nil || final else { return .undecided }
        let bodyEnd = closing ?? bytes.count
        let end = closing.map { $0 + 3 } ?? bytes.count
        // The first line is the language tag (```json).
        let firstNewline = bytes[bodyStart..<bodyEnd].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? bodyStart
        let body = bytes[firstNewline..<bodyEnd]
        if let calls = decoder.calls(inJSONSequence: body) ?? decoder.calls(inCallSyntax: body) {
            return .calls(calls, end: end)
        }
        // Not only calls: show the fence itself and look at what is inside on its own.
        return .text(end: bodyStart)
    }

    /// A call written as code: `NAME(…)` or `functions.NAME(…)` for an offered tool,
    /// `to=functions.NAME … {…}` (gpt-oss), `functools[…]` (FireFunction), or a tool's name alone
    /// on a line with its JSON arguments on the next (Functionary). Anything else is text.
    private func resolveCallSyntax(at position: Int, final: Bool) -> Resolution {
        var index = position
        if bytes[index...].starts(with: "functools".utf8) {
            index += "functools".utf8.count
            switch resolveJSON(at: index, final: final) {
            case .calls(let calls, let end): return .calls(calls, end: end)
            case .undecided: return .undecided
            default: return .text(end: position + 1)
            }
        }
        if bytes[index...].starts(with: "to=".utf8) { index += 3 }
        if bytes[index...].starts(with: "functions.".utf8) { index += "functions.".utf8.count }
        let prefixed = index > position
        let nameStart = index
        while index < bytes.count, ToolCallTextDecoder.isIdentifierByte(bytes[index]) { index += 1 }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        guard decoder.parameters[name] != nil || (prefixed && ToolCallTextDecoder.isIdentifier(name)) else {
            return index >= bytes.count && !final ? .undecided : .text(end: position + 1)
        }
        if bytes[index...].starts(with: ".call".utf8) { index += 5 }
        index = prefixed ? skippingHarmonyHeader(from: index) : skippingLineBreak(from: index)
        guard index < bytes.count else { return final ? .text(end: position + 1) : .undecided }
        let opener = bytes[index]
        let jsonArguments = opener == UInt8(ascii: "{") && (prefixed || index > nameStart + name.utf8.count)
        guard opener == UInt8(ascii: "(") || jsonArguments else { return .text(end: position + 1) }
        let end = BalancedSpan.end(of: bytes, from: index)
        guard end != nil || final else { return .undecided }
        let stop = end ?? bytes.count
        if jsonArguments {
            let arguments = decoder.value(inJSONText: bytes[index..<stop])
            return explicit(arguments.flatMap { decoder.make(name, $0) }.map { [$0] }, end: stop)
        }
        return explicit(decoder.calls(inCallSyntax: bytes[nameStart..<stop]), end: stop)
    }

    /// After `functions.NAME`: spaces, an index (`:0`), control tokens and the words between
    /// them (`<|channel|>analysis <|constrain|>json<|message|>`).
    private func skippingHarmonyHeader(from start: Int) -> Int {
        var index = start
        while index < bytes.count, index - start < Self.longestTag * 2 {
            let byte = bytes[index]
            if Self.isIndexOrSpace(byte) {
                index += 1
            } else if bytes[index...].starts(with: "<|".utf8),
                let close = find(Array("|>".utf8), from: index), close - index < Self.longestTag
            {
                index = close + 2
                while index < bytes.count, ToolCallTextDecoder.isIdentifierByte(bytes[index]) { index += 1 }
            } else {
                break
            }
        }
        return index
    }

    /// After a bare tool name: one line break (and spaces) before JSON arguments, or nothing.
    private func skippingLineBreak(from start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\r") {
            index += 1
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\n") else { return start }
        index += 1
        while index < bytes.count, BalancedSpan.isSpace(bytes[index]) { index += 1 }
        return index
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
            guard let value = decoder.value(inJSONText: trimmed[args.upperBound...].utf8),
                let call = decoder.make(name.trimmingCharacters(in: .whitespaces), value)
            else { return nil }
            calls.append(call)
        }
        return calls.isEmpty ? nil : calls
    }

    /// True when `piece` starts `{"name"`, `{"function"`, `{"tool…"` or `[{"name"` (white space aside).
    static func opensLikeCall(_ piece: ArraySlice<UInt8>) -> Bool {
        let text = String(decoding: piece.prefix(48), as: UTF8.self).filter { !$0.isWhitespace }
        return ["{\"name\"", "{\"function", "{\"tool", "[{\"name\"", "[{\"function"].contains { text.hasPrefix($0) }
    }

    private static func isIndexOrSpace(_ byte: UInt8) -> Bool {
        BalancedSpan.isSpace(byte) || byte == UInt8(ascii: ":") || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private func find(_ pattern: [UInt8], from start: Int) -> Int? {
        guard pattern.count <= bytes.count else { return nil }
        var index = start
        while index + pattern.count <= bytes.count {
            if bytes[index] == pattern[0], bytes[index..<index + pattern.count].elementsEqual(pattern) { return index }
            index += 1
        }
        return nil
    }
}
