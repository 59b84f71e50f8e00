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

    /// Ways to finish text that a model cut off inside a bracket, most faithful first: close the
    /// open string and brackets as they stand; then the same after dropping the last, unfinished
    /// member (`, "argu`). Only unambiguous completions: nothing is invented but closers.
    static func completions(of bytes: ArraySlice<UInt8>) -> [String] {
        var results: [String] = []
        if let closed = closing(bytes) { results.append(closed) }
        if let comma = lastStructuralComma(bytes), let closed = closing(bytes[bytes.startIndex..<comma]) {
            results.append(closed)
        }
        return results
    }

    /// `bytes` with its open string closed, a dangling `,` or `:` dropped and every open bracket
    /// closed; nil when nothing is open (the text is not cut off).
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
        guard !stack.isEmpty || inString else { return nil }
        var output = Array(bytes)
        if escaped { output.removeLast() }
        if inString { output.append(quote) }
        while let last = output.last, isSpace(last) || last == UInt8(ascii: ",") || last == UInt8(ascii: ":") {
            output.removeLast()
        }
        output.append(contentsOf: stack.reversed())
        return String(decoding: output, as: UTF8.self)
    }

    /// The position of the last `,` outside strings.
    private static func lastStructuralComma(_ bytes: ArraySlice<UInt8>) -> Int? {
        var inString = false
        var escaped = false
        var last: Int?
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
            } else if byte == UInt8(ascii: ",") {
                last = index
            }
        }
        return last
    }

    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
            || byte == UInt8(ascii: "\t")
    }

    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")
}
