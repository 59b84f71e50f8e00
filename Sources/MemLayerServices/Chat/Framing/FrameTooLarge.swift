import Foundation

/// A model server sent a line or event longer than the decoder's bound: a server that never
/// sends a newline (or a hostile one) must not grow memory without end.
public struct FrameTooLarge: Error, Sendable, Equatable, CustomStringConvertible {
    /// What overflowed: "line" or "event".
    public let frame: String
    /// The bound, in bytes.
    public let limit: Int

    /// The bound every decoder uses unless told otherwise: 8 MiB, far above any real token
    /// delta or tool call (the largest seen in our transcripts is under 64 KiB), far below what
    /// would hurt a small machine.
    public static let defaultLimit = 8 << 20

    public var description: String {
        "the server sent a stream \(frame) longer than \(limit >> 20) MiB without ending it; "
            + "it is not speaking the expected protocol (check the URL and the server)"
    }
}

extension FrameTooLarge: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
