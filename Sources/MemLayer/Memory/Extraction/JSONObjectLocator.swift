/// Finds the JSON objects in a model's reply, however it is wrapped: bare, in a ```json fence,
/// or between chatty sentences ("Here is the JSON: {…} Hope this helps!").
///
/// Pure and byte-based, so it is tested without a model. Braces inside JSON strings do not
/// count, and an object cut off before its closing brace (a truncated reply) is not returned.
enum JSONObjectLocator {
    /// Balanced `{…}` spans of `text`, in order of their opening brace. A span that turns out not
    /// to be JSON does not hide the objects after it: scanning resumes at the next `{` after its
    /// start. At most `limit` spans are returned, so a pathological reply stays cheap.
    static func candidates(in text: String, limit: Int = 32) -> [String] {
        let bytes = Array(text.utf8)
        var result: [String] = []
        var start = 0
        while result.count < limit, let open = bytes[start...].firstIndex(of: UInt8(ascii: "{")) {
            if let close = balancedEnd(bytes, from: open) {
                result.append(String(decoding: bytes[open...close], as: UTF8.self))
            }
            start = open + 1
        }
        return result
    }

    /// `json` without commas that directly precede `}` or `]` (outside strings): the most common
    /// slip of small models, and harmless to remove.
    static func removingTrailingCommas(_ json: String) -> String {
        BalancedSpan.removingTrailingCommas(json)
    }

    /// The index of the `}` that closes the `{` at `open`, or nil when the text ends first.
    private static func balancedEnd(_ bytes: [UInt8], from open: Int) -> Int? {
        var depth = 0
        var inString = false
        var escaped = false
        for index in open..<bytes.count {
            let byte = bytes[index]
            if inString {
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inString = false
                }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return byte == UInt8(ascii: "}") ? index : nil }
            default: break
            }
        }
        return nil
    }
}
