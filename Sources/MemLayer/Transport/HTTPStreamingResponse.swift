/// A response whose head has arrived and whose body is still streaming.
public struct HTTPStreamingResponse: Sendable {
    /// The status and header fields.
    public let head: HTTPResponseHead
    /// The body chunks as they arrive; see ``HTTPBody`` for cancellation.
    public let body: HTTPBody
}
