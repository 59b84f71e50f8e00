import Foundation

/// Where an OpenAI-compatible API lives, and whether it is close enough to need no key.
enum OpenAIBaseURL {
    /// OpenAI's own API.
    static let openAI = URL(string: "https://api.openai.com/v1")!

    /// `explicit`, else `OPENAI_BASE_URL`, else OpenAI's own API.
    static func resolve(_ explicit: URL?, environment: [String: String]) -> URL {
        if let explicit { return explicit }
        if let url = ProviderEnvironment.url("OPENAI_BASE_URL", in: environment), url.host != nil { return url }
        return openAI
    }

    /// Whether `url` is OpenAI's own API.
    static func isOpenAI(_ url: URL) -> Bool {
        url.host?.lowercased() == openAI.host
    }

    /// Whether `url` points at this machine or the local network, where servers such as
    /// LM Studio, llama-server or vLLM usually run without keys: loopback, private IPv4 ranges
    /// (10/8, 172.16/12, 192.168/16, link-local 169.254/16), IPv6 unique-local and link-local,
    /// `.local` / `.lan` / `.internal` / `.home.arpa` names, and single-label host names.
    static func isOnLocalNetwork(_ url: URL) -> Bool {
        guard var host = url.host?.lowercased(), !host.isEmpty else { return false }
        host = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host.contains(":") { return isLocalIPv6(host) }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false).map { UInt8($0) }
        if octets.count == 4, octets.allSatisfy({ $0 != nil }) {
            return isLocalIPv4(octets.map { $0! })
        }
        if !host.contains(".") { return true }  // "localhost", "gpu-box": names only a LAN resolves
        let localSuffixes = [".localhost", ".local", ".lan", ".internal", ".home.arpa"]
        return localSuffixes.contains { host.hasSuffix($0) }
    }

    private static func isLocalIPv4(_ octets: [UInt8]) -> Bool {
        switch (octets[0], octets[1]) {
        case (127, _), (10, _), (192, 168), (169, 254), (0, 0): true
        case (172, 16...31): true
        default: false
        }
    }

    private static func isLocalIPv6(_ host: String) -> Bool {
        if host == "::1" || host == "::" { return true }
        // fc00::/7 (unique local) and fe80::/10 (link-local).
        return host.hasPrefix("fc") || host.hasPrefix("fd") || host.hasPrefix("fe8") || host.hasPrefix("fe9")
            || host.hasPrefix("fea") || host.hasPrefix("feb")
    }
}
