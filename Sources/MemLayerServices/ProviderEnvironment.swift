import Foundation

/// Settings that providers read from the environment, as their official SDKs do.
enum ProviderEnvironment {
    /// `explicit` if set, else the first of `names` set in `environment`; whitespace trimmed,
    /// empty values ignored (a stray newline in a key file is common).
    static func value(_ explicit: String?, _ names: [String], in environment: [String: String]) -> String? {
        if let value = trimmed(explicit) { return value }
        for name in names {
            if let value = trimmed(environment[name]) { return value }
        }
        return nil
    }

    /// The URL in the variable `name`, whitespace trimmed; nil when it is unset, empty or not a URL.
    static func url(_ name: String, in environment: [String: String]) -> URL? {
        trimmed(environment[name]).flatMap(URL.init(string:))
    }

    /// `explicit`, else the URL in the variable `name`, else `default`; without trailing
    /// slashes, so paths can be appended as text.
    static func baseURL(
        _ explicit: URL?, variable name: String? = nil, in environment: [String: String] = [:], default: URL
    ) -> URL {
        let url = explicit ?? name.flatMap { Self.url($0, in: environment) } ?? `default`
        var text = url.absoluteString
        while text.hasSuffix("/") { text.removeLast() }
        return URL(string: text) ?? url
    }

    private static func trimmed(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }
}
