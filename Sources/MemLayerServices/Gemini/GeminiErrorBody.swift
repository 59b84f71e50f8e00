import Foundation

/// Google's API error shape, in HTTP error bodies and at the end of a broken stream:
/// `{"error": {"code": 404, "message": "…", "status": "NOT_FOUND", "details": [...]}}`
/// (google.rpc.Status; some endpoints wrap it in a one-element array).
struct GeminiErrorBody: Decodable {
    var error: Detail

    struct Detail: Decodable {
        var code: Int?
        var message: String?
        /// The canonical code: `INVALID_ARGUMENT`, `PERMISSION_DENIED`, `NOT_FOUND`, …
        var status: String?
        var details: [Info]?

        /// The `reason` of an `ErrorInfo` detail, such as `API_KEY_INVALID`.
        var reasons: [String] { details?.compactMap(\.reason) ?? [] }

        /// `STATUS: message` on one line (at most 500 characters), or whichever of the two is present.
        var summary: String? { ServiceErrorBody.summary(label: status, message: message) }

        /// Whether Google says the key is wrong: an invalid key is a 400 `INVALID_ARGUMENT`.
        var rejectsKey: Bool {
            reasons.contains { $0 == "API_KEY_INVALID" || $0 == "API_KEY_EXPIRED" }
                || message?.contains("API key not valid") == true || message?.contains("API key expired") == true
        }
    }

    struct Info: Decodable {
        var reason: String?
    }

    /// Parses `data`, or nil when it is not Google's error JSON.
    static func parse(_ data: Data?) -> Detail? {
        guard let data else { return nil }
        let decoder = JSONDecoder()
        if let body = try? decoder.decode(GeminiErrorBody.self, from: data) { return body.error }
        return (try? decoder.decode([GeminiErrorBody].self, from: data))?.first?.error
    }

    /// The kind of failure a detail names, when it names one.
    static func kind(of detail: Detail?) -> ProviderError.Kind? {
        guard let detail else { return nil }
        if detail.rejectsKey { return .authentication }
        switch detail.status {
        case "UNAUTHENTICATED", "PERMISSION_DENIED": return .authentication
        case "NOT_FOUND": return .modelNotFound
        // UNAVAILABLE is Gemini's "the model is overloaded": wait and retry, as for a quota.
        case "RESOURCE_EXHAUSTED", "UNAVAILABLE": return .rateLimited
        case "INVALID_ARGUMENT", "FAILED_PRECONDITION", "OUT_OF_RANGE": return .badRequest
        case "INTERNAL", "DEADLINE_EXCEEDED", "UNKNOWN": return .server
        default: return nil
        }
    }
}
