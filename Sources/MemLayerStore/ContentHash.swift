/// A stable fingerprint of a memory's text, used to spot the same memory written twice.
///
/// Text is normalised first (case folded, runs of white space collapsed, trimmed), then hashed
/// with 64-bit FNV-1a. A matching hash is only a candidate: writers compare the normalised text
/// too, so a collision can never merge two different memories.
package enum ContentHash {
    static func of(_ text: String) -> String {
        let hex = String(FNV1a.hash(normalise(text)), radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    package static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
