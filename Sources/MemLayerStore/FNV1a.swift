/// 64-bit FNV-1a over UTF-8 bytes: a hash that is the same across runs, processes and
/// platforms, for values that are stored (content hashes) or must be reproducible (hashed
/// embedding features). Not for anything an attacker chooses to collide.
package enum FNV1a {
    package static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
