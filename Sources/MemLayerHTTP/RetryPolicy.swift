import Foundation

/// When and how often the transport sends a request again.
///
/// A request is retried only before any body byte reached the caller, and only for failures
/// that another try may cure: connection failures and connect timeouts, and the statuses in
/// ``retryableStatuses`` (by default 429, 500, 502, 503 and 504). The wait grows exponentially
/// from ``baseDelay`` with random jitter, capped at ``maxDelay``; when the server says how long
/// to wait (`retry-after-ms`, or `Retry-After` in seconds or as an HTTP date) that wait is
/// honoured instead, capped at ``maxRetryAfter``.
public struct RetryPolicy: Sendable, Equatable {
    /// How many times a request is sent at most, the first time included.
    public var maxAttempts: Int
    /// The wait before the first retry; each later retry waits about twice as long.
    public var baseDelay: Duration
    /// The longest wait between two attempts that the policy chooses itself.
    public var maxDelay: Duration
    /// The longest wait a server's `Retry-After` may impose. Anthropic's and OpenAI's SDKs
    /// honour a server's wait of up to 60 s (anthropic-sdk-python `_calculate_retry_timeout`;
    /// openai-python has since raised its limit to 120 s), so that is the default.
    public var maxRetryAfter: Duration
    /// Response statuses worth another attempt.
    public var retryableStatuses: Set<Int>

    /// Creates a policy.
    public init(
        maxAttempts: Int = 3,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(10),
        maxRetryAfter: Duration = .seconds(60),
        retryableStatuses: Set<Int> = [429, 500, 502, 503, 504]
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
    }

    /// Three attempts, starting at half a second.
    public static let standard = RetryPolicy()
    /// One attempt, no retries.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 for the first retry).
    func delay(beforeRetry retry: Int, retryAfter: Duration?) -> Duration {
        if let retryAfter {
            return min(retryAfter, maxRetryAfter)
        }
        let exponent = min(max(retry - 1, 0), 30)
        let exponential = min(baseDelay * (1 << exponent), maxDelay)
        // Jitter spreads clients that failed together so they do not retry together.
        return exponential * Double.random(in: 0.5...1.0)
    }

    /// The wait a response asks for, read as the official SDKs read it: `retry-after-ms`
    /// (milliseconds, which OpenAI and Anthropic send) first, then `Retry-After` as seconds, then
    /// `Retry-After` as an HTTP date (a date already past means no wait).
    static func retryAfter(in headers: HTTPHeaders, now: Date = Date()) -> Duration? {
        if let text = headers["retry-after-ms"], let milliseconds = finiteNonNegative(text) {
            return .milliseconds(Int64(min(milliseconds, 86_400_000)))
        }
        return parseRetryAfter(headers["Retry-After"], now: now)
    }

    /// Parses a `Retry-After` value: delta-seconds (fractions accepted, as the SDKs do) or an
    /// HTTP date in any of the three forms RFC 9110 names.
    static func parseRetryAfter(_ value: String?, now: Date = Date()) -> Duration? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        if let seconds = finiteNonNegative(value) {
            return .milliseconds(Int64(min(seconds, 86_400) * 1000))
        }
        guard let date = httpDate(value) else { return nil }
        let seconds = min(max(date.timeIntervalSince(now), 0), 86_400)
        return .milliseconds(Int64((seconds * 1000).rounded(.up)))
    }

    private static func finiteNonNegative(_ text: String) -> Double? {
        guard let number = Double(text.trimmingCharacters(in: .whitespaces)), number.isFinite, number >= 0 else {
            return nil
        }
        return number
    }

    /// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), then the obsolete RFC 850 and asctime forms.
    private static func httpDate(_ text: String) -> Date? {
        // asctime pads the day with a space ("Nov  6"); one space is what the formats expect.
        let text = text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        for format in ["EEE, dd MMM yyyy HH:mm:ss zzz", "EEEE, dd-MMM-yy HH:mm:ss zzz", "EEE MMM d HH:mm:ss yyyy"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: text) { return date }
        }
        return nil
    }
}
