/// A hash map from sequences of Unicode scalar values to token ids.
///
/// WordPiece tries many substrings of every word; looking them up as borrowed scalar buffers
/// avoids building a `String` for each try. Keys live in one flat pool; slots use open
/// addressing with linear probing.
struct ScalarSequenceTable: Sendable {
    private var pool: [UInt32] = []
    private var keyStarts: [Int32] = []
    private var keyLengths: [Int32] = []
    private var ids: [Int32] = []
    /// Entry index plus one for each slot; 0 marks an empty slot.
    private var slots: [Int32]
    private let mask: Int
    /// The length in scalars of the longest key; no longer sequence can match.
    private(set) var longestKey = 0

    /// Creates an empty table sized for `capacity` keys.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Maps `key` to `id`, replacing an earlier id for the same key, as a Python dict does.
    mutating func insert(_ key: [UInt32], id: Int32) {
        key.withUnsafeBufferPointer { insert($0, id: id) }
    }

    /// Maps `key` to `id`, replacing an earlier id for the same key, as a Python dict does.
    mutating func insert(_ key: UnsafeBufferPointer<UInt32>, id: Int32) {
        precondition(ids.count * 2 < slots.count, "ScalarSequenceTable is over capacity")
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let entry = Int(slots[slot] - 1)
            if matches(entry, key) {
                ids[entry] = id
                return
            }
            slot = (slot + 1) & mask
        }
        slots[slot] = Int32(ids.count + 1)
        keyStarts.append(Int32(pool.count))
        keyLengths.append(Int32(key.count))
        ids.append(id)
        pool.append(contentsOf: key)
        longestKey = max(longestKey, key.count)
    }

    /// The id of `key`, if the table holds it.
    func id(of key: String) -> Int32? {
        key.unicodeScalars.map(\.value).withUnsafeBufferPointer { id(of: $0) }
    }

    /// The id of `key`, if the table holds it.
    @inline(__always)
    func id(of key: UnsafeBufferPointer<UInt32>) -> Int32? {
        var slot = Self.hash(key) & mask
        while slots[slot] != 0 {
            let entry = Int(slots[slot] - 1)
            if matches(entry, key) { return ids[entry] }
            slot = (slot + 1) & mask
        }
        return nil
    }

    @inline(__always)
    private func matches(_ entry: Int, _ key: UnsafeBufferPointer<UInt32>) -> Bool {
        guard Int(keyLengths[entry]) == key.count else { return false }
        var position = Int(keyStarts[entry])
        for scalar in key {
            if pool[position] != scalar { return false }
            position += 1
        }
        return true
    }

    /// FNV-1a over the scalar values.
    @inline(__always)
    private static func hash(_ key: UnsafeBufferPointer<UInt32>) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in key {
            hash = (hash ^ UInt64(scalar)) &* 0x0000_0100_0000_01b3
        }
        return Int(truncatingIfNeeded: hash ^ (hash >> 29))
    }
}
