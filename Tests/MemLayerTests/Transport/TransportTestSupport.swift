import Foundation
import MemLayer
import MemLayerTesting
import Testing

/// Retries without real waiting, so retry tests finish in milliseconds.
let quickRetries = RetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(1), maxDelay: .milliseconds(20))

/// Starts a loopback server with `handler`.
func startServer(_ handler: @escaping @Sendable (RecordedRequest) -> ScriptedResponse) throws -> LoopbackHTTPServer {
    let server = LoopbackHTTPServer(handler: handler)
    try server.start()
    return server
}

/// A request with short timeouts for tests.
func testRequest(
    _ method: String = "GET", _ url: URL, headers: HTTPHeaders = HTTPHeaders(), body: Data? = nil,
    idleTimeout: Duration = .seconds(5)
) -> HTTPRequest {
    HTTPRequest(
        method: method, url: url, headers: headers, body: body, serviceName: "TestService",
        connectTimeout: .seconds(2), idleTimeout: idleTimeout)
}

/// Runs `operation` and returns the `TransportError` it throws; records an issue otherwise.
func transportError(
    sourceLocation: SourceLocation = #_sourceLocation, _ operation: () async throws -> Void
) async -> TransportError? {
    do {
        try await operation()
        Issue.record("expected a TransportError, got success", sourceLocation: sourceLocation)
    } catch let error as TransportError {
        return error
    } catch {
        Issue.record("expected a TransportError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

/// Polls `condition` for up to `timeout`.
func eventually(timeout: Duration = .seconds(3), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}
