import Foundation

/// Why a salience gate could not be built. The message says what to do next.
public struct SalienceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// The prototype sentence files or the rule stage's word lists and patterns are missing,
        /// unreadable, malformed or empty.
        case prototypeFiles
        /// The configuration cannot make a gate (for example online mode without an embedder).
        case configuration
    }

    /// What kind of failure this is.
    public let kind: Kind
    /// A one-line explanation that says what to do next.
    public let message: String

    /// Creates an error of `kind` with a user-facing `message`.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

extension SalienceError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
