import Foundation

extension ToolCallTextDecoder {
    /// The calls in the body of a tool section — a `<tool_call>` tag, a special token such as
    /// `<|tool_call_start|>`, `<function=…>` — in whatever notation the model used inside: JSON,
    /// call syntax, `<function=NAME><parameter=K>V</parameter>` (Qwen3-Coder),
    /// `<invoke name="NAME"><parameter name="K">V</parameter>` (MiniMax, DeepSeek), or Gemma's
    /// `call:NAME{key:<|"|>value<|"|>}`. Control tokens inside are ignored.
    func calls(inSection body: some Collection<UInt8>) -> [ToolCall]? {
        let text = Self.normalised(String(decoding: Array(body), as: UTF8.self))
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.contains("<function=") || trimmed.contains("<invoke") { return calls(inXML: trimmed) }
        var code = trimmed
        if code.hasPrefix("call:") { code.removeFirst(5) }
        return calls(inJSONSequence: code.utf8) ?? calls(inCallSyntax: code.utf8)
    }

    /// A JSON value, also when cut off (closed unambiguously) or with a trailing comma.
    func value(inJSONText text: some Collection<UInt8>) -> JSONValue? {
        let bytes = Array(text)
        let whole = String(decoding: bytes, as: UTF8.self)
        let candidates = [whole, BalancedSpan.removingTrailingCommas(whole)] + BalancedSpan.completions(of: bytes[...])
        return candidates.lazy.compactMap { JSONValue(parsing: $0) }.first
    }

    /// `<function=NAME>` or `<invoke name="NAME">` blocks, each with `<parameter=K>V</parameter>` or
    /// `<parameter name="K" …>V</parameter>` children (the last maybe cut off) or a JSON body.
    func calls(inXML text: String) -> [ToolCall]? {
        var calls: [ToolCall] = []
        var rest = Substring(text)
        while let (name, afterOpening) = Self.nextInvocation(in: rest) {
            let following = rest[afterOpening...]
            let nextOpenings = ["<function=", "<invoke"].compactMap { following.range(of: $0)?.lowerBound }
            let bodyEnd = nextOpenings.min() ?? rest.endIndex
            let body = rest[afterOpening..<bodyEnd]
            var arguments: [String: JSONValue] = [:]
            var cursor = body.startIndex
            while let parameter = body[cursor...].range(of: "<parameter") {
                guard let close = body[parameter.upperBound...].firstIndex(of: ">") else { break }
                let header = body[parameter.upperBound..<close]
                let key = Self.attribute(header)
                let valueStart = body.index(after: close)
                let valueEnd =
                    body[valueStart...].range(of: "</parameter")?.lowerBound ?? body[valueStart...].firstIndex(of: "<")
                    ?? body.endIndex
                let raw = body[valueStart..<valueEnd].trimmingCharacters(in: .whitespacesAndNewlines)
                if let key { arguments[key] = JSONValue(parsing: raw) ?? .string(raw) }
                cursor = valueEnd
            }
            let call: ToolCall?
            if arguments.isEmpty {
                let json = body.replacingOccurrences(of: "</function>", with: "")
                    .replacingOccurrences(of: "</invoke>", with: "").trimmingCharacters(in: .whitespacesAndNewlines)
                call = value(inJSONText: json.utf8).flatMap { make(name, $0) }
            } else {
                call = make(name, .object(arguments))
            }
            guard let call else { return nil }
            calls.append(call)
            rest = rest[bodyEnd...]
        }
        return calls.isEmpty ? nil : calls
    }

    /// The next `<function=NAME>` or `<invoke name="NAME">`: the name and where its body starts.
    private static func nextInvocation(in text: Substring) -> (String, String.Index)? {
        let function = text.range(of: "<function=")
        let invoke = text.range(of: "<invoke")
        guard let opening = [function, invoke].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }),
            let close = text[opening.upperBound...].firstIndex(of: ">")
        else { return nil }
        let header = text[opening.upperBound..<close]
        let name = opening == function ? String(header) : attribute(header)
        guard let name, isIdentifier(name) else { return nil }
        return (name, text.index(after: close))
    }

    /// `=key` or ` name="key" …` in a tag's header.
    private static func attribute(_ header: Substring) -> String? {
        if header.hasPrefix("=") { return String(header.dropFirst()).trimmingCharacters(in: .whitespaces) }
        guard let name = header.range(of: "name=\"") else { return nil }
        return header[name.upperBound...].split(separator: "\"", maxSplits: 1).first.map(String.init)
    }

    /// The text without control tokens (`<|…|>`, `<|…>`, `<…|>`) and DeepSeek's `｜DSML｜`
    /// markers; Gemma's quoted-string token `<|"|>` becomes `"`.
    static func normalised(_ text: String) -> String {
        var text = text.replacingOccurrences(of: "<|\"|>", with: "\"").replacingOccurrences(of: "｜DSML｜", with: "")
        while let range = controlToken(in: text) { text.removeSubrange(range) }
        return text
    }

    private static func controlToken(in text: String) -> Range<String.Index>? {
        var search = text.startIndex
        while let open = text[search...].firstIndex(of: "<") {
            let after = text.index(after: open)
            guard let close = text[after...].prefix(48).firstIndex(of: ">") else {
                search = after
                continue
            }
            let inner = text[after..<close]
            if (inner.hasPrefix("|") || inner.hasSuffix("|")), !inner.contains(" "), !inner.contains("<") {
                return open..<text.index(after: close)
            }
            search = after
        }
        return nil
    }
}
