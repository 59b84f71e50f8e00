extension TransportError {
    /// The error for a redirect answered to `request`: the transport returns a 3xx as it is
    /// (following it would resend the key to wherever the server points), but a caller that
    /// expects the service's answer reports it as an HTTP status, naming where it points.
    package static func redirect(_ head: HTTPResponseHead, for request: HTTPRequest) -> TransportError? {
        guard (300..<400).contains(head.status) else { return nil }
        return TransportError(
            code: .httpStatus, request: request, status: head.status,
            detail: head.headers["Location"].map { "redirected to \($0)" })
    }
}
