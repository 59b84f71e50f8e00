import Foundation

/// Splits a byte stream into lines, whatever the chunk boundaries: a line (and a UTF-8
/// character) may arrive in any number of pieces. Accepts `\n`, `\r\n` and lone `\r` endings.
/// A line longer than `maximumLineBytes` is an error rather than an ever-growing buffer.
struct LineSplitter {
    private var buffer: [UInt8] = []
    private var lastWasCR = false
    let maximumLineBytes: Int

    init(maximumLineBytes: Int = FrameTooLarge.defaultLimit) {
        self.maximumLineBytes = maximumLineBytes
    }

    /// Feeds bytes; returns the lines they complete, without their endings.
    mutating func feed(_ bytes: some Sequence<UInt8>) throws(FrameTooLarge) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        for byte in bytes {
            if lastWasCR {
                lastWasCR = false
                if byte == 0x0A { continue }  // the \n of a \r\n already ended the line
            }
            switch byte {
            case 0x0A:
                lines.append(buffer)
                buffer.removeAll(keepingCapacity: true)
            case 0x0D:
                lines.append(buffer)
                buffer.removeAll(keepingCapacity: true)
                lastWasCR = true
            default:
                guard buffer.count < maximumLineBytes else {
                    buffer.removeAll()
                    throw FrameTooLarge(frame: "line", limit: maximumLineBytes)
                }
                buffer.append(byte)
            }
        }
        return lines
    }

    /// The unterminated last line, if any (at end of stream).
    mutating func finish() -> [UInt8]? {
        defer { buffer.removeAll() }
        return buffer.isEmpty ? nil : buffer
    }
}
