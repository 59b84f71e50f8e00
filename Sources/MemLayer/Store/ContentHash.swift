/// A stable fingerprint of a memory's text, used to spot the same memory written twice.
///
/// Text is normalised first (case folded, runs of white space collapsed, trimmed), then hashed
/// with 64-bit FNV-1a. A matching hash is only a candidate: writers compare the normalised text
/// too, so a collision can never merge two different memories.
enum ContentHash {
    static func of(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in normalise(text).utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    static func normalise(_ text: String) -> String {
        text.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}
