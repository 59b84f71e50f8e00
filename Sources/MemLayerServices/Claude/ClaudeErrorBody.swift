import Foundation

/// Anthropic's error shape, in HTTP error bodies and in `error` stream events:
/// `{"type": "error", "error": {"type": "not_found_error", "message": "model: …"}, "request_id": "req_…"}`.
struct ClaudeErrorBody: Decodable {
    var error: Detail

    struct Detail: Decodable {
        /// `invalid_request_error`, `authentication_error`, `permission_error`, `not_found_error`,
        /// `request_too_large`, `rate_limit_error`, `api_error`, `overloaded_error`, … (may grow).
        var type: String?
        var message: String?

        /// `type: message` on one line (at most 500 characters), or whichever of the two is present.
        var summary: String? { ServiceErrorBody.summary(label: type, message: message) }
    }

    /// Parses `data`, or nil when it is not Anthropic's error JSON.
    static func parse(_ data: Data?) -> Detail? {
        guard let data else { return nil }
        return try? JSONDecoder().decode(ClaudeErrorBody.self, from: data).error
    }

    /// The kind of failure an error type names, when it names one.
    static func kind(ofType type: String?) -> ProviderError.Kind? {
        switch type {
        case "authentication_error", "permission_error": .authentication
        case "not_found_error": .modelNotFound
        // Overload is the service's state, not a fault: wait and retry, as for a rate limit.
        case "rate_limit_error", "overloaded_error": .rateLimited
        case "invalid_request_error", "request_too_large", "billing_error": .badRequest
        case "api_error": .server
        default: nil
        }
    }
}
