/// Notices a model stuck in a loop — writing the same few lines again and again until its token
/// cap or context runs out — so the chat loop can end the round instead of waiting minutes.
///
/// The text is looping when its last `repeats` stretches of some length `period` (8…512 bytes)
/// are identical, hold words, and together are at least `minimumBytes` long. Checked every 32 new bytes, from
/// the end backwards, so the cost per check is small and the whole is linear in practice.
struct RepetitionGuard: Sendable {
    var repeats = 4
    var minimumBytes = 96
    private var bytes: [UInt8] = []
    private var checkedAt = 0
    /// The repeated stretch's length, once a loop was seen.
    private(set) var period: Int?

    /// Takes the next chunk of the round's text; true once the text is looping.
    mutating func take(_ chunk: String) -> Bool {
        guard period == nil else { return true }
        bytes.append(contentsOf: chunk.utf8)
        guard bytes.count - checkedAt >= 32 else { return false }
        checkedAt = bytes.count
        for candidate in 8...512 where candidate * repeats <= bytes.count {
            if isPeriodic(candidate) {
                period = candidate
                return true
            }
        }
        return false
    }

    private func isPeriodic(_ candidate: Int) -> Bool {
        let span = candidate * (repeats - 1)
        guard span + candidate >= minimumBytes else { return false }
        let end = bytes.count
        for offset in 1...span where bytes[end - offset] != bytes[end - offset - candidate] {
            return false
        }
        // A ruler of `=` or a run of one short pattern is layout, not a loop: the stretch must hold
        // words (a letter and at least three different bytes).
        let unit = bytes[(end - candidate)...]
        return Set(unit).count >= 3 && unit.contains { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") }
    }
}
