/// The status line and header fields of a response, available before its body.
public struct HTTPResponseHead: Sendable, Equatable {
    /// The status code, such as 200 or 429.
    public var status: Int
    /// The response header fields in the order received.
    public var headers: HTTPHeaders

    /// Creates a response head.
    public init(status: Int, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.headers = headers
    }

    /// Whether the status is in the 2xx range.
    public var isSuccess: Bool { (200..<300).contains(status) }
}
