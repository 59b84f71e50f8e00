import Foundation

/// When and how often the transport sends a request again.
///
/// A request is retried only before any body byte reached the caller, and only for failures
/// that another try may cure: connection failures and connect timeouts, and the statuses in
/// ``retryableStatuses`` (by default 429, 500, 502, 503 and 504). The wait grows exponentially
/// from ``baseDelay`` with random jitter, or follows the server's `Retry-After` seconds; either
/// way it never exceeds ``maxDelay``.
public struct RetryPolicy: Sendable, Equatable {
    /// How many times a request is sent at most, the first time included.
    public var maxAttempts: Int
    /// The wait before the first retry; each later retry waits about twice as long.
    public var baseDelay: Duration
    /// The longest wait between two attempts, also capping `Retry-After`.
    public var maxDelay: Duration
    /// Response statuses worth another attempt.
    public var retryableStatuses: Set<Int>

    /// Creates a policy.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(10),
        retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.retryableStatuses = retryableStatuses
    }

    /// Three attempts, starting at half a second.
    public static let standard = RetryPolicy()
    /// One attempt, no retries.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry).
    func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter {
            return min(retryAfter, maxDelay)
        }
        let exponent = min(max(retry - 1, 0), 30)
        let exponential = min(baseDelay * (1 << exponent), maxDelay)
        // Jitter spreads clients that failed together so they do not retry together.
        return exponential * Double.random(in: 0.5...1.0)
    }

    /// Parses a `Retry-After` value given in seconds; the HTTP-date form is ignored.
    static func parseRetryAfter(_ value: String?) -> Duration? {
        guard let value, let seconds = Double(value.trimmingCharacters(in: .whitespaces)), seconds >= 0,
            seconds.isFinite
        else { return nil }
        return .milliseconds(Int64(min(seconds, 86_400) * 1000))
    }
}
