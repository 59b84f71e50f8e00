/// The status line and header fields of a response, available before its body.
package struct HTTPResponseHead: Sendable, Equatable {
    /// The status code, such as 200 or 429.
    package var status: Int
    /// The response header fields in the order received.
    package var headers: HTTPHeaders

    /// Creates a response head.
    package init(status: Int, headers: HTTPHeaders = HTTPHeaders()) {
        self.status = status
        self.headers = headers
    }

    /// Whether the status is in the 2xx range.
    package var isSuccess: Bool { (200..<300).contains(status) }
}
