import Foundation

/// Why a chat provider failed. The message says what to do next and never contains an API key.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad class of failure, for callers (and the chat loop) that branch on it.
    public enum Kind: Sendable, Equatable {
        /// The service could not be reached (not running, wrong host).
        case unreachable
        /// The model does not exist on the service: misspelt, retired, or not pulled into Ollama.
        case modelNotFound
        /// The API key is missing or was rejected.
        case authentication
        /// The model cannot use tools; the caller may retry without them.
        case toolsUnsupported
        /// Too many requests, or the service is overloaded (Anthropic's 529 `overloaded_error`,
        /// Gemini's 503 `UNAVAILABLE`), even after retrying: wait and try again; nothing is wrong
        /// with the request.
        case rateLimited
        /// The service rejected the request (HTTP 4xx).
        case badRequest
        /// The service failed (HTTP 5xx), or sent an error event mid-stream.
        case server
        /// The response did not follow the protocol (bad JSON, missing fields).
        case malformedResponse
        /// No answer in time.
        case timeout
        /// The connection dropped before the answer was complete.
        case interrupted
    }

    public let kind: Kind
    /// The provider's name ("Ollama", ...).
    public let provider: String
    /// A one-line explanation that says what to do next.
    public let message: String
    /// The HTTP status, when the service answered with one.
    public let status: Int?

    public init(_ kind: Kind, provider: String, _ message: String, status: Int? = nil) {
        self.kind = kind
        self.provider = provider
        self.message = message
        self.status = status
    }

    public var description: String { "\(provider): \(message)" }
}

extension ProviderError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
