import Foundation

/// Why an HTTP exchange failed.
///
/// The ``description`` names the service, the method and the URL (without user info or
/// secret query parameters), the status and a short excerpt of the error body. It never contains
/// an API key: the values of `Authorization`, `x-api-key` and similar headers are scrubbed from
/// everything the error holds, including text the server echoed back.
public struct TransportError: Error, Sendable, CustomStringConvertible {
    /// The class of failure; compare with the static members, for example `error.code == .idleTimeout`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case connectionFailed, connectTimeout, idleTimeout, httpStatus, cancelled, droppedMidBody
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The connection could not be made or broke before any response arrived.
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection was not established within the request's connect timeout.
        public static let connectTimeout = Code(.connectTimeout)
        /// Nothing was received for longer than the request's idle timeout.
        public static let idleTimeout = Code(.idleTimeout)
        /// The server answered with an error status (400 or above).
        public static let httpStatus = Code(.httpStatus)
        /// The caller cancelled the request or stopped reading the body.
        public static let cancelled = Code(.cancelled)
        /// The connection ended before the whole response body arrived.
        public static let droppedMidBody = Code(.droppedMidBody)

        /// A short name for the class of failure.
        public var description: String {
            switch base {
            case .connectionFailed: "connection failed"
            case .connectTimeout: "connect timeout"
            case .idleTimeout: "idle timeout"
            case .httpStatus: "HTTP error status"
            case .cancelled: "cancelled"
            case .droppedMidBody: "dropped mid-body"
            }
        }
    }

    /// The class of failure.
    public let code: Code
    /// The service the request went to, as named by the request's service name.
    public let serviceName: String
    /// The request method.
    public let method: String
    /// The request URL without user info or secret query parameters.
    public let url: String
    /// The response status, when a response head arrived.
    public let status: Int?
    /// The start of the error response body (at most 64 KiB, secrets scrubbed), for callers
    /// that parse the service's own error message.
    public let responseBody: Data?
    /// libcurl's explanation of a network failure, secrets scrubbed.
    public let detail: String?
    /// The timeout that expired, for ``Code/connectTimeout`` and ``Code/idleTimeout``.
    public let timeout: Duration?
    /// How many body bytes reached the caller before a ``Code/droppedMidBody`` failure.
    public let bytesDelivered: Int
    /// How many times the request was sent, counting retries.
    public private(set) var attempts: Int

    /// The server's `Retry-After`, for a retry decision.
    var retryAfter: Duration?
    /// False for connection failures another attempt cannot cure, such as a bad certificate.
    var mayRetryConnection = true

    init(
        code: Code, request: HTTPRequest, status: Int? = nil, responseBody: Data? = nil,
        detail: String? = nil, timeout: Duration? = nil, bytesDelivered: Int = 0, attempts: Int = 1
    ) {
        let redactor = SecretRedactor(request: request)
        self.code = code
        self.serviceName = request.serviceName
        self.method = request.method
        self.url = SecretRedactor.redactedURL(request.url)
        self.status = status
        self.responseBody = responseBody.map { redactor.scrub($0.prefix(Self.maxBodyBytes)) }
        self.detail = detail.map(redactor.scrub)
        self.timeout = timeout
        self.bytesDelivered = bytesDelivered
        self.attempts = attempts
    }

    /// A copy that records how many attempts were made in total.
    func with(attempts: Int) -> TransportError {
        var copy = self
        copy.attempts = attempts
        return copy
    }

    /// The largest error body kept.
    static let maxBodyBytes = 64 * 1024
    /// The longest body excerpt shown in ``description``.
    static let maxExcerptCharacters = 300

    /// The first characters of the error body on one line, at most 300 characters.
    public var bodyExcerpt: String? {
        guard let responseBody, !responseBody.isEmpty else { return nil }
        let text = String(decoding: responseBody, as: UTF8.self)
        let oneLine = text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        guard oneLine.count > Self.maxExcerptCharacters else { return oneLine }
        return String(oneLine.prefix(Self.maxExcerptCharacters - 1)) + "…"
    }

    /// One line naming the service, request, status and cause; never a secret.
    public var description: String {
        let target = "\(method) \(url)"
        var text: String
        switch code {
        case .connectionFailed:
            text = "\(serviceName): could not connect for \(target)"
            if let detail { text += " (\(detail))" }
        case .connectTimeout:
            text = "\(serviceName): no connection within \(Self.seconds(timeout)) for \(target)"
        case .idleTimeout:
            text = "\(serviceName): nothing received for \(Self.seconds(timeout)) from \(target) (idle timeout)"
        case .httpStatus:
            text = "\(serviceName): HTTP \(status ?? 0) from \(target)"
            if let status, (300..<400).contains(status) {
                text += " (\(detail ?? "a redirect"); MemLayer does not follow redirects, so use the address "
                    + "it points to)"
            } else if let excerpt = bodyExcerpt {
                text += ": \(excerpt)"
            }
        case .cancelled:
            text = "\(serviceName): \(target) was cancelled"
        default:
            text =
                "\(serviceName): connection dropped after \(bytesDelivered) bytes of the response body from \(target)"
            if let detail { text += " (\(detail))" }
        }
        if attempts > 1 { text += " [after \(attempts) attempts]" }
        return text
    }

    private static func seconds(_ duration: Duration?) -> String {
        guard let duration else { return "the timeout" }
        let (seconds, attoseconds) = duration.components
        let value = Double(seconds) + Double(attoseconds) / 1e18
        return value == value.rounded() ? "\(Int(value)) s" : "\((value * 1000).rounded() / 1000) s"
    }
}

extension TransportError: LocalizedError {
    /// The same text as ``description``, so `localizedDescription` in an app reads as the
    /// message, not "The operation could not be completed".
    public var errorDescription: String? { description }
}
