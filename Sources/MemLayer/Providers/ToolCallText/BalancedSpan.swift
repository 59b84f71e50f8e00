/// Byte-level scanning of bracketed text — `{…}`, `[…]`, `(…)` nested in any mix, with
/// double-quoted strings and their escapes skipped — for finding where a tool call written as
/// text ends, and for closing one a model left open.
enum BalancedSpan {
    /// The index just past the byte that closes the bracket at `start`, or nil when `bytes` ends
    /// first. A closing bracket of the wrong kind ends the span there too (the model's slip, not
    /// a reason to hold the rest of the reply).
    static func end(of bytes: [UInt8], from start: Int) -> Int? {
        var stack: [UInt8] = []
        var inString = false
        var escaped = false
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                }
                continue
            }
            switch byte {
            case quote: inString = true
            case UInt8(ascii: "{"): stack.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["): stack.append(UInt8(ascii: "]"))
            case UInt8(ascii: "("): stack.append(UInt8(ascii: ")"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                _ = stack.popLast()
            default: break
            }
            if stack.isEmpty { return index }  // closed (or `start` was not an opening bracket)
        }
        return nil
    }

    /// The text a model cut off inside brackets, finished — when that is unambiguous: only
    /// closing brackets are missing (not inside a string, not after a `,` or `:`, where what
    /// was cut is unknown). Nothing is invented but closers.
    static func completions(of bytes: ArraySlice<UInt8>) -> [String] {
        closing(bytes).map { [$0] } ?? []
    }

    /// `bytes` with every open bracket closed; nil when nothing is open, when the text stops
    /// inside a string or after a `,` or `:`, or when its brackets do not match.
    private static func closing(_ bytes: ArraySlice<UInt8>) -> String? {
        var stack: [UInt8] = []
        var inString = false
        var escaped = false
        for byte in bytes {
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                }
                continue
            }
            switch byte {
            case quote: inString = true
            case UInt8(ascii: "{"): stack.append(UInt8(ascii: "}"))
            case UInt8(ascii: "["): stack.append(UInt8(ascii: "]"))
            case UInt8(ascii: "("): stack.append(UInt8(ascii: ")"))
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                guard stack.popLast() == byte else { return nil }  // mismatched: not a cut-off call
            default: break
            }
        }
        guard !stack.isEmpty, !inString else { return nil }
        var output = Array(bytes)
        while let last = output.last, isSpace(last) { output.removeLast() }
        guard let last = output.last, last != UInt8(ascii: ","), last != UInt8(ascii: ":") else { return nil }
        output.append(contentsOf: stack.reversed())
        return String(decoding: output, as: UTF8.self)
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
