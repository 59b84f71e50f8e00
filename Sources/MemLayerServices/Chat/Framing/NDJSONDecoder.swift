import Foundation

/// Newline-delimited JSON framing (Ollama's streams): one JSON document per line. Fed raw bytes
/// in chunks of any size; yields each complete, non-blank line. A line longer than the bound
/// throws ``FrameTooLarge``.
package struct NDJSONDecoder: Sendable {
    private var lines: LineSplitter

    /// A decoder that refuses lines longer than `maximumLineBytes`.
    package init(maximumLineBytes: Int = FrameTooLarge.defaultLimit) {
        lines = LineSplitter(maximumLineBytes: maximumLineBytes)
    }

    /// Feeds a chunk; returns the complete lines it finished.
    package mutating func feed(_ chunk: Data) throws(FrameTooLarge) -> [Data] {
        try lines.feed(chunk).compactMap(Self.nonBlank)
    }

    /// At end of stream: the last line if it had no newline.
    package mutating func finish() -> Data? {
        lines.finish().flatMap(Self.nonBlank)
    }

    private static func nonBlank(_ line: [UInt8]) -> Data? {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : Data(line)
    }
}
