import Foundation

/// Newline-delimited JSON framing (Ollama's streams): one JSON document per line. Fed raw bytes
/// in chunks of any size; yields each complete, non-blank line.
public struct NDJSONDecoder: Sendable {
    private var lines = LineSplitter()

    public init() {}

    /// Feeds a chunk; returns the complete lines it finished.
    public mutating func feed(_ chunk: Data) -> [Data] {
        lines.feed(chunk).compactMap(Self.nonBlank)
    }

    /// At end of stream: the last line if it had no newline.
    public mutating func finish() -> Data? {
        lines.finish().flatMap(Self.nonBlank)
    }

    private static func nonBlank(_ line: [UInt8]) -> Data? {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : Data(line)
    }
}
