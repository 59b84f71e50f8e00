import Foundation
import MemLayer

/// A real HTTP/1.1 server on 127.0.0.1 for end-to-end tests of HTTP clients.
///
/// It listens on an ephemeral port, serves each connection on a thread of its own, records
/// every request, and answers with whatever the handler scripts: whole bodies, bodies streamed
/// in parts with pauses or gates, dropped connections, or no answer at all. Each connection
/// carries one request and is closed after the response (`Connection: close`).
///
/// ```swift
/// let server = LoopbackHTTPServer { request in .json(#"{"ok":true}"#) }
/// try server.start()
/// defer { server.stop() }
/// let url = server.url("/api/embed")
/// ```
///
/// Every wait inside is bounded; ``stop()`` (also run on deinit) closes the listener and all
/// connections and waits for the threads to end.
public final class LoopbackHTTPServer: Sendable {
    private let core: LoopbackServerCore

    /// Creates a server that answers every request with `handler`'s script.
    ///
    /// The handler runs on the connection's thread; ``RecordedRequest/index`` tells requests
    /// apart, for example to fail the first and answer the second.
    public init(handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) {
        core = LoopbackServerCore(handler: handler)
    }

    /// Creates a server that answers every request with the same response.
    public convenience init(responding response: ScriptedResponse) {
        self.init { _ in response }
    }

    deinit {
        core.stop()
    }

    /// Starts listening and returns the port.
    @discardableResult
    public func start() throws -> Int {
        try core.start()
    }

    /// Stops accepting, closes every connection and waits (briefly) for the threads to end.
    public func stop() {
        core.stop()
    }

    /// The port, or 0 before ``start()``.
    public var port: Int { core.snapshot { $0.port } }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// The URL of `pathAndQuery` (starting with `/`) on this server.
    public func url(_ pathAndQuery: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(pathAndQuery)")!
    }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] { core.snapshot { $0.requests } }

    /// How many requests were received.
    public var requestCount: Int { core.snapshot { $0.requests.count } }

    /// How many responses the client abandoned (closed the connection) before the script ended.
    public var clientDisconnects: Int { core.snapshot { $0.clientDisconnects } }

    /// How many responses were sent to the end of their script.
    public var completedResponses: Int { core.snapshot { $0.completedResponses } }

    /// How many connections are open right now.
    public var openConnections: Int { core.snapshot { $0.connections.count } }

    /// How long a part waits for its ``LoopbackGate`` before being sent anyway.
    public static let gateTimeout: Duration = .seconds(10)

    /// Polls `condition` until it holds or `timeout` passes; returns whether it held.
    public func waitUntil(
        timeout: Duration = .seconds(5), _ condition: @Sendable (LoopbackHTTPServer) -> Bool
    ) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }
}
