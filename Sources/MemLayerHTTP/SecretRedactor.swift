import Foundation

/// Removes credentials from text that may end up in an error message or a log.
///
/// It knows the request's own secrets (the values of credential headers, URL user info and
/// secret query parameters) and replaces every occurrence of them, which also catches servers
/// that echo a key back ("Incorrect API key provided: sk-…"), in any case, base64-encoded or cut
/// short (see `SecretRedactor+Echoes.swift`). As a second line it masks tokens shaped like
/// well-known API keys.
package struct SecretRedactor: Sendable {
    /// Header fields whose values are credentials.
    static let secretHeaderNames: Set<String> = [
        "authorization", "proxy-authorization", "x-api-key", "api-key", "x-goog-api-key",
        "cookie", "set-cookie", "x-auth-token", "openai-organization", "openai-project",
    ]

    /// Query parameters whose values are credentials.
    static let secretQueryNames: Set<String> = [
        "key", "api_key", "apikey", "api-key", "token", "access_token", "auth", "authorization",
        "password", "secret", "client_secret", "signature", "sig", "x-goog-api-key",
    ]

    static let replacement = "[REDACTED]"

    private let secrets: [String]
    /// The base64 forms of ``secrets``, longest first.
    private let encodedSecrets: [String]

    package init(request: HTTPRequest) {
        var found: [String] = []
        for field in request.headers where Self.secretHeaderNames.contains(field.name.lowercased()) {
            found.append(field.value)
            // "Bearer sk-…": the token alone must go too, wherever it is echoed.
            if let space = field.value.firstIndex(of: " ") {
                found.append(
                    String(field.value[field.value.index(after: space)...]).trimmingCharacters(in: .whitespaces))
            }
        }
        if let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false) {
            found += [
                components.user, components.password, components.percentEncodedUser, components.percentEncodedPassword,
            ]
            .compactMap { $0 }
            for item in components.queryItems ?? [] where Self.secretQueryNames.contains(item.name.lowercased()) {
                if let value = item.value { found.append(value) }
            }
            for item in components.percentEncodedQueryItems ?? []
            where Self.secretQueryNames.contains(item.name.lowercased()) {
                if let value = item.value { found.append(value) }
            }
        }
        // Longest first, so a token inside a longer secret does not leave the rest behind.
        secrets = Set(found.filter { $0.count >= 3 }).sorted { $0.count > $1.count }
        encodedSecrets = Set(secrets.flatMap(Self.base64Forms)).sorted { $0.count > $1.count }
    }

    /// `text` with every known secret and every key-shaped token replaced.
    package func scrub(_ text: String) -> String {
        var result = text
        for encoded in encodedSecrets where result.contains(encoded) {
            result = result.replacingOccurrences(of: encoded, with: Self.replacement)
        }
        for secret in secrets {
            result = Self.redactEchoes(of: secret, in: result)
        }
        return Self.maskKeyShapedTokens(result)
    }

    /// `data` with secrets scrubbed, treating it as UTF-8 text.
    func scrub(_ data: Data) -> Data {
        Data(scrub(String(decoding: data, as: UTF8.self)).utf8)
    }

    /// Masks tokens that look like API keys of common services (OpenAI, Anthropic, Groq, xAI,
    /// Google) even when they are not this request's key.
    package static func maskKeyShapedTokens(_ text: String) -> String {
        guard
            text.contains("sk-") || text.contains("sk_") || text.contains("gsk_") || text.contains("xai-")
                || text.contains("AIza")
        else { return text }
        var result = text
        for pattern in keyPatterns {
            result = result.replacing(pattern, with: replacement)
        }
        return result
    }

    private nonisolated(unsafe) static let keyPatterns: [Regex<Substring>] = [
        try! Regex(#"\b(?:sk|gsk|xai)[-_][A-Za-z0-9_\-\*\.]{6,}"#),
        try! Regex(#"AIza[0-9A-Za-z_\-]{20,}"#),
    ]

    /// The URL as text without user info and without secret query parameters.
    package static func redactedURL(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else {
            return "(unparsable URL)"
        }
        components.user = nil
        components.password = nil
        if let items = components.percentEncodedQueryItems {
            let kept = items.filter { !secretQueryNames.contains($0.name.lowercased()) }
            components.percentEncodedQueryItems = kept.isEmpty ? nil : kept
        }
        components.fragment = nil
        return components.string ?? "(unparsable URL)"
    }
}
