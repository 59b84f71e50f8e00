import Foundation

/// Why extraction could not use a model's reply or finish a job.
public struct ExtractionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers that branch on it.
    public enum Kind: Sendable, Equatable {
        /// The reply held no usable JSON object (chatty text only, truncated, wrong shape).
        case malformedReply
        /// The extraction model could not be reached or refused to serve (not the turn's fault).
        case providerUnavailable
        /// `flush` gave up waiting; the jobs stay queued on disk.
        case timedOut
        /// The worker is stopped (client closed or task cancelled); the jobs stay queued on disk.
        case stopped
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

    /// The message.
    public var description: String { message }
}

extension ExtractionError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
