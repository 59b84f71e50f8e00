import Foundation

/// A line of an import file that could not be read. Nothing from a failed import is stored.
public struct ImportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 1-based line number (for a JSON array file: the element's 1-based position).
    public let line: Int
    /// What is wrong with that line.
    public let reason: String

    public init(line: Int, reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { "line \(line): \(reason); nothing was imported" }
}

extension ImportError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
