import Foundation

/// The transformed ways a server echoes a secret: in another case ("INCORRECT KEY SK-ABC…"),
/// base64-encoded (inside a Basic credential or an encoded blob), or cut short ("key
/// my-proxy-tok… is invalid"). Plain equality misses all three.
extension SecretRedactor {
    /// The shortest start of a secret that is redacted on its own: long enough that ordinary
    /// words are not mistaken for one, short enough to catch a server's abbreviated echo.
    static let minimumEchoedPrefix = 8

    /// `text` with every occurrence of `secret`, and of any prefix of it at least
    /// ``minimumEchoedPrefix`` long, replaced, ignoring ASCII case.
    static func redactEchoes(of secret: String, in text: String) -> String {
        let needle = Array(secret.utf8).map(asciiLowercased)
        let shortest = min(needle.count, minimumEchoedPrefix)
        let haystack = Array(text.utf8)
        guard shortest >= 3, haystack.count >= shortest else { return text }
        var output: [UInt8] = []
        output.reserveCapacity(haystack.count)
        var index = 0
        while index < haystack.count {
            var length = 0
            while length < needle.count, index + length < haystack.count,
                asciiLowercased(haystack[index + length]) == needle[length]
            {
                length += 1
            }
            if length >= shortest {
                output += replacement.utf8
                index += length
            } else {
                output.append(haystack[index])
                index += 1
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// The parts of `secret`'s base64 encoding that appear whatever bytes surround it: one per
    /// alignment (0, 1 or 2 bytes before it), without the characters its neighbours share, in
    /// the standard and the URL-safe alphabet. Parts shorter than 8 characters are left out.
    static func base64Forms(of secret: String) -> [String] {
        var forms: Set<String> = []
        let bytes = Array(secret.utf8)
        for shift in 0..<3 {
            let encoded = Array(Data(Array(repeating: 0, count: shift) + bytes).base64EncodedString().utf8)
            let unpadded = encoded.prefix { $0 != UInt8(ascii: "=") }
            // Characters that mix the secret's bits with a neighbour's are left out.
            let leading = shift == 0 ? 0 : shift + 1
            let trailing = (shift + bytes.count) % 3 == 0 ? 0 : 1
            guard unpadded.count - leading - trailing >= 8 else { continue }
            let core = String(decoding: unpadded.dropFirst(leading).dropLast(trailing), as: UTF8.self)
            forms.insert(core)
            forms.insert(core.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_"))
        }
        return forms.sorted { $0.count > $1.count }
    }

    private static func asciiLowercased(_ byte: UInt8) -> UInt8 {
        (0x41...0x5A).contains(byte) ? byte + 0x20 : byte
    }
}
