/// A response whose head has arrived and whose body is still streaming.
package struct HTTPStreamingResponse: Sendable {
    /// The status and header fields.
    package let head: HTTPResponseHead
    /// The body chunks as they arrive; see ``HTTPBody`` for cancellation.
    package let body: HTTPBody
}
