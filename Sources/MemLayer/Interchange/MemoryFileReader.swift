import Foundation

/// Reads an import file: JSON Lines (one memory object per line; blank lines skipped) or a
/// single JSON array of memory objects (what `memlayer export --json` writes).
public enum MemoryFileReader {
    /// Every record of the file, or the first bad line's ``ImportError``. `dimension` is the
    /// store's vector length, which supplied embeddings must have.
    public static func read(_ data: Data, activeEmbedder: String?, dimension: Int? = nil) throws -> [NewMemory] {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if firstByte == UInt8(ascii: "[") {
            guard let array = try? JSONSerialization.jsonObject(with: data) as? [Any] else {
                throw ImportError(line: 1, reason: "the file starts with [ but is not a valid JSON array")
            }
            return try array.enumerated().map {
                try MemoryRecord.parse(
                    $0.element, line: $0.offset + 1, activeEmbedder: activeEmbedder, dimension: dimension)
            }
        }
        var items: [NewMemory] = []
        var lineNumber = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            lineNumber += 1
            let content = line.last == 0x0D ? line.dropLast() : line
            if content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            let object: Any
            do {
                object = try JSONSerialization.jsonObject(with: Data(content))
            } catch {
                throw ImportError(line: lineNumber, reason: "not valid JSON")
            }
            items.append(
                try MemoryRecord.parse(object, line: lineNumber, activeEmbedder: activeEmbedder, dimension: dimension))
        }
        return items
    }

    /// The line each record of ``read(_:activeEmbedder:dimension:)``'s result came from (for a
    /// JSON array, its place in the array, from 1): blank lines hold no record, so a record's
    /// index and its line can differ.
    public static func lineNumbers(of data: Data) -> [Int] {
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        if firstByte == UInt8(ascii: "[") {
            let count = (try? JSONSerialization.jsonObject(with: data) as? [Any])?.count ?? 0
            return Array(stride(from: 1, through: count, by: 1))
        }
        var numbers: [Int] = []
        for (index, line) in data.split(separator: 0x0A, omittingEmptySubsequences: false).enumerated() {
            let content = line.last == 0x0D ? line.dropLast() : line
            if !content.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { numbers.append(index + 1) }
        }
        return numbers
    }
}
