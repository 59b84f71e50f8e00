import Foundation

/// One HTTP request as the transport sends it.
///
/// The ``serviceName`` appears in error messages ("Ollama", "OpenAI") so a user can tell which
/// service failed; secrets in headers or the URL never do (see ``TransportError``).
package struct HTTPRequest: Sendable {
    /// The request method, such as `GET` or `POST`.
    package var method: String
    /// The absolute `http` or `https` URL.
    package var url: URL
    /// Header fields sent in order. `Content-Length` and `Host` are added by the transport.
    package var headers: HTTPHeaders
    /// The request body, if any.
    package var body: Data?
    /// The name of the remote service for error messages, for example `Ollama`.
    package var serviceName: String
    /// How long to wait for the TCP (and TLS) connection to be established.
    package var connectTimeout: Duration
    /// How long the transfer may go without receiving a single byte before it fails.
    ///
    /// This bounds silence, not the total time: a stream that keeps sending runs as long as it
    /// needs to.
    package var idleTimeout: Duration

    /// Creates a request.
    package init(
        method: String = "GET",
        url: URL,
        headers: HTTPHeaders = HTTPHeaders(),
        body: Data? = nil,
        serviceName: String = "HTTP service",
        connectTimeout: Duration = .seconds(10),
        idleTimeout: Duration = .seconds(60)
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.serviceName = serviceName
        self.connectTimeout = connectTimeout
        self.idleTimeout = idleTimeout
    }
}
