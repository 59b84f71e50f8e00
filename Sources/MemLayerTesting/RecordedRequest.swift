import Foundation
import MemLayer

/// A request as the loopback server received it, kept for assertions.
public struct RecordedRequest: Sendable {
    /// The position of this request among all the server received, from 0.
    public let index: Int
    /// The method, such as `POST`.
    public let method: String
    /// The request target as sent, path and query.
    public let target: String
    /// The path part of the target, such as `/api/embed`.
    public let path: String
    /// The raw query string after `?`, if any.
    public let query: String?
    /// The header fields in the order received.
    public let headers: HTTPHeaders
    /// The body bytes (empty when there was none).
    public let body: Data

    /// Creates a record.
    public init(index: Int, method: String, target: String, headers: HTTPHeaders, body: Data) {
        self.index = index
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
        if let mark = target.firstIndex(of: "?") {
            path = String(target[..<mark])
            query = String(target[target.index(after: mark)...])
        } else {
            path = target
            query = nil
        }
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The decoded query parameters in order.
    public var queryItems: [URLQueryItem] {
        guard let query else { return [] }
        var components = URLComponents()
        components.percentEncodedQuery = query
        return components.queryItems ?? []
    }

    /// The body parsed as JSON (`[String: Any]`, `[Any]`, …), or nil if it is not JSON.
    public func jsonBody() -> Any? {
        try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed])
    }
}
