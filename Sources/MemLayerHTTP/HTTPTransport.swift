import Foundation

/// Sends HTTP requests with libcurl, each transfer on a thread of its own so Swift's cooperative
/// thread pool never blocks on the network.
///
/// Failures before any body byte reached the caller are retried per ``retryPolicy``; see
/// ``RetryPolicy`` for which. A status of 400 or above ends in a ``TransportError`` whose
/// ``TransportError/responseBody`` holds the start of the service's error body. TLS uses
/// libcurl's defaults, with certificate verification on.
public struct HTTPTransport: Sendable {
    /// When to send a failed request again.
    public var retryPolicy: RetryPolicy
    private let registry = TransferRegistry()

    /// Creates a transport.
    public init(retryPolicy: RetryPolicy = .standard) {
        self.retryPolicy = retryPolicy
    }

    /// The number of transfers of this transport whose threads are still running.
    ///
    /// It returns to zero once every response was read, dropped or cancelled.
    package var activeTransfers: Int { registry.count }

    /// Sends `request` and returns the head and the whole body.
    package func send(_ request: HTTPRequest) async throws -> (HTTPResponseHead, Data) {
        let response = try await stream(request)
        var body = Data()
        for try await chunk in response.body {
            body.append(chunk)
        }
        return (response.head, body)
    }

    /// Sends `request` and returns as soon as the response head arrived; the body streams in
    /// ``HTTPStreamingResponse/body``.
    package func stream(_ request: HTTPRequest) async throws -> HTTPStreamingResponse {
        var attempt = 0
        while true {
            attempt += 1
            if Task.isCancelled {
                throw TransportError(code: .cancelled, request: request, attempts: max(1, attempt - 1))
            }
            let transfer = CurlTransfer(request: request, registry: registry)
            transfer.start()
            switch await transfer.head() {
            case .success(let head):
                return HTTPStreamingResponse(head: head, body: HTTPBody(transfer: transfer))
            case .failure(let failure):
                let error = failure.with(attempts: attempt)
                guard attempt < retryPolicy.maxAttempts, isRetryable(error) else { throw error }
                do {
                    try await Task.sleep(for: retryPolicy.delay(beforeRetry: attempt, retryAfter: error.retryAfter))
                } catch {
                    throw TransportError(code: .cancelled, request: request, attempts: attempt)
                }
            }
        }
    }

    private func isRetryable(_ error: TransportError) -> Bool {
        switch error.code {
        case .connectionFailed: error.mayRetryConnection
        case .connectTimeout: true
        case .httpStatus: error.status.map(retryPolicy.retryableStatuses.contains) ?? false
        default: false
        }
    }
}
