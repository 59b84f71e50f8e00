import Foundation

extension ToolCallTextDecoder {
    /// The calls in Python-like call syntax: `search_memory(query="Kestrel")`,
    /// `search_memory("Kestrel")`, `functions.search_memory({"query": …})`,
    /// `search_memory.call(query=…)` (Llama 3.x), or a list of those in `[…]`, separated by
    /// commas or new lines. Only tools that were offered count. Nil unless the text is only calls.
    func calls(inCallSyntax text: some Collection<UInt8>) -> [ToolCall]? {
        var reader = CallSyntaxReader(bytes: Array(text))
        reader.skipSpace()
        let bracketed = reader.take(UInt8(ascii: "["))
        var calls: [ToolCall] = []
        while true {
            reader.skipSpace(andSeparators: true)
            if reader.atEnd || (bracketed && reader.take(UInt8(ascii: "]"))) { break }
            guard let call = readCall(&reader) else { return nil }
            calls.append(call)
        }
        reader.skipSpace()
        return calls.isEmpty || !reader.atEnd ? nil : calls
    }

    /// One `NAME(…)` (with an optional `functions.` prefix, `.call` suffix or `:N` index).
    private func readCall(_ reader: inout CallSyntaxReader) -> ToolCall? {
        _ = reader.take("functions.")
        guard let name = reader.identifier(), parameters[name] != nil else { return nil }
        _ = reader.take(".call")
        if reader.take(UInt8(ascii: ":")) { _ = reader.digits() }
        reader.skipSpace()
        let closer: UInt8
        if reader.peek == UInt8(ascii: "{") {
            // functions.NAME {…} — or Gemma's NAME{key:"value"}, whose keys are not quoted.
            let mark = reader.offset
            if let object = reader.value(), case .object = object { return make(name, object) }
            reader.offset = mark + 1
            closer = UInt8(ascii: "}")
        } else {
            guard reader.take(UInt8(ascii: "(")) else { return nil }
            closer = UInt8(ascii: ")")
        }
        var arguments: [String: JSONValue] = [:]
        var position = 0
        while true {
            reader.skipSpace(andSeparators: true)
            if reader.take(closer) { break }
            if reader.atEnd { break }  // cut off: what was read stands
            let mark = reader.offset
            if let key = reader.identifier(), reader.skipSpace(), reader.take(UInt8(ascii: "=")) || reader.take(UInt8(ascii: ":")) {
                reader.skipSpace()
                guard let value = reader.value() else { return nil }
                arguments[key] = value
                continue
            }
            reader.offset = mark
            guard let value = reader.value() else { return nil }
            if case .object(let members) = value, position == 0, arguments.isEmpty {
                arguments = members  // NAME({"query": …})
            } else {
                guard let names = parameters[name], position < names.count else { return nil }
                arguments[names[position]] = value
            }
            position += 1
        }
        return make(name, .object(arguments))
    }
}

/// A cursor over call-syntax bytes: identifiers, Python and JSON literals.
private struct CallSyntaxReader {
    let bytes: [UInt8]
    var offset = 0

    var atEnd: Bool { offset >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[offset] }

    mutating func take(_ byte: UInt8) -> Bool {
        guard peek == byte else { return false }
        offset += 1
        return true
    }

    mutating func take(_ literal: String) -> Bool {
        let utf8 = Array(literal.utf8)
        guard bytes.count - offset >= utf8.count, Array(bytes[offset..<offset + utf8.count]) == utf8 else {
            return false
        }
        offset += utf8.count
        return true
    }

    /// Skips white space (and `,` / `;` when asked); always true, so it can sit in a condition.
    @discardableResult
    mutating func skipSpace(andSeparators: Bool = false) -> Bool {
        while let byte = peek,
            BalancedSpan.isSpace(byte) || (andSeparators && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")))
        {
            offset += 1
        }
        return true
    }

    mutating func identifier() -> String? {
        let start = offset
        while let byte = peek, ToolCallTextDecoder.isIdentifierByte(byte) { offset += 1 }
        return offset > start ? String(decoding: bytes[start..<offset], as: UTF8.self) : nil
    }

    mutating func digits() -> String? {
        let start = offset
        while let byte = peek, byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") { offset += 1 }
        return offset > start ? String(decoding: bytes[start..<offset], as: UTF8.self) : nil
    }

    /// A string ("…" or '…'), number, boolean, null/None, or a JSON object or array.
    mutating func value() -> JSONValue? {
        guard let byte = peek else { return nil }
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "'"):
            return quoted(byte)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let end = BalancedSpan.end(of: bytes, from: offset) ?? bytes.count
            let text = String(decoding: bytes[offset..<end], as: UTF8.self)
            offset = end
            return JSONValue(parsing: text) ?? JSONValue(parsing: BalancedSpan.removingTrailingCommas(text))
        default:
            let start = offset
            while let next = peek, ToolCallTextDecoder.isIdentifierByte(next) || next == UInt8(ascii: ".")
                || next == UInt8(ascii: "-") || next == UInt8(ascii: "+")
            {
                offset += 1
            }
            let word = String(decoding: bytes[start..<offset], as: UTF8.self)
            switch word {
            case "true", "True": return .bool(true)
            case "false", "False": return .bool(false)
            case "null", "None": return .null
            default: return Double(word).map(JSONValue.number)
            }
        }
    }

    /// A quoted string with backslash escapes; a string cut off by the end of the text ends there.
    private mutating func quoted(_ quote: UInt8) -> JSONValue? {
        offset += 1
        var output: [UInt8] = []
        while let byte = peek {
            offset += 1
            if byte == quote { return .string(String(decoding: output, as: UTF8.self)) }
            if byte == UInt8(ascii: "\\"), let escaped = peek {
                offset += 1
                switch escaped {
                case UInt8(ascii: "n"): output.append(UInt8(ascii: "\n"))
                case UInt8(ascii: "t"): output.append(UInt8(ascii: "\t"))
                default: output.append(escaped)
                }
                continue
            }
            output.append(byte)
        }
        return .string(String(decoding: output, as: UTF8.self))
    }
}
