import Foundation

/// Where an Ollama server listens, read the way Ollama's own client reads `OLLAMA_HOST`.
///
/// Accepted forms (quotes and surrounding spaces are ignored): `host`, `host:port`, `:port`,
/// `1.2.3.4`, `[::1]:11434`, `::1`, `http://host`, `https://host:8443`, `https://host/proxy/path`.
/// Without a scheme the port defaults to 11434; with `http://` or `https://` it defaults to 80 or
/// 443. An empty host, `0.0.0.0` or `::` (addresses a server binds to, not one a client can
/// reach) become the loopback address, as Ollama's client does.
public enum OllamaHost {
    /// The address used when nothing is configured.
    public static let defaultURL = URL(string: "http://localhost:11434")!

    /// The environment variable Ollama reads.
    public static let environmentVariable = "OLLAMA_HOST"

    /// The base URL from `OLLAMA_HOST` in `environment`, or ``defaultURL``.
    public static func url(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        environment[environmentVariable].flatMap(parse) ?? defaultURL
    }

    /// The base URL `value` names, or nil if it is empty.
    public static func parse(_ value: String) -> URL? {
        let cleaned = value.trimmingCharacters(in: .whitespaces)
            .trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            .trimmingCharacters(in: .whitespaces)
        guard !cleaned.isEmpty else { return nil }

        var scheme = "http"
        var defaultPort = 11434
        var rest = Substring(cleaned)
        if let separator = cleaned.range(of: "://") {
            scheme = cleaned[..<separator.lowerBound].lowercased()
            rest = cleaned[separator.upperBound...]
            if scheme == "http" { defaultPort = 80 }
            if scheme == "https" { defaultPort = 443 }
        } else if cleaned == "ollama.com" {
            scheme = "https"
            defaultPort = 443
        }

        let hostPort = rest.prefix { $0 != "/" }
        var path = String(rest.dropFirst(hostPort.count))
        while path.hasSuffix("/") { path.removeLast() }

        var host: String
        var port = defaultPort
        if let (splitHost, splitPort) = splitHostPort(hostPort) {
            host = splitHost
            if let number = Int(splitPort), (0...65535).contains(number) { port = number }
        } else {
            host = String(hostPort).trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        }
        host = connectable(host)
        let hostText = host.contains(":") ? "[\(host)]" : host
        return URL(string: "\(scheme)://\(hostText):\(port)\(path)")
    }

    /// Splits `host:port` like Go's `net.SplitHostPort`; nil when there is no port.
    private static func splitHostPort(_ text: Substring) -> (String, String)? {
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let after = text[text.index(after: close)...]
            guard after.hasPrefix(":") else { return nil }
            return (String(text[text.index(after: text.startIndex)..<close]), String(after.dropFirst()))
        }
        guard let colon = text.lastIndex(of: ":") else { return nil }
        let host = text[..<colon]
        guard !host.contains(":") else { return nil }  // a bare IPv6 address, no port
        return (String(host), String(text[text.index(after: colon)...]))
    }

    /// Replaces addresses a server binds to with ones a client can connect to.
    private static func connectable(_ host: String) -> String {
        switch host {
        case "", "0.0.0.0": "127.0.0.1"
        case "::", "0:0:0:0:0:0:0:0": "::1"
        default: host
        }
    }
}
