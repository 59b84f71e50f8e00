/// Byte-level scanning of bracketed text — `{…}`, `[…]`, `(…)` nested in any mix, with
/// double-quoted strings and their escapes skipped — for finding where a tool call written as
/// text ends, and for closing one a model left open.
package enum BalancedSpan {
    /// The index just past the byte that closes the bracket at `start`, or nil when `bytes` ends
    /// first. A closing bracket of the wrong kind ends the span there too (the model's slip, not
    /// a reason to hold the rest of the reply).
    static func end(of bytes: [UInt8], from start: Int) -> Int? {
        var depth = 0
        var result: Int?
        _ = scan(bytes[start...]) { index, byte in
            if closer(of: byte) != nil {
                depth += 1
            } else if isCloser(byte) {
                depth -= 1
            }
            if depth <= 0 {
                result = index + 1  // closed (or `start` was not an opening bracket)
                return false
            }
            return true
        }
        return result
    }

    /// The text a model cut off inside brackets, finished — when that is unambiguous: only
    /// closing brackets are missing (not inside a string, not after a `,` or `:`, where what
    /// was cut is unknown). Nothing is invented but closers.
    static func completions(of bytes: ArraySlice<UInt8>) -> [String] {
        var stack: [UInt8] = []
        var matched = true
        let inString = scan(bytes) { _, byte in
            if let closer = closer(of: byte) {
                stack.append(closer)
            } else if isCloser(byte) {
                matched = stack.popLast() == byte
            }
            return matched
        }
        guard matched, !stack.isEmpty, !inString else { return [] }
        var output = Array(bytes)
        while let last = output.last, isSpace(last) { output.removeLast() }
        guard let last = output.last, last != UInt8(ascii: ","), last != UInt8(ascii: ":") else { return [] }
        output.append(contentsOf: stack.reversed())
        return [String(decoding: output, as: UTF8.self)]
    }

    /// `json` without commas directly before `}` or `]` (outside strings): the most common slip
    /// of small models, and harmless to remove.
    package static func removingTrailingCommas(_ json: String) -> String {
        let bytes = Array(json.utf8)
        var dropped = Set<Int>()
        _ = scan(bytes[...]) { index, byte in
            if byte == UInt8(ascii: ",") {
                let next = bytes[(index + 1)...].first { !isSpace($0) }
                if next == UInt8(ascii: "}") || next == UInt8(ascii: "]") { dropped.insert(index) }
            }
            return true
        }
        guard !dropped.isEmpty else { return json }
        let kept = bytes.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
        return String(decoding: kept, as: UTF8.self)
    }

    /// Calls `visit` with every byte outside double-quoted strings (the quotes themselves not
    /// included) until it returns false; returns whether the text ended inside a string.
    private static func scan(_ bytes: ArraySlice<UInt8>, _ visit: (Int, UInt8) -> Bool) -> Bool {
        var inString = false
        var escaped = false
        for index in bytes.indices {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == backslash {
                    escaped = true
                } else if byte == quote {
                    inString = false
                }
            } else if byte == quote {
                inString = true
            } else if !visit(index, byte) {
                return false
            }
        }
        return inString
    }

    private static func closer(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "{"): UInt8(ascii: "}")
        case UInt8(ascii: "["): UInt8(ascii: "]")
        case UInt8(ascii: "("): UInt8(ascii: ")")
        default: nil
        }
    }

    private static func isCloser(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")")
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
