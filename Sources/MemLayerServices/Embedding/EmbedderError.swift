import Foundation

/// Why an embedder could not produce vectors. The message says what to do next and never
/// contains an API key.
public struct EmbedderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// Model files are missing, unreadable or fail their checksum.
        case modelFiles
        /// The model ran but failed (bad input for the model, out of memory).
        case model
        /// A remote embedding service failed or answered something unexpected.
        case remote
        /// A vector had a different dimension than the store or embedder expects.
        case dimension
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

extension EmbedderError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
